/*-------------------------------------------------------------------------
 *
 * stdref_parse.c
 *	  Parser, formatter and comparison of standard references.
 *
 * Accepted input, case-insensitive, with any spacing, and with the
 * full-width forms common in Japanese documents (ＩＳＯ／ＩＥＣ　２７００１：２０２２):
 *
 *	 body [doctype] number[-part[-part[-part]]] [:year] {/amendment}
 *	 body		ISO | IEC | ISO/IEC | JIS <letter>
 *	 doctype	TS | TR | PAS
 *	 amendment	(Amd | Amendment | Cor | Corrigendum)[.] number [:year]
 *
 * e.g. "ISO/IEC 27001:2022/Amd 1:2024", "iso/iec 27001:2013/cor.2:2015",
 * "JIS Q 27001:2023", "IEC 62443-2-1:2010", "ISO/IEC TS 27006-2:2021".
 *
 * No PostgreSQL headers: this file is also built into the fuzz harness.
 *
 *-------------------------------------------------------------------------
 */
#include "stdref.h"

#include <stdio.h>
#include <string.h>

#define NORM_MAX 256			/* longer input is rejected */

/*
 * Normalize to upper-case ASCII: full-width ASCII (U+FF01..U+FF5E) becomes
 * ASCII, the ideographic space (U+3000) and other white space a space,
 * Unicode hyphens and dashes (U+2010..U+2015, U+2212) a hyphen.  Any other
 * non-ASCII character is an error.  Returns the length, or -1.
 */
