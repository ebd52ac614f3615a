/*-------------------------------------------------------------------------
 *
 * transfer.c
 *	  Transfers between certification bodies, as the triggers carry them
 *	  out (the rule and its texts are rules_transfer.c's):
 *
 *	isms_transfer_fill			a transfer decision, before it is stored:
 *				locks both certificates, replays the one taken over on the
 *				transfer date, checks the transfer and writes the cycle it
 *				takes over into the decision row (so that the receiving
 *				certificate's history holds it, hash-chained)
 *	isms_transfer_end_sources	after the statement: the certificates taken
 *				over end on the transfer date by a withdrawal that isms
 *				records in their own histories, as the tables' owner (the
 *				receiving body's writer holds no privilege on them); bases
 *				with add-ons are queued for the check at commit
 *	isms_transfer_guard			no new decision changes the history of a
 *				certificate another body took over, and no transfer is
 *				corrected or annulled
 *	isms_transfer_check_link	a certificate's transferred_from names a
 *				certificate of the same organisation and another body
 *	isms_transfer_commit_check	at commit: a base transferred leaves no
 *				valid add-on behind
 *
 * Every query runs as the owner of the tables (spi_util.c), inside the
 * callers' connections.
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"

/* The transfer decisions filled since the last end of sources. */
static int	transfers_filled = 0;

/* Set while isms records the ends of the certificates taken over. */
static bool ending_sources = false;

/* Bases transferred in this transaction, checked at commit with their day. */
typedef struct PendingBase
{
	int64		id;
	DateADT		day;
	SubTransactionId subid;		/* that queued it */
} PendingBase;

static PendingBase *pending = NULL;
static int	npending = 0;
static int	cappending = 0;

void
isms_transfer_forget(void)
{
	pending = NULL;
	npending = cappending = 0;
	transfers_filled = 0;
	ending_sources = false;
}

/*
 * A subtransaction ends: its queued bases pass to its parent, or go with
 * it (its deferred trigger events are discarded too).
 */
void
isms_transfer_subxact(bool commit, SubTransactionId mine, SubTransactionId parent)
{
	int			i,
				k = 0;

	for (i = 0; i < npending; i++)
	{
		if (pending[i].subid == mine)
		{
			if (!commit)
				continue;
			pending[i].subid = parent;
		}
		pending[k++] = pending[i];
	}
	npending = k;
	if (!commit)
		ending_sources = false;
}

static IsmsPlan q_source = {
	"SELECT c.transferred_from FROM isms.certificate c WHERE c.id" EQ "$1",
	1, {INT8OID}
};

/* What the rule asks of a receiving certificate $1 with transfer date $2. */
static IsmsPlan q_facts = {
	"SELECT c.certificate_number, cb.code, c.standard::pg_catalog.text,"
	" b.certificate_number, f.certificate_number, fcb.code,"
	" f.organisation_id" EQ "c.organisation_id, f.cb_id" EQ "c.cb_id,"
	" fb.certificate_number,"
	" coalesce(b.transferred_from" EQ "f.base_certificate_id AND EXISTS ("
	"  SELECT FROM isms.decision t WHERE t.certificate_id" EQ "b.id"
	"  AND t.kind::pg_catalog.text" EQ "'transfer'"
	"  AND t.effective_date" EQ "$2), false)"
	" FROM isms.certificate c"
	" JOIN isms.certification_body cb ON cb.id" EQ "c.cb_id"
	" LEFT JOIN isms.certificate b ON b.id" EQ "c.base_certificate_id"
	" LEFT JOIN isms.certificate f ON f.id" EQ "c.transferred_from"
	" LEFT JOIN isms.certification_body fcb ON fcb.id" EQ "f.cb_id"
	" LEFT JOIN isms.certificate fb ON fb.id" EQ "f.base_certificate_id"
	" WHERE c.id" EQ "$1",
	2, {INT8OID, DATEOID}
};

/*
 * BEFORE INSERT of a transfer decision (trg_decision.c), after its
 * defaults: check it, and return the row with the cycle it takes over.
 */
