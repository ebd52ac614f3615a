/*-------------------------------------------------------------------------
 *
 * rules_addon.c
 *	  Add-on certificates (ISO/IEC 27017, 27701) and their base ISO/IEC
 *	  27001 certificate: an add-on standard needs a base and a base keeps
 *	  its scheme (ADD-1); an add-on is granted (ADD-2), recertified,
 *	  restored or extended only while its base is active, within the base's
 *	  scope (ADD-3), expiring no later than the base (ADD-4), and is never
 *	  more valid than its base (ADD-5); its first audit may ride on one of
 *	  the base's (ADD-6); a change of the base is checked against its
 *	  add-ons at commit (ADD-7, queued by addon_queue.c).  Pure.
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

/* The rule ID as data (the sweep's reasons, programme labels). */
const char *const isms_rule_add1 = "ADD-1";
const char *const isms_rule_add5 = "ADD-5";

/*
 * The scope kind of the add-on's role (the cloud add-on's provider or
 * customer role): such elements describe the add-on, not a part of the
 * organisation, and are not looked for in the base's scope.
 */
static const char role_kind[] = "role";

/*
 * ADD-1: a grant of, or transition to, an add-on standard needs a base;
 * a base with add-ons transitions only within its scheme.
 */
IsmsViolation *
isms_check_needs_base(const IsmsCert *c, const IsmsState *s, const IsmsDecision *d)
{
	const IsmsStandard *std;
	const char *ref;
	IsmsViolation *v;

	if (d->kind == ISMS_DK_TRANSITION && c->has_addons)
	{
		std = isms_standard(c->ref, d->new_standard);
		if (std != NULL && c->scheme != NULL && strcmp(std->scheme, c->scheme) != 0)
		{
			v = isms_violation("ADD-1", ISMS_SQLSTATE_CHECK_VIOLATION);
			isms_viol_message(v, ISMS_MSG("base certificate \"%s\" cannot transition to \"%s\""),
							  c->number, d->new_standard);
			isms_viol_detail(v, ISMS_MSG("Rule ADD-1: \"%s\" belongs to scheme \"%s\"; a base of add-on certificates stays in its scheme \"%s\"."),
							 d->new_standard, std->scheme, c->scheme);
			isms_viol_hint(v, ISMS_MSG("Transition to an edition of the base's own standard, or end the add-ons first."));
			return v;
		}
	}

	if (c->base_id != 0 ||
		!(((d->kind == ISMS_DK_GRANT || d->kind == ISMS_DK_OPEN) &&
		   s->status == ISMS_ST_DRAFT) ||
		  d->kind == ISMS_DK_TRANSITION))
		return NULL;
	ref = d->kind == ISMS_DK_TRANSITION ? d->new_standard : s->standard;
	std = isms_standard(c->ref, ref);
	if (std == NULL || !std->needs_base)
		return NULL;
	v = isms_violation("ADD-1", ISMS_SQLSTATE_CHECK_VIOLATION);
	isms_viol_message(v, ISMS_MSG("certificate \"%s\" for \"%s\" needs a base certificate"),
					  c->number, ref);
	isms_viol_detail(v, ISMS_MSG("Rule ADD-1: \"%s\" is an add-on standard, certified only on top of an ISO/IEC 27001 certificate of the same organisation from the same certification body."),
					 ref);
	isms_viol_hint(v, ISMS_MSG("Set base_certificate_id of the certificate to its ISO/IEC 27001 certificate."));
	return v;
}

/*
 * ADD-6: the initial audit of an add-on's grant may be an audit held with
 * one of its base's, ending by the decision (and, with windows, within
 * stage2_decision_months of it).
 */
bool
isms_combined_audit_covers(const IsmsCert *c, const IsmsState *s,
						   const IsmsDecision *d, bool windows)
{
	int			i;

	if (c->base_id == 0 || s->status != ISMS_ST_DRAFT)
		return false;
	for (i = 0; i < c->naud; i++)
		if (c->aud[i].combined && c->aud[i].end <= d->decided &&
			(!windows || d->decided <= isms_add_months(c->aud[i].end,
													   c->p.stage2_decision_months)))
			return true;
	return false;
}

