/*-------------------------------------------------------------------------
 *
 * trg_audit_rules.c
 *	  The per-statement check of isms.audit: an audit's lead auditor and
 *	  audit time obey ACC-4, TIME-2 and TRN-4.
 *
 *	isms_audit_rules_check	AFTER INSERT/UPDATE/DELETE statement: ACC-4,
 *				TIME-2, TRN-4
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

/* ----------------------------------------------------------------
 * ACC-4, TIME-2, TRN-4: lead auditors and audit time
 * ---------------------------------------------------------------- */

/* A registration, as read (and locked) for the ACC-4 check. */
typedef struct Registration
{
	int64		auditor_id;
	DateADT		from;
	DateADT		until;			/* DATEVAL_NOEND when open */
} Registration;

/* One audit to check, as audit_check_sql reads it. */
typedef struct AuditRow
{
	int64		id;
	int64		cert_id;
	char	   *number;			/* its certificate's: read for an error only */
	int			kind;			/* IsmsAuditKind */
	DateADT		start;
	bool		has_days;
	int64		days;			/* hundredths */
	bool		has_persons;
	int32		persons;		/* in scope: the audit's, else the certificate's */
	bool		cert_persons;	/* persons are the certificate's */
	bool		justified;
	const IsmsTimeTable *tt;	/* the audit-time table of its scheme, or NULL */
	bool		has_lead;
	int64		lead;
	char	   *lead_name;		/* read for an error only */
	bool		is_new;			/* written by the statement */
	int64		stage1_days;	/* stage 2: the latest stage 1 before it */
	bool		has_extra;
	int64		extra;			/* TRN-4: the days its transition adds */
	bool		with_recert;	/* TRN-4: held with a recertification audit */
	char	   *from_std;
} AuditRow;

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
 * TRN-4 addition), read from isms.audit when they are not new rows.  The
 * first %s is the CTE of the statement's rows (w: certificate_id, kind,
 * id, is_new), the second the new rows and the recheck anti-join (see
 * audit_rows_sql).  The audit kind is read as its code (its position in
 * isms.audit_kind).  The rows come in no particular order: the caller
 * reports the violation of the lowest audit id.
 */
#define AUDIT_COLS(t) \
	t ".id, " t ".certificate_id, " t ".kind, " t ".start_date, " \
	t ".auditor_days, " t ".persons_in_scope, " t ".time_justification, " \
	t ".lead_auditor_id"

static const char *const audit_check_sql =
"WITH w AS (%s)"
" SELECT a.id, a.certificate_id,"
" pg_catalog.array_position(pg_catalog.enum_range(a.kind), a.kind),"
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

/*
 * TRN-4 for the transition audits among them (ids in $1): the days the
 * transition from the edition it replaces adds, to the recertification
 * audit it overlaps or else to a surveillance audit.  The overlap is
 * tested once per audit (OFFSET 0 keeps it one subquery).
 */
#define TRANSITION_SQL \
"SELECT a.id, CASE WHEN r.overlaps THEN " ISMS_HUNDREDTHS("t.recertification_extra_days") \
"  ELSE " ISMS_HUNDREDTHS("t.surveillance_extra_days") " END," \
" r.overlaps, t.from_standard::pg_catalog.text" \
" FROM isms.audit a" \
" JOIN isms.certificate c ON c.id" EQ "a.certificate_id" \
" JOIN isms.standard st ON st.ref" EQ "c.standard," \
" LATERAL (SELECT EXISTS (SELECT 1 FROM isms.audit ra" \
"   WHERE ra.certificate_id" EQ "a.certificate_id" \
"   AND ra.kind" EQ "'recertification'::isms.audit_kind" \
"   AND ra.start_date" LE "a.end_date AND ra.end_date" GE "a.start_date) AS overlaps" \
"  OFFSET 0) r," \
" LATERAL (SELECT t.*" \
"  FROM isms.edition_transition t" \
"  JOIN isms.standard f ON f.ref" EQ "t.from_standard" \
"  JOIN isms.standard w ON w.ref" EQ "t.to_standard," \
"  LATERAL (SELECT coalesce(st.idt_of, st.ref) AS ref) cur" \
"  WHERE (coalesce(f.idt_of, f.ref) OPERATOR(pg_catalog.~=) cur.ref" \
"    AND isms.std_edition(coalesce(f.idt_of, f.ref))" EQ "isms.std_edition(cur.ref))" \
"   OR (coalesce(w.idt_of, w.ref) OPERATOR(pg_catalog.~=) cur.ref" \
"    AND isms.std_edition(coalesce(w.idt_of, w.ref))" EQ "isms.std_edition(cur.ref))" \
"  ORDER BY isms.std_edition(coalesce(f.idt_of, f.ref))" EQ "isms.std_edition(cur.ref) DESC," \
"   t.from_standard DESC LIMIT 1) t" \
" WHERE a.id" EQ "ANY ($1)"

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
static char *
statement_rows_sql(const char *newtable, const char *oldtable)
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
static bool
lock_certificates(const char *rows_sql)
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

