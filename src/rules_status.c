/*-------------------------------------------------------------------------
 *
 * rules_status.c
 *	  Decisions the certificate's status does not allow (the table of legal
 *	  transitions in status.c says which): SUS-1 (only an active
 *	  certificate is suspended), SUS-2 (only a suspended one is reinstated;
 *	  a long suspension is reported when it ends), WDR-1 (withdrawn and
 *	  cancelled certificates are final).  Recertifications and restorations
 *	  out of place are cycle rules (rules_cycle.c).  Pure.
 *
 *	  LOG-1 (decisions are history: never updated or deleted; a mistake is
 *	  corrected by a new decision that names the one it corrects, and an
 *	  annulment is final) and LOG-2 (no decision is decided after the
 *	  register's today, no correction before what it corrects) have their
 *	  rule IDs and violations here; the server side (rules_tables.c,
 *	  trg_decision.c) reads the corrections of a statement and refuses
 *	  changes of recorded decisions and of a certificate's derived columns
 *	  with these texts.
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

/*
 * The history rules, as data: LOG-1 (rules_tables.c cites it in its
 * refusals) and LOG-2 (no decision decided after the register's today,
 * trg_decision.c; no correction decided before what it corrects).
 */
const char *const isms_rule_log1 = "LOG-1";
const char *const isms_rule_log2 = "LOG-2";

/* "draft, active or expired": the statuses a decision kind is allowed from. */
static const char *
allowed_from(int kind)
{
	const char *list = "";
	int			st;
	int			n = 0,
				k = 0;

	for (st = ISMS_ST_FIRST; st <= ISMS_ST_LAST; st++)
		if (isms_decision_outcome(st, kind) != 0)
			n++;
	for (st = ISMS_ST_FIRST; st <= ISMS_ST_LAST; st++)
		if (isms_decision_outcome(st, kind) != 0)
		{
			k++;
			list = psprintf("%s%s%s", list, k == 1 ? "" : k == n ? " or " : ", ",
							isms_status_name(st));
		}
	return list;
}

static const char *
transition_rule(int kind, int from)
{
	const char *cycle_rule;

	if (kind == ISMS_DK_OPEN)
		return isms_rule_evd2;	/* only a draft is opened (rules_opening.c) */
	if (isms_status_is_terminal(from))
		return "WDR-1";
	if (kind == ISMS_DK_SUSPEND)
		return "SUS-1";
	if (kind == ISMS_DK_REINSTATE)
		return "SUS-2";
	cycle_rule = isms_transition_rule_of(kind);
	return cycle_rule ? cycle_rule : "legal_transition";
}

/* A decision the status before it does not allow (its outcome is 0). */
IsmsViolation *
isms_check_transition(const IsmsCert *c, const IsmsState *s,
					  const IsmsDecision *d)
{
	const char *rule = transition_rule(d->kind, s->status);
	IsmsViolation *v;

	if ((v = isms_check_recertify_late(c, s, d)) != NULL)
		return v;
	v = isms_violation(rule, ISMS_SQLSTATE_NOT_IN_PREREQUISITE_STATE);
	if (!d->is_new)
	{
		isms_viol_message(v, ISMS_MSG("new decision conflicts with the recorded history of certificate \"%s\""),
						  c->number);
		isms_viol_detail(v, ISMS_MSG("Rule %s: with the new decision, the existing \"%s\" decision %s (effective %s) would apply to a certificate that is %s; it applies only to one that is %s."),
						 rule, isms_decision_name(d->kind), isms_int_text(d->id),
						 isms_date_text(d->effective), isms_status_name(s->status),
						 allowed_from(d->kind));
		isms_viol_hint(v, ISMS_MSG("Date the new decision after the existing ones, or correct the history with compensating decisions (%s)."),
					   isms_rule_log1);
		v->names_decision = true;
		return v;
	}
	isms_viol_message(v, ISMS_MSG("decision of kind \"%s\" is not allowed for certificate \"%s\" in status \"%s\""),
					  isms_decision_name(d->kind), c->number,
					  isms_status_name(s->status));
	isms_viol_detail(v, ISMS_MSG("Rule %s: on %s the certificate is %s; a decision of kind \"%s\" applies only to a certificate that is %s."),
					 rule, isms_date_text(d->effective), isms_status_name(s->status),
					 isms_decision_name(d->kind), allowed_from(d->kind));
	if (isms_status_is_terminal(s->status))
		isms_viol_hint(v, ISMS_MSG("Withdrawn and cancelled certificates are final; certify the organisation again under a new certificate."));
	else if (s->status == ISMS_ST_EXPIRED)
		isms_viol_hint(v, isms_expired_hint());
	else
		isms_viol_hint(v, ISMS_MSG("isms.decision_outcome(status, kind) gives the status each kind of decision leads to from each status, NULL where it is not allowed."));
	return v;
}

