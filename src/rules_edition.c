/*-------------------------------------------------------------------------
 *
 * rules_edition.c
 *	  Moving between editions of a standard (the transitions of
 *	  isms.edition_transition): the new edition exists (TRN-1), no audit
 *	  against the old edition starts after its limit (TRN-2), no
 *	  certificate on the old edition is valid after its end (TRN-3), a
 *	  transition needs a transition audit (TRN-4) and leads where the
 *	  transition row says (TRN-5).  Pure.
 *
 *	  TRN-4 also sets the time of a transition audit: it adds the
 *	  auditor-days of its transition row to the audit it is held with.
 *	  The server side computes them (isms.audit_days(), audit_time.c) and
 *	  checks recorded audits (trg_audit_rules.c) with this file's rule ID
 *	  and violation.
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

/* The rule ID as data (the sweep's reasons, programme labels). */
const char *const isms_rule_trn3 = "TRN-3";
/* ... and the transition audit's rule, which audit_time.c cites */
const char *const isms_rule_trn4 = "TRN-4";

/* TRN-2: the last day an audit against the state's edition may start. */
DateADT
isms_edition_audit_limit(const IsmsState *s)
{
	if (s->old_edition && s->old_edition->has_audit_limit)
		return s->old_edition->last_old_audit_start;
	return DATEVAL_NOEND;
}

/*
 * TRN-2: the decision has no audit started in time: its initial (stage 2)
 * audit for a grant, its recertification audit otherwise.
 */
IsmsViolation *
isms_edition_audit_violation(const IsmsCert *c, const IsmsState *s,
							 const IsmsDecision *d)
{
	IsmsViolation *v = isms_violation("TRN-2", ISMS_SQLSTATE_CHECK_VIOLATION);
	const char *limit = isms_date_text(isms_edition_audit_limit(s));

	isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot be certified against \"%s\" any more"),
					  c->number, s->standard);
	if (d->kind == ISMS_DK_GRANT)
		isms_viol_detail(v, ISMS_MSG("Rule TRN-2: no stage 2 audit against \"%s\" may start after %s, and the grant decision has no earlier one."),
						 s->standard, limit);
	else
		isms_viol_detail(v, ISMS_MSG("Rule TRN-2: no recertification audit against \"%s\" may start after %s, and the %s decision has no earlier one."),
						 s->standard, limit, isms_decision_name(d->kind));
	isms_viol_hint(v, ISMS_MSG("Certify against the new edition: move an active certificate by a \"transition\" decision, or apply under a new certificate."));
	return v;
}

/*
 * TRN-3: a grant, recertification or restoration against an old edition
 * that takes effect after the edition's end would give no valid day.
 */
IsmsViolation *
isms_check_edition_cycle(const IsmsCert *c, const IsmsState *s, const IsmsDecision *d)
{
	const IsmsTransition *t = s->old_edition;
	IsmsViolation *v;

	if (t == NULL || !t->has_valid_limit || d->effective <= t->old_valid_until)
		return NULL;
	v = isms_violation("TRN-3", ISMS_SQLSTATE_CHECK_VIOLATION);
	isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot be certified against \"%s\" from %s"),
					  c->number, s->standard, isms_date_text(d->effective));
	isms_viol_detail(v, ISMS_MSG("Rule TRN-3: no certificate against \"%s\" is valid after %s; the %s decision would take effect on %s."),
					 s->standard, isms_date_text(t->old_valid_until),
					 isms_decision_name(d->kind), isms_date_text(d->effective));
	if (d->kind == ISMS_DK_RESTORE)
		isms_viol_hint(v, ISMS_MSG("Certify against the new edition under a new certificate."));
	else
		isms_viol_hint(v, ISMS_MSG("Move the certificate to the new edition by a \"transition\" decision first, or certify against the new edition."));
	return v;
}

/*
 * TRN-3: a restoration cannot revive a certificate its old edition ended,
 * nor take effect after that edition's end.
 */
IsmsViolation *
isms_check_edition_restore(const IsmsCert *c, const IsmsState *s,
						   const IsmsDecision *d)
{
	IsmsViolation *v;

	if (isms_valid_end(s) >= s->expiry)
		return isms_check_edition_cycle(c, s, d);
	v = isms_violation("TRN-3", ISMS_SQLSTATE_CHECK_VIOLATION);
	isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot be restored against \"%s\""),
					  c->number, s->standard);
	isms_viol_detail(v, ISMS_MSG("Rule TRN-3: no certificate against \"%s\" is valid after %s; the certificate ended then, before its expiry date %s."),
					 s->standard, isms_date_text(isms_valid_end(s)),
					 isms_date_text(s->expiry));
	isms_viol_hint(v, ISMS_MSG("Certify against the new edition under a new certificate."));
	return v;
}

static bool
has_transition_audit(const IsmsCert *c, const IsmsState *s, DateADT until)
{
	int			i;

	for (i = 0; i < c->naud; i++)
		if (c->aud[i].kind == ISMS_AK_TRANSITION &&
			c->aud[i].start >= s->cycle_start + 1 && c->aud[i].end <= until)
			return true;
	return false;
}

/*
 * TRN-5, the row alone: a transition names the edition it moves to in
 * new_standard, and no other kind names one.  kind 0 (not known) is left
 * to the table's constraints.
 */
