/*-------------------------------------------------------------------------
 *
 * trg_decision.c
 *	  The triggers of isms.decision: a decision's row-local checks and
 *	  defaults, the replay of the certificates a statement's decisions
 *	  touch, and the immutability of recorded decisions (rules_tables.c).
 *
 *	isms_decision_before_insert	BEFORE INSERT row: recorded_at, default
 *				effective_date and new_expiry (rules_cycle.c), CYC-4,
 *				what an extension carries (rules_extension.c),
 *				no decision after the register's today (rules_status.c),
 *				an annulment's target (rules_tables.c), an opening's
 *				role and columns (rules_opening.c), the hash chain
 *				(chain.c); its refusals name the row's certificate in
 *				their context (a COPY of many certificates)
 *	isms_decision_after_insert	AFTER INSERT statement: replay and store
 *	isms_decision_immutable		BEFORE UPDATE/DELETE/TRUNCATE statement:
 *				append-only history (rules_tables.c)
 *
 * The statement-level trigger reads the transition table directly and works
 * on all the rows of a statement at once, so a COPY of many decisions costs
 * a handful of queries, not a handful per row.
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include <ctype.h>

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_type.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/syscache.h"
#include "utils/date.h"
#include "utils/lsyscache.h"
#include "utils/rls.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

/* Column numbers of isms.decision, looked up once per relation. */
typedef struct DecisionColumns
{
	Oid			relid;
	int			natts;			/* an update of the extension adds columns */
	int			decided,
				effective,
				expiry,
				kind,
				cert,
				recorded,
				corrects,
				reason;
	/* the opening's columns (rules_opening.c) and an extension's authority
	 * (rules_extension.c); 0 before ALTER EXTENSION UPDATE adds them */
	int			original,
				cycle_start,
				opening_status,
				suspended_since,
				authority,
				new_standard,
				new_scope_statement,
				new_scope,
				transfer[3];	/* 0 before ALTER EXTENSION UPDATE adds them */
	Oid			kind_oid[ISMS_DK_LAST + 1];	/* enum value of each kind code
											 * (InvalidOid: not installed yet) */
} DecisionColumns;

static DecisionColumns dcols;

/* The enum value of a label, or InvalidOid if the enum lacks it (yet). */
static Oid
kind_oid_of(Relation rel, int code)
{
	Oid			typoid = TupleDescAttr(RelationGetDescr(rel), dcols.kind - 1)->atttypid;

	return GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid, ObjectIdGetDatum(typoid),
						   CStringGetDatum(isms_decision_name(code)));
}

static const DecisionColumns *
decision_columns(Relation rel)
{
	int			code;

	if (dcols.relid != RelationGetRelid(rel) ||
		dcols.natts != RelationGetDescr(rel)->natts)
	{
		dcols.natts = RelationGetDescr(rel)->natts;
		dcols.decided = isms_attnum(rel, "decision_date");
		dcols.effective = isms_attnum(rel, "effective_date");
		dcols.expiry = isms_attnum(rel, "new_expiry");
		dcols.kind = isms_attnum(rel, "kind");
		dcols.cert = isms_attnum(rel, "certificate_id");
		dcols.recorded = isms_attnum(rel, "recorded_at");
		dcols.corrects = isms_attnum(rel, "corrects");
		dcols.original = Max(SPI_fnumber(RelationGetDescr(rel), "original_date"), 0);
		dcols.cycle_start = Max(SPI_fnumber(RelationGetDescr(rel), "cycle_start"), 0);
		dcols.opening_status = Max(SPI_fnumber(RelationGetDescr(rel), "opening_status"), 0);
		dcols.suspended_since = Max(SPI_fnumber(RelationGetDescr(rel), "suspended_since"), 0);
		dcols.reason = isms_attnum(rel, "reason");
		dcols.authority = Max(SPI_fnumber(RelationGetDescr(rel), "authority"), 0);
		dcols.new_standard = isms_attnum(rel, "new_standard");
		dcols.new_scope_statement = isms_attnum(rel, "new_scope_statement");
		dcols.new_scope = isms_attnum(rel, "new_scope");
		dcols.transfer[0] = Max(SPI_fnumber(RelationGetDescr(rel), "transfer_cycle_start"), 0);
		dcols.transfer[1] = Max(SPI_fnumber(RelationGetDescr(rel), "transfer_expiry"), 0);
		dcols.transfer[2] = Max(SPI_fnumber(RelationGetDescr(rel), "transfer_original_date"), 0);
		/*
		 * by the catalog, not enum_in: a label the install lacks yet is
		 * InvalidOid, never matched (isms.h)
		 */
		for (code = 1; code <= ISMS_DK_LAST; code++)
			dcols.kind_oid[code] = kind_oid_of(rel, code);
		dcols.relid = RelationGetRelid(rel);
		dcols.natts = RelationGetDescr(rel)->natts;
	}
	return &dcols;
}

