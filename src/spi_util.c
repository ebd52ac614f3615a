/*-------------------------------------------------------------------------
 *
 * spi_util.c
 *	  The SPI layer: connecting, kept plans (one idiom: IsmsPlan, or
 *	  isms_prepare_kept for a plan kept by hand), execution with a fresh
 *	  snapshot, and array parameters.  See spi_util.h for how SQL texts are
 *	  kept immune to the caller's search_path.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "jit/jit.h"
#include "miscadmin.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/guc.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

void
isms_spi_connect(void)
{
	int			ret = SPI_connect();

	if (ret != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(ret));
}

/*
 * The oid of the table isms.<name>; InvalidOid where the extension's SQL
 * has no such table (yet: a table of a later version, before ALTER
 * EXTENSION isms UPDATE).
 */
Oid
isms_table_oid(const char *name)
{
	Oid			nsp = get_namespace_oid("isms", true);

	return OidIsValid(nsp) ? get_relname_relid(name, nsp) : InvalidOid;
}

/* Whether isms.<table> has the column (not before the update that adds it). */
bool
isms_column_exists(const char *table, const char *column)
{
	Oid			rel = isms_table_oid(table);

	return OidIsValid(rel) && get_attnum(rel, column) != InvalidAttrNumber;
}

/*
 * The owner of the table isms.<name>; InvalidOid where there is no such
 * table.  Looked up each time (syscache probes), so that an extension
 * dropped and created again, or its tables given to another owner, is
 * followed.
 */
Oid
isms_table_owner(const char *name)
{
	Oid			relid = isms_table_oid(name);
	HeapTuple	tup;
	Oid			owner;

	if (!OidIsValid(relid))
		return InvalidOid;
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		elog(ERROR, "cache lookup failed for relation %u", relid);
	owner = ((Form_pg_class) GETSTRUCT(tup))->relowner;
	ReleaseSysCache(tup);
	return owner;
}

/* The owner of the extension's tables (that of isms.certificate): the role the checks run as. */
Oid
isms_tables_owner(void)
{
	Oid			owner = isms_table_owner("certificate");

	if (!OidIsValid(owner))
		elog(ERROR, "table isms.certificate does not exist");
	return owner;
}

/*
 * Connect for a rule check: every query until isms_spi_finish_owner runs as
 * the owner of the extension's tables, with row-level security not forced
 * on it, as ri_triggers.c runs a foreign-key check (see spi_util.h).  The
 * caller's user and security context are saved in *save and restored by
 * isms_spi_finish_owner; on an error, by the abort of the (sub)transaction,
 * which restores the user it started with (xact.c), as for PostgreSQL's own
 * checks.  SECURITY_LOCAL_USERID_CHANGE keeps SET ROLE out meanwhile.
 */
void
isms_spi_connect_owner(IsmsSpiUser *save)
{
	Oid			owner = isms_tables_owner();

	isms_spi_connect();
	GetUserIdAndSecContext(&save->userid, &save->sec_context);
	SetUserIdAndSecContext(owner, save->sec_context |
						   SECURITY_LOCAL_USERID_CHANGE | SECURITY_NOFORCE_RLS);
	save->guc_nestlevel = -1;
}

/*
 * Connect for the work of a whole statement (a statement trigger, a check
 * deferred to commit): as isms_spi_connect_owner, and with JIT compilation
 * off until isms_spi_finish_owner (isms_jit_off; the sweep and
 * isms.refresh, which read as the caller, call it themselves).
 */
void
isms_spi_connect_statement(IsmsSpiUser *save)
{
	isms_spi_connect_owner(save);
	save->guc_nestlevel = isms_jit_off();
}

void
isms_spi_finish_owner(IsmsSpiUser *save)
{
	SetUserIdAndSecContext(save->userid, save->sec_context);
	SPI_finish();
	isms_jit_restore(save->guc_nestlevel);
}

