/*-------------------------------------------------------------------------
 *
 * trg_certificate.c
 *	  The triggers of isms.certificate: its derived columns are isms's
 *	  alone, a certificate with decisions keeps its identity (rules_tables.c),
 *	  an add-on's link to its base is judged by rules_addon.c, and the check of a base and
 *	  its add-ons (rules_addon.c) runs at commit.
 *
 *	isms_certificate_guard	BEFORE INSERT/UPDATE row: derived columns,
 *							locked columns, a changed link to a base (and a
 *							new one under row-level security)
 *	isms_certificate_links	AFTER INSERT row: a new certificate's links
 *	isms_addon_check		deferred constraint trigger: rules_addon.c
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/rls.h"

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
has_decisions(Datum id)
{
	IsmsSpiUser su;
	static SPIPlanPtr plan = NULL;
	Oid			argtypes[1] = {INT8OID};
	bool		found;

	isms_spi_connect_owner(&su);
	isms_execute_kept(&plan, "SELECT 1 FROM isms.decision"
					  " WHERE certificate_id" EQ "$1 LIMIT 1",
					  1, argtypes, &id, false, 1, SPI_OK_SELECT);
	found = SPI_processed > 0;
	isms_spi_finish_owner(&su);
	return found;
}

/* Columns of base_link_sql. */
enum
{
	BL_NUMBER = 1, BL_SAME_ORG, BL_SAME_CB, BL_BASE_SCHEME_OF_BASE,
	BL_BASE_HAS_NO_BASE, BL_SCHEME, BL_SELF, BL_ADDON_STANDARD, BL_STANDARD,
	BL_BASE_SCHEME, BL_IS_BASE_SCHEME, BL_LAST_EDITION, BL_LAST_SCHEME
};

/*
 * The base $1 of a certificate $4 of organisation $2, body $3 and standard
 * $5, with what rules_addon.c asks of the link.  The scheme of a
 * base is data: isms.scheme.base_scheme of the add-on's scheme.  Then the
 * last edition of the base's recorded history (its last transition not
 * corrected, which may take effect later) and that edition's scheme.
 * Read after base_lock_sql has locked the base.
 */
static const char *const base_link_sql =
"SELECT b.certificate_number, b.organisation_id" EQ "$2,"
" b.cb_id" EQ "$3, bs.scheme,"
" b.base_certificate_id IS NULL, cs.scheme,"
" b.id" EQ "$4,"
" cs.needs_base OR EXISTS (SELECT 1 FROM isms.standard s2"
"  WHERE s2.needs_base AND s2.number" EQ "cs.number),"
" cs.ref::pg_catalog.text, sch.base_scheme,"
" EXISTS (SELECT 1 FROM isms.scheme x WHERE x.base_scheme" EQ "cs.scheme),"
" lt.edition, lt.scheme"
" FROM isms.certificate b"
" JOIN isms.standard bs ON bs.ref" EQ "b.standard"
" LEFT JOIN LATERAL (SELECT x.new_standard::pg_catalog.text AS edition, xs.scheme"
"  FROM isms.decision x JOIN isms.standard xs ON xs.ref" EQ "x.new_standard"
"  WHERE x.certificate_id" EQ "b.id"
"  AND NOT EXISTS (SELECT 1 FROM isms.decision y WHERE y.corrects" EQ "x.id)"
"  ORDER BY x.effective_date DESC, x.id DESC LIMIT 1) lt ON true,"
" isms.standard cs JOIN isms.scheme sch ON sch.code" EQ "cs.scheme"
" WHERE b.id" EQ "$1"
" AND cs.ref" EQ "$5::isms.stdref";

/* The base $1, locked FOR SHARE so that it cannot change under the link. */
static const char *const base_lock_sql =
"SELECT 1 FROM isms.certificate b WHERE b.id" EQ "$1 FOR SHARE OF b";

/*
 * The first add-on of base $1 whose organisation or body differs from
 * $2, $3, or whose base scheme is not that of the base's standard $4.
 */
static const char *const addon_link_sql =
"SELECT a.certificate_number, sch.base_scheme"
" FROM isms.certificate a"
" JOIN isms.standard ast ON ast.ref" EQ "a.standard"
" JOIN isms.scheme sch ON sch.code" EQ "ast.scheme"
" WHERE a.base_certificate_id" EQ "$1"
" AND (a.organisation_id" NE "$2"
"  OR a.cb_id" NE "$3"
"  OR coalesce((SELECT s.scheme FROM isms.standard s"
"      WHERE s.ref" EQ "$4::isms.stdref)" NE "sch.base_scheme, true))"
" ORDER BY a.id LIMIT 1";

