/*-------------------------------------------------------------------------
 *
 * trg_audit_rules.c
 *	  The per-statement check of isms.audit: an audit's lead auditor and
 *	  audit time obey ACC-4 and TIME-2, a transition audit records what its
 *	  transition adds (rules_edition.c), and an add-on's audit is combined
 *	  with one of its base's (rules_addon.c) (trg_audit_rows.c reads and
 *	  locks the audits it checks).
 *
 *	isms_audit_rules_check	AFTER INSERT/UPDATE/DELETE statement: ACC-4,
 *				TIME-2, transition audit time, combined audits
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

/* ----------------------------------------------------------------
 * ACC-4, TIME-2, transition audit time: lead auditors and audit time
 * ---------------------------------------------------------------- */

/*
 * Transition audits among them (ids in $1, rules_edition.c): the days the
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

/* A transition audit records at least what its transition adds (rules_edition.c). */
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
	isms_report_violation(isms_transition_time_violation(a->number, a->from_std,
														 a->with_recert,
														 isms_format_days(a->extra),
														 b1,
														 isms_format_days(a->days)),
						  rel);
}

/* The checks of the audits, and the one to report. */
typedef struct AuditChecks
{
	const Registration *regs;
	int			nregs;
	bool		failed;
	AuditRow	first;			/* the failing audit of the lowest id */
	AuditRow   *transitions;	/* transition audits, for their time */
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

/* The additions of the transition audits $1 (a generic plan, spi_util.h). */
static IsmsPlan q_transitions = {TRANSITION_SQL, 1, {INT8ARRAYOID}, .generic_only = true};

/* The additions of the transition audits, ISMS_IDS_PER_QUERY at a time. */
static void
load_transitions(AuditChecks *ck)
{
	int64	   *ids;
	int			i,
				from = 0;

	if (ck->ntransitions == 0)
		return;
	qsort(ck->transitions, ck->ntransitions, sizeof(AuditRow), cmp_audit_id);
	ids = palloc(sizeof(int64) * ck->ntransitions);
	for (i = 0; i < ck->ntransitions; i++)
		ids[i] = ck->transitions[i].id;
	/* a fresh snapshot, which sees the statement's rows */
	while (isms_exec_chunk(&q_transitions, ids, ck->ntransitions, &from, true, 0))
	{
		uint64		r;

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
		SPI_freetuptable(SPI_tuptable);
	}
	pfree(ids);
}

/* Rows fetched from the audit cursor at a time. */
#define AUDIT_FETCH 1000

/*
 * Check the audits of audit_check_sql, read with a snapshot taken after
 * the locks, in batches; report the violation of the lowest audit id, with
 * the checks of one audit in the order ACC-4, TIME-2, transition time.
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
	portal = audit_open_latest_cursor(plan);
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

			audit_read_row(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, &a, tables, ntables);
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
		audit_read_names(&ck.first);
		check_lead_registered(rel, &ck.first, regs, nregs);
		check_audit_time(rel, &ck.first);
		check_transition_time(rel, &ck.first);
		elog(ERROR, "audit " INT64_FORMAT " failed no check", ck.first.id);
	}
}

/* ----------------------------------------------------------------
 * Combined audits: an add-on's audit held with one of its base's
 * (rules_addon.c judges them)
 * ---------------------------------------------------------------- */

/*
 * Audits combined with another, by id: the add-on's certificate number,
 * the number of the certificate of the audit it names, whether that is the
 * add-on's base, the named audit's kind (the code of isms_kind_case) and
 * whether the two overlap.  Their texts are made on first use
 * (combined_sql).
 *
 * q_combined: the audits combined with one of the audits $1.  Driven by
 * the ids, so that its generic plan probes the indexes of the audits named
 * and of the audits naming them; with "a.combined_with = ANY ($1)" it
 * hashed the whole audit table for each chunk of ids.
 * q_combined_of: the audits of certificate $1 combined with another.
 */
static IsmsPlan q_combined = {NULL, 1, {INT8ARRAYOID}, .generic_only = true};
static IsmsPlan q_combined_of = {NULL, 1, {INT8OID}, .generic_only = true};

enum
{
	CB_ID = 1, CB_NUMBER, CB_OTHER_NUMBER, CB_OF_BASE, CB_KIND, CB_OVERLAPS, CB_WITH
};

#define COMBINED_SELECT \
	"SELECT a.id, c.certificate_number," \
	" coalesce(b.certificate_number, '?')," \
	" c.base_certificate_id IS NOT NULL" \
	"  AND c.base_certificate_id" EQ "o.certificate_id," \
	" %s," \
	" o.start_date" LE "a.end_date AND o.end_date" GE "a.start_date," \
	" a.combined_with"

static void
combined_sql(void)
{
	char	   *kind;

	if (q_combined.sql != NULL)
		return;
	kind = isms_kind_case("o.kind", "isms.audit_kind", isms_audit_name,
						  ISMS_AK_LAST, ISMS_AK_LAST);
	q_combined_of.sql = MemoryContextStrdup(TopMemoryContext, psprintf(
		COMBINED_SELECT
		" FROM isms.audit a"
		" JOIN isms.audit o ON o.id" EQ "a.combined_with"
		" JOIN isms.certificate c ON c.id" EQ "a.certificate_id"
		" LEFT JOIN isms.certificate b ON b.id" EQ "o.certificate_id"
		" WHERE a.certificate_id" EQ "$1"
		" ORDER BY a.id", kind));
	q_combined.sql = MemoryContextStrdup(TopMemoryContext, psprintf(
		COMBINED_SELECT
		" FROM pg_catalog.unnest($1) w(id)"
		" JOIN isms.audit o ON o.id" EQ "w.id"
		" JOIN isms.audit a ON a.combined_with" EQ "w.id"
		" JOIN isms.certificate c ON c.id" EQ "a.certificate_id"
		" LEFT JOIN isms.certificate b ON b.id" EQ "o.certificate_id"
		" ORDER BY a.id", kind));
}

/*
 * Judge the rows of a combined query in SPI_tuptable (by id) and free
 * them: *v becomes the violation of the first (by id, *first) that breaks
 * the rule, if it comes before the one already in *v.
 */
static void
judge_combined(IsmsViolation **v, int64 *first)
{
	TupleDesc	rd = SPI_tuptable->tupdesc;
	uint64		r;

	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	t = SPI_tuptable->vals[r];
		bool		isnull;
		int64		id = isms_getint8(t, rd, CB_ID, &isnull);
		bool		of_base = isms_getbool(t, rd, CB_OF_BASE);
		int			kind = DatumGetInt32(SPI_getbinval(t, rd, CB_KIND, &isnull));
		bool		overlaps = isms_getbool(t, rd, CB_OVERLAPS);

		if (*v != NULL && id >= *first)
			break;				/* rows come by id */
		/* nothing allocated for a row that keeps the rule */
		if (isms_combined_audit_ok(of_base, kind, overlaps))
			continue;
		*v = isms_check_combined_audit(SPI_getvalue(t, rd, CB_ID),
									   SPI_getvalue(t, rd, CB_NUMBER),
									   SPI_getvalue(t, rd, CB_WITH),
									   SPI_getvalue(t, rd, CB_OTHER_NUMBER),
									   of_base, kind, overlaps);
		*first = id;
		break;
	}
	SPI_freetuptable(SPI_tuptable);
}

