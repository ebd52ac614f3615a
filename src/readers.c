/*-------------------------------------------------------------------------
 *
 * readers.c
 *	  The STABLE per-certificate answers: each loads one certificate's
 *	  history, replays it leniently (never raising) and reads the result.
 *
 *	isms_status_at				isms.status_at(certificate, day)
 *	isms_valid_periods			isms.valid_periods(certificate
 *								[, as_known_at])
 *	isms_timeline				isms.timeline(certificate [, as_known_at])
 *	isms_state_at				isms.state_at(certificate, day, as_known_at)
 *	isms_restoration_window_cert	isms.cert_restoration_window(certificate)
 *								(rules_cycle.c)
 *	isms_latest_expiry_cert		isms.cert_latest_expiry(certificate, kind,
 *								decision_date): rules_cycle.c
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"
#include "utils/multirangetypes.h"
#include "utils/rangetypes.h"
#include "utils/timestamp.h"
#include "utils/typcache.h"

/*
 * PUB-3: the variants with an as_known_at argument (argument argno, when
 * given) read the register as it stood then: the next load leaves out
 * what was recorded later (load.c).  Call right before isms_load_one.
 */
static void
known_at_arg(FunctionCallInfo fcinfo, int argno)
{
	if (PG_NARGS() > argno)
		isms_load_cut_next(PG_GETARG_TIMESTAMPTZ(argno));
}

/* Load and leniently replay one certificate; NULL if it does not exist. */
IsmsCert *
isms_load_one(int64 id, DateADT as_of)
{
	int			n;
	IsmsCert   *certs = isms_load(&id, 1, ISMS_LOAD_READ, &n);
	IsmsCert   *c = isms_find_cert(certs, n, id);

	if (c == NULL)
		return NULL;
	isms_replay(c, as_of, ISMS_REPLAY_LENIENT, NULL);
	return c;
}

int
isms_decision_code_of(Datum kind)
{
	return isms_decision_code(DatumGetCString(DirectFunctionCall1(enum_out, kind)));
}

void
isms_check_finite(DateADT d, const char *what)
{
	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite date", what),
				 errhint("Give a calendar date, not infinity or -infinity.")));
}

/*
 * isms.status_at(certificate, day): the status the certificate had on
 * that day, from its decision history and its expiry dates: read from its
 * stored timeline (derived.c) where the caller reads the registry without
 * row-level security, else replayed; NULL for a day before the opening that
 * entered it (rules_opening.c).
 */
PG_FUNCTION_INFO_V1(isms_status_at);
Datum
isms_status_at(PG_FUNCTION_ARGS)
{
	int64		id = PG_GETARG_INT64(0);
	DateADT		day = PG_GETARG_DATEADT(1);
	IsmsCert   *c;
	int			st = 0;

	if (isms_dates_status_on(fcinfo->flinfo, id, day, &st))
		PG_RETURN_ISMS_STATUS(st);
	isms_spi_connect();
	c = isms_load_one(id, day);
	/* before an opening the register knows nothing: NULL */
	if (c && !isms_status_unknown(c, day))
		st = isms_status_on(c, day);
	SPI_finish();
	if (st == 0)
		PG_RETURN_NULL();
	PG_RETURN_ISMS_STATUS(st);
}

/*
 * isms.valid_periods(certificate): the days on which the certificate was
 * (or, by its recorded decisions, will be) active, as a datemultirange;
 * suspensions and lapses are holes.  Read from the stored periods
 * (derived.c) where the caller reads the registry without row-level
 * security, else replayed; the variant as known at a moment always
 * replays.
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
	Datum		stored;

	/* as known now: the stored periods, where the caller may read them */
	if (PG_NARGS() == 1 && isms_dates_valid_periods(fcinfo->flinfo, id, &stored))
		PG_RETURN_DATUM(stored);
	isms_spi_connect();
	known_at_arg(fcinfo, 1);
	c = isms_load_one(id, isms_register_today());
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
	isms_spi_connect();
	known_at_arg(fcinfo, 1);
	c = isms_load_one(id, isms_register_today());
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

