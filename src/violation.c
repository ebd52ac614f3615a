/*-------------------------------------------------------------------------
 *
 * violation.c
 *	  Building the value a failed rule check returns (engine.h): the rule,
 *	  the SQLSTATE class, and the message, detail and hint as format
 *	  strings with their arguments as text.  Pure: no error is raised here;
 *	  report.c turns a violation into the error (or warning).
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

#include <stdarg.h>

IsmsViolation *
isms_violation(const char *rule, IsmsSqlState sqlstate)
{
	IsmsViolation *v = palloc0(sizeof(IsmsViolation));

	v->rule = rule;
	v->sqlstate = sqlstate;
	return v;
}

/* Collect the const char * arguments of a format (as many as it has %s). */
static void
collect(const char **args, const char *fmt, va_list ap)
{
	int			n = 0;
	const char *p;

	for (p = fmt; *p; p++)
	{
		if (*p != '%')
			continue;
		if (p[1] == '%')
		{
			p++;
			continue;
		}
		if (n < ISMS_VIOL_ARGS)
			args[n++] = va_arg(ap, const char *);
	}
	while (n < ISMS_VIOL_ARGS)
		args[n++] = "";
}

void
isms_viol_message(IsmsViolation *v, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	v->message = fmt;
	collect(v->margs, fmt, ap);
	va_end(ap);
}

void
isms_viol_detail(IsmsViolation *v, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	v->detail = fmt;
	collect(v->dargs, fmt, ap);
	va_end(ap);
}

void
isms_viol_hint(IsmsViolation *v, const char *fmt,...)
{
	va_list		ap;

	va_start(ap, fmt);
	v->hint = fmt;
	collect(v->hargs, fmt, ap);
	va_end(ap);
}

/* A date as an argument: ISO 8601 whatever DateStyle says. */
const char *
isms_date_text(DateADT d)
{
	char	   *buf = palloc(ISMS_DATEBUF);

	isms_format_date(d, buf);
	return buf;
}

const char *
isms_int_text(int64 i)
{
	return psprintf("%lld", (long long) i);
}

const char *
isms_status_text(int status)
{
	return isms_status_name(status);
}
