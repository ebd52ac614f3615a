/*-------------------------------------------------------------------------
 *
 * trg_audit.c
 *	  The replay triggers of isms.audit: audits are the evidence of
 *	  decisions.  The per-statement check of lead auditors, audit time and
 *	  combined audits is in trg_audit_rules.c.
 *
 *	isms_audit_after_change	AFTER UPDATE/DELETE statement: replay the
 *				certificates whose evidence changed (rules_cycle.c,
 *				rules_scope.c, rules_programme.c); AFTER INSERT: store
 *				their derived dates (derived.c)
 *	isms_audit_combined		the row trigger of 1.0, now a pass
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

/* the certificates among $1 with at least one decision */
static IsmsPlan q_decided = {
	"SELECT c.id FROM isms.certificate c"
	" WHERE c.id OPERATOR(pg_catalog.=) ANY ($1)"
	" AND EXISTS (SELECT FROM isms.decision d"
	"  WHERE d.certificate_id OPERATOR(pg_catalog.=) c.id)"
	" ORDER BY c.id",
	1, {INT8ARRAYOID}, .single = true, .generic_only = true
};

/*
 * Keep in ids (sorted, unique) the certificates that have decisions, and
 * return how many.  A certificate without decisions has none whose evidence
 * an audit could take away, no obligation an audit could meet and no
 * derived row (derived.c): its audits need no replay, so that the audits
 * of a registry loaded table by table, before its decisions, cost no
 * replay.  The certificates are locked first, as a replay would lock them,
 * and then read by a snapshot taken after the locks (in every isolation
 * level, as isms_load reads): a first decision committed meanwhile is seen
 * (and its evidence checked again after a deletion), and one recorded
 * later waits for this transaction and then sees its audits.  Inside SPI.
 */
static int
decided_only(int64 *ids, int n)
{
	MemoryContext caller = CurrentMemoryContext;
	int			from = 0,
				kept = 0;

	isms_lock_certificates(ids, n);
	/*
	 * Read-write: under READ COMMITTED a new snapshot, taken after the
	 * locks.  A chunk's rows are among its ids, in order: kept never passes
	 * the chunk's start.
	 */
	while (isms_exec_chunk(&q_decided, ids, n, &from, true, 0))
	{
		uint64		r;

		MemoryContextSwitchTo(caller);
		for (r = 0; r < SPI_processed; r++)
		{
			bool		isnull;

			ids[kept++] = isms_getint8(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull);
		}
		SPI_freetuptable(SPI_tuptable);
	}
	return kept;
}

/*
 * AFTER UPDATE or DELETE FOR EACH STATEMENT: audits are the evidence of
 * decisions (rules_cycle.c, rules_scope.c, rules_programme.c); every affected
 * certificate's decisions must still have theirs.  AFTER INSERT: new audits
 * take nothing from a recorded decision, but they meet obligations, so the
 * certificates are replayed leniently and their derived dates stored (the
 * next audit deadline, the sweep's next look, derived.c).
 */
PG_FUNCTION_INFO_V1(isms_audit_after_change);
Datum
isms_audit_after_change(PG_FUNCTION_ARGS)
{
	IsmsSpiUser su;
	TriggerData *td = isms_trigger_data(fcinfo, "isms.audit_after_change", false, false);
	Relation	rel = td->tg_relation;
	int			a_cert = isms_attnum(rel, "certificate_id");
	int			nold,
				nnew,
				n;
	IsmsCollect oldc = {.attnum = a_cert, .how = ISMS_COLLECT_UNIQUE};
	IsmsCollect newc = {.attnum = a_cert, .how = ISMS_COLLECT_UNIQUE};
	int64	   *all;

	/* the certificates of the statement's rows (their distinct ids) */
	isms_collect_columns(td->tg_oldtable, rel, &oldc, 1);
	isms_collect_columns(td->tg_newtable, rel, &newc, 1);
	nold = oldc.n;
	nnew = newc.n;
	all = palloc(sizeof(int64) * Max(nold + nnew, 1));
	memcpy(all, oldc.ids, sizeof(int64) * nold);
	memcpy(all + nold, newc.ids, sizeof(int64) * nnew);
	n = isms_sort_unique(all, nold + nnew);
	if (n == 0)
		return PointerGetDatum(NULL);

	isms_spi_connect_statement(&su);
	n = decided_only(all, n);
	if (n > 0)
		isms_replay_and_store(all, n, NULL, 0,
							  TRIGGER_FIRED_BY_INSERT(td->tg_event) ?
							  ISMS_REPLAY_LENIENT : ISMS_REPLAY_AUDITS, rel);
	isms_spi_finish_owner(&su);
	return PointerGetDatum(NULL);
}

/*
 * The row trigger of version 1.0 (audit_combined, BEFORE INSERT OR UPDATE
 * FOR EACH ROW WHEN combined_with is set), until ALTER EXTENSION UPDATE
 * drops it: the row passes, since the statement's check
 * (isms_audit_rules_check, trg_audit_rules.c) judges combined audits; the
 * row trigger did not see the base's audit when it came in the same
 * statement.
 */
PG_FUNCTION_INFO_V1(isms_audit_combined);
Datum
isms_audit_combined(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.audit_combined", true, true);

	return PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(td->tg_event) ?
						   td->tg_newtuple : td->tg_trigtuple);
}