HeapTuple
isms_transfer_fill(Relation rel, HeapTuple tup)
{
	IsmsSpiUser su;
	TupleDesc	desc = RelationGetDescr(rel);
	MemoryContext caller = CurrentMemoryContext;
	bool		isnull;
	int64		cert = DatumGetInt64(isms_getattr(rel, tup, "certificate_id", &isnull));
	DateADT		effective;
	int64		from = 0;
	IsmsTransferFacts f;
	IsmsViolation *v;
	Datum		args[2];
	int			cols[3] = {0, 0, 0};
	Datum		vals[3] = {0, 0, 0};
	bool		nulls[3] = {false, false, false};
	HeapTuple	t;
	TupleDesc	td;

	if (isnull || SPI_fnumber(desc, "transfer_expiry") <= 0)
		return tup;				/* NOT NULL refuses it; or SQL not updated */
	effective = DatumGetDateADT(isms_getattr(rel, tup, "effective_date", &isnull));
	memset(&f, 0, sizeof(f));
	f.effective = effective;

	isms_spi_connect_owner(&su);
	args[0] = Int64GetDatum(cert);
	args[1] = DateADTGetDatum(effective);
	isms_exec_plan(&q_source, args, NULL, 1, false, true, 1);
	if (SPI_processed > 0)
		from = isms_getint8(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull);
	if (SPI_processed == 0)
	{
		isms_spi_finish_owner(&su);
		return tup;				/* no such certificate: the foreign key */
	}
	if (isnull)
		from = 0;
	if (from != 0)
	{
		int64		ids[2];

		/* both certificates, in the writers' order (load.c) */
		ids[0] = Min(cert, from);
		ids[1] = Max(cert, from);
		isms_lock_certificates(ids, 2);
	}
	/* after the locks: a fresh statement */
	isms_exec_plan(&q_facts, args, NULL, 1, false, true, 1);
	MemoryContextSwitchTo(caller);
	if (SPI_processed == 0)
		elog(ERROR, "certificate " INT64_FORMAT " vanished", cert);
	t = SPI_tuptable->vals[0];
	td = SPI_tuptable->tupdesc;
	f.number = SPI_getvalue(t, td, 1);
	f.cb_code = SPI_getvalue(t, td, 2);
	f.standard = SPI_getvalue(t, td, 3);
	f.base_number = SPI_getvalue(t, td, 4);
	f.from_number = from != 0 ? SPI_getvalue(t, td, 5) : NULL;
	f.from_cb_code = SPI_getvalue(t, td, 6);
	f.same_org = isms_getbool(t, td, 7);
	f.same_cb = isms_getbool(t, td, 8);
	f.from_base_number = SPI_getvalue(t, td, 9);
	f.base_takes_over = isms_getbool(t, td, 10);

	if (from != 0)
	{
		int			n;
		IsmsCert   *certs = isms_load(&from, 1, ISMS_LOAD_OWN, &n);
		IsmsCert   *c = isms_find_cert(certs, n, from);

		MemoryContextSwitchTo(caller);
		if (c == NULL)
			elog(ERROR, "certificate " INT64_FORMAT " vanished", from);
		(void) isms_replay_history(c, effective, ISMS_REPLAY_LENIENT);
		f.from_standard = c->asof.standard;

		/*
		 * An add-on that moves onto the base that took its base over that
		 * day: its own status (its base ends that day, by the transfer);
		 * otherwise its status with its base's.
		 */
		f.from_status = (c->base && f.base_takes_over) ? c->own_status :
			isms_status_on(c, effective);
		if (f.from_status == ISMS_ST_ACTIVE && !c->asof.has_cycle)
			f.from_status = ISMS_ST_DRAFT;	/* cannot happen */
		if ((v = isms_check_transfer(&f)) != NULL)
			isms_report_violation(v, rel);
		cols[0] = isms_attnum(rel, "transfer_cycle_start");
		vals[0] = DateADTGetDatum(c->asof.cycle_start);
		cols[1] = isms_attnum(rel, "transfer_expiry");
		vals[1] = DateADTGetDatum(c->asof.expiry);
		cols[2] = isms_attnum(rel, "transfer_original_date");
		vals[2] = DateADTGetDatum(c->asof.original);
	}
	else
	{
		/* names no certificate: always refused */
		if ((v = isms_check_transfer(&f)) != NULL)
			isms_report_violation(v, rel);
		isms_spi_finish_owner(&su);
		return tup;
	}
	isms_spi_finish_owner(&su);
	MemoryContextSwitchTo(caller);
	transfers_filled++;
	return heap_modify_tuple_by_cols(tup, desc, 3, cols, vals, nulls);
}

