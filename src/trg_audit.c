/*-------------------------------------------------------------------------
 *
 * trg_audit.c
 *	  The row and replay triggers of isms.audit: audits are the evidence of
 *	  decisions, and an add-on's combined audit names its base's
 *	  (rules_addon.c).  The per-statement check of lead auditors and audit
 *	  time is in trg_audit_rules.c.
 *
 *	isms_audit_after_change	AFTER UPDATE/DELETE statement: replay the
 *				certificates whose evidence changed (rules_cycle.c,
 *				rules_scope.c, rules_programme.c); AFTER INSERT: store
 *				their derived dates (derived.c)
 *	isms_audit_combined		BEFORE INSERT/UPDATE row: rules_addon.c
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
 * BEFORE INSERT OR UPDATE FOR EACH ROW on isms.audit, WHEN combined_with
 * is set (rules_addon.c judges it): an add-on's audit held together with an audit of its
 * base names that audit, which is a surveillance or recertification audit
 * of the base certificate overlapping it in time.
 */
PG_FUNCTION_INFO_V1(isms_audit_combined);
Datum
isms_audit_combined(PG_FUNCTION_ARGS)
{
	IsmsSpiUser su;
	TriggerData *td = isms_trigger_data(fcinfo, "isms.audit_combined", true, true);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	HeapTuple	tup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	static SPIPlanPtr plan = NULL;
	static char *sql = NULL;	/* the audit kind as its code (isms_kind_case) */
	Oid			types[4] = {INT8OID, INT8OID, DATEOID, DATEOID};
	Datum		args[4];
	bool		isnull;

	args[0] = heap_getattr(tup, isms_attnum(rel, "certificate_id"), desc, &isnull);
	args[1] = heap_getattr(tup, isms_attnum(rel, "combined_with"), desc, &isnull);
	if (isnull)
		return PointerGetDatum(tup);
	args[2] = heap_getattr(tup, isms_attnum(rel, "start_date"), desc, &isnull);
	args[3] = heap_getattr(tup, isms_attnum(rel, "end_date"), desc, &isnull);

	if (sql == NULL)
		sql = MemoryContextStrdup(TopMemoryContext, psprintf(
			"SELECT c.certificate_number,"
			" coalesce(b.certificate_number, '?'),"
			" c.base_certificate_id IS NOT NULL"
			"  AND c.base_certificate_id OPERATOR(pg_catalog.=) o.certificate_id,"
			" %s,"
			" o.start_date OPERATOR(pg_catalog.<=) $4"
			"  AND o.end_date OPERATOR(pg_catalog.>=) $3"
			" FROM isms.certificate c, isms.audit o"
			" LEFT JOIN isms.certificate b ON b.id OPERATOR(pg_catalog.=) o.certificate_id"
			" WHERE c.id OPERATOR(pg_catalog.=) $1 AND o.id OPERATOR(pg_catalog.=) $2",
			isms_kind_case("o.kind", "isms.audit_kind", isms_audit_name,
						   ISMS_AK_LAST, ISMS_AK_LAST)));
	isms_spi_connect_owner(&su);
	isms_execute_kept(&plan, sql, 4, types, args, true, 1, SPI_OK_SELECT);
	if (SPI_processed > 0)
	{
		HeapTuple	t = SPI_tuptable->vals[0];
		TupleDesc	rd = SPI_tuptable->tupdesc;
		char	   *number = SPI_getvalue(t, rd, 1);
		char	   *other = isms_getvalue(rel, tup, "combined_with");
		int			kind = DatumGetInt32(SPI_getbinval(t, rd, 4, &isnull));
		IsmsViolation *v;

		v = isms_check_combined_audit(number, other, SPI_getvalue(t, rd, 2),
									  isms_getbool(t, rd, 3), kind,
									  isms_getbool(t, rd, 5));
		if (v != NULL)
			isms_report_violation(v, rel);
	}
	isms_spi_finish_owner(&su);
	return PointerGetDatum(tup);
}
