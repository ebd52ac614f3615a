/*-------------------------------------------------------------------------
 *
 * scope_set.c
 *	  The canonical form of certification scopes and their set operations:
 *	  formatting, the order and covering of elements, canonicalization,
 *	  comparison, containment, overlap, union, intersection and difference
 *	  (see scope.h for the internal form; scope_parse.c reads the text
 *	  form).
 *
 * No PostgreSQL headers and no allocation: this file is also built into the
 * fuzz harness.
 *
 *-------------------------------------------------------------------------
 */
#include "scope.h"

#include <stdlib.h>
#include <string.h>

/* ----------------------------------------------------------------
 * Formatting
 * ----------------------------------------------------------------
 */

typedef struct Writer
{
	char	   *buf;
	size_t		cap;
	size_t		n;
} Writer;

static void
put(Writer *w, const char *s, size_t n)
{
	if (w->n < w->cap)
	{
		size_t		room = w->cap - w->n;

		memcpy(w->buf + w->n, s, n < room ? n : room);
	}
	w->n += n;
}

static void
finish(Writer *w)
{
	if (w->cap > 0)
		w->buf[w->n < w->cap ? w->n : w->cap - 1] = '\0';
}

static int
needs_quotes(const char *s, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
	{
		switch (s[i])
		{
			case '/':
			case ',':
			case ';':
			case '{':
			case '}':
			case ':':
			case '"':
				return 1;
			default:
				break;
		}
	}
	return 0;
}

static void
put_segment(Writer *w, const char *s, size_t n)
{
	size_t		i;

	if (!needs_quotes(s, n))
	{
		put(w, s, n);
		return;
	}
	put(w, "\"", 1);
	for (i = 0; i < n; i++)
	{
		if (s[i] == '"')
			put(w, "\"", 1);
		put(w, s + i, 1);
	}
	put(w, "\"", 1);
}

/* The path of e (after its kind), segments separated by "/". */
static void
put_path(Writer *w, const ScopeElem *e)
{
	uint32_t	i = scope_kind_len(e);

	while (i < e->len)
	{
		uint32_t	j = i + 1;		/* skip the SEP */

		while (j < e->len && e->s[j] != SCOPE_SEP)
			j++;
		if (i > scope_kind_len(e))
			put(w, "/", 1);
		put_segment(w, e->s + i + 1, j - i - 1);
		i = j;
	}
}

size_t
scope_format(const ScopeElem *elems, int n, char *buf, size_t buflen)
{
	Writer		w;
	int			i;

	w.buf = buf;
	w.cap = buflen;
	w.n = 0;
	put(&w, "{", 1);
	for (i = 0; i < n; i++)
	{
		if (i > 0)
			put(&w, ", ", 2);
		put(&w, elems[i].s, scope_kind_len(&elems[i]));
		put(&w, ":", 1);
		put_path(&w, &elems[i]);
	}
	put(&w, "}", 1);
	finish(&w);
	return w.n;
}

size_t
scope_format_path(const ScopeElem *e, char *buf, size_t buflen)
{
	Writer		w;

	w.buf = buf;
	w.cap = buflen;
	w.n = 0;
	put_path(&w, e);
	finish(&w);
	return w.n;
}

/* ----------------------------------------------------------------
 * Elements
 * ----------------------------------------------------------------
 */

uint32_t
scope_kind_len(const ScopeElem *e)
{
	const char *p = memchr(e->s, SCOPE_SEP, e->len);

	return p ? (uint32_t) (p - e->s) : e->len;
}

int
scope_depth(const ScopeElem *e)
{
	uint32_t	i;
	int			d = 0;

	for (i = 0; i < e->len; i++)
		if (e->s[i] == SCOPE_SEP)
			d++;
	return d;
}

uint32_t
scope_prefix_len(const ScopeElem *e, int d)
{
	uint32_t	i;
	int			seps = 0;

	for (i = 0; i < e->len; i++)
		if (e->s[i] == SCOPE_SEP && ++seps > d)
			return i;
	return e->len;
}

int
scope_elem_cmp(const ScopeElem *a, const ScopeElem *b)
{
	uint32_t	n = a->len < b->len ? a->len : b->len;
	int			c = n > 0 ? memcmp(a->s, b->s, n) : 0;

	if (c != 0)
		return c < 0 ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return 0;
}

