/*-------------------------------------------------------------------------
 *
 * functions.c
 *	  SQL-callable validity-window functions: pure date rules (IMMUTABLE)
 *	  and per-certificate answers from the replayed history (STABLE), and
 *	  the sweep that applies date-driven changes (VOLATILE).
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/multirangetypes.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

static void
connect_spi(void)
{
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
}

/* Load and leniently replay one certificate; NULL if it does not exist. */
static IsmsCert *
load_one(int64 id, DateADT as_of)
{
	int			n;
	IsmsCert   *certs = isms_load(&id, 1, ISMS_LOAD_READ, &n);
	IsmsCert   *c = isms_find_cert(certs, n, id);

	if (c == NULL)
		return NULL;
	isms_replay(c, as_of, ISMS_REPLAY_LENIENT, NULL);
	return c;
}

static int
decision_code_of(Datum kind)
{
	return isms_decision_code(DatumGetCString(DirectFunctionCall1(enum_out, kind)));
}

static void
check_finite(DateADT d, const char *what)
{
	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite date", what),
				 errhint("Give a calendar date, not infinity or -infinity.")));
}

/*
 * isms.status_at(certificate, day): the status the certificate had on
 * that day, from its decision history and its expiry dates.
 */
PG_FUNCTION_INFO_V1(isms_status_at);
Datum
isms_status_at(PG_FUNCTION_ARGS)
{
	int64		id = PG_GETARG_INT64(0);
	DateADT		day = PG_GETARG_DATEADT(1);
	IsmsCert   *c;
	int			st = 0;

	connect_spi();
	c = load_one(id, day);
	if (c)
		st = isms_status_on(c, day);
	SPI_finish();
	if (st == 0)
		PG_RETURN_NULL();
	PG_RETURN_ISMS_STATUS(st);
}

/*
 * isms.valid_periods(certificate): the days on which the certificate was
 * (or, by its recorded decisions, will be) active, as a datemultirange;
 * suspensions and lapses are holes.
 */
PG_FUNCTION_INFO_V1(isms_valid_periods);
Datum
isms_valid_periods(PG_FUNCTION_ARGS)
{
	int64		id = PG_GETARG_INT64(0);
	MemoryContext caller = CurrentMemoryContext;
	IsmsCert   *c;
	TypeCacheEntry *mltrng;
	TypeCacheEntry *rng;
	IsmsSegment *seg = NULL;
	int			nseg = 0;
	RangeType **ranges;
	int			n = 0,
				i;

	connect_spi();
	c = load_one(id, GetSQLCurrentDate());
	if (c)
	{
		nseg = c->nseg;
		seg = MemoryContextAlloc(caller, sizeof(IsmsSegment) * Max(nseg, 1));
		memcpy(seg, c->seg, sizeof(IsmsSegment) * nseg);
	}
	SPI_finish();
	if (seg == NULL)
		PG_RETURN_NULL();

	mltrng = lookup_type_cache(DATEMULTIRANGEOID, TYPECACHE_MULTIRANGE_INFO);
	rng = mltrng->rngtype;
	ranges = palloc(sizeof(RangeType *) * Max(nseg, 1));
	for (i = 0; i < nseg; i++)
	{
		RangeBound	lo,
					hi;

		if (seg[i].status != ISMS_ST_ACTIVE)
			continue;
		memset(&lo, 0, sizeof(lo));
		memset(&hi, 0, sizeof(hi));
		lo.val = DateADTGetDatum(seg[i].from);
		lo.inclusive = true;
		lo.lower = true;
		if (i + 1 < nseg)
			hi.val = DateADTGetDatum(seg[i + 1].from);
		else
			hi.infinite = true;
		hi.inclusive = false;
		hi.lower = false;
		ranges[n++] = ISMS_MAKE_RANGE(rng, &lo, &hi, false);
	}
	PG_RETURN_MULTIRANGE_P(make_multirange(DATEMULTIRANGEOID, rng, n, ranges));
}

