/*-------------------------------------------------------------------------
 *
 * windows.c
 *	  The IMMUTABLE date rules: functions of their arguments alone, the
 *	  same formulas the rule engine applies to a certificate's history.
 *
 *	isms_cycle_programme_sql	isms.cycle_programme(): rules_programme.c
 *	isms_restoration_window		isms.restoration_window(expiry, months)
 *								(rules_cycle.c)
 *	isms_latest_expiry			isms.latest_expiry(kind, decision_date,
 *								previous_expiry, cycle_years, offset_days)
 *								(rules_cycle.c)
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "catalog/pg_constraint.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "nodes/makefuncs.h"
#include "parser/parse_type.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

/*
 * A scheme parameter given as an argument obeys the CHECK of its domain
 * (isms.cycle_years, ...), the type of the isms.scheme column it stands
 * for: the bounds are written once, in SQL.  Outside them, the argument is
 * an invalid parameter value, and the detail quotes that CHECK.
 */
static void
check_parameter(const char *domain, int32 value)
{
	Oid			typid = typenameTypeId(NULL,
									   makeTypeNameFromNameList(list_make2(makeString("isms"),
																		   makeString(pstrdup(domain)))));
	MemoryContext cxt = CurrentMemoryContext;
	ErrorData  *edata;
	char	   *def;

	PG_TRY();
	{
		domain_check(Int32GetDatum(value), false, typid, NULL, NULL);
	}
	PG_CATCH();
	{
		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		if (edata->sqlerrcode != ERRCODE_CHECK_VIOLATION || edata->constraint_name == NULL)
			PG_RE_THROW();
		FlushErrorState();
		def = text_to_cstring(DatumGetTextPP(DirectFunctionCall1(pg_get_constraintdef,
																 ObjectIdGetDatum(get_domain_constraint_oid(typid, edata->constraint_name, false)))));
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s %d is out of range", domain, value),
				 errdetail("Rule %s: %s is bounded by the constraint of domain isms.%s, %s.",
						   edata->constraint_name, domain, domain, def),
				 errhint("Pass a value the scheme's own parameter could take.")));
	}
	PG_END_TRY();
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
	isms_check_finite(start, "cycle_start");
	isms_check_finite(expiry, "expiry");
	if (has_recert)
		isms_check_finite(recert, "recertification_audit");
	if (expiry < start)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("expiry must not be before cycle_start")));
	check_parameter("first_surveillance_months", months);

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

Datum
isms_inclusive_daterange(DateADT from, DateADT to)
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
 * certificate may be restored (rules_cycle.c): expiry + 1 day to expiry +
 * months.
 */
PG_FUNCTION_INFO_V1(isms_restoration_window);
Datum
isms_restoration_window(PG_FUNCTION_ARGS)
{
	DateADT		expiry = PG_GETARG_DATEADT(0);
	int			months = PG_GETARG_INT32(1);
	IsmsParams	p = {0};

	isms_check_finite(expiry, "expiry");
	check_parameter("restoration_months", months);
	if (months == 0)
	{
		TypeCacheEntry *rng = lookup_type_cache(DATERANGEOID, TYPECACHE_RANGE_INFO);

		PG_RETURN_RANGE_P(make_empty_range(rng));
	}
	p.restoration_months = months;
	return isms_inclusive_daterange(expiry + 1, isms_restoration_end(&p, expiry));
}

/*
 * isms.latest_expiry(kind, decision_date, previous_expiry, cycle_years,
 * offset_days): the latest expiry date a decision may set (rules_cycle.c).
 */
PG_FUNCTION_INFO_V1(isms_latest_expiry);
Datum
isms_latest_expiry(PG_FUNCTION_ARGS)
{
	int			kind;
	DateADT		decided,
				prev,
				result;
	int			years,
				offset;
	IsmsParams	p = {0};
	IsmsViolation *v;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(3) || PG_ARGISNULL(4))
		PG_RETURN_NULL();
	kind = isms_decision_code_of(PG_GETARG_DATUM(0));
	decided = PG_GETARG_DATEADT(1);
	years = PG_GETARG_INT32(3);
	offset = PG_GETARG_INT32(4);
	isms_check_finite(decided, "decision_date");
	check_parameter("cycle_years", years);
	check_parameter("expiry_offset_days", offset);
	p.cycle_years = years;
	p.expiry_offset_days = offset;
	v = isms_check_previous_expiry(kind, !PG_ARGISNULL(2));
	if (v)
		isms_report_violation(v, NULL);
	prev = PG_ARGISNULL(2) ? 0 : PG_GETARG_DATEADT(2);
	if (!PG_ARGISNULL(2) && (kind == ISMS_DK_RECERTIFY || kind == ISMS_DK_RESTORE))
		isms_check_finite(prev, "previous_expiry");
	/* the formula is the engine's (rules_cycle.c) */
	if (!isms_cycle_latest_expiry(&p, kind, decided, !PG_ARGISNULL(2), prev, &result))
		PG_RETURN_NULL();		/* the decision sets no expiry */
	PG_RETURN_DATEADT(result);
}
