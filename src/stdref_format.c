/*-------------------------------------------------------------------------
 *
 * stdref_format.c
 *	  Output of standard references: bounded string building and the
 *	  canonical text form of a reference, its standard and its amendments.
 *
 * No PostgreSQL headers: this file is also built into the fuzz harness.
 *
 *-------------------------------------------------------------------------
 */
#include "stdref_int.h"

#include <stdarg.h>
#include <stdio.h>

void
stdref_out_init(Out *o, char *buf, size_t cap)
{
	o->buf = buf;
	o->cap = cap;
	o->len = 0;
	if (cap > 0)
		buf[0] = '\0';
}

void
stdref_out_printf(Out *o, const char *fmt,...)
{
	va_list		ap;
	int			n;
	size_t		room;

	if (o->cap == 0 || o->len >= o->cap - 1)
		return;
	room = o->cap - o->len;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		o->buf[o->len] = '\0';
	else if ((size_t) n >= room)
		o->len = o->cap - 1;
	else
		o->len += (size_t) n;
}

/* ----------------------------------------------------------------
 * Formatting
 * ----------------------------------------------------------------
 */
/* Body and document type: "ISO/IEC TS", "ISO/TS", "JIS Q". */
void
stdref_format_prefix(Out *o, const StdRef *r)
{
	static const char *const doc[] = {"", "TS", "TR", "PAS"};
	const char *dt = r->doctype <= STD_DOC_LAST ? doc[r->doctype] : "?";

	switch (r->body)
	{
		case STD_BODY_IEC:
			stdref_out_printf(o, "IEC");
			break;
		case STD_BODY_ISO:
			stdref_out_printf(o, "ISO");
			break;
		case STD_BODY_ISO_IEC:
			stdref_out_printf(o, "ISO/IEC");
			break;
		case STD_BODY_JIS:
			stdref_out_printf(o, "JIS %c", is_letter((char) r->division) ? (char) r->division : '?');
			break;
		default:
			stdref_out_printf(o, "?");
			break;
	}
	/* ISO/TS 22317, but ISO/IEC TS 27006-2 and IEC TS 62443-1-5 */
	if (dt[0] != '\0')
		stdref_out_printf(o, "%s%s", r->body == STD_BODY_ISO ? "/" : " ", dt);
}

static void
format_standard(Out *o, const StdRef *r)
{
	int			i;

	stdref_format_prefix(o, r);
	/* JIS numbers have four digits at least: JIS X 0208 */
	if (r->body == STD_BODY_JIS)
		stdref_out_printf(o, " %04u", (unsigned) r->number);
	else
		stdref_out_printf(o, " %u", (unsigned) r->number);
	for (i = 0; i < r->nparts && i < STDREF_MAX_PARTS; i++)
		stdref_out_printf(o, "-%u", (unsigned) r->parts[i]);
}

static void
format_amd(Out *o, const StdAmd *a)
{
	stdref_out_printf(o, "%s %u", a->kind == STD_COR ? "Cor" : "Amd", (unsigned) a->number);
	if (a->year)
		stdref_out_printf(o, ":%u", (unsigned) a->year);
}

int
stdref_format_standard(const StdRef *r, char *buf, size_t buflen)
{
	Out			o;

	stdref_out_init(&o, buf, buflen);
	format_standard(&o, r);
	return (int) o.len;
}

int
stdref_format_amd(const StdAmd *a, char *buf, size_t buflen)
{
	Out			o;

	stdref_out_init(&o, buf, buflen);
	format_amd(&o, a);
	return (int) o.len;
}

int
stdref_format(const StdRef *r, char *buf, size_t buflen)
{
	Out			o;
	int			i;

	stdref_out_init(&o, buf, buflen);
	format_standard(&o, r);
	if (r->edition)
		stdref_out_printf(&o, ":%u", (unsigned) r->edition);
	for (i = 0; i < r->namds && i < STDREF_MAX_AMDS; i++)
	{
		stdref_out_printf(&o, "/");
		format_amd(&o, &r->amds[i]);
	}
	return (int) o.len;
}
