/*-------------------------------------------------------------------------
 *
 * lock.c
 *	  Locking certificates in the one order every writer of a history uses:
 *	  FOR NO KEY UPDATE, bases (and certificates without a base) before
 *	  add-ons, each level in id order, before the history is read.
 *
 *	isms_lock_writers		what isms_load locks for a writer: the ids asked
 *				for, their bases and the add-ons of the bases among them
 *	isms_lock_certificates	the given ids and their bases, nothing more
 *	isms_lock_families		the same for a batched bulk write, with each
 *				certificate's family (its base, or itself)
 *	isms_lock_certificate_direct	one certificate (its base first)
 *				without SPI, for the chain's row trigger (chain.c)
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "access/genam.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "utils/acl.h"
#include "utils/fmgroids.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"

/* the bases of the add-ons among $1 */
static IsmsPlan q_bases_of = {
	"SELECT c.id, c.base_certificate_id FROM isms.certificate c"
	" WHERE c.id OPERATOR(pg_catalog.=) ANY ($1)"
	" AND c.base_certificate_id IS NOT NULL",
	1, {INT8ARRAYOID}, .generic_only = true
};
/*
 * Writers lock with join-free statements, then read what they check in a
 * fresh statement: under READ COMMITTED a row lock that waited for another
 * transaction's update returns the row only if it still matches the WHERE
 * clause, re-evaluated on the new row version; a join to the reference
 * tables there would be evaluated against the old version of the joined
 * rows and drop a certificate whose standard changed (EvalPlanQual).
*
 * The lock statements always run their generic plans (generic_only,
 * spi_util.h): index probes of the primary key, already in id order.  A custom
 * plan for thousands of ids (a COPY) plans every element of the array, then
 * scans the whole table, filters it by the array and sorts what it keeps.
 */
static IsmsPlan q_lock_ids = {
	"SELECT c.id FROM isms.certificate c"
	" WHERE c.id OPERATOR(pg_catalog.=) ANY ($1)"
	" ORDER BY c.id FOR NO KEY UPDATE OF c",
	1, {INT8ARRAYOID}, .generic_only = true
};
/* the requested add-ons, and the add-ons of the given bases */
static IsmsPlan q_lock_addons = {
	"SELECT c.id FROM isms.certificate c"
	" WHERE c.id OPERATOR(pg_catalog.=) ANY ($1)"
	" OR c.base_certificate_id OPERATOR(pg_catalog.=) ANY ($2)"
	" ORDER BY c.id FOR NO KEY UPDATE OF c",
	2, {INT8ARRAYOID, INT8ARRAYOID}, .generic_only = true
};
/* the same when no add-on is asked for: an index scan, no bitmap OR */
static IsmsPlan q_lock_addons_of = {
	"SELECT c.id FROM isms.certificate c"
	" WHERE c.base_certificate_id OPERATOR(pg_catalog.=) ANY ($1)"
	" ORDER BY c.id FOR NO KEY UPDATE OF c",
	1, {INT8ARRAYOID}, .generic_only = true
};

/*
 * Run a lock query of one array of ids ($1, sorted) for all of ids, a
 * chunk of ISMS_IDS_PER_QUERY at a time in id order (the writers' order is
 * kept), so that a bulk statement's locks do not materialize a row per
 * certificate of the whole statement at once.
 */
static void
lock_in_chunks(IsmsPlan *q, int64 *ids, int n)
{
	int			from = 0;

	while (isms_exec_chunk(q, ids, n, &from, false, 0))
		SPI_freetuptable(SPI_tuptable);
}

/* The ids of the last query's first column, sorted and unique, in caller. */
static int64 *
result_ids(int *n, MemoryContext caller)
{
	int64	   *out = MemoryContextAlloc(caller, sizeof(int64) * Max(SPI_processed, 1));
	uint64		r;

	for (r = 0; r < SPI_processed; r++)
	{
		bool		isnull;

		out[r] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull));
	}
	*n = isms_sort_unique(out, (int) SPI_processed);
	SPI_freetuptable(SPI_tuptable);
	return out;
}

