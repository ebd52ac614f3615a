/*-------------------------------------------------------------------------
 *
 * stdref.c
 *	  The standard-reference type isms.stdref: fmgr wrappers around the
 *	  plain-C parser and formatter of the stdref_*.c files (doc/stdref.md).
 *
 * The stored value is the 44-byte struct StdRef, fixed length, passed by
 * reference, int4-aligned.  Every value is made by stdref_parse(), which
 * zeroes every unused byte, so equal values have equal bytes and hashing
 * looks at the bytes.  The binary form is the canonical text, checked on
 * receipt like text input.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "catalog/pg_type.h"
#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/sortsupport.h"

#include "stdref.h"

StaticAssertDecl(sizeof(StdRef) == STDREF_SIZE,
				 "isms.stdref is stored as 44 bytes (INTERNALLENGTH in the install script)");
StaticAssertDecl(sizeof(StdAmd) == 6, "StdAmd has no hidden padding");

#define DatumGetStdRefP(d)		((const StdRef *) DatumGetPointer(d))
#define PG_GETARG_STDREF_P(n)	DatumGetStdRefP(PG_GETARG_DATUM(n))
#define PG_RETURN_STDREF_P(p)	PG_RETURN_POINTER(p)

#define STDREF_HINT \
	"A standard reference is a family (ISO, IEC, ISO/IEC, or JIS with its division letter), an optional TS, TR or PAS, a number with its parts, the edition year and any amendments, e.g. \"ISO/IEC 27001:2022\", \"IEC 62443-2-1:2010\", \"JIS Q 27001:2023\" or \"ISO/IEC 27001:2022/Amd 1:2024\"; isms.standard lists the standards the registry knows."

/*
 * The parser's message, in the server encoding: it may quote a character of
 * the input, which it has decoded as valid UTF-8.
 */
static char *
detail_to_server(const char *err)
{
	if (GetDatabaseEncoding() == PG_UTF8 || GetDatabaseEncoding() == PG_SQL_ASCII)
		return (char *) err;
	return pg_any_to_server(err, strlen(err), PG_UTF8);
}

PG_FUNCTION_INFO_V1(isms_stdref_in);
Datum
isms_stdref_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	char	   *utf8;
	StdRef	   *r = (StdRef *) palloc0(sizeof(StdRef));
	char		err[STDREF_ERR_MAX];

	/*
	 * The parser reads UTF-8 (and checks it).  In a SQL_ASCII database the
	 * bytes are taken as UTF-8 as they are, so that invalid ones get the
	 * parser's 22P02 rather than a conversion error.
	 */
	if (GetDatabaseEncoding() == PG_UTF8 || GetDatabaseEncoding() == PG_SQL_ASCII)
		utf8 = str;
	else
		utf8 = pg_server_to_any(str, strlen(str), PG_UTF8);
	if (stdref_parse(utf8, strlen(utf8), r, err, sizeof(err)) < 0)
		ereturn(fcinfo->context, (Datum) 0,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"isms.stdref", str),
				 errdetail("%s", detail_to_server(err)),
				 errhint(STDREF_HINT)));
	PG_RETURN_STDREF_P(r);
}

PG_FUNCTION_INFO_V1(isms_stdref_out);
Datum
isms_stdref_out(PG_FUNCTION_ARGS)
{
	const StdRef *r = PG_GETARG_STDREF_P(0);
	char	   *buf = palloc(STDREF_TEXT_MAX);

	stdref_format(r, buf, STDREF_TEXT_MAX);
	PG_RETURN_CSTRING(buf);
}

/*
 * Binary input: the canonical text, exactly as isms_stdref_send writes it
 * (printable ASCII, no length word beyond the message's own).  Anything
 * else, including another spelling of a valid reference, is 22P03.
 */
