/*-------------------------------------------------------------------------
 *
 * audittime.c
 *	  Audit time, sampling and the auditors who lead audits.
 *
 *	TIME-1	isms.audit_days(): auditor-days from the table isms.audit_time
 *			(ISO/IEC 27006:2015 Table B.1 as shipped data), with the
 *			progression above its last band and the TRN-4 additions;
 *			AFTER INSERT / AFTER UPDATE statement trigger on isms.audit_time
 *			(figures do not fall as persons grow)
 *	SMP-1	isms.sample_size(): sites to visit in a multi-site sample
 *	ACC-4, TIME-2, TRN-4 (audit time)
 *			AFTER INSERT / UPDATE / DELETE statement trigger on isms.audit
 *	ACC-4	deferred constraint trigger on isms.auditor_registration
 *
 * Auditor-days are handled as integer hundredths (audit time is stored as
 * numeric(6,2)), so the band arithmetic is exact.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include <math.h>

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"

/* search_path-proof operators in the queries */
#define EQ " OPERATOR(pg_catalog.=) "
#define LE " OPERATOR(pg_catalog.<=) "
#define GE " OPERATOR(pg_catalog.>=) "

/* Which figure of a band. */
typedef enum TimeKind
{
	TK_INITIAL = 0,
	TK_SURVEILLANCE,
	TK_RECERTIFICATION
} TimeKind;

static const char *const time_kind_names[] = {"initial", "surveillance", "recertification"};

/* The bands of one scheme, ordered by persons_max; days in hundredths. */
typedef struct TimeTable
{
	char	   *scheme;
	int			n;
	int64	   *persons_max;
	int64	   *days[3];		/* indexed by TimeKind */
} TimeTable;

/* ----------------------------------------------------------------
 * helpers
 * ---------------------------------------------------------------- */

/* "8.5", "10", "0.25" from hundredths */
static char *
format_days(int64 h)
{
	if (h % 100 == 0)
		return psprintf("%lld", (long long) (h / 100));
	if (h % 10 == 0)
		return psprintf("%lld.%lld", (long long) (h / 100), (long long) ((h % 100) / 10));
	return psprintf("%lld.%02lld", (long long) (h / 100), (long long) (h % 100));
}

static Datum
days_numeric(int64 h)
{
	return DirectFunctionCall3(numeric_in, CStringGetDatum(format_days(h)),
							   ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1));
}


/* A user's string for a message: at most SHOWN_MAX bytes, whole characters. */
#define SHOWN_MAX 64

static char *
shown(const char *str)
{
	int			len = strlen(str);

	if (len <= SHOWN_MAX)
		return pstrdup(str);
	return psprintf("%.*s...", pg_mbcliplen(str, len, SHOWN_MAX), str);
}

static int64
get_int8(HeapTuple t, TupleDesc td, int col, bool *isnull)
{
	Datum		d = SPI_getbinval(t, td, col, isnull);

	return *isnull ? 0 : DatumGetInt64(d);
}

static TimeKind
time_kind(text *kind)
{
	char	   *k = text_to_cstring(kind);
	int			i;

	for (i = 0; i < (int) lengthof(time_kind_names); i++)
		if (strcmp(k, time_kind_names[i]) == 0)
			return (TimeKind) i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unrecognized audit kind \"%s\"", shown(k)),
			 errdetail("Rules TIME-1 and SMP-1 have figures for the kinds \"initial\" (stage 1 and stage 2 together), \"surveillance\" and \"recertification\"."),
			 errhint("Pass kind 'initial' for a stage 1 and stage 2 audit together, 'surveillance' or 'recertification'.")));
	return TK_INITIAL;			/* keep the compiler quiet */
}

/* ----------------------------------------------------------------
 * TIME-1: the table and its progression
 * ---------------------------------------------------------------- */

/*
 * The bands in force for the schemes in the text[] $1: a scheme's own rows
 * (shipped = false) replace its shipped rows as a whole as soon as it has
 * any.
 */
#define BANDS_SQL \
	"SELECT t.scheme, t.persons_max::pg_catalog.int8," \
	" (t.initial_days OPERATOR(pg_catalog.*) 100::pg_catalog.numeric)::pg_catalog.int8," \
	" (t.surveillance_days OPERATOR(pg_catalog.*) 100::pg_catalog.numeric)::pg_catalog.int8," \
	" (t.recertification_days OPERATOR(pg_catalog.*) 100::pg_catalog.numeric)::pg_catalog.int8" \
	" FROM isms.audit_time t" \
	" WHERE t.scheme" EQ "ANY ($1)" \
	" AND t.shipped" EQ "(NOT EXISTS (SELECT 1 FROM isms.audit_time u" \
	"  WHERE u.scheme" EQ "t.scheme AND NOT u.shipped))" \
	" ORDER BY t.scheme, t.persons_max"

static SPIPlanPtr bands_plan = NULL;

