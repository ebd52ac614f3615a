/*-------------------------------------------------------------------------
 *
 * rules_scope.c
 *	  SCO-1, the scope of a certificate: a reduction stays within the scope
 *	  in force and says what it reduces, an extension keeps the whole scope
 *	  and has a special audit of its own.  Scopes are compared as parsed
 *	  sets (IsmsScopeSet, parsed once by the load).  Pure.
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

/* The rule ID as data (rules_tables.c cites it). */
const char *const isms_rule_sco1 = "SCO-1";

/* Does scope a contain scope b? */
bool
isms_scope_contains_set(const IsmsScopeSet *a, const IsmsScopeSet *b)
{
	return scope_contains(a->elems, a->n, b->elems, b->n) != 0;
}

/*
 * Each extension needs its own audit: by its decision date, the cycle holds
 * at least as many special audits as extensions.
 */
static IsmsViolation *
check_extension_audit(const IsmsCert *c, const IsmsState *s, const IsmsDecision *d)
{
	int			next = 0,
				naud = 0,
				i;
	IsmsViolation *v;

	for (i = 0; i < c->ndec; i++)
		if (c->dec[i].kind == ISMS_DK_EXTEND_SCOPE &&
			c->dec[i].decided >= s->cycle_start &&
			c->dec[i].decided <= d->decided)
			next++;
	for (i = 0; i < c->naud; i++)
		if (c->aud[i].kind == ISMS_AK_SPECIAL &&
			isms_in_cycle(&c->aud[i], s) &&
			c->aud[i].end <= d->decided)
			naud++;
	if (naud >= next)
		return NULL;
	v = isms_violation("SCO-1", ISMS_SQLSTATE_CHECK_VIOLATION);
	isms_viol_message(v, ISMS_MSG("scope of certificate \"%s\" cannot be extended without an extension audit"),
					  c->number);
	isms_viol_detail(v, ISMS_MSG("Rule SCO-1: each scope extension needs its own special audit; by the decision date %s the current cycle (started %s) counts special audits: %s, scope extensions: %s."),
					 isms_date_text(d->decided), isms_date_text(s->cycle_start),
					 isms_int_text(naud), isms_int_text(next));
	isms_viol_hint(v, ISMS_MSG("Record the special (extension) audit before the decision."));
	return v;
}

/*
 * A reduction or extension of the scope.  The scope in force of an add-on
 * without one of its own is its base's.
 */
/*
 * SCO-1, the row alone: only a scope reduction or extension carries a new
 * scope statement or scope.  kind 0 (not known) is left to the table's
 * constraints.
 */
IsmsViolation *
isms_check_scope_row(int kind, bool has_scope)
{
	IsmsViolation *v;

	if (kind == 0 || !has_scope ||
		kind == ISMS_DK_REDUCE_SCOPE || kind == ISMS_DK_EXTEND_SCOPE)
		return NULL;
	v = isms_violation("SCO-1", ISMS_SQLSTATE_CHECK_VIOLATION);
	isms_viol_message(v, ISMS_MSG("a decision of kind \"%s\" cannot change the scope"),
					  isms_decision_name(kind));
	isms_viol_detail(v, ISMS_MSG("Rule SCO-1: a certificate's scope changes only by a \"reduce_scope\" or \"extend_scope\" decision (new_scope_statement, new_scope); this decision is of kind \"%s\"."),
					 isms_decision_name(kind));
	isms_viol_hint(v, ISMS_MSG("Leave new_scope_statement and new_scope empty, or record a scope decision."));
	return v;
}

IsmsViolation *
isms_check_scope(const IsmsCert *c, const IsmsState *s, const IsmsDecision *d)
{
	bool		reduce = (d->kind == ISMS_DK_REDUCE_SCOPE);
	const IsmsScopeSet *in_force = s->scope_set;
	IsmsViolation *v;

	if (!isms_kind_has(d->kind, ISMS_KP_CHANGES_SCOPE))
		return NULL;
	if (d->kind == ISMS_DK_EXTEND_SCOPE && isms_audit_family(c) &&
		(v = check_extension_audit(c, s, d)) != NULL)
		return v;
	if (reduce && d->is_new && d->new_scope == NULL && d->new_scope_set == NULL)
	{
		v = isms_violation("SCO-1", ISMS_SQLSTATE_CHECK_VIOLATION);
		isms_viol_message(v, ISMS_MSG("scope reduction of certificate \"%s\" gives no new scope"),
						  c->number);
		isms_viol_detail(v, ISMS_MSG("Rule SCO-1: a reduce_scope decision gives the reduced scope in new_scope, its new wording in new_scope_statement, or both; this one gives neither."));
		isms_viol_hint(v, ISMS_MSG("Give new_scope_statement, new_scope or both."));
		return v;
	}
	if (in_force == NULL && c->base != NULL)
	{
		const IsmsStep *st = isms_step_on(c->base, d->effective);

		in_force = st ? st->scope_set : c->base->initial_scope_set;
	}
	if (in_force == NULL || d->new_scope_set == NULL)
		return NULL;
	if (reduce ? isms_scope_contains_set(in_force, d->new_scope_set)
		: isms_scope_contains_set(d->new_scope_set, in_force))
		return NULL;
	v = isms_violation("SCO-1", ISMS_SQLSTATE_CHECK_VIOLATION);
	if (reduce)
	{
		isms_viol_message(v, ISMS_MSG("scope reduction of certificate \"%s\" goes beyond its scope"),
						  c->number);
		isms_viol_detail(v, ISMS_MSG("Rule SCO-1: the new scope %s is not contained in the scope in force %s."),
						 d->new_scope_set->text, in_force->text);
		isms_viol_hint(v, ISMS_MSG("A reduction keeps a part of the scope; to add elements, record an extension after a special audit."));
	}
	else
	{
		isms_viol_message(v, ISMS_MSG("scope extension of certificate \"%s\" drops part of its scope"),
						  c->number);
		isms_viol_detail(v, ISMS_MSG("Rule SCO-1: the new scope %s does not contain the scope in force %s."),
						 d->new_scope_set->text, in_force->text);
		isms_viol_hint(v, ISMS_MSG("An extension keeps the whole scope; to drop elements, record a reduction."));
	}
	return v;
}
