/*-------------------------------------------------------------------------
 *
 * clock.c
 *	  The register's today: the day a decision recorded now is recorded on,
 *	  the day the stored status describes and the only day a sweep stores.
 *	  Every "today" of the extension's C code is asked here, so that the
 *	  register's clock is defined once.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "surface.h"

#include "utils/date.h"

/*
 * The register's today: the current date of the session's time zone.
 */
DateADT
isms_register_today(void)
{
	return GetSQLCurrentDate();
}
