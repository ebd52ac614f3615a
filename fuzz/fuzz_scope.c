/*-------------------------------------------------------------------------
 *
 * fuzz_scope.c
 *	  libFuzzer harness of the certification-scope parser (src/scope_parse.c).
 *
 * Build and run (from the repository root):
 *
 *	 clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *		 fuzz/fuzz_scope.c src/scope_parse.c src/scope_set.c -o /tmp/fuzz_scope
 *	 /tmp/fuzz_scope -max_total_time=120
 *
 * Without libFuzzer (any C compiler), -DSCOPE_FUZZ_STANDALONE gives a main
 * that runs the checks on the files named on the command line.
 *
 * The input is split at its first NUL byte into two texts a and b (without
 * a NUL, b is a again).  Each is parsed; whatever the input, the parser must
 * either fail with a message or return a canonical scope.  For scopes that
 * parse, the harness checks:
 *	- the formatted text holds none of the common invisible characters;
 *	- format, then parse again, gives the same scope, and formatting that
 *	  gives the same text (canonical(parse(format(x))) == x);
 *	- each element's path, formatted alone and prefixed with its kind,
 *	  parses to that element;
 *	- the relations agree with brute force (every pair of elements);
 *	- union, intersection and difference are canonical, and
 *	  (a+b) @> a, (a+b) @> b, a @> a*b, b @> a*b, a @> a-b,
 *	  a @> b <=> a+b = a <=> a*b = b <=> b-a = {},
 *	  a && b <=> a*b <> {}, (a-b) + (a*b) = a,
 *	  no element of a-b is covered by b,
 *	  a @> b and b @> a <=> a = b, and the order is antisymmetric.
 * A failed check aborts, which libFuzzer reports as a crash.
 *
 *-------------------------------------------------------------------------
 */
#include "scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "check failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

/* A parsed scope with its buffers. */
typedef struct Parsed
{
	char	   *buf;
	ScopeElem	e[SCOPE_MAX_ELEMS];
	int			n;
} Parsed;

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
parse(const char *s, size_t len, Parsed *p)
{
	char		err[SCOPE_ERRLEN];

	p->buf = malloc(len + 1);
	CHECK(p->buf != NULL);
	err[0] = 'x';
	p->n = scope_parse(s, len, p->buf, len + 1, p->e, err, sizeof(err));
	if (p->n < 0)
	{
		/* a failure always comes with a message */
		CHECK(err[0] != '\0' && err[0] != 'x');
		CHECK(strlen(err) < sizeof(err));
	}
	else
		CHECK(p->n <= SCOPE_MAX_ELEMS);
	return p->n;
}

static char *
format(const ScopeElem *e, int n, size_t *len)
{
	size_t		need = scope_format(e, n, NULL, 0);
	char	   *buf = malloc(need + 1);
	size_t		got;

	CHECK(buf != NULL);
	got = scope_format(e, n, buf, need + 1);
	CHECK(got == need);
	CHECK(strlen(buf) == need);
	/* a too small buffer is filled, NUL-terminated, and not overrun */
	if (need > 2)
	{
		char		small[4];

		CHECK(scope_format(e, n, small, sizeof(small)) == need);
		CHECK(small[3] == '\0');
	}
	/* no invisible character survives: U+00AD, U+200B..U+200F, U+2060, U+FEFF */
	CHECK(strstr(buf, "\xC2\xAD") == NULL);
	CHECK(strstr(buf, "\xE2\x80\x8B") == NULL && strstr(buf, "\xE2\x80\x8C") == NULL &&
		  strstr(buf, "\xE2\x80\x8D") == NULL && strstr(buf, "\xE2\x80\x8E") == NULL &&
		  strstr(buf, "\xE2\x80\x8F") == NULL);
	CHECK(strstr(buf, "\xE2\x81\xA0") == NULL && strstr(buf, "\xEF\xBB\xBF") == NULL);
	*len = need;
	return buf;
}

/* Brute force: some element of a covers x. */
static int
naive_covered(const ScopeElem *a, int na, const ScopeElem *x)
{
	int			i;

	for (i = 0; i < na; i++)
		if (scope_elem_covers(&a[i], x))
			return 1;
	return 0;
}