/*
 * SUS-2: a reinstatement after a suspension longer than
 * suspension_warning_months is allowed, and reported as a warning.
 */
IsmsViolation *
isms_check_long_suspension(const IsmsCert *c, const IsmsState *s,
						   const IsmsDecision *d, int to)
{
	IsmsViolation *w;

	if (!(s->status == ISMS_ST_SUSPENDED && to == ISMS_ST_ACTIVE &&
		  d->effective > isms_add_months(s->suspended_since,
										 c->p.suspension_warning_months)))
		return NULL;
	w = isms_violation("SUS-2", ISMS_SQLSTATE_WARNING);
	isms_viol_message(w, ISMS_MSG("certificate \"%s\" was suspended for more than %s months"),
					  c->number, isms_int_text(c->p.suspension_warning_months));
	isms_viol_detail(w, ISMS_MSG("Rule SUS-2: suspended from %s, active again from %s."),
					 isms_date_text(s->suspended_since), isms_date_text(d->effective));
	return w;
}

/*
 * WDR-1 for an add-on: a decision taking effect on from, when its base b is
 * already withdrawn or cancelled (base_status), is refused; the add-on was
 * withdrawn with its base (rules_addon.c finds the case).
 */
IsmsViolation *
isms_check_base_final(const IsmsCert *c, const IsmsCert *b, int kind,
					  int base_status, DateADT from)
{
	IsmsViolation *v = isms_violation("WDR-1", ISMS_SQLSTATE_NOT_IN_PREREQUISITE_STATE);

	isms_viol_message(v, ISMS_MSG("decision of kind \"%s\" is not allowed for add-on certificate \"%s\": its base certificate \"%s\" is %s"),
					  isms_decision_name(kind), c->number, b->number,
					  isms_status_name(base_status));
	isms_viol_detail(v, ISMS_MSG("Rule WDR-1 and %s: on %s, when the decision takes effect, the base is %s and the add-on withdrawn with it; withdrawn certificates are final."),
					 isms_rule_add5, isms_date_text(from), isms_status_name(base_status));
	isms_viol_hint(v, ISMS_MSG("Certify the organisation again under new certificates."));
	v->names_decision = true;
	return v;
}

/*
 * LOG-1: a correction (decision id) names an earlier decision (target) of
 * the same certificate, and no annulment is corrected; LOG-2: the
 * correction is not decided before the decision it corrects (decided,
 * target_decided).  The server side finds the first correction that breaks
 * one of them (rules_tables.c); its values come as text.
 */
IsmsViolation *
isms_correction_violation(const char *id, const char *target,
						  const char *cert, const char *target_cert,
						  bool target_is_annul,
						  const char *decided, const char *target_decided)
{
	bool		earlier = !target_is_annul && strcmp(cert, target_cert) == 0 &&
		strtoll(target, NULL, 10) < strtoll(id, NULL, 10);
	IsmsViolation *v = isms_violation(earlier ? isms_rule_log2 : isms_rule_log1,
									  ISMS_SQLSTATE_CHECK_VIOLATION);

	isms_viol_message(v, ISMS_MSG("decision %s cannot correct decision %s"),
					  id, target);
	if (earlier)
		isms_viol_detail(v, ISMS_MSG("Rule LOG-2: a correction is not decided before the decision it corrects; decision %s is decided on %s, decision %s on %s."),
						 id, decided, target, target_decided);
	else if (target_is_annul)
		isms_viol_detail(v, ISMS_MSG("Rule LOG-1: decision %s is an annulment, and an annulment is final."),
						 target);
	else
		isms_viol_detail(v, ISMS_MSG("Rule LOG-1: a correction names an earlier decision of the same certificate; decision %s (certificate %s) names decision %s (certificate %s)."),
						 id, cert, target, target_cert);
	return v;
}
