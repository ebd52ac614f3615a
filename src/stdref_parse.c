/*-------------------------------------------------------------------------
 *
 * stdref_parse.c
 *	  The grammar of standard references: body, document type, number,
 *	  parts, year and amendments read from the normalized text of
 *	  stdref_normalize.c (stdref_format.c writes them, stdref_cmp.c orders
 *	  them).
 *
 * Accepted input (doc/stdref.md has the details and the reasons):
 *
 *	 body [doctype] number {-part} [:year] {sep amendment}
 *	 body		ISO | IEC | ISO/IEC (also ISO-IEC, ISO IEC) | JIS <division letter>
 *	 doctype	TS | TR | PAS, after a space or "/" (ISO/TS 22317, IEC TS 62443-1-5)
 *	 sep		"/" | "+" | white space
 *	 amendment	(Amd | Amendment | A | Cor | Corrigendum)[.] number [:year]
 *
 * case-insensitive, with any white space between tokens, and with the
 * full-width forms common in Japanese documents (ＩＳＯ／ＩＥＣ　２７００１：２０２２).
 * Two references in one text ("ISO/IEC 27001:2013 / JIS Q 27001:2014",
 * "JIS Q 27001:2023（ISO/IEC 27001:2022）") are rejected with a message that
 * names both.
 *
 * No PostgreSQL headers: this file is also built into the fuzz harness.
 *
 *-------------------------------------------------------------------------
 */
#include "stdref_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* JIS division letters (JIS Z 8301): no I, J, N, O, U, V, Y. */
const char stdref_jis_divisions[] = "ABCDEFGHKLMPQRSTWXZ";

/* ----------------------------------------------------------------
 * Scanner over the normalized text
 * ----------------------------------------------------------------
 */
typedef struct Parser
{
	const char *s;				/* normalized, NUL-terminated */
	int			pos;
	StdRef	   *ref;
	Out			err;
} Parser;

static int	fail(Parser *p, const char *fmt,...) STDREF_PRINTF(2, 3);

static int
fail(Parser *p, const char *fmt,...)
{
	va_list		ap;
	int			n;
	size_t		room;

	if (p->err.cap == 0)
		return -1;
	p->err.len = 0;
	room = p->err.cap;
	va_start(ap, fmt);
	n = vsnprintf(p->err.buf, room, fmt, ap);
	va_end(ap);
	if (n < 0)
		p->err.buf[0] = '\0';
	return -1;
}

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static void
skip_ws(Parser *p)
{
	while (p->s[p->pos] == ' ')
		p->pos++;
}

/*
 * A description of the text at pos for messages: "the end of the text" or
 * the next characters in quotes (at most 24, then "...").
 */
static const char *
text_at(const Parser *p, int pos, char *buf, size_t buflen)
{
	Out			o;
	const char *t = p->s + pos;
	size_t		l = strlen(t);

	stdref_out_init(&o, buf, buflen);
	if (l == 0)
		stdref_out_printf(&o, "the end of the text");
	else if (l <= 24)
		stdref_out_printf(&o, "\"%s\"", t);
	else
		stdref_out_printf(&o, "\"%.24s...\"", t);
	return buf;
}

/* Consume keyword kw if it is next and not followed by a letter. */
static int
accept_word(Parser *p, const char *kw)
{
	size_t		l = strlen(kw);

	if (strncmp(p->s + p->pos, kw, l) != 0 || is_letter(p->s[p->pos + l]))
		return 0;
	p->pos += (int) l;
	return 1;
}

/*
 * Whether a publishing body (another reference) starts at pos: "ISO" or
 * "IEC" as a word, or "JIS" and a letter.
 */
static int
body_starts_at(const Parser *p, int pos)
{
	const char *t = p->s + pos;

	if (strncmp(t, "ISO", 3) == 0 || strncmp(t, "IEC", 3) == 0)
		return !is_letter(t[3]);
	if (strncmp(t, "JIS", 3) == 0)
		return is_letter(t[3]) || (t[3] == ' ' && is_letter(t[4]));
	return 0;
}

/*
 * Read a decimal number (after optional white space).  Returns the number
 * of digits, 0 if there is none; *value saturates at 999999999.
 */
static int
read_digits(Parser *p, long *value)
{
	int			d = 0;
	long		v = 0;

	skip_ws(p);
	while (is_digit(p->s[p->pos]))
	{
		if (v < 100000000)
			v = v * 10 + (p->s[p->pos] - '0');
		else
			v = 999999999;
		d++;
		p->pos++;
	}
	*value = v;
	return d;
}

