/*-------------------------------------------------------------------------
 *
 * rules_cycle.c
 *	  The rules of a certification cycle, for the decisions that open one
 *	  (grant, recertification, restoration): the initial audit (CYC-1) and
 *	  its windows (CYC-5, CYC-6), the expiry date (CYC-3, the only place
 *	  its formula is written), recertification before expiry (REC-1),
 *	  restoration within its window (REC-3) and a new grant after a lapse
 *	  (REC-4).  Pure: each check returns a violation or NULL.
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

/* The rule ID as data (the sweep's reasons, programme labels). */
const char *const isms_rule_rec1 = "REC-1";

/* The hint for a decision an expired certificate does not allow. */
const char *
isms_expired_hint(void)
{
	return ISMS_MSG("An expired certificate can only be restored (REC-3), granted again (REC-4) or withdrawn.");
}

/*
 * CYC-3: the latest expiry date a decision of this kind, decided on that
 * day, may set: a grant counts from its decision date (cycle_years, less
 * the certification body's expiry_offset_days), an opening likewise from
 * the start of the cycle it enters, a recertification or restoration from
 * the previous expiry date (the cycle's own one: an extension of it does
 * not move the next cycle, rules_extension.c).  False if the kind sets no
 * expiry or there is no previous expiry to count from.
 */
bool
isms_cycle_latest_expiry(const IsmsParams *p, int kind, DateADT decided,
				   bool has_previous, DateADT previous_expiry,
				   DateADT *result)
{
	/* an opening (rules_opening.c) counts from its cycle_start, given as decided */
	if (kind == ISMS_DK_GRANT || kind == ISMS_DK_OPEN)
	{
		*result = isms_add_months(decided, 12 * p->cycle_years) - p->expiry_offset_days;
		return true;
	}
	if ((kind == ISMS_DK_RECERTIFY || kind == ISMS_DK_RESTORE) && has_previous)
	{
		*result = isms_add_months(previous_expiry, 12 * p->cycle_years);
		return true;
	}
	return false;
}

/* REC-3: the last day a certificate that expired after expiry can be restored. */
DateADT
isms_restoration_end(const IsmsParams *p, DateADT expiry)
{
	return isms_add_months(expiry, p->restoration_months);
}

/* The rule a recertification or restoration breaks when its status forbids it. */
const char *
isms_transition_rule_of(int kind)
{
	if (kind == ISMS_DK_RECERTIFY)
		return "REC-1";
	if (kind == ISMS_DK_RESTORE)
		return "REC-3";
	if (kind == ISMS_DK_EXTEND)
		return isms_rule_rec6;
	return NULL;
}

/*
 * CYC-3: only a decision that opens a cycle sets an expiry date (or one that
 * moves the expiry date of the cycle in force, rules_extension.c); kind 0
 * (not known) is left to the table's constraints.
 */
IsmsViolation *
isms_check_expiry_kind(int kind, DateADT new_expiry)
{
	IsmsViolation *v;

	if (kind == 0 || isms_kind_has(kind, ISMS_KP_OPENS_CYCLE) ||
		isms_kind_has(kind, ISMS_KP_MOVES_EXPIRY))
		return NULL;
	v = isms_violation("CYC-3", ISMS_SQLSTATE_CHECK_VIOLATION);
	isms_viol_message(v, ISMS_MSG("a decision of kind \"%s\" cannot set an expiry date"),
					  isms_decision_name(kind));
	isms_viol_detail(v, ISMS_MSG("Rule CYC-3: only \"grant\", \"recertify\" and \"restore\" decisions set a new expiry date (and \"extend\" moves it); this one gives new_expiry %s."),
					 isms_date_text(new_expiry));
	isms_viol_hint(v, ISMS_MSG("Leave new_expiry empty: a certificate's expiry date changes only with a grant, recertification or restoration."));
	return v;
}

/*
 * CYC-3: the new expiry date of a grant, recertification or restoration is
 * not before the day the decision takes effect, nor is an extension's
 * (rules_extension.c).  An opening's is judged with its other facts
 * (rules_opening.c); kind 0 (not known) is left to the table's constraints.
 */
