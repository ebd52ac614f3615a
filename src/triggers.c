/*-------------------------------------------------------------------------
 *
 * triggers.c
 *	  The C triggers that enforce the scheme on isms's tables.
 *
 *	isms.decision	BEFORE INSERT row: fill effective_date, row-local checks
 *					AFTER INSERT statement: replay the affected certificates
 *					BEFORE UPDATE/DELETE/TRUNCATE statement: LOG-1
 *	isms.audit		AFTER UPDATE/DELETE statement: recheck evidence
 *	isms.certificate BEFORE INSERT/UPDATE row: derived columns are read-only
 *	isms.accreditation AFTER UPDATE/DELETE statement: ACC-1 still holds
 *	isms.scheme, isms.standard BEFORE UPDATE/DELETE row: shipped rows
 *
 * The statement-level triggers read the transition tables directly and work
 * on all the rows of a statement at once, so a COPY of many decisions costs
 * a handful of queries, not a handful per row.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "access/htup_details.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "executor/tuptable.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/datum.h"
#include "utils/tuplestore.h"

/* trigger protocol checks (internal errors in the style of core) */
static TriggerData *
trigger_data(FunctionCallInfo fcinfo, const char *fn, bool before, bool row)
{
	TriggerData *td;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" was not called by trigger manager", fn)));
	td = (TriggerData *) fcinfo->context;
	if ((TRIGGER_FIRED_BEFORE(td->tg_event) != 0) != before ||
		(TRIGGER_FIRED_FOR_ROW(td->tg_event) != 0) != row)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired %s %s", fn,
						before ? "BEFORE" : "AFTER",
						row ? "FOR EACH ROW" : "FOR EACH STATEMENT")));
	return td;
}

static int
attnum_of(Relation rel, const char *name)
{
	int			n = SPI_fnumber(RelationGetDescr(rel), name);

	if (n <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_TRIGGERED_ACTION_EXCEPTION),
				 errmsg("relation \"%s\" has no column \"%s\"",
						RelationGetRelationName(rel), name)));
	return n;
}

/*
 * Collect the int8 values of column attnum from a transition table.
 */
static int64 *
collect_int8(Tuplestorestate *ts, Relation rel, int attnum, int *n)
{
	TupleTableSlot *slot;
	int			cap = 256,
				k = 0;
	int64	   *out = palloc(sizeof(int64) * cap);

	if (ts == NULL)
	{
		*n = 0;
		return out;
	}
	slot = MakeSingleTupleTableSlot(RelationGetDescr(rel), &TTSOpsMinimalTuple);
	tuplestore_rescan(ts);
	while (tuplestore_gettupleslot(ts, true, false, slot))
	{
		bool		isnull;
		Datum		v = slot_getattr(slot, attnum, &isnull);

		if (isnull)
			continue;
		if (k >= cap)
		{
			cap *= 2;
			out = repalloc(out, sizeof(int64) * cap);
		}
		out[k++] = DatumGetInt64(v);
	}
	ExecDropSingleTupleTableSlot(slot);
	*n = k;
	return out;
}

/*
 * Replay the certificates with these (sorted, unique) ids in the given mode,
 * with their rows locked, and store what changed.  new_ids (sorted) are the
 * decisions the current statement inserted; they get every check.
 */
static void
replay_and_store(int64 *cert_ids, int ncids, int64 *new_ids, int nnew,
				 IsmsReplayMode mode, Relation rel)
{
	int			ncert,
				i,
				j;
	IsmsCert   *certs = isms_load(cert_ids, ncids, true, &ncert);
	DateADT		today = GetSQLCurrentDate();

	if (nnew > 0)
	{
		for (i = 0; i < ncert; i++)
			for (j = 0; j < certs[i].ndec; j++)
				certs[i].dec[j].is_new = bsearch(&certs[i].dec[j].id, new_ids, nnew,
												 sizeof(int64), isms_cmp_int64) != NULL;
		isms_check_new_decisions(certs, ncert, rel);
	}
	for (i = 0; i < ncert; i++)
		isms_replay(&certs[i], today, mode, rel);
	isms_store(certs, ncert, mode == ISMS_REPLAY_NEW);
}

/* ----------------------------------------------------------------
 * isms.decision
 * ---------------------------------------------------------------- */

/*
 * BEFORE INSERT FOR EACH ROW: effective_date defaults to decision_date;
 * row-local rules are reported here with their rule IDs (the CHECK
 * constraints of the table repeat them as a backstop).
 */