/*
 * The code of a decision kind (0 if C does not know it).  A label the enum
 * lacked when the table was first looked at (its SQL older than this
 * module) is looked up again.
 */
static int
kind_code(Relation rel, const DecisionColumns *col, Datum kind)
{
	int			code;

	for (code = 1; code <= ISMS_DK_LAST; code++)
		if (OidIsValid(col->kind_oid[code]) &&
			col->kind_oid[code] == DatumGetObjectId(kind))
			return code;
	for (code = 1; code <= ISMS_DK_LAST; code++)
		if (!OidIsValid(col->kind_oid[code]) &&
			(dcols.kind_oid[code] = kind_oid_of(rel, code)) == DatumGetObjectId(kind))
			return code;
	return 0;
}

static void require_finite(Relation rel, Datum d, bool isnull, HeapTuple tup,
						   const DecisionColumns *col);

/* A date column of the row, if the table has it (attnum > 0) and it is set. */
static bool
row_date(HeapTuple tup, TupleDesc desc, int attnum, DateADT *out)
{
	bool		isnull = true;
	Datum		v = attnum > 0 ? heap_getattr(tup, attnum, desc, &isnull) : (Datum) 0;

	if (!isnull)
		*out = DatumGetDateADT(v);
	return !isnull;
}

/*
 * Only the accreditation body's role records an opening (rules_opening.c).
 * Whoever row-level security does not apply to (superusers, the tables'
 * owner) records one too; everyone else must act as the accreditation body
 * (isms.acts_as, with the writer's own privileges).
 */
static void
check_opening_role(Relation rel, HeapTuple tup, const DecisionColumns *col)
{
	MemoryContext caller = CurrentMemoryContext;
	bool		allowed = false;
	bool		isnull;
	Datum		cert = heap_getattr(tup, col->cert, RelationGetDescr(rel), &isnull);
	char	   *number = NULL;

	if (check_enable_rls(RelationGetRelid(rel), InvalidOid, true) != RLS_ENABLED)
		return;
	isms_spi_connect();
	if (SPI_execute("SELECT isms.acts_as('accreditation_body')", true, 1) == SPI_OK_SELECT &&
		SPI_processed == 1)
		allowed = DatumGetBool(SPI_getbinval(SPI_tuptable->vals[0],
											 SPI_tuptable->tupdesc, 1, &isnull)) && !isnull;
	/* the certificate's number, as the writer may read it */
	if (!allowed && !heap_attisnull(tup, col->cert, RelationGetDescr(rel)))
	{
		Oid			argtypes[1] = {INT8OID};

		if (SPI_execute_with_args("SELECT c.certificate_number FROM isms.certificate c"
								  " WHERE c.id OPERATOR(pg_catalog.=) $1",
								  1, argtypes, &cert, NULL, true, 1) == SPI_OK_SELECT &&
			SPI_processed == 1)
		{
			char	   *v = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

			if (v)
				number = MemoryContextStrdup(caller, v);
		}
		if (number == NULL)
			number = MemoryContextStrdup(caller, isms_int_text(DatumGetInt64(cert)));
	}
	SPI_finish();
	if (allowed)
		return;
	isms_report_violation(isms_opening_refused(GetUserNameFromId(GetUserId(), false),
											   number ? number : "?"),
						  rel);
}