/*
 * The first new decision ($1) that changes the history of a certificate
 * another body took over or of an add-on of one (the base's number last),
 * or corrects a transfer decision.
 */
static IsmsPlan q_guard = {
	"SELECT d.id, c.certificate_number, x.id,"
	" coalesce(r.certificate_number, rb.certificate_number), rcb.code,"
	" CASE WHEN r.certificate_number IS NULL THEN b.certificate_number END"
	" FROM isms.decision d"
	" JOIN isms.certificate c ON c.id" EQ "d.certificate_id"
	" LEFT JOIN isms.certificate b ON b.id" EQ "c.base_certificate_id"
	" LEFT JOIN isms.decision x ON x.id" EQ "d.corrects"
	"  AND x.kind::pg_catalog.text" EQ "'transfer'"
	" LEFT JOIN LATERAL (SELECT r.certificate_number, r.cb_id FROM isms.certificate r"
	"  WHERE r.transferred_from" EQ "d.certificate_id"
	"  AND EXISTS (SELECT FROM isms.decision t WHERE t.certificate_id" EQ "r.id"
	"   AND t.kind::pg_catalog.text" EQ "'transfer')"
	"  ORDER BY r.id LIMIT 1) r ON true"
	" LEFT JOIN LATERAL (SELECT r.certificate_number, r.cb_id FROM isms.certificate r"
	"  WHERE r.transferred_from" EQ "c.base_certificate_id"
	"  AND EXISTS (SELECT FROM isms.decision t WHERE t.certificate_id" EQ "r.id"
	"   AND t.kind::pg_catalog.text" EQ "'transfer')"
	"  ORDER BY r.id LIMIT 1) rb ON true"
	" LEFT JOIN isms.certification_body rcb ON rcb.id" EQ "coalesce(r.cb_id, rb.cb_id)"
	" WHERE d.id" EQ "ANY ($1)"
	" AND (x.id IS NOT NULL OR r.certificate_number IS NOT NULL"
	"  OR rb.certificate_number IS NOT NULL)"
	" ORDER BY d.id LIMIT 1",
	1, {INT8ARRAYOID}, .generic_only = true
};

/* Whether any certificate names one it takes over (the partial index). */
static IsmsPlan q_any_taken_over = {
	"SELECT FROM isms.certificate r WHERE r.transferred_from IS NOT NULL LIMIT 1",
	0, {InvalidOid}
};

/*
 * Whether the guard's query can find anything: one of the certificates $1
 * was taken over by a transfer.  (A probe of the index on transferred_from
 * per certificate; a bulk load of a registry without transfers meets an
 * empty index.)
 */
static IsmsPlan q_taken_over = {
	"SELECT FROM isms.certificate r"
	" WHERE r.transferred_from" EQ "ANY ($1)"
	" AND EXISTS (SELECT FROM isms.decision t WHERE t.certificate_id" EQ "r.id"
	"  AND t.kind::pg_catalog.text" EQ "'transfer')"
	" LIMIT 1",
	1, {INT8ARRAYOID}, .generic_only = true
};
/* The same for the bases of the certificates $1 (a probe of each). */
static IsmsPlan q_base_taken_over = {
	"SELECT FROM isms.certificate c"
	" JOIN isms.certificate r ON r.transferred_from" EQ "c.base_certificate_id"
	" WHERE c.id" EQ "ANY ($1)"
	" AND EXISTS (SELECT FROM isms.decision t WHERE t.certificate_id" EQ "r.id"
	"  AND t.kind::pg_catalog.text" EQ "'transfer')"
	" LIMIT 1",
	1, {INT8ARRAYOID}, .generic_only = true
};

/*
 * Run q (generic plan, one row at most) over ids[0..n), sorted, a chunk at
 * a time in order, until a chunk finds a row (left in SPI_tuptable): the
 * first by id where q orders by the ids it is given.
 */
static bool
first_row(IsmsPlan *q, int64 *ids, int n)
{
	int			from = 0;

	while (isms_exec_chunk(q, ids, n, &from, true, 1))
	{
		if (SPI_processed > 0)
			return true;
		SPI_freetuptable(SPI_tuptable);
	}
	return false;
}