IsmsViolation *
isms_check_expiry_after_effective(int kind, DateADT new_expiry, DateADT effective)
{
	IsmsViolation *v;

	if (new_expiry >= effective || kind == 0 || kind == ISMS_DK_OPEN)
		return NULL;
	if (kind == ISMS_DK_EXTEND)
	{
		v = isms_violation(isms_rule_rec6, ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("the extended expiry date %s is before the effective date %s"),
						  isms_date_text(new_expiry), isms_date_text(effective));
		isms_viol_detail(v, ISMS_MSG("Rule %s: an extension moves the expiry date to a later day; this one would take effect on %s, after the date it extends to."),
						 isms_rule_rec6, isms_date_text(effective));
		isms_viol_hint(v, ISMS_MSG("Give the extended expiry date in new_expiry: isms.cert_latest_expiry(certificate, 'extend', decision_date) is the latest date allowed."));
		return v;
	}
	v = isms_violation("CYC-3", ISMS_SQLSTATE_CHECK_VIOLATION);
	isms_viol_message(v, ISMS_MSG("the new expiry date %s is before the effective date %s"),
					  isms_date_text(new_expiry), isms_date_text(effective));
	isms_viol_detail(v, ISMS_MSG("Rule CYC-3: a decision's new expiry date ends the cycle it sets, which starts when the decision takes effect on %s."),
					 isms_date_text(effective));
	isms_viol_hint(v, ISMS_MSG("Leave new_expiry empty for the latest date the cycle allows."));
	return v;
}

/*
 * CYC-3: the latest expiry date of a recertification or restoration counts
 * from a previous expiry date, which the caller must have.
 */
IsmsViolation *
isms_check_previous_expiry(int kind, bool has_previous)
{
	IsmsViolation *v;

	if (has_previous || (kind != ISMS_DK_RECERTIFY && kind != ISMS_DK_RESTORE))
		return NULL;
	v = isms_violation("CYC-3", ISMS_SQLSTATE_NULL_VALUE_NOT_ALLOWED);
	isms_viol_message(v, ISMS_MSG("previous_expiry is required for a decision of kind \"%s\""),
					  isms_decision_name(kind));
	isms_viol_detail(v, ISMS_MSG("Rule CYC-3: a recertification or restoration counts from the previous expiry date."));
	return v;
}

/* CYC-3: a decision that opens a cycle sets its expiry date. */
IsmsViolation *
isms_check_missing_expiry(const IsmsCert *c, const IsmsDecision *d)
{
	IsmsViolation *v;

	if (!isms_kind_has(d->kind, ISMS_KP_OPENS_CYCLE) || d->has_expiry)
		return NULL;
	v = isms_violation("CYC-3", ISMS_SQLSTATE_CHECK_VIOLATION);
	isms_viol_message(v, ISMS_MSG("decision of kind \"%s\" on certificate \"%s\" needs a new expiry date"),
					  isms_decision_name(d->kind), c->number);
	isms_viol_detail(v, ISMS_MSG("Rule CYC-3: grants, recertifications and restorations set the expiry date of the new cycle."));
	isms_viol_hint(v, ISMS_MSG("Give new_expiry, or leave it out to get the latest date the rule allows."));
	v->names_decision = true;
	return v;
}

static IsmsViolation *
recertified_after_expiry(const IsmsCert *c, const IsmsState *s,
						 const IsmsDecision *d)
{
	IsmsViolation *v = isms_violation("REC-1", ISMS_SQLSTATE_CHECK_VIOLATION);

	isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot be recertified after its expiry date"),
					  c->number);
	isms_viol_detail(v, ISMS_MSG("Rule REC-1: the certificate expired after %s and the recertification was decided on %s."),
					 isms_date_text(s->expiry), isms_date_text(d->decided));
	isms_viol_hint(v, ISMS_MSG("Within the restoration window record a \"restore\" decision (REC-3); after it, a new grant (REC-4)."));
	return v;
}

/*
 * REC-1 for a recertification of an expired certificate: decided after the
 * expiry date, or taking effect later than the day after it.
 */