PG_FUNCTION_INFO_V1(isms_decision_before_insert);
Datum
isms_decision_before_insert(PG_FUNCTION_ARGS)
{
	TriggerData *td = trigger_data(fcinfo, "isms_decision_before_insert", true, true);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	HeapTuple	tup = td->tg_trigtuple;
	int			a_decided = attnum_of(rel, "decision_date");
	int			a_effective = attnum_of(rel, "effective_date");
	bool		dnull,
				enull;
	Datum		decided = heap_getattr(tup, a_decided, desc, &dnull);
	Datum		effective = heap_getattr(tup, a_effective, desc, &enull);
	char		b1[ISMS_DATEBUF],
				b2[ISMS_DATEBUF];

	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired for INSERT",
						"isms_decision_before_insert")));
	if (dnull)
		return PointerGetDatum(tup);	/* NOT NULL will report it */

	if (DATE_NOT_FINITE(DatumGetDateADT(decided)) ||
		(!enull && DATE_NOT_FINITE(DatumGetDateADT(effective))))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("decision dates must be finite"),
				 errtable(rel)));

	if (enull)
	{
		bool		isnull = false;

		tup = heap_modify_tuple_by_cols(tup, desc, 1, &a_effective, &decided, &isnull);
		effective = decided;
	}
	else if (DatumGetDateADT(effective) < DatumGetDateADT(decided))
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("decision cannot take effect before it is decided"),
				 errdetail("Rule CYC-4: the effective date %s is before the decision date %s.",
						   (isms_format_date(DatumGetDateADT(effective), b1), b1),
						   (isms_format_date(DatumGetDateADT(decided), b2), b2)),
				 errhint("Leave effective_date empty to use the decision date."),
				 errtableconstraint(rel, "CYC-4")));

	/*
	 * A grant, recertification or restoration without new_expiry gets the
	 * latest expiry date CYC-3 allows (this path reads the certificate's
	 * history, so bulk loads should give new_expiry).
	 */
	{
		int			a_expiry = attnum_of(rel, "new_expiry");
		bool		xnull,
					knull,
					cnull;
		Datum		kind;
		Datum		cert;
		int			code;

		Datum		xv = heap_getattr(tup, a_expiry, desc, &xnull);

		if (!xnull && DATE_NOT_FINITE(DatumGetDateADT(xv)))
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
					 errmsg("decision dates must be finite"),
					 errtable(rel)));
		if (xnull)
		{
			kind = heap_getattr(tup, attnum_of(rel, "kind"), desc, &knull);
			cert = heap_getattr(tup, attnum_of(rel, "certificate_id"), desc, &cnull);
			code = knull ? 0 : isms_decision_code(DatumGetCString(DirectFunctionCall1(enum_out, kind)));
			if (!cnull && (code == ISMS_DK_GRANT || code == ISMS_DK_RECERTIFY ||
						   code == ISMS_DK_RESTORE))
			{
				DateADT		latest;
				bool		found;
				bool		isnull = false;
				Datum		v;

				if (SPI_connect() != SPI_OK_CONNECT)
					elog(ERROR, "SPI_connect failed");
				found = isms_cert_latest_expiry(DatumGetInt64(cert), code,
												DatumGetDateADT(decided), true,
												&latest);
				SPI_finish();
				if (found)
				{
					v = DateADTGetDatum(latest);
					tup = heap_modify_tuple_by_cols(tup, desc, 1, &a_expiry, &v, &isnull);
				}
			}
		}
	}
	return PointerGetDatum(tup);
}

/*
 * AFTER INSERT FOR EACH STATEMENT, REFERENCING NEW TABLE: check the new
 * decisions against other tables, then replay every affected certificate's
 * whole history with the new decisions in place and store the result.
 */
PG_FUNCTION_INFO_V1(isms_decision_after_insert);
Datum
isms_decision_after_insert(PG_FUNCTION_ARGS)
{
	TriggerData *td = trigger_data(fcinfo, "isms_decision_after_insert", false, false);
	Relation	rel = td->tg_relation;
	int			nnew,
				ncids;
	int64	   *new_ids,
			   *cert_ids;

	if (td->tg_newtable == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" needs a REFERENCING NEW TABLE clause",
						"isms_decision_after_insert")));

	new_ids = collect_int8(td->tg_newtable, rel, attnum_of(rel, "id"), &nnew);
	cert_ids = collect_int8(td->tg_newtable, rel, attnum_of(rel, "certificate_id"), &ncids);
	if (nnew == 0)
		return PointerGetDatum(NULL);
	nnew = isms_sort_unique(new_ids, nnew);
	ncids = isms_sort_unique(cert_ids, ncids);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	replay_and_store(cert_ids, ncids, new_ids, nnew, ISMS_REPLAY_NEW, rel);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* BEFORE UPDATE OR DELETE OR TRUNCATE FOR EACH STATEMENT: LOG-1. */
