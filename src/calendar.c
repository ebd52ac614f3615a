/*-------------------------------------------------------------------------
 *
 * calendar.c
 *	  Pure date arithmetic of the scheme: month steps with PostgreSQL's
 *	  end-of-month rule, years and ISO dates.  No table access here.
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

#ifndef ISMS_STANDALONE
#include "datatype/timestamp.h"
#include "utils/datetime.h"
#endif

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
	/* as the ISO date style prints them: year 0 is 1 BC */
	if (y <= 0)
		snprintf(buf, ISMS_DATEBUF, "%04d-%02d-%02d BC", 1 - y, m, day);
	else
		snprintf(buf, ISMS_DATEBUF, "%04d-%02d-%02d", y, m, day);
}