/*
 * Every audit combined with another that the statement wrote or changed,
 * or that names one the statement changed, is held against the rule on
 * combined audits; the first (by id) that breaks it is refused.  Checked
 * here, once the statement is done, rather than row by row, so that an
 * add-on's audit and the base's audit it names may come in one statement,
 * in either order, and a change of the base's audit is checked too.  Read
 * with the latest snapshot, after the certificates' locks (which take the
 * add-ons' bases first).
 */
static void
check_combined(TriggerData *td)
{
	Relation	rel = td->tg_relation;
	bool		update = td->tg_oldtable != NULL;
	IsmsCollect cols[2] = {
		{.attnum = isms_attnum(rel, "combined_with"), .how = ISMS_COLLECT_UNIQUE},
		{.attnum = isms_attnum(rel, "id"), .how = ISMS_COLLECT_UNIQUE}
	};
	int64	   *ids;
	int			n,
				from = 0;
	int64		first = 0;
	IsmsViolation *v = NULL;

	/* the audits named by new rows; for an UPDATE, the changed rows too */
	isms_collect_columns(td->tg_newtable, rel, cols, update ? 2 : 1);
	if (cols[0].n + cols[1].n == 0)
		return;
	ids = palloc(sizeof(int64) * (cols[0].n + cols[1].n));
	if (cols[0].n > 0)
		memcpy(ids, cols[0].ids, sizeof(int64) * cols[0].n);
	if (cols[1].n > 0)
		memcpy(ids + cols[0].n, cols[1].ids, sizeof(int64) * cols[1].n);
	n = isms_sort_unique(ids, cols[0].n + cols[1].n);

	combined_sql();
	while (isms_exec_chunk(&q_combined, ids, n, &from, true, 0))
		judge_combined(&v, &first);
	if (v != NULL)
		isms_report_violation(v, rel);
}