IsmsViolation *
isms_check_recertify_late(const IsmsCert *c, const IsmsState *s,
						  const IsmsDecision *d)
{
	IsmsViolation *v;

	if (!(d->kind == ISMS_DK_RECERTIFY && s->status == ISMS_ST_EXPIRED))
		return NULL;
	if (d->decided > s->expiry)
		return recertified_after_expiry(c, s, d);
	if (d->effective <= s->expiry + 1)
		return NULL;
	v = isms_violation("REC-1", ISMS_SQLSTATE_CHECK_VIOLATION);
	isms_viol_message(v, ISMS_MSG("recertification of certificate \"%s\" takes effect after its expiry date"),
					  c->number);
	isms_viol_detail(v, ISMS_MSG("Rule REC-1: the recertification takes effect on %s, after the expiry date %s, which would leave the certificate expired in between."),
					 isms_date_text(d->effective), isms_date_text(s->expiry));
	isms_viol_hint(v, ISMS_MSG("Make the recertification effective on %s or earlier."),
				   isms_date_text(s->expiry + 1));
	return v;
}

static IsmsViolation *
expiry_too_late(const IsmsCert *c, const IsmsState *s, const IsmsDecision *d)
{
	DateADT		limit;
	IsmsViolation *v;
	DateADT		from = d->kind == ISMS_DK_OPEN ? d->cycle_start : d->decided;

	if (!isms_cycle_latest_expiry(&c->p, d->kind, from, true, s->cycle_expiry, &limit) ||
		d->new_expiry <= limit)
		return NULL;
	v = isms_violation("CYC-3", ISMS_SQLSTATE_CHECK_VIOLATION);
	isms_viol_message(v, ISMS_MSG("expiry date of certificate \"%s\" is beyond the end of its certification cycle"),
					  c->number);
	if (d->kind == ISMS_DK_OPEN)
		isms_viol_detail(v, ISMS_MSG("Rule CYC-3: the cycle an opening enters, started on %s, may end on %s at the latest (cycle_years %s, expiry_offset_days %s); the opening gives %s."),
						 isms_date_text(from), isms_date_text(limit),
						 isms_int_text(c->p.cycle_years),
						 isms_int_text(c->p.expiry_offset_days),
						 isms_date_text(d->new_expiry));
	else if (d->kind == ISMS_DK_GRANT)
		isms_viol_detail(v, ISMS_MSG("Rule CYC-3: a grant decided on %s may set an expiry date of at most %s (cycle_years %s, expiry_offset_days %s); the decision gives %s."),
						 isms_date_text(d->decided), isms_date_text(limit),
						 isms_int_text(c->p.cycle_years),
						 isms_int_text(c->p.expiry_offset_days),
						 isms_date_text(d->new_expiry));
	else if (s->cycle_expiry != s->expiry)
		isms_viol_detail(v, ISMS_MSG("Rule CYC-3: a decision of kind \"%s\" may set an expiry date of at most %s (the previous cycle's own expiry date %s, before its extension to %s, plus cycle_years %s); the decision gives %s."),
						 isms_decision_name(d->kind), isms_date_text(limit),
						 isms_date_text(s->cycle_expiry), isms_date_text(s->expiry),
						 isms_int_text(c->p.cycle_years),
						 isms_date_text(d->new_expiry));
	else
		isms_viol_detail(v, ISMS_MSG("Rule CYC-3: a decision of kind \"%s\" may set an expiry date of at most %s (the previous expiry date %s plus cycle_years %s); the decision gives %s."),
						 isms_decision_name(d->kind), isms_date_text(limit),
						 isms_date_text(s->expiry), isms_int_text(c->p.cycle_years),
						 isms_date_text(d->new_expiry));
	isms_viol_hint(v, ISMS_MSG("Set new_expiry to %s or earlier."), isms_date_text(limit));
	return v;
}

/*
 * Checks of the decision's dates against the scheme's windows.  For a
 * restoration, the window (REC-3) and the end of an old edition come
 * before the expiry date it sets: a restoration that is too late cannot be
 * mended by another expiry date.
 */
