/*-------------------------------------------------------------------------
 *
 * refresh.c
 *	  Bringing the stored columns of given certificates up to date: replay
 *	  each history on the register's today and store what differs, as the
 *	  sweep does for every certificate (but recording no decision).  A
 *	  change of the standards or edition transitions refreshes the
 *	  certificates it concerns when its transaction commits
 *	  (trg_reference.c).
 *
 *	isms_refresh	isms.refresh(ids)
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/memutils.h"

/* certificates loaded at once; each batch's histories are freed before the next */
#define REFRESH_BATCH 5000

/*
 * Replay the certificates with these ids (any order, duplicates allowed;
 * their bases and add-ons are loaded with them) on the register's today,
 * with their rows locked, and store the columns that differ, in batches
 * as the sweep does.  Returns how many of them had stored columns that
 * differed.  Runs with the privileges of the SPI connection the caller
 * made.
 */
int
isms_refresh_ids(int64 *ids, int n)
{
	DateADT		today = isms_register_today();
	MemoryContext batchcxt,
				oldcxt;
	int			changed = 0,
				b;

	n = isms_sort_unique(ids, n);
	if (n == 0)
		return 0;
	batchcxt = AllocSetContextCreate(CurrentMemoryContext, "isms refresh batch",
									 ALLOCSET_DEFAULT_SIZES);
	for (b = 0; b < n; b += REFRESH_BATCH)
	{
		int			nb = Min(REFRESH_BATCH, n - b);
		IsmsCert   *certs;
		int			ncert,
					i;

		oldcxt = MemoryContextSwitchTo(batchcxt);
		certs = isms_load(ids + b, nb, ISMS_LOAD_LOCK, &ncert);
		for (i = 0; i < ncert; i++)
		{
			IsmsCert   *c = &certs[i];

			CHECK_FOR_INTERRUPTS();
			if (!c->replayed)
				isms_replay(c, today, ISMS_REPLAY_LENIENT, NULL);
			if (!c->context_only && isms_cert_changed(c))
				changed++;
		}
		isms_store(certs, ncert, today, ISMS_FEED_REFRESH);
		MemoryContextSwitchTo(oldcxt);
		MemoryContextReset(batchcxt);
	}
	MemoryContextDelete(batchcxt);
	return changed;
}

/*
 * isms.refresh(ids bigint[]): refresh the given certificates (ids of no
 * certificate, or of one the caller may not read, are passed over) with
 * the caller's privileges.  Returns the number of certificates whose
 * stored columns it changed.
 */
PG_FUNCTION_INFO_V1(isms_refresh);
Datum
isms_refresh(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	Datum	   *elems;
	bool	   *nulls;
	int			nelems,
				n = 0,
				i,
				changed,
				jit_level;
	int64	   *ids;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("certificate ids must be a one-dimensional array")));
	deconstruct_array(arr, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
					  &elems, &nulls, &nelems);
	ids = palloc(sizeof(int64) * Max(nelems, 1));
	for (i = 0; i < nelems; i++)
		if (!nulls[i])
			ids[n++] = DatumGetInt64(elems[i]);
	isms_spi_connect();
	jit_level = isms_jit_off();		/* batches, as the sweep (spi_util.c) */
	changed = isms_refresh_ids(ids, n);
	SPI_finish();
	isms_jit_restore(jit_level);
	PG_RETURN_INT32(changed);
}
