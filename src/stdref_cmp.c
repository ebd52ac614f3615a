/*-------------------------------------------------------------------------
 *
 * stdref_cmp.c
 *	  Order and validity of standard references: the sort order of
 *	  amendments and of references, and whether a struct is one the parser
 *	  can produce.
 *
 * No PostgreSQL headers: this file is also built into the fuzz harness.
 *
 *-------------------------------------------------------------------------
 */
#include "stdref_int.h"

#include <string.h>

/* Sort order of amendments within a reference: year, kind, number. */
int
stdref_cmp_amd(const StdAmd *a, const StdAmd *b)
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
int
stdref_amd_out_of_order(const StdAmd *a, const StdAmd *b)
{
	if (a->kind != b->kind || a->year == 0 || b->year == 0)
		return 0;
	return (a->number < b->number && a->year > b->year) ||
		(a->number > b->number && a->year < b->year);
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
		c = stdref_cmp_amd(&a->amds[--i], &b->amds[--j]);
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
			strchr(stdref_jis_divisions, (char) r->division) == NULL ||
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
		if (i > 0 && stdref_cmp_amd(&r->amds[i - 1], a) >= 0)
			return 0;
		for (j = 0; j < i; j++)
			if ((r->amds[j].kind == a->kind && r->amds[j].number == a->number) ||
				stdref_amd_out_of_order(&r->amds[j], a))
				return 0;
	}
	return 1;
}