/*
 * JIT compilation off while isms runs the queries of a statement's checks,
 * as a function's SET jit = off would do (a GUC nesting level of its own).
 * Those queries are index look-ups and joins of a statement's rows whose
 * estimated cost grows with the statement (a COPY of 100,000 audits), so
 * the planner asks for JIT, and then every execution compiles (and
 * optimizes and inlines) its expressions anew: JIT code is not kept with a
 * plan.  It never pays for itself there: it cost the COPY of the audits
 * of a registry of 10,000 certificates 12% of its CPU time and half its
 * memory (bench/README.md).  Returns the nesting level for
 * isms_jit_restore, or -1 where JIT is off already (nothing to undo).  On
 * an error the abort of the (sub)transaction restores the setting.
 */
int
isms_jit_off(void)
{
	int			nestlevel;

	if (!jit_enabled)
		return -1;
	nestlevel = NewGUCNestLevel();
	(void) set_config_option("jit", "off", PGC_USERSET, PGC_S_SESSION,
							 GUC_ACTION_SAVE, true, 0, false);
	return nestlevel;
}

void
isms_jit_restore(int nestlevel)
{
	if (nestlevel >= 0)
		AtEOXact_GUC(true, nestlevel);
}

/*
 * Run one plan as the owner of the extension's tables, inside a connection
 * made with the caller's privileges: what the extension itself writes on
 * behalf of a role that may not write it directly (the sweep's
 * suspensions for overdue surveillance, sweep.c; the sweep's log, feed.c).
 * The caller's user is restored afterwards, and on an error before it
 * propagates.
 */
int
isms_execute_as_owner(SPIPlanPtr plan, Datum *args, const char *nulls,
					  bool read_only, long tcount)
{
	Oid			owner = isms_tables_owner();
	Oid			save_userid;
	int			save_sec_context;
	volatile int ret = 0;

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(owner, save_sec_context |
						   SECURITY_LOCAL_USERID_CHANGE | SECURITY_NOFORCE_RLS);
	PG_TRY();
	{
		ret = SPI_execute_plan(plan, args, nulls, read_only, tcount);
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(save_userid, save_sec_context);
	}
	PG_END_TRY();
	if (ret < 0)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	return ret;
}

/* Prepare a query and keep its plan for the life of the backend. */
SPIPlanPtr
isms_prepare_kept(const char *sql, int nargs, Oid *argtypes, int options)
{
	SPIPlanPtr	plan = SPI_prepare_cursor(sql, nargs, argtypes, options);

	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");
	return plan;
}

/*
 * Run a plan.  With latest, a transaction running under REPEATABLE READ or
 * SERIALIZABLE reads with a fresh snapshot, as PostgreSQL's own foreign-key
 * checks do: after a writer has locked the certificates, it must check its
 * decision against what other transactions committed meanwhile, not
 * against its older snapshot.
 */
int
isms_execute_latest(SPIPlanPtr plan, Datum *args, const char *nulls,
					bool read_only, bool latest, long tcount)
{
	int			ret;

	if (latest && IsolationUsesXactSnapshot())
	{
		CommandCounterIncrement();
		ret = SPI_execute_snapshot(plan, args, nulls, GetLatestSnapshot(),
								   InvalidSnapshot, read_only, false, tcount);
	}
	else
		ret = SPI_execute_plan(plan, args, nulls, read_only, tcount);
	if (ret < 0)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	return ret;
}

/*
 * The text of a single query (spi_util.h) for one id: every "ANY ($1)"
 * replaced by "($1)[1]".
 */
static char *
single_id_sql(const char *sql)
{
	const char *from = "ANY ($1)";
	StringInfoData s;
	const char *p = sql,
			   *hit;

	initStringInfo(&s);
	while ((hit = strstr(p, from)) != NULL)
	{
		appendBinaryStringInfo(&s, p, hit - p);
		appendStringInfoString(&s, "($1)[1]");
		p = hit + strlen(from);
	}
	if (p == sql)
		elog(ERROR, "query marked single has no \"%s\": %s", from, sql);
	appendStringInfoString(&s, p);
	return s.data;
}

/*
 * Run a kept query for n ids: a generic plan for few, a custom one for many
 * unless the query is marked generic_only (and for one id a plan of its own
 * if the query is marked single).
 */
