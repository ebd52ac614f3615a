/*-------------------------------------------------------------------------
 *
 * trg_reference.c
 *	  The triggers that keep what recorded decisions and audits rely on:
 *	  evidence, accreditation and registration rows go by DELETE (whose
 *	  triggers check them), the rows shipped with the extension are
 *	  read-only, changed reference data reaches every backend's cache, and
 *	  accreditation (rules_tables.c) and auditor registration (trg_audit_rules.c)
 *	  changes are rechecked at commit.
 *
 *	isms_no_truncate		BEFORE TRUNCATE statement on every table but
 *							isms.decision
 *	isms_reference_guard	BEFORE INSERT/UPDATE/DELETE row on isms.scheme,
 *							isms.standard, isms.edition_transition,
 *							isms.audit_time: shipped rows; the scheme of
 *							a standard in use (rules_tables.c)
 *	isms_reference_changed	AFTER statement on isms.standard and
 *							isms.edition_transition: cache invalidation
 *	isms_accreditation_after_change		deferred constraint trigger: the
 *							accreditation recheck of rules_tables.c
 *	isms_accreditation_body_after_change	the same, when a body loses its
 *							recognition
 *	isms_auditor_registration_after_change	deferred constraint trigger:
 *				lead auditors (trg_audit_rules.c)
 *	isms_reference_statuses	deferred constraint trigger on isms.standard
 *							and isms.edition_transition: the stored
 *							statuses of the certificates concerned are
 *							refreshed (refresh.c)
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/inval.h"

/*
 * BEFORE TRUNCATE FOR EACH STATEMENT on every table of isms but
 * isms.decision (refused as an edit of the history, rules_tables.c):
 * reference data, bodies, accreditations, registrations, organisations,
 * certificates and audits are what recorded decisions rely on, so rows go
 * by DELETE, whose triggers and foreign keys
 * check them (the engine's cycle and scope rules, rules_tables.c's
 * accreditation cover, trg_audit_rules.c's lead auditors, the shipped rows
 * of reference data).  One message for every table.
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
			 errdetail("Its rows are reference data, bodies, accreditations, registrations or registry records that the scheme's rules and the recorded certificates rely on; TRUNCATE would skip the checks of DELETE."),
			 errhint("Use DELETE, whose triggers and foreign keys check what depends on each row."),
			 errtable(td->tg_relation)));
	PG_RETURN_NULL();
}

/*
 * BEFORE INSERT OR UPDATE OR DELETE FOR EACH ROW on isms.scheme,
 * isms.standard, isms.edition_transition and isms.audit_time: rows the
 * extension ships (shipped = true) are read-only, and no other row can
 * claim to be shipped, because pg_dump does not keep shipped rows (the
 * extension recreates them).
 */
PG_FUNCTION_INFO_V1(isms_reference_guard);
Datum
isms_reference_guard(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.reference_guard", true, true);
	Relation	rel = td->tg_relation;
	int			a_shipped = isms_attnum(rel, "shipped");
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
	/*
	 * the scheme and needs_base of a standard certificates name, the base
	 * scheme of a scheme whose certificates have bases (rules_tables.c)
	 */
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event) &&
		strcmp(RelationGetRelationName(rel), "standard") == 0)
		isms_check_standard_change(rel, td->tg_trigtuple, td->tg_newtuple);
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event) &&
		strcmp(RelationGetRelationName(rel), "scheme") == 0)
		isms_check_scheme_change(rel, td->tg_trigtuple, td->tg_newtuple);
	return PointerGetDatum(TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple
						   : td->tg_trigtuple);
}

/*
 * AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE FOR EACH STATEMENT on
 * isms.standard and isms.edition_transition: every backend drops its cached
 * copy of them (the reference-data cache of the rule engine) when this
 * transaction commits.
 */
PG_FUNCTION_INFO_V1(isms_reference_changed);
Datum
isms_reference_changed(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.reference_changed", false, false);

	CacheInvalidateRelcache(td->tg_relation);
	isms_dates_distrust();		/* stored timelines wait for the refresh */
	return PointerGetDatum(NULL);
}

/* ----------------------------------------------------------------
 * commit-time rechecks: accreditation cover (rules_tables.c) and lead auditors (trg_audit_rules.c)
 * ---------------------------------------------------------------- */

/*
 * Lead auditors (trg_audit_rules.c): the first recorded audit led by one of the auditors $1 that
 * starts on a day no active registration of its lead auditor covers.
 */
