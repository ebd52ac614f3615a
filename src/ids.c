/*-------------------------------------------------------------------------
 *
 * ids.c
 *	  Sorted arrays of ids: sort and deduplicate, and find a certificate by
 *	  id in an array of histories sorted by id.  Pure.
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

int
isms_cmp_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/* Sort and deduplicate; returns the new length. */
int
isms_sort_unique(int64 *a, int n)
{
	int			i,
				k = 0;

	if (n <= 1)
		return n;
	qsort(a, n, sizeof(int64), isms_cmp_int64);
	for (i = 1; i < n; i++)
		if (a[i] != a[k])
			a[++k] = a[i];
	return k + 1;
}

/* The certificate with this id in an array sorted by id, or NULL. */
IsmsCert *
isms_find_cert(IsmsCert *certs, int ncert, int64 id)
{
	int			lo = 0,
				hi = ncert - 1;

	while (lo <= hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (certs[mid].id == id)
			return &certs[mid];
		if (certs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}
