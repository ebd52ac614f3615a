/*-------------------------------------------------------------------------
 *
 * trigger_util.c
 *	  What every trigger and reader of isms needs and none owns: the trigger
 *	  protocol check, column lookup and comparison, the collection of ids
 *	  from transition tables, SPI connection and execution (kept plans,
 *	  execution with the latest snapshot, the first row that violates a
 *	  commit-time check), and the replay-and-store step the decision and
 *	  audit triggers share.
 *
 *	  No SQL-callable function lives here.
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/tuptable.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

/* trigger protocol checks (internal errors in the style of core) */
TriggerData *
isms_trigger_data(FunctionCallInfo fcinfo, const char *fn, bool before, bool row)
{
	TriggerData *td;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" was not called by trigger manager", fn)));
	td = (TriggerData *) fcinfo->context;
	if ((TRIGGER_FIRED_BEFORE(td->tg_event) != 0) != before)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 before ? errmsg("function \"%s\" must be fired BEFORE", fn)
				 : errmsg("function \"%s\" must be fired AFTER", fn)));
	if ((TRIGGER_FIRED_FOR_ROW(td->tg_event) != 0) != row)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 row ? errmsg("function \"%s\" must be fired for each row", fn)
				 : errmsg("function \"%s\" must be fired for each statement", fn)));
	return td;
}

/* The transition tables a statement trigger was created with. */
void
isms_require_transition_tables(TriggerData *td, const char *fn,
							   bool need_new, bool need_old)
{
	if (need_new && (td->tg_newtable == NULL || td->tg_trigger->tgnewtable == NULL))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" needs a REFERENCING NEW TABLE clause", fn)));
	if (need_old && (td->tg_oldtable == NULL || td->tg_trigger->tgoldtable == NULL))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" needs a REFERENCING OLD TABLE clause", fn)));
}

/* The attribute number of a column the trigger's table must have. */
int
isms_attnum(Relation rel, const char *name)
{
	int			n = SPI_fnumber(RelationGetDescr(rel), name);

	if (n <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("relation \"%s\" has no column \"%s\"",
						RelationGetRelationName(rel), name)));
	return n;
}

Datum
isms_getattr(Relation rel, HeapTuple tup, const char *name, bool *isnull)
{
	return heap_getattr(tup, isms_attnum(rel, name), RelationGetDescr(rel), isnull);
}

/* A column's value in text form, for messages (NULL if it is null). */
char *
isms_getvalue(Relation rel, HeapTuple tup, const char *name)
{
	return SPI_getvalue(tup, RelationGetDescr(rel), isms_attnum(rel, name));
}

/* Whether two versions of a row differ in a column (binary comparison). */
bool
isms_column_differs(Relation rel, HeapTuple a, HeapTuple b, int attnum)
{
	TupleDesc	desc = RelationGetDescr(rel);
	Form_pg_attribute att = TupleDescAttr(desc, attnum - 1);
	bool		an,
				bn;
	Datum		av = heap_getattr(a, attnum, desc, &an);
	Datum		bv = heap_getattr(b, attnum, desc, &bn);

	if (an || bn)
		return an != bn;
	return !datumIsEqual(av, bv, att->attbyval, att->attlen);
}

/*
 * Collect the non-null int8 values of some columns of a transition table, in
 * one pass over it (a bulk statement's table is on disk): for each column
 * all its values (ISMS_COLLECT_ALL), its distinct values, sorted
 * (ISMS_COLLECT_UNIQUE: compacted whenever the array is full, so that it
 * takes the room of the distinct values, not of the rows), or how many
 * there are (ISMS_COLLECT_COUNT).
 */
