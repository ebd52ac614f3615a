/*-------------------------------------------------------------------------
 *
 * rules_programme.c
 *	  The audit programme of a certification cycle: the surveillance audits
 *	  (SUR-1, SUR-2) and the recertification audit (rules_cycle.c's rule) that
 *	  fall due, their states on a day (done, late, overdue, due, upcoming),
 *	  the overdue audit that keeps a decision from affirming good standing
 *	  and that the sweep suspends for (SUR-3).  Pure.
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

/* The rule ID as data (the sweep's reasons, programme labels). */
const char *const isms_rule_sur3 = "SUR-3";

/*
 * The audit programme of one cycle: which audits are due, and by when.
 *
 *	SUR-1  after an initial grant, a surveillance audit ending no later than
 *		   cycle start + first_surveillance_months;
 *	SUR-2  a surveillance audit in every calendar year after the start year
 *		   and before the year of the recertification audit (the expiry year
 *		   while no recertification audit exists);
 *	the recertification audit (isms_rule_rec1, rules_cycle.c), ending no
 *		   later than the expiry date.
 *		   Its due_from is advisory: the last twelve months of the cycle.
 *
 * Returns the number of obligations written to out (at most
 * ISMS_MAX_OBLIGATIONS: a cycle with more surveillance years than
 * ISMS_MAX_SURVEILLANCE_YEARS is cut short).
 */
int
isms_cycle_programme(DateADT cycle_start, DateADT expiry, bool initial,
					 DateADT recert_audit_end, bool has_recert_audit,
					 int first_surveillance_months, IsmsObligation *out)
{
	int			n = 0;
	int			y,
				first_year,
				upper_year;

	if (initial)
	{
		out[n].rule = "SUR-1";
		out[n].audit_kind = ISMS_AK_SURVEILLANCE;
		out[n].due_from = cycle_start;
		out[n].due_by = isms_add_months(cycle_start, first_surveillance_months);
		n++;
	}

	first_year = isms_date_year(cycle_start) + 1;
	upper_year = has_recert_audit ? isms_date_year(recert_audit_end)
		: isms_date_year(expiry);
	/* never more than the array holds (the SQL function rejects longer cycles) */
	if (upper_year - first_year > ISMS_MAX_SURVEILLANCE_YEARS)
		upper_year = first_year + ISMS_MAX_SURVEILLANCE_YEARS;
	for (y = first_year; y < upper_year; y++)
	{
		out[n].rule = "SUR-2";
		out[n].audit_kind = ISMS_AK_SURVEILLANCE;
		out[n].due_from = isms_make_date(y, 1, 1);
		out[n].due_by = isms_make_date(y, 12, 31);
		n++;
	}

	out[n].rule = isms_rule_rec1;
	out[n].audit_kind = ISMS_AK_RECERTIFICATION;
	out[n].due_from = Max(cycle_start, isms_add_months(expiry, -12) + 1);
	out[n].due_by = expiry;
	n++;
	return n;
}

/*
 * Audits belong to the cycle they are held in: they start after the
 * decision date that opened it (an audit ending on the day a cycle is
 * renewed belongs to the cycle it closed).
 */
bool
isms_in_cycle(const IsmsAudit *a, const IsmsState *st)
{
	return a->start > st->cycle_start;
}

/*
 * The state of every obligation of a programme on day as_of: "done" (an
 * audit of its kind ended in its window by as_of), "late" (one ended after
 * its deadline, by as_of), "overdue" ("not recorded" where the register
 * holds no audits, isms_audit_family, or for a deadline before the opening
 * that entered the certificate, rules_opening.c), "due" or "upcoming"; one
 * whose deadline fell before the certificate took the cycle over from
 * another body is "transferred" (rules_transfer.c).  An audit ends in
 * one calendar year, so it meets one SUR-2 year on time; an audit stands in
 * late for one missed obligation only, and not if it is on time for
 * another one (so one audit cannot cover several years).  SUR-1 may share
 * its audit with the SUR-2 year the audit falls in.  Returns the number of
 * obligations not met (neither done nor late) whose deadline passed.
 */
