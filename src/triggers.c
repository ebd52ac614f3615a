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
#include "utils/inval.h"
#include "utils/timestamp.h"
#include "utils/tuplestore.h"

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
	IsmsCert   *certs = isms_load(cert_ids, ncids, ISMS_LOAD_LOCK, &ncert);
	DateADT		today = GetSQLCurrentDate();

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
	isms_store(certs, ncert);
	if (nnew > 0)
		isms_queue_addon_checks(certs, ncert);
}

/* ----------------------------------------------------------------
 * isms.decision
 * ---------------------------------------------------------------- */

/* Column numbers of isms.decision, looked up once per relation. */
typedef struct DecisionColumns
{
	Oid			relid;
	int			decided,
				effective,
				expiry,
				kind,
				cert,
				recorded,
				corrects;
	Oid			annul;			/* OID of the enum label 'annul' */
} DecisionColumns;

static DecisionColumns dcols;

static const DecisionColumns *
decision_columns(Relation rel)
{
	if (dcols.relid != RelationGetRelid(rel))
	{
		dcols.decided = attnum_of(rel, "decision_date");
		dcols.effective = attnum_of(rel, "effective_date");
		dcols.expiry = attnum_of(rel, "new_expiry");
		dcols.kind = attnum_of(rel, "kind");
		dcols.cert = attnum_of(rel, "certificate_id");
		dcols.recorded = attnum_of(rel, "recorded_at");
		dcols.corrects = attnum_of(rel, "corrects");
		dcols.annul = DatumGetObjectId(DirectFunctionCall2(enum_in,
														   CStringGetDatum("annul"),
														   ObjectIdGetDatum(TupleDescAttr(RelationGetDescr(rel), dcols.kind - 1)->atttypid)));
		dcols.relid = RelationGetRelid(rel);
	}
	return &dcols;
}

static void
require_finite(Relation rel, Datum d, bool isnull)
{
	if (!isnull && DATE_NOT_FINITE(DatumGetDateADT(d)))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("decision dates must be finite"),
				 errdetail("A decision date, effective date or new expiry date is infinite."),
				 errtable(rel)));
}

/*
 * BEFORE INSERT FOR EACH ROW: effective_date defaults to decision_date,
 * recorded_at is the transaction's timestamp, and a grant, recertification
 * or restoration without new_expiry gets the latest date CYC-3 allows.
 * CYC-4 is reported here with its rule ID (the table's CHECK constraint
 * repeats it as a backstop).
 */
