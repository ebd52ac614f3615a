/*-------------------------------------------------------------------------
 *
 * rules_opening.c
 *	  Opening balances (EVD-2): a certificate enters the register in the
 *	  state it has on the opening day, from the facts a register holds
 *	  (original certification date, the current cycle's start, the expiry
 *	  in force, the status and the start of a suspension in force), by one
 *	  decision of kind "open".  Nothing before the opening is invented:
 *	  the register knows the certificate from the opening's effective
 *	  date on, and every rule applies from there.  Pure.
 *
 *	  The row's own columns are checked here (isms_check_opening_row, from
 *	  the BEFORE INSERT trigger); the place of the opening in the history
 *	  is the legal-transition table's (only from draft, rules_status.c
 *	  cites this rule), the expiry bound counted from the cycle's start is
 *	  the cycle rule's (rules_cycle.c), the base of an add-on the add-on
 *	  rules' (rules_addon.c); only the accreditation body's role records an
 *	  opening (trg_decision.c asks, isms_opening_refused says it).
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

const char *const isms_rule_evd2 = "EVD-2";

/* An opening row without one of the facts it needs. */
static IsmsViolation *
missing(const char *column, const char *why)
{
	IsmsViolation *v = isms_violation(isms_rule_evd2, ISMS_SQLSTATE_NULL_VALUE_NOT_ALLOWED);

	isms_viol_message(v, ISMS_MSG("%s is required for a decision of kind \"open\""), column);
	isms_viol_detail(v, ISMS_MSG("Rule EVD-2: an opening enters the certificate with %s."), why);
	return v;
}

/* Two of an opening's dates out of order: first must not be after second. */
static IsmsViolation *
out_of_order(const char *first, DateADT a, const char *second, DateADT b,
			 const char *hint)
{
	IsmsViolation *v = isms_violation(isms_rule_evd2, ISMS_SQLSTATE_CHECK_VIOLATION);

	isms_viol_message(v, ISMS_MSG("%s of an opening cannot be after its %s"), first, second);
	isms_viol_detail(v, ISMS_MSG("Rule EVD-2: the opening gives %s %s and %s %s."),
					 first, isms_date_text(a), second, isms_date_text(b));
	isms_viol_hint(v, hint);
	return v;
}

/*
 * The columns of one decision row: the facts of an opening belong to
 * decisions of kind "open" only; an opening gives the original date, its
 * cycle's start, the status on the opening day (active or suspended), the
 * expiry in force,
 * and the start of a suspension in force exactly when it opens suspended;
 * original date <= cycle start <= opening day <= expiry, and a suspension
 * in force starts within [cycle start, opening day].  The rules that need
 * the certificate (the expiry bound, an add-on's base) are checked when
 * the history is replayed.
 */
