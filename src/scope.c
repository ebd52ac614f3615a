/*-------------------------------------------------------------------------
 *
 * scope.c
 *	  The certification-scope type isms.scope: input and output, binary
 *	  I/O, comparison and hashing, the set operators, the element functions
 *	  and the GIN operator class.
 *
 * Parsing, formatting and the set operations are plain C (scope_parse.c);
 * this file stores their results and calls them on stored values.
 *
 * Stored form (varlena, 4-byte aligned), canonical so that equal scopes
 * have equal bytes (equality and hashing look at the bytes):
 *
 *	 int32	vl_len_
 *	 uint32 nelems				at most SCOPE_MAX_ELEMS
 *	 uint32 off[nelems + 1]		start of each element in the data area;
 *								off[nelems] is the size of the data area
 *	 char	data[]				internal forms (scope.h), in canonical order,
 *								without terminators
 *
 * Internal forms are UTF-8 in every database encoding; input and output
 * convert from and to the server encoding.
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
#include "isms.h"

#include "access/gin.h"
#include "access/htup_details.h"
#include "access/stratnum.h"
#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "scope.h"

typedef struct IsmsScope
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint32		nelems;
	uint32		off[FLEXIBLE_ARRAY_MEMBER];
} IsmsScope;

#define SCOPE_HDRSZ(n)	(offsetof(IsmsScope, off) + sizeof(uint32) * ((n) + 1))

#define DatumGetIsmsScopeP(d)		((IsmsScope *) PG_DETOAST_DATUM(d))
#define PG_GETARG_ISMS_SCOPE_P(n)	DatumGetIsmsScopeP(PG_GETARG_DATUM(n))
#define PG_RETURN_ISMS_SCOPE_P(x)	PG_RETURN_POINTER(x)

/* GIN strategies of isms.scope_gin_ops */
#define SCOPE_OVERLAP_STRATEGY		1	/* && */
#define SCOPE_CONTAINS_STRATEGY		2	/* @> */
#define SCOPE_CONTAINED_STRATEGY	3	/* <@ */
#define SCOPE_EQUAL_STRATEGY		4	/* = */

#define SHOWN_INPUT_MAX 100		/* bytes of a bad input quoted in errors */

/*
 * The elements of a stored scope, pointing into it.  Corrupt values are
 * clamped to their size (never read beyond it), so that the comparison and
 * hash functions, which are LEAKPROOF, raise no error.
 */
static ScopeElem *
scope_view(const IsmsScope *sc, int *n)
{
	Size		size = VARSIZE(sc);
	uint32		count = sc->nelems;
	uint32		maxcount;
	const char *data;
	Size		datalen;
	ScopeElem  *e;
	uint32		prev = 0;
	uint32		i;

	maxcount = size >= SCOPE_HDRSZ(0) ?
		(uint32) ((size - SCOPE_HDRSZ(0)) / sizeof(uint32)) : 0;
	if (count > maxcount)
		count = maxcount;
	data = (const char *) sc + SCOPE_HDRSZ(count);
	datalen = size >= SCOPE_HDRSZ(count) ? size - SCOPE_HDRSZ(count) : 0;
	e = palloc(sizeof(ScopeElem) * Max(count, 1));
	for (i = 0; i < count; i++)
	{
		uint32		start = (uint32) Min(Max(sc->off[i], prev), datalen);
		uint32		end = (uint32) Min(Max(sc->off[i + 1], start), datalen);

		e[i].s = data + start;
		e[i].len = end - start;
		prev = end;
	}
	*n = (int) count;
	return e;
}

/*
 * Store a canonical list of elements.  what names the operation for the
 * error raised when the result exceeds the limits of the type.
 */