/* A link to a base: the row of base_link_sql, judged by rules_addon.c. */
static void
report_base_link(Relation rel, HeapTuple tup, HeapTuple t, TupleDesc td)
{
	IsmsBaseLink l;
	IsmsViolation *v;

	l.number = isms_getvalue(rel, tup, "certificate_number");
	l.base = SPI_getvalue(t, td, BL_NUMBER);
	l.scheme = SPI_getvalue(t, td, BL_SCHEME);
	l.standard = SPI_getvalue(t, td, BL_STANDARD);
	l.base_scheme = SPI_getvalue(t, td, BL_BASE_SCHEME);
	l.scheme_of_base = SPI_getvalue(t, td, BL_BASE_SCHEME_OF_BASE);
	l.last_edition = SPI_getvalue(t, td, BL_LAST_EDITION);
	l.last_scheme = SPI_getvalue(t, td, BL_LAST_SCHEME);
	l.self = isms_getbool(t, td, BL_SELF);
	l.is_base_scheme = isms_getbool(t, td, BL_IS_BASE_SCHEME);
	l.addon_standard = isms_getbool(t, td, BL_ADDON_STANDARD);
	l.base_has_no_base = isms_getbool(t, td, BL_BASE_HAS_NO_BASE);
	l.same_org = isms_getbool(t, td, BL_SAME_ORG);
	l.same_cb = isms_getbool(t, td, BL_SAME_CB);
	if ((v = isms_check_base_link(&l)) != NULL)
		isms_report_violation(v, rel);
}

/*
 * The link to a base (rules_addon.c): a certificate that names a base is
 * one of an add-on standard (one
 * with an edition that needs a base) and names a certificate of its
 * scheme's base scheme (isms.scheme.base_scheme), itself without a base, of
 * the same organisation and certification body.  The base row is locked
 * FOR SHARE, so that it cannot change under the link.  And a certificate
 * with add-ons keeps its organisation, body and scheme.
 */
static void
check_base_link(Relation rel, HeapTuple tup, bool check_addons)
{
	IsmsSpiUser su;
	static SPIPlanPtr base_plan = NULL;
	static SPIPlanPtr lock_plan = NULL;
	static SPIPlanPtr addons_plan = NULL;
	bool		bnull,
				isnull;
	Datum		base,
				org,
				cb,
				id,
				stdtext;

	base = isms_getattr(rel, tup, "base_certificate_id", &bnull);
	org = isms_getattr(rel, tup, "organisation_id", &isnull);
	cb = isms_getattr(rel, tup, "cb_id", &isnull);
	id = isms_getattr(rel, tup, "id", &isnull);
	stdtext = CStringGetTextDatum(isms_getvalue(rel, tup, "standard"));

	isms_spi_connect_owner(&su);
	if (!bnull)
	{
		Oid			types[5] = {INT8OID, INT8OID, INT8OID, INT8OID, TEXTOID};
		Datum		args[5] = {base, org, cb, id, stdtext};

		/*
		 * The lock first, then the read, by a snapshot taken after it: what
		 * a transaction the lock waited for committed is seen (a transition
		 * of the base, even one taking effect later, which leaves its row as
		 * it was), and no join is rechecked against an old row of the base
		 * (EvalPlanQual would drop it).  No row: no such base, which the
		 * foreign key reports.
		 */
		isms_execute_kept(&lock_plan, base_lock_sql, 1, types, args, false, 1,
						  SPI_OK_SELECT);
		isms_execute_kept_latest(&base_plan, base_link_sql, 5, types, args, 1,
								 SPI_OK_SELECT);
		if (SPI_processed > 0)
			report_base_link(rel, tup, SPI_tuptable->vals[0], SPI_tuptable->tupdesc);
	}
	if (check_addons)
	{
		Oid			types[4] = {INT8OID, INT8OID, INT8OID, TEXTOID};
		Datum		args[4] = {id, org, cb, stdtext};

		isms_execute_kept(&addons_plan, addon_link_sql, 4, types, args, false, 1,
						  SPI_OK_SELECT);
		if (SPI_processed > 0)
		{
			HeapTuple	t = SPI_tuptable->vals[0];
			TupleDesc	td = SPI_tuptable->tupdesc;
			isms_report_violation(isms_base_keeps_addons(isms_getvalue(rel, tup, "certificate_number"),
														 SPI_getvalue(t, td, 1),
														 SPI_getvalue(t, td, 2)),
								  rel);
		}
	}
	isms_spi_finish_owner(&su);
}