/* ACC-4: lock and read the registrations the new rows rely on. */
static Registration *
lock_registrations(const char *newtable, int *nregs)
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
static char *
audit_rows_sql(const char *rows_sql, const char *newtable)
{
	if (newtable == NULL)
		return psprintf(audit_check_sql, rows_sql, "", "");
	return psprintf(audit_check_sql, rows_sql,
					psprintf("SELECT " AUDIT_COLS("n") ", true AS is_new FROM %s n UNION ALL", newtable),
					psprintf(" AND NOT EXISTS (SELECT 1 FROM %s n WHERE n.id" EQ "r.id)",
							 newtable));
}

/*
 * A cursor over a plan, with a snapshot taken now: under REPEATABLE READ
 * and SERIALIZABLE the latest one, so that rows committed before the locks
 * were granted are seen (as isms_execute_latest does).
 */
static Portal
open_latest_cursor(SPIPlanPtr plan)
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

/* One row of audit_check_sql; tables are the audit-time tables of every scheme. */
static void
read_audit(HeapTuple t, TupleDesc td, AuditRow *a,
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
static void
read_names(AuditRow *a)
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

/* ACC-4: a new audit's lead auditor is registered on its first day. */
static bool
lead_unregistered(const AuditRow *a, const Registration *regs, int nregs)
{
	int			i;

	if (!a->is_new || !a->has_lead)
		return false;
	for (i = 0; i < nregs; i++)
		if (regs[i].auditor_id == a->lead &&
			regs[i].from <= a->start && a->start <= regs[i].until)
			return false;
	return true;
}

static void
check_lead_registered(Relation rel, const AuditRow *a,
					  const Registration *regs, int nregs)
{
	char		b1[ISMS_DATEBUF];

	if (!lead_unregistered(a, regs, nregs))
		return;
	isms_format_date(a->start, b1);
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("lead auditor \"%s\" is not registered on %s", a->lead_name, b1),
			 errdetail("Rule ACC-4: the %s audit of certificate \"%s\" starting %s is led by auditor %lld \"%s\", who has no active registration covering that day.",
					   isms_audit_name(a->kind), a->number, b1, (long long) a->lead,
					   a->lead_name),
			 errhint("Record the auditor's registration in isms.auditor_registration, or name a registered lead auditor."),
			 errtableconstraint(rel, "ACC-4")));
}

/*
 * TIME-2: audit time below the figure (audit_time.c) of the certificate's scheme
 * needs a justification: surveillance and recertification audits against
 * their figures, a stage 2 audit (with the latest stage 1 before it)
 * against the initial figure.  True when the audit falls short; then
 * *tk, *recorded and *figure say by how much.
 */
static bool
time_short(const AuditRow *a, IsmsTimeKind *tk, int64 *recorded, int64 *figure)
{
	*recorded = a->days;
	switch (a->kind)
	{
		case ISMS_AK_STAGE2:
			*tk = ISMS_TK_INITIAL;
			*recorded += a->stage1_days;
			break;
		case ISMS_AK_SURVEILLANCE:
			*tk = ISMS_TK_SURVEILLANCE;
			break;
		case ISMS_AK_RECERTIFICATION:
			*tk = ISMS_TK_RECERTIFICATION;
			break;
		default:
			return false;
	}
	if (!a->has_days || a->justified || !a->has_persons || a->persons < 1)
		return false;
	if (a->tt == NULL)
		return false;
	*figure = isms_time_figure(a->tt, a->persons, *tk);
	return *recorded < *figure;
}