/* Inside SPI.  Returns the tables found (schemes without rows are left out). */
static TimeTable *
load_time_tables(Datum *schemes, int nschemes, int *ntables)
{
	Oid			argtypes[1] = {TEXTARRAYOID};
	Datum		args[1];
	int			ret;
	uint64		r;
	TimeTable  *out;
	int			k = -1;

	if (bands_plan == NULL)
		bands_plan = isms_prepare_kept(BANDS_SQL, 1, argtypes, 0);
	args[0] = PointerGetDatum(construct_array(schemes, nschemes, TEXTOID, -1, false, TYPALIGN_INT));
	ret = SPI_execute_plan(bands_plan, args, NULL, true, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	out = palloc0(sizeof(TimeTable) * Max(nschemes, 1));
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	t = SPI_tuptable->vals[r];
		TupleDesc	td = SPI_tuptable->tupdesc;
		char	   *scheme = SPI_getvalue(t, td, 1);
		bool		isnull;
		int			i;

		if (k < 0 || strcmp(out[k].scheme, scheme) != 0)
		{
			k++;
			Assert(k < nschemes);
			out[k].scheme = scheme;
			out[k].persons_max = palloc(sizeof(int64) * SPI_processed);
			for (i = 0; i < 3; i++)
				out[k].days[i] = palloc(sizeof(int64) * SPI_processed);
		}
		out[k].persons_max[out[k].n] = get_int8(t, td, 2, &isnull);
		for (i = 0; i < 3; i++)
			out[k].days[i][out[k].n] = get_int8(t, td, 3 + i, &isnull);
		out[k].n++;
	}
	*ntables = k + 1;
	return out;
}

/* x * num / den rounded up to the half day (50 hundredths); den > 0 */
static int64
scaled_half_day_up(int64 x, int64 num, int64 den)
{
	/* x = q den + r: x num / den = q num + r num / den, each part exact */
	int64		q = x / den,
				r = x % den,
				a = q * num;

	/* a + r num / den, up to a multiple of 50 */
	return (a / 50) * 50 +
		50 * (((a % 50) * den + r * num + 50 * den - 1) / (50 * den));
}

/*
 * TIME-1: the figure (hundredths) for this many persons.  Band i covers
 * persons_max[i - 1] + 1 .. persons_max[i] (the first from 1).  Above the
 * last band the table goes on by its progression: with P1 and P2 the upper
 * bounds of the last two rows, each further band's upper bound is the
 * previous one times P2 / P1, rounded up, and its initial figure the
 * previous band's plus the step between the last two rows' initial figures
 * (never less than 0: the figures never fall as persons grow).  Its
 * surveillance and recertification figures keep the last row's proportions
 * to its initial figure: that initial figure times the last row's
 * surveillance (recertification) / initial figures, rounded up to the half
 * day.  A table of a single row has no progression: its figures apply to
 * any number above it.
 */
static int64
time_figure(const TimeTable *t, int64 persons, TimeKind kind)
{
	int			i,
				n = t->n;
	int64		upper,
				initial,
				step;

	for (i = 0; i < n; i++)
		if (persons <= t->persons_max[i])
			return t->days[kind][i];
	if (n < 2)
		return t->days[kind][n - 1];
	initial = t->days[TK_INITIAL][n - 1];
	step = Max(initial - t->days[TK_INITIAL][n - 2], 0);
	upper = t->persons_max[n - 1];
	while (upper < persons)
	{
		/* upper < persons <= PG_INT32_MAX and P2 <= PG_INT32_MAX: no overflow */
		upper = (upper * t->persons_max[n - 1] + t->persons_max[n - 2] - 1) /
			t->persons_max[n - 2];
		initial += step;
	}
	if (kind == TK_INITIAL)
		return initial;
	/* days > 0 (CHECK constraints), and initial >= the last row's */
	return Max(t->days[kind][n - 1],
			   scaled_half_day_up(initial, t->days[kind][n - 1],
								  t->days[TK_INITIAL][n - 1]));
}

/*
 * A row of a registry's own table whose figure is below the previous
 * row's (the shipped rows are read-only and do not fall).
 */
#define FALLING_SQL \
	"SELECT x.scheme, x.persons_max, x.prev_max, x.kind," \
	" (x.days OPERATOR(pg_catalog.*) 100::pg_catalog.numeric)::pg_catalog.int8, (x.prev_days OPERATOR(pg_catalog.*) 100::pg_catalog.numeric)::pg_catalog.int8" \
	" FROM (SELECT t.scheme, t.persons_max, k.kind, k.days," \
	"  pg_catalog.lag(t.persons_max) OVER w AS prev_max," \
	"  pg_catalog.lag(k.days) OVER w AS prev_days" \
	"  FROM isms.audit_time t," \
	"  LATERAL (VALUES (1, 'initial', t.initial_days)," \
	"   (2, 'surveillance', t.surveillance_days)," \
	"   (3, 'recertification', t.recertification_days)) k(ord, kind, days)" \
	"  WHERE NOT t.shipped" \
	"  WINDOW w AS (PARTITION BY t.scheme, k.ord ORDER BY t.persons_max)) x" \
	" WHERE x.days OPERATOR(pg_catalog.<) x.prev_days" \
	" ORDER BY x.scheme, x.persons_max LIMIT 1"

static SPIPlanPtr falling_plan = NULL;

/*
 * AFTER INSERT OR UPDATE FOR EACH STATEMENT on isms.audit_time (TIME-1):
 * a registry's own table does not give fewer auditor-days to more persons,
 * figure by figure, so that neither the table nor its progression falls.
 */
