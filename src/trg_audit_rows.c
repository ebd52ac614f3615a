/*-------------------------------------------------------------------------
 *
 * trg_audit_rows.c
 *	  The audits the per-statement check of isms.audit reads: the rows of
 *	  the statement, the locks on their certificates and on the lead
 *	  auditors' registrations (for trg_audit_rules.c), and the audits to check, read after
 *	  those locks.
 *
 *-------------------------------------------------------------------------
 */
#include "trg_audit_rows.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

/* Columns of audit_check_sql. */
enum
{
	AQ_ID = 1, AQ_CERT, AQ_KIND, AQ_START, AQ_DAYS, AQ_PERSONS,
	AQ_JUSTIFIED, AQ_SCHEME, AQ_LEAD, AQ_IS_NEW, AQ_STAGE1_DAYS,
	AQ_CERT_PERSONS
};

/*
 * The audits to check: the new rows of the statement, read from its
 * transition table; the stage 2 audits of certificates that had a stage 1
 * audit among the statement's old or new rows (their total initial time
 * depends on it); and the transition audits of certificates that had a
 * recertification audit among them (whether one overlaps decides their
 * transition addition), read from isms.audit when they are not new rows.  The
 * first %s is the CTE of the statement's rows (w: certificate_id, kind,
 * id, is_new), the second the audit kind's code (audit_kind_code: a CASE
 * of equalities, not enum_range(), which reads the catalog for every row),
 * the third and fourth the new rows and the recheck anti-join (see
 * audit_rows_sql).  The rows come in no particular order: the caller
 * reports the violation of the lowest audit id.
 */
#define AUDIT_COLS(t) \
	t ".id, " t ".certificate_id, " t ".kind, " t ".start_date, " \
	t ".auditor_days, " t ".persons_in_scope, " t ".time_justification, " \
	t ".lead_auditor_id"

static const char *const audit_check_sql =
"WITH w AS (%s)"
" SELECT a.id, a.certificate_id, %s,"
" a.start_date, " ISMS_HUNDREDTHS("a.auditor_days") ","
" coalesce(a.persons_in_scope, c.persons_in_scope),"
" coalesce(a.time_justification OPERATOR(pg_catalog.~) '\\S', false),"
" st.scheme, a.lead_auditor_id, a.is_new,"
" CASE WHEN a.kind" EQ "'stage2'::isms.audit_kind THEN"
"  coalesce((SELECT " ISMS_HUNDREDTHS("s1.auditor_days") " FROM isms.audit s1"
"   WHERE s1.certificate_id" EQ "a.certificate_id"
"   AND s1.kind" EQ "'stage1'::isms.audit_kind"
"   AND s1.end_date" LE "a.start_date"
"   ORDER BY s1.end_date DESC, s1.id DESC LIMIT 1), 0) END,"
" a.persons_in_scope IS NULL"
" FROM (%s"
"  SELECT " AUDIT_COLS("r") ", false AS is_new FROM isms.audit r"
"   WHERE ((r.kind" EQ "'stage2'::isms.audit_kind"
"    AND r.certificate_id" EQ "ANY (SELECT w.certificate_id FROM w"
"     WHERE w.kind" EQ "'stage1'::isms.audit_kind))"
"   OR (r.kind" EQ "'transition'::isms.audit_kind"
"    AND r.certificate_id" EQ "ANY (SELECT w.certificate_id FROM w"
"     WHERE w.kind" EQ "'recertification'::isms.audit_kind)))%s) a"
" JOIN isms.certificate c ON c.id" EQ "a.certificate_id"
" JOIN isms.standard st ON st.ref" EQ "c.standard"
" WHERE a.lead_auditor_id IS NOT NULL OR a.auditor_days IS NOT NULL";

/* The audit kind a.kind as its code of engine.h (isms_kind_case). */
static const char *
audit_kind_code(void)
{
	static char *kind_case = NULL;

	if (kind_case == NULL)
		kind_case = MemoryContextStrdup(TopMemoryContext,
										isms_kind_case("a.kind", "isms.audit_kind", isms_audit_name,
													   ISMS_AK_LAST, ISMS_AK_LAST));
	return kind_case;
}

/* For an error message: the certificate's number and the lead's name. */
#define NAMES_SQL \
"SELECT c.certificate_number, (SELECT au.name FROM isms.auditor au" \
"  WHERE au.id" EQ "$2)" \
" FROM isms.certificate c WHERE c.id" EQ "$1"

/*
 * The active registrations of the statement's lead auditors, locked FOR
 * SHARE so that no concurrent change can take them away under the audits
 * (the change waits, and its check at commit sees these audits).
 */
static const char *const registration_lock_sql =
"SELECT r.auditor_id, r.valid_from, r.valid_until"
" FROM isms.auditor_registration r"
" WHERE r.auditor_id" EQ "ANY (SELECT n.lead_auditor_id FROM %s n)"
" AND r.status" EQ "'active'::isms.accreditation_status"
" ORDER BY r.id FOR SHARE OF r";

/*
 * The statement's rows (certificate_id, kind, id, is_new) from its
 * transition tables, as SQL for a CTE.
 */
char *
audit_statement_rows_sql(const char *newtable, const char *oldtable)
{
	StringInfoData sql;

	initStringInfo(&sql);
	if (newtable != NULL)
		appendStringInfo(&sql,
						 "SELECT n.certificate_id, n.kind, n.id, true AS is_new FROM %s n",
						 newtable);
	if (oldtable != NULL)
		appendStringInfo(&sql,
						 "%sSELECT o.certificate_id, o.kind, o.id, false AS is_new FROM %s o",
						 newtable != NULL ? " UNION ALL " : "", oldtable);
	return sql.data;
}