/*
 * AFTER INSERT statement of isms.decision: a transfer is final, for the
 * certificate taken over and for its add-ons (which moved with it, in the
 * transaction of the transfer, or ended with it: a later decision of one,
 * say a grant dated before the transfer, would change the history the
 * transfer was checked against).  cert_ids are the certificates of the new
 * decisions, ncorrects how many of them correct another decision: the
 * query that names the offending decision runs only where one of them may
 * be refused.
 */
void
isms_transfer_guard(int64 *new_ids, int nnew, int64 *cert_ids, int ncert,
					int ncorrects, Relation rel)
{
	if (ending_sources || !isms_transfer_known())
		return;
	if (ncorrects == 0)
	{
		bool		any;

		isms_exec_plan(&q_any_taken_over, NULL, NULL, 0, false, true, 1);
		any = SPI_processed > 0;
		SPI_freetuptable(SPI_tuptable);
		if (!any)
			return;
		if (!first_row(&q_taken_over, cert_ids, ncert) &&
			!first_row(&q_base_taken_over, cert_ids, ncert))
			return;
		SPI_freetuptable(SPI_tuptable);
	}
	if (first_row(&q_guard, new_ids, nnew))
	{
		HeapTuple	t = SPI_tuptable->vals[0];
		TupleDesc	td = SPI_tuptable->tupdesc;

		isms_report_violation(isms_transfer_final_violation(SPI_getvalue(t, td, 1),
															SPI_getvalue(t, td, 2),
															SPI_getvalue(t, td, 3),
															SPI_getvalue(t, td, 4),
															SPI_getvalue(t, td, 5),
															SPI_getvalue(t, td, 6)),
							  rel);
	}
}

/* The withdrawals that end the certificates taken over by transfers $1. */
static IsmsPlan q_end = {
	"INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, reason)"
	" SELECT c.transferred_from, 'withdraw'::isms.decision_kind, d.decision_date,"
	" d.effective_date,"
	" pg_catalog.format('transfer to certificate %s of %s (decision %s)',"
	"  c.certificate_number, cb.code, d.id)"
	" FROM isms.decision d"
	" JOIN isms.certificate c ON c.id" EQ "d.certificate_id"
	" JOIN isms.certification_body cb ON cb.id" EQ "c.cb_id"
	" WHERE d.id" EQ "ANY ($1)"
	" AND d.kind::pg_catalog.text" EQ "'transfer'"
	" AND c.transferred_from IS NOT NULL"
	" ORDER BY c.transferred_from"
	" RETURNING certificate_id, effective_date",
	1, {INT8ARRAYOID}, .generic_only = true
};

/* Those of $1 that are bases of add-ons. */
static IsmsPlan q_bases = {
	"SELECT DISTINCT a.base_certificate_id FROM isms.certificate a"
	" WHERE a.base_certificate_id" EQ "ANY ($1)",
	1, {INT8ARRAYOID}, .generic_only = true
};

/* A no-op update that queues the deferred add-on trigger (addon_queue.c). */
static IsmsPlan q_queue = {
	"UPDATE isms.certificate SET base_certificate_id = base_certificate_id"
	" WHERE id" EQ "ANY ($1)",
	1, {INT8ARRAYOID}, .generic_only = true
};

static void
queue_base(int64 id, DateADT day)
{
	if (npending >= cappending)
	{
		int			newcap = Max(16, cappending * 2);

		pending = pending == NULL ?
			MemoryContextAlloc(TopTransactionContext, sizeof(PendingBase) * newcap) :
			repalloc(pending, sizeof(PendingBase) * newcap);
		cappending = newcap;
	}
	pending[npending].id = id;
	pending[npending].day = day;
	pending[npending].subid = GetCurrentSubTransactionId();
	npending++;
}

/*
 * AFTER INSERT statement of isms.decision, after the new decisions were
 * checked and stored: each transfer among new_ids ends the certificate it
 * took over on the transfer date, by a withdrawal recorded in that
 * certificate's history (its decision triggers check and store it, and
 * chain it).  Inside the owner's SPI connection.
 */