/*
 * isms.timeline(certificate): the certificate's status from each day on,
 * with the decision that set it (NULL where expiry set it, by date).
 */
PG_FUNCTION_INFO_V1(isms_timeline);
Datum
isms_timeline(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int64		id = PG_GETARG_INT64(0);
	IsmsCert   *c;
	int			i;

	InitMaterializedSRF(fcinfo, 0);
	connect_spi();
	c = load_one(id, GetSQLCurrentDate());
	for (i = 0; c && i < c->nseg; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = DateADTGetDatum(c->seg[i].from);
		if (i + 1 < c->nseg)
			values[1] = DateADTGetDatum(c->seg[i + 1].from - 1);
		else
			nulls[1] = true;
		values[2] = IsmsStatusGetDatum(c->seg[i].status);
		values[3] = Int64GetDatum(c->seg[i].decision_id);
		nulls[3] = c->seg[i].decision_id == 0;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	SPI_finish();
	return (Datum) 0;
}

/* One obligation of a certificate's programme, as audit_programme shows it. */
typedef struct ProgRow
{
	IsmsCert   *c;
	IsmsObligation ob;
	DateADT		done;
	const char *state;
	bool		combined;
	bool		emit;
} ProgRow;

#define PROG_MAX_CERTS 64

/* Append the obligations of c's cycle on as_of to rows. */
static int
programme_rows(IsmsCert *c, DateADT as_of, bool emit, ProgRow *rows, int n)
{
	IsmsObligation ob[ISMS_MAX_OBLIGATIONS];
	DateADT		done[ISMS_MAX_OBLIGATIONS];
	const char *state[ISMS_MAX_OBLIGATIONS];
	int			k,
				i;

	if (c == NULL || !c->asof.has_cycle ||
		!(c->asof.status == ISMS_ST_ACTIVE || c->asof.status == ISMS_ST_SUSPENDED ||
		  c->asof.status == ISMS_ST_EXPIRED))
		return n;
	k = isms_programme_of(c, &c->asof, ob);
	isms_programme_states(c, &c->asof, ob, k, as_of, done, state);
	for (i = 0; i < k; i++)
	{
		ProgRow    *r = &rows[n++];

		r->c = c;
		r->ob = ob[i];
		r->done = done[i];
		r->state = state[i];
		r->combined = false;
		r->emit = emit;
	}
	return n;
}

static bool
row_done(const ProgRow *r)
{
	return strcmp(r->state, "done") == 0 || strcmp(r->state, "late") == 0;
}

/* The audit of c of this kind that ended on day (an obligation's done_on). */
static const IsmsAudit *
audit_ending(const IsmsCert *c, int kind, DateADT day)
{
	int			i;

	for (i = 0; i < c->naud; i++)
		if (c->aud[i].end == day && (kind == 0 || c->aud[i].kind == kind))
			return &c->aud[i];
	return NULL;
}

/*
 * ADD-6: an add-on's obligation is combined with one of its base's when the
 * audit that met it was held together with the base's audit that met the
 * base's (combined_with), or, both not yet met, when they are of the same
 * kind and due at overlapping times, so that the audits can be held
 * together.
 */
static bool
combinable(const ProgRow *addon, const ProgRow *base)
{
	if (row_done(addon))
	{
		const IsmsAudit *a = audit_ending(addon->c, 0, addon->done);
		const IsmsAudit *b;

		if (a == NULL || !a->combined || !row_done(base))
			return false;
		b = audit_ending(base->c, base->ob.audit_kind, base->done);
		return b != NULL && b->start <= a->end && a->start <= b->end;
	}
	return !row_done(base) && base->ob.audit_kind == addon->ob.audit_kind &&
		base->ob.due_from <= addon->ob.due_by && addon->ob.due_from <= base->ob.due_by;
}

/*
 * isms.audit_programme(certificate, as_of): the surveillance and
 * recertification obligations of the certificate's cycle on as_of, with
 * their state; for a base certificate also those of its add-ons (ADD-6
 * marks the ones held, or to be held, together with the base's), the
 * auditor-days due (TIME-1, with TRN-4's addition while a transition is
 * pending) and the number of sites to sample (SMP-1).
 */
PG_FUNCTION_INFO_V1(isms_audit_programme);
Datum
isms_audit_programme(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int64		id = PG_GETARG_INT64(0);
	DateADT		as_of = PG_GETARG_DATEADT(1);
	IsmsCert   *c;
	ProgRow    *rows;
	int			n = 0,
				nbase = 0,
				i,
				j;
	static SPIPlanPtr addons_plan = NULL;
	static SPIPlanPtr figures_plan = NULL;
	Oid			t1[1] = {INT8OID};
	Oid			t4[4] = {INT8OID, TEXTOID, TEXTOID, BOOLOID};
	Datum		arg[4];
	IsmsCert   *base;

	check_finite(as_of, "as_of");
	InitMaterializedSRF(fcinfo, 0);
	connect_spi();
	c = load_one(id, as_of);
	if (c == NULL)
	{
		SPI_finish();
		return (Datum) 0;
	}
	rows = palloc(sizeof(ProgRow) * ISMS_MAX_OBLIGATIONS * (PROG_MAX_CERTS + 2));

	/* the base's obligations come first (shown only if it was asked for) */
	base = c->base ? c->base : c;
	if (base != c && !base->replayed)
		isms_replay(base, as_of, ISMS_REPLAY_LENIENT, NULL);
	n = programme_rows(base, as_of, base == c, rows, 0);
	nbase = n;
	if (base != c)
		n = programme_rows(c, as_of, true, rows, n);
	else
	{
		/* the add-ons of a base */
		uint64		k;
		int64	   *ids;
		int			nids;

		if (addons_plan == NULL)
			addons_plan = isms_prepare_kept("SELECT id FROM isms.certificate"
											" WHERE base_certificate_id OPERATOR(pg_catalog.=) $1"
											" ORDER BY id LIMIT 64", 1, t1, 0);
		arg[0] = Int64GetDatum(id);
		if (SPI_execute_plan(addons_plan, arg, NULL, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute_plan failed");
		nids = (int) SPI_processed;
		ids = palloc(sizeof(int64) * Max(nids, 1));
		for (k = 0; k < SPI_processed; k++)
		{
			bool		isnull;

			ids[k] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[k],
												 SPI_tuptable->tupdesc, 1, &isnull));
		}
		for (i = 0; i < nids; i++)
			n = programme_rows(load_one(ids[i], as_of), as_of, true, rows, n);
	}

	/* ADD-6: combined audits */
	for (i = nbase; i < n; i++)
		for (j = 0; j < nbase; j++)
			if (combinable(&rows[i], &rows[j]))
				rows[i].combined = rows[j].combined = true;

	if (figures_plan == NULL)
		figures_plan = isms_prepare_kept("SELECT isms.audit_days(c.persons_in_scope, $2,"
								   "  CASE WHEN $4 THEN $3::isms.stdref END, st.scheme),"
								   " CASE WHEN c.sites OPERATOR(pg_catalog.>) 1 THEN"
								   "  isms.sample_size(c.sites, $2, c.sampling_allowed) END"
								   " FROM isms.certificate c, isms.standard st"
								   " WHERE c.id OPERATOR(pg_catalog.=) $1"
								   " AND st.ref OPERATOR(pg_catalog.=) $3::isms.stdref",
								   4, t4, 0);
	for (i = 0; i < n; i++)
	{
		ProgRow    *r = &rows[i];
		const IsmsState *st = &r->c->asof;
		Datum		values[12];
		bool		nulls[12];
		bool		isnull;
		const IsmsTransition *t = st->old_edition;

		if (!r->emit)
			continue;
		memset(nulls, 0, sizeof(nulls));
		values[0] = DateADTGetDatum(st->cycle_start);
		values[1] = CStringGetTextDatum(r->ob.rule);
		values[2] = CStringGetTextDatum(isms_audit_name(r->ob.audit_kind));
		values[3] = DateADTGetDatum(r->ob.due_from);
		values[4] = DateADTGetDatum(r->ob.due_by);
		values[5] = DateADTGetDatum(r->done);
		nulls[5] = !row_done(r);
		values[6] = CStringGetTextDatum(r->state);
		values[7] = Int64GetDatum(r->c->id);
		values[8] = CStringGetTextDatum(r->c->number);
		values[9] = BoolGetDatum(r->combined);

		/* TIME-1 (+ TRN-4 while the transition is due) and SMP-1 */
		arg[0] = Int64GetDatum(r->c->id);
		arg[1] = values[2];
		arg[2] = CStringGetTextDatum(st->standard ? st->standard : r->c->stored_standard);
		arg[3] = BoolGetDatum(t != NULL && t->published <= r->ob.due_by);
		if (SPI_execute_plan(figures_plan, arg, NULL, true, 1) != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute_plan failed");
		nulls[10] = nulls[11] = true;
		if (SPI_processed > 0)
		{
			HeapTuple	tup = SPI_tuptable->vals[0];
			TupleDesc	td = SPI_tuptable->tupdesc;

			/* (the tuplestore copies it before the next query) */
			values[10] = SPI_getbinval(tup, td, 1, &isnull);
			nulls[10] = isnull;
			values[11] = SPI_getbinval(tup, td, 2, &isnull);
			nulls[11] = isnull;
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	SPI_finish();
	return (Datum) 0;
}

/*
 * isms.cycle_programme(cycle_start, expiry, initial, recertification_audit,
 * first_surveillance_months): the due windows of a cycle, from dates alone.
 */
PG_FUNCTION_INFO_V1(isms_cycle_programme_sql);
Datum
isms_cycle_programme_sql(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DateADT		start,
				expiry,
				recert = 0;
	bool		initial,
				has_recert;
	int			months,
				n,
				i;
	IsmsObligation ob[ISMS_MAX_OBLIGATIONS];

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(4))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("cycle_start, expiry, initial and first_surveillance_months must not be null")));
	start = PG_GETARG_DATEADT(0);
	expiry = PG_GETARG_DATEADT(1);
	initial = PG_GETARG_BOOL(2);
	has_recert = !PG_ARGISNULL(3);
	if (has_recert)
		recert = PG_GETARG_DATEADT(3);
	months = PG_GETARG_INT32(4);
	check_finite(start, "cycle_start");
	check_finite(expiry, "expiry");
	if (has_recert)
		check_finite(recert, "recertification_audit");
	if (expiry < start)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("expiry must not be before cycle_start")));
	if (months < 1 || months > 120)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("first_surveillance_months must be between 1 and 120")));

	if ((has_recert ? isms_date_year(recert) : isms_date_year(expiry)) -
		isms_date_year(start) - 1 > ISMS_MAX_SURVEILLANCE_YEARS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("certification cycle is too long"),
				 errdetail("An audit programme covers at most %d surveillance years.",
						   ISMS_MAX_SURVEILLANCE_YEARS)));
	InitMaterializedSRF(fcinfo, 0);
	n = isms_cycle_programme(start, expiry, initial, recert, has_recert, months, ob);
	for (i = 0; i < n; i++)
	{
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = CStringGetTextDatum(ob[i].rule);
		values[1] = CStringGetTextDatum(isms_audit_name(ob[i].audit_kind));
		values[2] = DateADTGetDatum(ob[i].due_from);
		values[3] = DateADTGetDatum(ob[i].due_by);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

static Datum
inclusive_daterange(DateADT from, DateADT to)
{
	TypeCacheEntry *rng = lookup_type_cache(DATERANGEOID, TYPECACHE_RANGE_INFO);
	RangeBound	lo,
				hi;

	memset(&lo, 0, sizeof(lo));
	memset(&hi, 0, sizeof(hi));
	lo.val = DateADTGetDatum(from);
	lo.inclusive = true;
	lo.lower = true;
	if (IS_VALID_DATE(to + 1))
		hi.val = DateADTGetDatum(to + 1);
	else
		hi.infinite = true;		/* to is the last date PostgreSQL has */
	hi.inclusive = false;
	hi.lower = false;
	return RangeTypePGetDatum(ISMS_MAKE_RANGE(rng, &lo, &hi, false));
}

/*
 * isms.restoration_window(expiry, months): the days on which an expired
 * certificate may be restored (REC-3): expiry + 1 day to expiry + months.
 */
PG_FUNCTION_INFO_V1(isms_restoration_window);
Datum
isms_restoration_window(PG_FUNCTION_ARGS)
{
	DateADT		expiry = PG_GETARG_DATEADT(0);
	int			months = PG_GETARG_INT32(1);

	check_finite(expiry, "expiry");
	if (months < 0 || months > 120)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("months must be between 0 and 120")));
	if (months == 0)
	{
		TypeCacheEntry *rng = lookup_type_cache(DATERANGEOID, TYPECACHE_RANGE_INFO);

		PG_RETURN_RANGE_P(make_empty_range(rng));
	}
	return inclusive_daterange(expiry + 1, isms_add_months(expiry, months));
}