IsmsViolation *
isms_check_cycle_windows(const IsmsCert *c, const IsmsState *s,
						 const IsmsDecision *d)
{
	IsmsViolation *v;
	DateADT		limit;

	switch (d->kind)
	{
		case ISMS_DK_GRANT:
			if ((v = isms_check_edition_cycle(c, s, d)) != NULL)
				return v;
			return expiry_too_late(c, s, d);

		case ISMS_DK_OPEN:
			return expiry_too_late(c, s, d);

		case ISMS_DK_RECERTIFY:
			if (d->decided > s->expiry)
				return recertified_after_expiry(c, s, d);
			if ((v = isms_check_edition_cycle(c, s, d)) != NULL)
				return v;
			return expiry_too_late(c, s, d);

		case ISMS_DK_RESTORE:
			if ((v = isms_check_edition_restore(c, s, d)) != NULL)
				return v;
			if (d->decided <= s->expiry)
			{
				v = isms_violation("REC-3", ISMS_SQLSTATE_CHECK_VIOLATION);
				isms_viol_message(v, ISMS_MSG("certificate \"%s\" had not expired on the restoration decision date"),
								  c->number);
				isms_viol_detail(v, ISMS_MSG("Rule REC-3: the expiry date is %s and the restoration was decided on %s."),
								 isms_date_text(s->expiry), isms_date_text(d->decided));
				isms_viol_hint(v, ISMS_MSG("Record a recertification (REC-1) instead."));
				return v;
			}
			limit = isms_restoration_end(&c->p, s->expiry);
			if (d->decided > limit)
			{
				v = isms_violation("REC-3", ISMS_SQLSTATE_CHECK_VIOLATION);
				isms_viol_message(v, ISMS_MSG("certificate \"%s\" can no longer be restored"), c->number);
				isms_viol_detail(v, ISMS_MSG("Rule REC-3: it expired after %s, so restoration was possible until %s (%s months); the decision date is %s."),
								 isms_date_text(s->expiry), isms_date_text(limit),
								 isms_int_text(c->p.restoration_months),
								 isms_date_text(d->decided));
				isms_viol_hint(v, ISMS_MSG("Only a new cycle is possible now: a new grant after a stage 2 audit (REC-4)."));
				return v;
			}
			return expiry_too_late(c, s, d);

		default:
			return NULL;
	}
}

/*
 * The initial audit of a grant (CYC-1): a stage 2 audit ending on or before
 * the decision date, with a stage 1 audit ending on or before its start.
 * With windows, the pair must also meet CYC-5 (the grant at most
 * stage2_decision_months after stage 2) and CYC-6 (the gap).  For a new
 * cycle after a lapse (REC-4, after_day set) only a stage 2 audit starting
 * after that day is needed.  Any pair that meets everything will do, so
 * that recording another audit never breaks a recorded grant.  Only stage
 * 2 audits starting by latest_start count (an old edition's limit).  On
 * failure, *rule names what failed, and *s1, *s2 the best pair found (or
 * NULL).
 */
static bool
find_initial_audit(const IsmsCert *c, DateADT decided, bool need_stage1,
				   DateADT after_day, bool windows, DateADT latest_start,
				   const IsmsAudit **s1, const IsmsAudit **s2, const char **rule)
{
	int			i,
				j;
	DateADT		limit;

	*s1 = *s2 = NULL;
	*rule = "CYC-1";
	for (i = c->naud - 1; i >= 0; i--)
	{
		const IsmsAudit *a = &c->aud[i];

		if (a->kind != ISMS_AK_STAGE2 || a->end > decided ||
			a->start > latest_start ||
			(!need_stage1 && a->start <= after_day))
			continue;
		limit = isms_add_months(a->end, c->p.stage2_decision_months);
		if (!need_stage1)
		{
			if (!windows || decided <= limit)
			{
				*s2 = a;
				return true;
			}
			if (*s2 == NULL)
			{
				*s2 = a;
				*rule = "CYC-5";
			}
			continue;
		}
		if (*s2 == NULL)
			*s2 = a;			/* for the message, if no stage 1 fits */
		for (j = c->naud - 1; j >= 0; j--)
		{
			const IsmsAudit *b = &c->aud[j];

			if (b->kind != ISMS_AK_STAGE1 || b->end > a->start)
				continue;
			if (!windows ||
				(decided <= limit &&
				 (c->p.max_stage_gap_days < 0 ||
				  a->start - b->end <= c->p.max_stage_gap_days)))
			{
				*s1 = b;
				*s2 = a;
				return true;
			}
			if (*s1 == NULL)
			{
				*s1 = b;
				*s2 = a;
				*rule = decided > limit ? "CYC-5" : "CYC-6";
			}
		}
	}
	return false;
}