static const char *const unregistered_audit_sql =
"SELECT c.certificate_number, a.kind::pg_catalog.text,"
" a.start_date, au.id, au.name"
" FROM isms.audit a"
" JOIN isms.certificate c ON c.id" EQ "a.certificate_id"
" JOIN isms.auditor au ON au.id" EQ "a.lead_auditor_id"
" WHERE a.lead_auditor_id" EQ "ANY ($1)"
" AND NOT EXISTS (SELECT 1 FROM isms.auditor_registration r"
"  WHERE r.auditor_id" EQ "a.lead_auditor_id"
"  AND r.status" EQ "'active'::isms.accreditation_status"
"  AND r.valid_from" LE "a.start_date"
"  AND (r.valid_until IS NULL OR r.valid_until" GE "a.start_date))"
" ORDER BY a.id LIMIT 1";

/*
 * The ids in column name of the old row and, for an UPDATE, of the new
 * row, as an int8[] Datum; false if both are null.
 */
static bool
changed_ids(TriggerData *td, const char *name, Datum *array)
{
	Relation	rel = td->tg_relation;
	Datum		ids[2];
	int			n = 0;
	bool		isnull;

	ids[n] = isms_getattr(rel, td->tg_trigtuple, name, &isnull);
	if (!isnull)
		n++;
	if (TRIGGER_FIRED_BY_UPDATE(td->tg_event))
	{
		ids[n] = isms_getattr(rel, td->tg_newtuple, name, &isnull);
		if (!isnull)
			n++;
	}
	if (n == 0)
		return false;
	*array = isms_int8_array_datum(ids, n);
	return true;
}

/*
 * AFTER UPDATE OR DELETE FOR EACH ROW on isms.accreditation, as a
 * constraint trigger deferred to commit: every recorded decision of the
 * certification body must still be covered (rules_tables.c).
 */
PG_FUNCTION_INFO_V1(isms_accreditation_after_change);
Datum
isms_accreditation_after_change(PG_FUNCTION_ARGS)
{
	IsmsSpiUser su;
	TriggerData *td = isms_trigger_data(fcinfo, "isms.accreditation_after_change", false, true);
	Relation	rel = td->tg_relation;
	bool		isnull;
	int64		cb;

	cb = DatumGetInt64(isms_getattr(rel, td->tg_trigtuple, "cb_id", &isnull));
	if (isnull)
		return PointerGetDatum(NULL);
	isms_spi_connect_statement(&su);
	isms_check_accreditation_cover(&cb, 1, rel);	/* rules_tables.c */
	isms_spi_finish_owner(&su);
	return PointerGetDatum(NULL);
}

/*
 * The certification bodies accredited by accreditation body $1, their
 * accreditations locked in the order the decision checks lock them (by id),
 * so that a decision check in progress finishes first and a later one waits
 * for this transaction and then sees the body's recognition as committed.
 */
static IsmsPlan q_ab_accredited = {
	"SELECT a.cb_id FROM isms.accreditation a"
	" WHERE a.ab_id" EQ "$1"
	" ORDER BY a.id FOR UPDATE OF a",
	1, {INT8OID}
};

/*
 * AFTER UPDATE FOR EACH ROW on isms.accreditation_body when the body loses
 * its recognition (recognised and iaf_mla both false), as a constraint
 * trigger deferred to commit: the accreditations it gave no longer count
 * for rules_tables.c, so every recorded decision of the bodies it accredited must
 * still be covered by another accreditation.
 */
PG_FUNCTION_INFO_V1(isms_accreditation_body_after_change);
Datum
isms_accreditation_body_after_change(PG_FUNCTION_ARGS)
{
	IsmsSpiUser su;
	TriggerData *td = isms_trigger_data(fcinfo, "isms.accreditation_body_after_change", false, true);
	Relation	rel = td->tg_relation;
	bool		isnull;
	Datum		args[1];
	int64	   *cbs;
	int			ncb;
	uint64		i;

	args[0] = isms_getattr(rel, td->tg_trigtuple, "id", &isnull);
	if (isnull)
		return PointerGetDatum(NULL);
	isms_spi_connect_statement(&su);
	isms_exec_plan(&q_ab_accredited, args, NULL, 1, false, true, 0);
	cbs = palloc(sizeof(int64) * Max(SPI_processed, 1));
	for (i = 0; i < SPI_processed; i++)
		cbs[i] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i],
											 SPI_tuptable->tupdesc, 1, &isnull));
	ncb = isms_sort_unique(cbs, (int) SPI_processed);
	if (ncb > 0)
		isms_check_accreditation_cover(cbs, ncb, rel);	/* rules_tables.c */
	isms_spi_finish_owner(&su);
	return PointerGetDatum(NULL);
}

/*
 * AFTER UPDATE OR DELETE FOR EACH ROW on isms.auditor_registration, as a
 * constraint trigger deferred to commit: every recorded audit led by the
 * auditor (the old and the new row's) still starts on a day of an active
 * registration (trg_audit_rules.c).
 */