void
isms_collect_columns(Tuplestorestate *ts, Relation rel, IsmsCollect *cols, int ncols)
{
	TupleTableSlot *slot;
	int			c;

	for (c = 0; c < ncols; c++)
	{
		cols[c].n = 0;
		cols[c].cap = cols[c].how == ISMS_COLLECT_COUNT ? 0 : 256;
		cols[c].ids = palloc(sizeof(int64) * Max(cols[c].cap, 1));
	}
	if (ts == NULL)
		return;
	slot = MakeSingleTupleTableSlot(RelationGetDescr(rel), &TTSOpsMinimalTuple);
	tuplestore_rescan(ts);
	while (tuplestore_gettupleslot(ts, true, false, slot))
	{
		for (c = 0; c < ncols; c++)
		{
			IsmsCollect *col = &cols[c];
			bool		isnull;
			int64		v = DatumGetInt64(slot_getattr(slot, col->attnum, &isnull));

			if (isnull)
				continue;
			if (col->how == ISMS_COLLECT_COUNT)
			{
				col->n++;
				continue;
			}
			/* the rows of one certificate usually come together */
			if (col->how == ISMS_COLLECT_UNIQUE && col->n > 0 && col->ids[col->n - 1] == v)
				continue;
			if (col->n >= col->cap)
			{
				if (col->how == ISMS_COLLECT_UNIQUE)
					col->n = isms_sort_unique(col->ids, col->n);
				/* grown unless that freed half of it */
				if (col->n > col->cap / 2)
				{
					if (col->cap > INT_MAX / 2)
						ereport(ERROR,
								(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
								 errmsg("statement writes too many rows for one trigger call"),
								 errdetail("More than %d values of column %d.",
										   col->cap, col->attnum),
								 errhint("Load the rows in several statements.")));
					col->cap *= 2;
					col->ids = repalloc_huge(col->ids, sizeof(int64) * col->cap);
				}
			}
			col->ids[col->n++] = v;
		}
	}
	ExecDropSingleTupleTableSlot(slot);
	for (c = 0; c < ncols; c++)
	{
		if (cols[c].how == ISMS_COLLECT_UNIQUE)
			cols[c].n = isms_sort_unique(cols[c].ids, cols[c].n);
		/* kept for the whole statement: without the room left to grow */
		if (cols[c].cap > cols[c].n + 1024)
		{
			cols[c].cap = Max(cols[c].n, 1);
			cols[c].ids = repalloc_huge(cols[c].ids, sizeof(int64) * cols[c].cap);
		}
	}
}

/*
 * Run a query of the surface: its plan is prepared on first use and kept
 * (isms_prepare_kept); the result must be of the expected SPI code.
 */
void
isms_execute_kept(SPIPlanPtr *plan, const char *sql, int nargs, Oid *argtypes,
				  Datum *args, bool read_only, long count, int expected)
{
	int			ret;

	if (*plan == NULL)
		*plan = isms_prepare_kept(sql, nargs, argtypes, 0);
	ret = SPI_execute_plan(*plan, args, NULL, read_only, count);
	if (ret != expected)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
}

/*
 * isms_execute_kept for a read that follows a lock: a read-write execution
 * (a new snapshot under READ COMMITTED), with the latest snapshot under
 * REPEATABLE READ and SERIALIZABLE (isms_execute_latest), so that what a
 * transaction the lock waited for committed is seen.
 */
void
isms_execute_kept_latest(SPIPlanPtr *plan, const char *sql, int nargs, Oid *argtypes,
						 Datum *args, long count, int expected)
{
	int			ret;

	if (*plan == NULL)
		*plan = isms_prepare_kept(sql, nargs, argtypes, 0);
	ret = isms_execute_latest(*plan, args, NULL, false, true, count);
	if (ret != expected)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
}

/*
 * The commit-time rechecks (trg_reference.c): the first row the query sql
 * (one argument of type argtype) finds, read with the latest snapshot so
 * that rows other transactions committed meanwhile count; NULL if none.
 * The tuple lives in the caller's SPI connection.
 */