/*
 * isms.state_at(certificate, day, as_known_at): what the register said
 * of the certificate for that day as it stood at as_known_at (PUB-3):
 * status, the period of validity containing the day, the expiry date,
 * standard and scope statement in force that day, and the original
 * certification date, by the decisions recorded by then.  NULL if there
 * is no such certificate or no decision on it was recorded by then.
 */
PG_FUNCTION_INFO_V1(isms_state_at);
Datum
isms_state_at(PG_FUNCTION_ARGS)
{
	int64		id = PG_GETARG_INT64(0);
	DateADT		day = PG_GETARG_DATEADT(1);
	MemoryContext caller = CurrentMemoryContext;
	TupleDesc	tupdesc;
	IsmsCert   *c;
	Datum		values[7];
	bool		nulls[7] = {true, true, true, true, true, true, true};
	bool		found = false;

	isms_check_finite(day, "on_date");
	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "isms.state_at must return a composite type");
	tupdesc = BlessTupleDesc(tupdesc);
	isms_spi_connect();
	known_at_arg(fcinfo, 2);
	c = isms_load_one(id, day);
	if (c)
	{
		int			st = isms_status_unknown(c, day) ? 0 : isms_status_on(c, day);
		int			i = -1,
					j,
					k;
		MemoryContext spicxt = MemoryContextSwitchTo(caller);

		found = true;
		if (st != 0)
		{
			values[0] = IsmsStatusGetDatum(st);
			nulls[0] = false;
		}
		/* the active segments around the day: its period of validity */
		for (k = 0; k < c->nseg && c->seg[k].from <= day; k++)
			i = k;
		if (i >= 0 && c->seg[i].status == ISMS_ST_ACTIVE)
		{
			for (j = i; j > 0 && c->seg[j - 1].status == ISMS_ST_ACTIVE; j--)
				;
			values[1] = DateADTGetDatum(c->seg[j].from);
			nulls[1] = false;
			for (j = i; j + 1 < c->nseg && c->seg[j + 1].status == ISMS_ST_ACTIVE; j++)
				;
			if (j + 1 < c->nseg)
			{
				values[2] = DateADTGetDatum(c->seg[j + 1].from - 1);
				nulls[2] = false;
			}
		}
		if (c->asof.has_cycle)
		{
			values[3] = DateADTGetDatum(c->asof.expiry);
			nulls[3] = false;
		}
		/* granted at all by the decisions known then (as PUB-1 lists it) */
		if (c->final.has_original)
		{
			values[4] = DateADTGetDatum(c->final.original);
			nulls[4] = false;
		}
		if (c->asof.standard)
		{
			values[5] = CStringGetTextDatum(c->asof.standard);
			nulls[5] = false;
		}
		if (c->asof.scope)
		{
			values[6] = CStringGetTextDatum(c->asof.scope);
			nulls[6] = false;
		}
		MemoryContextSwitchTo(spicxt);
	}
	SPI_finish();
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}

/*
 * isms.restoration_window(certificate): the restoration window
 * (rules_cycle.c) after the
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

	isms_spi_connect();
	c = isms_load_one(id, isms_register_today());
	if (c && c->final.has_cycle && !isms_status_is_terminal(c->final.status) &&
		c->p.restoration_months > 0)
	{
		found = true;
		from = c->final.expiry + 1;
		to = isms_restoration_end(&c->p, c->final.expiry);
	}
	SPI_finish();
	if (!found)
		PG_RETURN_NULL();
	return isms_inclusive_daterange(from, to);
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
	int			kind = isms_decision_code_of(PG_GETARG_DATUM(1));
	DateADT		decided = PG_GETARG_DATEADT(2);
	DateADT		result;
	bool		found;

	isms_check_finite(decided, "decision_date");
	isms_spi_connect();
	found = isms_cert_latest_expiry(id, kind, decided, decided, false, &result);
	SPI_finish();
	if (!found)
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(result);
}