PG_FUNCTION_INFO_V1(isms_decision_immutable);
Datum
isms_decision_immutable(PG_FUNCTION_ARGS)
{
	TriggerData *td = trigger_data(fcinfo, "isms_decision_immutable", true, false);
	const char *op = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? "UPDATE" :
		TRIGGER_FIRED_BY_DELETE(td->tg_event) ? "DELETE" : "TRUNCATE";

	ereport(ERROR,
			(errcode(ERRCODE_RESTRICT_VIOLATION),
			 errmsg("%s of certification decisions is not allowed", op),
			 errdetail("Rule LOG-1: decisions are history; they are never updated or deleted."),
			 errhint("Insert a compensating decision whose \"corrects\" column names the decision it corrects."),
			 errtableconstraint(td->tg_relation, "LOG-1")));
	PG_RETURN_NULL();
}

/* ----------------------------------------------------------------
 * isms.audit
 * ---------------------------------------------------------------- */

/*
 * AFTER UPDATE or DELETE FOR EACH STATEMENT: audits are the evidence of
 * decisions (CYC-1, REC-1, REC-3, REC-4, SCO-1, SUR-1/2); every affected
 * certificate's decisions must still have theirs.
 */
PG_FUNCTION_INFO_V1(isms_audit_after_change);
Datum
isms_audit_after_change(PG_FUNCTION_ARGS)
{
	TriggerData *td = trigger_data(fcinfo, "isms_audit_after_change", false, false);
	Relation	rel = td->tg_relation;
	int			a_cert = attnum_of(rel, "certificate_id");
	int			nold,
				nnew,
				n;
	int64	   *oldc = collect_int8(td->tg_oldtable, rel, a_cert, &nold);
	int64	   *newc = collect_int8(td->tg_newtable, rel, a_cert, &nnew);
	int64	   *all = palloc(sizeof(int64) * Max(nold + nnew, 1));

	memcpy(all, oldc, sizeof(int64) * nold);
	memcpy(all + nold, newc, sizeof(int64) * nnew);
	n = isms_sort_unique(all, nold + nnew);
	if (n == 0)
		return PointerGetDatum(NULL);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	replay_and_store(all, n, NULL, 0, ISMS_REPLAY_AUDITS, rel);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* ----------------------------------------------------------------
 * isms.certificate
 * ---------------------------------------------------------------- */

static const char *const derived_columns[] = {
	"status", "original_certification_date", "cycle_start", "expiry_date",
	"revision"
};

/* Columns fixed once a certificate has decisions (changed by decisions only). */
static const char *const locked_columns[] = {
	"cb_id", "organisation_id", "standard", "scope_statement"
};

static bool
column_differs(Relation rel, HeapTuple a, HeapTuple b, int attnum)
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
 * BEFORE INSERT OR UPDATE FOR EACH ROW.  The derived columns (status,
 * dates, revision) are a cache of the decision history: only isms writes
 * them.  Once a certificate has decisions, its body, organisation,
 * standard and scope change only through decisions (SCO-1, transitions).
 */
PG_FUNCTION_INFO_V1(isms_certificate_guard);
Datum
isms_certificate_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = trigger_data(fcinfo, "isms_certificate_guard", true, true);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	int			i;

	if (isms_internal_write && TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		return PointerGetDatum(td->tg_newtuple);

	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		HeapTuple	tup = td->tg_trigtuple;
		bool		isnull;
		Datum		st = heap_getattr(tup, attnum_of(rel, "status"), desc, &isnull);
		Datum		rev = heap_getattr(tup, attnum_of(rel, "revision"), desc, &isnull);

		for (i = 1; i < (int) lengthof(derived_columns) - 1; i++)
		{
			heap_getattr(tup, attnum_of(rel, derived_columns[i]), desc, &isnull);
			if (!isnull)
				break;
		}
		if ((DatumGetIsmsStatus(st) != ISMS_ST_DRAFT) ||
			i < (int) lengthof(derived_columns) - 1 || DatumGetInt32(rev) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_GENERATED_ALWAYS),
					 errmsg("a new certificate must be a draft"),
					 errdetail("The status, dates and revision of a certificate derive from its decisions; a new certificate is a draft with none of them set."),
					 errhint("Insert the certificate with its defaults, then record its audits and decisions in isms.audit and isms.decision."),
					 errtable(rel)));
		return PointerGetDatum(tup);
	}

	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		HeapTuple	oldt = td->tg_trigtuple;
		HeapTuple	newt = td->tg_newtuple;
		bool		locked_change = false;
		const char *col = NULL;

		for (i = 0; i < (int) lengthof(derived_columns); i++)
			if (column_differs(rel, oldt, newt, attnum_of(rel, derived_columns[i])))
				ereport(ERROR,
						(errcode(ERRCODE_GENERATED_ALWAYS),
						 errmsg("column \"%s\" of a certificate can only be changed by decisions",
								derived_columns[i]),
						 errdetail("The status, dates and revision of a certificate derive from its decisions (LOG-1)."),
						 errhint("Insert a decision into isms.decision; call isms.sweep() to apply changes due by date."),
						 errtablecol(rel, attnum_of(rel, derived_columns[i]))));
		for (i = 0; i < (int) lengthof(locked_columns) && !locked_change; i++)
			if (column_differs(rel, oldt, newt, attnum_of(rel, locked_columns[i])))
			{
				locked_change = true;
				col = locked_columns[i];
			}
		if (locked_change)
		{
			bool		isnull;
			Datum		id = heap_getattr(oldt, attnum_of(rel, "id"), desc, &isnull);
			Oid			argtypes[1] = {INT8OID};
			static SPIPlanPtr plan = NULL;
			int			ret;
			bool		has_decisions;

			if (SPI_connect() != SPI_OK_CONNECT)
				elog(ERROR, "SPI_connect failed");
			if (plan == NULL)
			{
				plan = SPI_prepare("SELECT 1 FROM isms.decision"
								   " WHERE certificate_id OPERATOR(pg_catalog.=) $1 LIMIT 1",
								   1, argtypes);
				if (plan == NULL || SPI_keepplan(plan) != 0)
					elog(ERROR, "SPI_prepare failed");
			}
			ret = SPI_execute_plan(plan, &id, NULL, false, 1);
			if (ret != SPI_OK_SELECT)
				elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
			has_decisions = SPI_processed > 0;
			SPI_finish();
			if (has_decisions)
				ereport(ERROR,
						(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						 errmsg("column \"%s\" of certificate \"%s\" cannot be changed after decisions were recorded",
								col, SPI_getvalue(oldt, desc, attnum_of(rel, "certificate_number"))),
						 errdetail("Rule SCO-1 and LOG-1: a certificate with decisions changes scope only by \"reduce_scope\" or \"extend_scope\" decisions and standard only by \"transition\" decisions; its body and organisation never change."),
						 errhint("Record the change as a decision, or certify under a new certificate."),
						 errtablecol(rel, attnum_of(rel, col))));
		}
		return PointerGetDatum(newt);
	}
	ereport(ERROR,
			(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
			 errmsg("function \"%s\" must be fired for INSERT or UPDATE",
					"isms_certificate_guard")));
	PG_RETURN_NULL();
}