/* The sorted union of two sorted arrays. */
static int64 *
merge_ids(int64 *a, int na, int64 *b, int nb, int *n)
{
	int64	   *out = palloc(sizeof(int64) * Max(na + nb, 1));

	memcpy(out, a, sizeof(int64) * na);
	memcpy(out + na, b, sizeof(int64) * nb);
	*n = isms_sort_unique(out, na + nb);
	return out;
}

/*
 * The two levels in which writers lock certificates: level 0 the
 * certificates without a base and the bases of the add-ons among ids,
 * level 1 those add-ons; each sorted.  req0 (optional) receives the ids
 * asked for that are not add-ons.  ids need not be sorted.
 */
static void
lock_levels(int64 *ids, int nids, int64 **lv0, int *n0, int64 **lv1, int *n1,
			int64 **req0, int *nreq0)
{
	MemoryContext caller = CurrentMemoryContext;
	Datum		args[1];
	uint64		r;
	int			i;

	*lv0 = palloc(sizeof(int64) * Max(nids * 2, 1));
	*lv1 = palloc(sizeof(int64) * Max(nids, 1));
	*n0 = *n1 = 0;
	if (req0)
	{
		*req0 = palloc(sizeof(int64) * Max(nids, 1));
		*nreq0 = 0;
	}
	args[0] = isms_int8_array(ids, nids);
	isms_exec_plan(&q_bases_of, args, NULL, nids, false, false, 0);
	MemoryContextSwitchTo(caller);
	pfree(DatumGetPointer(args[0]));
	for (r = 0; r < SPI_processed; r++)
	{
		bool		isnull;

		(*lv1)[(*n1)++] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull));
		(*lv0)[(*n0)++] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2, &isnull));
	}
	SPI_freetuptable(SPI_tuptable);
	*n1 = isms_sort_unique(*lv1, *n1);
	for (i = 0; i < nids; i++)
		if (*n1 == 0 || bsearch(&ids[i], *lv1, *n1, sizeof(int64), isms_cmp_int64) == NULL)
		{
			(*lv0)[(*n0)++] = ids[i];
			if (req0)
				(*req0)[(*nreq0)++] = ids[i];
		}
	*n0 = isms_sort_unique(*lv0, *n0);
	if (req0)
		*nreq0 = isms_sort_unique(*req0, *nreq0);
}

/*
 * Lock the given certificates FOR NO KEY UPDATE in the order writers of
 * histories take such locks (see isms_load), without reading any history.
 * For checks of audits that depend on other audits of the same
 * certificate: the writers of such audits take turns, and the later one
 * sees the earlier one's rows.  ids need not be sorted.  Inside SPI.
 */
void
isms_lock_certificates(int64 *ids, int nids)
{
	MemoryContext caller = CurrentMemoryContext;
	int64	   *lv0,
			   *lv1;
	int			n0,
				n1;

	if (nids <= 0)
		return;
	lock_levels(ids, nids, &lv0, &n0, &lv1, &n1, NULL, NULL);
	lock_in_chunks(&q_lock_ids, lv0, n0);
	lock_in_chunks(&q_lock_ids, lv1, n1);
	MemoryContextSwitchTo(caller);
	pfree(lv0);
	pfree(lv1);
}

/*
 * For a bulk write done in batches (trigger_util.c): lock the certificates
 * as isms_lock_certificates does, before any batch is loaded, so that the
 * locks keep the writers' order (every base before any add-on) across the
 * batches; and give each of the ids (sorted, unique) its family: the base
 * of an add-on, else the certificate itself.  Inside SPI.
 */
