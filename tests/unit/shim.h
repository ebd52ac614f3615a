/*
 * shim.h: what the engine (src/engine.h and the pure files) takes from
 * postgres.h, for builds outside the server (tests/unit, fuzz/).  Memory
 * comes from an arena that shim_reset() frees at once; an ereport(ERROR)
 * (only calendar.c has one, for dates out of range) aborts.
 */
#ifndef ISMS_SHIM_H
#define ISMS_SHIM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int64_t int64;
typedef int32_t int32;
typedef uint32_t uint32;
typedef uint8_t uint8;
typedef int32 DateADT;

#define Min(x, y)		((x) < (y) ? (x) : (y))
#define Max(x, y)		((x) > (y) ? (x) : (y))
#define lengthof(array) (sizeof (array) / sizeof ((array)[0]))
#define pg_attribute_noreturn() __attribute__((noreturn))
#define pg_unreachable() __builtin_unreachable()

/* dates: days since 2000-01-01, as in PostgreSQL */
#define POSTGRES_EPOCH_JDATE	2451545
#define DATETIME_MIN_JULIAN		0
#define DATE_END_JULIAN			2147483494
#define JULIAN_MINYEAR			(-4713)
#define JULIAN_MINMONTH			11
#define JULIAN_MAXYEAR			5874898
#define JULIAN_MAXMONTH			6
#define IS_VALID_JULIAN(y,m,d) \
	(((y) > JULIAN_MINYEAR || ((y) == JULIAN_MINYEAR && ((m) >= JULIAN_MINMONTH))) && \
	 ((y) < JULIAN_MAXYEAR || ((y) == JULIAN_MAXYEAR && ((m) < JULIAN_MAXMONTH))))
#define IS_VALID_DATE(d) \
	((DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE) <= (d) && \
	 (d) < (DATE_END_JULIAN - POSTGRES_EPOCH_JDATE))
#define DATEVAL_NOBEGIN		((DateADT) INT32_MIN)
#define DATEVAL_NOEND		((DateADT) INT32_MAX)
#define DATE_NOBEGIN(j)		((j) = DATEVAL_NOBEGIN)
#define DATE_IS_NOBEGIN(j)	((j) == DATEVAL_NOBEGIN)
#define DATE_NOEND(j)		((j) = DATEVAL_NOEND)
#define DATE_IS_NOEND(j)	((j) == DATEVAL_NOEND)
#define DATE_NOT_FINITE(j)	(DATE_IS_NOBEGIN(j) || DATE_IS_NOEND(j))
#define isleap(y) (((y) % 4) == 0 && (((y) % 100) != 0 || ((y) % 400) == 0))

extern const int day_tab[2][13];
extern int	date2j(int year, int month, int day);
extern void j2date(int jd, int *year, int *month, int *day);

/* memory */
extern void *palloc(size_t size);
extern void *palloc0(size_t size);
extern void *repalloc(void *p, size_t size);
extern void pfree(void *p);
extern char *pstrdup(const char *s);
extern char *psprintf(const char *fmt,...) __attribute__((format(printf, 1, 2)));
extern void shim_reset(void);

extern size_t shim_strlcpy(char *dst, const char *src, size_t siz);
#define strlcpy shim_strlcpy

/* errors: the engine raises none; calendar.c's date range check aborts */
#define ERROR 21
#define WARNING 19
#define ereport(elevel, ...) shim_error(__FILE__, __LINE__)
extern void shim_error(const char *file, int line) pg_attribute_noreturn();

#endif							/* ISMS_SHIM_H */
