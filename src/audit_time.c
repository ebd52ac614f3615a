/*-------------------------------------------------------------------------
 *
 * audit_time.c
 *	  Audit time and sampling: the TIME-1 tables and their progression,
 *	  the auditor-days they give (with the TRN-4 additions), and the SMP-1
 *	  multi-site sample.
 *
 *	isms_audit_days			isms.audit_days(): TIME-1, TRN-4
 *	isms_sample_size		isms.sample_size(): SMP-1
 *	isms_audit_time_check	AFTER INSERT/UPDATE statement on isms.audit_time:
 *							a registry's own table does not fall (TIME-1)
 *
 * The audit check (trg_audit_rules.c) reads the same tables through
 * isms_load_time_tables() and isms_time_figure().  Auditor-days are handled
 * as integer hundredths (audit time is stored as numeric(6,2)), so the band
 * arithmetic is exact.
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

/* The rule of the audit-time tables, as data (trg_audit_rules.c cites it). */
const char *const isms_rule_time1 = "TIME-1";

static const char *const time_kind_names[ISMS_TK_COUNT] = {"initial", "surveillance", "recertification"};

const char *
isms_time_kind_name(IsmsTimeKind kind)
{
	return time_kind_names[kind];
}

/* ----------------------------------------------------------------
 * helpers
 * ---------------------------------------------------------------- */

/* "8.5", "10", "0.25" from hundredths */
char *
isms_format_days(int64 h)
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
	return DirectFunctionCall3(numeric_in, CStringGetDatum(isms_format_days(h)),
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

static IsmsTimeKind
time_kind(text *kind)
{
	char	   *k = text_to_cstring(kind);
	int			i;

	for (i = 0; i < (int) lengthof(time_kind_names); i++)
		if (strcmp(k, time_kind_names[i]) == 0)
			return (IsmsTimeKind) i;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unrecognized audit kind \"%s\"", shown(k)),
			 errdetail("Rules TIME-1 and SMP-1 have figures for the kinds \"initial\" (stage 1 and stage 2 together), \"surveillance\" and \"recertification\"."),
			 errhint("Pass kind 'initial' for a stage 1 and stage 2 audit together, 'surveillance' or 'recertification'.")));
	return ISMS_TK_INITIAL;			/* keep the compiler quiet */
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
	" " ISMS_HUNDREDTHS("t.initial_days") "," \
	" " ISMS_HUNDREDTHS("t.surveillance_days") "," \
	" " ISMS_HUNDREDTHS("t.recertification_days") \
	" FROM isms.audit_time t" \
	" WHERE t.scheme" EQ "ANY ($1)" \
	" AND t.shipped" EQ "(NOT EXISTS (SELECT 1 FROM isms.audit_time u" \
	"  WHERE u.scheme" EQ "t.scheme AND NOT u.shipped))" \
	" ORDER BY t.scheme, t.persons_max"

static SPIPlanPtr bands_plan = NULL;

/* Inside SPI.  Returns the tables found (schemes without rows are left out). */
IsmsTimeTable *
isms_load_time_tables(Datum *schemes, int nschemes, int *ntables)
{
	Oid			argtypes[1] = {TEXTARRAYOID};
	Datum		args[1];
	uint64		r;
	IsmsTimeTable  *out;
	int			k = -1;

	args[0] = PointerGetDatum(construct_array(schemes, nschemes, TEXTOID, -1, false, TYPALIGN_INT));
	isms_execute_kept(&bands_plan, BANDS_SQL, 1, argtypes, args, true, 0, SPI_OK_SELECT);
	out = palloc0(sizeof(IsmsTimeTable) * Max(nschemes, 1));
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
		out[k].persons_max[out[k].n] = isms_getint8(t, td, 2, &isnull);
		for (i = 0; i < 3; i++)
			out[k].days[i][out[k].n] = isms_getint8(t, td, 3 + i, &isnull);
		out[k].n++;
	}
	*ntables = k + 1;
	return out;
}

/* The table of this scheme among those loaded; NULL if it has none. */
const IsmsTimeTable *
isms_find_time_table(const IsmsTimeTable *tables, int ntables, const char *scheme)
{
	int			i;

	for (i = 0; i < ntables; i++)
		if (strcmp(tables[i].scheme, scheme) == 0)
			return &tables[i];
	return NULL;
}

/* Half a day, the unit TIME-1 figures round up to. */
#define HALF_DAY (ISMS_DAY_HUNDREDTHS / 2)

/* x * num / den rounded up to the half day; den > 0 */
static int64
scaled_half_day_up(int64 x, int64 num, int64 den)
{
	/* x = q den + r: x num / den = q num + r num / den, each part exact */
	int64		q = x / den,
				r = x % den,
				a = q * num;

	/* a + r num / den, up to a multiple of HALF_DAY */
	return (a / HALF_DAY) * HALF_DAY +
		HALF_DAY * (((a % HALF_DAY) * den + r * num + HALF_DAY * den - 1) / (HALF_DAY * den));
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
int64
isms_time_figure(const IsmsTimeTable *t, int64 persons, IsmsTimeKind kind)
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
	initial = t->days[ISMS_TK_INITIAL][n - 1];
	step = Max(initial - t->days[ISMS_TK_INITIAL][n - 2], 0);
	upper = t->persons_max[n - 1];
	while (upper < persons)
	{
		CHECK_FOR_INTERRUPTS();
		/* upper < persons <= PG_INT32_MAX and P2 <= PG_INT32_MAX: no overflow */
		upper = (upper * t->persons_max[n - 1] + t->persons_max[n - 2] - 1) /
			t->persons_max[n - 2];
		initial += step;
	}
	if (kind == ISMS_TK_INITIAL)
		return initial;
	/* days > 0 (CHECK constraints), and initial >= the last row's */
	return Max(t->days[kind][n - 1],
			   scaled_half_day_up(initial, t->days[kind][n - 1],
								  t->days[ISMS_TK_INITIAL][n - 1]));
}

