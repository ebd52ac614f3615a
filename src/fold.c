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
 *	  recomputes its generated columns on every update).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

PG_FUNCTION_INFO_V1(isms_fold_text);
Datum
isms_fold_text(PG_FUNCTION_ARGS)
{
	Datum		t = PG_GETARG_DATUM(0);

	if (GetDatabaseEncoding() != PG_UTF8)
		PG_RETURN_DATUM(t);
	PG_RETURN_DATUM(DirectFunctionCall2(unicode_normalize_func, t,
										CStringGetTextDatum("NFKC")));
}