/*
 * ADD-5: combine the replayed timeline of add-on c with its base's, and
 * its as-of status.  A day on which both change shows the add-on's own
 * decision.
 */
void
isms_apply_base(IsmsCert *c, DateADT as_of)
{
	const IsmsCert *b = c->base;
	IsmsSegment *own = c->seg;
	int			nown = c->nseg,
				i = 0,
				j = 0;

	c->seg = NULL;
	c->nseg = 0;
	c->segcap = 0;
	while (i < nown || j < b->nseg)
	{
		bool		own_first = j >= b->nseg || (i < nown && own[i].from <= b->seg[j].from);
		DateADT		day = own_first ? own[i].from : b->seg[j].from;
		int64		id = own_first ? own[i].decision_id : b->seg[j].decision_id;
		int			os,
					bs,
					st;

		while (i < nown && own[i].from <= day)
			i++;
		while (j < b->nseg && b->seg[j].from <= day)
			j++;
		os = i > 0 ? own[i - 1].status : ISMS_ST_DRAFT;
		bs = j > 0 ? b->seg[j - 1].status : ISMS_ST_DRAFT;
		st = isms_addon_status(os, bs);
		if (c->nseg == 0 && st == ISMS_ST_DRAFT)
			continue;
		if (c->nseg > 0 && c->seg[c->nseg - 1].from == day)
		{
			c->seg[c->nseg - 1].status = st;
			c->seg[c->nseg - 1].decision_id = id;
			if (c->nseg > 1 && c->seg[c->nseg - 2].status == st)
				c->nseg--;
			continue;
		}
		if (c->nseg > 0 && c->seg[c->nseg - 1].status == st)
			continue;
		if (c->nseg >= c->segcap)
		{
			c->segcap = Max(8, c->segcap * 2);
			c->seg = c->seg ? repalloc(c->seg, sizeof(IsmsSegment) * c->segcap)
				: palloc(sizeof(IsmsSegment) * c->segcap);
		}
		c->seg[c->nseg].from = day;
		c->seg[c->nseg].status = st;
		c->seg[c->nseg].decision_id = id;
		c->nseg++;
	}
	c->asof.status = isms_addon_status(c->own_status, isms_status_on(b, as_of));
}

/*
 * Is the add-on's scope within the base's (NULL: the base has no scope
 * elements)?  Role elements are not looked for in the base; a scope of
 * roles only stands for the base's whole scope in those roles.
 */
static bool
addon_scope_within(const IsmsScopeSet *base, const IsmsScopeSet *addon)
{
	ScopeElem  *eb = palloc(sizeof(ScopeElem) * Max(addon->n, 1));
	int			i,
				k = 0;
	size_t		rl = strlen(role_kind);

	for (i = 0; i < addon->n; i++)
		if (!(scope_kind_len(&addon->elems[i]) == rl &&
			  memcmp(addon->elems[i].s, role_kind, rl) == 0))
			eb[k++] = addon->elems[i];
	/* only roles: the base's whole scope in that role */
	if (k == 0)
		return true;
	return base != NULL && scope_contains(base->elems, base->n, eb, k) != 0;
}

/*
 * Was the base's decision behind step `by` taken after the add-on's
 * decision behind step `st`?  Decision dates first; on the same day, the
 * one recorded later (the higher id) comes after.
 */
static inline bool
taken_after(const IsmsStep *by, const IsmsStep *st)
{
	return by->decided > st->decided ||
		(by->decided == st->decided && by->decision_id > st->decision_id);
}

/*
 * The status of base b at the moment the add-on's decision behind step st
 * was taken, on day: the base's decisions of earlier days, and those of
 * that day taken before the add-on's (decisions of one day are taken in
 * the order they were recorded).  *by is the base's step that set it (NULL:
 * none, or expiry by date).
 */