PG_FUNCTION_INFO_V1(isms_audit_time_check);
Datum
isms_audit_time_check(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.audit_time_check", false, false);
	int			ret;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (falling_plan == NULL)
		falling_plan = isms_prepare_kept(FALLING_SQL, 0, NULL, 0);
	ret = SPI_execute_plan(falling_plan, NULL, NULL, false, 1);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	if (SPI_processed > 0)
	{
		HeapTuple	t = SPI_tuptable->vals[0];
		TupleDesc	tdesc = SPI_tuptable->tupdesc;
		bool		isnull;
		char	   *scheme = SPI_getvalue(t, tdesc, 1);

		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("audit-time table of scheme \"%.64s\" gives fewer auditor-days to more persons", scheme),
				 errdetail("Rule TIME-1: the %s figure for up to %s persons is %s auditor-days, below the %s for up to %s persons.",
						   SPI_getvalue(t, tdesc, 4), SPI_getvalue(t, tdesc, 2),
						   format_days(get_int8(t, tdesc, 5, &isnull)),
						   format_days(get_int8(t, tdesc, 6, &isnull)),
						   SPI_getvalue(t, tdesc, 3)),
				 errhint("Each figure of a scheme's rows must not decrease from one band to the next; change rows that depend on each other in one statement."),
				 errtableconstraint(td->tg_relation, "TIME-1")));
	}
	SPI_finish();
	return PointerGetDatum(NULL);
}

/*
 * TRN-4: the auditor-days a transition audit adds, from the edition
 * transition leaving the given edition (its IDT adoptions and amended
 * versions included).
 */
#define TRANSITION_EXTRA_SQL \
	"SELECT (t.surveillance_extra_days OPERATOR(pg_catalog.*) 100::pg_catalog.numeric)::pg_catalog.int8," \
	" (t.recertification_extra_days OPERATOR(pg_catalog.*) 100::pg_catalog.numeric)::pg_catalog.int8, f.scheme" \
	" FROM isms.edition_transition t" \
	" JOIN isms.standard f ON f.ref" EQ "t.from_standard," \
	" LATERAL (SELECT coalesce((SELECT s.idt_of FROM isms.standard s" \
	"   WHERE s.ref" EQ "$1), $1) AS ref) g" \
	" WHERE coalesce(f.idt_of, f.ref) OPERATOR(pg_catalog.~=) g.ref" \
	" AND isms.std_edition(coalesce(f.idt_of, f.ref))" EQ "isms.std_edition(g.ref)" \
	" ORDER BY t.from_standard DESC LIMIT 1"

static SPIPlanPtr extra_plan = NULL;
static Oid	extra_plan_type = InvalidOid;

/*
 * isms.audit_days(persons integer, kind text, transition_from isms.stdref
 * DEFAULT NULL, scheme text DEFAULT 'ISMS') RETURNS numeric
 *
 * TIME-1 (and TRN-4 with transition_from).  NULL kind, persons or scheme,
 * or a scheme of isms.scheme without a table, give NULL; the arguments
 * given are checked first (kind, persons, transition_from with kind), and
 * a scheme not in isms.scheme or a transition_from of another scheme are
 * errors.
 */
#define SCHEME_EXISTS_SQL \
	"SELECT 1 FROM isms.scheme s WHERE s.code" EQ "$1"

static SPIPlanPtr scheme_plan = NULL;