/*
 * The audits of certificate cert combined with another, held against the
 * rule on combined audits when its base may have changed (the add-ons'
 * constraint trigger at commit, trg_certificate.c): an add-on moved to
 * another base keeps no audit combined with one of its former base's.
 * Inside SPI, as the tables' owner; rel is the table the error names.
 */
void
isms_check_combined_audits_of(int64 cert, Relation rel)
{
	Datum		args[1] = {Int64GetDatum(cert)};
	int64		first = 0;
	IsmsViolation *v = NULL;

	combined_sql();
	isms_exec_plan(&q_combined_of, args, NULL, 1, false, true, 0);
	judge_combined(&v, &first);
	if (v != NULL)
		isms_report_violation(v, rel);
}

/*
 * AFTER INSERT, AFTER UPDATE and AFTER DELETE FOR EACH STATEMENT on
 * isms.audit, with the statement's new rows (INSERT, UPDATE) and old rows
 * (UPDATE, DELETE) as transition tables.  It first locks the certificates
 * of those rows FOR NO KEY UPDATE, in the writers' lock order, so that two
 * statements writing audits of one certificate take turns, and the later
 * one checks with a snapshot taken after the lock (a fresh one under
 * REPEATABLE READ and SERIALIZABLE), seeing the earlier one's rows.  Then
 * the audits combined with the statement's are checked (check_combined),
 * and each audit to check is held against ACC-4 (new audits only), TIME-2
 * and the transition audit time.  Stage 2 audits are rechecked when a stage 1 audit of their
 * certificate is written, changed (kind, dates, days, certificate) or
 * deleted, and transition audits when a recertification audit is.
 */
PG_FUNCTION_INFO_V1(isms_audit_rules_check);
Datum
isms_audit_rules_check(PG_FUNCTION_ARGS)
{
	IsmsSpiUser su;
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
	rows_sql = audit_statement_rows_sql(newtable, oldtable);

	isms_spi_connect_statement(&su);
	{
		int			ret = SPI_register_trigger_data(td);

		if (ret != SPI_OK_TD_REGISTER)
			elog(ERROR, "SPI_register_trigger_data failed: %s", SPI_result_code_string(ret));
	}
	if (!audit_lock_certificates(rows_sql))
	{
		isms_spi_finish_owner(&su);
		return PointerGetDatum(NULL);
	}
	if (newtable != NULL)
	{
		check_combined(td);
		regs = audit_lock_registrations(newtable, &nregs);
	}
	check_audits(rel, audit_rows_sql(rows_sql, newtable), regs, nregs);
	isms_spi_finish_owner(&su);
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