void
isms_lock_families(int64 *ids, int nids, int64 *roots)
{
	MemoryContext caller = CurrentMemoryContext;
	Datum		args[1];
	uint64		r;
	int			i;

	for (i = 0; i < nids; i++)
		roots[i] = ids[i];
	args[0] = isms_int8_array(ids, nids);
	isms_exec_plan(&q_bases_of, args, NULL, nids, false, false, 0);
	MemoryContextSwitchTo(caller);
	pfree(DatumGetPointer(args[0]));
	for (r = 0; r < SPI_processed; r++)
	{
		bool		isnull;
		int64		id = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull));
		int64		base = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2, &isnull));
		int64	   *hit = bsearch(&id, ids, nids, sizeof(int64), isms_cmp_int64);

		if (hit != NULL)
			roots[hit - ids] = base;
	}
	SPI_freetuptable(SPI_tuptable);
	isms_lock_certificates(ids, nids);
	MemoryContextSwitchTo(caller);
}

/*
 * What isms_load locks for a writer (see there): level 0 (the ids that are
 * not add-ons and the bases of those that are), then level 1 (the add-ons
 * asked for and every add-on of the bases asked for).  Sets *load to what
 * is locked and *wanted to the ids asked for with those add-ons, both
 * sorted.  Inside SPI; leaves the caller's memory context current.
 */
void
isms_lock_writers(int64 *ids, int nids, int64 **load, int *nload,
				  int64 **wanted, int *nwanted)
{
	MemoryContext caller = CurrentMemoryContext;
	Datum		args[2];
	int64	   *lv0,
			   *lv1,
			   *req0,
			   *addons;
	int			n0,
				n1,
				nreq0,
				naddons;

	lock_levels(ids, nids, &lv0, &n0, &lv1, &n1, &req0, &nreq0);
	MemoryContextSwitchTo(caller);

	/* level 0: bases and certificates without a base */
	args[0] = isms_int8_array(lv0, n0);
	isms_exec_plan(&q_lock_ids, args, NULL, n0, false, false, 0);
	SPI_freetuptable(SPI_tuptable);
	/* level 1: the add-ons asked for, and those of the bases asked for */
	if (n1 > 0)
	{
		args[0] = isms_int8_array(lv1, n1);
		args[1] = isms_int8_array(req0, nreq0);
		isms_exec_plan(&q_lock_addons, args, NULL, n1 + nreq0, false, true, 0);
	}
	else
	{
		args[0] = isms_int8_array(req0, nreq0);
		isms_exec_plan(&q_lock_addons_of, args, NULL, nreq0, false, true, 0);
	}
	addons = result_ids(&naddons, caller);
	MemoryContextSwitchTo(caller);
	*load = merge_ids(lv0, n0, addons, naddons, nload);
	/* the add-ons of the bases asked for are asked for too */
	*wanted = merge_ids(ids, nids, addons, naddons, nwanted);
}

/*
 * Where a certificate row is: its tid and base (column base_att), read
 * through the primary key with snap.  Returns false if no row of it is
 * visible.
 */
static bool
find_certificate(Relation rel, Relation pkey, Snapshot snap, TupleTableSlot *slot,
				 AttrNumber base_att, int64 id, ItemPointer tid, int64 *base)
{
	ScanKeyData key;
	IndexScanDesc scan;
	bool		found;

	ScanKeyInit(&key, 1, BTEqualStrategyNumber, F_INT8EQ, Int64GetDatum(id));
	scan = ISMS_INDEX_BEGINSCAN(rel, pkey, snap, 1, 0);
	index_rescan(scan, &key, 1, NULL, 0);
	found = index_getnext_slot(scan, ForwardScanDirection, slot);
	if (found)
	{
		bool		isnull;
		Datum		b = slot_getattr(slot, base_att, &isnull);

		*tid = slot->tts_tid;
		*base = isnull ? 0 : DatumGetInt64(b);
	}
	index_endscan(scan);
	return found;
}

/*
 * Lock the row at tid FOR NO KEY UPDATE as the executor's LockRows node
 * does for SELECT ... FOR NO KEY UPDATE: under READ COMMITTED the latest
 * version of the row (waiting for the transaction that changed it), under
 * REPEATABLE READ and SERIALIZABLE a row changed since the transaction's
 * snapshot is a serialization failure.  A row deleted meanwhile is not
 * locked (nothing is left to protect; the decision's foreign key refuses
 * it).
 */