PG_FUNCTION_INFO_V1(isms_audit_days);
Datum
isms_audit_days(PG_FUNCTION_ARGS)
{
	TimeKind	kind;
	int32		persons;
	Datum		scheme;
	char	   *scheme_str;
	TimeTable  *tables;
	int			ntables;
	int64		days,
				extra = 0;
	int			ret;

	if (PG_ARGISNULL(1))
		PG_RETURN_NULL();
	kind = time_kind(PG_GETARG_TEXT_PP(1));
	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	persons = PG_GETARG_INT32(0);
	if (persons < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of persons must be at least 1"),
				 errdetail("Rule TIME-1 counts the persons doing work under the organisation's control; %d was given.", persons),
				 errhint("Pass the number of persons in the scope, 1 or more, or NULL when it is not known.")));
	if (!PG_ARGISNULL(2) && kind == TK_INITIAL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a transition audit is not held with an initial audit"),
				 errdetail("Rule TRN-4: a transition audit adds auditor-days to a surveillance or a recertification audit."),
				 errhint("Call with kind 'surveillance' or 'recertification', or without transition_from.")));
	if (PG_ARGISNULL(3))
		PG_RETURN_NULL();
	scheme = PointerGetDatum(PG_GETARG_TEXT_PP(3));
	scheme_str = TextDatumGetCString(scheme);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	tables = load_time_tables(&scheme, 1, &ntables);
	if (ntables == 0)
	{
		Oid			argtypes[1] = {TEXTOID};

		/* a scheme without a table, or no scheme at all? */
		if (scheme_plan == NULL)
			scheme_plan = isms_prepare_kept(SCHEME_EXISTS_SQL, 1, argtypes, 0);
		ret = SPI_execute_plan(scheme_plan, &scheme, NULL, true, 1);
		if (ret != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
		if (SPI_processed == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown scheme \"%s\"", shown(scheme_str)),
					 errdetail("Rule TIME-1 reads the audit-time table of a scheme of isms.scheme; no scheme has code \"%s\".",
							   shown(scheme_str)),
					 errhint("Pass the code of a row of isms.scheme, e.g. 'ISMS' (codes are case-sensitive).")));
	}

	if (!PG_ARGISNULL(2))
	{
		Oid			stdtype = get_fn_expr_argtype(fcinfo->flinfo, 2);
		Datum		args[1] = {PG_GETARG_DATUM(2)};
		bool		isnull;
		Oid			outfn;
		bool		varlena;
		char	   *ref,
				   *trn_scheme;

		if (!OidIsValid(stdtype))
			elog(ERROR, "could not determine the type of transition_from");
		if (extra_plan == NULL || extra_plan_type != stdtype)
		{
			if (extra_plan != NULL)
				SPI_freeplan(extra_plan);
			extra_plan = NULL;
			extra_plan = isms_prepare_kept(TRANSITION_EXTRA_SQL, 1, &stdtype, 0);
			extra_plan_type = stdtype;
		}
		ret = SPI_execute_plan(extra_plan, args, NULL, true, 1);
		if (ret != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
		getTypeOutputInfo(stdtype, &outfn, &varlena);
		ref = OidOutputFunctionCall(outfn, args[0]);
		if (SPI_processed == 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("no edition transition leaves \"%s\"", shown(ref)),
					 errdetail("Rule TRN-4: the auditor-days of a transition audit come from the row of isms.edition_transition whose from_standard is the old edition."),
					 errhint("Pass the edition the certificate leaves, e.g. 'ISO/IEC 27001:2013', or no transition_from.")));
		trn_scheme = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 3);
		if (trn_scheme == NULL || strcmp(trn_scheme, scheme_str) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("edition \"%s\" is not of scheme \"%s\"", shown(ref), shown(scheme_str)),
					 errdetail("Rule TRN-4: the transition leaving \"%s\" belongs to scheme \"%s\"; its auditor-days are not added to the figures of scheme \"%s\".",
							   shown(ref), trn_scheme ? shown(trn_scheme) : "", shown(scheme_str)),
					 errhint("Pass the scheme of the edition in scheme, or an edition of scheme \"%s\" in transition_from.",
							 shown(scheme_str))));
		extra = get_int8(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
						 kind == TK_SURVEILLANCE ? 1 : 2, &isnull);
	}
	SPI_finish();
	if (ntables == 0)
		PG_RETURN_NULL();		/* a scheme without a table */
	days = time_figure(&tables[0], persons, kind) + extra;
	PG_RETURN_DATUM(days_numeric(days));
}

/* ----------------------------------------------------------------
 * SMP-1: multi-site sampling
 * ---------------------------------------------------------------- */

/* smallest k >= 0 with num * k * k >= den * n, exactly (n < 2^31) */
static int64
ceil_scaled_sqrt(int64 n, int64 num, int64 den)
{
	int64		target = den * n;
	int64		k = (int64) sqrt((double) target / (double) num);

	while (k > 0 && num * (k - 1) * (k - 1) >= target)
		k--;
	while (num * k * k < target)
		k++;
	return k;
}

/*
 * isms.sample_size(sites integer, kind text, sampling_allowed boolean
 * DEFAULT true) RETURNS integer
 *
 * SMP-1 (IAF MD 1): sites to visit, not counting the central function,
 * which is visited in addition.  With sampling: initial ceil(sqrt(n)),
 * surveillance ceil(0.6 sqrt(n)), recertification ceil(0.8 sqrt(n)).
 * Without: every site at initial and recertification audits, and
 * ceil(0.3 n) per surveillance year.  Exact integer arithmetic.
 */
PG_FUNCTION_INFO_V1(isms_sample_size);
Datum
isms_sample_size(PG_FUNCTION_ARGS)
{
	int32		sites = PG_GETARG_INT32(0);
	TimeKind	kind = time_kind(PG_GETARG_TEXT_PP(1));
	bool		sampling = PG_GETARG_BOOL(2);
	int64		n = sites;

	if (sites < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of sites must be at least 1"),
				 errdetail("Rule SMP-1 samples the sites of a multi-site organisation, not counting the central function; %d was given.", sites),
				 errhint("Pass the number of sites besides the central function, 1 or more.")));
	if (!sampling)
		PG_RETURN_INT32((int32) (kind == TK_SURVEILLANCE ? (3 * n + 9) / 10 : n));
	switch (kind)
	{
		case TK_INITIAL:
			PG_RETURN_INT32((int32) ceil_scaled_sqrt(n, 1, 1));
		case TK_SURVEILLANCE:
			/* k >= 0.6 sqrt(n)  <=>  100 k^2 >= 36 n */
			PG_RETURN_INT32((int32) ceil_scaled_sqrt(n, 100, 36));
		case TK_RECERTIFICATION:
			/* k >= 0.8 sqrt(n)  <=>  100 k^2 >= 64 n */
			PG_RETURN_INT32((int32) ceil_scaled_sqrt(n, 100, 64));
	}
	PG_RETURN_NULL();
}

/* ----------------------------------------------------------------
 * The audit triggers: ACC-4, TIME-2, TRN-4 (audit time)
 * ---------------------------------------------------------------- */