/* The opening's own columns, and that only an opening has them (rules_opening.c). */
static void
check_opening_row(Relation rel, HeapTuple tup, const DecisionColumns *col, int code,
				  Datum decided, Datum effective, bool enull, Datum expiry, bool xnull)
{
	TupleDesc	desc = RelationGetDescr(rel);
	IsmsOpeningRow r;
	IsmsViolation *v;
	bool		isnull = true;
	Datum		st;

	memset(&r, 0, sizeof(r));
	r.kind = code;
	r.decided = DatumGetDateADT(decided);
	r.effective = enull ? r.decided : DatumGetDateADT(effective);
	r.has_expiry = !xnull;
	r.new_expiry = xnull ? 0 : DatumGetDateADT(expiry);
	r.has_original_date = row_date(tup, desc, col->original, &r.original_date);
	r.has_cycle_start = row_date(tup, desc, col->cycle_start, &r.cycle_start);
	r.has_suspended_since = row_date(tup, desc, col->suspended_since, &r.suspended_since);
	st = col->opening_status > 0 ? heap_getattr(tup, col->opening_status, desc, &isnull) : (Datum) 0;
	r.opening_status = isnull ? 0 : DatumGetIsmsStatus(st);
	if (code == ISMS_DK_OPEN)
	{
		require_finite(rel, DateADTGetDatum(r.cycle_start), !r.has_cycle_start, tup, col);
		require_finite(rel, DateADTGetDatum(r.original_date), !r.has_original_date, tup, col);
		require_finite(rel, DateADTGetDatum(r.suspended_since), !r.has_suspended_since, tup, col);
	}
	if ((v = isms_check_opening_row(&r)) != NULL)
		isms_report_violation(v, rel);
}

/* A grant, recertification or restoration: it opens a cycle (rules_cycle.c). */
static bool
sets_cycle(int code)
{
	return code == ISMS_DK_GRANT || code == ISMS_DK_RECERTIFY || code == ISMS_DK_RESTORE;
}

/* Whether the current user may read a table of isms (else its name is not looked up). */
static bool
may_read(const char *table)
{
	Oid			rel = isms_table_oid(table);

	return OidIsValid(rel) && pg_class_aclcheck(rel, GetUserId(), ACL_SELECT) == ACLCHECK_OK;
}

/*
 * The certificate of a refused row, for the error's context: its body's code
 * and its number, read as the writer (row-level security: a certificate the
 * writer may not read is named by the id it gave), so that a refusal in a
 * COPY of many certificates says which one.  Called before the error is
 * raised, never while it is being built.
 */
static char *
certificate_name(HeapTuple tup, TupleDesc desc, const DecisionColumns *col)
{
	MemoryContext caller = CurrentMemoryContext;
	bool		isnull;
	Datum		cert = heap_getattr(tup, col->cert, desc, &isnull);
	Oid			argtypes[1] = {INT8OID};
	char	   *name;

	if (isnull)
		return pstrdup("a decision without a certificate");
	if (!may_read("certificate") || !may_read("certification_body"))
		return psprintf("decision on certificate %lld", (long long) DatumGetInt64(cert));
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	if (SPI_execute_with_args("SELECT b.code, c.certificate_number FROM isms.certificate c"
							  " JOIN isms.certification_body b ON b.id OPERATOR(pg_catalog.=) c.cb_id"
							  " WHERE c.id OPERATOR(pg_catalog.=) $1",
							  1, argtypes, &cert, NULL, true, 1) == SPI_OK_SELECT &&
		SPI_processed == 1)
		name = MemoryContextStrdup(caller,
								   psprintf("decision on certificate \"%s\" of certification body \"%s\"",
											SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2),
											SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1)));
	else
		name = MemoryContextStrdup(caller,
								   psprintf("decision on certificate %lld", (long long) DatumGetInt64(cert)));
	SPI_finish();
	return name;
}

/* A text column given, and not blank. */
static bool
text_given(HeapTuple tup, TupleDesc desc, int attnum)
{
	bool		isnull;
	Datum		d;
	char	   *s;

	if (attnum <= 0)
		return false;
	d = heap_getattr(tup, attnum, desc, &isnull);
	if (isnull)
		return false;
	for (s = TextDatumGetCString(d); *s; s++)
		if (!isspace((unsigned char) *s))
			return true;
	return false;
}

/*
 * The columns each kind carries, with the rule that says so (the table's
 * CHECK constraints decision_new_standard, decision_new_scope and
 * decision_transfer repeat them as a backstop): a transition's new edition
 * (rules_edition.c), a scope decision's new scope (rules_scope.c), a
 * transfer's cycle (rules_transfer.c).
 */