static IsmsScope *
scope_build(const ScopeElem *e, int n, const char *what)
{
	Size		total = 0;
	IsmsScope  *sc;
	char	   *data;
	int			i;

	for (i = 0; i < n; i++)
		total += e[i].len;
	if (n > SCOPE_MAX_ELEMS || total > SCOPE_MAX_BYTES)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("result of %s exceeds the limits of type %s", what, "isms.scope"),
				 errdetail("The result would have %d elements and %zu bytes; a scope has at most %d elements and %d bytes.",
						   n, (size_t) total, SCOPE_MAX_ELEMS, SCOPE_MAX_BYTES)));
	sc = palloc0(SCOPE_HDRSZ(n) + total);
	SET_VARSIZE(sc, SCOPE_HDRSZ(n) + total);
	sc->nelems = (uint32) n;
	data = (char *) sc + SCOPE_HDRSZ(n);
	total = 0;
	for (i = 0; i < n; i++)
	{
		sc->off[i] = (uint32) total;
		memcpy(data + total, e[i].s, e[i].len);
		total += e[i].len;
	}
	sc->off[n] = (uint32) total;
	return sc;
}

static bool
server_is_utf8(void)
{
	int			enc = GetDatabaseEncoding();

	return enc == PG_UTF8 || enc == PG_SQL_ASCII;
}

/* UTF-8 text (not NUL-terminated) as a palloc'd string in the server encoding. */
static char *
utf8_to_server(const char *s, size_t len)
{
	char	   *copy = pnstrdup(s, len);

	if (server_is_utf8())
		return copy;
	return pg_any_to_server(copy, (int) len, PG_UTF8);
}

/* The start of a bad input, for error messages. */
static char *
shown_input(const char *str)
{
	int			len = (int) strlen(str);

	if (len <= SHOWN_INPUT_MAX)
		return (char *) str;
	return psprintf("%.*s...", pg_mbcliplen(str, len, SHOWN_INPUT_MAX), str);
}

/*
 * Parse text in the server encoding.  Returns NULL with a message in err
 * (SCOPE_ERRLEN bytes) if the text is not a valid scope.
 */
static IsmsScope *
scope_from_text(const char *str, size_t len, char *err)
{
	const char *utf8 = str;
	char	   *buf;
	ScopeElem  *elems;
	int			n;
	IsmsScope  *result;

	if (len > SCOPE_MAX_INPUT)
	{
		snprintf(err, SCOPE_ERRLEN, "A scope is written in at most %d bytes.", SCOPE_MAX_INPUT);
		return NULL;
	}
	if (!server_is_utf8())
	{
		utf8 = pg_server_to_any(str, (int) len, PG_UTF8);
		len = strlen(utf8);
	}
	buf = palloc(len + 1);
	elems = palloc(sizeof(ScopeElem) * SCOPE_MAX_ELEMS);
	n = scope_parse(utf8, len, buf, len + 1, elems, err, SCOPE_ERRLEN);
	result = n < 0 ? NULL : scope_build(elems, n, "input");
	pfree(elems);
	pfree(buf);
	return result;
}

/* Canonical text in the server encoding. */
static char *
scope_to_text(const IsmsScope *sc)
{
	int			n;
	ScopeElem  *e = scope_view(sc, &n);
	size_t		len = scope_format(e, n, NULL, 0);
	char	   *buf = palloc(len + 1);

	scope_format(e, n, buf, len + 1);
	pfree(e);
	if (server_is_utf8())
		return buf;
	return pg_any_to_server(buf, (int) len, PG_UTF8);
}

/* ----------------------------------------------------------------
 * Input, output, binary I/O
 * ----------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(isms_scope_in);
Datum
isms_scope_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	char		err[SCOPE_ERRLEN];
	IsmsScope  *result = scope_from_text(str, strlen(str), err);

	if (result == NULL)
		ereturn(fcinfo->context, (Datum) 0,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"isms.scope", shown_input(str)),
				 errdetail("%s", err)));
	PG_RETURN_ISMS_SCOPE_P(result);
}

PG_FUNCTION_INFO_V1(isms_scope_out);
Datum
isms_scope_out(PG_FUNCTION_ARGS)
{
	IsmsScope  *sc = PG_GETARG_ISMS_SCOPE_P(0);

	PG_RETURN_CSTRING(scope_to_text(sc));
}

/*
 * Binary form: a format byte (1), then the canonical text in the client
 * encoding.  The text is parsed again on receipt.
 */
#define SCOPE_BINARY_FORMAT 1