static void
check_audit_time(Relation rel, const AuditRow *a)
{
	IsmsTimeKind tk;
	int64		recorded,
				figure;
	const char *scheme;
	char		b1[ISMS_DATEBUF];

	if (!time_short(a, &tk, &recorded, &figure))
		return;
	scheme = a->tt->scheme;
	isms_format_date(a->start, b1);
	if (tk == ISMS_TK_INITIAL)
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("audit time of certificate \"%s\" is below the %s figure", a->number, isms_rule_time1),
				 a->cert_persons ?
				 errdetail("Rule TIME-2: the stage 2 audit starting %s and the stage 1 audit before it record %s auditor-days together for the certificate's %d persons in scope; the initial figure of scheme \"%s\" is %s.",
						   b1, isms_format_days(recorded), a->persons, scheme,
						   isms_format_days(figure)) :
				 errdetail("Rule TIME-2: the stage 2 audit starting %s and the stage 1 audit before it record %s auditor-days together for %d persons in scope; the initial figure of scheme \"%s\" is %s.",
						   b1, isms_format_days(recorded), a->persons, scheme,
						   isms_format_days(figure)),
				 errhint("Record the reason for the shorter audit in time_justification, or correct auditor_days or persons_in_scope."),
				 errtableconstraint(rel, "TIME-2")));
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("audit time of certificate \"%s\" is below the %s figure", a->number, isms_rule_time1),
			 a->cert_persons ?
			 errdetail("Rule TIME-2: the \"%s\" audit starting %s records %s auditor-days for the certificate's %d persons in scope; the figure of scheme \"%s\" for kind \"%s\" is %s.",
					   isms_audit_name(a->kind), b1, isms_format_days(recorded), a->persons,
					   scheme, isms_time_kind_name(tk), isms_format_days(figure)) :
			 errdetail("Rule TIME-2: the \"%s\" audit starting %s records %s auditor-days for %d persons in scope; the figure of scheme \"%s\" for kind \"%s\" is %s.",
					   isms_audit_name(a->kind), b1, isms_format_days(recorded), a->persons,
					   scheme, isms_time_kind_name(tk), isms_format_days(figure)),
			 errhint("Record the reason for the shorter audit in time_justification, or correct auditor_days or persons_in_scope."),
			 errtableconstraint(rel, "TIME-2")));
}

/* TRN-4: a transition audit records at least what its transition adds. */
static bool
transition_short(const AuditRow *a)
{
	return a->kind == ISMS_AK_TRANSITION && a->has_days && !a->justified &&
		a->has_extra && a->days < a->extra;
}

static void
check_transition_time(Relation rel, const AuditRow *a)
{
	char		b1[ISMS_DATEBUF];

	if (!transition_short(a))
		return;
	isms_format_date(a->start, b1);
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("audit time of certificate \"%s\" is below the TRN-4 addition", a->number),
			 a->with_recert ?
			 errdetail("Rule TRN-4: the transition from \"%s\" adds %s auditor-days to the recertification audit it is held with; the transition audit starting %s records %s.",
					   a->from_std, isms_format_days(a->extra), b1,
					   isms_format_days(a->days)) :
			 errdetail("Rule TRN-4: the transition from \"%s\" adds %s auditor-days to a surveillance audit; the transition audit starting %s records %s.",
					   a->from_std, isms_format_days(a->extra), b1,
					   isms_format_days(a->days)),
			 errhint("Record the reason for the shorter audit in time_justification, or correct auditor_days."),
			 errtableconstraint(rel, "TRN-4")));
}

/* The checks of the audits, and the one to report. */
typedef struct AuditChecks
{
	const Registration *regs;
	int			nregs;
	bool		failed;
	AuditRow	first;			/* the failing audit of the lowest id */
	AuditRow   *transitions;	/* transition audits, for TRN-4 */
	int			ntransitions;
	int			maxtransitions;
} AuditChecks;

static void
note_failure(AuditChecks *ck, const AuditRow *a)
{
	if (!ck->failed || a->id < ck->first.id)
	{
		ck->first = *a;
		ck->failed = true;
	}
}