static int
read_year(Parser *p, uint16_t *year, const char *what)
{
	char		t[40];
	int			start;
	long		y;
	int			d;

	skip_ws(p);
	start = p->pos;
	d = read_digits(p, &y);
	if (d != 4 || y < STDREF_YEAR_MIN || y > STDREF_YEAR_MAX)
		return fail(p, "The year of %s must be four digits from %d to %d; found %s.",
					what, STDREF_YEAR_MIN, STDREF_YEAR_MAX,
					text_at(p, start, t, sizeof(t)));
	*year = (uint16_t) y;
	return 0;
}

/*
 * "The text names two standards" error.  The first is what was parsed so
 * far, the second is the rest of the text from pos (without a closing
 * parenthesis).
 */
static int
fail_two(Parser *p, int pos)
{
	char		first[STDREF_TEXT_MAX];
	char		second[48];
	size_t		l;

	stdref_format(p->ref, first, sizeof(first));
	l = strlen(p->s + pos);
	if (l > 0 && p->s[pos + l - 1] == ')')
		l--;
	while (l > 0 && p->s[pos + l - 1] == ' ')
		l--;
	if (l > 40)
		snprintf(second, sizeof(second), "%.40s...", p->s + pos);
	else
		snprintf(second, sizeof(second), "%.*s", (int) l, p->s + pos);
	return fail(p, "The text names two standards, \"%s\" and \"%s\": give one reference per value.",
				first, second);
}

/* Publishing body: ISO, IEC, ISO/IEC or JIS with its division letter. */
static int
parse_body(Parser *p)
{
	StdRef	   *r = p->ref;
	char		t[40];

	if (accept_word(p, "ISO"))
	{
		int			save = p->pos;

		/* ISO/IEC, also written ISO-IEC or ISO IEC */
		skip_ws(p);
		if (p->s[p->pos] == '/' || p->s[p->pos] == '-')
			p->pos++;
		skip_ws(p);
		if (accept_word(p, "IEC"))
			r->body = STD_BODY_ISO_IEC;
		else
		{
			p->pos = save;
			r->body = STD_BODY_ISO;
		}
		return 0;
	}
	if (accept_word(p, "IEC"))
	{
		r->body = STD_BODY_IEC;
		return 0;
	}
	if (strncmp(p->s + p->pos, "JIS", 3) == 0)
	{
		char		c;

		p->pos += 3;
		skip_ws(p);
		c = p->s[p->pos];
		if (!is_letter(c) || is_letter(p->s[p->pos + 1]))
			return fail(p, "A JIS reference needs its division letter, as in \"JIS Q 27001\"; found %s after \"JIS\".",
						text_at(p, p->pos, t, sizeof(t)));
		if (strchr(stdref_jis_divisions, c) == NULL)
			return fail(p, "\"%c\" is not a JIS division letter (A to H, K, L, M, P, Q, R, S, T, W, X, Z).",
						c);
		r->body = STD_BODY_JIS;
		r->division = (uint8_t) c;
		p->pos++;
		return 0;
	}
	if (p->s[0] == '\0')
		return fail(p, "The text is empty.");
	return fail(p, "A standard reference starts with \"ISO\", \"IEC\", \"ISO/IEC\" or \"JIS\" and a division letter; found %s.",
				text_at(p, p->pos, t, sizeof(t)));
}

/* Optional document type, after a space or "/" (not for JIS). */
static void
parse_doctype(Parser *p)
{
	int			save = p->pos;

	if (p->ref->body == STD_BODY_JIS)
		return;
	skip_ws(p);
	if (p->s[p->pos] == '/')
		p->pos++;
	skip_ws(p);
	if (accept_word(p, "TS"))
		p->ref->doctype = STD_DOC_TS;
	else if (accept_word(p, "TR"))
		p->ref->doctype = STD_DOC_TR;
	else if (accept_word(p, "PAS"))
		p->ref->doctype = STD_DOC_PAS;
	else
		p->pos = save;
}