int
isms_programme_states(const IsmsCert *c, const IsmsState *st,
					  const IsmsObligation *ob, int n, DateADT as_of,
					  DateADT *done_on, const char **state)
{
	bool	   *ontime = palloc0(sizeof(bool) * Max(c->naud, 1));
	bool	   *late = palloc0(sizeof(bool) * Max(c->naud, 1));
	int			i,
				j,
				overdue = 0;

	for (i = 0; i < n; i++)
	{
		state[i] = NULL;
		done_on[i] = 0;
		for (j = 0; j < c->naud; j++)
		{
			const IsmsAudit *a = &c->aud[j];

			if (a->kind != ob[i].audit_kind || !isms_in_cycle(a, st) ||
				a->end > as_of || a->end > ob[i].due_by)
				continue;
			/* the recertification audit may come early; surveillance may not */
			if (ob[i].audit_kind != ISMS_AK_RECERTIFICATION && a->end < ob[i].due_from)
				continue;
			state[i] = "done";
			done_on[i] = a->end;
			ontime[j] = true;
			break;
		}
	}
	for (i = 0; i < n; i++)
	{
		/* SUR-1 may share an audit that is on time for its SUR-2 year */
		bool		share = strcmp(ob[i].rule, "SUR-1") == 0;

		if (state[i] != NULL)
			continue;
		for (j = 0; j < c->naud; j++)	/* audits are in end-date order */
		{
			const IsmsAudit *a = &c->aud[j];

			if (late[j] || (ontime[j] && !share) ||
				a->kind != ob[i].audit_kind || !isms_in_cycle(a, st) ||
				a->end <= ob[i].due_by || a->end > as_of)
				continue;
			state[i] = "late";
			done_on[i] = a->end;
			late[j] = true;
			break;
		}
		if (state[i] != NULL)
			continue;
		if (st->taken_over && ob[i].due_by < st->taken_over_on)
			state[i] = "transferred";	/* the issuing body's (rules_transfer.c) */
		else if (ob[i].due_by < as_of &&
				 (!isms_audit_family(c) || isms_before_opening(st, ob[i].due_by)))
			state[i] = "not recorded";	/* no audits held, or due before
										 * the register knew the
										 * certificate, rules_opening.c) */
		else if (ob[i].due_by < as_of)
		{
			state[i] = "overdue";
			overdue++;
		}
		else if (ob[i].due_from <= as_of)
			state[i] = "due";
		else
			state[i] = "upcoming";
	}
	pfree(ontime);
	pfree(late);
	return overdue;
}

/*
 * The audit programme of the state's cycle.  Only a recertification audit
 * of this cycle (starting on or after its start, no later than its expiry)
 * bounds the surveillance years (SUR-2).
 */
int
isms_programme_of(const IsmsCert *c, const IsmsState *st, IsmsObligation *ob)
{
	const IsmsAudit *ra = NULL;
	int			i,
				n;

	for (i = 0; i < c->naud; i++)
		if (c->aud[i].kind == ISMS_AK_RECERTIFICATION &&
			isms_in_cycle(&c->aud[i], st) && c->aud[i].start <= st->expiry)
		{
			ra = &c->aud[i];
			break;
		}

	/*
	 * The surveillance years of the cycle as it was opened; an extension
	 * (rules_extension.c) moves only the recertification audit's deadline,
	 * the last obligation.
	 */
	n = isms_cycle_programme(st->cycle_start, st->cycle_expiry, st->initial_cycle,
							 ra ? Min(ra->end, st->expiry) : 0, ra != NULL,
							 c->p.first_surveillance_months, ob);
	ob[n - 1].due_by = st->expiry;
	return n;
}

/*
 * First surveillance obligation (SUR-1/SUR-2) of the state's cycle that is
 * overdue on as_of; returns true and its deadline.
 */
static bool
overdue_in(const IsmsCert *c, const IsmsState *st, DateADT as_of,
		   DateADT *due_by, const char **rule)
{
	IsmsObligation ob[ISMS_MAX_OBLIGATIONS];
	DateADT		done[ISMS_MAX_OBLIGATIONS];
	const char *state[ISMS_MAX_OBLIGATIONS];
	int			n,
				i;

	if (!st->has_cycle)
		return false;
	n = isms_programme_of(c, st, ob);
	if (isms_programme_states(c, st, ob, n, as_of, done, state) == 0)
		return false;
	for (i = 0; i < n; i++)
		if (ob[i].audit_kind == ISMS_AK_SURVEILLANCE && strcmp(state[i], "overdue") == 0)
		{
			*due_by = ob[i].due_by;
			*rule = ob[i].rule;
			return true;
		}
	return false;
}

int
isms_overdue_surveillance(const IsmsCert *c, DateADT as_of,
						  DateADT *due_by, const char **rule)
{
	return overdue_in(c, &c->asof, as_of, due_by, rule);
}

/*
 * Decisions that affirm a certificate in good standing need every
 * surveillance audit that fell due before them, even a late one.
 */
IsmsViolation *
isms_check_programme(const IsmsCert *c, const IsmsState *s, const IsmsDecision *d)
{
	DateADT		due_by;
	const char *rule;
	IsmsViolation *v;

	if (!isms_kind_has(d->kind, ISMS_KP_AFFIRMS_STANDING) ||
		!overdue_in(c, s, d->decided, &due_by, &rule))
		return NULL;
	v = isms_violation(rule, ISMS_SQLSTATE_CHECK_VIOLATION);
	isms_viol_message(v, ISMS_MSG("certificate \"%s\" has an overdue surveillance audit"),
					  c->number);
	isms_viol_detail(v, ISMS_MSG("Rule %s: a surveillance audit of the cycle started %s was due by %s, and none was recorded by the %s decision of %s."),
					 rule, isms_date_text(s->cycle_start), isms_date_text(due_by),
					 isms_decision_name(d->kind), isms_date_text(d->decided));
	isms_viol_hint(v, ISMS_MSG("Record the surveillance audit first, or suspend the certificate (SUR-3)."));
	return v;
}