/*
 * isms.restoration_window(certificate): the REC-3 window after the
 * certificate's current expiry date, with its scheme's parameter; NULL
 * for a certificate never granted or ended by withdrawal or cancellation.
 */
PG_FUNCTION_INFO_V1(isms_restoration_window_cert);
Datum
isms_restoration_window_cert(PG_FUNCTION_ARGS)
{
	int64		id = PG_GETARG_INT64(0);
	IsmsCert   *c;
	DateADT		from = 0,
				to = 0;
	bool		found = false;

	connect_spi();
	c = load_one(id, GetSQLCurrentDate());
	if (c && c->final.has_cycle && !isms_status_is_terminal(c->final.status) &&
		c->p.restoration_months > 0)
	{
		found = true;
		from = c->final.expiry + 1;
		to = isms_add_months(c->final.expiry, c->p.restoration_months);
	}
	SPI_finish();
	if (!found)
		PG_RETURN_NULL();
	return inclusive_daterange(from, to);
}

/*
 * isms.latest_expiry(kind, decision_date, previous_expiry, cycle_years,
 * offset_days): the latest expiry date a decision may set (CYC-3).
 */
PG_FUNCTION_INFO_V1(isms_latest_expiry);
Datum
isms_latest_expiry(PG_FUNCTION_ARGS)
{
	int			kind;
	DateADT		decided,
				prev;
	int			years,
				offset;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
		PG_RETURN_NULL();
	kind = decision_code_of(PG_GETARG_DATUM(0));
	decided = PG_GETARG_DATEADT(1);
	years = PG_GETARG_INT32(3);
	offset = PG_GETARG_INT32(4);
	check_finite(decided, "decision_date");
	if (years < 1 || years > 10 || offset < 0 || offset > 366)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cycle_years must be between 1 and 10 and offset_days between 0 and 366")));
	switch (kind)
	{
		case ISMS_DK_GRANT:
			PG_RETURN_DATEADT(isms_add_months(decided, 12 * years) - offset);
		case ISMS_DK_RECERTIFY:
		case ISMS_DK_RESTORE:
			if (PG_ARGISNULL(2))
				ereport(ERROR,
						(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
						 errmsg("previous_expiry is required for a decision of kind \"%s\"",
								isms_decision_name(kind)),
						 errdetail("Rule CYC-3: a recertification or restoration counts from the previous expiry date.")));
			prev = PG_GETARG_DATEADT(2);
			check_finite(prev, "previous_expiry");
			PG_RETURN_DATEADT(isms_add_months(prev, 12 * years));
		default:
			PG_RETURN_NULL();	/* the decision sets no expiry */
	}
}

