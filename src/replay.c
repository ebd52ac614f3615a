/*-------------------------------------------------------------------------
 *
 * replay.c
 *	  The state machine of a certificate's history: its decisions applied in
 *	  order (effective date, then id) to the status, the cycle, the scope
 *	  and the standard in force, with expiry by date, giving the timeline
 *	  of statuses (segments), the steps the add-on rules compare, and the
 *	  state on a given day.  Pure: the rule checks it runs on the way
 *	  (rules_*.c) return violations, which it hands back.
 *
 * Every writer path (decision triggers, audit triggers, the sweep) and every
 * reader (status_at, valid_periods, the audit programme) goes through this
 * replay, so that they all give the same answer for the same history.
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

/* The rule ID as data (the sweep's reasons, programme labels). */
const char *const isms_rule_rec2 = "REC-2";

static void
push_segment(IsmsCert *c, DateADT from, int status, int64 decision_id)
{
	/*
	 * An expiry by date falls on the day of the last change at the
	 * earliest: a cycle begun after the end of its edition's validity (a
	 * transition recorded afterwards) ends the day it begins.
	 */
	if (c->nseg > 0 && from < c->seg[c->nseg - 1].from)
		from = c->seg[c->nseg - 1].from;
	if (c->nseg > 0 && c->seg[c->nseg - 1].from == from)
	{
		/* several changes on one day: the last one holds */
		c->seg[c->nseg - 1].status = status;
		c->seg[c->nseg - 1].decision_id = decision_id;
		if (c->nseg > 1 && c->seg[c->nseg - 2].status == status)
			c->nseg--;
		return;
	}
	if (c->nseg > 0 && c->seg[c->nseg - 1].status == status)
		return;
	if (c->nseg >= c->segcap)
	{
		c->segcap = Max(8, c->segcap * 2);
		c->seg = c->seg ? repalloc(c->seg, sizeof(IsmsSegment) * c->segcap)
			: palloc(sizeof(IsmsSegment) * c->segcap);
	}
	c->seg[c->nseg].from = from;
	c->seg[c->nseg].status = status;
	c->seg[c->nseg].decision_id = decision_id;
	c->nseg++;
}

/*
 * Last day of validity of the state's cycle: its expiry date, or for a
 * certificate still on an old edition the end of that edition's validity,
 * whichever comes first.
 */
DateADT
isms_valid_end(const IsmsState *s)
{
	if (s->old_edition && s->old_edition->has_valid_limit &&
		s->old_edition->old_valid_until < s->expiry)
		return s->old_edition->old_valid_until;
	return s->expiry;
}

/*
 * Bring the state forward to day: on the day after the end of its validity
 * an active or suspended certificate is expired, with no decision (REC-2;
 * a suspended one too, SUS-3).
 */
static void
advance(IsmsCert *c, IsmsState *s, DateADT day, bool record)
{
	DateADT		end = isms_valid_end(s);

	if ((s->status == ISMS_ST_ACTIVE || s->status == ISMS_ST_SUSPENDED) &&
		s->has_cycle && day > end)
	{
		s->status = ISMS_ST_EXPIRED;
		if (record)
			push_segment(c, end + 1, ISMS_ST_EXPIRED, 0);
	}
}

static void
add_warning(IsmsCert *c, IsmsViolation *w)
{
	c->warnings = c->warnings ?
		repalloc(c->warnings, sizeof(IsmsViolation *) * (c->nwarning + 1)) :
		palloc(sizeof(IsmsViolation *));
	c->warnings[c->nwarning++] = w;
}

/*
 * Every check of one decision against the state before it, in the order in
 * which a writer should fix them: is the decision allowed in that status,
 * its dates against the windows, its evidence, the edition, the scope, the
 * surveillance programme, the base of an add-on.
 */
static IsmsViolation *
check_decision(IsmsCert *c, const IsmsState *s, IsmsDecision *d, int to,
			   IsmsReplayMode mode, bool check)
{
	IsmsViolation *v = NULL;

	if (to == 0)
		v = isms_check_transition(c, s, d);
	if (v == NULL && mode == ISMS_REPLAY_NEW && check)
		v = isms_check_cycle_windows(c, s, d);
	if (v == NULL && mode == ISMS_REPLAY_NEW && check)
		v = isms_check_extension(c, s, d);
	if (v == NULL && check)
		v = isms_check_cycle_evidence(c, s, d, true);
	if (v == NULL && check)
		v = isms_check_edition(c, s, d);
	if (v == NULL && check)
		v = isms_check_scope(c, s, d);
	if (v == NULL && check)
		v = isms_check_programme(c, s, d);
	if (v == NULL && check)
		v = isms_check_needs_base(c, s, d);
	if (v != NULL && !v->names_decision && !d->is_new)
		v->existing = d;
	return v;
}