/* A registration, as read (and locked) for the ACC-4 check. */
typedef struct Registration
{
	int64		auditor_id;
	DateADT		from;
	DateADT		until;			/* DATEVAL_NOEND when open */
} Registration;

/* Columns of the audit query below. */
enum
{
	AQ_ID = 1, AQ_NUMBER, AQ_KIND, AQ_START, AQ_DAYS, AQ_PERSONS,
	AQ_JUSTIFIED, AQ_SCHEME, AQ_LEAD, AQ_LEAD_NAME, AQ_IS_NEW, AQ_STAGE1_DAYS,
	AQ_EXTRA, AQ_WITH_RECERT, AQ_FROM_STD, AQ_CERT_PERSONS
};

/*
 * The audits to check: the new rows of the statement; the stage 2 audits
 * of certificates that had a stage 1 audit among the statement's old or
 * new rows (their total initial time depends on it); and the transition
 * audits of certificates that had a recertification audit among them
 * (whether one overlaps decides their TRN-4 addition).  The first %s is
 * the CTE of the statement's rows (w: certificate_id, kind, id, is_new).
 */
static const char *const audit_check_sql =
"WITH w AS (%s),"
" chk AS ("
" SELECT x.id, pg_catalog.bool_or(x.is_new) AS is_new FROM ("
"  SELECT w.id, true AS is_new FROM w WHERE w.is_new"
"  UNION ALL"
"  SELECT a.id, false FROM isms.audit a"
"   WHERE (a.kind" EQ "'stage2'::isms.audit_kind"
"    AND a.certificate_id" EQ "ANY (SELECT w.certificate_id FROM w"
"     WHERE w.kind" EQ "'stage1'::isms.audit_kind))"
"   OR (a.kind" EQ "'transition'::isms.audit_kind"
"    AND a.certificate_id" EQ "ANY (SELECT w.certificate_id FROM w"
"     WHERE w.kind" EQ "'recertification'::isms.audit_kind))) x"
" GROUP BY x.id)"
" SELECT a.id, c.certificate_number, a.kind::pg_catalog.text, a.start_date,"
" (a.auditor_days OPERATOR(pg_catalog.*) 100::pg_catalog.numeric)::pg_catalog.int8,"
" coalesce(a.persons_in_scope, c.persons_in_scope),"
" coalesce(a.time_justification OPERATOR(pg_catalog.~) '\\S', false),"
" st.scheme, a.lead_auditor_id, au.name, chk.is_new,"
" CASE WHEN a.kind" EQ "'stage2'::isms.audit_kind THEN"
"  coalesce((SELECT (s1.auditor_days OPERATOR(pg_catalog.*) 100::pg_catalog.numeric)::pg_catalog.int8 FROM isms.audit s1"
"   WHERE s1.certificate_id" EQ "a.certificate_id"
"   AND s1.kind" EQ "'stage1'::isms.audit_kind"
"   AND s1.end_date" LE "a.start_date"
"   ORDER BY s1.end_date DESC, s1.id DESC LIMIT 1), 0) END,"
" trn.extra, trn.with_recert, trn.from_standard, a.persons_in_scope IS NULL"
" FROM chk JOIN isms.audit a ON a.id" EQ "chk.id"
" JOIN isms.certificate c ON c.id" EQ "a.certificate_id"
" JOIN isms.standard st ON st.ref" EQ "c.standard"
" LEFT JOIN isms.auditor au ON au.id" EQ "a.lead_auditor_id"
" LEFT JOIN LATERAL ("
"  SELECT CASE WHEN r.overlaps THEN (t.recertification_extra_days OPERATOR(pg_catalog.*) 100::pg_catalog.numeric)::pg_catalog.int8"
"   ELSE (t.surveillance_extra_days OPERATOR(pg_catalog.*) 100::pg_catalog.numeric)::pg_catalog.int8 END AS extra,"
"   r.overlaps AS with_recert, t.from_standard::pg_catalog.text AS from_standard"
"  FROM isms.edition_transition t"
"  JOIN isms.standard f ON f.ref" EQ "t.from_standard"
"  JOIN isms.standard w ON w.ref" EQ "t.to_standard,"
"  LATERAL (SELECT coalesce(st.idt_of, st.ref) AS ref) cur,"
"  LATERAL (SELECT EXISTS (SELECT 1 FROM isms.audit ra"
"    WHERE ra.certificate_id" EQ "a.certificate_id"
"    AND ra.kind" EQ "'recertification'::isms.audit_kind"
"    AND ra.start_date" LE "a.end_date AND ra.end_date" GE "a.start_date) AS overlaps) r"
"  WHERE (coalesce(f.idt_of, f.ref) OPERATOR(pg_catalog.~=) cur.ref"
"    AND isms.std_edition(coalesce(f.idt_of, f.ref))" EQ "isms.std_edition(cur.ref))"
"   OR (coalesce(w.idt_of, w.ref) OPERATOR(pg_catalog.~=) cur.ref"
"    AND isms.std_edition(coalesce(w.idt_of, w.ref))" EQ "isms.std_edition(cur.ref))"
"  ORDER BY isms.std_edition(coalesce(f.idt_of, f.ref))" EQ "isms.std_edition(cur.ref) DESC,"
"   t.from_standard DESC LIMIT 1) trn ON a.kind" EQ "'transition'::isms.audit_kind"
" WHERE a.lead_auditor_id IS NOT NULL OR a.auditor_days IS NOT NULL"
" ORDER BY a.id";

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
 * AFTER INSERT, AFTER UPDATE and AFTER DELETE FOR EACH STATEMENT on
 * isms.audit, with the statement's new rows (INSERT, UPDATE) and old rows
 * (UPDATE, DELETE) as transition tables.  It first locks the certificates
 * of those rows FOR NO KEY UPDATE, in the writers' lock order, so that two
 * statements writing audits of one certificate take turns, and the later
 * one checks with a snapshot taken after the lock (a fresh one under
 * REPEATABLE READ and SERIALIZABLE), seeing the earlier one's rows.  Then,
 * in one pass over the audits to check:
 *
 * ACC-4	an audit of the statement whose lead auditor is recorded starts on
 *			a day covered by an active registration of that auditor;
 * TIME-2	audit time below the TIME-1 figure of the certificate's scheme
 *			needs a justification (surveillance and recertification: their
 *			figures; stage 2: the initial figure against stage 2 plus the
 *			latest stage 1 ending on or before it; others: none), for the
 *			persons in scope of the audit, else of the certificate;
 * TRN-4	a transition audit records at least the auditor-days its edition
 *			transition adds (to a recertification audit it overlaps, else to
 *			a surveillance audit), unless justified.
 *
 * Stage 2 audits are rechecked when a stage 1 audit of their certificate
 * is written, changed (kind, dates, days, certificate) or deleted, and
 * transition audits when a recertification audit is.
 */
