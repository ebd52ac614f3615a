/*-------------------------------------------------------------------------
 *
 * rules_tables.c
 *	  The rules that read other tables than a certificate's history, for a
 *	  whole statement at once: ACC-1 (a certifying decision is covered by
 *	  an accreditation of its body, at insert and when accreditations
 *	  change) and the corrections of a statement (each names an earlier
 *	  decision of the same certificate, and an annulment is final); the
 *	  refusals of changes to recorded decisions and to a certificate's
 *	  derived columns.  The history rule's ID and texts are those of
 *	  rules_status.c.
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "catalog/pg_type.h"
#include "utils/builtins.h"
#include "utils/date.h"

#define ACC_KIND(k) isms_kind_has((k), ISMS_KP_NEEDS_ACCREDITATION)

static IsmsPlan q_acc_lock = {
	"SELECT a.cb_id, a.scheme, a.valid_from, a.valid_until, a.ab_id"
	" FROM isms.accreditation a"
	" WHERE a.cb_id OPERATOR(pg_catalog.=) ANY ($1)"
	" AND a.status OPERATOR(pg_catalog.=) 'active'"
	" ORDER BY a.id FOR SHARE OF a",
	1, {INT8ARRAYOID}
};

/*
 * The accreditation bodies among $1 whose accreditations count for ACC-1:
 * recognised by the registry or IAF MLA signatories.  Read after the
 * accreditations are locked, with the latest snapshot, so that a body that
 * lost its recognition in a transaction the lock waited for is seen so.
 */
static IsmsPlan q_ab_trusted = {
	"SELECT b.id FROM isms.accreditation_body b"
	" WHERE b.id OPERATOR(pg_catalog.=) ANY ($1)"
	" AND (b.recognised OR b.iaf_mla)",
	1, {INT8ARRAYOID}
};

static IsmsPlan q_corrects_check = {
	"SELECT d.id, x.id, d.certificate_id, x.certificate_id,"
	" x.kind OPERATOR(pg_catalog.=) 'annul'::isms.decision_kind,"
	" d.decision_date, x.decision_date"
	" FROM isms.decision d JOIN isms.decision x"
	"  ON x.id OPERATOR(pg_catalog.=) d.corrects"
	" WHERE d.id OPERATOR(pg_catalog.=) ANY ($1)"
	" AND (x.certificate_id OPERATOR(pg_catalog.<>) d.certificate_id"
	"      OR x.id OPERATOR(pg_catalog.>) d.id"
	"      OR x.kind OPERATOR(pg_catalog.=) 'annul'::isms.decision_kind"
	"      OR x.decision_date OPERATOR(pg_catalog.>) d.decision_date)"
	" ORDER BY d.id LIMIT 1",
	1, {INT8ARRAYOID}
};

static IsmsPlan q_acc_recheck = {
	"SELECT d.id, c.certificate_number, cb.code, st.scheme,"
	" d.decision_date, d.kind::pg_catalog.text"
	" FROM isms.decision d"
	" JOIN isms.certificate c ON c.id OPERATOR(pg_catalog.=) d.certificate_id"
	" JOIN isms.certification_body cb ON cb.id OPERATOR(pg_catalog.=) c.cb_id"
	" JOIN isms.standard st ON st.ref OPERATOR(pg_catalog.=) coalesce("
	"  (SELECT t.new_standard FROM isms.decision t"
	"   WHERE t.certificate_id OPERATOR(pg_catalog.=) d.certificate_id"
	"   AND t.new_standard IS NOT NULL"
	"   AND ROW(t.effective_date, t.id) OPERATOR(pg_catalog.<) ROW(d.effective_date, d.id)"
	"   AND NOT EXISTS (SELECT 1 FROM isms.decision y"
	"    WHERE y.corrects OPERATOR(pg_catalog.=) t.id)"
	"   ORDER BY t.effective_date DESC, t.id DESC LIMIT 1),"
	"  c.initial_standard, c.standard)"
	" WHERE c.cb_id OPERATOR(pg_catalog.=) ANY ($1)"
	" AND d.kind::pg_catalog.text OPERATOR(pg_catalog.=) ANY ($2::pg_catalog.text[])"
	" AND NOT EXISTS (SELECT 1 FROM isms.decision x"
	"   WHERE x.corrects OPERATOR(pg_catalog.=) d.id)"
	" AND NOT EXISTS (SELECT 1 FROM isms.accreditation a"
	"  JOIN isms.accreditation_body b ON b.id OPERATOR(pg_catalog.=) a.ab_id"
	"  WHERE a.cb_id OPERATOR(pg_catalog.=) c.cb_id"
	"  AND (b.recognised OR b.iaf_mla)"
	"  AND a.scheme OPERATOR(pg_catalog.=) st.scheme"
	"  AND a.status OPERATOR(pg_catalog.=) 'active'"
	"  AND a.valid_from OPERATOR(pg_catalog.<=) d.decision_date"
	"  AND (a.valid_until IS NULL OR a.valid_until OPERATOR(pg_catalog.>=) d.decision_date))"
	" ORDER BY d.id LIMIT 1",
	2, {INT8ARRAYOID, TEXTOID}
};

