/*-------------------------------------------------------------------------
 *
 * history.c
 *	  The engine as the server calls it: replaying loaded histories and
 *	  reporting what the replay found (warnings, then the violation), the
 *	  commit-time check of add-ons, and the latest expiry date of a
 *	  certificate for the decision trigger's default and for readers.
 *
 * The status of a certificate is a function of its decisions (ordered by
 * effective date, then id; a decision named by another's "corrects" is
 * ignored) and of the date; replay.c computes it, load.c reads the
 * history, store.c writes the result back.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

/*
 * Replay c (see isms_replay_history) and report: warnings first, then the
 * first violation, as an error on the constraint of rel.
 */
void
isms_replay(IsmsCert *c, DateADT as_of, IsmsReplayMode mode, Relation rel)
{
	IsmsViolation *v = isms_replay_history(c, as_of, mode);
	int			i;

	for (i = 0; i < c->nwarning; i++)
		isms_report_warning(c->warnings[i]);
	if (v != NULL)
		isms_report_violation(v, rel);
}

/* At commit: every add-on among certs is consistent with its base. */
void
isms_check_addons(IsmsCert *certs, int ncert, Relation rel)
{
	IsmsViolation *v = isms_check_addons_of(certs, ncert);

	if (v != NULL)
		isms_report_violation(v, rel);
}

/*
 * Latest expiry date that a decision of this kind, decided on that day,
 * may set on the certificate, with its parameters and its expiry date on
 * that day (rules_cycle.c has the formula), and no later than its base's
 * expiry on the day the decision takes effect (effective: a recertification
 * of the base recorded to take effect then counts).  False if there is no such certificate, or the kind sets no
 * expiry, or there is no previous expiry to count from, or (for readers)
 * the certificate is withdrawn or cancelled.  from_trigger: called by the
 * BEFORE ROW trigger, which must see the earlier rows of its statement.
 * Inside SPI.
 */
bool
isms_cert_latest_expiry(int64 id, int kind, DateADT decided, DateADT effective,
						bool from_trigger, DateADT *result)
{
	int			n;
	IsmsCert   *certs = isms_load(&id, 1, from_trigger ? ISMS_LOAD_OWN : ISMS_LOAD_READ, &n);
	IsmsCert   *c = isms_find_cert(certs, n, id);

	if (c == NULL)
		return false;
	(void) isms_replay_history(c, decided, ISMS_REPLAY_LENIENT);
	if (!from_trigger && isms_status_is_terminal(c->own_status))
		return false;
	if (kind == ISMS_DK_EXTEND)
	{
		/* an extension: the limit of its rule (rules_extension.c) */
		if (!c->asof.has_cycle ||
			(c->own_status != ISMS_ST_ACTIVE && c->own_status != ISMS_ST_SUSPENDED))
			return false;
		*result = isms_extension_limit(&c->p, &c->asof);
	}
	else if (!isms_cycle_latest_expiry(&c->p, kind, decided, c->asof.has_cycle,
									   c->asof.cycle_expiry, result))
		return false;
	/* the base on the effective day; expired by then, it gives no cap: the decision is refused */
	if (c->base && effective > decided)
		(void) isms_replay_history(c->base, effective, ISMS_REPLAY_LENIENT);
	if (c->base && c->base->asof.has_cycle &&
		c->base->asof.expiry < *result && c->base->asof.expiry >= effective)
		*result = c->base->asof.expiry;
	return true;
}
