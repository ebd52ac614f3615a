/*-------------------------------------------------------------------------
 *
 * scope_ops.c
 *	  The operators of isms.scope: comparison and hashing (LEAKPROOF, on
 *	  the canonical bytes), and the set relations and operations computed
 *	  by scope_set.c on stored values.
 *
 *-------------------------------------------------------------------------
 */
#include "scope_type.h"

#include "common/hashfn.h"

/* ----------------------------------------------------------------
 * Comparison and hashing (LEAKPROOF: no errors on any value)
 * ----------------------------------------------------------------
 */

/* Sorting and hashing call these many times in one memory context. */
static void
free_if_copy(void *detoasted, Datum orig)
{
	if ((Pointer) detoasted != DatumGetPointer(orig))
		pfree(detoasted);
}

/* Equality of canonical values is equality of their bytes. */
static bool
scope_bytes_equal(Datum a, Datum b)
{
	struct varlena *va = PG_DETOAST_DATUM_PACKED(a);
	struct varlena *vb = PG_DETOAST_DATUM_PACKED(b);
	Size		la = VARSIZE_ANY_EXHDR(va);
	bool		eq;

	eq = la == VARSIZE_ANY_EXHDR(vb) &&
		memcmp(VARDATA_ANY(va), VARDATA_ANY(vb), la) == 0;
	free_if_copy(va, a);
	free_if_copy(vb, b);
	return eq;
}

/* Total order: element by element (by kind, then path), then by count. */
static int
scope_compare(Datum a, Datum b)
{
	IsmsScope  *sa = DatumGetIsmsScopeP(a);
	IsmsScope  *sb = DatumGetIsmsScopeP(b);
	int			na;
	int			nb;
	ScopeElem  *ea = scope_view(sa, &na);
	ScopeElem  *eb = scope_view(sb, &nb);
	int			c = scope_cmp(ea, na, eb, nb);

	pfree(ea);
	pfree(eb);
	free_if_copy(sa, a);
	free_if_copy(sb, b);
	return c;
}

PG_FUNCTION_INFO_V1(isms_scope_eq);
Datum
isms_scope_eq(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(scope_bytes_equal(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

PG_FUNCTION_INFO_V1(isms_scope_ne);
Datum
isms_scope_ne(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(!scope_bytes_equal(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

PG_FUNCTION_INFO_V1(isms_scope_lt);
Datum
isms_scope_lt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(scope_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) < 0);
}

PG_FUNCTION_INFO_V1(isms_scope_le);
Datum
isms_scope_le(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(scope_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) <= 0);
}

PG_FUNCTION_INFO_V1(isms_scope_gt);
Datum
isms_scope_gt(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(scope_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) > 0);
}

PG_FUNCTION_INFO_V1(isms_scope_ge);
Datum
isms_scope_ge(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(scope_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)) >= 0);
}

PG_FUNCTION_INFO_V1(isms_scope_cmp);
Datum
isms_scope_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(scope_compare(PG_GETARG_DATUM(0), PG_GETARG_DATUM(1)));
}

PG_FUNCTION_INFO_V1(isms_scope_hash);
Datum
isms_scope_hash(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	Datum		h = hash_any((const unsigned char *) VARDATA_ANY(v),
							 VARSIZE_ANY_EXHDR(v));

	free_if_copy(v, PG_GETARG_DATUM(0));
	return h;
}

PG_FUNCTION_INFO_V1(isms_scope_hash_extended);
Datum
isms_scope_hash_extended(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(0));
	Datum		h = hash_any_extended((const unsigned char *) VARDATA_ANY(v),
									  VARSIZE_ANY_EXHDR(v), PG_GETARG_INT64(1));

	free_if_copy(v, PG_GETARG_DATUM(0));
	return h;
}

/* ----------------------------------------------------------------
 * Set relations and operations
 * ----------------------------------------------------------------
 */

typedef struct ScopeArgs
{
	ScopeElem  *a;
	int			na;
	ScopeElem  *b;
	int			nb;
} ScopeArgs;

static void
get_args(FunctionCallInfo fcinfo, ScopeArgs *args)
{
	args->a = scope_view(PG_GETARG_ISMS_SCOPE_P(0), &args->na);
	args->b = scope_view(PG_GETARG_ISMS_SCOPE_P(1), &args->nb);
}

/* a @> b: every element of b is covered by an element of a */
PG_FUNCTION_INFO_V1(isms_scope_contains);
Datum
isms_scope_contains(PG_FUNCTION_ARGS)
{
	ScopeArgs	x;

	get_args(fcinfo, &x);
	PG_RETURN_BOOL(scope_contains(x.a, x.na, x.b, x.nb));
}

/* a <@ b */
PG_FUNCTION_INFO_V1(isms_scope_contained);
Datum
isms_scope_contained(PG_FUNCTION_ARGS)
{
	ScopeArgs	x;

	get_args(fcinfo, &x);
	PG_RETURN_BOOL(scope_contains(x.b, x.nb, x.a, x.na));
}

/* a && b: some element of one covers some element of the other */
PG_FUNCTION_INFO_V1(isms_scope_overlaps);
Datum
isms_scope_overlaps(PG_FUNCTION_ARGS)
{
	ScopeArgs	x;

	get_args(fcinfo, &x);
	PG_RETURN_BOOL(scope_overlaps(x.a, x.na, x.b, x.nb));
}

PG_FUNCTION_INFO_V1(isms_scope_union);
Datum
isms_scope_union(PG_FUNCTION_ARGS)
{
	ScopeArgs	x;
	ScopeElem  *out;
	int			n;

	get_args(fcinfo, &x);
	out = palloc(sizeof(ScopeElem) * Max(x.na + x.nb, 1));
	n = scope_union(x.a, x.na, x.b, x.nb, out);
	PG_RETURN_ISMS_SCOPE_P(scope_build(out, n, "scope union"));
}

PG_FUNCTION_INFO_V1(isms_scope_intersect);
Datum
isms_scope_intersect(PG_FUNCTION_ARGS)
{
	ScopeArgs	x;
	ScopeElem  *out;
	int			n;

	get_args(fcinfo, &x);
	out = palloc(sizeof(ScopeElem) * Max(x.na + x.nb, 1));
	n = scope_intersect(x.a, x.na, x.b, x.nb, out);
	PG_RETURN_ISMS_SCOPE_P(scope_build(out, n, "scope intersection"));
}

PG_FUNCTION_INFO_V1(isms_scope_minus);
Datum
isms_scope_minus(PG_FUNCTION_ARGS)
{
	ScopeArgs	x;
	ScopeElem  *out;
	int			n;

	get_args(fcinfo, &x);
	out = palloc(sizeof(ScopeElem) * Max(x.na, 1));
	n = scope_difference(x.a, x.na, x.b, x.nb, out);
	PG_RETURN_ISMS_SCOPE_P(scope_build(out, n, "scope difference"));
}