static void
check_row_shape(Relation rel, HeapTuple tup, const DecisionColumns *col, int code)
{
	TupleDesc	desc = RelationGetDescr(rel);
	IsmsViolation *v;
	bool		transfer = false;
	int			i;

	for (i = 0; i < 3; i++)
		transfer |= col->transfer[i] != 0 && !heap_attisnull(tup, col->transfer[i], desc);
	if ((v = isms_check_transition_row(code, !heap_attisnull(tup, col->new_standard, desc))) != NULL ||
		(v = isms_check_scope_row(code, !heap_attisnull(tup, col->new_scope_statement, desc) ||
								  !heap_attisnull(tup, col->new_scope, desc))) != NULL ||
		(v = isms_check_transfer_row(code, transfer)) != NULL)
		isms_report_violation(v, rel);
}

static void
require_finite(Relation rel, Datum d, bool isnull, HeapTuple tup, const DecisionColumns *col)
{
	if (!isnull && DATE_NOT_FINITE(DatumGetDateADT(d)))
	{
		char	   *name = certificate_name(tup, RelationGetDescr(rel), col);

		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("decision dates must be finite"),
				 errdetail("A decision date, effective date or new expiry date is infinite."),
				 errcontext("%s", name),
				 errtable(rel)));
	}
}