/* Number and parts. */
static int
parse_number(Parser *p)
{
	StdRef	   *r = p->ref;
	char		t[40];
	char		std[STDREF_TEXT_MAX];
	int			start;
	long		v;
	int			d;

	skip_ws(p);
	start = p->pos;
	d = read_digits(p, &v);
	if (d == 0)
	{
		Out			o;

		stdref_out_init(&o, std, sizeof(std));
		stdref_format_prefix(&o, r);
		return fail(p, "Expected the number of the standard after \"%s\"; found %s.",
					std, text_at(p, start, t, sizeof(t)));
	}
	if (v < 1 || v > STDREF_NUMBER_MAX)
		return fail(p, "The number of a standard is from 1 to %d; found \"%.*s\".",
					STDREF_NUMBER_MAX, p->pos - start, p->s + start);
	r->number = (uint32_t) v;

	for (;;)
	{
		int			save = p->pos;

		skip_ws(p);
		if (p->s[p->pos] != '-')
		{
			p->pos = save;
			break;
		}
		p->pos++;
		skip_ws(p);
		start = p->pos;
		if (r->nparts >= STDREF_MAX_PARTS)
			return fail(p, "A standard reference has at most %d part numbers.",
						STDREF_MAX_PARTS);
		d = read_digits(p, &v);
		if (d == 0)
			return fail(p, "Expected a part number after \"-\"; found %s.",
						text_at(p, start, t, sizeof(t)));
		if (v < 1 || v > STDREF_PART_MAX)
			return fail(p, "A part number is from 1 to %d; found \"%.*s\".",
						STDREF_PART_MAX, p->pos - start, p->s + start);
		r->parts[r->nparts++] = (uint16_t) v;
	}
	return 0;
}

/*
 * A part number that looks like a year is a mistyped edition: "ISO/IEC
 * 27001-2022", "JIS X 0208-1997" (the pre-2000 JIS notation) mean the 2022
 * and 1997 editions, not parts 2022 and 1997.  Refuse them, with the right
 * spelling when the fix is clear.  (Parts 1900 to 2099 are never accepted,
 * so that the undated form of every reference can be read back.)
 */
static int
check_year_as_part(Parser *p)
{
	StdRef	   *r = p->ref;
	StdRef		fixed;
	char		std[STDREF_TEXT_MAX];
	unsigned	last;
	int			i;

	for (i = 0; i < r->nparts; i++)
	{
		unsigned	part = r->parts[i];

		if (part < STDREF_YEAR_MIN || part > STDREF_YEAR_MAX)
			continue;
		if (i < r->nparts - 1 || r->edition != 0)
			return fail(p, "\"-%u\" looks like a year, not a part number (parts %d to %d are not accepted).",
						part, STDREF_YEAR_MIN, STDREF_YEAR_MAX);
	}
	if (r->edition != 0 || r->nparts == 0)
		return 0;
	last = r->parts[r->nparts - 1];
	if (last < STDREF_YEAR_MIN || last > STDREF_YEAR_MAX)
		return 0;
	fixed = *r;
	fixed.parts[--fixed.nparts] = 0;
	fixed.edition = (uint16_t) last;
	stdref_format(&fixed, std, sizeof(std));
	return fail(p, "\"-%u\" looks like the year of the edition, which follows a colon: \"%s\".",
				last, std);
}

