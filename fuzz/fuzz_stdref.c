/*-------------------------------------------------------------------------
 *
 * fuzz_stdref.c
 *	  libFuzzer harness of the standard-reference parser (src/stdref_parse.c).
 *
 * Build and run (doc/stdref.md):
 *
 *	 clang -g -O1 -fsanitize=fuzzer,address,undefined -Isrc \
 *		 fuzz/fuzz_stdref.c src/stdref_parse.c src/stdref_normalize.c \
 *		 src/stdref_format.c src/stdref_cmp.c -o /tmp/fuzz_stdref
 *	 /tmp/fuzz_stdref -max_total_time=120 /tmp/stdref_corpus
 *
 * For each input:
 *	- the whole input is parsed; any byte sequence must end in success or
 *	  in a non-empty message, within bounds (ASan, UBSan);
 *	- a parsed value is valid (stdref_is_valid), its canonical text is
 *	  printable ASCII and parses back to the same bytes (cmp == 0), and
 *	  formatting is idempotent; the standard alone parses back to
 *	  stdref_without_edition();
 *	- the input is also split at '|' into up to three references; on the
 *	  ones that parse, the order is checked: reflexive, antisymmetric,
 *	  transitive, cmp == 0 exactly when the bytes are equal (so hashing the
 *	  bytes agrees with equality), and the same-standard test is an
 *	  equivalence consistent with the order.
 *
 * With -DSTDREF_FUZZ_MAIN it builds without libFuzzer and runs the files
 * named on the command line (to replay a crash with any compiler).
 *
 *-------------------------------------------------------------------------
 */
#include "stdref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) \
	do { \
		if (!(cond)) \
		{ \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
			abort(); \
		} \
	} while (0)

static int
sign(int x)
{
	return (x > 0) - (x < 0);
}

/* Checks on one successfully parsed value. */
static void
check_value(const StdRef *r)
{
	char		text[STDREF_TEXT_MAX];
	char		text2[STDREF_TEXT_MAX];
	char		std[STDREF_TEXT_MAX];
	char		err[STDREF_ERR_MAX];
	StdRef		r2;
	StdRef		undated;
	StdRef		parsed_std;
	int			n;
	int			i;

	CHECK(stdref_is_valid(r));
	CHECK(stdref_cmp(r, r) == 0);
	CHECK(stdref_same_standard(r, r));

	/* canonical text: printable ASCII, fits, parses back to the same bytes */
	n = stdref_format(r, text, sizeof(text));
	CHECK(n > 0 && n < STDREF_TEXT_MAX && (size_t) n == strlen(text));
	for (i = 0; i < n; i++)
		CHECK(text[i] >= 0x20 && text[i] <= 0x7E);
	CHECK(text[0] != ' ' && text[n - 1] != ' ');
	if (stdref_parse(text, (size_t) n, &r2, err, sizeof(err)) != 0)
	{
		fprintf(stderr, "canonical text \"%s\" does not parse: %s\n", text, err);
		abort();
	}
	CHECK(memcmp(r, &r2, sizeof(StdRef)) == 0);
	CHECK(stdref_cmp(r, &r2) == 0 && stdref_cmp(&r2, r) == 0);
	CHECK(stdref_format(&r2, text2, sizeof(text2)) == n);
	CHECK(strcmp(text, text2) == 0);

	/* the standard alone is the undated reference */
	stdref_without_edition(r, &undated);
	CHECK(stdref_is_valid(&undated));
	CHECK(stdref_same_standard(r, &undated));
	CHECK(stdref_cmp(&undated, r) <= 0);
	n = stdref_format_standard(r, std, sizeof(std));
	CHECK(n > 0 && (size_t) n == strlen(std));
	CHECK(stdref_parse(std, (size_t) n, &parsed_std, err, sizeof(err)) == 0);
	CHECK(memcmp(&parsed_std, &undated, sizeof(StdRef)) == 0);

	for (i = 0; i < r->namds; i++)
	{
		char		amd[32];

		n = stdref_format_amd(&r->amds[i], amd, sizeof(amd));
		CHECK(n >= 5 && (size_t) n == strlen(amd));
		CHECK(strstr(text, amd) != NULL);
	}
}