/*
 * "{grant,recertify,...}": the kinds that need an accreditation, as text
 * (some may be missing from the enum of an install not yet updated, isms.h).
 */
static Datum
acc_kinds(void)
{
	const char *list = "";
	int			k;

	for (k = 1; k <= ISMS_DK_LAST; k++)
		if (ACC_KIND(k))
			list = psprintf("%s%s%s", list, *list ? "," : "", isms_decision_name(k));
	return CStringGetTextDatum(psprintf("{%s}", list));
}

/*
 * The scheme of an edition of a certificate: that of the edition in force at
 * a decision counts for ACC-1, so a registry's own edition in another scheme
 * does not move the decisions before its transition.
 */
static const char *
edition_scheme(const IsmsCert *c, const char *edition)
{
	const IsmsStandard *std = edition != NULL ? isms_standard(c->ref, edition) : NULL;

	return std != NULL ? std->scheme : c->scheme;
}

/*
 * Whether a statement's decisions change the editions in force at the
 * certificate's recorded decisions: a new transition (which may take effect
 * before recorded decisions) or a correction or annulment (which may
 * remove or move one).  Then ACC-1 is checked for every decision of the
 * certificate, not only the new ones.
 */
static bool
moves_editions(const IsmsCert *c)
{
	int			j;

	for (j = 0; j < c->ndec; j++)
		if (c->dec[j].is_new &&
			(c->dec[j].new_standard != NULL || c->dec[j].corrects != 0))
			return true;
	return false;
}

typedef struct AccPeriod
{
	int64		cb_id;
	char	   *scheme;
	DateADT		from;
	DateADT		until;			/* DATEVAL_NOEND when open */
	int64		ab_id;
} AccPeriod;

/*
 * Checks of the new decisions of a statement that need other tables.
 * The certificates are loaded and locked (isms_load with lock), and the
 * decisions marked is_new.
 *
 * ACC-1: each new grant, recertification, restoration and scope extension
 * is covered by an active accreditation of the certificate's body for the
 * scheme of its standard, given by a recognised accreditation body (or an
 * IAF MLA signatory).  The active accreditations of the bodies
 * involved are read in one query and locked FOR SHARE, so that no
 * concurrent change can withdraw them under the decision; the check itself
 * runs in memory.
 *
 * Corrections: each names an earlier decision of the same certificate,
 * decided no later than the correction (rules_status.c; checked only when a
 * statement holds corrections).
 */