static int
normalize(const unsigned char *s, size_t len, char *out, char *err, size_t errlen)
{
	size_t		i = 0;
	int			n = 0;

	while (i < len)
	{
		unsigned int c = s[i];
		unsigned int cp;
		int			w;

		if (c < 0x80)
		{
			cp = c;
			w = 1;
		}
		else if ((c & 0xE0) == 0xC0 && i + 1 < len && (s[i + 1] & 0xC0) == 0x80)
		{
			cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
			w = 2;
		}
		else if ((c & 0xF0) == 0xE0 && i + 2 < len &&
				 (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80)
		{
			cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
			w = 3;
		}
		else
		{
			snprintf(err, errlen, "Unexpected byte 0x%02X at position %d.", c, (int) i + 1);
			return -1;
		}

		if (cp >= 0xFF01 && cp <= 0xFF5E)
			cp = cp - 0xFF01 + 0x21;	/* full-width ASCII */
		else if (cp == 0x3000 || cp == 0xA0)
			cp = ' ';
		else if ((cp >= 0x2010 && cp <= 0x2015) || cp == 0x2212 || cp == 0x30FC)
			cp = '-';
		if (cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v')
			cp = ' ';
		if (cp == 0 || cp >= 0x80 || cp < 0x20)
		{
			snprintf(err, errlen, "Unexpected character at position %d.", (int) i + 1);
			return -1;
		}
		if (n >= NORM_MAX - 1)
		{
			snprintf(err, errlen, "A standard reference has at most %d characters.", NORM_MAX - 1);
			return -1;
		}
		if (cp >= 'a' && cp <= 'z')
			cp -= 'a' - 'A';
		out[n++] = (char) cp;
		i += w;
	}
	out[n] = '\0';
	return n;
}

typedef struct Scan
{
	const char *s;
	int			pos;
} Scan;

static void
skip_ws(Scan *sc)
{
	while (sc->s[sc->pos] == ' ')
		sc->pos++;
}

/* Consume keyword kw (upper case) if it is next, not followed by a letter. */
static int
accept_word(Scan *sc, const char *kw)
{
	size_t		l = strlen(kw);
	char		next;

	if (strncmp(sc->s + sc->pos, kw, l) != 0)
		return 0;
	next = sc->s[sc->pos + l];
	if (next >= 'A' && next <= 'Z')
		return 0;
	sc->pos += (int) l;
	return 1;
}

static int
accept_char(Scan *sc, char c)
{
	skip_ws(sc);
	if (sc->s[sc->pos] != c)
		return 0;
	sc->pos++;
	return 1;
}

/* Unsigned decimal of 1..maxdigits digits; -1 if none, -2 if too long. */
static long
read_number(Scan *sc, int maxdigits)
{
	long		v = 0;
	int			d = 0;

	skip_ws(sc);
	while (sc->s[sc->pos] >= '0' && sc->s[sc->pos] <= '9')
	{
		if (++d > maxdigits)
			return -2;
		v = v * 10 + (sc->s[sc->pos] - '0');
		sc->pos++;
	}
	return d == 0 ? -1 : v;
}

static int
read_year(Scan *sc, uint16_t *year, const char *what, char *err, size_t errlen)
{
	long		y = read_number(sc, 4);

	if (y < 1900 || y > 2999)
	{
		snprintf(err, errlen, "The year of %s must be four digits between 1900 and 2999.", what);
		return -1;
	}
	*year = (uint16_t) y;
	return 0;
}

int
stdref_parse(const char *input, size_t len, StdRef *out, char *err, size_t errlen)
{
	char		buf[NORM_MAX];
	Scan		sc;
	long		v;

	memset(out, 0, sizeof(*out));
	if (normalize((const unsigned char *) input, len, buf, err, errlen) < 0)
		return -1;
	sc.s = buf;
	sc.pos = 0;
	skip_ws(&sc);

	/* publishing body */
	if (accept_word(&sc, "ISO"))
	{
		int			save = sc.pos;

		if (accept_char(&sc, '/') || accept_char(&sc, '-'))
		{
			skip_ws(&sc);
			if (accept_word(&sc, "IEC"))
				out->body = STD_BODY_ISO_IEC;
			else
				sc.pos = save;
		}
		if (out->body == 0)
			out->body = STD_BODY_ISO;
	}
	else if (accept_word(&sc, "IEC"))
		out->body = STD_BODY_IEC;
	else if (strncmp(sc.s + sc.pos, "JIS", 3) == 0)
	{
		sc.pos += 3;
		skip_ws(&sc);
		if (sc.s[sc.pos] < 'A' || sc.s[sc.pos] > 'Z')
		{
			snprintf(err, errlen, "A JIS reference needs its division letter, as in \"JIS Q 27001\".");
			return -1;
		}
		out->body = STD_BODY_JIS;
		out->division = (uint8_t) sc.s[sc.pos++];
	}
	else
	{
		snprintf(err, errlen, "A standard reference starts with ISO, IEC, ISO/IEC or JIS.");
		return -1;
	}

	/* document type */
	skip_ws(&sc);
	if (accept_word(&sc, "TS"))
		out->doctype = STD_DOC_TS;
	else if (accept_word(&sc, "TR"))
		out->doctype = STD_DOC_TR;
	else if (accept_word(&sc, "PAS"))
		out->doctype = STD_DOC_PAS;

	/* number and parts */
	v = read_number(&sc, 6);
	if (v <= 0)
	{
		snprintf(err, errlen, "Expected a standard number (1 to 999999) after the publishing body.");
		return -1;
	}
	out->number = (uint32_t) v;
	while (accept_char(&sc, '-'))
	{
		if (out->nparts >= STDREF_MAX_PARTS)
		{
			snprintf(err, errlen, "A standard reference has at most %d part numbers.", STDREF_MAX_PARTS);
			return -1;
		}
		v = read_number(&sc, 4);
		if (v <= 0)
		{
			snprintf(err, errlen, "Expected a part number (1 to 9999) after \"-\".");
			return -1;
		}
		out->parts[out->nparts++] = (uint16_t) v;
	}

	/* edition */
	if (accept_char(&sc, ':'))
	{
		if (read_year(&sc, &out->edition, "the edition", err, errlen) < 0)
			return -1;
	}

	/* amendments and corrigenda */
	while (accept_char(&sc, '/'))
	{
		StdAmd	   *a;

		if (out->edition == 0)
		{
			snprintf(err, errlen, "An amendment or corrigendum needs the edition it amends, as in \"ISO/IEC 27001:2022/Amd 1:2024\".");
			return -1;
		}
		if (out->namds >= STDREF_MAX_AMDS)
		{
			snprintf(err, errlen, "A standard reference has at most %d amendments and corrigenda.", STDREF_MAX_AMDS);
			return -1;
		}
		a = &out->amds[out->namds];
		skip_ws(&sc);
		if (accept_word(&sc, "AMENDMENT") || accept_word(&sc, "AMD"))
			a->kind = STD_AMD;
		else if (accept_word(&sc, "CORRIGENDUM") || accept_word(&sc, "COR"))
			a->kind = STD_COR;
		else if (strncmp(sc.s + sc.pos, "AMD", 3) == 0)
		{
			sc.pos += 3;		/* "AMD1" */
			a->kind = STD_AMD;
		}
		else if (strncmp(sc.s + sc.pos, "COR", 3) == 0)
		{
			sc.pos += 3;
			a->kind = STD_COR;
		}
		else
		{
			snprintf(err, errlen, "Expected \"Amd\" or \"Cor\" after \"/\".");
			return -1;
		}
		accept_char(&sc, '.');
		v = read_number(&sc, 3);
		if (v <= 0)
		{
			snprintf(err, errlen, "Expected the number of the amendment or corrigendum (1 to 999).");
			return -1;
		}
		a->number = (uint16_t) v;
		if (accept_char(&sc, ':'))
		{
			if (read_year(&sc, &a->year, "an amendment or corrigendum", err, errlen) < 0)
				return -1;
			if (a->year < out->edition)
			{
				snprintf(err, errlen, "An amendment or corrigendum cannot be older than the edition it amends.");
				return -1;
			}
		}
		out->namds++;
	}

	skip_ws(&sc);
	if (sc.s[sc.pos] != '\0')
	{
		snprintf(err, errlen, "Unexpected text at position %d of the normalized reference \"%.60s\".",
				 sc.pos + 1, buf);
		return -1;
	}
	return 0;
}

int
stdref_format(const StdRef *r, char *buf, size_t buflen)
{
	static const char *const doc[] = {"", "TS ", "TR ", "PAS "};
	int			n;
	int			i;

	switch (r->body)
	{
		case STD_BODY_ISO:
			n = snprintf(buf, buflen, "ISO ");
			break;
		case STD_BODY_IEC:
			n = snprintf(buf, buflen, "IEC ");
			break;
		case STD_BODY_ISO_IEC:
			n = snprintf(buf, buflen, "ISO/IEC ");
			break;
		case STD_BODY_JIS:
			n = snprintf(buf, buflen, "JIS %c ", r->division);
			break;
		default:
			n = snprintf(buf, buflen, "? ");
			break;
	}
	n += snprintf(buf + n, buflen - n, "%s%u", doc[r->doctype & 3], (unsigned) r->number);
	for (i = 0; i < r->nparts && i < STDREF_MAX_PARTS; i++)
		n += snprintf(buf + n, buflen - n, "-%u", (unsigned) r->parts[i]);
	if (r->edition)
		n += snprintf(buf + n, buflen - n, ":%u", (unsigned) r->edition);
	for (i = 0; i < r->namds && i < STDREF_MAX_AMDS; i++)
	{
		const StdAmd *a = &r->amds[i];

		n += snprintf(buf + n, buflen - n, "/%s %u", a->kind == STD_COR ? "Cor" : "Amd",
					  (unsigned) a->number);
		if (a->year)
			n += snprintf(buf + n, buflen - n, ":%u", (unsigned) a->year);
	}
	return n;
}

#define CMP(x, y) do { if ((x) != (y)) return (x) < (y) ? -1 : 1; } while (0)

static int
cmp_standard(const StdRef *a, const StdRef *b)
{
	int			i;

	CMP(a->number, b->number);
	for (i = 0; i < STDREF_MAX_PARTS; i++)
		CMP(a->parts[i], b->parts[i]);	/* absent parts are 0: sort first */
	CMP(a->body, b->body);
	CMP(a->division, b->division);
	CMP(a->doctype, b->doctype);
	return 0;
}

int
stdref_cmp(const StdRef *a, const StdRef *b)
{
	int			c = cmp_standard(a, b);
	int			i;

	if (c != 0)
		return c;
	CMP(a->edition, b->edition);
	for (i = 0; i < STDREF_MAX_AMDS; i++)
	{
		/* an absent amendment sorts before a present one */
		CMP(i < a->namds, i < b->namds);
		if (i >= a->namds)
			break;
		CMP(a->amds[i].year, b->amds[i].year);
		CMP(a->amds[i].kind, b->amds[i].kind);
		CMP(a->amds[i].number, b->amds[i].number);
	}
	return 0;
}

int
stdref_same_standard(const StdRef *a, const StdRef *b)
{
	return cmp_standard(a, b) == 0;
}