PG_FUNCTION_INFO_V1(isms_audit_rules_check);
Datum
isms_audit_rules_check(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.audit_rules_check", false, false);
	Relation	rel = td->tg_relation;
	const char *newtable = NULL,
			   *oldtable = NULL;
	bool		need_new = !TRIGGER_FIRED_BY_DELETE(td->tg_event),
				need_old = !TRIGGER_FIRED_BY_INSERT(td->tg_event);
	StringInfoData rows_sql;
	SPIPlanPtr	plan;
	int			ret;
	uint64		r,
				nrows;
	SPITupleTable *rows;
	Registration *regs = NULL;
	int			nregs = 0;
	Datum	   *schemes;
	int			nschemes = 0;
	TimeTable  *tables = NULL;
	int			ntables = 0;

	if (need_new && (td->tg_newtable == NULL || td->tg_trigger->tgnewtable == NULL))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" needs a REFERENCING NEW TABLE clause",
						"isms.audit_rules_check")));
	if (need_old && (td->tg_oldtable == NULL || td->tg_trigger->tgoldtable == NULL))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" needs a REFERENCING OLD TABLE clause",
						"isms.audit_rules_check")));
	if (need_new)
		newtable = quote_identifier(td->tg_trigger->tgnewtable);
	if (need_old)
		oldtable = quote_identifier(td->tg_trigger->tgoldtable);

	initStringInfo(&rows_sql);
	if (newtable != NULL)
		appendStringInfo(&rows_sql,
						 "SELECT n.certificate_id, n.kind, n.id, true AS is_new FROM %s n",
						 newtable);
	if (oldtable != NULL)
		appendStringInfo(&rows_sql,
						 "%sSELECT o.certificate_id, o.kind, o.id, false AS is_new FROM %s o",
						 newtable != NULL ? " UNION ALL " : "", oldtable);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_register_trigger_data(td) != SPI_OK_TD_REGISTER)
		elog(ERROR, "SPI_register_trigger_data failed");

	/* lock the certificates whose audits are checked */
	ret = SPI_execute(psprintf("SELECT DISTINCT w.certificate_id FROM (%s) w", rows_sql.data),
					  false, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(ret));
	if (SPI_processed == 0)
	{
		SPI_finish();
		return PointerGetDatum(NULL);
	}
	{
		int64	   *ids = palloc(sizeof(int64) * SPI_processed);
		int			nids = (int) SPI_processed;

		for (r = 0; r < SPI_processed; r++)
		{
			bool		isnull;

			ids[r] = get_int8(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull);
		}
		SPI_freetuptable(SPI_tuptable);
		isms_lock_certificates(ids, nids);
	}

	/* ACC-4: lock the registrations relied on */
	if (newtable != NULL)
	{
		ret = SPI_execute(psprintf(registration_lock_sql, newtable), false, 0);
		if (ret != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(ret));
		if (SPI_processed > 0)
		{
			regs = palloc(sizeof(Registration) * SPI_processed);
			for (r = 0; r < SPI_processed; r++)
			{
				HeapTuple	t = SPI_tuptable->vals[r];
				TupleDesc	tdesc = SPI_tuptable->tupdesc;
				bool		isnull;

				regs[r].auditor_id = get_int8(t, tdesc, 1, &isnull);
				regs[r].from = DatumGetDateADT(SPI_getbinval(t, tdesc, 2, &isnull));
				regs[r].until = DatumGetDateADT(SPI_getbinval(t, tdesc, 3, &isnull));
				if (isnull)
					DATE_NOEND(regs[r].until);
			}
			nregs = (int) SPI_processed;
		}
	}

	/*
	 * The check, with a snapshot taken after the locks: under READ COMMITTED
	 * each query takes one; under REPEATABLE READ and SERIALIZABLE the
	 * transaction's snapshot predates them, so read with the latest one.
	 */
	plan = SPI_prepare(psprintf(audit_check_sql, rows_sql.data), 0, NULL);
	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (IsolationUsesXactSnapshot())
	{
		CommandCounterIncrement();
		ret = SPI_execute_snapshot(plan, NULL, NULL, GetLatestSnapshot(),
								   InvalidSnapshot, false, false, 0);
	}
	else
		ret = SPI_execute_plan(plan, NULL, NULL, false, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	rows = SPI_tuptable;
	nrows = SPI_processed;
	if (nrows == 0)
	{
		SPI_finish();
		return PointerGetDatum(NULL);
	}

	/* TIME-1 tables of the schemes involved, in one query */
	schemes = palloc(sizeof(Datum) * nrows);
	for (r = 0; r < nrows; r++)
	{
		char	   *s = SPI_getvalue(rows->vals[r], rows->tupdesc, AQ_SCHEME);
		int			i;
		bool		seen = false;

		for (i = 0; i < nschemes && !seen; i++)
			seen = strcmp(TextDatumGetCString(schemes[i]), s) == 0;
		if (!seen)
			schemes[nschemes++] = CStringGetTextDatum(s);
	}
	tables = load_time_tables(schemes, nschemes, &ntables);

	for (r = 0; r < nrows; r++)
	{
		HeapTuple	t = rows->vals[r];
		TupleDesc	tdesc = rows->tupdesc;
		bool		isnull,
					days_null,
					persons_null,
					lead_null;
		char	   *number = SPI_getvalue(t, tdesc, AQ_NUMBER);
		char	   *kind = SPI_getvalue(t, tdesc, AQ_KIND);
		DateADT		start = DatumGetDateADT(SPI_getbinval(t, tdesc, AQ_START, &isnull));
		int64		days = get_int8(t, tdesc, AQ_DAYS, &days_null);
		int32		persons = DatumGetInt32(SPI_getbinval(t, tdesc, AQ_PERSONS, &persons_null));
		bool		justified = DatumGetBool(SPI_getbinval(t, tdesc, AQ_JUSTIFIED, &isnull));
		char	   *scheme = SPI_getvalue(t, tdesc, AQ_SCHEME);
		int64		lead = get_int8(t, tdesc, AQ_LEAD, &lead_null);
		bool		is_new = DatumGetBool(SPI_getbinval(t, tdesc, AQ_IS_NEW, &isnull));
		bool		cert_persons = DatumGetBool(SPI_getbinval(t, tdesc, AQ_CERT_PERSONS, &isnull));
		const char *whose = cert_persons ? " (the certificate's)" : "";
		char		b1[ISMS_DATEBUF];
		int			i;

		/* ACC-4 */
		if (is_new && !lead_null)
		{
			bool		covered = false;

			for (i = 0; i < nregs && !covered; i++)
				covered = regs[i].auditor_id == lead &&
					regs[i].from <= start && start <= regs[i].until;
			if (!covered)
			{
				isms_format_date(start, b1);
				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("lead auditor \"%s\" is not registered on %s",
								SPI_getvalue(t, tdesc, AQ_LEAD_NAME), b1),
						 errdetail("Rule ACC-4: the %s audit of certificate \"%s\" starting %s is led by auditor %lld \"%s\", who has no active registration covering that day.",
								   kind, number, b1, (long long) lead,
								   SPI_getvalue(t, tdesc, AQ_LEAD_NAME)),
						 errhint("Record the auditor's registration in isms.auditor_registration, or name a registered lead auditor."),
						 errtableconstraint(rel, "ACC-4")));
			}
		}

		if (days_null || justified)
			continue;

		/* TIME-2 */
		if (!persons_null && persons >= 1 &&
			(strcmp(kind, "surveillance") == 0 ||
			 strcmp(kind, "recertification") == 0 ||
			 strcmp(kind, "stage2") == 0))
		{
			TimeKind	tk = kind[0] == 's' && kind[1] == 'u' ? TK_SURVEILLANCE :
				kind[0] == 'r' ? TK_RECERTIFICATION : TK_INITIAL;
			const TimeTable *tt = NULL;
			int64		recorded = days,
						figure;

			for (i = 0; i < ntables && tt == NULL; i++)
				if (strcmp(tables[i].scheme, scheme) == 0)
					tt = &tables[i];
			if (tt != NULL)
			{
				if (tk == TK_INITIAL)
					recorded += get_int8(t, tdesc, AQ_STAGE1_DAYS, &isnull);
				figure = time_figure(tt, persons, tk);
				if (recorded < figure)
				{
					isms_format_date(start, b1);
					ereport(ERROR,
							(errcode(ERRCODE_CHECK_VIOLATION),
							 errmsg("audit time of the %s audit of certificate \"%s\" starting %s is below the figure of scheme \"%s\"",
									kind, number, b1, scheme),
							 tk == TK_INITIAL ?
							 errdetail("Rule TIME-2: stage 1 and stage 2 together record %s auditor-days for %d persons in scope%s; the initial audit figure (TIME-1) is %s.",
									   format_days(recorded), persons, whose, format_days(figure)) :
							 errdetail("Rule TIME-2: %s auditor-days are recorded for %d persons in scope%s; the %s figure (TIME-1) is %s.",
									   format_days(recorded), persons, whose,
									   time_kind_names[tk], format_days(figure)),
							 errhint("Record the reason for the shorter audit in time_justification, or correct auditor_days or persons_in_scope."),
							 errtableconstraint(rel, "TIME-2")));
				}
			}
		}

		/* TRN-4: the time a transition audit adds */
		if (strcmp(kind, "transition") == 0)
		{
			int64		extra = get_int8(t, tdesc, AQ_EXTRA, &isnull);

			if (!isnull && days < extra)
			{
				bool		with_recert = DatumGetBool(SPI_getbinval(t, tdesc, AQ_WITH_RECERT, &isnull));

				isms_format_date(start, b1);
				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("audit time of the transition audit of certificate \"%s\" starting %s is below the transition's addition",
								number, b1),
						 errdetail("Rule TRN-4: the transition from %s adds %s auditor-days to a %s audit; %s are recorded.",
								   SPI_getvalue(t, tdesc, AQ_FROM_STD), format_days(extra),
								   with_recert ? "recertification" : "surveillance",
								   format_days(days)),
						 errhint("Record the reason for the shorter audit in time_justification, or correct auditor_days."),
						 errtableconstraint(rel, "TRN-4")));
			}
		}
	}
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* ----------------------------------------------------------------
 * isms.auditor_registration: ACC-4 at commit
 * ---------------------------------------------------------------- */