void
isms_check_new_decisions(IsmsCert *certs, int ncert, Relation rel)
{
	int64	   *cbs = palloc(sizeof(int64) * Max(ncert, 1));
	int64	   *corr;
	int			ncb = 0,
				ncorr = 0,
				nacc = 0,
				i,
				j,
				k;
	AccPeriod  *acc = NULL;
	Datum		args[1];
	int			nnew = 0;

	for (i = 0; i < ncert; i++)
		nnew += certs[i].ndec;
	corr = palloc(sizeof(int64) * Max(nnew, 1));
	for (i = 0; i < ncert; i++)
	{
		IsmsCert   *c = &certs[i];
		bool		all = moves_editions(c);

		for (j = 0; j < c->ndec; j++)
		{
			IsmsDecision *d = &c->dec[j];

			if (ACC_KIND(d->kind) && (d->is_new || all) &&
				(ncb == 0 || cbs[ncb - 1] != c->cb_id))
				cbs[ncb++] = c->cb_id;
			if (!d->is_new)
				continue;
			/* corrected decisions were dropped by the load; their correctors remain */
			if (d->corrects != 0)
				corr[ncorr++] = d->id;
		}
	}

	if (ncorr > 0)
	{
		args[0] = isms_int8_array(corr, ncorr);
		isms_exec_plan(&q_corrects_check, args, NULL, ncorr, false, false, 1);
		if (SPI_processed > 0)
		{
			HeapTuple	t = SPI_tuptable->vals[0];
			TupleDesc	td = SPI_tuptable->tupdesc;
			bool		isnull;
			IsmsViolation *v;

			v = isms_correction_violation(SPI_getvalue(t, td, 1), SPI_getvalue(t, td, 2),
										  SPI_getvalue(t, td, 3), SPI_getvalue(t, td, 4),
										  DatumGetBool(SPI_getbinval(t, td, 5, &isnull)),
										  isms_getdate_text(t, td, 6), isms_getdate_text(t, td, 7));
			isms_report_violation(v, rel);
		}
	}

	if (ncb == 0)
		return;
	ncb = isms_sort_unique(cbs, ncb);
	args[0] = isms_int8_array(cbs, ncb);
	isms_exec_plan(&q_acc_lock, args, NULL, ncb, false, false, 0);
	if (SPI_processed > 0)
	{
		TupleDesc	td = SPI_tuptable->tupdesc;
		uint64		r;

		acc = palloc(sizeof(AccPeriod) * SPI_processed);
		for (r = 0; r < SPI_processed; r++)
		{
			HeapTuple	t = SPI_tuptable->vals[r];
			bool		isnull;

			acc[r].cb_id = DatumGetInt64(SPI_getbinval(t, td, 1, &isnull));
			acc[r].scheme = SPI_getvalue(t, td, 2);
			acc[r].from = DatumGetDateADT(SPI_getbinval(t, td, 3, &isnull));
			acc[r].until = DatumGetDateADT(SPI_getbinval(t, td, 4, &isnull));
			if (isnull)
				DATE_NOEND(acc[r].until);
			acc[r].ab_id = DatumGetInt64(SPI_getbinval(t, td, 5, &isnull));
		}
		nacc = (int) SPI_processed;
	}
	if (nacc > 0)
	{
		/* only accreditations by recognised bodies (or IAF MLA) count */
		int64	   *abs = palloc(sizeof(int64) * nacc);
		int64	   *trusted;
		int			nabs,
					ntrusted,
					kept = 0;

		for (k = 0; k < nacc; k++)
			abs[k] = acc[k].ab_id;
		nabs = isms_sort_unique(abs, nacc);
		args[0] = isms_int8_array(abs, nabs);
		isms_exec_plan(&q_ab_trusted, args, NULL, nabs, false, true, 0);
		ntrusted = (int) SPI_processed;
		trusted = palloc(sizeof(int64) * Max(ntrusted, 1));
		for (k = 0; k < ntrusted; k++)
		{
			bool		isnull;

			trusted[k] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[k],
													 SPI_tuptable->tupdesc, 1, &isnull));
		}
		ntrusted = isms_sort_unique(trusted, ntrusted);
		for (k = 0; k < nacc; k++)
			if (ntrusted > 0 &&
				bsearch(&acc[k].ab_id, trusted, ntrusted, sizeof(int64), isms_cmp_int64) != NULL)
				acc[kept++] = acc[k];
		nacc = kept;
	}

	for (i = 0; i < ncert; i++)
	{
		IsmsCert   *c = &certs[i];
		const char *edition = c->initial_standard;
		bool		all = moves_editions(c);

		/* in the replay's order, following the edition in force */
		for (j = 0; j < c->ndec; j++)
		{
			IsmsDecision *d = &c->dec[j];
			const char *scheme;
			bool		covered = false;

			if (!(d->is_new || all) || !ACC_KIND(d->kind))
			{
				if (d->new_standard != NULL)
					edition = d->new_standard;
				continue;
			}
			scheme = edition_scheme(c, edition);
			for (k = 0; k < nacc && !covered; k++)
				covered = acc[k].cb_id == c->cb_id &&
					strcmp(acc[k].scheme, scheme) == 0 &&
					acc[k].from <= d->decided && d->decided <= acc[k].until;
			if (!covered)
			{
				IsmsViolation *v = isms_violation("ACC-1", ISMS_SQLSTATE_CHECK_VIOLATION);
				const char *day = isms_date_text(d->decided);

				isms_viol_message(v, ISMS_MSG("certification body \"%s\" is not accredited for scheme \"%s\" on %s"),
								  c->cb_code, scheme, day);
				isms_viol_detail(v, ISMS_MSG("Rule ACC-1: the %s decision %s of certificate \"%s\" (decided %s) needs an active accreditation of certification body \"%s\" for scheme \"%s\" covering the decision date."),
								 isms_decision_name(d->kind), isms_int_text(d->id),
								 c->number, day, c->cb_code, scheme);
				if (d->is_new)
					isms_viol_hint(v, ISMS_MSG("Record the certification body's accreditation in isms.accreditation first."));
				else
					isms_viol_hint(v, ISMS_MSG("The statement's transition, correction or annulment changes the edition in force at this recorded decision, and so the scheme it needs."));
				isms_report_violation(v, rel);
			}
		}
	}
}

