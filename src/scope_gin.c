/*-------------------------------------------------------------------------
 *
 * scope_gin.c
 *	  The GIN operator class of isms.scope (isms.scope_gin_ops).
 *
 * GIN: the keys of a scope are the internal forms of its elements, as text
 * compared byte-wise.  A query scope q is searched with:
 *	 col @> q	exact keys: every ancestor-or-self of every element of q;
 *				the row matches iff for each element of q one of its keys is
 *				present (exact, no recheck)
 *	 col && q	exact keys for the strict ancestors of each element of q,
 *				plus a partial-match key per element that matches the
 *				element and its descendants; any key present (exact)
 *	 col <@ q	partial-match keys as for &&, plus rows without elements;
 *				rechecked
 *	 col = q	exact keys: the elements of q; all present; rechecked
 *
 *-------------------------------------------------------------------------
 */
#include "scope_type.h"

#include "access/gin.h"
#include "access/stratnum.h"
#include "utils/array.h"
#include "utils/builtins.h"

/* GIN strategies of isms.scope_gin_ops */
#define SCOPE_OVERLAP_STRATEGY		1	/* && */
#define SCOPE_CONTAINS_STRATEGY		2	/* @> */
#define SCOPE_CONTAINED_STRATEGY	3	/* <@ */
#define SCOPE_EQUAL_STRATEGY		4	/* = */

/* ----------------------------------------------------------------
 * GIN support
 * ----------------------------------------------------------------
 */

static int
key_cmp(const text *a, const text *b)
{
	int			la = VARSIZE_ANY_EXHDR(a);
	int			lb = VARSIZE_ANY_EXHDR(b);
	int			c = memcmp(VARDATA_ANY(a), VARDATA_ANY(b), Min(la, lb));

	if (c != 0)
		return c < 0 ? -1 : 1;
	return la == lb ? 0 : (la < lb ? -1 : 1);
}

/* Keys compare byte-wise (whatever the collation). */
PG_FUNCTION_INFO_V1(isms_scope_gin_cmp);
Datum
isms_scope_gin_cmp(PG_FUNCTION_ARGS)
{
	text	   *a = PG_GETARG_TEXT_PP(0);
	text	   *b = PG_GETARG_TEXT_PP(1);
	int			c = key_cmp(a, b);

	PG_FREE_IF_COPY(a, 0);
	PG_FREE_IF_COPY(b, 1);
	PG_RETURN_INT32(c);
}

static Datum
make_key(const char *s, uint32 len)
{
	return PointerGetDatum(cstring_to_text_with_len(s, (int) len));
}

PG_FUNCTION_INFO_V1(isms_scope_gin_extract_value);
Datum
isms_scope_gin_extract_value(PG_FUNCTION_ARGS)
{
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	int			n;
	ScopeElem  *e = scope_view(PG_GETARG_ISMS_SCOPE_P(0), &n);
	Datum	   *keys = palloc(sizeof(Datum) * Max(n, 1));
	int			i;

	for (i = 0; i < n; i++)
		keys[i] = make_key(e[i].s, e[i].len);
	*nkeys = n;
	PG_RETURN_POINTER(keys);
}