int
isms_exec_plan(IsmsPlan *p, Datum *args, const char *nulls, int n,
			   bool read_only, bool latest, long tcount)
{
	SPIPlanPtr	plan;

	if (n == 1 && p->single)
	{
		if (p->one == NULL)
			p->one = isms_prepare_kept(single_id_sql(p->sql), p->nargs,
									   p->argtypes, CURSOR_OPT_GENERIC_PLAN);
		plan = p->one;
	}
	else if (n <= ISMS_GENERIC_MAX || p->generic_only)
	{
		if (p->generic == NULL)
			p->generic = isms_prepare_kept(p->sql, p->nargs, p->argtypes,
										   CURSOR_OPT_GENERIC_PLAN);
		plan = p->generic;
	}
	else
	{
		if (p->custom == NULL)
			p->custom = isms_prepare_kept(p->sql, p->nargs, p->argtypes,
										  CURSOR_OPT_CUSTOM_PLAN);
		plan = p->custom;
	}
	return isms_execute_latest(plan, args, nulls, read_only, latest, tcount);
}

/*
 * Run p, whose only argument is an array of ids, for the next chunk of
 * ids[0..n) from *from (ISMS_IDS_PER_QUERY of them, in order), read-write,
 * and advance *from; false once all are done.  The result is in
 * SPI_tuptable, for the caller to free:
 *		int from = 0;
 *		while (isms_exec_chunk(&q, ids, n, &from, true, 0))
 *			{ ... SPI_freetuptable(SPI_tuptable); }
 */
bool
isms_exec_chunk(IsmsPlan *p, const int64 *ids, int n, int *from, bool latest,
				long tcount)
{
	int			k;
	Datum		args[1];

	if (*from >= n)
		return false;
	k = Min(ISMS_IDS_PER_QUERY, n - *from);
	args[0] = isms_int8_array((int64 *) ids + *from, k);
	isms_exec_plan(p, args, NULL, k, false, latest, tcount);
	pfree(DatumGetPointer(args[0]));
	*from += k;
	return true;
}

/*
 * "CASE WHEN <col> OPERATOR(pg_catalog.=) 'grant'::<type> THEN 1 ... END"
 * from the C name table: enums are read as the codes of engine.h.  The
 * labels after code released are compared as text, so that the statement
 * parses where the enum lacks them yet (isms.h); the rows of the older
 * kinds stop at their own, earlier, WHEN.
 */
char *
isms_kind_case(const char *col, const char *type, const char *(*namefn) (int),
			   int last, int released)
{
	StringInfoData s;
	int			k;

	initStringInfo(&s);
	appendStringInfoString(&s, "CASE");
	for (k = 1; k <= last; k++)
		if (k <= released)
			appendStringInfo(&s, " WHEN %s OPERATOR(pg_catalog.=) '%s'::%s THEN %d",
							 col, namefn(k), type, k);
		else
			appendStringInfo(&s, " WHEN %s::pg_catalog.text OPERATOR(pg_catalog.=) '%s' THEN %d",
							 col, namefn(k), k);
	appendStringInfoString(&s, " END");
	return s.data;
}

Datum
isms_int8_array(int64 *ids, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));
	ArrayType  *a;
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Int64GetDatum(ids[i]);
	a = construct_array(d, n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
	pfree(d);					/* copied: a bulk statement's arrays are large */
	return PointerGetDatum(a);
}

Datum
isms_date_array(Datum *vals, bool *nulls, int n)
{
	int			dims[1] = {n};
	int			lbs[1] = {1};

	return PointerGetDatum(construct_md_array(vals, nulls, 1, dims, lbs, DATEOID,
											  4, true, TYPALIGN_INT));
}

Datum
isms_text_array(Datum *vals, bool *nulls, int n)
{
	int			dims[1] = {n};
	int			lbs[1] = {1};

	return PointerGetDatum(construct_md_array(vals, nulls, 1, dims, lbs, TEXTOID,
											  -1, false, TYPALIGN_INT));
}

Datum
isms_int4_array(Datum *vals, int n)
{
	int			dims[1] = {n};
	int			lbs[1] = {1};

	return PointerGetDatum(construct_md_array(vals, NULL, 1, dims, lbs, INT4OID,
											  4, true, TYPALIGN_INT));
}
