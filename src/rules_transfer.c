/*-------------------------------------------------------------------------
 *
 * rules_transfer.c
 *	  Transfers of a certificate between certification bodies (TRF-1, after
 *	  IAF MD 2).  Pure.
 *
 *	  A certificate of one accredited body moves to another by a "transfer"
 *	  decision of the receiving body, recorded on a certificate of its own
 *	  (its own number, the same organisation) that names the one it takes
 *	  over in transferred_from.  The receiving body decides after a
 *	  pre-transfer review, with no new initial audit: its certificate takes
 *	  over the original certification date, the current cycle and its
 *	  expiry date, and the audit programme of that cycle goes on (what fell
 *	  due before the transfer was the issuing body's).  Only a certificate
 *	  valid on the transfer date moves: a suspended one once the suspension
 *	  is resolved, an expired, withdrawn or cancelled one never.  The
 *	  issuing certificate ends on the transfer date: isms records its
 *	  withdrawal (reason: the transfer) in its own history.  An add-on
 *	  moves with its base, on the same day, onto the receiving base; a base
 *	  leaves no valid add-on behind (checked at commit, transfer.c).  A
 *	  transfer is final: neither it nor the history of the certificate it
 *	  ended is corrected or annulled afterwards.
 *
 *	  The checks that read the tables are made by transfer.c, which hands
 *	  the facts here; the receiving body's accreditation on the decision
 *	  date is the accreditation rule's (the kind needs accreditation,
 *	  status.c).
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

const char *const isms_rule_trf1 = "TRF-1";

/*
 * The transfer decision's effect on the receiving certificate's state: the
 * cycle, its expiry and the original certification date it takes over.  A
 * cycle that began on the original certification date is the initial one
 * (its first surveillance audit falls due within the first months).
 */
void
isms_apply_transfer(IsmsState *s, const IsmsDecision *d)
{
	if (!d->has_transfer)
		return;
	s->has_cycle = true;
	s->cycle_start = d->transfer_cycle_start;
	s->expiry = d->transfer_expiry;
	s->cycle_expiry = d->transfer_expiry;	/* (an extension the issuing body
											 * granted is not carried apart) */
	s->initial_cycle = d->transfer_cycle_start <= d->transfer_original;
	s->has_original = true;
	s->original = d->transfer_original;
	s->taken_over = true;
	s->taken_over_on = d->effective;
}

static IsmsViolation *
status_violation(const IsmsTransferFacts *f)
{
	IsmsViolation *v = isms_violation(isms_rule_trf1, ISMS_SQLSTATE_NOT_IN_PREREQUISITE_STATE);
	const char *day = isms_date_text(f->effective);

	isms_viol_message(v, ISMS_MSG("certificate \"%s\" of \"%s\" cannot be transferred: it is %s on %s"),
					  f->from_number, f->from_cb_code, isms_status_name(f->from_status), day);
	isms_viol_detail(v, ISMS_MSG("Rule TRF-1: only a certificate valid on the transfer date moves to another certification body; certificate \"%s\" is %s on %s, the transfer date of certificate \"%s\"."),
					 f->from_number, isms_status_name(f->from_status), day, f->number);
	if (f->from_status == ISMS_ST_SUSPENDED)
		isms_viol_hint(v, ISMS_MSG("A suspended certificate transfers once the suspension is resolved: record the issuing body's reinstatement first, or date the transfer after it."));
	else if (f->from_status == ISMS_ST_DRAFT)
		isms_viol_hint(v, ISMS_MSG("A certificate that was never granted cannot be transferred; certify the organisation with an initial audit."));
	else
		isms_viol_hint(v, ISMS_MSG("An expired, withdrawn or cancelled certificate never transfers; certify the organisation again with an initial audit."));
	return v;
}

/*
 * TRF-1 for one transfer decision, from the facts the server side read:
 * the receiving certificate names the certificate it takes over, of the
 * same organisation and another body, on the same standard; an add-on
 * moves onto the receiving base that took over its base that day; the
 * certificate taken over is valid on the transfer date.
 */
/*
 * TRF-1, the row alone: the cycle a transfer takes over (transfer_*) is set
 * by isms on transfer decisions, and no other kind carries one.  kind 0
 * (not known) is left to the table's constraints.
 */