int
scope_elem_covers(const ScopeElem *a, const ScopeElem *b)
{
	if (a->len > b->len)
		return 0;
	if (a->len > 0 && memcmp(a->s, b->s, a->len) != 0)
		return 0;
	return a->len == b->len || b->s[a->len] == SCOPE_SEP;
}

static int
elem_qsort_cmp(const void *a, const void *b)
{
	return scope_elem_cmp((const ScopeElem *) a, (const ScopeElem *) b);
}

/* Drop duplicates and covered elements of a sorted list, in place. */
static int
drop_covered(ScopeElem *e, int n)
{
	int			i;
	int			k = 0;

	for (i = 0; i < n; i++)
		if (k == 0 || !scope_elem_covers(&e[k - 1], &e[i]))
			e[k++] = e[i];
	return k;
}

int
scope_canonicalize(ScopeElem *elems, int n)
{
	if (n > 1)
		qsort(elems, (size_t) n, sizeof(ScopeElem), elem_qsort_cmp);
	return drop_covered(elems, n);
}

int
scope_is_canonical(const ScopeElem *elems, int n)
{
	int			i;

	for (i = 1; i < n; i++)
		if (scope_elem_cmp(&elems[i - 1], &elems[i]) >= 0 ||
			scope_elem_covers(&elems[i - 1], &elems[i]))
			return 0;
	return 1;
}

int
scope_find_cover(const ScopeElem *a, int na, const ScopeElem *x)
{
	int			lo = 0;
	int			hi = na;		/* a[0..lo) <= x < a[hi..na) */

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (scope_elem_cmp(&a[mid], x) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && scope_elem_covers(&a[lo - 1], x))
		return lo - 1;
	return -1;
}

/* ----------------------------------------------------------------
 * Scopes
 * ----------------------------------------------------------------
 */

int
scope_cmp(const ScopeElem *a, int na, const ScopeElem *b, int nb)
{
	int			i;

	for (i = 0; i < na && i < nb; i++)
	{
		int			c = scope_elem_cmp(&a[i], &b[i]);

		if (c != 0)
			return c;
	}
	if (na != nb)
		return na < nb ? -1 : 1;
	return 0;
}

int
scope_contains(const ScopeElem *a, int na, const ScopeElem *b, int nb)
{
	int			i;

	for (i = 0; i < nb; i++)
		if (scope_find_cover(a, na, &b[i]) < 0)
			return 0;
	return 1;
}

int
scope_overlaps(const ScopeElem *a, int na, const ScopeElem *b, int nb)
{
	int			i;

	for (i = 0; i < nb; i++)
		if (scope_find_cover(a, na, &b[i]) >= 0)
			return 1;
	for (i = 0; i < na; i++)
		if (scope_find_cover(b, nb, &a[i]) >= 0)
			return 1;
	return 0;
}

/* Merge two sorted lists into out, then drop duplicates and covered. */
static int
merge(const ScopeElem *a, int na, const ScopeElem *b, int nb, ScopeElem *out)
{
	int			i = 0;
	int			j = 0;
	int			k = 0;

	while (i < na || j < nb)
	{
		if (j >= nb || (i < na && scope_elem_cmp(&a[i], &b[j]) <= 0))
			out[k++] = a[i++];
		else
			out[k++] = b[j++];
	}
	return drop_covered(out, k);
}

int
scope_union(const ScopeElem *a, int na, const ScopeElem *b, int nb,
			ScopeElem *out)
{
	return merge(a, na, b, nb, out);
}

/*
 * For each pair of elements of which one covers the other, the more
 * specific one: the elements of b covered by a, and those of a covered by
 * b; then sorted, without duplicates (an element of both a and b).
 */
int
scope_intersect(const ScopeElem *a, int na, const ScopeElem *b, int nb,
				ScopeElem *out)
{
	int			k = 0;
	int			i;

	for (i = 0; i < nb; i++)
		if (scope_find_cover(a, na, &b[i]) >= 0)
			out[k++] = b[i];
	for (i = 0; i < na; i++)
		if (scope_find_cover(b, nb, &a[i]) >= 0)
			out[k++] = a[i];
	return scope_canonicalize(out, k);
}

int
scope_difference(const ScopeElem *a, int na, const ScopeElem *b, int nb,
				 ScopeElem *out)
{
	int			i;
	int			k = 0;

	for (i = 0; i < na; i++)
		if (scope_find_cover(b, nb, &a[i]) < 0)
			out[k++] = a[i];
	return k;
}