/*
 * BEFORE INSERT FOR EACH ROW: effective_date defaults to decision_date,
 * recorded_at is the transaction's timestamp, and a grant, recertification
 * or restoration without new_expiry gets the latest date the cycle allows
 * (rules_cycle.c).
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
	bool		knull;
	Datum		kind;
	int			code;

	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired for INSERT",
						"isms.decision_before_insert")));

	kind = heap_getattr(tup, col->kind, desc, &knull);
	code = knull ? 0 : kind_code(rel, col, kind);

	/* an annulment names what it voids (rules_tables.c) */
	if (code == ISMS_DK_ANNUL && heap_attisnull(tup, col->corrects, desc))
		isms_refuse_annul_without_target(rel);

	/* an opening is the accreditation body's (rules_opening.c) */
	if (code == ISMS_DK_OPEN)
		check_opening_role(rel, tup, col);

	/*
	 * Only a decision that opens a cycle sets an expiry date (rules_cycle.c;
	 * the table's CHECK constraint decision_new_expiry repeats it as a
	 * backstop).
	 */
	if (!xnull && code != 0)
	{
		IsmsViolation *v = isms_check_expiry_kind(code, DatumGetDateADT(expiry));

		if (v)
		{
			require_finite(rel, expiry, false, tup, col);
			isms_report_violation(v, rel);
		}
	}

	/* an extension's date, reason and authority; no authority elsewhere */
	if (code != 0)
	{
		IsmsViolation *v = isms_check_extension_row(code, !xnull,
													 text_given(tup, desc, col->reason),
													 text_given(tup, desc, col->authority));

		if (v)
			isms_report_violation(v, rel);
		check_row_shape(rel, tup, col, code);
	}

	/* the time of recording is not the writer's to choose */
	cols[n] = col->recorded;
	vals[n++] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());

	if (dnull)
		return PointerGetDatum(heap_modify_tuple_by_cols(tup, desc, n, cols, vals, nulls));
	require_finite(rel, decided, false, tup, col);
	require_finite(rel, effective, enull, tup, col);
	require_finite(rel, expiry, xnull, tup, col);

	/* no decision from the future (the register's today, clock.c) */
	if (DatumGetDateADT(decided) > isms_register_today())
	{
		char	   *name = certificate_name(tup, desc, col);

		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("decision cannot be decided after the day it is recorded"),
				 errdetail("Rule %s: the decision date %s is after the register's today %s.",
						   isms_rule_log2,
						   (isms_format_date(DatumGetDateADT(decided), b1), b1),
						   (isms_format_date(isms_register_today(), b2), b2)),
				 errhint("Record the decision on or after its decision date; a later effective_date is allowed."),
				 errcontext("%s", name),
				 errtableconstraint(rel, isms_rule_log2)));
	}

	if (enull)
	{
		cols[n] = col->effective;
		vals[n++] = decided;
	}
	else if (DatumGetDateADT(effective) < DatumGetDateADT(decided))
	{
		char	   *name = certificate_name(tup, desc, col);

		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("decision cannot take effect before it is decided"),
				 errdetail("Rule CYC-4: the effective date %s is before the decision date %s.",
						   (isms_format_date(DatumGetDateADT(effective), b1), b1),
						   (isms_format_date(DatumGetDateADT(decided), b2), b2)),
				 errhint("Leave effective_date empty to use the decision date."),
				 errcontext("%s", name),
				 errtableconstraint(rel, "CYC-4")));
	}

	/* the new expiry is not before the effective date (rules_cycle.c) */
	if (!xnull)
	{
		IsmsViolation *v = isms_check_expiry_after_effective(code, DatumGetDateADT(expiry),
															 DatumGetDateADT(enull ? decided : effective));

		if (v)
			isms_report_violation(v, rel);
	}

	/* the facts of an opening, on an opening only (rules_opening.c) */
	check_opening_row(rel, tup, col, code, decided, effective, enull, expiry, xnull);

	/*
	 * The default new_expiry reads the certificate's history (including the
	 * earlier rows of this statement), so bulk loads should give new_expiry.
	 */
	if (xnull)
	{
		bool		cnull;
		Datum		cert = heap_getattr(tup, col->cert, desc, &cnull);

		if (!cnull && sets_cycle(code))
		{
			IsmsSpiUser su;
			DateADT		latest;
			bool		found;

			isms_spi_connect_owner(&su);
			found = isms_cert_latest_expiry(DatumGetInt64(cert), code,
											DatumGetDateADT(decided),
											DatumGetDateADT(enull ? decided : effective),
											true, &latest);
			isms_spi_finish_owner(&su);
			if (found)
			{
				cols[n] = col->expiry;
				vals[n++] = DateADTGetDatum(latest);
			}
		}
	}
	tup = heap_modify_tuple_by_cols(tup, desc, n, cols, vals, nulls);
	/* a transfer takes over the issuing certificate's cycle (transfer.c) */
	if (code == ISMS_DK_TRANSFER)
		tup = isms_transfer_fill(rel, tup);
	/* the hash chain, last: it covers every column set above (chain.c) */
	return PointerGetDatum(isms_chain_stamp(rel, tup));
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
	IsmsSpiUser su;
	TriggerData *td = isms_trigger_data(fcinfo, "isms.decision_after_insert", false, false);
	Relation	rel = td->tg_relation;
	int			nnew,
				ncids,
				ncorrects;
	int64	   *new_ids,
			   *cert_ids;
	IsmsCollect cols[3] = {
		{.attnum = isms_attnum(rel, "id"), .how = ISMS_COLLECT_ALL},
		{.attnum = isms_attnum(rel, "certificate_id"), .how = ISMS_COLLECT_UNIQUE},
		{.attnum = isms_attnum(rel, "corrects"), .how = ISMS_COLLECT_COUNT}
	};

	if (td->tg_newtable == NULL)
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" needs a REFERENCING NEW TABLE clause",
						"isms.decision_after_insert")));

	/* one pass over the statement's rows */
	isms_collect_columns(td->tg_newtable, rel, cols, 3);
	new_ids = cols[0].ids;
	nnew = cols[0].n;
	cert_ids = cols[1].ids;
	ncids = cols[1].n;
	ncorrects = cols[2].n;
	if (nnew == 0)
		return PointerGetDatum(NULL);
	nnew = isms_sort_unique(new_ids, nnew);

	isms_spi_connect_statement(&su);
	/* no decision changes a certificate another body took over (transfer.c) */
	isms_transfer_guard(new_ids, nnew, cert_ids, ncids, ncorrects, rel);
	isms_replay_and_store(cert_ids, ncids, new_ids, nnew, ISMS_REPLAY_NEW, rel);
	/* the certificates taken over end (transfer.c) */
	isms_transfer_end_sources(new_ids, nnew);
	isms_spi_finish_owner(&su);
	return PointerGetDatum(NULL);
}

/* BEFORE UPDATE OR DELETE OR TRUNCATE FOR EACH STATEMENT: history is append-only. */
PG_FUNCTION_INFO_V1(isms_decision_immutable);
Datum
isms_decision_immutable(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.decision_immutable", true, false);

	isms_refuse_decision_change(td->tg_relation,
								TRIGGER_FIRED_BY_UPDATE(td->tg_event),
								TRIGGER_FIRED_BY_DELETE(td->tg_event));
	PG_RETURN_NULL();
}
