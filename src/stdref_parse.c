/*-------------------------------------------------------------------------
 *
 * stdref_parse.c
 *	  Parser, formatter and comparison of standard references.
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
#include "stdref.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#if defined(__GNUC__) || defined(__clang__)
#define STDREF_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define STDREF_PRINTF(f, a)
#endif

/* Longest accepted input, in characters after white space is collapsed. */
#define NORM_MAX 200

/* JIS division letters (JIS Z 8301): no I, J, N, O, U, V, Y. */
static const char jis_divisions[] = "ABCDEFGHKLMPQRSTWXZ";

/* Bounded string building: never overflows, always NUL-terminated. */
typedef struct Out
{
	char	   *buf;
	size_t		cap;
	size_t		len;
} Out;

static void out_printf(Out *o, const char *fmt,...) STDREF_PRINTF(2, 3);

static void
out_init(Out *o, char *buf, size_t cap)
{
	o->buf = buf;
	o->cap = cap;
	o->len = 0;
	if (cap > 0)
		buf[0] = '\0';
}

static void
out_printf(Out *o, const char *fmt,...)
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
 * Normalization: UTF-8 in, upper-case ASCII out
 * ----------------------------------------------------------------
 */

/*
 * Decode one UTF-8 character at s[i]; returns its width, or 0 if the bytes
 * are not well-formed UTF-8 (truncated, overlong, surrogate, > U+10FFFF).
 */
static int
decode_utf8(const unsigned char *s, size_t len, size_t i, unsigned int *cp)
{
	unsigned int c = s[i];

	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF)
	{
		if (i + 1 >= len || (s[i + 1] & 0xC0) != 0x80)
			return 0;
		*cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF)
	{
		if (i + 2 >= len || (s[i + 1] & 0xC0) != 0x80 || (s[i + 2] & 0xC0) != 0x80)
			return 0;
		*cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3F);
		if (*cp < 0x800 || (*cp >= 0xD800 && *cp <= 0xDFFF))
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4)
	{
		if (i + 3 >= len || (s[i + 1] & 0xC0) != 0x80 ||
			(s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
			return 0;
		*cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3Fu) << 12) |
			((s[i + 2] & 0x3Fu) << 6) | (s[i + 3] & 0x3F);
		if (*cp < 0x10000 || *cp > 0x10FFFF)
			return 0;
		return 4;
	}
	return 0;
}

/*
 * The ASCII character a code point stands for: ' ' for white space, 0 for
 * a character a standard reference cannot contain.
 */
static char
map_char(unsigned int cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		cp = cp - 0xFF01 + 0x21;	/* full-width ASCII */
	if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
		cp == '\v')
		return ' ';
	if (cp > 0x20 && cp < 0x7F)
		return (cp >= 'a' && cp <= 'z') ? (char) (cp - 'a' + 'A') : (char) cp;
	switch (cp)
	{
		case 0x00A0:			/* no-break space */
		case 0x200B:			/* zero width space */
		case 0x202F:			/* narrow no-break space */
		case 0x205F:			/* medium mathematical space */
		case 0x3000:			/* ideographic space */
		case 0xFEFF:			/* byte order mark, zero width no-break space */
			return ' ';
		case 0x2212:			/* minus sign */
		case 0x30FC:			/* katakana prolonged sound mark, an IME slip */
		case 0xFE63:			/* small hyphen-minus */
		case 0xFF70:			/* half-width prolonged sound mark */
			return '-';
		case 0x2044:			/* fraction slash */
		case 0x2215:			/* division slash */
			return '/';
		case 0x3001:			/* ideographic comma: a list of references */
		case 0xFF64:			/* half-width ideographic comma */
			return ',';
		case 0x2236:			/* ratio */
		case 0xFE55:			/* small colon */
			return ':';
		default:
			break;
	}
	if (cp >= 0x2000 && cp <= 0x200A)	/* typographic spaces */
		return ' ';
	if (cp >= 0x2010 && cp <= 0x2015)	/* hyphens and dashes */
		return '-';
	return 0;
}

/*
 * Normalize: decode, map each character to ASCII (upper case), collapse
 * white space to single spaces and drop it at both ends.  Returns the
 * length, or -1 with a message.
 */