IsmsViolation *
isms_check_opening_row(const IsmsOpeningRow *r)
{
	IsmsViolation *v;

	if (r->kind == 0)
		return NULL;			/* the table's constraints refuse it */
	if (r->kind != ISMS_DK_OPEN)
	{
		const char *col = r->has_original_date ? "original_date" :
			r->has_cycle_start ? "cycle_start" :
			r->opening_status != 0 ? "opening_status" :
			r->has_suspended_since ? "suspended_since" : NULL;

		if (col == NULL)
			return NULL;
		v = isms_violation(isms_rule_evd2, ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("a decision of kind \"%s\" cannot set %s"),
						  isms_decision_name(r->kind), col);
		isms_viol_detail(v, ISMS_MSG("Rule EVD-2: original_date, cycle_start, opening_status and suspended_since are the facts of an opening (kind \"open\"); this \"%s\" decision gives %s."),
						 isms_decision_name(r->kind), col);
		isms_viol_hint(v, ISMS_MSG("Leave %s empty."), col);
		return v;
	}
	if (!r->has_original_date)
		return missing("original_date", ISMS_MSG("its original certification date, the one claim the register makes about the time before the opening"));
	if (!r->has_cycle_start)
		return missing("cycle_start", ISMS_MSG("the start of its current cycle (the issue date of the certificate in force)"));
	if (r->opening_status == 0)
		return missing("opening_status", ISMS_MSG("its status on the opening day (active or suspended)"));
	if (!r->has_expiry)
		return missing("new_expiry", ISMS_MSG("the expiry date in force"));
	if (r->opening_status != ISMS_ST_ACTIVE && r->opening_status != ISMS_ST_SUSPENDED)
	{
		v = isms_violation(isms_rule_evd2, ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("an opening cannot enter a certificate that is %s"),
						  isms_status_name(r->opening_status));
		isms_viol_detail(v, ISMS_MSG("Rule EVD-2: an opening enters a certificate in force, active or suspended on the opening day; the opening gives opening_status %s."),
						 isms_status_name(r->opening_status));
		isms_viol_hint(v, ISMS_MSG("A certificate that was withdrawn, cancelled or expired before the register knew it has no state in force to carry: leave it out of the register."));
		return v;
	}
	if (r->opening_status == ISMS_ST_SUSPENDED && !r->has_suspended_since)
		return missing("suspended_since", ISMS_MSG("the first day of the suspension in force when it opens suspended"));
	if (r->opening_status != ISMS_ST_SUSPENDED && r->has_suspended_since)
	{
		v = isms_violation(isms_rule_evd2, ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("an opening of an active certificate cannot set suspended_since"));
		isms_viol_detail(v, ISMS_MSG("Rule EVD-2: suspended_since is the start of a suspension in force on the opening day; the opening gives opening_status %s and suspended_since %s."),
						 isms_status_name(r->opening_status),
						 isms_date_text(r->suspended_since));
		isms_viol_hint(v, ISMS_MSG("Set opening_status to suspended, or leave suspended_since empty."));
		return v;
	}
	if (r->has_original_date && r->original_date > r->cycle_start)
		return out_of_order("original_date", r->original_date, "cycle_start", r->cycle_start,
							ISMS_MSG("The original certification date is the first grant's, on or before the start of the current cycle."));
	if (r->cycle_start > r->effective)
		return out_of_order("cycle_start", r->cycle_start, "effective_date", r->effective,
							ISMS_MSG("The opening day (effective_date) is a day of the current cycle: on or after its start."));
	if (r->new_expiry < r->effective)
		return out_of_order("effective_date", r->effective, "new_expiry", r->new_expiry,
							ISMS_MSG("An opening enters a certificate in force: its expiry date is on or after the opening day."));
	if (r->has_suspended_since && r->suspended_since < r->cycle_start)
		return out_of_order("cycle_start", r->cycle_start, "suspended_since", r->suspended_since,
							ISMS_MSG("A suspension in force started within the current cycle: give its first day, on or after cycle_start."));
	if (r->has_suspended_since && r->suspended_since > r->effective)
		return out_of_order("suspended_since", r->suspended_since, "effective_date", r->effective,
							ISMS_MSG("A suspension in force on the opening day started on or before it."));
	return NULL;
}

/* The status an applicable opening leads to: its opening_status. */
int
isms_opening_outcome(const IsmsDecision *d, int to)
{
	if (d->kind != ISMS_DK_OPEN || to == 0)
		return to;
	return d->opening_status == ISMS_ST_SUSPENDED ? ISMS_ST_SUSPENDED : ISMS_ST_ACTIVE;
}

/*
 * What an opening leaves in the state, beside the expiry and revision
 * every cycle decision sets (replay.c): the cycle's start and the original
 * date it gives, a suspension in force,
 * and the first day the register knows.  The cycle is the initial one
 * when it starts on the original date.
 */
void
isms_apply_opening(IsmsState *s, const IsmsDecision *d)
{
	if (d->kind != ISMS_DK_OPEN)
		return;
	s->cycle_start = d->cycle_start;
	s->has_original = d->has_original_date;
	s->original = d->has_original_date ? d->original_date : 0;
	s->initial_cycle = d->has_original_date && d->original_date == d->cycle_start;
	if (d->has_suspended_since)
	{
		s->suspended_since = d->suspended_since;
		s->suspended_decided = d->decided;
	}
	s->opened = true;
	s->known_from = d->effective;
}

/* Is day before the opening of state s (the register knows nothing of it)? */
bool
isms_before_opening(const IsmsState *s, DateADT day)
{
	return s->opened && day < s->known_from;
}

/*
 * The status of replayed certificate c on day is unknown: c was entered by
 * an opening that takes effect later (status_at gives NULL, not "draft",
 * and claims no validity before it).
 */
bool
isms_status_unknown(const IsmsCert *c, DateADT day)
{
	return isms_before_opening(&c->final, day);
}

/*
 * Only the accreditation body's role records openings: a certification
 * body's writer who could enter its certificates by openings would skip
 * its own audit rules.
 */
IsmsViolation *
isms_opening_refused(const char *role, const char *number)
{
	IsmsViolation *v = isms_violation(isms_rule_evd2, ISMS_SQLSTATE_INSUFFICIENT_PRIVILEGE);

	isms_viol_message(v, ISMS_MSG("role \"%s\" cannot record the opening of certificate \"%s\""),
					  role, number);
	isms_viol_detail(v, ISMS_MSG("Rule EVD-2: openings are recorded by the accreditation body's role only; a certification body records its certificates' decisions from their grant on."));
	isms_viol_hint(v, ISMS_MSG("Record the opening as the accreditation body (the registry role that sets evidence levels)."));
	return v;
}
