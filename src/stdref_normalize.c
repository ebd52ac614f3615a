/*-------------------------------------------------------------------------
 *
 * stdref_normalize.c
 *	  Normalization of standard references: UTF-8 in, full-width forms and
 *	  white space mapped, upper-case ASCII out, for the parser of
 *	  stdref_parse.c.
 *
 * No PostgreSQL headers: this file is also built into the fuzz harness.
 *
 *-------------------------------------------------------------------------
 */
#include "stdref_int.h"

#include <stdio.h>

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
int
stdref_normalize(const unsigned char *s, size_t len, char *out, char *err, size_t errlen)
{
	size_t		i = 0;
	int			n = 0;
	int			charpos = 0;
	Out			e;

	stdref_out_init(&e, err, errlen);
	while (i < len)
	{
		unsigned int cp = 0;
		int			w = decode_utf8(s, len, i, &cp);
		char		c;

		charpos++;
		if (w == 0)
		{
			stdref_out_printf(&e, "The text is not valid UTF-8 (byte 0x%02X at character %d).",
					   s[i], charpos);
			return -1;
		}
		i += (size_t) w;
		c = map_char(cp);
		if (c == 0)
		{
			if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
				stdref_out_printf(&e, "Unexpected control character U+%04X at character %d.",
						   cp, charpos);
			else
				stdref_out_printf(&e, "Unexpected character \"%.*s\" (U+%04X) at character %d: a standard reference is written in ASCII or full-width ASCII.",
						   w, (const char *) s + i - w, cp, charpos);
			return -1;
		}
		if (c == ' ' && (n == 0 || out[n - 1] == ' '))
			continue;
		if (n >= NORM_MAX)
		{
			stdref_out_printf(&e, "The text is too long for a standard reference (more than %d characters).",
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