/*
 * A stage 2 audit that would count but ends after the decision date (the
 * earliest ending one), or NULL.
 */
static const IsmsAudit *
stage2_ending_after(const IsmsCert *c, DateADT decided, bool need_stage1,
					DateADT after_day)
{
	int			i;

	for (i = 0; i < c->naud; i++)
		if (c->aud[i].kind == ISMS_AK_STAGE2 && c->aud[i].end > decided &&
			(need_stage1 || c->aud[i].start > after_day))
			return &c->aud[i];
	return NULL;
}

/*
 * Does an audit of the kind start in [from, latest_start] and end by until?
 * (latest_start DATEVAL_NOEND: no limit.)
 */
static bool
has_audit(const IsmsCert *c, int kind, DateADT from, DateADT latest_start,
		  DateADT until)
{
	int			i;

	for (i = 0; i < c->naud; i++)
		if (c->aud[i].kind == kind && c->aud[i].start >= from &&
			c->aud[i].start <= latest_start && c->aud[i].end <= until)
			return true;
	return false;
}

static IsmsViolation *
check_grant(const IsmsCert *c, const IsmsState *s, const IsmsDecision *d,
			bool windows)
{
	const IsmsAudit *s1,
			   *s2,
			   *late;
	const char *rule;
	bool		initial = (s->status == ISMS_ST_DRAFT);
	DateADT		old_limit = isms_edition_audit_limit(s);
	IsmsViolation *v;

	if (initial && isms_combined_audit_covers(c, s, d, windows))
		return NULL;
	if (find_initial_audit(c, d->decided, initial, isms_valid_end(s), windows,
						   DATEVAL_NOEND, &s1, &s2, &rule))
	{
		if (old_limit != DATEVAL_NOEND &&
			!find_initial_audit(c, d->decided, initial, isms_valid_end(s),
								windows, old_limit, &s1, &s2, &rule))
			return isms_edition_audit_violation(c, s, d);
		return NULL;
	}
	if (strcmp(rule, "CYC-5") == 0)
	{
		DateADT		limit = isms_add_months(s2->end, c->p.stage2_decision_months);

		v = isms_violation("CYC-5", ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("grant of certificate \"%s\" is too long after its stage 2 audit"),
						  c->number);
		isms_viol_detail(v, ISMS_MSG("Rule CYC-5: the stage 2 audit ended on %s, so a grant is allowed until %s (%s months later); the decision date is %s."),
						 isms_date_text(s2->end), isms_date_text(limit),
						 isms_int_text(c->p.stage2_decision_months),
						 isms_date_text(d->decided));
		isms_viol_hint(v, ISMS_MSG("Hold and record a new stage 2 audit before the grant."));
		return v;
	}
	if (strcmp(rule, "CYC-6") == 0)
	{
		v = isms_violation("CYC-6", ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("stage 2 audit of certificate \"%s\" starts too long after stage 1"),
						  c->number);
		isms_viol_detail(v, ISMS_MSG("Rule CYC-6: stage 1 ended on %s and stage 2 started on %s, %s days later; at most %s days are allowed."),
						 isms_date_text(s1->end), isms_date_text(s2->start),
						 isms_int_text(s2->start - s1->end),
						 isms_int_text(c->p.max_stage_gap_days));
		isms_viol_hint(v, ISMS_MSG("Repeat stage 1, or change the certification body's max_stage_gap_days."));
		return v;
	}
	late = s2 == NULL ? stage2_ending_after(c, d->decided, initial, isms_valid_end(s)) : NULL;
	if (late != NULL)
	{
		v = isms_violation(initial ? "CYC-1" : "REC-4", ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot be granted before its stage 2 audit ends"),
						  c->number);
		if (initial)
			isms_viol_detail(v, ISMS_MSG("Rule CYC-1: the stage 2 audit of the certificate ends on %s, after the decision date %s."),
							 isms_date_text(late->end), isms_date_text(d->decided));
		else
			isms_viol_detail(v, ISMS_MSG("Rule REC-4: the new stage 2 audit of the certificate ends on %s, after the decision date %s."),
							 isms_date_text(late->end), isms_date_text(d->decided));
		isms_viol_hint(v, ISMS_MSG("Date the grant on or after the last day of the stage 2 audit."));
		return v;
	}
	if (!initial)
	{
		v = isms_violation("REC-4", ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot be granted again without a new stage 2 audit"),
						  c->number);
		isms_viol_detail(v, ISMS_MSG("Rule REC-4: the certificate expired after %s; a new cycle needs a stage 2 audit starting after that day and ending on or before the decision date %s."),
						 isms_date_text(isms_valid_end(s)), isms_date_text(d->decided));
		isms_viol_hint(v, ISMS_MSG("Record the new stage 2 audit before the grant decision."));
		return v;
	}
	v = isms_violation("CYC-1", ISMS_SQLSTATE_CHECK_VIOLATION);
	if (s2 == NULL)
	{
		isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot be granted without a stage 2 audit"),
						  c->number);
		isms_viol_detail(v, ISMS_MSG("Rule CYC-1: no stage 2 audit of the certificate ends on or before the decision date %s."),
						 isms_date_text(d->decided));
		isms_viol_hint(v, ISMS_MSG("Record the stage 1 and stage 2 audits of the certificate before its grant decision."));
		return v;
	}
	isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot be granted without a stage 1 audit before stage 2"),
					  c->number);
	isms_viol_detail(v, ISMS_MSG("Rule CYC-1: the stage 2 audit starting %s has no stage 1 audit of the certificate ending on or before that day."),
					 isms_date_text(s2->start));
	isms_viol_hint(v, ISMS_MSG("Record the stage 1 audit, or correct the audit dates."));
	return v;
}