/*
 * isms.latest_expiry(certificate, kind, decision_date): the same, with the
 * certificate's parameters and its expiry date on the decision date.
 */
PG_FUNCTION_INFO_V1(isms_latest_expiry_cert);
Datum
isms_latest_expiry_cert(PG_FUNCTION_ARGS)
{
	int64		id = PG_GETARG_INT64(0);
	int			kind = decision_code_of(PG_GETARG_DATUM(1));
	DateADT		decided = PG_GETARG_DATEADT(2);
	DateADT		result;
	bool		found;

	check_finite(decided, "decision_date");
	connect_spi();
	found = isms_cert_latest_expiry(id, kind, decided, false, &result);
	SPI_finish();
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(result);
}

/* ----------------------------------------------------------------
 * the sweep
 * ---------------------------------------------------------------- */

#define SWEEP_BATCH 5000

typedef struct SweepSuspension
{
	int64		id;
	DateADT		day;
	char	   *reason;
} SweepSuspension;

static void
insert_suspensions(SweepSuspension *sus, int n)
{
	static SPIPlanPtr plan = NULL;
	Datum	   *ids = palloc(sizeof(Datum) * n);
	Datum	   *days = palloc(sizeof(Datum) * n);
	Datum	   *reasons = palloc(sizeof(Datum) * n);
	Datum		args[3];
	int			i,
				ret;

	if (plan == NULL)
	{
		Oid			argtypes[3] = {INT8ARRAYOID, DATEARRAYOID, TEXTARRAYOID};

		plan = isms_prepare_kept("INSERT INTO isms.decision"
								 " (certificate_id, kind, decision_date, effective_date, reason)"
								 " SELECT u.id, 'suspend', u.day, u.day, u.reason"
								 " FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2),"
								 "  pg_catalog.unnest($3)) AS u(id, day, reason)",
								 3, argtypes, 0);
	}
	for (i = 0; i < n; i++)
	{
		ids[i] = Int64GetDatum(sus[i].id);
		days[i] = DateADTGetDatum(sus[i].day);
		reasons[i] = CStringGetTextDatum(sus[i].reason);
	}
	args[0] = PointerGetDatum(construct_array(ids, n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[1] = PointerGetDatum(construct_array(days, n, DATEOID, 4, true, TYPALIGN_INT));
	args[2] = PointerGetDatum(construct_array(reasons, n, TEXTOID, -1, false, TYPALIGN_INT));
	ret = SPI_execute_plan(plan, args, NULL, false, 0);
	if (ret != SPI_OK_INSERT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
}

/*
 * isms.sweep(as_of): apply what the passing of time changes, for every
 * certificate: expiry (REC-2, SUS-3), decisions whose effective date has
 * come, and, where the scheme's auto_suspend_overdue is on, suspension of
 * active certificates with an overdue surveillance audit (SUR-3).  Such a
 * suspension is recorded as a "suspend" decision decided and effective on
 * as_of, so no past answer changes; it is recorded only when as_of is not
 * in the future (a decision cannot be taken ahead of time) and when no
 * later decision of the certificate is recorded.  Afterwards the stored
 * columns of every certificate are those of isms.status_at(id, as_of) and
 * its history on that day.  Running it twice changes nothing more.
 * Returns one row per certificate whose stored columns it changed.
 */
PG_FUNCTION_INFO_V1(isms_sweep);
Datum
isms_sweep(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DateADT		as_of = PG_GETARG_DATEADT(0);
	bool		may_decide = as_of <= GetSQLCurrentDate();
	MemoryContext batchcxt,
				oldcxt;
	int64	   *all;
	int			nall,
				b,
				ret;
	uint64		i;

	check_finite(as_of, "as_of");
	InitMaterializedSRF(fcinfo, 0);
	connect_spi();

	ret = SPI_execute("SELECT id FROM isms.certificate ORDER BY id", false, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(ret));
	nall = (int) SPI_processed;
	all = palloc(sizeof(int64) * Max(nall, 1));
	for (i = 0; i < SPI_processed; i++)
	{
		bool		isnull;

		all[i] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i],
											 SPI_tuptable->tupdesc, 1, &isnull));
	}
	SPI_freetuptable(SPI_tuptable);

	/* each batch's histories are freed before the next batch is loaded */
	batchcxt = AllocSetContextCreate(CurrentMemoryContext, "isms sweep batch",
									 ALLOCSET_DEFAULT_SIZES);
	for (b = 0; b < nall; b += SWEEP_BATCH)
	{
		int			nb = Min(SWEEP_BATCH, nall - b);
		int			ncert,
					nsus = 0,
					k;
		IsmsCert   *certs;
		IsmsCert   *before;
		SweepSuspension *sus;
		bool	   *suspended;

		oldcxt = MemoryContextSwitchTo(batchcxt);
		certs = isms_load(all + b, nb, ISMS_LOAD_LOCK, &ncert);
		before = certs;
		sus = palloc(sizeof(SweepSuspension) * Max(ncert, 1));
		suspended = palloc0(sizeof(bool) * Max(ncert, 1));

		for (k = 0; k < ncert; k++)
		{
			IsmsCert   *c = &certs[k];
			DateADT		due_by;
			const char *rule;

			if (!c->replayed)
				isms_replay(c, as_of, ISMS_REPLAY_LENIENT, NULL);
			if (c->context_only)
				continue;
			if (may_decide && c->p.auto_suspend_overdue &&
				c->asof.status == ISMS_ST_ACTIVE &&
				c->final.last_effective <= as_of &&
				isms_overdue_surveillance(c, as_of, &due_by, &rule) &&
				!(c->has_addons && isms_addon_decided_after(certs, ncert, c, as_of)))
			{
				char		buf[ISMS_DATEBUF];

				isms_format_date(due_by, buf);
				sus[nsus].id = c->id;
				sus[nsus].day = as_of;
				sus[nsus].reason = psprintf("SUR-3: surveillance audit due by %s (%s) not held; suspended by isms.sweep", buf, rule);
				suspended[k] = true;
				nsus++;
			}
		}
		if (nsus > 0)
		{
			insert_suspensions(sus, nsus);
			/* reload the batch: the trigger wrote the new decisions */
			certs = isms_load(all + b, nb, ISMS_LOAD_LOCK, &ncert);
			for (k = 0; k < ncert; k++)
				if (!certs[k].replayed)
					isms_replay(&certs[k], as_of, ISMS_REPLAY_LENIENT, NULL);
		}
		isms_store(certs, ncert);

		for (k = 0; k < ncert; k++)
		{
			IsmsCert   *c = &certs[k];
			IsmsCert   *o = &before[k];
			Datum		values[7];
			bool		nulls[7] = {false, false, false, false, false, false, false};
			const char *why;

			if (c->context_only || (!isms_cert_changed(o) && !suspended[k]))
				continue;
			if (suspended[k])
				why = "SUR-3";
			else if (c->asof.status != c->own_status)
				why = "ADD-5";
			else if (c->asof.status == ISMS_ST_EXPIRED && o->stored_status != ISMS_ST_EXPIRED)
				why = isms_valid_end(&c->asof) < c->asof.expiry ? "TRN-3" : "REC-2";
			else
				why = "decision";
			values[0] = Int64GetDatum(c->id);
			values[1] = CStringGetTextDatum(c->number);
			values[2] = IsmsStatusGetDatum(o->stored_status);
			values[3] = IsmsStatusGetDatum(c->asof.status);
			values[4] = DateADTGetDatum(o->stored_expiry);
			nulls[4] = !o->stored_has_expiry;
			values[5] = DateADTGetDatum(c->asof.expiry);
			nulls[5] = !c->asof.has_cycle;
			values[6] = CStringGetTextDatum(why);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
		MemoryContextSwitchTo(oldcxt);
		MemoryContextReset(batchcxt);
	}
	SPI_finish();
	return (Datum) 0;
}