IsmsViolation *
isms_check_transfer_row(int kind, bool has_transfer_cycle)
{
	IsmsViolation *v;

	if (kind == 0 || kind == ISMS_DK_TRANSFER || !has_transfer_cycle)
		return NULL;
	v = isms_violation("TRF-1", ISMS_SQLSTATE_CHECK_VIOLATION);
	isms_viol_message(v, ISMS_MSG("a decision of kind \"%s\" cannot carry a transferred cycle"),
					  isms_decision_name(kind));
	isms_viol_detail(v, ISMS_MSG("Rule TRF-1: transfer_cycle_start, transfer_expiry and transfer_original_date are the cycle a \"transfer\" decision takes over, set by isms; this decision is of kind \"%s\"."),
					 isms_decision_name(kind));
	isms_viol_hint(v, ISMS_MSG("Leave the transfer_ columns empty."));
	return v;
}

IsmsViolation *
isms_check_transfer(const IsmsTransferFacts *f)
{
	IsmsViolation *v;

	if (f->from_number == NULL)
	{
		v = isms_violation(isms_rule_trf1, ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("certificate \"%s\" names no certificate it takes over"),
						  f->number);
		isms_viol_detail(v, ISMS_MSG("Rule TRF-1: a transfer decision is recorded on the receiving body's certificate, whose transferred_from names the certificate of the issuing body; that of certificate \"%s\" is empty."),
						 f->number);
		isms_viol_hint(v, ISMS_MSG("Set transferred_from of the draft certificate to the id of the certificate it takes over."));
		return v;
	}
	if (f->same_cb || !f->same_org)
	{
		v = isms_violation(isms_rule_trf1, ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot take over certificate \"%s\""),
						  f->number, f->from_number);
		if (f->same_cb)
			isms_viol_detail(v, ISMS_MSG("Rule TRF-1: a transfer moves a certificate to another certification body; both certificates are of \"%s\"."),
							 f->cb_code);
		else
			isms_viol_detail(v, ISMS_MSG("Rule TRF-1: the receiving certificate is of the organisation of the certificate it takes over; certificates \"%s\" and \"%s\" are of different organisations."),
							 f->number, f->from_number);
		isms_viol_hint(v, ISMS_MSG("Within one body, a certificate is not transferred; name the organisation's certificate of another body in transferred_from."));
		return v;
	}
	if (f->standard == NULL || f->from_standard == NULL ||
		strcmp(f->standard, f->from_standard) != 0)
	{
		v = isms_violation(isms_rule_trf1, ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot take over certificate \"%s\" of another standard"),
						  f->number, f->from_number);
		isms_viol_detail(v, ISMS_MSG("Rule TRF-1: the certificate taken over is for \"%s\" on %s; the receiving certificate is for \"%s\"."),
						 f->from_standard ? f->from_standard : "?",
						 isms_date_text(f->effective), f->standard ? f->standard : "?");
		isms_viol_hint(v, ISMS_MSG("Apply for the edition in force; a move to a new edition is a transition decision after the transfer."));
		return v;
	}
	if ((f->base_number == NULL) != (f->from_base_number == NULL) ||
		(f->base_number != NULL && !f->base_takes_over))
	{
		v = isms_violation(isms_rule_trf1, ISMS_SQLSTATE_CHECK_VIOLATION);
		if (f->from_base_number != NULL)
		{
			isms_viol_message(v, ISMS_MSG("add-on certificate \"%s\" cannot be transferred without its base certificate \"%s\""),
							  f->from_number, f->from_base_number);
			isms_viol_detail(v, ISMS_MSG("Rule TRF-1: an add-on moves with its base: the receiving add-on \"%s\" names as its base a certificate that took over \"%s\" with effect from %s; %s."),
							 f->number, f->from_base_number, isms_date_text(f->effective),
							 f->base_number ? psprintf("\"%s\" did not", f->base_number) : "it names none");
			isms_viol_hint(v, ISMS_MSG("Record the base's transfer first, on the same day, and name the receiving base in base_certificate_id."));
		}
		else
		{
			isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot take over certificate \"%s\" as an add-on"),
							  f->number, f->from_number);
			isms_viol_detail(v, ISMS_MSG("Rule TRF-1: certificate \"%s\" has no base; the receiving certificate \"%s\" names base \"%s\"."),
							 f->from_number, f->number, f->base_number);
			isms_viol_hint(v, ISMS_MSG("Take over a certificate without a base on a certificate without a base."));
		}
		return v;
	}
	if (f->from_status != ISMS_ST_ACTIVE)
		return status_violation(f);
	return NULL;
}