PG_FUNCTION_INFO_V1(isms_scope_gin_extract_query);
Datum
isms_scope_gin_extract_query(PG_FUNCTION_ARGS)
{
	int32	   *nkeys = (int32 *) PG_GETARG_POINTER(1);
	StrategyNumber strategy = PG_GETARG_UINT16(2);
	bool	  **pmatch = (bool **) PG_GETARG_POINTER(3);
	Pointer   **extra_data = (Pointer **) PG_GETARG_POINTER(4);
	int32	   *searchMode = (int32 *) PG_GETARG_POINTER(6);
	int			n;
	ScopeElem  *e = scope_view(PG_GETARG_ISMS_SCOPE_P(0), &n);
	int			maxkeys = 0;
	Datum	   *keys;
	bool	   *partial;
	Pointer    *extra;
	int32	   *owner;
	int			k = 0;
	int			i;
	int			d;

	for (i = 0; i < n; i++)
		maxkeys += scope_depth(&e[i]);
	keys = palloc(sizeof(Datum) * Max(maxkeys, 1));
	partial = palloc0(sizeof(bool) * Max(maxkeys, 1));
	extra = palloc(sizeof(Pointer) * Max(maxkeys, 1));
	owner = palloc(sizeof(int32) * Max(n, 1));
	*searchMode = GIN_SEARCH_MODE_DEFAULT;

	switch (strategy)
	{
		case SCOPE_CONTAINS_STRATEGY:
			/* each element and its ancestors; extra_data: whose key */
			for (i = 0; i < n; i++)
			{
				owner[i] = i;
				for (d = 1; d <= scope_depth(&e[i]); d++)
				{
					extra[k] = (Pointer) &owner[i];
					keys[k++] = make_key(e[i].s, scope_prefix_len(&e[i], d));
				}
			}
			if (n == 0)
				*searchMode = GIN_SEARCH_MODE_ALL;	/* everything @> {} */
			*extra_data = extra;
			break;
		case SCOPE_OVERLAP_STRATEGY:
			/* strict ancestors exactly; the element and descendants partially */
			for (i = 0; i < n; i++)
			{
				int			depth = scope_depth(&e[i]);

				for (d = 1; d <= depth; d++)
				{
					partial[k] = (d == depth);
					keys[k++] = make_key(e[i].s, scope_prefix_len(&e[i], d));
				}
			}
			/* nothing overlaps {}: no keys in default mode matches nothing */
			break;
		case SCOPE_CONTAINED_STRATEGY:
			/* rows with an element under q, and rows without elements */
			for (i = 0; i < n; i++)
			{
				partial[k] = true;
				keys[k++] = make_key(e[i].s, e[i].len);
			}
			*searchMode = GIN_SEARCH_MODE_INCLUDE_EMPTY;
			break;
		case SCOPE_EQUAL_STRATEGY:
			for (i = 0; i < n; i++)
				keys[k++] = make_key(e[i].s, e[i].len);
			if (n == 0)
				*searchMode = GIN_SEARCH_MODE_INCLUDE_EMPTY;
			break;
		default:
			elog(ERROR, "isms.scope_gin_ops: unrecognized strategy number %d", strategy);
	}
	*pmatch = partial;
	*nkeys = k;
	PG_RETURN_POINTER(keys);
}

/*
 * Partial match of the key of a query element q: q itself and its
 * descendants (q followed by SEP), which follow q in the key order; the
 * first other key ends the scan.
 */
PG_FUNCTION_INFO_V1(isms_scope_gin_compare_partial);
Datum
isms_scope_gin_compare_partial(PG_FUNCTION_ARGS)
{
	text	   *q = PG_GETARG_TEXT_PP(0);
	text	   *key = PG_GETARG_TEXT_PP(1);
	int			lq = VARSIZE_ANY_EXHDR(q);
	int			lk = VARSIZE_ANY_EXHDR(key);
	const char *k = VARDATA_ANY(key);

	if (lk < lq || memcmp(VARDATA_ANY(q), k, lq) != 0)
		PG_RETURN_INT32(1);		/* past the keys starting with q */
	if (lk == lq || k[lq] == SCOPE_SEP)
		PG_RETURN_INT32(0);
	PG_RETURN_INT32(1);			/* q + a byte > SEP: past the descendants */
}

PG_FUNCTION_INFO_V1(isms_scope_gin_consistent);
Datum
isms_scope_gin_consistent(PG_FUNCTION_ARGS)
{
	bool	   *check = (bool *) PG_GETARG_POINTER(0);
	StrategyNumber strategy = PG_GETARG_UINT16(1);
	int32		nkeys = PG_GETARG_INT32(3);
	Pointer    *extra_data = (Pointer *) PG_GETARG_POINTER(4);
	bool	   *recheck = (bool *) PG_GETARG_POINTER(5);
	bool		res = false;
	int			i;

	switch (strategy)
	{
		case SCOPE_CONTAINS_STRATEGY:
			/* for every query element, one of its keys is present */
			*recheck = false;
			res = true;
			i = 0;
			while (i < nkeys && res)
			{
				int32		owner = *(int32 *) extra_data[i];
				bool		any = false;

				for (; i < nkeys && *(int32 *) extra_data[i] == owner; i++)
					any = any || check[i];
				res = any;
			}
			break;
		case SCOPE_OVERLAP_STRATEGY:
			*recheck = false;
			for (i = 0; i < nkeys && !res; i++)
				res = check[i];
			break;
		case SCOPE_CONTAINED_STRATEGY:
			/* only rows with a key under q, or without keys, get here */
			*recheck = true;
			res = true;
			break;
		case SCOPE_EQUAL_STRATEGY:
			*recheck = true;
			res = true;
			for (i = 0; i < nkeys && res; i++)
				res = check[i];
			break;
		default:
			elog(ERROR, "isms.scope_gin_ops: unrecognized strategy number %d", strategy);
	}
	PG_RETURN_BOOL(res);
}
