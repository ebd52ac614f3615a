/*-------------------------------------------------------------------------
 *
 * clock.c
 *	  The register's today: the day a decision recorded now is recorded on
 *	  (the history rules, rules_status.c), the day the stored status describes and the only day a sweep
 *	  stores.  Every "today" of the extension's C code is asked here, and
 *	  SQL asks isms.today(), so that the register's clock is defined once.
 *
 *	isms.today		a date (YYYY-MM-DD) that stands for today, for tests,
 *				replays of old registers and demos; empty: the real date
 *	isms.time_zone	the registry's time zone, in which the real date is
 *				taken; empty: the server's log_timezone (set in the
 *				configuration file, which no session can change)
 *
 *	Both settings are PGC_SUSET: only a superuser (or a role a superuser
 *	granted SET on them) changes them, so an ordinary writer can never move
 *	the register's clock nor take the day in its own time zone.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "surface.h"

#include "access/xact.h"
#include "pgtime.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/guc.h"
#include "utils/timestamp.h"

static char *today_setting = NULL;
static char *time_zone_setting = NULL;

/* what the check hooks parsed; NULL extra means "not set" */
static DateADT *today_fixed = NULL;
static pg_tz *registry_tz = NULL;

/* isms.today: empty, or an ISO date YYYY-MM-DD of the Gregorian calendar */
static bool
check_today(char **newval, void **extra, GucSource source)
{
	int			y,
				m,
				d,
				len = 0;
	DateADT    *result;

	if (*newval == NULL || (*newval)[0] == '\0')
	{
		*extra = NULL;
		return true;
	}
	if (sscanf(*newval, "%4d-%2d-%2d%n", &y, &m, &d, &len) != 3 ||
		(*newval)[len] != '\0' || strlen(*newval) != 10 ||
		y < 1 || m < 1 || m > 12 || d < 1 ||
		d > day_tab[isleap(y)][m - 1])
	{
		GUC_check_errcode(ERRCODE_INVALID_DATETIME_FORMAT);
		GUC_check_errdetail("The register's today is a date written YYYY-MM-DD, or empty for the real date.");
		return false;
	}
	result = (DateADT *) ISMS_GUC_MALLOC(sizeof(DateADT));
	if (result == NULL)
		return false;
	*result = date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
	*extra = result;
	return true;
}

static void
assign_today(const char *newval, void *extra)
{
	today_fixed = (DateADT *) extra;
}

/* isms.time_zone: empty, or a time zone name PostgreSQL knows */
static bool
check_time_zone(char **newval, void **extra, GucSource source)
{
	pg_tz	  **result;
	pg_tz	   *tz;

	if (*newval == NULL || (*newval)[0] == '\0')
	{
		*extra = NULL;
		return true;
	}
	tz = pg_tzset(*newval);
	if (tz == NULL || !pg_tz_acceptable(tz))
	{
		GUC_check_errcode(ERRCODE_INVALID_PARAMETER_VALUE);
		GUC_check_errdetail("The registry's time zone is a time zone name such as \"Asia/Tokyo\" or \"UTC\", or empty for the server's log_timezone.");
		return false;
	}
	result = (pg_tz **) ISMS_GUC_MALLOC(sizeof(pg_tz *));
	if (result == NULL)
		return false;
	*result = tz;
	*extra = result;
	return true;
}

static void
assign_time_zone(const char *newval, void *extra)
{
	registry_tz = extra ? *(pg_tz **) extra : NULL;
}

/* Called by _PG_init. */
void
isms_clock_init(void)
{
	DefineCustomStringVariable("isms.today",
							   "The register's today (YYYY-MM-DD); empty: the real date.",
							   "Set it to replay an old register or to run a demonstration; only a superuser may.",
							   &today_setting,
							   "",
							   PGC_SUSET,
							   0,
							   check_today, assign_today, NULL);
	DefineCustomStringVariable("isms.time_zone",
							   "The registry's time zone, in which the register's real date is taken; empty: the server's log_timezone.",
							   NULL,
							   &time_zone_setting,
							   "",
							   PGC_SUSET,
							   0,
							   check_time_zone, assign_time_zone, NULL);
}

/*
 * The register's today: isms.today if set, else the date, in the
 * registry's time zone, at the start of the current transaction (so it is
 * one day for a whole transaction, like CURRENT_DATE).
 */
DateADT
isms_register_today(void)
{
	TimestampTz ts;
	struct pg_tm tt;
	fsec_t		fsec;
	int			tz;

	if (today_fixed != NULL)
		return *today_fixed;
	ts = GetCurrentTransactionStartTimestamp();
	if (timestamp2tm(ts, &tz, &tt, &fsec, NULL,
					 registry_tz ? registry_tz : log_timezone) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	return date2j(tt.tm_year, tt.tm_mon, tt.tm_mday) - POSTGRES_EPOCH_JDATE;
}

PG_FUNCTION_INFO_V1(isms_today);

/* isms.today(): the register's today, for SQL */
Datum
isms_today(PG_FUNCTION_ARGS)
{
	PG_RETURN_DATEADT(isms_register_today());
}