PG_FUNCTION_INFO_V1(isms_stdref_recv);
Datum
isms_stdref_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = buf->len - buf->cursor;
	const char *bytes = pq_getmsgbytes(buf, len);
	StdRef	   *r = (StdRef *) palloc0(sizeof(StdRef));
	char		err[STDREF_ERR_MAX];
	char		canon[STDREF_TEXT_MAX];
	int			clen;
	int			i;

	if (len >= STDREF_TEXT_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s", "isms.stdref"),
				 errdetail("The binary form is the canonical text, at most %d bytes; received %d bytes.",
						   STDREF_TEXT_MAX - 1, len)));
	for (i = 0; i < len; i++)
		if (bytes[i] < 0x20 || bytes[i] > 0x7E)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid binary value for type %s", "isms.stdref"),
					 errdetail("The binary form is the canonical text in printable ASCII; byte %d is 0x%02X.",
							   i + 1, (unsigned char) bytes[i])));
	if (stdref_parse(bytes, (size_t) len, r, err, sizeof(err)) < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s: \"%.*s\"",
						"isms.stdref", len, bytes),
				 errdetail("%s", err)));
	clen = stdref_format(r, canon, sizeof(canon));
	if (clen != len || memcmp(canon, bytes, len) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s: \"%.*s\"",
						"isms.stdref", len, bytes),
				 errdetail("The binary form is the canonical text \"%s\".", canon)));
	PG_RETURN_STDREF_P(r);
}

PG_FUNCTION_INFO_V1(isms_stdref_send);
Datum
isms_stdref_send(PG_FUNCTION_ARGS)
{
	const StdRef *r = PG_GETARG_STDREF_P(0);
	char		text[STDREF_TEXT_MAX];
	int			n = stdref_format(r, text, sizeof(text));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, text, n);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * Comparison, hashing.  None of these can fail, so they are LEAKPROOF in
 * the install script.
 */
PG_FUNCTION_INFO_V1(isms_stdref_cmp);
Datum
isms_stdref_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(stdref_cmp(PG_GETARG_STDREF_P(0), PG_GETARG_STDREF_P(1)));
}

#define STDREF_CMP_FUNC(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(stdref_cmp(PG_GETARG_STDREF_P(0), PG_GETARG_STDREF_P(1)) op 0); \
}

STDREF_CMP_FUNC(isms_stdref_eq, ==)
STDREF_CMP_FUNC(isms_stdref_ne, !=)
STDREF_CMP_FUNC(isms_stdref_lt, <)
STDREF_CMP_FUNC(isms_stdref_le, <=)
STDREF_CMP_FUNC(isms_stdref_gt, >)
STDREF_CMP_FUNC(isms_stdref_ge, >=)

static int
stdref_fastcmp(Datum x, Datum y, SortSupport ssup)
{
	(void) ssup;
	return stdref_cmp(DatumGetStdRefP(x), DatumGetStdRefP(y));
}

PG_FUNCTION_INFO_V1(isms_stdref_sortsupport);
Datum
isms_stdref_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	ssup->comparator = stdref_fastcmp;
	PG_RETURN_VOID();
}

/* Equal values have equal bytes (every unused byte is zero): hash them. */
PG_FUNCTION_INFO_V1(isms_stdref_hash);
Datum
isms_stdref_hash(PG_FUNCTION_ARGS)
{
	return hash_any((const unsigned char *) PG_GETARG_STDREF_P(0), sizeof(StdRef));
}

PG_FUNCTION_INFO_V1(isms_stdref_hash_extended);
Datum
isms_stdref_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_any_extended((const unsigned char *) PG_GETARG_STDREF_P(0),
							 sizeof(StdRef), PG_GETARG_INT64(1));
}

/* Transition functions of the max(stdref) and min(stdref) aggregates. */
PG_FUNCTION_INFO_V1(isms_stdref_larger);
Datum
isms_stdref_larger(PG_FUNCTION_ARGS)
{
	const StdRef *a = PG_GETARG_STDREF_P(0);
	const StdRef *b = PG_GETARG_STDREF_P(1);

	PG_RETURN_STDREF_P(stdref_cmp(a, b) >= 0 ? a : b);
}