static int
cmp_audit_id(const void *x, const void *y)
{
	int64		a = ((const AuditRow *) x)->id,
				b = ((const AuditRow *) y)->id;

	return (a > b) - (a < b);
}

/* TRN-4 data of the transition audits, in one query. */
static void
load_transitions(AuditChecks *ck)
{
	static SPIPlanPtr plan = NULL;
	Oid			types[1] = {INT8ARRAYOID};
	Datum		args[1];
	int64	   *ids;
	uint64		r;
	int			i;

	if (ck->ntransitions == 0)
		return;
	qsort(ck->transitions, ck->ntransitions, sizeof(AuditRow), cmp_audit_id);
	ids = palloc(sizeof(int64) * ck->ntransitions);
	for (i = 0; i < ck->ntransitions; i++)
		ids[i] = ck->transitions[i].id;
	args[0] = isms_int8_array(ids, ck->ntransitions);
	if (plan == NULL)
		plan = isms_prepare_kept(TRANSITION_SQL, 1, types, 0);
	/* a fresh snapshot, which sees the statement's rows */
	if (isms_execute_latest(plan, args, NULL, false, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "unexpected result of the TRN-4 load");
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	t = SPI_tuptable->vals[r];
		TupleDesc	td = SPI_tuptable->tupdesc;
		bool		isnull;
		AuditRow	key;
		AuditRow   *a;

		key.id = isms_getint8(t, td, 1, &isnull);
		a = bsearch(&key, ck->transitions, ck->ntransitions, sizeof(AuditRow), cmp_audit_id);
		if (a == NULL)
			continue;
		a->extra = isms_getint8(t, td, 2, &isnull);
		a->has_extra = !isnull;
		a->with_recert = isms_getbool(t, td, 3);
		a->from_std = SPI_getvalue(t, td, 4);
	}
}

/* Rows fetched from the audit cursor at a time. */
#define AUDIT_FETCH 1000

/*
 * Check the audits of audit_check_sql, read with a snapshot taken after
 * the locks, in batches; report the violation of the lowest audit id, with
 * the checks of one audit in the order ACC-4, TIME-2, TRN-4.
 */