static int
base_status_at(const IsmsCert *b, DateADT day, const IsmsStep *st,
			   const IsmsStep **by)
{
	const IsmsStep *last = NULL;
	bool		later_same_day = false;
	int			k;

	for (k = 0; k < b->nstep && b->step[k].from <= day; k++)
	{
		if (b->step[k].from == day && taken_after(&b->step[k], st))
			later_same_day = true;
		else
			last = &b->step[k];
	}
	if (!later_same_day)
	{
		/* nothing of that day came after it: the status of the day */
		*by = isms_step_on(b, day);
		return isms_status_on(b, day);
	}
	*by = last;
	if (last == NULL)
		return ISMS_ST_DRAFT;
	if ((last->status == ISMS_ST_ACTIVE || last->status == ISMS_ST_SUSPENDED) &&
		isms_status_on(b, day - 1) == ISMS_ST_EXPIRED && last->from < day)
		return ISMS_ST_EXPIRED;
	if ((last->status == ISMS_ST_ACTIVE || last->status == ISMS_ST_SUSPENDED) &&
		last->has_cycle && day > last->expiry)
		return ISMS_ST_EXPIRED;
	return last->status;
}

/*
 * The status of base b on day, if it keeps the add-on's decision behind
 * step st from being taken then (0 if not): anything but active, unless
 * later_ok and a base decision taken after the add-on's set it.
 */
static int
base_against(const IsmsCert *b, DateADT day, const IsmsStep *st, bool later_ok)
{
	const IsmsStep *by;
	int			bs = base_status_at(b, day, st, &by);

	if (bs == ISMS_ST_ACTIVE)
		return 0;
	if (later_ok && by != NULL && by->status == bs && taken_after(by, st))
		return 0;
	return bs;
}

static IsmsViolation *
base_not_active(const IsmsCert *c, const IsmsStep *st, DateADT when, int bs,
				bool only_new)
{
	const IsmsCert *b = c->base;
	IsmsViolation *v = isms_violation(only_new ? (st->kind == ISMS_DK_GRANT ? "ADD-2" : "ADD-5") : "ADD-7",
									  ISMS_SQLSTATE_CHECK_VIOLATION);
	const char *id = isms_int_text(st->decision_id);

	switch (st->kind)
	{
		case ISMS_DK_GRANT:
			isms_viol_message(v, ISMS_MSG("add-on certificate \"%s\" cannot be granted while its base certificate \"%s\" is %s"),
							  c->number, b->number, isms_status_name(bs));
			break;
		case ISMS_DK_RECERTIFY:
			isms_viol_message(v, ISMS_MSG("add-on certificate \"%s\" cannot be recertified while its base certificate \"%s\" is %s"),
							  c->number, b->number, isms_status_name(bs));
			break;
		case ISMS_DK_RESTORE:
			isms_viol_message(v, ISMS_MSG("add-on certificate \"%s\" cannot be restored while its base certificate \"%s\" is %s"),
							  c->number, b->number, isms_status_name(bs));
			break;
		case ISMS_DK_OPEN:
			isms_viol_message(v, ISMS_MSG("add-on certificate \"%s\" cannot be opened while its base certificate \"%s\" is %s"),
							  c->number, b->number, isms_status_name(bs));
			break;
		case ISMS_DK_TRANSFER:
			isms_viol_message(v, ISMS_MSG("add-on certificate \"%s\" cannot be transferred while its base certificate \"%s\" is %s"),
							  c->number, b->number, isms_status_name(bs));
			break;
		default:
			isms_viol_message(v, ISMS_MSG("add-on certificate \"%s\" cannot be extended while its base certificate \"%s\" is %s"),
							  c->number, b->number, isms_status_name(bs));
			break;
	}
	if (st->kind == ISMS_DK_GRANT)
		isms_viol_detail(v, only_new ?
						 ISMS_MSG("Rule ADD-2: the base must be active on the day the add-on's grant (decision %s) is decided and takes effect; on %s it is %s.") :
						 ISMS_MSG("Rule ADD-7: a change to the base certificate breaks it. Rule ADD-2: the base must be active on the day the add-on's grant (decision %s) is decided and takes effect; on %s it is %s."),
						 id, isms_date_text(when), isms_status_name(bs));
	else
		isms_viol_detail(v, only_new ?
						 ISMS_MSG("Rule ADD-5: an add-on is never more valid than its base; the %s decision %s is decided %s and takes effect %s, and on %s the base is %s.") :
						 ISMS_MSG("Rule ADD-7: a change to the base certificate breaks it. Rule ADD-5: an add-on is never more valid than its base; the %s decision %s is decided %s and takes effect %s, and on %s the base is %s."),
						 isms_decision_name(st->kind), id,
						 isms_date_text(st->decided), isms_date_text(st->from),
						 isms_date_text(when), isms_status_name(bs));
	isms_viol_hint(v, ISMS_MSG("Record the base certificate's grant, reinstatement or restoration first."));
	return v;
}