PG_FUNCTION_INFO_V1(isms_decision_before_insert);
Datum
isms_decision_before_insert(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.decision_before_insert", true, true);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	const DecisionColumns *col = decision_columns(rel);
	HeapTuple	tup = td->tg_trigtuple;
	bool		dnull,
				enull,
				xnull;
	Datum		decided = heap_getattr(tup, col->decided, desc, &dnull);
	Datum		effective = heap_getattr(tup, col->effective, desc, &enull);
	Datum		expiry = heap_getattr(tup, col->expiry, desc, &xnull);
	int			cols[3];
	Datum		vals[3];
	bool		nulls[3] = {false, false, false};
	int			n = 0;
	char		b1[ISMS_DATEBUF],
				b2[ISMS_DATEBUF];

	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired for INSERT",
						"isms.decision_before_insert")));

	/* LOG-1: an annulment names what it voids */
	{
		bool		knull,
					rnull;
		Datum		kind = heap_getattr(tup, col->kind, desc, &knull);

		heap_getattr(tup, col->corrects, desc, &rnull);
		if (!knull && rnull && DatumGetObjectId(kind) == col->annul)
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("an annul decision must name the decision it voids"),
					 errdetail("Rule LOG-1: an \"annul\" decision voids the decision named in its \"corrects\" column, which is empty."),
					 errhint("Set corrects to the id of the decision recorded by mistake."),
					 errtableconstraint(rel, "LOG-1")));
	}

	/* the time of recording is not the writer's to choose */
	cols[n] = col->recorded;
	vals[n++] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());

	if (dnull)
		return PointerGetDatum(heap_modify_tuple_by_cols(tup, desc, n, cols, vals, nulls));
	require_finite(rel, decided, false);
	require_finite(rel, effective, enull);
	require_finite(rel, expiry, xnull);

	if (enull)
	{
		cols[n] = col->effective;
		vals[n++] = decided;
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
	 * The default new_expiry reads the certificate's history (including the
	 * earlier rows of this statement), so bulk loads should give new_expiry.
	 */
	if (xnull)
	{
		bool		knull,
					cnull;
		Datum		kind = heap_getattr(tup, col->kind, desc, &knull);
		Datum		cert = heap_getattr(tup, col->cert, desc, &cnull);
		int			code = knull ? 0 :
			isms_decision_code(DatumGetCString(DirectFunctionCall1(enum_out, kind)));

		if (!cnull && (code == ISMS_DK_GRANT || code == ISMS_DK_RECERTIFY ||
					   code == ISMS_DK_RESTORE))
		{
			DateADT		latest;
			bool		found;

			if (SPI_connect() != SPI_OK_CONNECT)
				elog(ERROR, "SPI_connect failed");
			found = isms_cert_latest_expiry(DatumGetInt64(cert), code,
											DatumGetDateADT(decided), true,
											&latest);
			SPI_finish();
			if (found)
			{
				cols[n] = col->expiry;
				vals[n++] = DateADTGetDatum(latest);
			}
		}
	}
	return PointerGetDatum(heap_modify_tuple_by_cols(tup, desc, n, cols, vals, nulls));
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
	TriggerData *td = isms_trigger_data(fcinfo, "isms.decision_after_insert", false, false);
	Relation	rel = td->tg_relation;
	int			nnew,
				ncids;
	int64	   *new_ids,
			   *cert_ids;

	if (td->tg_newtable == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" needs a REFERENCING NEW TABLE clause",
						"isms.decision_after_insert")));

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
	TriggerData *td = isms_trigger_data(fcinfo, "isms.decision_immutable", true, false);

	ereport(ERROR,
			(errcode(ERRCODE_RESTRICT_VIOLATION),
			 TRIGGER_FIRED_BY_UPDATE(td->tg_event) ?
			 errmsg("certification decisions cannot be updated") :
			 TRIGGER_FIRED_BY_DELETE(td->tg_event) ?
			 errmsg("certification decisions cannot be deleted") :
			 errmsg("certification decisions cannot be truncated"),
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
	TriggerData *td = isms_trigger_data(fcinfo, "isms.audit_after_change", false, false);
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

/* Written by isms only: derived from the decisions, or kept by this trigger. */
static const char *const derived_columns[] = {
	"status", "original_certification_date", "cycle_start", "expiry_date",
	"revision", "initial_scope_statement", "initial_standard", "initial_scope"
};

/* Fixed once a certificate has decisions (scope and standard then change by decisions). */
static const char *const locked_columns[] = {
	"cb_id", "organisation_id", "certificate_number", "standard", "scope_statement",
	"scope", "base_certificate_id"
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

/* A query of a trigger, prepared on first use and kept. */
static SPIPlanPtr
keep_plan(SPIPlanPtr *plan, const char *sql, int nargs, Oid *argtypes)
{
	if (*plan == NULL)
		*plan = isms_prepare_kept(sql, nargs, argtypes, 0);
	return *plan;
}

static bool
has_decisions(Datum id)
{
	static SPIPlanPtr plan = NULL;
	Oid			argtypes[1] = {INT8OID};
	int			ret;
	bool		found;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ret = SPI_execute_plan(keep_plan(&plan, "SELECT 1 FROM isms.decision"
									 " WHERE certificate_id OPERATOR(pg_catalog.=) $1 LIMIT 1",
									 1, argtypes),
						   &id, NULL, false, 1);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	found = SPI_processed > 0;
	SPI_finish();
	return found;
}


/*
 * ADD-1: a certificate that names a base is one of an add-on standard (one
 * with an edition that needs a base) and names an ISO/IEC 27001 certificate
 * (of scheme ISMS, itself without a base) of the same organisation and
 * certification body.  The base row
 * is locked FOR SHARE, so that it cannot change under the link.  And a
 * certificate with add-ons keeps its organisation, body and scheme.
 */
static void
check_base_link(Relation rel, HeapTuple tup, bool check_addons)
{
	static SPIPlanPtr base_plan = NULL;
	static SPIPlanPtr addons_plan = NULL;
	TupleDesc	desc = RelationGetDescr(rel);
	bool		bnull,
				isnull;
	Datum		args[4];
	Datum		stdtext;
	int			ret;

	args[0] = heap_getattr(tup, attnum_of(rel, "base_certificate_id"), desc, &bnull);
	args[1] = heap_getattr(tup, attnum_of(rel, "organisation_id"), desc, &isnull);
	args[2] = heap_getattr(tup, attnum_of(rel, "cb_id"), desc, &isnull);
	args[3] = heap_getattr(tup, attnum_of(rel, "id"), desc, &isnull);
	stdtext = CStringGetTextDatum(SPI_getvalue(tup, desc, attnum_of(rel, "standard")));

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (!bnull)
	{
		Oid			btypes[5] = {INT8OID, INT8OID, INT8OID, INT8OID, TEXTOID};
		Datum		bargs[5] = {args[0], args[1], args[2], args[3], stdtext};
		const char *why = NULL;
		HeapTuple	t;
		TupleDesc	td;

		ret = SPI_execute_plan(keep_plan(&base_plan,
										 "SELECT b.certificate_number, b.organisation_id OPERATOR(pg_catalog.=) $2,"
										 " b.cb_id OPERATOR(pg_catalog.=) $3, bs.scheme,"
										 " b.base_certificate_id IS NULL, cs.scheme,"
										 " b.id OPERATOR(pg_catalog.=) $4,"
										 " cs.needs_base OR EXISTS (SELECT 1 FROM isms.standard s2"
										 "  WHERE s2.needs_base AND s2.number OPERATOR(pg_catalog.=) cs.number),"
										 " cs.ref::pg_catalog.text"
										 " FROM isms.certificate b"
										 " JOIN isms.standard bs ON bs.ref OPERATOR(pg_catalog.=) b.standard,"
										 " isms.standard cs"
										 " WHERE b.id OPERATOR(pg_catalog.=) $1"
										 " AND cs.ref OPERATOR(pg_catalog.=) $5::isms.stdref"
										 " FOR SHARE OF b",
										 5, btypes),
							   bargs, NULL, false, 1);
		if (ret != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
		/* no row: no such base; the foreign key reports it */
		if (SPI_processed > 0)
		{
			t = SPI_tuptable->vals[0];
			td = SPI_tuptable->tupdesc;
			if (strcmp(SPI_getvalue(t, td, 7), "t") == 0)
				why = "a certificate cannot be its own base";
			else if (strcmp(SPI_getvalue(t, td, 6), "ISMS") == 0)
				why = "an ISO/IEC 27001 certificate cannot itself be an add-on";
			else if (strcmp(SPI_getvalue(t, td, 8), "t") != 0)
				why = psprintf("\"%s\" is not an add-on standard (no edition of it needs a base, isms.standard.needs_base)",
							   SPI_getvalue(t, td, 9));
			else if (strcmp(SPI_getvalue(t, td, 4), "ISMS") != 0 ||
					 strcmp(SPI_getvalue(t, td, 5), "t") != 0)
				why = psprintf("certificate \"%s\" is not an ISO/IEC 27001 certificate (scheme ISMS) without a base of its own",
							   SPI_getvalue(t, td, 1));
			else if (strcmp(SPI_getvalue(t, td, 2), "t") != 0)
				why = psprintf("base certificate \"%s\" belongs to another organisation",
							   SPI_getvalue(t, td, 1));
			else if (strcmp(SPI_getvalue(t, td, 3), "t") != 0)
				why = psprintf("base certificate \"%s\" was issued by another certification body",
							   SPI_getvalue(t, td, 1));
			if (why)
				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("certificate \"%s\" cannot have base certificate \"%s\"",
								SPI_getvalue(tup, desc, attnum_of(rel, "certificate_number")),
								SPI_getvalue(t, td, 1)),
						 errdetail("Rule ADD-1: an add-on's base is an ISO/IEC 27001 certificate of the same organisation from the same certification body; %s.",
								   why),
						 errhint("Name the organisation's ISO/IEC 27001 certificate issued by the same certification body."),
						 errtableconstraint(rel, "ADD-1")));
		}
	}
	if (check_addons)
	{
		Oid			atypes[4] = {INT8OID, INT8OID, INT8OID, TEXTOID};
		Datum		aargs[4] = {args[3], args[1], args[2], stdtext};

		ret = SPI_execute_plan(keep_plan(&addons_plan,
										 "SELECT a.certificate_number FROM isms.certificate a"
										 " WHERE a.base_certificate_id OPERATOR(pg_catalog.=) $1"
										 " AND (a.organisation_id OPERATOR(pg_catalog.<>) $2"
										 "  OR a.cb_id OPERATOR(pg_catalog.<>) $3"
										 "  OR (SELECT s.scheme FROM isms.standard s"
										 "      WHERE s.ref OPERATOR(pg_catalog.=) $4::isms.stdref)"
										 "     OPERATOR(pg_catalog.<>) 'ISMS')"
										 " ORDER BY a.id LIMIT 1",
										 4, atypes),
							   aargs, NULL, false, 1);
		if (ret != SPI_OK_SELECT)
			elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
		if (SPI_processed > 0)
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("certificate \"%s\" is the base of add-on certificate \"%s\"",
							SPI_getvalue(tup, desc, attnum_of(rel, "certificate_number")),
							SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1)),
					 errdetail("Rule ADD-1: a base stays an ISO/IEC 27001 certificate of its add-ons' organisation and certification body."),
					 errhint("Unlink the add-on (set its base_certificate_id) first."),
					 errtableconstraint(rel, "ADD-1")));
	}
	SPI_finish();
}