static void
lock_row(Relation rel, Snapshot snap, TupleTableSlot *slot, ItemPointer tid)
{
	TM_FailureData tmfd;
	TM_Result	res;

	res = table_tuple_lock(rel, tid, snap, slot, GetCurrentCommandId(false),
						   LockTupleNoKeyExclusive, LockWaitBlock,
						   TUPLE_LOCK_FLAG_LOCK_UPDATE_IN_PROGRESS |
						   (IsolationUsesXactSnapshot() ? 0 : TUPLE_LOCK_FLAG_FIND_LAST_VERSION),
						   &tmfd);
	switch (res)
	{
		case TM_Ok:
		case TM_SelfModified:	/* this transaction changed it: held (the
								 * snapshot's command id is the latest, so
								 * only a later command could have) */
			break;
		case TM_Updated:
		case TM_Deleted:
			if (IsolationUsesXactSnapshot())
				ereport(ERROR,
						(errcode(ERRCODE_T_R_SERIALIZATION_FAILURE),
						 errmsg("could not serialize access due to concurrent update")));
			if (res == TM_Updated)
				elog(ERROR, "unexpected table_tuple_lock status: %u", res);
			break;
		default:
			elog(ERROR, "unexpected table_tuple_lock status: %u", res);
	}
}

/*
 * Lock one certificate as isms_lock_certificates does (its base first if
 * it is an add-on), without SPI and without planning: found through the
 * primary key, locked as above.  Only for a caller who may lock any row
 * of isms.certificate, as the SPI statement would (SELECT and UPDATE on
 * the table, no row-level security applying to it); for another it locks
 * nothing and returns false, and the caller locks through SPI, where the
 * policies decide.  The snapshot is the one the SPI statement would take
 * (a new one under READ COMMITTED, after a command counter increment).
 */
bool
isms_lock_certificate_direct(int64 id)
{
	Oid			relid = isms_table_oid("certificate"),
				pkeyid;
	Relation	rel,
				pkey;
	Snapshot	snap;
	TupleTableSlot *slot;
	ItemPointerData tid,
				btid;
	int64		base,
				bbase;
	AttrNumber	base_att;

	if (!OidIsValid(relid) ||
		check_enable_rls(relid, InvalidOid, true) == RLS_ENABLED ||
		pg_class_aclmask(relid, GetUserId(), ACL_SELECT | ACL_UPDATE, ACLMASK_ALL) !=
		(ACL_SELECT | ACL_UPDATE))
		return false;
	rel = table_open(relid, RowShareLock);
	/* (a table without its primary key on id: the statement's way) */
	pkeyid = isms_primary_key_index(rel);
	if (!OidIsValid(pkeyid))
	{
		table_close(rel, NoLock);
		return false;
	}
	pkey = index_open(pkeyid, AccessShareLock);
	if (pkey->rd_index->indnkeyatts != 1 ||
		pkey->rd_index->indkey.values[0] != isms_attnum(rel, "id"))
	{
		index_close(pkey, AccessShareLock);
		table_close(rel, NoLock);
		return false;
	}
	CommandCounterIncrement();
	snap = RegisterSnapshot(GetTransactionSnapshot());
	slot = table_slot_create(rel, NULL);
	base_att = isms_attnum(rel, "base_certificate_id");
	if (find_certificate(rel, pkey, snap, slot, base_att, id, &tid, &base))
	{
		/* bases before add-ons */
		if (base != 0 && find_certificate(rel, pkey, snap, slot, base_att, base, &btid, &bbase))
			lock_row(rel, snap, slot, &btid);
		lock_row(rel, snap, slot, &tid);
	}
	ExecDropSingleTupleTableSlot(slot);
	UnregisterSnapshot(snap);
	index_close(pkey, AccessShareLock);
	table_close(rel, NoLock);	/* the lock is kept to the end of the transaction */
	return true;
}