/*
 * ADD-2..5 for add-on c against its base (both replayed).  Every decision
 * of the add-on that grants, recertifies, restores or extends it takes
 * effect while the base is active (ADD-2 for a grant, ADD-5 for the
 * others); on every day either history changes, while the add-on is
 * granted and not expired and the base not withdrawn or cancelled, the
 * add-on's scope lies within the base's (ADD-3) and its expiry is no later
 * than the base's (ADD-4).  only_new: the statement inserted decisions of
 * the add-on; check from the first of them on (from the start if one is a
 * correction); a new decision taking effect after the base was withdrawn
 * or cancelled is refused.  Otherwise (at commit, after its base changed)
 * check the whole history, as ADD-7.
 */
IsmsViolation *
isms_check_addon(const IsmsCert *c, bool only_new)
{
	const IsmsCert *b = c->base;
	DateADT		start = DATEVAL_NOBEGIN;
	IsmsViolation *v;
	int			i,
				j;

	if (b == NULL)
		return NULL;
	if (only_new)
	{
		bool		any = false;

		for (i = 0; i < c->ndec; i++)
			if (c->dec[i].is_new && (!any || c->dec[i].effective < start))
			{
				start = c->dec[i].effective;
				any = true;
			}
		if (!any)
			return NULL;
		/* a correction changes the history from the corrected decision on */
		for (i = 0; i < c->ndec; i++)
			if (c->dec[i].is_new && c->dec[i].corrects != 0)
				start = DATEVAL_NOBEGIN;
	}

	for (i = 0; i < c->nstep; i++)
	{
		const IsmsStep *st = &c->step[i];
		int			bs;
		DateADT		when = st->from;	/* the day the base is not active */

		if (st->from < start)
			continue;

		/*
		 * A decision on an add-on whose base was already withdrawn or
		 * cancelled: the add-on is withdrawn with it, and final.  (Decisions
		 * taking effect on the day the base ends, such as the add-on's own
		 * withdrawal, are still recorded.)
		 */
		bs = isms_status_on(b, st->from);
		if (only_new && st->is_new && isms_status_is_terminal(bs))
		{
			const IsmsStep *by = isms_step_on(b, st->from);

			if (!(by != NULL && by->status == bs && by->from == st->from))
			{
				return isms_check_base_final(c, b, st->kind, bs, st->from);
			}
		}

		/*
		 * ADD-2, ADD-5: a decision that makes the add-on valid needs its base
		 * active on the day it takes effect and on the day it is decided.  A
		 * base suspended, withdrawn or cancelled by a decision taken after
		 * the add-on's (a later day, or the same day and recorded later)
		 * overtakes it, and the add-on follows the base; on the day it takes
		 * effect that holds for the add-on's recorded decisions only (at
		 * commit, after a change of the base, or when a new correction has
		 * the whole history checked again), not for a new one.  A base that
		 * was not active when the add-on's decision was taken (a backdated
		 * suspension, an annulled reinstatement, renewal or grant) breaks
		 * it.
		 */
		if (!isms_kind_has(st->kind, ISMS_KP_MAKES_VALID))
			continue;
		bs = base_against(b, st->from, st, !only_new || !st->is_new);
		/* an opening: the base on the opening day, suspended with it */
		if (st->kind == ISMS_DK_OPEN)
			bs = (bs == ISMS_ST_SUSPENDED && st->status == bs) ? 0 : bs;
		else if (bs == 0 && st->decided < st->from)
		{
			bs = base_against(b, st->decided, st, true);
			when = st->decided;
		}
		if (bs != 0)
		{
			v = base_not_active(c, st, when, bs, only_new);
			v->names_decision = true;
			return v;
		}
	}

	/* ADD-3, ADD-4 on every day either history changes */
	i = j = 0;
	while (i < c->nstep || j < b->nstep)
	{
		bool		own_first = j >= b->nstep || (i < c->nstep && c->step[i].from <= b->step[j].from);
		DateADT		day = own_first ? c->step[i].from : b->step[j].from;
		const IsmsStep *sa,
				   *sb;
		int			bs;

		while (i < c->nstep && c->step[i].from <= day)
			i++;
		while (j < b->nstep && b->step[j].from <= day)
			j++;
		if (day < start)
			continue;
		sa = i > 0 ? &c->step[i - 1] : NULL;
		sb = j > 0 ? &b->step[j - 1] : NULL;
		if (sa == NULL ||
			!(sa->status == ISMS_ST_ACTIVE || sa->status == ISMS_ST_SUSPENDED) ||
			(sa->has_cycle && day > sa->expiry))
			continue;
		bs = isms_status_on(b, day);
		if (isms_status_is_terminal(bs))
			continue;			/* the add-on is withdrawn with it */

		if (sa->scope_set != NULL &&
			!addon_scope_within(sb ? sb->scope_set : NULL, sa->scope_set))
		{
			v = isms_violation(only_new ? "ADD-3" : "ADD-7", ISMS_SQLSTATE_CHECK_VIOLATION);
			isms_viol_message(v, ISMS_MSG("scope of add-on certificate \"%s\" is not contained in the scope of its base certificate \"%s\""),
							  c->number, b->number);
			if (sb == NULL || sb->scope_set == NULL)
				isms_viol_detail(v, only_new ?
								 ISMS_MSG("Rule ADD-3: on %s the add-on's scope is %s, and the base has no scope elements to contain it.") :
								 ISMS_MSG("Rule ADD-7: a change to the base certificate breaks it. Rule ADD-3: on %s the add-on's scope is %s, and the base has no scope elements to contain it."),
								 isms_date_text(day), sa->scope_set->text);
			else
				isms_viol_detail(v, only_new ?
								 ISMS_MSG("Rule ADD-3: on %s the add-on's scope %s is not contained in the base's scope %s.") :
								 ISMS_MSG("Rule ADD-7: a change to the base certificate breaks it. Rule ADD-3: on %s the add-on's scope %s is not contained in the base's scope %s."),
								 isms_date_text(day), sa->scope_set->text, sb->scope_set->text);
			isms_viol_hint(v, ISMS_MSG("Reduce the add-on's scope in the same transaction, or leave it empty to inherit the base's scope exactly."));
			v->names_decision = true;
			return v;
		}
		if (sa->has_cycle && sb != NULL && sb->has_cycle && sa->expiry > sb->expiry)
		{
			v = isms_violation(only_new ? "ADD-4" : "ADD-7", ISMS_SQLSTATE_CHECK_VIOLATION);
			isms_viol_message(v, ISMS_MSG("add-on certificate \"%s\" expires after its base certificate \"%s\""),
							  c->number, b->number);
			isms_viol_detail(v, only_new ?
							 ISMS_MSG("Rule ADD-4: on %s the add-on expires on %s and its base on %s.") :
							 ISMS_MSG("Rule ADD-7: a change to the base certificate breaks it. Rule ADD-4: on %s the add-on expires on %s and its base on %s."),
							 isms_date_text(day), isms_date_text(sa->expiry),
							 isms_date_text(sb->expiry));
			isms_viol_hint(v, ISMS_MSG("Give the add-on a new_expiry no later than its base's expiry date."));
			v->names_decision = true;
			return v;
		}
	}
	return NULL;
}