PG_FUNCTION_INFO_V1(isms_scope_recv);
Datum
isms_scope_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			format;
	char	   *str;
	int			nbytes;
	char		err[SCOPE_ERRLEN];
	IsmsScope  *result;

	if (buf->cursor >= buf->len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s", "isms.scope"),
				 errdetail("The value is empty; it starts with a format byte.")));
	format = pq_getmsgbyte(buf);
	if (format != SCOPE_BINARY_FORMAT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s", "isms.scope"),
				 errdetail("Unknown format byte %d (expected %d).", format, SCOPE_BINARY_FORMAT)));
	str = pq_getmsgtext(buf, buf->len - buf->cursor, &nbytes);
	result = scope_from_text(str, (size_t) nbytes, err);
	if (result == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s", "isms.scope"),
				 errdetail("%s", err)));
	pfree(str);
	PG_RETURN_ISMS_SCOPE_P(result);
}

PG_FUNCTION_INFO_V1(isms_scope_send);
Datum
isms_scope_send(PG_FUNCTION_ARGS)
{
	IsmsScope  *sc = PG_GETARG_ISMS_SCOPE_P(0);
	char	   *text = scope_to_text(sc);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SCOPE_BINARY_FORMAT);
	pq_sendtext(&buf, text, (int) strlen(text));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

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

/* ----------------------------------------------------------------
 * Element functions
 * ----------------------------------------------------------------
 */

PG_FUNCTION_INFO_V1(isms_scope_count);
Datum
isms_scope_count(PG_FUNCTION_ARGS)
{
	int			n;
	ScopeElem  *e = scope_view(PG_GETARG_ISMS_SCOPE_P(0), &n);

	pfree(e);
	PG_RETURN_INT32(n);
}

/* The distinct kinds, in order (the elements are sorted by kind). */
PG_FUNCTION_INFO_V1(isms_scope_kinds);
Datum
isms_scope_kinds(PG_FUNCTION_ARGS)
{
	int			n;
	ScopeElem  *e = scope_view(PG_GETARG_ISMS_SCOPE_P(0), &n);
	Datum	   *kinds = palloc(sizeof(Datum) * Max(n, 1));
	int			nk = 0;
	uint32		prevlen = 0;
	const char *prev = NULL;
	int			i;

	for (i = 0; i < n; i++)
	{
		uint32		klen = scope_kind_len(&e[i]);

		if (prev != NULL && klen == prevlen && memcmp(prev, e[i].s, klen) == 0)
			continue;
		kinds[nk++] = PointerGetDatum(cstring_to_text_with_len(e[i].s, klen));
		prev = e[i].s;
		prevlen = klen;
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(kinds, nk, TEXTOID, -1, false, TYPALIGN_INT));
}

typedef struct ElementsState
{
	ScopeElem  *e;
	int			n;
} ElementsState;

/* isms.scope_elements(scope): rows (kind, path), in canonical order */
PG_FUNCTION_INFO_V1(isms_scope_elements);
Datum
isms_scope_elements(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	ElementsState *st;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext oldcontext;
		TupleDesc	tupdesc;

		funcctx = SRF_FIRSTCALL_INIT();
		oldcontext = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		funcctx->tuple_desc = BlessTupleDesc(tupdesc);
		st = palloc(sizeof(ElementsState));
		st->e = scope_view(PG_GETARG_ISMS_SCOPE_P(0), &st->n);
		funcctx->user_fctx = st;
		MemoryContextSwitchTo(oldcontext);
	}
	funcctx = SRF_PERCALL_SETUP();
	st = (ElementsState *) funcctx->user_fctx;
	if (funcctx->call_cntr < (uint64) st->n)
	{
		const ScopeElem *e = &st->e[funcctx->call_cntr];
		uint32		klen = scope_kind_len(e);
		size_t		plen = scope_format_path(e, NULL, 0);
		char	   *path = palloc(plen + 1);
		Datum		values[2];
		bool		nulls[2] = {false, false};
		HeapTuple	tuple;

		scope_format_path(e, path, plen + 1);
		values[0] = PointerGetDatum(cstring_to_text_with_len(e->s, klen));
		values[1] = CStringGetTextDatum(utf8_to_server(path, plen));
		tuple = heap_form_tuple(funcctx->tuple_desc, values, nulls);
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(tuple));
	}
	SRF_RETURN_DONE(funcctx);
}

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