#define UNREGISTERED_SQL \
	"SELECT c.certificate_number, a.kind::pg_catalog.text," \
	" pg_catalog.to_char(a.start_date, 'YYYY-MM-DD'), au.id, au.name" \
	" FROM isms.audit a" \
	" JOIN isms.certificate c ON c.id" EQ "a.certificate_id" \
	" JOIN isms.auditor au ON au.id" EQ "a.lead_auditor_id" \
	" WHERE a.lead_auditor_id" EQ "ANY ($1)" \
	" AND NOT EXISTS (SELECT 1 FROM isms.auditor_registration r" \
	"  WHERE r.auditor_id" EQ "a.lead_auditor_id" \
	"  AND r.status" EQ "'active'::isms.accreditation_status" \
	"  AND r.valid_from" LE "a.start_date" \
	"  AND (r.valid_until IS NULL OR r.valid_until" GE "a.start_date))" \
	" ORDER BY a.id LIMIT 1"

static SPIPlanPtr unregistered_plan = NULL;

/*
 * AFTER UPDATE OR DELETE FOR EACH ROW, as a constraint trigger deferred to
 * commit: every recorded audit led by the auditor (the old and the new
 * row's) still starts on a day of an active registration (ACC-4).  Under
 * REPEATABLE READ and SERIALIZABLE the check reads with a fresh snapshot,
 * so it sees audits that other transactions committed meanwhile.
 */