/*
 * Replay the history of c.  Fills c->seg (the status timeline), c->step,
 * c->asof (the state on as_of) and c->final; returns the first violation
 * found (NULL: none).
 *
 * ISMS_REPLAY_NEW (decisions inserted): every decision must be a legal
 * transition; the new decisions, and every existing decision that takes
 * effect after the first new one (its history changed), must satisfy every
 * rule.  ISMS_REPLAY_AUDITS (audits changed): every decision must still
 * have its evidence.  ISMS_REPLAY_LENIENT (readers): illegal decisions are
 * skipped, nothing is returned.
 *
 * Two kinds of decision do not apply: an "annul" (it only voids the
 * decision it corrects, which the load already dropped), and a decision
 * decided before the certificate was withdrawn or cancelled but effective
 * after it (overtaken by the end of the certificate).
 */
IsmsViolation *
isms_replay_history(IsmsCert *c, DateADT as_of, IsmsReplayMode mode)
{
	IsmsState	s;
	int			i;
	bool		asof_taken = false;
	bool		affected = false;
	bool		has_changed_from = false;
	DateADT		changed_from = 0;
	IsmsViolation *v;

	/* an add-on's status follows its base's */
	if (c->base && !c->base->replayed)
		(void) isms_replay_history(c->base, as_of, ISMS_REPLAY_LENIENT);

	memset(&s, 0, sizeof(s));
	s.status = ISMS_ST_DRAFT;
	s.scope = c->initial_scope;
	s.scope_set = c->initial_scope_set;
	s.standard = c->initial_standard;
	s.old_edition = isms_transition_leaving(c->ref, s.standard);
	c->nseg = 0;
	c->segcap = 0;
	c->seg = NULL;
	c->nstep = 0;
	c->nwarning = 0;
	c->warnings = NULL;
	c->step = c->ndec > 0 ? palloc(sizeof(IsmsStep) * c->ndec) : NULL;

	/*
	 * A new correction or annulment changes the history from the effective
	 * date of the decision it replaces: every decision from there on is
	 * checked again, as if it were new.
	 */
	for (i = 0; i < c->ndec; i++)
		if (c->dec[i].is_new && c->dec[i].has_corrects_effective &&
			(!has_changed_from || c->dec[i].corrects_effective < changed_from))
		{
			has_changed_from = true;
			changed_from = c->dec[i].corrects_effective;
		}

	for (i = 0; i < c->ndec; i++)
	{
		IsmsDecision *d = &c->dec[i];
		int			to;
		bool		check;

		if (d->is_new || (has_changed_from && d->effective >= changed_from))
			affected = true;
		if (d->kind == ISMS_DK_ANNUL)
			continue;
		check = mode == ISMS_REPLAY_AUDITS || (mode == ISMS_REPLAY_NEW && affected);

		if (!asof_taken && d->effective > as_of)
		{
			c->asof = s;
			advance(c, &c->asof, as_of, false);
			asof_taken = true;
		}

		/*
		 * A recertification may take effect on the day after the expiry date:
		 * the new cycle then continues the old one without a lapse.
		 */
		if (d->kind == ISMS_DK_RECERTIFY && s.has_cycle &&
			(s.status == ISMS_ST_ACTIVE || s.status == ISMS_ST_SUSPENDED) &&
			d->effective == s.expiry + 1)
			advance(c, &s, s.expiry, true);
		else
			advance(c, &s, d->effective, true);

		/* overtaken by a withdrawal or cancellation decided after it */
		if (isms_status_is_terminal(s.status) && d->decided < s.terminal_decided)
			continue;

		to = isms_decision_outcome(s.status, d->kind);

		/*
		 * A recertification decided while the certificate was active, and
		 * suspended before it took effect, still renews the cycle; the
		 * certificate stays suspended.
		 */
		if (d->kind == ISMS_DK_RECERTIFY && s.status == ISMS_ST_SUSPENDED &&
			d->decided < s.suspended_decided)
			to = ISMS_ST_SUSPENDED;
		/* an opening enters the certificate in its status (rules_opening.c) */
		to = isms_opening_outcome(d, to);

		if (to != 0 && (v = isms_check_missing_expiry(c, d)) != NULL)
		{
			if (mode != ISMS_REPLAY_LENIENT)
				return v;
			to = 0;				/* lenient: cannot apply it */
		}
		if (mode != ISMS_REPLAY_LENIENT)
		{
			IsmsViolation *w;

			if ((v = check_decision(c, &s, d, to, mode, check)) != NULL)
				return v;
			if (mode == ISMS_REPLAY_NEW && d->is_new &&
				(w = isms_check_long_suspension(c, &s, d, to)) != NULL)
				add_warning(c, w);
		}
		else if (to == 0)
			continue;

		if (isms_kind_has(d->kind, ISMS_KP_OPENS_CYCLE))
		{
			s.has_cycle = true;
			s.cycle_start = d->decided;	/* CYC-2 */
			s.expiry = d->new_expiry;
			s.cycle_expiry = d->new_expiry;
			s.initial_cycle = (d->kind == ISMS_DK_GRANT);
			if (!s.has_original)
			{
				s.has_original = true;
				s.original = d->effective;	/* REC-5 */
			}
			isms_apply_opening(&s, d);	/* the opening's own facts */
		}
		/* an extension moves the expiry date, not the cycle's own one */
		if (isms_kind_has(d->kind, ISMS_KP_MOVES_EXPIRY) && d->has_expiry)
			s.expiry = d->new_expiry;
		if (d->kind == ISMS_DK_TRANSFER)
			isms_apply_transfer(&s, d);	/* rules_transfer.c */
		if (isms_kind_has(d->kind, ISMS_KP_NEW_REVISION))
			s.revision++;
		if (d->kind == ISMS_DK_SUSPEND)
		{
			s.suspended_since = d->effective;
			s.suspended_decided = d->decided;
		}
		if (isms_kind_has(d->kind, ISMS_KP_ENDS))
			s.terminal_decided = d->decided;
		if (d->new_scope)
			s.scope = d->new_scope;
		if (d->new_scope_set)
			s.scope_set = d->new_scope_set;
		if (d->new_standard)
		{
			s.standard = d->new_standard;
			s.old_edition = isms_transition_leaving(c->ref, s.standard);
		}
		s.status = to;
		s.last_effective = d->effective;
		push_segment(c, d->effective, to, d->id);
		{
			IsmsStep   *st = &c->step[c->nstep++];

			st->from = d->effective;
			st->decided = d->decided;
			st->kind = d->kind;
			st->status = to;
			st->has_cycle = s.has_cycle;
			st->expiry = s.expiry;
			st->scope_set = s.scope_set;
			st->decision_id = d->id;
			st->is_new = d->is_new;
		}
	}
	if (!asof_taken)
	{
		c->asof = s;
		advance(c, &c->asof, as_of, false);
	}
	c->final = s;
	/* the final expiry, if nothing follows it (and it is not the last date) */
	if ((s.status == ISMS_ST_ACTIVE || s.status == ISMS_ST_SUSPENDED) &&
		s.has_cycle && IS_VALID_DATE(isms_valid_end(&s) + 1))
		push_segment(c, isms_valid_end(&s) + 1, ISMS_ST_EXPIRED, 0);

	c->own_status = c->asof.status;
	c->replayed = true;
	if (c->base)
	{
		isms_apply_base(c, as_of);
		if (mode == ISMS_REPLAY_NEW)
			return isms_check_addon(c, true);
	}
	return NULL;
}