/*
 * A certificate that names in transferred_from one of the same body or of
 * another organisation (checked when it is written; from_id as given, no
 * value of the other body's row is shown).
 */
IsmsViolation *
isms_transfer_link_violation(const char *number, const char *from_id,
							 bool same_org, bool same_cb)
{
	IsmsViolation *v;

	if (same_org && !same_cb)
		return NULL;
	v = isms_violation(isms_rule_trf1, ISMS_SQLSTATE_CHECK_VIOLATION);
	isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot take over certificate %s"),
					  number, from_id);
	isms_viol_detail(v, same_cb ?
					 ISMS_MSG("Rule TRF-1: a transfer moves a certificate to another certification body; certificate %s is of the same body.") :
					 ISMS_MSG("Rule TRF-1: the receiving certificate is of the organisation of the certificate it takes over; certificate %s is of another organisation."),
					 from_id);
	isms_viol_hint(v, ISMS_MSG("Name in transferred_from the organisation's certificate of the issuing body, and give the same organisation_id."));
	return v;
}

/*
 * A transfer is final: a new decision (id) of a certificate another body
 * took over (number, by certificate receiver of body receiver_cb), of an
 * add-on (number) of a certificate taken over (base), or a correction of a
 * transfer decision (target).
 */
IsmsViolation *
isms_transfer_final_violation(const char *id, const char *number,
							  const char *target, const char *receiver,
							  const char *receiver_cb, const char *base)
{
	IsmsViolation *v = isms_violation(isms_rule_trf1, ISMS_SQLSTATE_NOT_IN_PREREQUISITE_STATE);

	if (target == NULL && base != NULL)
	{
		isms_viol_message(v, ISMS_MSG("certificate \"%s\" is an add-on of certificate \"%s\", which was transferred to certificate \"%s\" of \"%s\""),
						  number, base, receiver, receiver_cb);
		isms_viol_detail(v, ISMS_MSG("Rule TRF-1: a transfer is final; the add-ons of the certificate taken over moved with it or ended with it, and decision %s would change the history the transfer was checked against."),
						 id);
		isms_viol_hint(v, ISMS_MSG("Record the add-on's decisions on an add-on of the receiving certificate."));
	}
	else if (target != NULL)
	{
		isms_viol_message(v, ISMS_MSG("decision %s cannot correct the transfer decision %s"),
						  id, target);
		isms_viol_detail(v, ISMS_MSG("Rule TRF-1: a transfer is final; it ended the issuing body's certificate, and neither it nor that end is corrected or annulled."),
						 NULL);
		isms_viol_hint(v, ISMS_MSG("Record what happened since as new decisions of the receiving certificate (a suspension or a withdrawal)."));
	}
	else
	{
		isms_viol_message(v, ISMS_MSG("certificate \"%s\" was transferred to certificate \"%s\" of \"%s\""),
						  number, receiver, receiver_cb);
		isms_viol_detail(v, ISMS_MSG("Rule TRF-1: a transfer is final; the history of the certificate taken over ends with it, and decision %s would change it."),
						 id);
		isms_viol_hint(v, ISMS_MSG("Record the decision on the receiving certificate."));
	}
	v->names_decision = true;
	return v;
}

/* At commit: a base transferred on day leaves its valid add-on behind. */
IsmsViolation *
isms_transfer_addon_left(const char *base, const char *addon, DateADT day)
{
	IsmsViolation *v = isms_violation(isms_rule_trf1, ISMS_SQLSTATE_CHECK_VIOLATION);

	isms_viol_message(v, ISMS_MSG("base certificate \"%s\" cannot be transferred without its add-on certificate \"%s\""),
					  base, addon);
	isms_viol_detail(v, ISMS_MSG("Rule TRF-1: add-ons move with their base; add-on \"%s\" is valid on %s, the transfer date, and was not transferred in the same transaction."),
					 addon, isms_date_text(day));
	isms_viol_hint(v, ISMS_MSG("Transfer the add-on in the same transaction, onto the receiving base, or withdraw it first."));
	return v;
}