/* Order and equivalence checks on two values. */
static void
check_pair(const StdRef *a, const StdRef *b)
{
	int			ab = stdref_cmp(a, b);
	int			ba = stdref_cmp(b, a);
	StdRef		ua;
	StdRef		ub;

	CHECK(ab >= -1 && ab <= 1);
	CHECK(ab == -ba);
	CHECK((ab == 0) == (memcmp(a, b, sizeof(StdRef)) == 0));
	CHECK(stdref_same_standard(a, b) == stdref_same_standard(b, a));
	if (ab == 0)
		CHECK(stdref_same_standard(a, b));

	/* the standard decides the order before edition and amendments */
	stdref_without_edition(a, &ua);
	stdref_without_edition(b, &ub);
	CHECK(stdref_same_standard(a, b) == (stdref_cmp(&ua, &ub) == 0));
	if (!stdref_same_standard(a, b))
		CHECK(sign(stdref_cmp(&ua, &ub)) == ab);
}

static void
check_triple(const StdRef *a, const StdRef *b, const StdRef *c)
{
	int			ab = stdref_cmp(a, b);
	int			bc = stdref_cmp(b, c);
	int			ac = stdref_cmp(a, c);

	if (ab <= 0 && bc <= 0)
		CHECK(ac <= 0);
	if (ab >= 0 && bc >= 0)
		CHECK(ac >= 0);
	if (ab == 0 && bc == 0)
		CHECK(ac == 0);
	if (ab < 0 && bc <= 0)
		CHECK(ac < 0);
	if (stdref_same_standard(a, b) && stdref_same_standard(b, c))
		CHECK(stdref_same_standard(a, c));
}

/* Parse; on failure the message must be there and bounded. */
static int
parse_checked(const char *s, size_t len, StdRef *r)
{
	char		err[STDREF_ERR_MAX];
	StdRef		again;
	int			rc;

	memset(err, 'x', sizeof(err));
	rc = stdref_parse(s, len, r, err, sizeof(err));
	CHECK(rc == 0 || rc == -1);
	if (rc != 0)
	{
		CHECK(memchr(err, '\0', sizeof(err)) != NULL);
		CHECK(err[0] != '\0');
		return 0;
	}
	/* deterministic */
	CHECK(stdref_parse(s, len, &again, err, sizeof(err)) == 0);
	CHECK(memcmp(r, &again, sizeof(StdRef)) == 0);
	check_value(r);
	return 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	StdRef		whole;
	StdRef		piece[3];
	int			ok[3] = {0, 0, 0};
	size_t		start = 0;
	int			npieces = 0;
	int			i;
	int			j;
	int			k;
	char		tiny[4];
	StdRef		scratch;

	CHECK(sizeof(StdRef) == STDREF_SIZE);

	/* a copy, so that ASan sees any read past the end */
	{
		char	   *copy = calloc(size ? size : 1, 1);

		CHECK(copy != NULL);
		if (size)
			memcpy(copy, data, size);
		parse_checked(copy, size, &whole);
		free(copy);
	}

	/* a tiny error buffer must not overflow either */
	stdref_parse((const char *) data, size, &scratch, tiny, sizeof(tiny));

	/* up to three references separated by '|' */
	for (i = 0; i <= (int) size && npieces < 3; i++)
	{
		if (i == (int) size || data[i] == '|')
		{
			size_t		len = (size_t) i - start;
			char	   *copy = calloc(len ? len : 1, 1);

			CHECK(copy != NULL);
			if (len)
				memcpy(copy, data + start, len);
			ok[npieces] = parse_checked(copy, len, &piece[npieces]);
			free(copy);
			npieces++;
			start = (size_t) i + 1;
		}
	}
	for (i = 0; i < npieces; i++)
		for (j = 0; j < npieces; j++)
			if (ok[i] && ok[j])
				check_pair(&piece[i], &piece[j]);
	for (i = 0; i < npieces; i++)
		for (j = 0; j < npieces; j++)
			for (k = 0; k < npieces; k++)
				if (ok[i] && ok[j] && ok[k])
					check_triple(&piece[i], &piece[j], &piece[k]);
	return 0;
}

#ifdef STDREF_FUZZ_MAIN
int
main(int argc, char **argv)
{
	int			i;

	for (i = 1; i < argc; i++)
	{
		FILE	   *f = fopen(argv[i], "rb");
		static uint8_t buf[1 << 16];
		size_t		n;

		if (f == NULL)
		{
			perror(argv[i]);
			return 1;
		}
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
	}
	return 0;
}
#endif