/*
 * The links of a new certificate (its base, the certificate it takes over)
 * are checked by the AFTER INSERT row trigger certificate_links, once the
 * statement is done, as its foreign keys are, so that the certificate it
 * names may come later in the same statement.  They are checked here,
 * before the row, where that trigger is missing or disabled (an install
 * whose SQL predates it: 1.0, until ALTER EXTENSION UPDATE), and for a
 * writer under row-level security: such a writer names rows it may read,
 * which exist already (isms.rls_links), and a certificate that takes over
 * another body's must not exist, even until the end of its statement,
 * with an organisation or a link the rule refuses (other triggers and
 * policies of the statement would read it).
 */
#define LINKS_TRIGGER "certificate_links"

static bool
links_under_rls(Relation rel)
{
	return check_enable_rls(RelationGetRelid(rel), InvalidOid, true) == RLS_ENABLED;
}

static bool
links_checked_after(Relation rel)
{
	TriggerDesc *trigdesc = rel->trigdesc;
	int			i;

	if (links_under_rls(rel))
		return false;
	for (i = 0; trigdesc != NULL && i < trigdesc->numtriggers; i++)
		if (strcmp(trigdesc->triggers[i].tgname, LINKS_TRIGGER) == 0)
			return trigdesc->triggers[i].tgenabled != TRIGGER_DISABLED;
	return false;
}

/* The scope statement, scope and standard applied for start the history. */
static HeapTuple
set_initial(Relation rel, HeapTuple tup)
{
	TupleDesc	desc = RelationGetDescr(rel);
	int			cols[3] = {isms_attnum(rel, "initial_scope_statement"),
		isms_attnum(rel, "initial_standard"), isms_attnum(rel, "initial_scope")};
	Datum		vals[3];
	bool		nulls[3];

	vals[0] = heap_getattr(tup, isms_attnum(rel, "scope_statement"), desc, &nulls[0]);
	vals[1] = heap_getattr(tup, isms_attnum(rel, "standard"), desc, &nulls[1]);
	vals[2] = heap_getattr(tup, isms_attnum(rel, "scope"), desc, &nulls[2]);
	return heap_modify_tuple_by_cols(tup, desc, 3, cols, vals, nulls);
}