PG_FUNCTION_INFO_V1(isms_stdref_smaller);
Datum
isms_stdref_smaller(PG_FUNCTION_ARGS)
{
	const StdRef *a = PG_GETARG_STDREF_P(0);
	const StdRef *b = PG_GETARG_STDREF_P(1);

	PG_RETURN_STDREF_P(stdref_cmp(a, b) <= 0 ? a : b);
}

/*
 * Accessors
 */

/* isms.std_number(stdref): the standard without edition, 'IEC 62443-2-1'. */
PG_FUNCTION_INFO_V1(isms_std_number);
Datum
isms_std_number(PG_FUNCTION_ARGS)
{
	char		buf[STDREF_TEXT_MAX];
	int			n = stdref_format_standard(PG_GETARG_STDREF_P(0), buf, sizeof(buf));

	PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, n));
}

/* isms.std_part(stdref): the part numbers, '{2,1}'; '{}' when there are none. */
PG_FUNCTION_INFO_V1(isms_std_part);
Datum
isms_std_part(PG_FUNCTION_ARGS)
{
	const StdRef *r = PG_GETARG_STDREF_P(0);
	Datum		parts[STDREF_MAX_PARTS];
	int			n = Min(r->nparts, STDREF_MAX_PARTS);
	int			i;

	if (n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(INT4OID));
	for (i = 0; i < n; i++)
		parts[i] = Int32GetDatum((int32) r->parts[i]);
	PG_RETURN_ARRAYTYPE_P(construct_array(parts, n, INT4OID, sizeof(int32), true,
										  TYPALIGN_INT));
}

/* isms.std_edition(stdref): the edition year, NULL when undated. */
PG_FUNCTION_INFO_V1(isms_std_edition);
Datum
isms_std_edition(PG_FUNCTION_ARGS)
{
	const StdRef *r = PG_GETARG_STDREF_P(0);

	if (r->edition == 0)
		PG_RETURN_NULL();
	PG_RETURN_INT32((int32) r->edition);
}

/* isms.std_amendments(stdref): '{"Amd 1:2024"}'; '{}' when there are none. */
PG_FUNCTION_INFO_V1(isms_std_amendments);
Datum
isms_std_amendments(PG_FUNCTION_ARGS)
{
	const StdRef *r = PG_GETARG_STDREF_P(0);
	Datum		amds[STDREF_MAX_AMDS];
	int			n = Min(r->namds, STDREF_MAX_AMDS);
	int			i;

	if (n == 0)
		PG_RETURN_ARRAYTYPE_P(construct_empty_array(TEXTOID));
	for (i = 0; i < n; i++)
	{
		char		buf[32];
		int			len = stdref_format_amd(&r->amds[i], buf, sizeof(buf));

		amds[i] = PointerGetDatum(cstring_to_text_with_len(buf, len));
	}
	PG_RETURN_ARRAYTYPE_P(construct_array(amds, n, TEXTOID, -1, false,
										  TYPALIGN_INT));
}

/* isms.std_same_standard(a, b) and the operator ~=: edition ignored. */
PG_FUNCTION_INFO_V1(isms_std_same_standard);
Datum
isms_std_same_standard(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(stdref_same_standard(PG_GETARG_STDREF_P(0),
										PG_GETARG_STDREF_P(1)));
}

/* isms.std_without_edition(stdref): 'ISO/IEC 27001:2022/Amd 1:2024' -> 'ISO/IEC 27001'. */
PG_FUNCTION_INFO_V1(isms_std_without_edition);
Datum
isms_std_without_edition(PG_FUNCTION_ARGS)
{
	StdRef	   *r = (StdRef *) palloc0(sizeof(StdRef));

	stdref_without_edition(PG_GETARG_STDREF_P(0), r);
	PG_RETURN_STDREF_P(r);
}