/* ADD-7: the first add-on among certs inconsistent with its base (replayed). */
IsmsViolation *
isms_check_addons_of(IsmsCert *certs, int ncert)
{
	int			i;
	IsmsViolation *v;

	for (i = 0; i < ncert; i++)
		if (certs[i].base != NULL && !certs[i].context_only &&
			(v = isms_check_addon(&certs[i], false)) != NULL)
			return v;
	return NULL;
}

/*
 * Has an add-on of base (among certs) a grant, recertification,
 * restoration or scope extension decided after day?  A suspension of the
 * base decided on day would have been in force when it was taken, so the
 * sweep does not decide one.  (Decisions taken on day or before are
 * overtaken by it: the add-on follows its base.)
 */
bool
isms_addon_decided_after(IsmsCert *certs, int ncert, const IsmsCert *base,
						 DateADT day)
{
	int			i,
				j;

	for (i = 0; i < ncert; i++)
		if (certs[i].base == base)
			for (j = 0; j < certs[i].ndec; j++)
			{
				const IsmsDecision *d = &certs[i].dec[j];

				if (d->decided > day && isms_kind_has(d->kind, ISMS_KP_MAKES_VALID))
					return true;
			}
	return false;
}

/*
 * ADD-1 on the link of a certificate to its base, from what the guard of
 * isms.certificate read (l): the first condition it breaks, or NULL.
 */
