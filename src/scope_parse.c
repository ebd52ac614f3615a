/*-------------------------------------------------------------------------
 *
 * scope_parse.c
 *	  The parser of certification scopes: their text form read into the
 *	  internal form of scope.h (scope_set.c formats, canonicalizes and
 *	  combines them).
 *
 * Text form (UTF-8):
 *
 *	 [ { ] [ element { (, | ;) element } ] [ } ]
 *	 element	kind : segment { / segment }
 *	 kind		a letter, then letters, digits and "_" (case-insensitive)
 *	 segment	text without / , ; { } : " and control or invisible characters, or
 *				"quoted text" in which "" stands for one "
 *
 * e.g. "{site:Tokyo/Shinjuku HQ, service:cloud/IaaS, role:provider}".
 * White space around the punctuation is ignored; inside a segment it is
 * trimmed and each run becomes one space, quoted or not.  The ideographic
 * space U+3000, U+00A0 and the other Unicode space separators are white
 * space; invisible characters (format characters such as U+200B, line and
 * paragraph separators, Hangul fillers) are refused, so that scopes that
 * look alike are equal; the full-width solidus U+FF0F
 * and colon U+FF1A are "/" and ":"; full-width letters, digits and low
 * line are accepted in kinds.  The braces may be omitted, but a blank input
 * is an error (the empty scope is written "{}").  Segments keep their case.
 *
 * No PostgreSQL headers and no allocation: this file is also built into the
 * fuzz harness.
 *
 *-------------------------------------------------------------------------
 */
#include "scope.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Character classes of the scanner. */
typedef enum
{
	CH_END,						/* end of input */
	CH_WS,						/* white space */
	CH_PUNCT,					/* one of / , ; { } : " (in cp) */
	CH_TEXT						/* anything else that may appear in a segment */
} CharClass;

typedef struct Scanner
{
	const unsigned char *s;
	size_t		len;
	size_t		pos;			/* byte offset of the next character */
	char	   *out;			/* internal forms are written here */
	size_t		outcap;
	size_t		outlen;
	char	   *err;
	size_t		errlen;
	int			failed;
} Scanner;

/* A scanned character: class, normalized code point, width in bytes. */
typedef struct Char
{
	CharClass	cls;
	uint32_t	cp;
	int			w;
} Char;

#if defined(__GNUC__) || defined(__clang__)
static void fail(Scanner *sc, const char *fmt,...) __attribute__((format(printf, 2, 3)));
#endif