static int
naive_contains(const ScopeElem *a, int na, const ScopeElem *b, int nb)
{
	int			i;

	for (i = 0; i < nb; i++)
		if (!naive_covered(a, na, &b[i]))
			return 0;
	return 1;
}

static int
naive_overlaps(const ScopeElem *a, int na, const ScopeElem *b, int nb)
{
	int			i;
	int			j;

	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if (scope_elem_covers(&a[i], &b[j]) || scope_elem_covers(&b[j], &a[i]))
				return 1;
	return 0;
}

static void
check_element(const ScopeElem *e)
{
	uint32_t	klen = scope_kind_len(e);
	int			depth = scope_depth(e);
	size_t		plen = scope_format_path(e, NULL, 0);
	char	   *text = malloc(klen + 1 + plen + 1);
	Parsed		p;
	int			d;

	CHECK(text != NULL);
	CHECK(klen >= 1 && klen <= SCOPE_MAX_KIND && klen < e->len);
	CHECK(e->s[0] >= 'a' && e->s[0] <= 'z');
	CHECK(depth >= 1 && depth <= SCOPE_MAX_DEPTH);
	CHECK(e->s[e->len - 1] != SCOPE_SEP);
	for (d = 1; d <= depth; d++)
	{
		ScopeElem	anc;

		anc.s = e->s;
		anc.len = scope_prefix_len(e, d);
		CHECK(scope_depth(&anc) == d);
		CHECK(scope_elem_covers(&anc, e));
		CHECK(d == depth ? anc.len == e->len : anc.len < e->len);
		CHECK(scope_elem_cmp(&anc, e) <= 0);
	}
	memcpy(text, e->s, klen);
	text[klen] = ':';
	CHECK(scope_format_path(e, text + klen + 1, plen + 1) == plen);
	CHECK(parse(text, klen + 1 + plen, &p) == 1);
	CHECK(p.e[0].len == e->len && memcmp(p.e[0].s, e->s, e->len) == 0);
	free(p.buf);
	free(text);
}

static void
check_scope(const Parsed *p)
{
	size_t		len;
	size_t		len2;
	char	   *text = format(p->e, p->n, &len);
	char	   *text2;
	Parsed		q;
	int			i;
	size_t		internal = 0;

	CHECK(scope_is_canonical(p->e, p->n));
	for (i = 0; i < p->n; i++)
	{
		check_element(&p->e[i]);
		internal += p->e[i].len;
	}
	/* the output always reads back in */
	CHECK(internal <= SCOPE_MAX_BYTES);
	CHECK(len <= 3 * internal + 2 * (size_t) p->n + 2);
	CHECK(len <= SCOPE_MAX_INPUT);
	/* round trip */
	CHECK(parse(text, len, &q) == p->n);
	CHECK(scope_cmp(p->e, p->n, q.e, q.n) == 0);
	text2 = format(q.e, q.n, &len2);
	CHECK(len2 == len && memcmp(text, text2, len) == 0);
	free(text2);
	free(q.buf);
	free(text);
}