/*
 * After accreditations of these certification bodies changed: every
 * decision that needed accreditation (ACC-1) must still have it, for the
 * scheme of the edition in force at the decision (the initial one or that
 * of the last transition before it, in the replay's order).  Decisions that
 * were corrected (rules_status.c) no longer count.
 */
void
isms_check_accreditation_cover(int64 *cb_ids, int ncb, Relation rel)
{
	Datum		args[2];

	args[0] = isms_int8_array(cb_ids, ncb);
	args[1] = acc_kinds();
	isms_exec_plan(&q_acc_recheck, args, NULL, ncb, false, true, 1);
	if (SPI_processed > 0)
	{
		HeapTuple	t = SPI_tuptable->vals[0];
		TupleDesc	td = SPI_tuptable->tupdesc;

		IsmsViolation *v = isms_violation("ACC-1", ISMS_SQLSTATE_CHECK_VIOLATION);

		isms_viol_message(v, ISMS_MSG("accreditation change leaves decision %s of certificate \"%s\" without accreditation"),
						  SPI_getvalue(t, td, 1), SPI_getvalue(t, td, 2));
		isms_viol_detail(v, ISMS_MSG("Rule ACC-1: the %s decision %s of certificate \"%s\" (decided %s) needs an active accreditation of certification body \"%s\" for scheme \"%s\" covering the decision date."),
						 SPI_getvalue(t, td, 6), SPI_getvalue(t, td, 1),
						 SPI_getvalue(t, td, 2), isms_getdate_text(t, td, 5),
						 SPI_getvalue(t, td, 3), SPI_getvalue(t, td, 4));
		isms_viol_hint(v, ISMS_MSG("Accreditation periods that decisions rely on cannot be shortened, suspended or removed retroactively."));
		isms_report_violation(v, rel);
	}
}

/*
 * A change of the scheme, or of needs_base, of a standard that recorded
 * certificates name (as their standard, their initial one, or a
 * transition's new edition) is refused: ACC-1 judged their decisions by
 * the accreditations for its scheme, and the link rule of rules_addon.c
 * their links by its scheme and whether it needs a base.  Checked by the
 * guard of isms.standard (trg_reference.c) on UPDATE; the rows of a
 * standard no certificate names yet may change.  The row is locked FOR
 * UPDATE first: that waits for the writers whose foreign keys hold it FOR
 * KEY SHARE (a certificate or a transition naming it, not yet committed;
 * the UPDATE's own lock does not wait for them), and the query after it,
 * by the latest snapshot, sees them; a writer coming later waits for this
 * change.
 */
static const char *const standard_lock_sql =
"SELECT 1 FROM isms.standard s WHERE s.ref" EQ "$1::isms.stdref FOR UPDATE OF s";

