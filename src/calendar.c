/*-------------------------------------------------------------------------
 *
 * calendar.c
 *	  Pure date arithmetic of the scheme: month steps with PostgreSQL's
 *	  end-of-month rule, and the audit programme of a certification cycle
 *	  (SUR-1, SUR-2, REC-1).  No table access here.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "datatype/timestamp.h"
#include "utils/datetime.h"

/*
 * d + months, as PostgreSQL computes date + interval 'N months': the day of
 * month is kept, or clamped to the last day of the target month
 * (2024-02-29 + 12 months = 2025-02-28).
 */
DateADT
isms_add_months(DateADT d, int months)
{
	int			y,
				m,
				day;
	int			total;

	if (DATE_NOT_FINITE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range")));
	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	total = y * 12 + (m - 1) + months;
	/* floor division: years before 1 AD are zero or negative here */
	y = total / 12;
	m = total % 12;
	if (m < 0)
	{
		m += 12;
		y--;
	}
	m++;
	if (day > day_tab[isleap(y)][m - 1])
		day = day_tab[isleap(y)][m - 1];
	if (!IS_VALID_JULIAN(y, m, day) || !IS_VALID_DATE(date2j(y, m, day) - POSTGRES_EPOCH_JDATE))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("date out of range")));
	return date2j(y, m, day) - POSTGRES_EPOCH_JDATE;
}

DateADT
isms_make_date(int y, int m, int d)
{
	return date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
}

int
isms_date_year(DateADT d)
{
	int			y,
				m,
				day;

	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	return y;
}

/* ISO 8601 (YYYY-MM-DD) whatever DateStyle says, for error details. */
void
isms_format_date(DateADT d, char *buf)
{
	int			y,
				m,
				day;

	if (DATE_NOT_FINITE(d))
	{
		strlcpy(buf, DATE_IS_NOBEGIN(d) ? "-infinity" : "infinity", ISMS_DATEBUF);
		return;
	}
	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	snprintf(buf, ISMS_DATEBUF, "%04d-%02d-%02d", y, m, day);
}

/*
 * The audit programme of one cycle: which audits are due, and by when.
 *
 *	SUR-1  after an initial grant, a surveillance audit ending no later than
 *		   cycle start + first_surveillance_months;
 *	SUR-2  a surveillance audit in every calendar year after the start year
 *		   and before the year of the recertification audit (the expiry year
 *		   while no recertification audit exists);
 *	REC-1  a recertification audit, ending no later than the expiry date.
 *		   Its due_from is advisory: the last twelve months of the cycle.
 *
 * Returns the number of obligations written to out (at most
 * ISMS_MAX_OBLIGATIONS: a cycle with more surveillance years than
 * ISMS_MAX_SURVEILLANCE_YEARS is cut short).
 */
int
isms_cycle_programme(DateADT cycle_start, DateADT expiry, bool initial,
					 DateADT recert_audit_end, bool has_recert_audit,
					 int first_surveillance_months, IsmsObligation *out)
{
	int			n = 0;
	int			y,
				first_year,
				upper_year;

	if (initial)
	{
		out[n].rule = "SUR-1";
		out[n].audit_kind = ISMS_AK_SURVEILLANCE;
		out[n].due_from = cycle_start;
		out[n].due_by = isms_add_months(cycle_start, first_surveillance_months);
		n++;
	}

	first_year = isms_date_year(cycle_start) + 1;
	upper_year = has_recert_audit ? isms_date_year(recert_audit_end)
		: isms_date_year(expiry);
	/* never more than the array holds (the SQL function rejects longer cycles) */
	if (upper_year - first_year > ISMS_MAX_SURVEILLANCE_YEARS)
		upper_year = first_year + ISMS_MAX_SURVEILLANCE_YEARS;
	for (y = first_year; y < upper_year; y++)
	{
		out[n].rule = "SUR-2";
		out[n].audit_kind = ISMS_AK_SURVEILLANCE;
		out[n].due_from = isms_make_date(y, 1, 1);
		out[n].due_by = isms_make_date(y, 12, 31);
		n++;
	}

	out[n].rule = "REC-1";
	out[n].audit_kind = ISMS_AK_RECERTIFICATION;
	out[n].due_from = Max(cycle_start, isms_add_months(expiry, -12) + 1);
	out[n].due_by = expiry;
	n++;
	return n;
}
