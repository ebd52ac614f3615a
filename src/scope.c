/*-------------------------------------------------------------------------
 *
 * scope.c
 *	  The certification-scope type isms.scope: input and output, binary
 *	  I/O and the element functions (scope_ops.c has comparison, hashing
 *	  and the set operators, scope_gin.c the GIN operator class).
 *
 * Parsing, formatting and the set operations are plain C (scope_parse.c,
 * scope_set.c); this file stores their results and calls them on stored
 * values.
 *
 * The stored form is described in scope_type.h.
 *
 * Internal forms are UTF-8 in every database encoding; input and output
 * convert from and to the server encoding.
 *
 *-------------------------------------------------------------------------
 */
#include "scope_type.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"

#define SHOWN_INPUT_MAX 100		/* bytes of a bad input quoted in errors */

/*
 * The elements of a stored scope, pointing into it.  Corrupt values are
 * clamped to their size (never read beyond it), so that the comparison and
 * hash functions, which are LEAKPROOF, raise no error.
 */
ScopeElem *
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
IsmsScope *
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