/*
 * A row of a registry's own table whose figure is below the previous
 * row's (the shipped rows are read-only and do not fall).
 */
#define FALLING_SQL \
	"SELECT x.scheme, x.persons_max, x.prev_max, x.kind," \
	" " ISMS_HUNDREDTHS("x.days") ", " ISMS_HUNDREDTHS("x.prev_days") \
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

	isms_spi_connect();
	isms_execute_kept(&falling_plan, FALLING_SQL, 0, NULL, NULL, false, 1, SPI_OK_SELECT);
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
						   isms_format_days(isms_getint8(t, tdesc, 5, &isnull)),
						   isms_format_days(isms_getint8(t, tdesc, 6, &isnull)),
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
	"SELECT " ISMS_HUNDREDTHS("t.surveillance_extra_days") "," \
	" " ISMS_HUNDREDTHS("t.recertification_extra_days") ", f.scheme" \
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
	IsmsTimeKind	kind;
	int32		persons;
	Datum		scheme;
	char	   *scheme_str;
	IsmsTimeTable  *tables;
	int			ntables;
	int64		days = 0,
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
	if (!PG_ARGISNULL(2) && kind == ISMS_TK_INITIAL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a transition audit is not held with an initial audit"),
				 errdetail("Rule TRN-4: a transition audit adds auditor-days to a surveillance or a recertification audit."),
				 errhint("Call with kind 'surveillance' or 'recertification', or without transition_from.")));
	if (PG_ARGISNULL(3))
		PG_RETURN_NULL();
	scheme = PointerGetDatum(PG_GETARG_TEXT_PP(3));
	scheme_str = TextDatumGetCString(scheme);

	isms_spi_connect();
	tables = isms_load_time_tables(&scheme, 1, &ntables);
	if (ntables == 0)
	{
		Oid			argtypes[1] = {TEXTOID};

		/* a scheme without a table, or no scheme at all? */
		isms_execute_kept(&scheme_plan, SCHEME_EXISTS_SQL, 1, argtypes, &scheme,
						  true, 1, SPI_OK_SELECT);
		if (SPI_processed == 0)
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_OBJECT),
					 errmsg("scheme \"%s\" does not exist", shown(scheme_str)),
					 errdetail("Rule TIME-1 reads the audit-time table of a scheme of isms.scheme; no scheme has code \"%s\".",
							   shown(scheme_str)),
					 errhint("Pass the code of a row of isms.scheme (codes are case-sensitive).")));
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
		extra = isms_getint8(SPI_tuptable->vals[0], SPI_tuptable->tupdesc,
						 kind == ISMS_TK_SURVEILLANCE ? 1 : 2, &isnull);
	}
	/* the tables live in SPI's memory: read the figure before SPI_finish */
	if (ntables > 0)
		days = isms_time_figure(&tables[0], persons, kind) + extra;
	SPI_finish();
	if (ntables == 0)
		PG_RETURN_NULL();		/* a scheme without a table */
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
 * SMP-1 (IAF MD 1), per audit kind: with sampling, the sites to visit are
 * ceil(a / b * sqrt(n)); without, ceil(c / d * n).
 */
typedef struct SampleRule
{
	int64		sqrt_num;		/* a */
	int64		sqrt_den;		/* b */
	int64		all_num;		/* c */
	int64		all_den;		/* d */
} SampleRule;

static const SampleRule sample_rules[ISMS_TK_COUNT] = {
	[ISMS_TK_INITIAL] = {1, 1, 1, 1},	/* sqrt(n); every site */
	[ISMS_TK_SURVEILLANCE] = {6, 10, 3, 10},	/* 0.6 sqrt(n); 0.3 n a year */
	[ISMS_TK_RECERTIFICATION] = {8, 10, 1, 1}	/* 0.8 sqrt(n); every site */
};

/*
 * isms.sample_size(sites integer, kind text, sampling_allowed boolean
 * DEFAULT true) RETURNS integer
 *
 * SMP-1: sites to visit, not counting the central function, which is
 * visited in addition, by sample_rules.  Exact integer arithmetic:
 * k >= a / b sqrt(n) <=> b^2 k^2 >= a^2 n.
 */
PG_FUNCTION_INFO_V1(isms_sample_size);
Datum
isms_sample_size(PG_FUNCTION_ARGS)
{
	int32		sites = PG_GETARG_INT32(0);
	IsmsTimeKind kind = time_kind(PG_GETARG_TEXT_PP(1));
	bool		sampling = PG_GETARG_BOOL(2);
	const SampleRule *rule = &sample_rules[kind];
	int64		n = sites;

	if (sites < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("number of sites must be at least 1"),
				 errdetail("Rule SMP-1 samples the sites of a multi-site organisation, not counting the central function; %d was given.", sites),
				 errhint("Pass the number of sites besides the central function, 1 or more.")));
	if (!sampling)
		PG_RETURN_INT32((int32) ((n * rule->all_num + rule->all_den - 1) / rule->all_den));
	PG_RETURN_INT32((int32) ceil_scaled_sqrt(n, rule->sqrt_den * rule->sqrt_den,
											 rule->sqrt_num * rule->sqrt_num));
}