HeapTuple
isms_first_violation(SPIPlanPtr *plan, const char *sql, Oid argtype, Datum arg)
{
	if (*plan == NULL)
		*plan = isms_prepare_kept(sql, 1, &argtype, 0);
	if (isms_execute_latest(*plan, &arg, NULL, false, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "unexpected result of a commit-time recheck");
	return SPI_processed > 0 ? SPI_tuptable->vals[0] : NULL;
}

/*
 * A date column of a query's row as messages print dates
 * (isms_format_date: "2024-04-01", "0001-12-31 BC"); NULL if it is NULL.
 */
char *
isms_getdate_text(HeapTuple t, TupleDesc td, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(t, td, col, &isnull);

	return isnull ? NULL : pstrdup(isms_date_text(DatumGetDateADT(d)));
}

/* A boolean column of a query's row (NULL reads as false). */
bool
isms_getbool(HeapTuple t, TupleDesc td, int col)
{
	bool		isnull;
	Datum		d = SPI_getbinval(t, td, col, &isnull);

	return !isnull && DatumGetBool(d);
}

int64
isms_getint8(HeapTuple t, TupleDesc td, int col, bool *isnull)
{
	Datum		d = SPI_getbinval(t, td, col, isnull);

	return *isnull ? 0 : DatumGetInt64(d);
}

Datum
isms_int8_array_datum(Datum *ids, int n)
{
	return PointerGetDatum(construct_array(ids, n, INT8OID, sizeof(int64),
										   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

/*
 * One batch: load the certificates with these (sorted, unique) ids, with
 * their rows locked, check the new decisions, replay and store.
 */
static void
replay_batch(int64 *cert_ids, int ncids, int64 *new_ids, int nnew,
			 IsmsReplayMode mode, Relation rel, DateADT today)
{
	int			ncert,
				i,
				j;
	IsmsCert   *certs = isms_load(cert_ids, ncids, ISMS_LOAD_LOCK, &ncert);

	if (nnew > 0)
	{
		for (i = 0; i < ncert; i++)
			for (j = 0; j < certs[i].ndec; j++)
				certs[i].dec[j].is_new = bsearch(&certs[i].dec[j].id, new_ids, nnew,
												 sizeof(int64), isms_cmp_int64) != NULL;
		isms_check_new_decisions(certs, ncert, rel);
	}

	/*
	 * Certificates loaded only because they are the base or the add-on of
	 * one asked for are replayed leniently: their histories did not change.
	 */
	for (i = 0; i < ncert; i++)
		isms_replay(&certs[i], today,
					bsearch(&certs[i].id, cert_ids, ncids, sizeof(int64),
							isms_cmp_int64) ? mode : ISMS_REPLAY_LENIENT,
					rel);
	isms_store(certs, ncert, today,
			   mode == ISMS_REPLAY_AUDITS ? ISMS_FEED_AUDIT : ISMS_FEED_DECISION);
	if (nnew > 0)
		isms_queue_addon_checks(certs, ncert);
}

/* a certificate of a bulk write and its family (the base of an add-on) */
typedef struct FamilyMember
{
	int64		root;
	int64		id;
} FamilyMember;

static int
cmp_family(const void *a, const void *b)
{
	const FamilyMember *x = a;
	const FamilyMember *y = b;

	if (x->root != y->root)
		return x->root < y->root ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id ? 1 : 0;
}

/*
 * Replay the certificates with these (sorted, unique) ids in the given mode,
 * with their rows locked, and store what changed.  new_ids (sorted) are the
 * decisions the current statement inserted; they get every check.
 *
 * A statement that touches more than ISMS_BATCH_CERTS certificates (a bulk
 * load) is done in batches of about that many, each in a memory context of
 * its own that is emptied after it (and an SPI connection of its own, as
 * SPI returns from every query into its connection's memory context), so
 * that the memory a bulk load takes does not grow with the number of
 * certificates.  A base and its add-ons
 * (a family) are always in one batch, as the add-on rules judge them
 * together; all certificates are locked before the first batch, in the
 * writers' order (load.c).  Every batch sees every row of the statement,
 * so the outcome is the outcome of one batch.
 */
void
isms_replay_and_store(int64 *cert_ids, int ncids, int64 *new_ids, int nnew,
					  IsmsReplayMode mode, Relation rel)
{
	DateADT		today = isms_register_today();
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext batchcxt;
	FamilyMember *fam;
	int64	   *roots,
			   *batch;
	int			i,
				n = 0;

	if (ncids <= ISMS_BATCH_CERTS)
	{
		replay_batch(cert_ids, ncids, new_ids, nnew, mode, rel, today);
		return;
	}

	roots = palloc(sizeof(int64) * ncids);
	isms_lock_families(cert_ids, ncids, roots);
	MemoryContextSwitchTo(caller);
	fam = palloc(sizeof(FamilyMember) * ncids);
	for (i = 0; i < ncids; i++)
	{
		fam[i].root = roots[i];
		fam[i].id = cert_ids[i];
	}
	pfree(roots);
	qsort(fam, ncids, sizeof(FamilyMember), cmp_family);

	batch = palloc(sizeof(int64) * ncids);
	batchcxt = AllocSetContextCreate(caller, "isms batch", ALLOCSET_DEFAULT_SIZES);
	for (i = 0; i < ncids; i++)
	{
		batch[n++] = fam[i].id;
		/* cut after a whole family, once the batch is full, and at the end */
		if (i + 1 == ncids ||
			(n >= ISMS_BATCH_CERTS && fam[i + 1].root != fam[i].root))
		{
			CHECK_FOR_INTERRUPTS();
			qsort(batch, n, sizeof(int64), isms_cmp_int64);
			MemoryContextSwitchTo(batchcxt);
			/*
			 * An SPI connection of the batch's own: every SPI call returns
			 * to its connection's procedure context, which SPI_finish
			 * frees, so that nothing a batch allocates after a query
			 * outlives the batch.
			 */
			isms_spi_connect();
			replay_batch(batch, n, new_ids, nnew, mode, rel, today);
			SPI_finish();
			MemoryContextSwitchTo(caller);
			MemoryContextReset(batchcxt);
			n = 0;
		}
	}
	MemoryContextDelete(batchcxt);
	pfree(batch);
	pfree(fam);
}