/* The scope statement, scope and standard applied for start the history. */
static HeapTuple
set_initial(Relation rel, HeapTuple tup)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			cols[3] = {attnum_of(rel, "initial_scope_statement"),
		attnum_of(rel, "initial_standard"), attnum_of(rel, "initial_scope")};
	Datum		vals[3];
	bool		nulls[3];

	vals[0] = heap_getattr(tup, attnum_of(rel, "scope_statement"), desc, &nulls[0]);
	vals[1] = heap_getattr(tup, attnum_of(rel, "standard"), desc, &nulls[1]);
	vals[2] = heap_getattr(tup, attnum_of(rel, "scope"), desc, &nulls[2]);
	return heap_modify_tuple_by_cols(tup, desc, 3, cols, vals, nulls);
}

/*
 * BEFORE INSERT OR UPDATE FOR EACH ROW.  The derived columns (status,
 * dates, revision, the scope and standard in force) are a cache of the
 * decision history: only isms writes them.  A new certificate is a draft;
 * its scope statement and standard as applied for are kept as the start of
 * its history.  Once a certificate has decisions, its body, organisation
 * and number never change, and its scope and standard change only through
 * decisions (SCO-1, transitions).
 */
PG_FUNCTION_INFO_V1(isms_certificate_guard);
Datum
isms_certificate_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.certificate_guard", true, true);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	int			i;

	if (isms_internal_write && TRIGGER_FIRED_BY_UPDATE(td->tg_event))
		return PointerGetDatum(td->tg_newtuple);

	if (TRIGGER_FIRED_BY_INSERT(td->tg_event))
	{
		HeapTuple	tup = td->tg_trigtuple;
		bool		isnull;
		bool		derived_set = false;
		HeapTuple	init;
		Datum		st = heap_getattr(tup, attnum_of(rel, "status"), desc, &isnull);
		Datum		rev = heap_getattr(tup, attnum_of(rel, "revision"), desc, &isnull);

		/* the dates must be NULL; status draft and revision 0 */
		for (i = 1; i <= 3; i++)
		{
			heap_getattr(tup, attnum_of(rel, derived_columns[i]), desc, &isnull);
			derived_set |= !isnull;
		}
		/* initial scope and standard, if given, must be the ones applied for */
		init = set_initial(rel, tup);
		for (i = 5; i < (int) lengthof(derived_columns); i++)
		{
			int			att = attnum_of(rel, derived_columns[i]);

			if (!heap_attisnull(tup, att, desc) &&
				column_differs(rel, tup, init, att))
				derived_set = true;
		}
		if (DatumGetIsmsStatus(st) != ISMS_ST_DRAFT || derived_set ||
			DatumGetInt32(rev) != 0)
			ereport(ERROR,
					(errcode(ERRCODE_GENERATED_ALWAYS),
					 errmsg("a new certificate must be a draft"),
					 errdetail("The status, dates and revision of a certificate derive from its decisions, and its initial scope and standard are those it applies for; a new certificate is a draft with none of them set."),
					 errhint("Insert the certificate with its defaults, then record its audits and decisions in isms.audit and isms.decision."),
					 errtable(rel)));
		check_base_link(rel, init, false);
		return PointerGetDatum(init);
	}

	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		HeapTuple	oldt = td->tg_trigtuple;
		HeapTuple	newt = td->tg_newtuple;
		const char *col = NULL;
		bool		isnull;

		for (i = 0; i < (int) lengthof(derived_columns); i++)
			if (column_differs(rel, oldt, newt, attnum_of(rel, derived_columns[i])))
				ereport(ERROR,
						(errcode(ERRCODE_GENERATED_ALWAYS),
						 errmsg("column \"%s\" of a certificate can only be changed by decisions",
								derived_columns[i]),
						 errdetail("The status, dates, revision and initial scope and standard of a certificate derive from its decisions and application (LOG-1)."),
						 errhint("Insert a decision into isms.decision; call isms.sweep() to apply changes due by date."),
						 errtablecol(rel, attnum_of(rel, derived_columns[i]))));
		for (i = 0; i < (int) lengthof(locked_columns) && col == NULL; i++)
			if (column_differs(rel, oldt, newt, attnum_of(rel, locked_columns[i])))
				col = locked_columns[i];
		if (col == NULL)
			return PointerGetDatum(newt);

		if (has_decisions(heap_getattr(oldt, attnum_of(rel, "id"), desc, &isnull)))
			ereport(ERROR,
					(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
					 errmsg("column \"%s\" of certificate \"%s\" cannot be changed after decisions were recorded",
							col, SPI_getvalue(oldt, desc, attnum_of(rel, "certificate_number"))),
					 errdetail("Rule SCO-1 and LOG-1: a certificate with decisions changes scope only by \"reduce_scope\" or \"extend_scope\" decisions and standard only by \"transition\" decisions; its body, organisation and number never change."),
					 errhint("Record the change as a decision, or certify under a new certificate."),
					 errtablecol(rel, attnum_of(rel, col))));
		/* ADD-1, for the columns it reads */
		if (column_differs(rel, oldt, newt, attnum_of(rel, "base_certificate_id")) ||
			column_differs(rel, oldt, newt, attnum_of(rel, "organisation_id")) ||
			column_differs(rel, oldt, newt, attnum_of(rel, "cb_id")) ||
			column_differs(rel, oldt, newt, attnum_of(rel, "standard")))
			check_base_link(rel, newt, true);
		/* a draft: what it applies for is still the start of its history */
		return PointerGetDatum(set_initial(rel, newt));
	}
	ereport(ERROR,
			(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
			 errmsg("function \"%s\" must be fired for INSERT or UPDATE",
					"isms.certificate_guard")));
	PG_RETURN_NULL();
}