PG_FUNCTION_INFO_V1(isms_auditor_registration_after_change);
Datum
isms_auditor_registration_after_change(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.auditor_registration_after_change", false, true);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	int			att = SPI_fnumber(desc, "auditor_id");
	Datum		ids[2];
	int			n = 0,
				ret;
	bool		isnull;
	Datum		args[1];
	Oid			argtypes[1] = {INT8ARRAYOID};

	if (att <= 0)
		elog(ERROR, "relation \"%s\" has no column \"auditor_id\"", RelationGetRelationName(rel));
	ids[n] = heap_getattr(td->tg_trigtuple, att, desc, &isnull);
	if (!isnull)
		n++;
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		ids[n] = heap_getattr(td->tg_newtuple, att, desc, &isnull);
		if (!isnull)
			n++;
	}
	if (n == 0)
		return PointerGetDatum(NULL);
	args[0] = PointerGetDatum(construct_array(ids, n, INT8OID, sizeof(int64),
											  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (unregistered_plan == NULL)
		unregistered_plan = isms_prepare_kept(UNREGISTERED_SQL, 1, argtypes, 0);
	if (IsolationUsesXactSnapshot())
	{
		CommandCounterIncrement();
		ret = SPI_execute_snapshot(unregistered_plan, args, NULL, GetLatestSnapshot(),
								   InvalidSnapshot, false, false, 1);
	}
	else
		ret = SPI_execute_plan(unregistered_plan, args, NULL, false, 1);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	if (SPI_processed > 0)
	{
		HeapTuple	t = SPI_tuptable->vals[0];
		TupleDesc	tdesc = SPI_tuptable->tupdesc;

		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("registration change leaves the %s audit of certificate \"%s\" without a registered lead auditor",
						SPI_getvalue(t, tdesc, 2), SPI_getvalue(t, tdesc, 1)),
				 errdetail("Rule ACC-4: the audit starting %s is led by auditor %s \"%s\", who needs an active registration covering that day.",
						   SPI_getvalue(t, tdesc, 3), SPI_getvalue(t, tdesc, 4),
						   SPI_getvalue(t, tdesc, 5)),
				 errhint("Registration periods that recorded audits rely on cannot be shortened, suspended or removed retroactively."),
				 errtableconstraint(rel, "ACC-4")));
	}
	SPI_finish();
	return PointerGetDatum(NULL);
}