static const char *const standard_use_sql =
"SELECT u.number FROM ("
" SELECT c.certificate_number AS number FROM isms.certificate c"
"  WHERE c.standard" EQ "$1::isms.stdref OR c.initial_standard" EQ "$1::isms.stdref"
" UNION ALL"
" SELECT c.certificate_number FROM isms.decision d"
"  JOIN isms.certificate c ON c.id" EQ "d.certificate_id"
"  WHERE d.new_standard" EQ "$1::isms.stdref) u"
" LIMIT 1";

/*
 * Run lock_sql, then use_sql by a snapshot taken after the lock (the
 * latest one under REPEATABLE READ), both with the text argument key, as
 * the tables' owner; the first column of use_sql's first row, in the
 * caller's memory, or NULL.
 */
static char *
first_user_after_lock(SPIPlanPtr *lock_plan, const char *lock_sql,
					  SPIPlanPtr *use_plan, const char *use_sql, const char *key)
{
	MemoryContext caller = CurrentMemoryContext;
	IsmsSpiUser su;
	Oid			types[1] = {TEXTOID};
	Datum		args[1] = {CStringGetTextDatum(key)};
	char	   *found = NULL;

	isms_spi_connect_owner(&su);
	isms_execute_kept(lock_plan, lock_sql, 1, types, args, false, 0, SPI_OK_SELECT);
	isms_execute_kept_latest(use_plan, use_sql, 1, types, args, 1, SPI_OK_SELECT);
	if (SPI_processed > 0)
		found = MemoryContextStrdup(caller, SPI_getvalue(SPI_tuptable->vals[0],
														 SPI_tuptable->tupdesc, 1));
	isms_spi_finish_owner(&su);
	return found;
}

void
isms_check_standard_change(Relation rel, HeapTuple oldtup, HeapTuple newtup)
{
	static SPIPlanPtr plan = NULL;
	static SPIPlanPtr lock_plan = NULL;
	const char *ref = isms_getvalue(rel, oldtup, "ref");
	const char *oldscheme = isms_getvalue(rel, oldtup, "scheme");
	const char *newscheme = isms_getvalue(rel, newtup, "scheme");
	const char *oldbase = isms_getvalue(rel, oldtup, "needs_base");
	const char *newbase = isms_getvalue(rel, newtup, "needs_base");
	bool		scheme = strcmp(oldscheme, newscheme) != 0;
	char	   *number;

	if (!scheme && strcmp(oldbase, newbase) == 0)
		return;
	number = first_user_after_lock(&lock_plan, standard_lock_sql, &plan, standard_use_sql, ref);
	if (number == NULL)
		return;
	if (scheme)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("the scheme of standard \"%s\" cannot be changed while certificates name it", ref),
				 errdetail("Rules ACC-1 and %s: the decisions and links of certificates against \"%s\" (certificate \"%s\" among them) were judged in scheme \"%s\"; it cannot become \"%s\".",
						   isms_rule_add1, ref, number, oldscheme, newscheme),
				 errhint("Add a new edition (isms.standard) in the other scheme and an edition transition to it."),
				 errtableconstraint(rel, "ACC-1")));
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("whether standard \"%s\" needs a base cannot be changed while certificates name it", ref),
			 errdetail("Rule %s: the links of certificates against \"%s\" (certificate \"%s\" among them) were judged with needs_base = %s.",
					   isms_rule_add1, ref, number, strcmp(oldbase, "t") == 0 ? "true" : "false"),
			 errhint("Add a new edition (isms.standard) with the other value and an edition transition to it."),
			 errtableconstraint(rel, isms_rule_add1)));
}

/*
 * A change of the base scheme (isms.scheme.base_scheme) of a scheme whose
 * certificates have bases is refused: the link rule of rules_addon.c
 * judged their links by it.  The standards of the scheme are locked FOR
 * UPDATE first, as for a standard's change above, so that a certificate
 * linked meanwhile is seen, or waits.  Setting a base scheme where there
 * was none links nothing and is let through.
 */
static const char *const scheme_lock_sql =
"SELECT 1 FROM isms.standard s WHERE s.scheme" EQ "$1 ORDER BY s.ref FOR UPDATE OF s";

static const char *const scheme_use_sql =
"SELECT c.certificate_number FROM isms.certificate c"
" JOIN isms.standard s ON s.ref" EQ "c.standard"
" WHERE s.scheme" EQ "$1 AND c.base_certificate_id IS NOT NULL"
" LIMIT 1";