/* ----------------------------------------------------------------
 * isms.accreditation
 * ---------------------------------------------------------------- */

/*
 * AFTER UPDATE or DELETE FOR EACH STATEMENT: every recorded decision of the
 * affected certification bodies must still be covered (ACC-1).
 */
PG_FUNCTION_INFO_V1(isms_accreditation_after_change);
Datum
isms_accreditation_after_change(PG_FUNCTION_ARGS)
{
	TriggerData *td = trigger_data(fcinfo, "isms_accreditation_after_change", false, false);
	Relation	rel = td->tg_relation;
	int			n;
	int64	   *cbs = collect_int8(td->tg_oldtable, rel, attnum_of(rel, "cb_id"), &n);

	n = isms_sort_unique(cbs, n);
	if (n == 0)
		return PointerGetDatum(NULL);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	isms_check_accreditation_cover(cbs, n, rel);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/* ----------------------------------------------------------------
 * shipped reference rows
 * ---------------------------------------------------------------- */

/*
 * BEFORE INSERT OR UPDATE OR DELETE FOR EACH ROW on isms.scheme and
 * isms.standard: rows the extension ships (shipped = true) are read-only,
 * and no other row can claim to be shipped, because pg_dump does not keep
 * shipped rows (the extension recreates them).
 */
PG_FUNCTION_INFO_V1(isms_reference_guard);
Datum
isms_reference_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = trigger_data(fcinfo, "isms_reference_guard", true, true);
	Relation	rel = td->tg_relation;
	int			a_shipped = attnum_of(rel, "shipped");
	bool		isnull,
				newnull = true;
	Datum		shipped = heap_getattr(td->tg_trigtuple, a_shipped,
									   RelationGetDescr(rel), &isnull);
	Datum		newshipped = (Datum) 0;

	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		newshipped = heap_getattr(td->tg_newtuple, a_shipped,
								  RelationGetDescr(rel), &newnull);
	if ((!isnull && DatumGetBool(shipped)) ||
		(!newnull && DatumGetBool(newshipped)))
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("rows shipped with the isms extension cannot be added or changed"),
				 errdetail("Table \"%s\" keeps the shipped rows read-only so that pg_dump and a new CREATE EXTENSION agree.",
						   RelationGetRelationName(rel)),
				 errhint("Change scheme parameters in isms.scheme_setting, or add rows of your own."),
				 errtable(rel)));
	return PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple
						   : td->tg_trigtuple);
}