IsmsViolation *
isms_check_transition_row(int kind, bool has_new_standard)
{
	IsmsViolation *v;

	if (kind == 0 || (kind == ISMS_DK_TRANSITION) == has_new_standard)
		return NULL;
	v = isms_violation("TRN-5", ISMS_SQLSTATE_CHECK_VIOLATION);
	if (has_new_standard)
	{
		isms_viol_message(v, ISMS_MSG("a decision of kind \"%s\" cannot name a new standard"),
						  isms_decision_name(kind));
		isms_viol_detail(v, ISMS_MSG("Rule TRN-5: only a \"transition\" decision moves a certificate to another edition (new_standard); this decision is of kind \"%s\"."),
						 isms_decision_name(kind));
		isms_viol_hint(v, ISMS_MSG("Leave new_standard empty, or record a \"transition\" decision."));
	}
	else
	{
		isms_viol_message(v, ISMS_MSG("a transition decision needs the edition it moves to"));
		isms_viol_detail(v, ISMS_MSG("Rule TRN-5: a \"transition\" decision names its new edition in new_standard; it has none."));
		isms_viol_hint(v, ISMS_MSG("Give new_standard, the edition the edition transition leads to."));
	}
	return v;
}

/*
 * TRN-3: an opening (rules_opening.c) cannot enter a certificate whose old
 * edition had ended by the opening day: it has no state in force to carry.
 */
static IsmsViolation *
check_opening_edition(const IsmsCert *c, const IsmsState *s, const IsmsDecision *d)
{
	const IsmsTransition *t = s->old_edition;
	IsmsViolation *v;

	if (t == NULL || !t->has_valid_limit || d->effective <= t->old_valid_until)
		return NULL;
	v = isms_violation("TRN-3", ISMS_SQLSTATE_NOT_IN_PREREQUISITE_STATE);
	isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot be opened against \"%s\" on %s"),
					  c->number, s->standard, isms_date_text(d->effective));
	isms_viol_detail(v, ISMS_MSG("Rule TRN-3: no certificate against \"%s\" is valid after %s; on the opening day %s the certificate had ended."),
					 s->standard, isms_date_text(t->old_valid_until),
					 isms_date_text(d->effective));
	isms_viol_hint(v, ISMS_MSG("Open it against the edition it moved to, or leave a certificate that ended before the register knew it out of the register."));
	return v;
}

/* A transition decision: TRN-5, TRN-1, TRN-4; an opening: TRN-3. */
IsmsViolation *
isms_check_edition(const IsmsCert *c, const IsmsState *s, const IsmsDecision *d)
{
	const IsmsTransition *t = s->old_edition;
	IsmsViolation *v;
	const char *from = s->standard ? s->standard : "?";
	const char *to = d->new_standard ? d->new_standard : "?";

	if (d->kind == ISMS_DK_OPEN)
		return check_opening_edition(c, s, d);
	if (d->kind != ISMS_DK_TRANSITION)
		return NULL;
	if (t == NULL || !isms_transition_leads_to(c->ref, t, d->new_standard))
	{
		v = isms_violation("TRN-5", ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot transition from \"%s\" to \"%s\""),
						  c->number, from, to);
		if (t == NULL)
			isms_viol_detail(v, ISMS_MSG("Rule TRN-5: isms.edition_transition has no transition away from \"%s\"."),
							 from);
		else
			isms_viol_detail(v, ISMS_MSG("Rule TRN-5: the transition away from \"%s\" leads to \"%s\" (or an identical adoption of it)."),
							 from, t->to);
		isms_viol_hint(v, ISMS_MSG("Transitions are rows of isms.edition_transition; another standard needs a new certificate."));
		return v;
	}
	if (d->decided < t->published)
	{
		v = isms_violation("TRN-1", ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot transition to \"%s\" before its publication"),
						  c->number, d->new_standard);
		isms_viol_detail(v, ISMS_MSG("Rule TRN-1: the new edition was published on %s; the transition is dated %s."),
						 isms_date_text(t->published), isms_date_text(d->decided));
		isms_viol_hint(v, ISMS_MSG("Date the transition on or after %s."),
					   isms_date_text(t->published));
		return v;
	}
	if (isms_audit_family(c) && !has_transition_audit(c, s, d->decided))
	{
		v = isms_violation(isms_rule_trn4, ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot transition without a transition audit"),
						  c->number);
		isms_viol_detail(v, ISMS_MSG("Rule TRN-4: no transition audit of the current cycle (started %s) ends on or before the decision date %s."),
						 isms_date_text(s->cycle_start), isms_date_text(d->decided));
		isms_viol_hint(v, ISMS_MSG("Record the transition audit (held alone or with a surveillance or recertification audit) before the decision."));
		return v;
	}
	return NULL;
}

/*
 * TRN-4: a transition audit (of certificate number, starting start) that
 * records fewer auditor-days (recorded) than its transition from from_std
 * adds (extra) to the recertification audit it is held with, or else to
 * a surveillance audit, without a justification.  The server side finds it
 * (trg_audit_rules.c); the values come as text.
 */
IsmsViolation *
isms_transition_time_violation(const char *number, const char *from_std,
							   bool with_recert, const char *extra,
							   const char *start, const char *recorded)
{
	IsmsViolation *v = isms_violation(isms_rule_trn4, ISMS_SQLSTATE_CHECK_VIOLATION);

	isms_viol_message(v, ISMS_MSG("audit time of certificate \"%s\" is below the TRN-4 addition"),
					  number);
	if (with_recert)
		isms_viol_detail(v, ISMS_MSG("Rule TRN-4: the transition from \"%s\" adds %s auditor-days to the recertification audit it is held with; the transition audit starting %s records %s."),
						 from_std, extra, start, recorded);
	else
		isms_viol_detail(v, ISMS_MSG("Rule TRN-4: the transition from \"%s\" adds %s auditor-days to a surveillance audit; the transition audit starting %s records %s."),
						 from_std, extra, start, recorded);
	isms_viol_hint(v, ISMS_MSG("Record the reason for the shorter audit in time_justification, or correct auditor_days."));
	return v;
}