/*
 * Lock the certificates whose audits are checked, in the writers' lock
 * order; false if the statement touched no audit.
 */
bool
audit_lock_certificates(const char *rows_sql)
{
	int64	   *ids;
	int			nids;
	uint64		r;
	int			ret;

	ret = SPI_execute(psprintf("SELECT DISTINCT w.certificate_id FROM (%s) w", rows_sql),
					  false, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(ret));
	if (SPI_processed == 0)
		return false;
	nids = (int) SPI_processed;
	ids = palloc(sizeof(int64) * nids);
	for (r = 0; r < SPI_processed; r++)
	{
		bool		isnull;

		ids[r] = isms_getint8(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull);
	}
	SPI_freetuptable(SPI_tuptable);
	isms_lock_certificates(ids, nids);
	return true;
}

/*
 * For the lead auditors' check (trg_audit_rules.c): lock and read the
 * registrations the new rows rely on.
 */
Registration *
audit_lock_registrations(const char *newtable, int *nregs)
{
	Registration *regs;
	uint64		r;
	int			ret;

	ret = SPI_execute(psprintf(registration_lock_sql, newtable), false, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(ret));
	regs = palloc(sizeof(Registration) * Max(SPI_processed, 1));
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	t = SPI_tuptable->vals[r];
		TupleDesc	tdesc = SPI_tuptable->tupdesc;
		bool		isnull;

		regs[r].auditor_id = isms_getint8(t, tdesc, 1, &isnull);
		regs[r].from = DatumGetDateADT(SPI_getbinval(t, tdesc, 2, &isnull));
		regs[r].until = DatumGetDateADT(SPI_getbinval(t, tdesc, 3, &isnull));
		if (isnull)
			DATE_NOEND(regs[r].until);
	}
	*nregs = (int) SPI_processed;
	return regs;
}

/*
 * The SQL of the audits to check: the new rows (when there are) and the
 * rows to recheck that are not among them.
 */
char *
audit_rows_sql(const char *rows_sql, const char *newtable)
{
	if (newtable == NULL)
		return psprintf(audit_check_sql, rows_sql, audit_kind_code(), "", "");
	return psprintf(audit_check_sql, rows_sql, audit_kind_code(),
					psprintf("SELECT " AUDIT_COLS("n") ", true AS is_new FROM %s n UNION ALL", newtable),
					psprintf(" AND NOT EXISTS (SELECT 1 FROM %s n WHERE n.id" EQ "r.id)",
							 newtable));
}

/*
 * A cursor over a plan, with a snapshot taken now: under REPEATABLE READ
 * and SERIALIZABLE the latest one, so that rows committed before the locks
 * were granted are seen (as isms_execute_latest does).
 */
Portal
audit_open_latest_cursor(SPIPlanPtr plan)
{
	Portal		portal;

	if (IsolationUsesXactSnapshot())
	{
		CommandCounterIncrement();
		PushActiveSnapshot(GetLatestSnapshot());
		portal = SPI_cursor_open(NULL, plan, NULL, NULL, true);
		PopActiveSnapshot();
	}
	else
		portal = SPI_cursor_open(NULL, plan, NULL, NULL, false);
	if (portal == NULL)
		elog(ERROR, "SPI_cursor_open failed: %s", SPI_result_code_string(SPI_result));
	return portal;
}

/* One row of audit_check_sql; tables are the audit-time tables of every scheme (audit_time.c). */
void
audit_read_row(HeapTuple t, TupleDesc td, AuditRow *a,
		   const IsmsTimeTable *tables, int ntables)
{
	bool		isnull;
	char	   *scheme;

	memset(a, 0, sizeof(AuditRow));
	a->id = isms_getint8(t, td, AQ_ID, &isnull);
	a->cert_id = isms_getint8(t, td, AQ_CERT, &isnull);
	a->kind = DatumGetInt32(SPI_getbinval(t, td, AQ_KIND, &isnull));
	a->start = DatumGetDateADT(SPI_getbinval(t, td, AQ_START, &isnull));
	a->days = isms_getint8(t, td, AQ_DAYS, &isnull);
	a->has_days = !isnull;
	a->persons = DatumGetInt32(SPI_getbinval(t, td, AQ_PERSONS, &isnull));
	a->has_persons = !isnull;
	a->cert_persons = isms_getbool(t, td, AQ_CERT_PERSONS);
	a->justified = isms_getbool(t, td, AQ_JUSTIFIED);
	scheme = SPI_getvalue(t, td, AQ_SCHEME);
	a->tt = isms_find_time_table(tables, ntables, scheme);
	pfree(scheme);
	a->lead = isms_getint8(t, td, AQ_LEAD, &isnull);
	a->has_lead = !isnull;
	a->is_new = isms_getbool(t, td, AQ_IS_NEW);
	a->stage1_days = isms_getint8(t, td, AQ_STAGE1_DAYS, &isnull);
}

/* The certificate number and lead auditor's name of an audit, for its error. */
void
audit_read_names(AuditRow *a)
{
	static SPIPlanPtr plan = NULL;
	Oid			types[2] = {INT8OID, INT8OID};
	Datum		args[2];

	args[0] = Int64GetDatum(a->cert_id);
	args[1] = Int64GetDatum(a->has_lead ? a->lead : 0);
	isms_execute_kept(&plan, NAMES_SQL, 2, types, args, true, 1, SPI_OK_SELECT);
	if (SPI_processed != 1)
		elog(ERROR, "certificate " INT64_FORMAT " of audit " INT64_FORMAT " not found",
			 a->cert_id, a->id);
	a->number = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	a->lead_name = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
}