IsmsViolation *
isms_check_base_link(const IsmsBaseLink *l)
{
	IsmsViolation *v = isms_violation("ADD-1", ISMS_SQLSTATE_CHECK_VIOLATION);

	if (l->self)
		isms_viol_detail(v, ISMS_MSG("Rule ADD-1: a certificate cannot be its own base."));
	else if (l->is_base_scheme)
		isms_viol_detail(v, ISMS_MSG("Rule ADD-1: certificates of scheme \"%s\" are the bases of add-ons and cannot be add-ons themselves."),
						 l->scheme);
	else if (!l->addon_standard)
		isms_viol_detail(v, ISMS_MSG("Rule ADD-1: \"%s\" is not an add-on standard: no edition of it needs a base (isms.standard.needs_base)."),
						 l->standard);
	else if (l->base_scheme == NULL)
		isms_viol_detail(v, ISMS_MSG("Rule ADD-1: scheme \"%s\" of the add-on standard \"%s\" names no scheme of base certificates (isms.scheme.base_scheme)."),
						 l->scheme, l->standard);
	else if (strcmp(l->scheme_of_base, l->base_scheme) != 0)
		isms_viol_detail(v, ISMS_MSG("Rule ADD-1: the base of an add-on of scheme \"%s\" is a certificate of scheme \"%s\"; certificate \"%s\" is of scheme \"%s\"."),
						 l->scheme, l->base_scheme, l->base, l->scheme_of_base);
	else if (l->last_scheme != NULL && strcmp(l->last_scheme, l->base_scheme) != 0)
		isms_viol_detail(v, ISMS_MSG("Rule ADD-1: the base of an add-on of scheme \"%s\" is a certificate of scheme \"%s\", and keeps its scheme while it has add-ons; certificate \"%s\" has a recorded transition to \"%s\" of scheme \"%s\"."),
						 l->scheme, l->base_scheme, l->base, l->last_edition, l->last_scheme);
	else if (!l->base_has_no_base)
		isms_viol_detail(v, ISMS_MSG("Rule ADD-1: certificate \"%s\" is itself an add-on; a base has no base of its own."),
						 l->base);
	else if (!l->same_org)
		isms_viol_detail(v, ISMS_MSG("Rule ADD-1: base certificate \"%s\" belongs to another organisation."),
						 l->base);
	else if (!l->same_cb)
		isms_viol_detail(v, ISMS_MSG("Rule ADD-1: base certificate \"%s\" was issued by another certification body."),
						 l->base);
	else
		return NULL;
	isms_viol_message(v, ISMS_MSG("certificate \"%s\" cannot have base certificate \"%s\""),
					  l->number, l->base);
	if (l->base_scheme)
		isms_viol_hint(v, ISMS_MSG("Name the organisation's certificate of scheme \"%s\" issued by the same certification body."),
					   l->base_scheme);
	else
		isms_viol_hint(v, ISMS_MSG("Link only certificates of an add-on standard to a base."));
	return v;
}

