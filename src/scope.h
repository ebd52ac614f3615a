/*-------------------------------------------------------------------------
 *
 * scope.h
 *	  Certification scopes: sets of scope elements, each a kind (site, unit,
 *	  service, role, ...) and a hierarchical path.  An element covers itself
 *	  and its descendants.  The parser, the canonicalizer, the formatter and
 *	  the set operations of the isms.scope type.
 *
 * Plain C without PostgreSQL dependencies and without memory allocation:
 * callers provide every buffer, so the same code runs in the server (with
 * palloc'd buffers) and in the fuzz harness (fuzz/fuzz_scope.c).
 *
 * Internal form of an element: the UTF-8 bytes
 *
 *	   kind SEP segment [SEP segment ...]
 *
 * where SEP is the byte 0x1F (ASCII unit separator).  Kinds are
 * [a-z][a-z0-9_]*; segments are non-empty, trimmed UTF-8 text without
 * control characters, so every byte of a kind or segment is >= 0x20 and SEP
 * is smaller than all of them.  Hence:
 *	- byte-wise comparison of two elements (memcmp, shorter first) orders
 *	  them by kind, then segment by segment, a path before its extensions;
 *	- A covers B iff A is a byte prefix of B followed in B by SEP or by
 *	  the end;
 *	- in that order, the descendants of an element follow it immediately,
 *	  so in a canonical (sorted, cover-free) list the only element that can
 *	  cover x is the greatest element <= x.
 *
 * A scope is a list of elements; canonical means sorted by that order,
 * without duplicates and without elements covered by another element.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ISMS_SCOPE_H
#define ISMS_SCOPE_H

#include <stddef.h>
#include <stdint.h>

#define SCOPE_SEP			'\x1F'	/* separator of the internal form */
#define SCOPE_MAX_ELEMS		256 /* elements of a scope (also as written) */
#define SCOPE_MAX_DEPTH		32	/* segments of a path */
#define SCOPE_MAX_KIND		63	/* bytes of a kind */
#define SCOPE_MAX_BYTES		(1024 * 1024)	/* bytes of all internal forms */
/*
 * Bytes of text input.  The canonical text of a scope is at most three
 * times its internal forms plus two bytes per element (quoting doubles
 * quotes), so every scope's output reads back in.
 */
#define SCOPE_MAX_INPUT		(4 * SCOPE_MAX_BYTES)
#define SCOPE_ERRLEN		160 /* room for an error message */

/* One element, in internal form; not NUL-terminated. */
typedef struct ScopeElem
{
	const char *s;
	uint32_t	len;
} ScopeElem;

/*
 * Parse text (UTF-8) into a canonical scope.  strbuf receives the internal
 * forms of the elements and needs at least len + 1 bytes; elems needs room
 * for SCOPE_MAX_ELEMS elements, which point into strbuf.  Returns the
 * number of elements of the canonical scope, or -1 with a message in err
 * (errlen >= SCOPE_ERRLEN recommended).
 */
extern int	scope_parse(const char *input, size_t len, char *strbuf,
						size_t strbuflen, ScopeElem *elems, char *err,
						size_t errlen);

/*
 * Canonical text of a canonical scope; like snprintf, returns the length
 * the full text needs (without the NUL) and writes at most buflen bytes
 * including the NUL.  "{kind:seg/seg, kind:seg}"; "{}" when empty.
 */
extern size_t scope_format(const ScopeElem *elems, int n, char *buf,
						   size_t buflen);

/*
 * The same for one element without its kind: "seg/seg" (quoting as in
 * scope_format).
 */
extern size_t scope_format_path(const ScopeElem *e, char *buf, size_t buflen);

/* Length of the kind of an element (the bytes before the first SEP). */
extern uint32_t scope_kind_len(const ScopeElem *e);

/* Number of segments of an element's path. */
extern int	scope_depth(const ScopeElem *e);

/*
 * Length of the internal form of the first d segments (1 <= d <= depth):
 * the element's ancestor (or itself) at depth d.
 */
extern uint32_t scope_prefix_len(const ScopeElem *e, int d);

/* Order of elements (<0, 0, >0), and covering (a covers b: 1, else 0). */
extern int	scope_elem_cmp(const ScopeElem *a, const ScopeElem *b);
extern int	scope_elem_covers(const ScopeElem *a, const ScopeElem *b);

/*
 * Sort, remove duplicates and covered elements, in place; returns the new
 * number of elements.
 */
extern int	scope_canonicalize(ScopeElem *elems, int n);

/* Is the list canonical (sorted, no duplicate, no covered element)? */
extern int	scope_is_canonical(const ScopeElem *elems, int n);

/* Index of the element of canonical a that covers x, or -1. */
extern int	scope_find_cover(const ScopeElem *a, int na, const ScopeElem *x);

/*
 * Relations and operations on canonical scopes.  Results are canonical and
 * point into the inputs; out needs room for na + nb elements (na for the
 * difference).  The result may exceed SCOPE_MAX_ELEMS: callers check.
 */
extern int	scope_cmp(const ScopeElem *a, int na, const ScopeElem *b, int nb);
extern int	scope_contains(const ScopeElem *a, int na, const ScopeElem *b, int nb);
extern int	scope_overlaps(const ScopeElem *a, int na, const ScopeElem *b, int nb);
extern int	scope_union(const ScopeElem *a, int na, const ScopeElem *b, int nb,
						ScopeElem *out);
extern int	scope_intersect(const ScopeElem *a, int na, const ScopeElem *b,
							int nb, ScopeElem *out);
extern int	scope_difference(const ScopeElem *a, int na, const ScopeElem *b,
							 int nb, ScopeElem *out);

#endif							/* ISMS_SCOPE_H */