void
isms_transfer_end_sources(int64 *new_ids, int nnew)
{
	MemoryContext caller = CurrentMemoryContext;
	Datum		args[1];
	int64	   *ended;
	DateADT    *days;
	int			nended,
				i,
				j;

	if (transfers_filled == 0)
		return;
	transfers_filled = 0;
	args[0] = isms_int8_array(new_ids, nnew);
	ending_sources = true;
	PG_TRY();
	{
		isms_exec_plan(&q_end, args, NULL, nnew, false, false, 0);
	}
	PG_FINALLY();
	{
		ending_sources = false;
	}
	PG_END_TRY();
	MemoryContextSwitchTo(caller);
	nended = (int) SPI_processed;
	if (nended == 0)
		return;
	ended = palloc(sizeof(int64) * nended);
	days = palloc(sizeof(DateADT) * nended);
	for (i = 0; i < nended; i++)
	{
		bool		isnull;

		ended[i] = isms_getint8(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);
		days[i] = DatumGetDateADT(SPI_getbinval(SPI_tuptable->vals[i],
												SPI_tuptable->tupdesc, 2, &isnull));
	}
	args[0] = isms_int8_array(ended, nended);
	isms_exec_plan(&q_bases, args, NULL, nended, false, false, 0);
	MemoryContextSwitchTo(caller);
	if (SPI_processed == 0)
		return;
	{
		int			nb = (int) SPI_processed;
		int64	   *bases = palloc(sizeof(int64) * nb);
		bool		save = isms_internal_write;

		for (i = 0; i < nb; i++)
		{
			bool		isnull;

			bases[i] = isms_getint8(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull);
			for (j = 0; j < nended; j++)
				if (ended[j] == bases[i])
					queue_base(bases[i], days[j]);
		}
		args[0] = isms_int8_array(bases, nb);
		isms_internal_write = true;
		isms_exec_plan(&q_queue, args, NULL, nb, false, false, 0);
		isms_internal_write = save;
	}
	MemoryContextSwitchTo(caller);
}

/*
 * The deferred add-on trigger fired for base id (trg_certificate.c): if a
 * transfer of this transaction ended it, every add-on of it still valid on
 * its own on the transfer date stayed behind.  Inside SPI.
 */
void
isms_transfer_commit_check(int64 id, Relation rel)
{
	DateADT		day = 0;
	bool		found = false;
	int			i,
				n;
	IsmsCert   *certs;

	for (i = 0; i < npending; i++)
		if (pending[i].id == id)
		{
			day = pending[i].day;
			found = true;
			pending[i] = pending[--npending];
			i--;
		}
	if (!found)
		return;
	certs = isms_load(&id, 1, ISMS_LOAD_LOCK, &n);
	for (i = 0; i < n; i++)
	{
		IsmsCert   *a = &certs[i];

		if (a->base_id != id || a->base == NULL)
			continue;
		(void) isms_replay_history(a, day, ISMS_REPLAY_LENIENT);
		if (a->own_status == ISMS_ST_ACTIVE)
			isms_report_violation(isms_transfer_addon_left(a->base->number,
														   a->number, day),
								  rel);
	}
}

/*
 * BEFORE INSERT or UPDATE of isms.certificate (trg_certificate.c): the
 * certificate named in transferred_from is of the same organisation and
 * another body.  Read as the owner: it is another body's row.
 */
void
isms_transfer_check_link(Relation rel, HeapTuple tup)
{
	IsmsSpiUser su;
	static SPIPlanPtr plan = NULL;
	Oid			types[3] = {INT8OID, INT8OID, INT8OID};
	Datum		args[3];
	bool		isnull;
	IsmsViolation *v = NULL;

	if (SPI_fnumber(RelationGetDescr(rel), "transferred_from") <= 0)
		return;
	args[0] = isms_getattr(rel, tup, "transferred_from", &isnull);
	if (isnull)
		return;
	args[1] = isms_getattr(rel, tup, "organisation_id", &isnull);
	args[2] = isms_getattr(rel, tup, "cb_id", &isnull);
	isms_spi_connect_owner(&su);
	isms_execute_kept(&plan,
					  "SELECT f.organisation_id" EQ "$2, f.cb_id" EQ "$3"
					  " FROM isms.certificate f WHERE f.id" EQ "$1",
					  3, types, args, false, 1, SPI_OK_SELECT);
	/* no row: no such certificate; the foreign key reports it */
	if (SPI_processed > 0)
		v = isms_transfer_link_violation(isms_getvalue(rel, tup, "certificate_number"),
										 isms_getvalue(rel, tup, "transferred_from"),
										 isms_getbool(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1),
										 isms_getbool(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2));
	if (v != NULL)
		isms_report_violation(v, rel);
	isms_spi_finish_owner(&su);
}