/*
 * ADD-1 on a change of a base: certificate number is still the base of
 * add-on certificate addon, whose scheme names base_scheme (or NULL) for
 * its bases.
 */
IsmsViolation *
isms_base_keeps_addons(const char *number, const char *addon,
					   const char *base_scheme)
{
	IsmsViolation *v = isms_violation("ADD-1", ISMS_SQLSTATE_CHECK_VIOLATION);

	isms_viol_message(v, ISMS_MSG("certificate \"%s\" is the base of add-on certificate \"%s\""),
					  number, addon);
	if (base_scheme)
		isms_viol_detail(v, ISMS_MSG("Rule ADD-1: a base stays a certificate of scheme \"%s\" of its add-ons' organisation and certification body."),
						 base_scheme);
	else
		isms_viol_detail(v, ISMS_MSG("Rule ADD-1: a base stays a certificate of its add-ons' organisation and certification body, of the scheme their schemes name as base scheme."));
	isms_viol_hint(v, ISMS_MSG("Unlink the add-on (set its base_certificate_id) first."));
	return v;
}

/*
 * ADD-6, the facts alone (no allocation, for the rows of a bulk check): an
 * audit combined with an audit of the add-on's base (of_base) of kind
 * base_kind, overlapping it or not.
 */
bool
isms_combined_audit_ok(bool of_base, int base_kind, bool overlaps)
{
	return of_base && overlaps &&
		(base_kind == ISMS_AK_SURVEILLANCE || base_kind == ISMS_AK_RECERTIFICATION);
}

/*
 * ADD-6 on audit audit of add-on certificate number combined with audit other
 * (of certificate of_certificate; of_base when that is the add-on's base,
 * base_kind its kind, overlaps when the two audits overlap): the first
 * condition it breaks, or NULL.
 */
IsmsViolation *
isms_check_combined_audit(const char *audit, const char *number, const char *other,
						  const char *of_certificate, bool of_base,
						  int base_kind, bool overlaps)
{
	IsmsViolation *v;

	if (isms_combined_audit_ok(of_base, base_kind, overlaps))
		return NULL;
	v = isms_violation("ADD-6", ISMS_SQLSTATE_CHECK_VIOLATION);
	if (!of_base)
		isms_viol_detail(v, ISMS_MSG("Rule ADD-6: audit %s is an audit of certificate \"%s\", not of the base of certificate \"%s\"."),
						 other, of_certificate, number);
	else if (base_kind != ISMS_AK_SURVEILLANCE && base_kind != ISMS_AK_RECERTIFICATION)
		isms_viol_detail(v, ISMS_MSG("Rule ADD-6: an add-on's audit is held together with a surveillance or recertification audit of its base certificate; audit %s of the base is of kind \"%s\"."),
						 other, isms_audit_name(base_kind));
	else if (!overlaps)
		isms_viol_detail(v, ISMS_MSG("Rule ADD-6: an add-on's audit is held at the same time as the base's audit it is combined with; audit %s of the base does not overlap it."),
						 other);
	else
		return NULL;
	isms_viol_message(v, ISMS_MSG("audit %s of certificate \"%s\" cannot be combined with audit %s"),
					  audit, number, other);
	isms_viol_hint(v, ISMS_MSG("Name an overlapping surveillance or recertification audit of the base certificate."));
	return v;
}