/*
 * BEFORE INSERT OR UPDATE FOR EACH ROW.  The derived columns (status,
 * dates, revision, the scope and standard in force) are a cache of the
 * decision history: only isms writes them.  A new certificate is a draft;
 * its scope statement and standard as applied for are kept as the start of
 * its history.  Once a certificate has decisions, its body, organisation
 * and number never change, and its scope and standard change only through
 * decisions (rules_tables.c raises the refusals).
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
		Datum		st = heap_getattr(tup, isms_attnum(rel, "status"), desc, &isnull);
		Datum		rev = heap_getattr(tup, isms_attnum(rel, "revision"), desc, &isnull);

		/* the dates must be NULL; status draft and revision 0 */
		for (i = 1; i <= 3; i++)
		{
			heap_getattr(tup, isms_attnum(rel, derived_columns[i]), desc, &isnull);
			derived_set |= !isnull;
		}
		/* initial scope and standard, if given, must be the ones applied for */
		init = set_initial(rel, tup);
		for (i = 5; i < (int) lengthof(derived_columns); i++)
		{
			int			att = isms_attnum(rel, derived_columns[i]);

			if (!heap_attisnull(tup, att, desc) &&
				isms_column_differs(rel, tup, init, att))
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
		/* its links, after the statement (isms_certificate_links) */
		if (!links_checked_after(rel))
		{
			check_base_link(rel, init, false);
			isms_transfer_check_link(rel, init);	/* transfer.c */
		}
		return PointerGetDatum(init);
	}

	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		HeapTuple	oldt = td->tg_trigtuple;
		HeapTuple	newt = td->tg_newtuple;
		const char *col = NULL;
		bool		isnull;

		for (i = 0; i < (int) lengthof(derived_columns); i++)
			if (isms_column_differs(rel, oldt, newt, isms_attnum(rel, derived_columns[i])))
				isms_refuse_derived_change(rel, derived_columns[i]);
		for (i = 0; i < (int) lengthof(locked_columns) && col == NULL; i++)
			if (isms_column_differs(rel, oldt, newt, isms_attnum(rel, locked_columns[i])))
				col = locked_columns[i];
		/* the certificate taken over (once the extension's SQL has it) */
		if (col == NULL && SPI_fnumber(desc, "transferred_from") > 0 &&
			isms_column_differs(rel, oldt, newt, isms_attnum(rel, "transferred_from")))
			col = "transferred_from";
		if (col == NULL)
			return PointerGetDatum(newt);

		if (has_decisions(heap_getattr(oldt, isms_attnum(rel, "id"), desc, &isnull)))
			isms_refuse_locked_change(rel, col,
									  SPI_getvalue(oldt, desc, isms_attnum(rel, "certificate_number")));
		/* the link to a base, for the columns rules_addon.c reads */
		if (isms_column_differs(rel, oldt, newt, isms_attnum(rel, "base_certificate_id")) ||
			isms_column_differs(rel, oldt, newt, isms_attnum(rel, "organisation_id")) ||
			isms_column_differs(rel, oldt, newt, isms_attnum(rel, "cb_id")) ||
			isms_column_differs(rel, oldt, newt, isms_attnum(rel, "standard")))
			check_base_link(rel, newt, true);
		isms_transfer_check_link(rel, newt);	/* transfer.c */
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
 * AFTER INSERT FOR EACH ROW on isms.certificate, WHEN the new row names a
 * base or a certificate it takes over: the links of a new certificate
 * (check_base_link, transfer.c), checked when the statement is done, after
 * its foreign keys, so that a base and its add-on, or a certificate and the
 * one that takes it over, may come in one statement in either order.
 */
PG_FUNCTION_INFO_V1(isms_certificate_links);
Datum
isms_certificate_links(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.certificate_links", false, true);

	if (!TRIGGER_FIRED_BY_INSERT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("function \"%s\" must be fired for INSERT",
						"isms.certificate_links")));
	/* checked before the row for a writer under row-level security */
	if (links_under_rls(td->tg_relation))
		return PointerGetDatum(NULL);
	check_base_link(td->tg_relation, td->tg_trigtuple, false);
	isms_transfer_check_link(td->tg_relation, td->tg_trigtuple);
	return PointerGetDatum(NULL);
}

/* ----------------------------------------------------------------
 * add-ons
 * ---------------------------------------------------------------- */

/*
 * Constraint trigger on isms.certificate (rules_addon.c), AFTER UPDATE OF
 * base_certificate_id FOR EACH ROW, deferred to commit.  The decision
 * trigger queues it for every base certificate that got new decisions (see
 * isms_queue_addon_checks); a registry that links a draft to another base
 * queues it too.  At commit, every add-on of the certificate (or the
 * certificate itself, if it is an add-on) must be consistent with its base
 * over its whole history (rules_addon.c), so that a base's change is accepted
 * only if its add-ons were brought into line in the same transaction; and
 * an add-on linked to another base keeps no audit combined with one of its
 * former base's (trg_audit_rules.c).
 */
PG_FUNCTION_INFO_V1(isms_addon_check);
Datum
isms_addon_check(PG_FUNCTION_ARGS)
{
	IsmsSpiUser su;
	TriggerData *td = isms_trigger_data(fcinfo, "isms.addon_check", false, true);
	Relation	rel = td->tg_relation;
	bool		isnull;
	int64		id;

	id = DatumGetInt64(heap_getattr(td->tg_trigtuple, isms_attnum(rel, "id"),
									RelationGetDescr(rel), &isnull));
	isms_spi_connect_owner(&su);
	isms_addon_check_batch(id, rel);
	isms_transfer_commit_check(id, rel);	/* a transferred base (transfer.c) */
	/* an add-on relinked to another base: its combined audits */
	if (isms_column_differs(rel, td->tg_trigtuple, td->tg_newtuple,
							isms_attnum(rel, "base_certificate_id")))
		isms_check_combined_audits_of(id, rel);
	isms_spi_finish_owner(&su);
	return PointerGetDatum(NULL);
}