/*
 * BEFORE TRUNCATE FOR EACH STATEMENT on isms.audit, isms.accreditation and
 * isms.auditor_registration: audits are the evidence of decisions,
 * accreditations their cover and registrations the cover of audits, so
 * rows go by DELETE, whose triggers check them (CYC-1, REC-1, SCO-1, ACC-1,
 * ACC-4).
 */
PG_FUNCTION_INFO_V1(isms_no_truncate);
Datum
isms_no_truncate(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.no_truncate", true, false);

	ereport(ERROR,
			(errcode(ERRCODE_RESTRICT_VIOLATION),
			 errmsg("table \"%s\" cannot be truncated",
					RelationGetRelationName(td->tg_relation)),
			 errdetail("Its rows are the evidence, accreditation or registration that recorded decisions and audits rely on."),
			 errhint("Use DELETE, which checks that every recorded decision keeps what it needs."),
			 errtable(td->tg_relation)));
	PG_RETURN_NULL();
}

/* ----------------------------------------------------------------
 * isms.accreditation
 * ---------------------------------------------------------------- */

/*
 * AFTER UPDATE OR DELETE FOR EACH ROW, as a constraint trigger deferred to
 * commit: every recorded decision of the certification body must still be
 * covered (ACC-1).
 */
PG_FUNCTION_INFO_V1(isms_accreditation_after_change);
Datum
isms_accreditation_after_change(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.accreditation_after_change", false, true);
	Relation	rel = td->tg_relation;
	bool		isnull;
	int64		cb;

	cb = DatumGetInt64(heap_getattr(td->tg_trigtuple, attnum_of(rel, "cb_id"),
									RelationGetDescr(rel), &isnull));
	if (isnull)
		return PointerGetDatum(NULL);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	isms_check_accreditation_cover(&cb, 1, rel);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/*
 * AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE FOR EACH STATEMENT on
 * isms.standard and isms.edition_transition: every backend drops its cached
 * copy of them (history.c) when this transaction commits.
 */
PG_FUNCTION_INFO_V1(isms_reference_changed);
Datum
isms_reference_changed(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.reference_changed", false, false);

	CacheInvalidateRelcache(td->tg_relation);
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
	TriggerData *td = isms_trigger_data(fcinfo, "isms.reference_guard", true, true);
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

/* ----------------------------------------------------------------
 * add-ons
 * ---------------------------------------------------------------- */

/*
 * Constraint trigger "ADD-7" on isms.certificate, AFTER UPDATE OF
 * base_certificate_id FOR EACH ROW, deferred to commit.  The decision
 * trigger queues it for every base certificate that got new decisions (see
 * isms_queue_addon_checks); a registry that links a draft to another base
 * queues it too.  At commit, every add-on of the certificate (or the
 * certificate itself, if it is an add-on) must be consistent with its base
 * over its whole history (ADD-2..4), so that a base's change is accepted
 * only if its add-ons were brought into line in the same transaction.
 */
PG_FUNCTION_INFO_V1(isms_addon_check);
Datum
isms_addon_check(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.addon_check", false, true);
	Relation	rel = td->tg_relation;
	bool		isnull;
	int64		id;

	id = DatumGetInt64(heap_getattr(td->tg_trigtuple, attnum_of(rel, "id"),
									RelationGetDescr(rel), &isnull));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	isms_addon_check_batch(id, rel);
	SPI_finish();
	return PointerGetDatum(NULL);
}

/*
 * BEFORE INSERT OR UPDATE FOR EACH ROW on isms.audit, WHEN combined_with
 * is set.  ADD-6: an add-on's audit held together with an audit of its
 * base names that audit, which is a surveillance or recertification audit
 * of the base certificate overlapping it in time.
 */
PG_FUNCTION_INFO_V1(isms_audit_combined);
Datum
isms_audit_combined(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.audit_combined", true, true);
	Relation	rel = td->tg_relation;
	TupleDesc	desc = RelationGetDescr(rel);
	HeapTuple	tup = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;
	static SPIPlanPtr plan = NULL;
	Oid			types[4] = {INT8OID, INT8OID, DATEOID, DATEOID};
	Datum		args[4];
	bool		isnull;
	int			ret;
	const char *why = NULL;

	args[0] = heap_getattr(tup, attnum_of(rel, "certificate_id"), desc, &isnull);
	args[1] = heap_getattr(tup, attnum_of(rel, "combined_with"), desc, &isnull);
	if (isnull)
		return PointerGetDatum(tup);
	args[2] = heap_getattr(tup, attnum_of(rel, "start_date"), desc, &isnull);
	args[3] = heap_getattr(tup, attnum_of(rel, "end_date"), desc, &isnull);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	ret = SPI_execute_plan(keep_plan(&plan,
									 "SELECT c.certificate_number,"
									 " coalesce(b.certificate_number, '?'),"
									 " c.base_certificate_id IS NOT NULL"
									 "  AND c.base_certificate_id OPERATOR(pg_catalog.=) o.certificate_id,"
									 " o.kind::pg_catalog.text,"
									 " o.start_date OPERATOR(pg_catalog.<=) $4"
									 "  AND o.end_date OPERATOR(pg_catalog.>=) $3"
									 " FROM isms.certificate c, isms.audit o"
									 " LEFT JOIN isms.certificate b ON b.id OPERATOR(pg_catalog.=) o.certificate_id"
									 " WHERE c.id OPERATOR(pg_catalog.=) $1 AND o.id OPERATOR(pg_catalog.=) $2",
									 4, types),
						   args, NULL, true, 1);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	if (SPI_processed > 0)
	{
		HeapTuple	t = SPI_tuptable->vals[0];
		TupleDesc	rd = SPI_tuptable->tupdesc;
		char	   *kind = SPI_getvalue(t, rd, 4);

		if (strcmp(SPI_getvalue(t, rd, 3), "t") != 0)
			why = psprintf("audit %s is an audit of certificate \"%s\", not of the base of certificate \"%s\"",
						   SPI_getvalue(tup, desc, attnum_of(rel, "combined_with")),
						   SPI_getvalue(t, rd, 2), SPI_getvalue(t, rd, 1));
		else if (strcmp(kind, "surveillance") != 0 && strcmp(kind, "recertification") != 0)
			why = psprintf("audit %s of the base is a %s audit, not a surveillance or recertification audit",
						   SPI_getvalue(tup, desc, attnum_of(rel, "combined_with")), kind);
		else if (strcmp(SPI_getvalue(t, rd, 5), "t") != 0)
			why = psprintf("audit %s of the base is not held at the same time",
						   SPI_getvalue(tup, desc, attnum_of(rel, "combined_with")));
		if (why)
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("audit of certificate \"%s\" cannot be combined with audit %s",
							SPI_getvalue(t, rd, 1),
							SPI_getvalue(tup, desc, attnum_of(rel, "combined_with"))),
					 errdetail("Rule ADD-6: an add-on's audit is held together with a surveillance or recertification audit of its base certificate; %s.",
							   why),
					 errhint("Name an overlapping surveillance or recertification audit of the base certificate."),
					 errtableconstraint(rel, "ADD-6")));
	}
	SPI_finish();
	return PointerGetDatum(tup);
}