static void
check_audits(Relation rel, const char *sql, const Registration *regs, int nregs)
{
	AuditChecks ck;
	SPIPlanPtr	plan;
	Portal		portal;
	IsmsTimeTable *tables;
	int			ntables,
				nschemes,
				i;
	Datum	   *schemes;
	MemoryContext batch,
				old;

	memset(&ck, 0, sizeof(ck));
	ck.regs = regs;
	ck.nregs = nregs;

	/* audit-time tables of every scheme (a handful) */
	if (SPI_execute("SELECT DISTINCT st.scheme FROM isms.standard st", true, 0) != SPI_OK_SELECT)
		elog(ERROR, "unexpected result of the scheme list");
	nschemes = (int) SPI_processed;
	schemes = palloc(sizeof(Datum) * Max(nschemes, 1));
	for (i = 0; i < nschemes; i++)
		schemes[i] = CStringGetTextDatum(SPI_getvalue(SPI_tuptable->vals[i],
													  SPI_tuptable->tupdesc, 1));
	tables = isms_load_time_tables(schemes, nschemes, &ntables);

	plan = SPI_prepare(sql, 0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	portal = open_latest_cursor(plan);
	batch = AllocSetContextCreate(CurrentMemoryContext, "isms audit batch",
								  ALLOCSET_DEFAULT_SIZES);
	for (;;)
	{
		uint64		r;

		SPI_cursor_fetch(portal, true, AUDIT_FETCH);
		if (SPI_processed == 0)
			break;
		old = MemoryContextSwitchTo(batch);
		for (r = 0; r < SPI_processed; r++)
		{
			AuditRow	a;
			IsmsTimeKind tk;
			int64		x,
						y;

			read_audit(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, &a, tables, ntables);
			if (lead_unregistered(&a, regs, nregs) || time_short(&a, &tk, &x, &y))
				note_failure(&ck, &a);
			else if (a.kind == ISMS_AK_TRANSITION)
			{
				MemoryContextSwitchTo(old);
				if (ck.ntransitions == ck.maxtransitions)
				{
					ck.maxtransitions = Max(16, ck.maxtransitions * 2);
					ck.transitions = ck.transitions == NULL ?
						palloc(sizeof(AuditRow) * ck.maxtransitions) :
						repalloc(ck.transitions, sizeof(AuditRow) * ck.maxtransitions);
				}
				ck.transitions[ck.ntransitions++] = a;
				MemoryContextSwitchTo(batch);
			}
		}
		MemoryContextSwitchTo(old);
		MemoryContextReset(batch);
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	MemoryContextDelete(batch);

	load_transitions(&ck);
	for (i = 0; i < ck.ntransitions; i++)
		if (transition_short(&ck.transitions[i]))
			note_failure(&ck, &ck.transitions[i]);

	if (ck.failed)
	{
		read_names(&ck.first);
		check_lead_registered(rel, &ck.first, regs, nregs);
		check_audit_time(rel, &ck.first);
		check_transition_time(rel, &ck.first);
		elog(ERROR, "audit " INT64_FORMAT " failed no check", ck.first.id);
	}
}

/*
 * AFTER INSERT, AFTER UPDATE and AFTER DELETE FOR EACH STATEMENT on
 * isms.audit, with the statement's new rows (INSERT, UPDATE) and old rows
 * (UPDATE, DELETE) as transition tables.  It first locks the certificates
 * of those rows FOR NO KEY UPDATE, in the writers' lock order, so that two
 * statements writing audits of one certificate take turns, and the later
 * one checks with a snapshot taken after the lock (a fresh one under
 * REPEATABLE READ and SERIALIZABLE), seeing the earlier one's rows.  Then
 * each audit to check is held against ACC-4 (new audits only), TIME-2 and
 * TRN-4.  Stage 2 audits are rechecked when a stage 1 audit of their
 * certificate is written, changed (kind, dates, days, certificate) or
 * deleted, and transition audits when a recertification audit is.
 */
PG_FUNCTION_INFO_V1(isms_audit_rules_check);
Datum
isms_audit_rules_check(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.audit_rules_check", false, false);
	Relation	rel = td->tg_relation;
	bool		need_new = !TRIGGER_FIRED_BY_DELETE(td->tg_event),
				need_old = !TRIGGER_FIRED_BY_INSERT(td->tg_event);
	const char *newtable = NULL,
			   *oldtable = NULL;
	char	   *rows_sql;
	Registration *regs = NULL;
	int			nregs = 0;

	isms_require_transition_tables(td, "isms.audit_rules_check", need_new, need_old);
	if (need_new)
		newtable = quote_identifier(td->tg_trigger->tgnewtable);
	if (need_old)
		oldtable = quote_identifier(td->tg_trigger->tgoldtable);
	rows_sql = statement_rows_sql(newtable, oldtable);

	isms_spi_connect();
	{
		int			ret = SPI_register_trigger_data(td);

		if (ret != SPI_OK_TD_REGISTER)
			elog(ERROR, "SPI_register_trigger_data failed: %s", SPI_result_code_string(ret));
	}
	if (!lock_certificates(rows_sql))
	{
		SPI_finish();
		return PointerGetDatum(NULL);
	}
	if (newtable != NULL)
		regs = lock_registrations(newtable, &nregs);
	check_audits(rel, audit_rows_sql(rows_sql, newtable), regs, nregs);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/*
 * ACC-4 at commit, for a change of auditor registrations: the first
 * recorded audit (the kind audit of certificate number, starting start)
 * whose lead auditor (id auditor, name) lost the registration covering it.
 */
void
isms_refuse_registration_change(Relation rel, const char *number,
								const char *kind, const char *start,
								const char *auditor, const char *name)
{
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("registration change leaves the %s audit of certificate \"%s\" without a registered lead auditor",
					kind, number),
			 errdetail("Rule ACC-4: the audit starting %s is led by auditor %s \"%s\", who needs an active registration covering that day.",
					   start, auditor, name),
			 errhint("Registration periods that recorded audits rely on cannot be shortened, suspended or removed retroactively."),
			 errtableconstraint(rel, "ACC-4")));
	pg_unreachable();
}
