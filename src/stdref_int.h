/*-------------------------------------------------------------------------
 *
 * stdref_int.h
 *	  What the files of the standard-reference parser share privately:
 *	  bounded string building, the normalized input's limit, the JIS
 *	  division letters and the order of amendments.  Plain C, no PostgreSQL
 *	  headers (the fuzz harness builds these files alone).
 *
 *-------------------------------------------------------------------------
 */
#ifndef STDREF_INT_H
#define STDREF_INT_H

#include "stdref.h"

#include <stddef.h>

#if defined(__GNUC__) || defined(__clang__)
#define STDREF_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define STDREF_PRINTF(f, a)
#endif

/* Longest accepted input, in characters after white space is collapsed. */
#define NORM_MAX 200

/* Bounded string building: never overflows, always NUL-terminated. */
typedef struct Out
{
	char	   *buf;
	size_t		cap;
	size_t		len;
} Out;

extern void stdref_out_init(Out *o, char *buf, size_t cap);
extern void stdref_out_printf(Out *o, const char *fmt,...) STDREF_PRINTF(2, 3);

/* stdref_format.c: body and document type, "ISO/IEC TS", "ISO/TS", "JIS Q". */
extern void stdref_format_prefix(Out *o, const StdRef *r);

/* stdref_normalize.c: UTF-8 in, upper-case ASCII out (at most NORM_MAX). */
extern int	stdref_normalize(const unsigned char *s, size_t len, char *out,
							 char *err, size_t errlen);

/* stdref_parse.c */
extern const char stdref_jis_divisions[];

/* stdref_cmp.c */
extern int	stdref_cmp_amd(const StdAmd *a, const StdAmd *b);
extern int	stdref_amd_out_of_order(const StdAmd *a, const StdAmd *b);

static inline int
is_letter(char c)
{
	return c >= 'A' && c <= 'Z';
}

#endif							/* STDREF_INT_H */