PG_FUNCTION_INFO_V1(isms_auditor_registration_after_change);
Datum
isms_auditor_registration_after_change(PG_FUNCTION_ARGS)
{
	IsmsSpiUser su;
	TriggerData *td = isms_trigger_data(fcinfo, "isms.auditor_registration_after_change", false, true);
	Relation	rel = td->tg_relation;
	static SPIPlanPtr plan = NULL;
	Datum		auditors;
	HeapTuple	t;

	if (!changed_ids(td, "auditor_id", &auditors))
		return PointerGetDatum(NULL);
	isms_spi_connect_statement(&su);
	t = isms_first_violation(&plan, unregistered_audit_sql, INT8ARRAYOID, auditors);
	if (t != NULL)
	{
		TupleDesc	tdesc = SPI_tuptable->tupdesc;

		isms_refuse_registration_change(rel, SPI_getvalue(t, tdesc, 1),
										SPI_getvalue(t, tdesc, 2),
										isms_getdate_text(t, tdesc, 3),
										SPI_getvalue(t, tdesc, 4),
										SPI_getvalue(t, tdesc, 5));
	}
	isms_spi_finish_owner(&su);
	return PointerGetDatum(NULL);
}

/*
 * The certificates of the given standards (text forms; any edition, any
 * IDT adoption, with either form on either side) and their add-ons.
 */
static IsmsPlan q_of_standards = {
	"SELECT c.id FROM isms.certificate c"
	" LEFT JOIN isms.certificate b ON b.id" EQ "c.base_certificate_id"
	" WHERE EXISTS (SELECT 1 FROM pg_catalog.unnest($1) AS r(t)"
	"  WHERE r.t IS NOT NULL"
	"   AND (c.standard OPERATOR(pg_catalog.~=) r.t::isms.stdref"
	"    OR isms.std_canonical(c.standard) OPERATOR(pg_catalog.~=) r.t::isms.stdref"
	"    OR b.standard OPERATOR(pg_catalog.~=) r.t::isms.stdref"
	"    OR isms.std_canonical(b.standard) OPERATOR(pg_catalog.~=) r.t::isms.stdref))"
	" ORDER BY c.id",
	1, {TEXTARRAYOID}
};

/*
 * AFTER INSERT OR UPDATE OR DELETE FOR EACH ROW on isms.standard and
 * isms.edition_transition, as a constraint trigger deferred to commit: a
 * change of the standards or transitions can change what recorded
 * histories mean today (the expiry of an old edition by its transition,
 * adoptions of an edition, an add-on through its base), so the stored columns of every certificate of the
 * standards of the old and the new row, and of their add-ons, are
 * refreshed before the transaction commits.  As every check, it runs as
 * the tables' owner: which role the transaction has set by its commit
 * changes nothing.
 */
PG_FUNCTION_INFO_V1(isms_reference_statuses);
Datum
isms_reference_statuses(PG_FUNCTION_ARGS)
{
	TriggerData *td = isms_trigger_data(fcinfo, "isms.reference_statuses", false, true);
	Relation	rel = td->tg_relation;
	bool		is_standard = strcmp(RelationGetRelationName(rel), "standard") == 0;
	const char *cols[2];
	HeapTuple	tups[2];
	Datum		refs[4];
	bool		nulls[4];
	int			nrefs = 0,
				t,
				k;
	Datum		args[1];
	int64	   *ids;
	uint64		i;
	IsmsSpiUser su;

	cols[0] = is_standard ? "ref" : "from_standard";
	cols[1] = is_standard ? "idt_of" : "to_standard";
	tups[0] = td->tg_trigtuple;
	tups[1] = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : NULL;
	for (t = 0; t < 2; t++)
	{
		if (tups[t] == NULL)
			continue;
		for (k = 0; k < 2; k++)
		{
			char	   *v = isms_getvalue(rel, tups[t], cols[k]);

			nulls[nrefs] = v == NULL;
			refs[nrefs++] = v == NULL ? (Datum) 0 : CStringGetTextDatum(v);
		}
	}
	args[0] = isms_text_array(refs, nulls, nrefs);

	isms_spi_connect_statement(&su);
	isms_exec_plan(&q_of_standards, args, NULL, 1, false, true, 0);
	ids = palloc(sizeof(int64) * Max(SPI_processed, 1));
	for (i = 0; i < SPI_processed; i++)
	{
		bool		isnull;

		ids[i] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i],
											 SPI_tuptable->tupdesc, 1, &isnull));
	}
	isms_refresh_ids(ids, (int) SPI_processed);	/* refresh.c */
	isms_spi_finish_owner(&su);
	return PointerGetDatum(NULL);
}