static void
check_pair(const Parsed *a, const Parsed *b)
{
	ScopeElem	u[2 * SCOPE_MAX_ELEMS];
	ScopeElem	x[2 * SCOPE_MAX_ELEMS];
	ScopeElem	d[SCOPE_MAX_ELEMS];
	ScopeElem	d2[SCOPE_MAX_ELEMS];
	ScopeElem	r[2 * SCOPE_MAX_ELEMS];
	int			nu;
	int			nx;
	int			nd;
	int			nd2;
	int			nr;
	int			contains = scope_contains(a->e, a->n, b->e, b->n);
	int			contained = scope_contains(b->e, b->n, a->e, a->n);
	int			overlaps = scope_overlaps(a->e, a->n, b->e, b->n);
	int			c1 = scope_cmp(a->e, a->n, b->e, b->n);
	int			c2 = scope_cmp(b->e, b->n, a->e, a->n);
	int			i;

	/* relations against brute force */
	CHECK(contains == naive_contains(a->e, a->n, b->e, b->n));
	CHECK(contained == naive_contains(b->e, b->n, a->e, a->n));
	CHECK(overlaps == naive_overlaps(a->e, a->n, b->e, b->n));
	CHECK(overlaps == scope_overlaps(b->e, b->n, a->e, a->n));
	for (i = 0; i < b->n; i++)
	{
		int			k = scope_find_cover(a->e, a->n, &b->e[i]);

		CHECK((k >= 0) == naive_covered(a->e, a->n, &b->e[i]));
		CHECK(k < 0 || scope_elem_covers(&a->e[k], &b->e[i]));
	}

	/* order */
	CHECK((c1 < 0 && c2 > 0) || (c1 > 0 && c2 < 0) || (c1 == 0 && c2 == 0));
	CHECK((c1 == 0) == (contains && contained));

	/* union */
	nu = scope_union(a->e, a->n, b->e, b->n, u);
	CHECK(nu >= 0 && nu <= a->n + b->n);
	CHECK(scope_is_canonical(u, nu));
	CHECK(scope_contains(u, nu, a->e, a->n));
	CHECK(scope_contains(u, nu, b->e, b->n));
	for (i = 0; i < nu; i++)
		CHECK(naive_covered(a->e, a->n, &u[i]) || naive_covered(b->e, b->n, &u[i]));
	CHECK(contains == (scope_cmp(u, nu, a->e, a->n) == 0));

	/* intersection */
	nx = scope_intersect(a->e, a->n, b->e, b->n, x);
	CHECK(nx >= 0 && nx <= a->n + b->n);
	CHECK(scope_is_canonical(x, nx));
	CHECK(scope_contains(a->e, a->n, x, nx));
	CHECK(scope_contains(b->e, b->n, x, nx));
	CHECK(overlaps == (nx > 0));
	CHECK(contains == (scope_cmp(x, nx, b->e, b->n) == 0));
	nr = scope_intersect(b->e, b->n, a->e, a->n, r);
	CHECK(scope_cmp(x, nx, r, nr) == 0);	/* commutative */

	/* difference */
	nd = scope_difference(a->e, a->n, b->e, b->n, d);
	CHECK(nd >= 0 && nd <= a->n);
	CHECK(scope_is_canonical(d, nd));
	CHECK(scope_contains(a->e, a->n, d, nd));
	CHECK(contained == (nd == 0));
	for (i = 0; i < nd; i++)
		CHECK(!naive_covered(b->e, b->n, &d[i]));
	nd2 = scope_difference(b->e, b->n, a->e, a->n, d2);
	CHECK(contains == (nd2 == 0));

	/* (a - b) + (a * b) = a */
	nr = scope_union(d, nd, x, nx, r);
	CHECK(scope_cmp(r, nr, a->e, a->n) == 0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *) data;
	const char *nul = memchr(s, '\0', size);
	size_t		alen = nul ? (size_t) (nul - s) : size;
	Parsed		a;
	Parsed		b;
	int			ra;
	int			rb;

	/* Also the whole input, NUL and all: must fail cleanly or parse. */
	if (nul)
	{
		Parsed		w;

		if (parse(s, size, &w) >= 0)
			check_scope(&w);
		free(w.buf);
	}
	ra = parse(s, alen, &a);
	if (nul)
		rb = parse(nul + 1, size - alen - 1, &b);
	else
		rb = parse(s, alen, &b);
	if (ra >= 0)
		check_scope(&a);
	if (rb >= 0 && nul)
		check_scope(&b);
	if (ra >= 0 && rb >= 0)
	{
		check_pair(&a, &b);
		check_pair(&b, &a);
		check_pair(&a, &a);
	}
	free(a.buf);
	free(b.buf);
	return 0;
}

#ifdef SCOPE_FUZZ_STANDALONE
int
main(int argc, char **argv)
{
	int			i;

	for (i = 1; i < argc; i++)
	{
		FILE	   *f = fopen(argv[i], "rb");
		char	   *buf;
		long		n;

		if (f == NULL)
		{
			perror(argv[i]);
			return 1;
		}
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		fseek(f, 0, SEEK_SET);
		buf = malloc((size_t) n + 1);
		if (buf == NULL || fread(buf, 1, (size_t) n, f) != (size_t) n)
		{
			fprintf(stderr, "%s: read error\n", argv[i]);
			return 1;
		}
		fclose(f);
		LLVMFuzzerTestOneInput((const uint8_t *) buf, (size_t) n);
		free(buf);
	}
	printf("%d inputs checked\n", argc - 1);
	return 0;
}
#endif