void
isms_check_scheme_change(Relation rel, HeapTuple oldtup, HeapTuple newtup)
{
	static SPIPlanPtr plan = NULL;
	static SPIPlanPtr lock_plan = NULL;
	const char *code = isms_getvalue(rel, oldtup, "code");
	const char *oldbase = isms_getvalue(rel, oldtup, "base_scheme");
	const char *newbase = isms_getvalue(rel, newtup, "base_scheme");
	char	   *number;

	if (oldbase == NULL || (newbase != NULL && strcmp(oldbase, newbase) == 0))
		return;
	number = first_user_after_lock(&lock_plan, scheme_lock_sql, &plan, scheme_use_sql, code);
	if (number == NULL)
		return;
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("the base scheme of scheme \"%s\" cannot be changed while its certificates have bases", code),
			 errdetail("Rule %s: the links of certificates of scheme \"%s\" to their bases (certificate \"%s\" among them) were judged with base scheme \"%s\"; it cannot become %s.",
					   isms_rule_add1, code, number, oldbase,
					   newbase ? psprintf("\"%s\"", newbase) : "empty"),
			 errhint("Unlink the add-ons first, or add a new scheme for the new kind of base."),
			 errtableconstraint(rel, isms_rule_add1)));
}

/*
 * The history rule (rules_status.c): refusals raised by the triggers of
 * isms.decision and isms.certificate: an annulment names what it voids, recorded decisions
 * never change, and a certificate's derived and locked columns change only
 * through decisions (with rules_scope.c's rule for its scope).
 */
void
isms_refuse_annul_without_target(Relation rel)
{
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("an annul decision must name the decision it voids"),
			 errdetail("Rule %s: an \"annul\" decision voids the decision named in its \"corrects\" column, which is empty.",
					   isms_rule_log1),
			 errhint("Set corrects to the id of the decision recorded by mistake."),
			 errtableconstraint(rel, isms_rule_log1)));
	pg_unreachable();
}

void
isms_refuse_decision_change(Relation rel, bool update, bool delete)
{
	ereport(ERROR,
			(errcode(ERRCODE_RESTRICT_VIOLATION),
			 update ?
			 errmsg("certification decisions cannot be updated") :
			 delete ?
			 errmsg("certification decisions cannot be deleted") :
			 errmsg("certification decisions cannot be truncated"),
			 errdetail("Rule %s: decisions are history; they are never updated or deleted.",
					   isms_rule_log1),
			 errhint("Insert a compensating decision whose \"corrects\" column names the decision it corrects."),
			 errtableconstraint(rel, isms_rule_log1)));
	pg_unreachable();
}

void
isms_refuse_derived_change(Relation rel, const char *column)
{
	ereport(ERROR,
			(errcode(ERRCODE_GENERATED_ALWAYS),
			 errmsg("column \"%s\" of a certificate can only be changed by decisions",
					column),
			 errdetail("The status, dates, revision and initial scope and standard of a certificate derive from its decisions and application (%s).",
					   isms_rule_log1),
			 errhint("Insert a decision into isms.decision; call isms.sweep() to apply changes due by date."),
			 errtablecol(rel, isms_attnum(rel, column))));
	pg_unreachable();
}

void
isms_refuse_locked_change(Relation rel, const char *column, const char *number)
{
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("column \"%s\" of certificate \"%s\" cannot be changed after decisions were recorded",
					column, number),
			 errdetail("Rule %s and %s: a certificate with decisions changes scope only by \"reduce_scope\" or \"extend_scope\" decisions and standard only by \"transition\" decisions; its body, organisation and number never change.",
					   isms_rule_sco1, isms_rule_log1),
			 errhint("Record the change as a decision, or certify under a new certificate."),
			 errtablecol(rel, isms_attnum(rel, column)),
	/* the rule in the constraint-name field too: scope and standard, or the rest */
			 err_generic_string(PG_DIAG_CONSTRAINT_NAME,
								strcmp(column, "scope") == 0 ||
								strcmp(column, "scope_statement") == 0 ||
								strcmp(column, "standard") == 0 ?
								isms_rule_sco1 : isms_rule_log1)));
	pg_unreachable();
}