static int
normalize(const unsigned char *s, size_t len, char *out, char *err, size_t errlen)
{
	size_t		i = 0;
	int			n = 0;
	int			charpos = 0;
	Out			e;

	out_init(&e, err, errlen);
	while (i < len)
	{
		unsigned int cp = 0;
		int			w = decode_utf8(s, len, i, &cp);
		char		c;

		charpos++;
		if (w == 0)
		{
			out_printf(&e, "The text is not valid UTF-8 (byte 0x%02X at character %d).",
					   s[i], charpos);
			return -1;
		}
		i += (size_t) w;
		c = map_char(cp);
		if (c == 0)
		{
			if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
				out_printf(&e, "Unexpected control character U+%04X at character %d.",
						   cp, charpos);
			else
				out_printf(&e, "Unexpected character \"%.*s\" (U+%04X) at character %d: a standard reference is written in ASCII or full-width ASCII.",
						   w, (const char *) s + i - w, cp, charpos);
			return -1;
		}
		if (c == ' ' && (n == 0 || out[n - 1] == ' '))
			continue;
		if (n >= NORM_MAX)
		{
			out_printf(&e, "The text is too long for a standard reference (more than %d characters).",
					   NORM_MAX);
			return -1;
		}
		out[n++] = c;
	}
	if (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return n;
}

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
static void format_prefix(Out *o, const StdRef *r);

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
is_letter(char c)
{
	return c >= 'A' && c <= 'Z';
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

	out_init(&o, buf, buflen);
	if (l == 0)
		out_printf(&o, "the end of the text");
	else if (l <= 24)
		out_printf(&o, "\"%s\"", t);
	else
		out_printf(&o, "\"%.24s...\"", t);
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

/* Sort order of amendments within a reference: year, kind, number. */
static int
cmp_amd(const StdAmd *a, const StdAmd *b)
{
	if (a->year != b->year)
		return a->year < b->year ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->number != b->number)
		return a->number < b->number ? -1 : 1;
	return 0;
}

/*
 * Amendments of one kind are numbered in the order of publication: with
 * both years known, a higher number may not be older.  Returns 1 if a and b
 * contradict each other.
 */
static int
amd_out_of_order(const StdAmd *a, const StdAmd *b)
{
	if (a->kind != b->kind || a->year == 0 || b->year == 0)
		return 0;
	return (a->number < b->number && a->year > b->year) ||
		(a->number > b->number && a->year < b->year);
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
		if (strchr(jis_divisions, c) == NULL)
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

		out_init(&o, std, sizeof(std));
		format_prefix(&o, r);
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
			if (amd_out_of_order(&r->amds[i], &a))
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
		while (i > 0 && cmp_amd(&r->amds[i - 1], &a) > 0)
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
	if (normalize((const unsigned char *) input, len, buf, err, errlen) < 0)
		return -1;

	p.s = buf;
	p.pos = 0;
	p.ref = &r;
	out_init(&p.err, err, errlen);

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

/* ----------------------------------------------------------------
 * Formatting
 * ----------------------------------------------------------------
 */
/* Body and document type: "ISO/IEC TS", "ISO/TS", "JIS Q". */
static void
format_prefix(Out *o, const StdRef *r)
{
	static const char *const doc[] = {"", "TS", "TR", "PAS"};
	const char *dt = r->doctype <= STD_DOC_LAST ? doc[r->doctype] : "?";

	switch (r->body)
	{
		case STD_BODY_IEC:
			out_printf(o, "IEC");
			break;
		case STD_BODY_ISO:
			out_printf(o, "ISO");
			break;
		case STD_BODY_ISO_IEC:
			out_printf(o, "ISO/IEC");
			break;
		case STD_BODY_JIS:
			out_printf(o, "JIS %c", is_letter((char) r->division) ? (char) r->division : '?');
			break;
		default:
			out_printf(o, "?");
			break;
	}
	/* ISO/TS 22317, but ISO/IEC TS 27006-2 and IEC TS 62443-1-5 */
	if (dt[0] != '\0')
		out_printf(o, "%s%s", r->body == STD_BODY_ISO ? "/" : " ", dt);
}

static void
format_standard(Out *o, const StdRef *r)
{
	int			i;

	format_prefix(o, r);
	/* JIS numbers have four digits at least: JIS X 0208 */
	if (r->body == STD_BODY_JIS)
		out_printf(o, " %04u", (unsigned) r->number);
	else
		out_printf(o, " %u", (unsigned) r->number);
	for (i = 0; i < r->nparts && i < STDREF_MAX_PARTS; i++)
		out_printf(o, "-%u", (unsigned) r->parts[i]);
}

static void
format_amd(Out *o, const StdAmd *a)
{
	out_printf(o, "%s %u", a->kind == STD_COR ? "Cor" : "Amd", (unsigned) a->number);
	if (a->year)
		out_printf(o, ":%u", (unsigned) a->year);
}

int
stdref_format_standard(const StdRef *r, char *buf, size_t buflen)
{
	Out			o;

	out_init(&o, buf, buflen);
	format_standard(&o, r);
	return (int) o.len;
}

int
stdref_format_amd(const StdAmd *a, char *buf, size_t buflen)
{
	Out			o;

	out_init(&o, buf, buflen);
	format_amd(&o, a);
	return (int) o.len;
}

int
stdref_format(const StdRef *r, char *buf, size_t buflen)
{
	Out			o;
	int			i;

	out_init(&o, buf, buflen);
	format_standard(&o, r);
	if (r->edition)
		out_printf(&o, ":%u", (unsigned) r->edition);
	for (i = 0; i < r->namds && i < STDREF_MAX_AMDS; i++)
	{
		out_printf(&o, "/");
		format_amd(&o, &r->amds[i]);
	}
	return (int) o.len;
}

/* ----------------------------------------------------------------
 * Comparison
 * ----------------------------------------------------------------
 */
#define CMP(x, y) do { if ((x) != (y)) return (x) < (y) ? -1 : 1; } while (0)

static int
cmp_standard(const StdRef *a, const StdRef *b)
{
	int			i;

	CMP(a->body, b->body);
	CMP(a->division, b->division);
	CMP(a->number, b->number);
	for (i = 0; i < STDREF_MAX_PARTS; i++)
		CMP(a->parts[i], b->parts[i]);	/* absent parts are 0: sort first */
	CMP(a->doctype, b->doctype);
	return 0;
}

/*
 * Amendments compare from the newest (the last, as they are sorted by
 * year) backwards, so that the reference with the newest amendment is the
 * greatest; where one list is a tail of the other, the longer one is
 * greater.
 */
int
stdref_cmp(const StdRef *a, const StdRef *b)
{
	int			c = cmp_standard(a, b);
	int			i;
	int			j;

	if (c != 0)
		return c;
	CMP(a->edition, b->edition);
	i = a->namds < STDREF_MAX_AMDS ? a->namds : STDREF_MAX_AMDS;
	j = b->namds < STDREF_MAX_AMDS ? b->namds : STDREF_MAX_AMDS;
	while (i > 0 && j > 0)
	{
		c = cmp_amd(&a->amds[--i], &b->amds[--j]);
		if (c != 0)
			return c;
	}
	CMP(i, j);
	return 0;
}

int
stdref_same_standard(const StdRef *a, const StdRef *b)
{
	return cmp_standard(a, b) == 0;
}

void
stdref_without_edition(const StdRef *in, StdRef *out)
{
	memcpy(out, in, sizeof(StdRef));
	out->edition = 0;
	out->namds = 0;
	memset(out->amds, 0, sizeof(out->amds));
}

int
stdref_is_valid(const StdRef *r)
{
	int			i;
	int			j;

	if (r->body < 1 || r->body > STD_BODY_LAST)
		return 0;
	if (r->body == STD_BODY_JIS)
	{
		if (!is_letter((char) r->division) ||
			strchr(jis_divisions, (char) r->division) == NULL ||
			r->doctype != STD_DOC_IS)
			return 0;
	}
	else if (r->division != 0)
		return 0;
	if (r->doctype > STD_DOC_LAST)
		return 0;
	if (r->number < 1 || r->number > STDREF_NUMBER_MAX)
		return 0;
	if (r->nparts > STDREF_MAX_PARTS)
		return 0;
	for (i = 0; i < STDREF_MAX_PARTS; i++)
	{
		if (i < r->nparts ? (r->parts[i] < 1 || r->parts[i] > STDREF_PART_MAX)
			: r->parts[i] != 0)
			return 0;
	}
	if (r->edition != 0 &&
		(r->edition < STDREF_YEAR_MIN || r->edition > STDREF_YEAR_MAX))
		return 0;
	for (i = 0; i < r->nparts; i++)
		if (r->parts[i] >= STDREF_YEAR_MIN && r->parts[i] <= STDREF_YEAR_MAX)
			return 0;
	if (r->namds > STDREF_MAX_AMDS || (r->edition == 0 && r->namds != 0))
		return 0;
	if (r->pad[0] || r->pad[1] || r->pad[2])
		return 0;
	for (i = 0; i < STDREF_MAX_AMDS; i++)
	{
		const StdAmd *a = &r->amds[i];

		if (i >= r->namds)
		{
			if (a->kind || a->pad || a->number || a->year)
				return 0;
			continue;
		}
		if ((a->kind != STD_AMD && a->kind != STD_COR) || a->pad != 0 ||
			a->number < 1 || a->number > STDREF_AMD_NUMBER_MAX)
			return 0;
		if (a->year != 0 && (a->year < r->edition || a->year > STDREF_YEAR_MAX))
			return 0;
		if (i > 0 && cmp_amd(&r->amds[i - 1], a) >= 0)
			return 0;
		for (j = 0; j < i; j++)
			if ((r->amds[j].kind == a->kind && r->amds[j].number == a->number) ||
				amd_out_of_order(&r->amds[j], a))
				return 0;
	}
	return 1;
}