/* Status of the certificate on day, from the replayed timeline. */
int
isms_status_on(const IsmsCert *c, DateADT day)
{
	int			i;
	int			st = ISMS_ST_DRAFT;

	for (i = 0; i < c->nseg && c->seg[i].from <= day; i++)
		st = c->seg[i].status;
	return st;
}

/* The last step of c taking effect on or before day, or NULL. */
const IsmsStep *
isms_step_on(const IsmsCert *c, DateADT day)
{
	const IsmsStep *found = NULL;
	int			i;

	for (i = 0; i < c->nstep && c->step[i].from <= day; i++)
		found = &c->step[i];
	return found;
}

static bool
text_differs(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

/* Do the stored derived columns differ from the as-of state? */
bool
isms_cert_changed(const IsmsCert *c)
{
	const IsmsState *s = &c->asof;

	if (c->stored_status != s->status || c->stored_revision != s->revision ||
		c->stored_has_cycle != s->has_cycle ||
		c->stored_has_original != s->has_original)
		return true;
	if (s->has_cycle && (c->stored_expiry != s->expiry ||
						 c->stored_cycle_start != s->cycle_start))
		return true;
	if (s->has_original && c->stored_original != s->original)
		return true;
	return text_differs(c->stored_scope, s->scope) ||
		text_differs(c->stored_standard, s->standard) ||
		text_differs(c->stored_scope_set ? c->stored_scope_set->text : NULL,
					 s->scope_set ? s->scope_set->text : NULL);
}