/* Amendments and corrigenda: {sep kind[.] number [:year]}. */
static int
parse_amendments(Parser *p)
{
	StdRef	   *r = p->ref;
	char		t[40];

	for (;;)
	{
		int			save = p->pos;
		char		sep;
		int			kind;
		int			start;
		int			d;
		int			i;
		long		v;
		StdAmd		a;

		skip_ws(p);
		sep = p->s[p->pos];
		if (sep == '/' || sep == '+')
			p->pos++;
		else if (is_letter(sep) && p->pos > save)
			sep = ' ';			/* "ISO 9001:2015 Amd 1:2024" */
		else
		{
			p->pos = save;
			return 0;
		}
		skip_ws(p);
		start = p->pos;
		if (accept_word(p, "AMENDMENT") || accept_word(p, "AMD") || accept_word(p, "A"))
			kind = STD_AMD;
		else if (accept_word(p, "CORRIGENDUM") || accept_word(p, "COR"))
			kind = STD_COR;
		else if (body_starts_at(p, start))
			return fail_two(p, start);
		else if (sep == ' ')
		{
			p->pos = save;		/* trailing text, reported by the caller */
			return 0;
		}
		else
			return fail(p, "Expected an amendment (\"Amd\") or a corrigendum (\"Cor\") after \"%c\"; found %s.",
						sep, text_at(p, start, t, sizeof(t)));

		if (r->edition == 0)
			return fail(p, "An amendment or corrigendum needs the edition it amends, as in \"ISO/IEC 27001:2022/Amd 1:2024\".");
		skip_ws(p);
		if (p->s[p->pos] == '.')
			p->pos++;
		skip_ws(p);
		start = p->pos;
		d = read_digits(p, &v);
		if (d == 0)
			return fail(p, "Expected the number of the %s; found %s.",
						kind == STD_AMD ? "amendment" : "corrigendum",
						text_at(p, start, t, sizeof(t)));
		if (v < 1 || v > STDREF_AMD_NUMBER_MAX)
			return fail(p, "The number of an amendment or corrigendum is from 1 to %d; found \"%.*s\".",
						STDREF_AMD_NUMBER_MAX, p->pos - start, p->s + start);
		memset(&a, 0, sizeof(a));
		a.kind = (uint8_t) kind;
		a.number = (uint16_t) v;
		{
			int			save2 = p->pos;

			skip_ws(p);
			if (p->s[p->pos] == ':')
			{
				p->pos++;
				if (read_year(p, &a.year, kind == STD_AMD ? "an amendment" : "a corrigendum") < 0)
					return -1;
			}
			else
				p->pos = save2;
		}
		if (a.year != 0 && a.year < r->edition)
			return fail(p, "%s %u:%u is older than the edition it amends (%u).",
						kind == STD_AMD ? "Amd" : "Cor", (unsigned) a.number,
						(unsigned) a.year, (unsigned) r->edition);

		for (i = 0; i < r->namds; i++)
		{
			char		b1[24];
			char		b2[24];

			if (r->amds[i].kind == a.kind && r->amds[i].number == a.number)
				return fail(p, "%s %u is given twice.",
							kind == STD_AMD ? "Amd" : "Cor", (unsigned) a.number);
			if (stdref_amd_out_of_order(&r->amds[i], &a))
			{
				stdref_format_amd(&r->amds[i], b1, sizeof(b1));
				stdref_format_amd(&a, b2, sizeof(b2));
				return fail(p, "\"%s\" and \"%s\" contradict each other: amendments and corrigenda are numbered in order of publication.",
							b1, b2);
			}
		}
		if (r->namds >= STDREF_MAX_AMDS)
			return fail(p, "A standard reference has at most %d amendments and corrigenda.",
						STDREF_MAX_AMDS);

		/* insert in sort order */
		i = r->namds;
		while (i > 0 && stdref_cmp_amd(&r->amds[i - 1], &a) > 0)
		{
			r->amds[i] = r->amds[i - 1];
			i--;
		}
		r->amds[i] = a;
		r->namds++;
	}
}

int
stdref_parse(const char *input, size_t len, StdRef *out, char *err, size_t errlen)
{
	char		buf[NORM_MAX + 1];
	char		t[40];
	char		so_far[STDREF_TEXT_MAX];
	Parser		p;
	StdRef		r;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	if (errlen > 0)
		err[0] = '\0';
	if (input == NULL)
		len = 0;
	if (stdref_normalize((const unsigned char *) input, len, buf, err, errlen) < 0)
		return -1;

	p.s = buf;
	p.pos = 0;
	p.ref = &r;
	stdref_out_init(&p.err, err, errlen);

	if (parse_body(&p) < 0)
		return -1;
	parse_doctype(&p);
	if (parse_number(&p) < 0)
		return -1;

	/* edition */
	{
		int			save = p.pos;

		skip_ws(&p);
		if (p.s[p.pos] == ':')
		{
			p.pos++;
			if (read_year(&p, &r.edition, "the edition") < 0)
				return -1;
		}
		else
			p.pos = save;
	}
	if (check_year_as_part(&p) < 0)
		return -1;
	if (parse_amendments(&p) < 0)
		return -1;

	skip_ws(&p);
	if (p.s[p.pos] != '\0')
	{
		int			q = p.pos;

		/* a second reference: "A / B", "A (B)", "A, B", "A + B", "A & B", "A and B" */
		while (p.s[q] == '(' || p.s[q] == '/' || p.s[q] == '+' || p.s[q] == ',' ||
			   p.s[q] == ';' || p.s[q] == '&' || p.s[q] == '[' || p.s[q] == ' ')
			q++;
		if (strncmp(p.s + q, "AND ", 4) == 0)
			q += 4;
		if (body_starts_at(&p, q))
			return fail_two(&p, q);
		stdref_format(&r, so_far, sizeof(so_far));
		return fail(&p, "Unexpected %s after \"%s\".",
					text_at(&p, p.pos, t, sizeof(t)), so_far);
	}
	*out = r;
	return 0;
}
