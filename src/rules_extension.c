/*-------------------------------------------------------------------------
 *
 * rules_extension.c
 *	  Extraordinary-event extensions (REC-6, after IAF ID 3): when an event
 *	  such as a pandemic or a disaster prevents the recertification audit,
 *	  an "extend" decision moves the expiry date of the cycle in force.
 *
 *	  The extension is decided while the certificate is still valid or
 *	  suspended, on or before the expiry date in force (the status table in
 *	  status.c allows it from active and suspended only, and a certificate
 *	  is expired by date on the day after its expiry), and takes effect by
 *	  then; it gives the extended date (new_expiry), the reason and the
 *	  authority that allowed it (the accreditation body's or IAF's
 *	  decision).  The extended date is later than the one in force and no
 *	  later than the cycle's own expiry date, as the decision that opened
 *	  the cycle set it, plus extension_months [P, 6]: several extensions
 *	  may follow one another, and the limit holds for their total.
 *
 *	  The cycle keeps its start; its own expiry date stays in the state
 *	  (IsmsState.cycle_expiry), from which the next cycle's expiry counts
 *	  (rules_cycle.c), while the recertification before expiry and the
 *	  restoration window count from the extended date.  Pure: each check
 *	  returns a violation or NULL.
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

/* The rule ID as data (the refusals of the status table, rules_cycle.c). */
const char *const isms_rule_rec6 = "REC-6";

/* The latest expiry date extensions of the state's cycle may set. */
DateADT
isms_extension_limit(const IsmsParams *p, const IsmsState *s)
{
	return isms_add_months(s->cycle_expiry, p->extension_months);
}

/*
 * What a decision row must carry: an extension its extended date, a reason
 * and an authority; no other kind an authority.  kind 0 (not known) is
 * left to the table's constraints.
 */
IsmsViolation *
isms_check_extension_row(int kind, bool has_expiry, bool has_reason,
						 bool has_authority)
{
	IsmsViolation *v;

	if (kind == 0)
		return NULL;
	if (kind != ISMS_DK_EXTEND)
	{
		if (!has_authority)
			return NULL;
		v = isms_violation(isms_rule_rec6, ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("a decision of kind \"%s\" cannot name an authority"),
						  isms_decision_name(kind));
		isms_viol_detail(v, ISMS_MSG("Rule REC-6: authority records who allowed an extraordinary-event extension (a decision of kind \"extend\"); this decision is of kind \"%s\"."),
						 isms_decision_name(kind));
		isms_viol_hint(v, ISMS_MSG("Leave authority empty."));
		return v;
	}
	if (!has_expiry)
	{
		v = isms_violation(isms_rule_rec6, ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("an extension needs the extended expiry date"));
		isms_viol_detail(v, ISMS_MSG("Rule REC-6: a decision of kind \"extend\" gives the extended expiry date in new_expiry; it has none."));
		isms_viol_hint(v, ISMS_MSG("Give new_expiry: isms.cert_latest_expiry(certificate, 'extend', decision_date) is the latest date allowed."));
		return v;
	}
	if (!has_reason)
	{
		v = isms_violation(isms_rule_rec6, ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("an extension needs a reason"));
		isms_viol_detail(v, ISMS_MSG("Rule REC-6: a decision of kind \"extend\" records in reason the extraordinary event that prevented the recertification audit; it has none."));
		isms_viol_hint(v, ISMS_MSG("Give reason: the event, and why the audit could not be held."));
		return v;
	}
	if (!has_authority)
	{
		v = isms_violation(isms_rule_rec6, ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("an extension needs the authority that allowed it"));
		isms_viol_detail(v, ISMS_MSG("Rule REC-6: a decision of kind \"extend\" records in authority the decision of the accreditation body or of IAF that allowed it; it has none."));
		isms_viol_hint(v, ISMS_MSG("Give authority: the reference of that decision."));
		return v;
	}
	return NULL;
}

/*
 * An extension against the state before it (which the status table has
 * already found active or suspended on its effective date): a later
 * expiry date, within the limit.
 */
IsmsViolation *
isms_check_extension(const IsmsCert *c, const IsmsState *s,
					 const IsmsDecision *d)
{
	IsmsViolation *v;
	DateADT		limit;

	if (d->kind != ISMS_DK_EXTEND)
		return NULL;
	if (!d->has_expiry)
		return isms_check_extension_row(d->kind, false, true, true);
	if (!s->has_cycle)
		return NULL;			/* the status table refuses it */
	if (d->new_expiry <= s->expiry)
	{
		v = isms_violation(isms_rule_rec6, ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("extension of certificate \"%s\" does not move its expiry date later"),
						  c->number);
		isms_viol_detail(v, ISMS_MSG("Rule REC-6: the expiry date in force is %s and the extension gives %s."),
						 isms_date_text(s->expiry), isms_date_text(d->new_expiry));
		isms_viol_hint(v, ISMS_MSG("Give a new_expiry after %s."), isms_date_text(s->expiry));
		return v;
	}
	limit = isms_extension_limit(&c->p, s);
	if (d->new_expiry > limit)
	{
		v = isms_violation(isms_rule_rec6, ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("expiry date of certificate \"%s\" is extended beyond what an extraordinary event allows"),
						  c->number);
		isms_viol_detail(v, ISMS_MSG("Rule REC-6: the cycle's own expiry date is %s, so extensions may set at most %s (extension_months %s); the decision gives %s."),
						 isms_date_text(s->cycle_expiry), isms_date_text(limit),
						 isms_int_text(c->p.extension_months),
						 isms_date_text(d->new_expiry));
		isms_viol_hint(v, ISMS_MSG("Set new_expiry to %s or earlier."), isms_date_text(limit));
		return v;
	}
	return NULL;
}