/*
 * The audits a cycle decision needs: the initial audit of a grant (CYC-1,
 * CYC-5, CYC-6, or REC-4 after a lapse), the recertification audit of a
 * recertification (REC-1) or restoration (REC-3), started in time on an
 * old edition.
 */
IsmsViolation *
isms_check_cycle_evidence(const IsmsCert *c, const IsmsState *s,
						  const IsmsDecision *d, bool windows)
{
	DateADT		old_limit = isms_edition_audit_limit(s);
	IsmsViolation *v;

	if (!isms_audit_family(c))
		return NULL;			/* no audits held (engine.h) */
	switch (d->kind)
	{
		case ISMS_DK_GRANT:
			return check_grant(c, s, d, windows);

		case ISMS_DK_RECERTIFY:
		case ISMS_DK_RESTORE:
			if (has_audit(c, ISMS_AK_RECERTIFICATION, s->cycle_start + 1,
						  DATEVAL_NOEND, d->decided))
			{
				if (old_limit != DATEVAL_NOEND &&
					!has_audit(c, ISMS_AK_RECERTIFICATION, s->cycle_start + 1,
							   old_limit, d->decided))
					return isms_edition_audit_violation(c, s, d);
				return NULL;
			}
			if (d->kind == ISMS_DK_RECERTIFY)
			{
				v = isms_violation("REC-1", ISMS_SQLSTATE_CHECK_VIOLATION);
				isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot be recertified without a recertification audit"),
								  c->number);
				isms_viol_detail(v, ISMS_MSG("Rule REC-1: no recertification audit of the current cycle (started %s) ends on or before the decision date %s."),
								 isms_date_text(s->cycle_start), isms_date_text(d->decided));
				isms_viol_hint(v, ISMS_MSG("Record the recertification audit before the decision."));
				return v;
			}
			v = isms_violation("REC-3", ISMS_SQLSTATE_CHECK_VIOLATION);
			isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot be restored before its recertification audit"),
							  c->number);
			isms_viol_detail(v, ISMS_MSG("Rule REC-3: no recertification audit since the start of the lapsed cycle (%s) ends on or before the decision date %s."),
							 isms_date_text(s->cycle_start), isms_date_text(d->decided));
			isms_viol_hint(v, ISMS_MSG("Record the outstanding recertification audit before the restoration."));
			return v;

		default:
			return NULL;
	}
}
