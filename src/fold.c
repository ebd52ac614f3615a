/*-------------------------------------------------------------------------
 *
 * fold.c
 *	  isms.fold_text(): text with compatibility forms folded (NFKC) in a
 *	  UTF8 database, unchanged in any other.  The lookups build on it
 *	  (85_lookups.sql): the key of a certificate number, the search name of
 *	  an organisation, the code of a certification body.
 *
 *	  A C function rather than SQL: its test of the database encoding is
 *	  STABLE, and inside an SQL body it kept isms.number_key() from being
 *	  inlined into the stored key of isms.certificate, which every UPDATE of
 *	  a certificate recomputes (a table with BEFORE UPDATE row triggers
 *	  recomputes its generated columns on every update).  ASCII text, the
 *	  usual certificate number, is returned as it is without normalizing.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "mb/pg_wchar.h"
#include "utils/builtins.h"

/* ASCII text is its own NFKC form: no code point below 128 decomposes. */
static bool
text_is_ascii(const text *t)
{
	const unsigned char *p = (const unsigned char *) VARDATA_ANY(t);
	const unsigned char *end = p + VARSIZE_ANY_EXHDR(t);

	for (; p < end; p++)
		if (*p >= 0x80)
			return false;
	return true;
}

PG_FUNCTION_INFO_V1(isms_fold_text);
Datum
isms_fold_text(PG_FUNCTION_ARGS)
{
	Datum		t = PG_GETARG_DATUM(0);

	if (GetDatabaseEncoding() != PG_UTF8 ||
		text_is_ascii(PG_GETARG_TEXT_PP(0)))
		PG_RETURN_DATUM(t);
	PG_RETURN_DATUM(DirectFunctionCall2(unicode_normalize_func, t,
										CStringGetTextDatum("NFKC")));
}