static void
fail(Scanner *sc, const char *fmt,...)
{
	va_list		ap;

	if (sc->failed)
		return;
	sc->failed = 1;
	if (sc->errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(sc->err, sc->errlen, fmt, ap);
	va_end(ap);
}

/* 1-based character position of byte offset pos, for messages. */
static int
char_pos(const Scanner *sc, size_t pos)
{
	size_t		i;
	int			n = 1;

	for (i = 0; i < pos && i < sc->len; i++)
		if ((sc->s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/*
 * Decode the UTF-8 character at byte i (strictly: no overlong forms, no
 * surrogates, nothing above U+10FFFF).  Returns its width, 0 if invalid.
 */
static int
decode_utf8(const unsigned char *s, size_t len, size_t i, uint32_t *cp)
{
	unsigned int c = s[i];
	size_t		left = len - i;

#define CONT(k) (left > (k) && (s[i + (k)] & 0xC0) == 0x80)
	if (c < 0x80)
	{
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF && CONT(1))
	{
		*cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
		return 2;
	}
	if (c >= 0xE0 && c <= 0xEF && CONT(1) && CONT(2))
	{
		*cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
		if (*cp < 0x800 || (*cp >= 0xD800 && *cp <= 0xDFFF))
			return 0;
		return 3;
	}
	if (c >= 0xF0 && c <= 0xF4 && CONT(1) && CONT(2) && CONT(3))
	{
		*cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) |
			((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
		if (*cp < 0x10000 || *cp > 0x10FFFF)
			return 0;
		return 4;
	}
#undef CONT
	return 0;
}

/*
 * White space: ASCII, the no-break and ideographic spaces, and the other
 * space separators of Unicode (category Zs: U+1680, U+2000..U+200A,
 * U+202F, U+205F), which look like a space and so count as one.
 */
static int
is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
		cp == '\f' || cp == '\v' || cp == 0x3000 || cp == 0xA0 ||
		cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
		cp == 0x205F;
}

/*
 * Characters that are not seen, or not seen as themselves, so that two
 * scopes differing only by them would look alike: the format characters
 * (Unicode 15 category Cf: the zero-width space, joiners and marks, the
 * soft hyphen, bidirectional controls, the byte order mark, invisible
 * operators, tags, ...), the line and paragraph separators (Zl, Zp), the
 * rest of U+2060..U+206F, and the Hangul fillers.  (Control characters,
 * Cc, are refused separately.)
 */
static int
is_invisible(uint32_t cp)
{
	if (cp < 0xAD)
		return 0;
	return cp == 0xAD ||
		(cp >= 0x600 && cp <= 0x605) || cp == 0x61C || cp == 0x6DD ||
		cp == 0x70F || cp == 0x890 || cp == 0x891 || cp == 0x8E2 ||
		cp == 0x115F || cp == 0x1160 || cp == 0x180E ||
		(cp >= 0x200B && cp <= 0x200F) ||
		(cp >= 0x2028 && cp <= 0x202E) ||
		(cp >= 0x2060 && cp <= 0x206F) ||
		cp == 0x3164 || cp == 0xFEFF || cp == 0xFFA0 ||
		(cp >= 0xFFF9 && cp <= 0xFFFB) ||
		cp == 0x110BD || cp == 0x110CD ||
		(cp >= 0x13430 && cp <= 0x1343F) ||
		(cp >= 0x1BCA0 && cp <= 0x1BCA3) ||
		(cp >= 0x1D173 && cp <= 0x1D17A) ||
		cp == 0xE0001 || (cp >= 0xE0020 && cp <= 0xE007F);
}

/*
 * Look at the next character without consuming it.  Invalid UTF-8,
 * control characters and invisible characters fail the scan (and are
 * reported as CH_END, so that every loop stops).
 */
static Char
peek(Scanner *sc)
{
	Char		c;

	c.cls = CH_END;
	c.cp = 0;
	c.w = 0;
	if (sc->failed || sc->pos >= sc->len)
		return c;
	c.w = decode_utf8(sc->s, sc->len, sc->pos, &c.cp);
	if (c.w == 0)
	{
		fail(sc, "Invalid UTF-8 byte 0x%02X at character %d.",
			 (unsigned) sc->s[sc->pos], char_pos(sc, sc->pos));
		c.cp = 0;
		return c;
	}
	if (c.cp == 0xFF0F)
		c.cp = '/';
	else if (c.cp == 0xFF1A)
		c.cp = ':';
	if (is_space(c.cp))
		c.cls = CH_WS;
	else if (c.cp < 0x20 || (c.cp >= 0x7F && c.cp <= 0x9F))
	{
		fail(sc, "Control character U+%04X at character %d is not allowed.",
			 (unsigned) c.cp, char_pos(sc, sc->pos));
		c.w = 0;
		return c;
	}
	else if (is_invisible(c.cp))
	{
		fail(sc, "Invisible character U+%04X at character %d is not allowed: scopes that look the same must be the same.",
			 (unsigned) c.cp, char_pos(sc, sc->pos));
		c.w = 0;
		return c;
	}
	else if (c.cp == '/' || c.cp == ',' || c.cp == ';' || c.cp == '{' ||
			 c.cp == '}' || c.cp == ':' || c.cp == '"')
		c.cls = CH_PUNCT;
	else
		c.cls = CH_TEXT;
	return c;
}

static void
advance(Scanner *sc, const Char *c)
{
	sc->pos += (size_t) c->w;
}

static void
skip_ws(Scanner *sc)
{
	for (;;)
	{
		Char		c = peek(sc);

		if (c.cls != CH_WS)
			return;
		advance(sc, &c);
	}
}

static int
is_punct(const Char *c, char p)
{
	return c->cls == CH_PUNCT && c->cp == (uint32_t) (unsigned char) p;
}

static void
emit(Scanner *sc, const char *bytes, size_t n)
{
	if (sc->failed)
		return;
	if (sc->outlen + n > sc->outcap)
	{
		fail(sc, "Scope buffer too small (internal error).");
		return;
	}
	memcpy(sc->out + sc->outlen, bytes, n);
	sc->outlen += n;
}

/* Emit a segment character: the normalized ASCII form or the input bytes. */
static void
emit_char(Scanner *sc, const Char *c)
{
	if (c->cp < 0x80)
	{
		char		b = (char) c->cp;

		emit(sc, &b, 1);
	}
	else
		emit(sc, (const char *) sc->s + sc->pos, (size_t) c->w);
}

/* Kind characters: ASCII or full-width letters, digits and low line. */
static int
kind_char(const Char *c, char *ascii)
{
	uint32_t	cp = c->cp;

	if (c->cls != CH_TEXT)
		return 0;
	if (cp >= 0xFF10 && cp <= 0xFF5E)
		cp = cp - 0xFF01 + 0x21;	/* full-width ASCII */
	if (cp >= 'A' && cp <= 'Z')
		cp += 'a' - 'A';
	if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '_')
	{
		*ascii = (char) cp;
		return 1;
	}
	return 0;
}

/*
 * One segment: leading white space is already skipped.  Writes the
 * normalized text; fails if it is empty.
 */
static void
parse_segment(Scanner *sc)
{
	size_t		start = sc->outlen;
	size_t		begin = sc->pos;
	int			pending = 0;	/* white space seen since the last text */
	Char		c = peek(sc);

	if (is_punct(&c, '"'))
	{
		advance(sc, &c);
		for (;;)
		{
			c = peek(sc);
			if (sc->failed)
				return;
			if (c.cls == CH_END)
			{
				fail(sc, "Unterminated quoted segment starting at character %d.",
					 char_pos(sc, begin));
				return;
			}
			if (is_punct(&c, '"'))
			{
				Char		d;

				advance(sc, &c);
				d = peek(sc);
				if (!is_punct(&d, '"'))
					break;		/* the closing quote */
				/* "" stands for one quote: emit the second one below */
				c = d;
			}
			if (c.cls == CH_WS)
				pending = sc->outlen > start;
			else
			{
				if (pending)
					emit(sc, " ", 1);
				pending = 0;
				emit_char(sc, &c);
			}
			advance(sc, &c);
		}
		skip_ws(sc);
		c = peek(sc);
		if (!sc->failed && c.cls != CH_END && !is_punct(&c, '/') &&
			!is_punct(&c, ',') && !is_punct(&c, ';') && !is_punct(&c, '}'))
		{
			fail(sc, "Unexpected text after the quoted segment at character %d.",
				 char_pos(sc, sc->pos));
			return;
		}
	}
	else
	{
		for (;;)
		{
			c = peek(sc);
			if (c.cls == CH_END || c.cls == CH_PUNCT)
				break;
			if (c.cls == CH_WS)
				pending = sc->outlen > start;
			else
			{
				if (pending)
					emit(sc, " ", 1);
				pending = 0;
				emit_char(sc, &c);
			}
			advance(sc, &c);
		}
		if (sc->failed)
			return;
		if (is_punct(&c, '"'))
		{
			fail(sc, "A double quote at character %d: quotes must enclose a whole segment.",
				 char_pos(sc, sc->pos));
			return;
		}
		if (is_punct(&c, ':') || is_punct(&c, '{'))
		{
			fail(sc, "\"%c\" at character %d is not allowed in a segment; quote the segment (\"...\") to include it.",
				 (char) c.cp, char_pos(sc, sc->pos));
			return;
		}
	}
	if (sc->failed)
		return;
	if (sc->outlen == start)
		fail(sc, "Empty path segment at character %d.", char_pos(sc, begin));
}

/* One element, at the current position (after white space). */
static void
parse_element(Scanner *sc, ScopeElem *e)
{
	size_t		start = sc->outlen;
	size_t		begin = sc->pos;
	int			depth = 0;
	Char		c = peek(sc);
	char		a;

	if (sc->failed)
		return;
	if (c.cls == CH_END || is_punct(&c, ',') || is_punct(&c, ';') ||
		is_punct(&c, '}'))
	{
		fail(sc, "Empty element at character %d.", char_pos(sc, begin));
		return;
	}
	if (!kind_char(&c, &a) || !(a >= 'a' && a <= 'z'))
	{
		fail(sc, "Expected a kind (a name such as site, unit or service) at character %d; an element is written kind:path, as in site:Tokyo/HQ.",
			 char_pos(sc, begin));
		return;
	}
	while (kind_char(&c, &a))
	{
		if (sc->outlen - start >= SCOPE_MAX_KIND)
		{
			fail(sc, "The kind at character %d is longer than %d characters.",
				 char_pos(sc, begin), SCOPE_MAX_KIND);
			return;
		}
		emit(sc, &a, 1);
		advance(sc, &c);
		c = peek(sc);
	}
	skip_ws(sc);
	c = peek(sc);
	if (sc->failed)
		return;
	if (!is_punct(&c, ':'))
	{
		fail(sc, "Expected \":\" after the kind \"%.*s\" at character %d (an element is written kind:path, as in site:Tokyo/HQ).",
			 (int) (sc->outlen - start), sc->out + start, char_pos(sc, sc->pos));
		return;
	}
	advance(sc, &c);
	for (;;)
	{
		if (depth >= SCOPE_MAX_DEPTH)
		{
			fail(sc, "The path of the element at character %d has more than %d segments.",
				 char_pos(sc, begin), SCOPE_MAX_DEPTH);
			return;
		}
		emit(sc, "\x1F", 1);
		skip_ws(sc);
		parse_segment(sc);
		if (sc->failed)
			return;
		depth++;
		skip_ws(sc);
		c = peek(sc);
		if (!is_punct(&c, '/'))
			break;
		advance(sc, &c);
	}
	if (sc->failed)
		return;
	e->s = sc->out + start;
	e->len = (uint32_t) (sc->outlen - start);
}

int
scope_parse(const char *input, size_t len, char *strbuf, size_t strbuflen,
			ScopeElem *elems, char *err, size_t errlen)
{
	Scanner		sc;
	int			n = 0;
	int			braces = 0;
	Char		c;
	size_t		total = 0;
	int			i;

	if (errlen > 0)
		err[0] = '\0';
	if (len > SCOPE_MAX_INPUT)
	{
		if (errlen > 0)
			snprintf(err, errlen, "A scope is written in at most %d bytes.", SCOPE_MAX_INPUT);
		return -1;
	}
	sc.s = (const unsigned char *) input;
	sc.len = len;
	sc.pos = 0;
	sc.out = strbuf;
	sc.outcap = strbuflen;
	sc.outlen = 0;
	sc.err = err;
	sc.errlen = errlen;
	sc.failed = 0;

	skip_ws(&sc);
	c = peek(&sc);
	if (is_punct(&c, '{'))
	{
		braces = 1;
		advance(&sc, &c);
		skip_ws(&sc);
		c = peek(&sc);
	}
	if (!sc.failed && c.cls == CH_END)
	{
		fail(&sc, braces ? "Missing \"}\" at the end of the scope." :
			 "The scope is blank; write {} for the empty scope.");
		return -1;
	}
	if (!(braces && is_punct(&c, '}')))
	{
		for (;;)
		{
			if (n >= SCOPE_MAX_ELEMS)
			{
				fail(&sc, "A scope has at most %d elements.", SCOPE_MAX_ELEMS);
				return -1;
			}
			skip_ws(&sc);
			parse_element(&sc, &elems[n]);
			if (sc.failed)
				return -1;
			n++;
			skip_ws(&sc);
			c = peek(&sc);
			if (!is_punct(&c, ',') && !is_punct(&c, ';'))
				break;
			advance(&sc, &c);
		}
	}
	if (sc.failed)
		return -1;
	c = peek(&sc);
	if (braces)
	{
		if (!is_punct(&c, '}'))
		{
			if (sc.failed)
				return -1;
			if (c.cls == CH_END)
				fail(&sc, "Missing \"}\" at the end of the scope.");
			else
				fail(&sc, "Expected \",\" or \"}\" at character %d.",
					 char_pos(&sc, sc.pos));
			return -1;
		}
		advance(&sc, &c);
		skip_ws(&sc);
		c = peek(&sc);
	}
	if (!sc.failed && c.cls != CH_END)
	{
		if (braces)
			fail(&sc, "Unexpected text after \"}\" at character %d.",
				 char_pos(&sc, sc.pos));
		else
			fail(&sc, "Expected \",\" or the end of the scope at character %d.",
				 char_pos(&sc, sc.pos));
	}
	if (sc.failed)
		return -1;
	n = scope_canonicalize(elems, n);
	for (i = 0; i < n; i++)
		total += elems[i].len;
	if (total > SCOPE_MAX_BYTES)
	{
		fail(&sc, "The elements of a scope hold at most %d bytes (here %zu).",
			 SCOPE_MAX_BYTES, total);
		return -1;
	}
	return n;
}
