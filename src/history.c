/*-------------------------------------------------------------------------
 *
 * history.c
 *	  Load the decision and audit history of a set of certificates in three
 *	  set-based queries, replay it through the scheme's state machine, and
 *	  write the derived columns back in one statement.
 *
 * Every writer path (decision triggers, audit triggers, the sweep) and every
 * reader (status_at, valid_periods, the audit programme) goes through
 * isms_replay(), so that they all give the same answer for the same history.
 *
 * The status of a certificate is a function of its decisions (ordered by
 * effective date, then id; a decision named by another's "corrects" is
 * ignored: LOG-1) and of the date: on expiry + 1 day an active or suspended
 * certificate is expired, with no decision row (REC-2, SUS-3).
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"
#include "scope.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "nodes/parsenodes.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "catalog/namespace.h"
#include "utils/inval.h"
#include "utils/memutils.h"
#include "utils/snapmgr.h"

/* Set while isms itself writes the derived columns of isms.certificate. */
bool		isms_internal_write = false;

/*
 * A query of the trigger path, prepared on first use and kept.  Statements
 * touching a few certificates use a generic plan, made once; bulk statements
 * (COPY) use a custom plan, made for the actual array of ids, which lets the
 * planner pick hash joins and hashed array lookups.  Either way no statement
 * plans a query per row.
 */
typedef struct IsmsPlan
{
	const char *sql;
	int			nargs;
	Oid			argtypes[10];
	SPIPlanPtr	generic;
	SPIPlanPtr	custom;
} IsmsPlan;

#define ISMS_GENERIC_MAX 64

/* ----------------------------------------------------------------
 * helpers
 * ---------------------------------------------------------------- */

int
isms_cmp_int64(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return (x > y) - (x < y);
}

/* Sort and deduplicate; returns the new length. */
int
isms_sort_unique(int64 *a, int n)
{
	int			i,
				k = 0;

	if (n <= 1)
		return n;
	qsort(a, n, sizeof(int64), isms_cmp_int64);
	for (i = 1; i < n; i++)
		if (a[i] != a[k])
			a[++k] = a[i];
	return k + 1;
}

/* Prepare a query and keep its plan for the life of the backend. */
SPIPlanPtr
isms_prepare_kept(const char *sql, int nargs, Oid *argtypes, int options)
{
	SPIPlanPtr	plan = SPI_prepare_cursor(sql, nargs, argtypes, options);

	if (plan == NULL)
		elog(ERROR, "SPI_prepare failed: %s", SPI_result_code_string(SPI_result));
	if (SPI_keepplan(plan) != 0)
		elog(ERROR, "SPI_keepplan failed");
	return plan;
}

/*
 * Run a query for n ids.  With latest, a transaction running under
 * REPEATABLE READ or SERIALIZABLE reads with a fresh snapshot, as
 * PostgreSQL's own foreign-key checks do: after a writer has locked the
 * certificates, it must check its decision against what other transactions
 * committed meanwhile, not against its older snapshot.
 */
static int
exec_plan(IsmsPlan *p, Datum *args, const char *nulls, int n, bool read_only,
		  bool latest, long tcount)
{
	SPIPlanPtr	plan;
	int			ret;

	if (n <= ISMS_GENERIC_MAX)
	{
		if (p->generic == NULL)
			p->generic = isms_prepare_kept(p->sql, p->nargs, p->argtypes,
									  CURSOR_OPT_GENERIC_PLAN);
		plan = p->generic;
	}
	else
	{
		if (p->custom == NULL)
			p->custom = isms_prepare_kept(p->sql, p->nargs, p->argtypes,
									 CURSOR_OPT_CUSTOM_PLAN);
		plan = p->custom;
	}
	if (latest && IsolationUsesXactSnapshot())
	{
		CommandCounterIncrement();
		ret = SPI_execute_snapshot(plan, args, nulls, GetLatestSnapshot(),
								   InvalidSnapshot, read_only, false, tcount);
	}
	else
		ret = SPI_execute_plan(plan, args, nulls, read_only, tcount);
	if (ret < 0)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	return ret;
}

/*
 * "CASE WHEN <col> = 'grant'::<type> THEN 1 ... END" from the C name table,
 * with the operator schema-qualified so that no search_path can capture it.
 */
static char *
kind_case(const char *col, const char *type, const char *(*namefn) (int), int last)
{
	StringInfoData s;
	int			k;

	initStringInfo(&s);
	appendStringInfoString(&s, "CASE");
	for (k = 1; k <= last; k++)
		appendStringInfo(&s, " WHEN %s OPERATOR(pg_catalog.=) '%s'::%s THEN %d",
						 col, namefn(k), type, k);
	appendStringInfoString(&s, " END");
	return s.data;
}

static Datum
int8_array(int64 *ids, int n)
{
	Datum	   *d = palloc(sizeof(Datum) * Max(n, 1));
	int			i;

	for (i = 0; i < n; i++)
		d[i] = Int64GetDatum(ids[i]);
	return PointerGetDatum(construct_array(d, n, INT8OID, 8, FLOAT8PASSBYVAL,
										   TYPALIGN_DOUBLE));
}

static inline Datum
col(HeapTuple t, TupleDesc td, int c, bool *isnull)
{
	return SPI_getbinval(t, td, c, isnull);
}

/* ----------------------------------------------------------------
 * loading
 * ---------------------------------------------------------------- */

#define CERTS_SELECT \
"SELECT c.id, c.certificate_number, c.status::pg_catalog.text," \
" c.expiry_date, c.cycle_start, c.original_certification_date, c.revision," \
" coalesce(ss.cycle_years, s.cycle_years)," \
" coalesce(cb.expiry_offset_days, ss.expiry_offset_days, s.expiry_offset_days)," \
" coalesce(ss.first_surveillance_months, s.first_surveillance_months)," \
" coalesce(ss.restoration_months, s.restoration_months)," \
" coalesce(ss.stage2_decision_months, s.stage2_decision_months)," \
" coalesce(cb.max_stage_gap_days, ss.max_stage_gap_days, s.max_stage_gap_days)," \
" coalesce(ss.suspension_warning_months, s.suspension_warning_months)," \
" coalesce(ss.auto_suspend_overdue, s.auto_suspend_overdue)," \
" c.cb_id, cb.code, st.scheme," \
" c.scope_statement, c.standard," \
" CASE WHEN c.initial_scope_statement OPERATOR(pg_catalog.=) c.scope_statement THEN NULL" \
"  ELSE c.initial_scope_statement END," \
" CASE WHEN c.initial_standard OPERATOR(pg_catalog.=) c.standard THEN NULL" \
"  ELSE c.initial_standard END," \
" c.scope::pg_catalog.text," \
" CASE WHEN c.initial_scope IS NULL OR c.initial_scope OPERATOR(pg_catalog.=) c.scope THEN NULL" \
"  ELSE c.initial_scope::pg_catalog.text END," \
" coalesce(c.initial_scope OPERATOR(pg_catalog.=) c.scope," \
"  c.initial_scope IS NULL AND c.scope IS NULL), c.base_certificate_id" \
" FROM isms.certificate c" \
" JOIN isms.certification_body cb ON cb.id OPERATOR(pg_catalog.=) c.cb_id" \
" JOIN isms.standard st ON st.ref OPERATOR(pg_catalog.=) c.standard" \
" JOIN isms.scheme s ON s.code OPERATOR(pg_catalog.=) st.scheme" \
" LEFT JOIN isms.scheme_setting ss ON ss.scheme OPERATOR(pg_catalog.=) s.code"

#define CERTS_SQL CERTS_SELECT \
" WHERE c.id OPERATOR(pg_catalog.=) ANY ($1) ORDER BY c.id"

static IsmsPlan q_standards = {
	"SELECT s.ref, coalesce(s.idt_of, s.ref), s.needs_base, s.scheme FROM isms.standard s", 0, {InvalidOid}
};
static IsmsPlan q_transitions = {
	"SELECT coalesce(f.idt_of, f.ref), coalesce(n.idt_of, n.ref),"
	" t.last_old_audit_start, t.old_valid_until, t.published"
	" FROM isms.edition_transition t"
	" JOIN isms.standard f ON f.ref OPERATOR(pg_catalog.=) t.from_standard"
	" JOIN isms.standard n ON n.ref OPERATOR(pg_catalog.=) t.to_standard",
	0, {InvalidOid}
};
static IsmsPlan q_certs = {CERTS_SQL, 1, {INT8ARRAYOID}};
static IsmsPlan q_certs_lock = {CERTS_SQL " FOR NO KEY UPDATE OF c", 1, {INT8ARRAYOID}};
/* the requested add-ons, and the add-ons of the given bases */
static IsmsPlan q_addons_lock = {
	CERTS_SELECT
	" WHERE c.id OPERATOR(pg_catalog.=) ANY ($1)"
	" OR c.base_certificate_id OPERATOR(pg_catalog.=) ANY ($2)"
	" ORDER BY c.id FOR NO KEY UPDATE OF c",
	2, {INT8ARRAYOID, INT8ARRAYOID}
};
static IsmsPlan q_bases_of = {
	"SELECT c.id, c.base_certificate_id FROM isms.certificate c"
	" WHERE c.id OPERATOR(pg_catalog.=) ANY ($1)"
	" AND c.base_certificate_id IS NOT NULL",
	1, {INT8ARRAYOID}
};
static IsmsPlan q_decisions = {NULL, 1, {INT8ARRAYOID}};
static IsmsPlan q_audits = {NULL, 1, {INT8ARRAYOID}};

static void
init_queries(void)
{
	char	   *dk,
			   *ak;

	if (q_decisions.sql != NULL)
		return;
	dk = kind_case("d.kind", "isms.decision_kind", isms_decision_name, ISMS_DK_LAST);
	ak = kind_case("a.kind", "isms.audit_kind", isms_audit_name, ISMS_AK_LAST);
	q_audits.sql = MemoryContextStrdup(TopMemoryContext, psprintf(
																  "SELECT a.certificate_id, %s, a.start_date, a.end_date,"
																  " a.combined_with IS NOT NULL"
																  " FROM isms.audit a"
																  " WHERE a.certificate_id OPERATOR(pg_catalog.=) ANY ($1)"
																  " ORDER BY a.certificate_id, a.end_date, a.start_date", ak));
	q_decisions.sql = MemoryContextStrdup(TopMemoryContext, psprintf(
																	 "SELECT d.certificate_id, d.id, %s, d.decision_date, d.effective_date,"
																	 " d.new_expiry, d.new_scope_statement, d.new_standard, d.corrects,"
																	 " d.new_scope::pg_catalog.text"
																	 " FROM isms.decision d"
																	 " WHERE d.certificate_id OPERATOR(pg_catalog.=) ANY ($1)"
																	 " ORDER BY d.certificate_id, d.effective_date, d.id", dk));
}

/*
 * The edition a reference belongs to: its canonical text without
 * amendments ("ISO/IEC 27001:2022/Amd 1:2024" belongs to
 * "ISO/IEC 27001:2022"), so that a transition row of an edition covers its
 * amended versions too.  Returns a palloc'd string.
 */
static char *
edition_key(const char *canon)
{
	const char *p = strchr(canon, ':');
	char	   *slash;
	char	   *key = pstrdup(canon);

	if (p == NULL)
		return key;
	slash = strchr(key + (p - canon), '/');
	if (slash)
		*slash = '\0';
	return key;
}

/*
 * Read the standards (STD-1) and edition transitions (TRN-1..5) into
 * memory context cxt.  (SPI leaves CurrentMemoryContext at its procedure
 * context after each call, hence the switches.)
 */
static IsmsRefData *
load_reference_data(bool read_only, MemoryContext cxt)
{
	IsmsRefData *r = MemoryContextAllocZero(cxt, sizeof(IsmsRefData));
	MemoryContext spicxt;
	uint64		i;
	TupleDesc	td;

	exec_plan(&q_standards, NULL, NULL, 0, read_only, false, 0);
	spicxt = MemoryContextSwitchTo(cxt);
	r->nstd = (int) SPI_processed;
	r->std_ref = palloc(sizeof(char *) * Max(r->nstd, 1));
	r->std_canonical = palloc(sizeof(char *) * Max(r->nstd, 1));
	r->std_needs_base = palloc(sizeof(bool) * Max(r->nstd, 1));
	r->std_scheme = palloc(sizeof(char *) * Max(r->nstd, 1));
	td = SPI_tuptable->tupdesc;
	for (i = 0; i < SPI_processed; i++)
	{
		bool		isnull;

		r->std_ref[i] = SPI_getvalue(SPI_tuptable->vals[i], td, 1);
		r->std_canonical[i] = SPI_getvalue(SPI_tuptable->vals[i], td, 2);
		r->std_needs_base[i] = DatumGetBool(col(SPI_tuptable->vals[i], td, 3, &isnull));
		r->std_scheme[i] = SPI_getvalue(SPI_tuptable->vals[i], td, 4);
	}
	SPI_freetuptable(SPI_tuptable);

	MemoryContextSwitchTo(spicxt);
	exec_plan(&q_transitions, NULL, NULL, 0, read_only, false, 0);
	MemoryContextSwitchTo(cxt);
	r->ntrans = (int) SPI_processed;
	r->trans = palloc0(sizeof(IsmsTransition) * Max(r->ntrans, 1));
	td = SPI_tuptable->tupdesc;
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		IsmsTransition *x = &r->trans[i];
		bool		isnull;

		x->from = edition_key(SPI_getvalue(t, td, 1));
		x->to = edition_key(SPI_getvalue(t, td, 2));
		x->last_old_audit_start = DatumGetDateADT(col(t, td, 3, &isnull));
		x->has_audit_limit = !isnull;
		x->old_valid_until = DatumGetDateADT(col(t, td, 4, &isnull));
		x->has_valid_limit = !isnull;
		x->published = DatumGetDateADT(col(t, td, 5, &isnull));
	}
	SPI_freetuptable(SPI_tuptable);
	MemoryContextSwitchTo(spicxt);
	return r;
}

/*
 * The reference data is read once per backend and kept until isms.standard
 * or isms.edition_transition change: their statement triggers send a
 * relcache invalidation (isms_reference_changed), and the callback below
 * marks the cache stale.  A stale cache is replaced at the next load; the
 * old copy lives on until the end of the transaction, since certificates
 * loaded earlier in it may still point into it.
 */
static IsmsRefData *refcache = NULL;
static MemoryContext refcxt = NULL;
static Oid	ref_relids[2];
static bool ref_callback_registered = false;

static void
refdata_invalidate(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == ref_relids[0] || relid == ref_relids[1])
		refcache = NULL;
}

static IsmsRefData *
get_reference_data(bool read_only)
{
	Oid			nsp;

	if (refcache != NULL)
		return refcache;
	if (!ref_callback_registered)
	{
		CacheRegisterRelcacheCallback(refdata_invalidate, (Datum) 0);
		ref_callback_registered = true;
	}
	if (refcxt != NULL)
		MemoryContextSetParent(refcxt, TopTransactionContext);
	refcxt = AllocSetContextCreate(CacheMemoryContext, "isms reference data",
								   ALLOCSET_SMALL_SIZES);
	nsp = get_namespace_oid("isms", false);
	ref_relids[0] = get_relname_relid("standard", nsp);
	ref_relids[1] = get_relname_relid("edition_transition", nsp);
	refcache = load_reference_data(read_only, refcxt);
	return refcache;
}

/* STD-1: the international reference a standard stands for. */
static const char *
canonical_standard(const IsmsRefData *r, const char *ref)
{
	int			i;

	if (ref == NULL)
		return NULL;
	for (i = 0; i < r->nstd; i++)
		if (strcmp(r->std_ref[i], ref) == 0)
			return r->std_canonical[i];
	return ref;
}

/* The transition away from this standard's edition, if there is one. */
static const IsmsTransition *
transition_from(const IsmsRefData *r, const char *ref)
{
	const char *canon = canonical_standard(r, ref);
	char	   *key;
	int			i;

	if (canon == NULL)
		return NULL;
	key = edition_key(canon);
	for (i = 0; i < r->ntrans; i++)
		if (strcmp(r->trans[i].from, key) == 0)
			return &r->trans[i];
	return NULL;
}

/*
 * Drop the decisions that another decision of the same certificate
 * corrects (LOG-1): they no longer count for anything.
 */
static void
drop_corrected(IsmsCert *c)
{
	int			i,
				j,
				k = 0;

	for (i = 0; i < c->ndec; i++)
		if (c->dec[i].corrects != 0)
			for (j = 0; j < c->ndec; j++)
				if (c->dec[j].id == c->dec[i].corrects)
					c->dec[j].corrected = true;
	for (i = 0; i < c->ndec; i++)
		if (!c->dec[i].corrected)
			c->dec[k++] = c->dec[i];
	c->ndec = k;
}

/* Fill c from a row of CERTS_SELECT. */
static void
fill_cert(IsmsCert *c, HeapTuple t, TupleDesc td, const IsmsRefData *refdata)
{
	bool		isnull;
	char	   *st;
	int			v;

	memset(c, 0, sizeof(IsmsCert));
	c->ref = refdata;
	c->id = DatumGetInt64(col(t, td, 1, &isnull));
	c->number = SPI_getvalue(t, td, 2);
	st = SPI_getvalue(t, td, 3);
	for (v = ISMS_ST_FIRST; v <= ISMS_ST_LAST; v++)
		if (strcmp(st, isms_status_name(v)) == 0)
			c->stored_status = v;
	c->stored_expiry = DatumGetDateADT(col(t, td, 4, &isnull));
	c->stored_has_expiry = !isnull;
	c->stored_cycle_start = DatumGetDateADT(col(t, td, 5, &isnull));
	c->stored_has_cycle = !isnull;
	c->stored_original = DatumGetDateADT(col(t, td, 6, &isnull));
	c->stored_has_original = !isnull;
	c->stored_revision = DatumGetInt32(col(t, td, 7, &isnull));
	c->p.cycle_years = DatumGetInt32(col(t, td, 8, &isnull));
	c->p.expiry_offset_days = DatumGetInt32(col(t, td, 9, &isnull));
	c->p.first_surveillance_months = DatumGetInt32(col(t, td, 10, &isnull));
	c->p.restoration_months = DatumGetInt32(col(t, td, 11, &isnull));
	c->p.stage2_decision_months = DatumGetInt32(col(t, td, 12, &isnull));
	c->p.max_stage_gap_days = DatumGetInt32(col(t, td, 13, &isnull));
	if (isnull)
		c->p.max_stage_gap_days = -1;
	c->p.suspension_warning_months = DatumGetInt32(col(t, td, 14, &isnull));
	c->p.auto_suspend_overdue = DatumGetBool(col(t, td, 15, &isnull));
	c->cb_id = DatumGetInt64(col(t, td, 16, &isnull));
	c->cb_code = SPI_getvalue(t, td, 17);
	c->scheme = SPI_getvalue(t, td, 18);
	c->stored_scope = SPI_getvalue(t, td, 19);
	c->stored_standard = SPI_getvalue(t, td, 20);
	c->initial_scope = SPI_getvalue(t, td, 21);
	c->initial_standard = SPI_getvalue(t, td, 22);
	if (c->initial_scope == NULL)
		c->initial_scope = c->stored_scope;
	if (c->initial_standard == NULL)
		c->initial_standard = c->stored_standard;
	c->stored_scope_set = SPI_getvalue(t, td, 23);
	/* (NULLs above stand for "the same as in force", which is common) */
	c->initial_scope_set = DatumGetBool(col(t, td, 25, &isnull)) ?
		c->stored_scope_set : SPI_getvalue(t, td, 24);
	c->base_id = DatumGetInt64(col(t, td, 26, &isnull));
	if (isnull)
		c->base_id = 0;
}

/* Append the rows of the last query to certs (skipping ids already there). */
static void
add_certs(IsmsCert **certs, int *n, int *cap, const IsmsRefData *refdata,
		  int64 *ids, int nids, MemoryContext caller)
{
	TupleDesc	td = SPI_tuptable->tupdesc;
	uint64		i;
	int			first = *n;

	MemoryContextSwitchTo(caller);
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		bool		isnull;
		int64		id = DatumGetInt64(col(t, td, 1, &isnull));

		/* the earlier rows came sorted by id */
		if (isms_find_cert(*certs, first, id) != NULL)
			continue;
		if (*n >= *cap)
		{
			*cap = Max(*cap * 2, *n + (int) SPI_processed);
			*certs = repalloc(*certs, sizeof(IsmsCert) * *cap);
		}
		fill_cert(&(*certs)[*n], t, td, refdata);
		/* loaded only because an add-on needs it */
		(*certs)[*n].context_only = ids != NULL &&
			bsearch(&id, ids, nids, sizeof(int64), isms_cmp_int64) == NULL;
		(*n)++;
	}
	SPI_freetuptable(SPI_tuptable);
}

static int
cmp_cert(const void *a, const void *b)
{
	return isms_cmp_int64(&((const IsmsCert *) a)->id, &((const IsmsCert *) b)->id);
}

/* The certificate with this id in an array sorted by id, or NULL. */
IsmsCert *
isms_find_cert(IsmsCert *certs, int ncert, int64 id)
{
	int			lo = 0,
				hi = ncert - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (certs[mid].id == id)
			return &certs[mid];
		if (certs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

static IsmsPlan q_lock_ids = {
	"SELECT c.id FROM isms.certificate c"
	" WHERE c.id OPERATOR(pg_catalog.=) ANY ($1)"
	" ORDER BY c.id FOR NO KEY UPDATE OF c",
	1, {INT8ARRAYOID}
};

/*
 * Lock the given certificates FOR NO KEY UPDATE in the order writers of
 * histories take such locks (see isms_load): first the certificates without
 * a base and the bases of the add-ons among them, then those add-ons, each
 * level in id order.  No history is read.  For checks of audits that
 * depend on other audits of the same certificate (TIME-2, TRN-4): the
 * writers of such audits take turns, and the later one sees the earlier
 * one's rows.  ids need not be sorted.  Must be called inside SPI.
 */
void
isms_lock_certificates(int64 *ids, int nids)
{
	MemoryContext caller = CurrentMemoryContext;
	int64	   *sorted,
			   *lv0,
			   *lv1;
	int			n,
				n0 = 0,
				n1 = 0,
				i;
	uint64		r;
	Datum		args[1];

	if (nids <= 0)
		return;
	sorted = palloc(sizeof(int64) * nids);
	memcpy(sorted, ids, sizeof(int64) * nids);
	n = isms_sort_unique(sorted, nids);
	lv0 = palloc(sizeof(int64) * n * 2);
	lv1 = palloc(sizeof(int64) * n);

	args[0] = int8_array(sorted, n);
	exec_plan(&q_bases_of, args, NULL, 1, false, false, 0);
	MemoryContextSwitchTo(caller);
	for (r = 0; r < SPI_processed; r++)
	{
		bool		isnull;

		lv1[n1++] = DatumGetInt64(col(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull));
		lv0[n0++] = DatumGetInt64(col(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2, &isnull));
	}
	SPI_freetuptable(SPI_tuptable);
	n1 = isms_sort_unique(lv1, n1);
	for (i = 0; i < n; i++)
		if (n1 == 0 || bsearch(&sorted[i], lv1, n1, sizeof(int64), isms_cmp_int64) == NULL)
			lv0[n0++] = sorted[i];
	n0 = isms_sort_unique(lv0, n0);

	args[0] = int8_array(lv0, n0);
	exec_plan(&q_lock_ids, args, NULL, n0, false, false, 0);
	SPI_freetuptable(SPI_tuptable);
	if (n1 > 0)
	{
		args[0] = int8_array(lv1, n1);
		exec_plan(&q_lock_ids, args, NULL, n1, false, false, 0);
		SPI_freetuptable(SPI_tuptable);
	}
	MemoryContextSwitchTo(caller);
}

/*
 * Load certificates (and their parameters, decisions and audits) for the
 * given ids, which must be sorted and unique, in a few queries.  The result
 * is sorted by id; ids that name no certificate are skipped.  The base of
 * every add-on loaded comes with it (context_only unless asked for), so
 * that the add-on's status can follow its base (ADD-5).  Must be called
 * inside SPI.
 *
 * Writers (ISMS_LOAD_LOCK) lock the certificate rows FOR NO KEY UPDATE,
 * bases before add-ons and each level in id order: every writer of a
 * history takes these locks, always in the same order, before it reads
 * the history.  A writer also loads (and locks) the add-ons of the bases it
 * writes, since their stored status follows the base (ADD-5, ADD-7); they
 * are looked up after the bases are locked, so that an add-on granted by a
 * transaction that held the base meanwhile is not missed.
 */
IsmsCert *
isms_load(int64 *ids, int nids, IsmsLoadMode mode, int *ncert)
{
	bool		lock = (mode == ISMS_LOAD_LOCK);
	bool		read_only = (mode == ISMS_LOAD_READ);
	MemoryContext caller = CurrentMemoryContext;	/* SPI calls leave their own */
	Datum		args[2];
	IsmsCert   *certs;
	uint64		i;
	int			n = 0,
				cap = Max(nids, 4),
				ci;
	TupleDesc	td;
	IsmsRefData *refdata;
	int64	   *loaded;

	init_queries();
	refdata = get_reference_data(read_only);
	MemoryContextSwitchTo(caller);
	certs = palloc0(sizeof(IsmsCert) * cap);
	args[0] = int8_array(ids, nids);

	if (lock)
	{
		/* which of them are add-ons, of which bases */
		int64	   *lv0 = palloc(sizeof(int64) * Max(nids * 2, 1)),
				   *lv1 = palloc(sizeof(int64) * Max(nids, 1)),
				   *req0 = palloc(sizeof(int64) * Max(nids, 1));
		int			n0 = 0,
					n1 = 0,
					nreq0 = 0;

		/* (generic plans: index probes whatever the number of ids) */
		exec_plan(&q_bases_of, args, NULL, 1, false, false, 0);
		MemoryContextSwitchTo(caller);
		td = SPI_tuptable->tupdesc;
		for (i = 0; i < SPI_processed; i++)
		{
			bool		isnull;

			lv1[n1++] = DatumGetInt64(col(SPI_tuptable->vals[i], td, 1, &isnull));
			lv0[n0++] = DatumGetInt64(col(SPI_tuptable->vals[i], td, 2, &isnull));
		}
		SPI_freetuptable(SPI_tuptable);
		n1 = isms_sort_unique(lv1, n1);
		for (ci = 0; ci < nids; ci++)
			if (n1 == 0 || bsearch(&ids[ci], lv1, n1, sizeof(int64), isms_cmp_int64) == NULL)
			{
				lv0[n0++] = ids[ci];
				req0[nreq0++] = ids[ci];	/* sorted, as ids are */
			}
		n0 = isms_sort_unique(lv0, n0);

		/* level 0: bases and certificates without a base */
		args[0] = int8_array(lv0, n0);
		exec_plan(&q_certs_lock, args, NULL, n0, false, false, 0);
		add_certs(&certs, &n, &cap, refdata, ids, nids, caller);
		/* level 1: the add-ons asked for, and those of the bases asked for */
		args[0] = int8_array(lv1, n1);
		args[1] = int8_array(req0, nreq0);
		exec_plan(&q_addons_lock, args, NULL, 1, false, true, 0);
		add_certs(&certs, &n, &cap, refdata, NULL, 0, caller);
	}
	else
	{
		int64	   *bases = palloc(sizeof(int64) * Max(nids, 1));
		int			nb = 0;

		exec_plan(&q_certs, args, NULL, nids, read_only, false, 0);
		add_certs(&certs, &n, &cap, refdata, NULL, 0, caller);
		for (ci = 0; ci < n; ci++)
			if (certs[ci].base_id != 0 &&
				bsearch(&certs[ci].base_id, ids, nids, sizeof(int64), isms_cmp_int64) == NULL)
				bases[nb++] = certs[ci].base_id;
		if (nb > 0)
		{
			nb = isms_sort_unique(bases, nb);
			args[0] = int8_array(bases, nb);
			exec_plan(&q_certs, args, NULL, nb, read_only, false, 0);
			add_certs(&certs, &n, &cap, refdata, ids, nids, caller);
		}
	}
	*ncert = n;
	if (n == 0)
		return certs;

	for (ci = 1; ci < n; ci++)
		if (certs[ci - 1].id > certs[ci].id)
		{
			qsort(certs, n, sizeof(IsmsCert), cmp_cert);
			break;
		}
	loaded = palloc(sizeof(int64) * n);
	for (ci = 0; ci < n; ci++)
		loaded[ci] = certs[ci].id;
	for (ci = 0; ci < n; ci++)
		if (certs[ci].base_id != 0)
		{
			certs[ci].base = isms_find_cert(certs, n, certs[ci].base_id);
			if (certs[ci].base)
				certs[ci].base->has_addons = true;
		}
	args[0] = int8_array(loaded, n);
	nids = n;

	/* decisions */
	exec_plan(&q_decisions, args, NULL, nids, read_only, lock, 0);
	MemoryContextSwitchTo(caller);
	{
		IsmsDecision *all = palloc0(sizeof(IsmsDecision) * Max(SPI_processed, 1));

		td = SPI_tuptable->tupdesc;
		ci = 0;
		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	t = SPI_tuptable->vals[i];
			IsmsDecision *d = &all[i];
			bool		isnull;
			int64		cid = DatumGetInt64(col(t, td, 1, &isnull));

			d->id = DatumGetInt64(col(t, td, 2, &isnull));
			d->kind = DatumGetInt32(col(t, td, 3, &isnull));
			d->decided = DatumGetDateADT(col(t, td, 4, &isnull));
			d->effective = DatumGetDateADT(col(t, td, 5, &isnull));
			d->new_expiry = DatumGetDateADT(col(t, td, 6, &isnull));
			d->has_expiry = !isnull;
			col(t, td, 7, &isnull);
			d->new_scope = isnull ? NULL : SPI_getvalue(t, td, 7);
			col(t, td, 8, &isnull);
			d->new_standard = isnull ? NULL : SPI_getvalue(t, td, 8);
			d->corrects = DatumGetInt64(col(t, td, 9, &isnull));
			if (isnull)
				d->corrects = 0;
			col(t, td, 10, &isnull);
			d->new_scope_set = isnull ? NULL : SPI_getvalue(t, td, 10);

			while (ci < n && certs[ci].id < cid)
				ci++;
			if (ci < n && certs[ci].id == cid)
			{
				if (certs[ci].dec == NULL)
					certs[ci].dec = d;
				certs[ci].ndec++;
			}
		}
		SPI_freetuptable(SPI_tuptable);
		for (ci = 0; ci < n; ci++)
			drop_corrected(&certs[ci]);
	}

	/* audits (not needed for a base loaded only as an add-on's context) */
	{
		int			na = 0;

		for (ci = 0; ci < n; ci++)
			if (!certs[ci].context_only)
				loaded[na++] = certs[ci].id;
		if (na < n)
		{
			args[0] = int8_array(loaded, na);
			nids = na;
		}
	}
	exec_plan(&q_audits, args, NULL, nids, read_only, lock, 0);
	MemoryContextSwitchTo(caller);
	{
		IsmsAudit  *all = palloc0(sizeof(IsmsAudit) * Max(SPI_processed, 1));

		td = SPI_tuptable->tupdesc;
		ci = 0;
		for (i = 0; i < SPI_processed; i++)
		{
			HeapTuple	t = SPI_tuptable->vals[i];
			IsmsAudit  *a = &all[i];
			bool		isnull;
			int64		cid = DatumGetInt64(col(t, td, 1, &isnull));

			a->kind = DatumGetInt32(col(t, td, 2, &isnull));
			a->start = DatumGetDateADT(col(t, td, 3, &isnull));
			a->end = DatumGetDateADT(col(t, td, 4, &isnull));
			a->combined = DatumGetBool(col(t, td, 5, &isnull));
			while (ci < n && certs[ci].id < cid)
				ci++;
			if (ci < n && certs[ci].id == cid)
			{
				if (certs[ci].aud == NULL)
					certs[ci].aud = a;
				certs[ci].naud++;
			}
		}
		SPI_freetuptable(SPI_tuptable);
	}
	return certs;
}

/* ----------------------------------------------------------------
 * replay
 * ---------------------------------------------------------------- */

#define FMT(d, buf) (isms_format_date((d), (buf)), (buf))

/* errtableconstraint() where a relation is at hand */
#define RULE_FIELD(rel, rule) ((rel) ? errtableconstraint((rel), (rule)) : 0)

static void
push_segment(IsmsCert *c, int *cap, DateADT from, int status, int64 decision_id)
{
	if (c->nseg > 0 && c->seg[c->nseg - 1].from == from)
	{
		/* several changes on one day: the last one holds */
		c->seg[c->nseg - 1].status = status;
		c->seg[c->nseg - 1].decision_id = decision_id;
		if (c->nseg > 1 && c->seg[c->nseg - 2].status == status)
			c->nseg--;
		return;
	}
	if (c->nseg > 0 && c->seg[c->nseg - 1].status == status)
		return;
	if (c->nseg >= *cap)
	{
		*cap = Max(8, *cap * 2);
		c->seg = c->seg ? repalloc(c->seg, sizeof(IsmsSegment) * *cap)
			: palloc(sizeof(IsmsSegment) * *cap);
	}
	c->seg[c->nseg].from = from;
	c->seg[c->nseg].status = status;
	c->seg[c->nseg].decision_id = decision_id;
	c->nseg++;
}

/*
 * Last day of validity of the state's cycle: its expiry date, or for a
 * certificate still on an old edition the end of that edition's validity
 * (TRN-3), whichever comes first.
 */
DateADT
isms_valid_end(const IsmsState *s)
{
	if (s->old_edition && s->old_edition->has_valid_limit &&
		s->old_edition->old_valid_until < s->expiry)
		return s->old_edition->old_valid_until;
	return s->expiry;
}

/* Bring the state forward to day: expiry happens by date (REC-2, SUS-3, TRN-3). */
static void
advance(IsmsCert *c, int *cap, IsmsState *s, DateADT day, bool record)
{
	DateADT		end = isms_valid_end(s);

	if ((s->status == ISMS_ST_ACTIVE || s->status == ISMS_ST_SUSPENDED) &&
		s->has_cycle && day > end)
	{
		s->status = ISMS_ST_EXPIRED;
		if (record)
			push_segment(c, cap, end + 1, ISMS_ST_EXPIRED, 0);
	}
}

/* "draft, active or expired": the statuses a decision kind is allowed from. */
static char *
allowed_from(int kind)
{
	StringInfoData s;
	int			st;
	int			n = 0,
				k = 0;

	for (st = ISMS_ST_FIRST; st <= ISMS_ST_LAST; st++)
		if (isms_decision_outcome(st, kind) != 0)
			n++;
	initStringInfo(&s);
	for (st = ISMS_ST_FIRST; st <= ISMS_ST_LAST; st++)
		if (isms_decision_outcome(st, kind) != 0)
		{
			k++;
			appendStringInfo(&s, "%s%s", k == 1 ? "" : k == n ? " or " : ", ",
							 isms_status_name(st));
		}
	return s.data;
}

static const char *
transition_rule(int kind, int from)
{
	if (isms_status_is_terminal(from))
		return "WDR-1";
	switch (kind)
	{
		case ISMS_DK_SUSPEND:
			return "SUS-1";
		case ISMS_DK_REINSTATE:
			return "SUS-2";
		case ISMS_DK_RECERTIFY:
			return "REC-1";
		case ISMS_DK_RESTORE:
			return "REC-3";
		default:
			return "legal_transition";
	}
}

/*
 * When an existing decision fails a check because a new decision changed
 * the history before it, say so.
 */
static int
existing_context(const IsmsDecision *d)
{
	char		b[ISMS_DATEBUF];

	if (d->is_new)
		return 0;
	isms_format_date(d->effective, b);
	return errcontext("existing %s decision %lld, effective %s, checked against the new history",
					  isms_decision_name(d->kind), (long long) d->id, b);
}

/*
 * The initial audit of a grant (CYC-1): a stage 2 audit ending on or before
 * the decision date, with a stage 1 audit ending on or before its start.
 * With windows, the pair must also meet CYC-5 (the grant at most
 * stage2_decision_months after stage 2) and CYC-6 (the gap).  For a new
 * cycle after a lapse (REC-4, after_day set) only a stage 2 audit starting
 * after that day is needed.  Any pair that meets everything will do, so
 * that recording another audit never breaks a recorded grant.  Only stage
 * 2 audits starting by latest_start count (TRN-2).  On failure,
 * *rule names what failed, and *s1, *s2 the best pair found (or NULL).
 */
static bool
find_initial_audit(const IsmsCert *c, DateADT decided, bool need_stage1,
				   DateADT after_day, bool windows, DateADT latest_start,
				   const IsmsAudit **s1, const IsmsAudit **s2, const char **rule)
{
	int			i,
				j;
	DateADT		limit;

	*s1 = *s2 = NULL;
	*rule = "CYC-1";
	for (i = c->naud - 1; i >= 0; i--)
	{
		const IsmsAudit *a = &c->aud[i];

		if (a->kind != ISMS_AK_STAGE2 || a->end > decided ||
			a->start > latest_start ||
			(!need_stage1 && a->start <= after_day))
			continue;
		limit = isms_add_months(a->end, c->p.stage2_decision_months);
		if (!need_stage1)
		{
			if (!windows || decided <= limit)
			{
				*s2 = a;
				return true;
			}
			if (*s2 == NULL)
			{
				*s2 = a;
				*rule = "CYC-5";
			}
			continue;
		}
		if (*s2 == NULL)
			*s2 = a;			/* for the message, if no stage 1 fits */
		for (j = c->naud - 1; j >= 0; j--)
		{
			const IsmsAudit *b = &c->aud[j];

			if (b->kind != ISMS_AK_STAGE1 || b->end > a->start)
				continue;
			if (!windows ||
				(decided <= limit &&
				 (c->p.max_stage_gap_days < 0 ||
				  a->start - b->end <= c->p.max_stage_gap_days)))
			{
				*s1 = b;
				*s2 = a;
				return true;
			}
			if (*s1 == NULL)
			{
				*s1 = b;
				*s2 = a;
				*rule = decided > limit ? "CYC-5" : "CYC-6";
			}
		}
	}
	return false;
}

/*
 * Does an audit of the kind start in [from, latest_start] and end by until?
 * (latest_start DATEVAL_NOEND: no limit; a limit comes from TRN-2.)
 */
static bool
has_audit(const IsmsCert *c, int kind, DateADT from, DateADT latest_start,
		  DateADT until)
{
	int			i;

	for (i = 0; i < c->naud; i++)
		if (c->aud[i].kind == kind && c->aud[i].start >= from &&
			c->aud[i].start <= latest_start && c->aud[i].end <= until)
			return true;
	return false;
}

/*
 * Audits belong to the cycle they are held in: they start after the
 * decision date that opened it (an audit ending on the day a cycle is
 * renewed belongs to the cycle it closed).
 */
static inline bool
in_cycle(const IsmsAudit *a, const IsmsState *st)
{
	return a->start > st->cycle_start;
}

/*
 * The state of every obligation of a programme on day as_of: "done" (an
 * audit of its kind ended in its window by as_of), "late" (one ended after
 * its deadline, by as_of), "overdue", "due" or "upcoming".  An audit ends in
 * one calendar year, so it meets one SUR-2 year on time; an audit stands in
 * late for one missed obligation only, and not if it is on time for
 * another one (so one audit cannot cover several years).  SUR-1 may share
 * its audit with the SUR-2 year the audit falls in.  Returns the number of
 * obligations not met (neither done nor late) whose deadline passed.
 */
int
isms_programme_states(const IsmsCert *c, const IsmsState *st,
					  const IsmsObligation *ob, int n, DateADT as_of,
					  DateADT *done_on, const char **state)
{
	bool	   *ontime = palloc0(sizeof(bool) * Max(c->naud, 1));
	bool	   *late = palloc0(sizeof(bool) * Max(c->naud, 1));
	int			i,
				j,
				overdue = 0;

	for (i = 0; i < n; i++)
	{
		state[i] = NULL;
		done_on[i] = 0;
		for (j = 0; j < c->naud; j++)
		{
			const IsmsAudit *a = &c->aud[j];

			if (a->kind != ob[i].audit_kind || !in_cycle(a, st) ||
				a->end > as_of || a->end > ob[i].due_by)
				continue;
			/* the recertification audit may come early; surveillance may not */
			if (ob[i].audit_kind != ISMS_AK_RECERTIFICATION && a->end < ob[i].due_from)
				continue;
			state[i] = "done";
			done_on[i] = a->end;
			ontime[j] = true;
			break;
		}
	}
	for (i = 0; i < n; i++)
	{
		/* SUR-1 may share an audit that is on time for its SUR-2 year */
		bool		share = strcmp(ob[i].rule, "SUR-1") == 0;

		if (state[i] != NULL)
			continue;
		for (j = 0; j < c->naud; j++)	/* audits are in end-date order */
		{
			const IsmsAudit *a = &c->aud[j];

			if (late[j] || (ontime[j] && !share) ||
				a->kind != ob[i].audit_kind || !in_cycle(a, st) ||
				a->end <= ob[i].due_by || a->end > as_of)
				continue;
			state[i] = "late";
			done_on[i] = a->end;
			late[j] = true;
			break;
		}
		if (state[i] != NULL)
			continue;
		if (ob[i].due_by < as_of)
		{
			state[i] = "overdue";
			overdue++;
		}
		else if (ob[i].due_from <= as_of)
			state[i] = "due";
		else
			state[i] = "upcoming";
	}
	pfree(ontime);
	pfree(late);
	return overdue;
}

/*
 * The audit programme of the state's cycle.  Only a recertification audit
 * of this cycle (starting on or after its start, no later than its expiry)
 * bounds the surveillance years (SUR-2).
 */
int
isms_programme_of(const IsmsCert *c, const IsmsState *st, IsmsObligation *ob)
{
	const IsmsAudit *ra = NULL;
	int			i;

	for (i = 0; i < c->naud; i++)
		if (c->aud[i].kind == ISMS_AK_RECERTIFICATION &&
			in_cycle(&c->aud[i], st) && c->aud[i].start <= st->expiry)
		{
			ra = &c->aud[i];
			break;
		}
	return isms_cycle_programme(st->cycle_start, st->expiry, st->initial_cycle,
								ra ? Min(ra->end, st->expiry) : 0, ra != NULL,
								c->p.first_surveillance_months, ob);
}

/*
 * First surveillance obligation (SUR-1/SUR-2) of the state's cycle that is
 * overdue on as_of; returns true and its deadline.
 */
static bool
overdue_in(const IsmsCert *c, const IsmsState *st, DateADT as_of,
		   DateADT *due_by, const char **rule)
{
	IsmsObligation ob[ISMS_MAX_OBLIGATIONS];
	DateADT		done[ISMS_MAX_OBLIGATIONS];
	const char *state[ISMS_MAX_OBLIGATIONS];
	int			n,
				i;

	if (!st->has_cycle)
		return false;
	n = isms_programme_of(c, st, ob);
	if (isms_programme_states(c, st, ob, n, as_of, done, state) == 0)
		return false;
	for (i = 0; i < n; i++)
		if (ob[i].audit_kind == ISMS_AK_SURVEILLANCE && strcmp(state[i], "overdue") == 0)
		{
			*due_by = ob[i].due_by;
			*rule = ob[i].rule;
			return true;
		}
	return false;
}

int
isms_overdue_surveillance(const IsmsCert *c, DateADT as_of,
						  DateADT *due_by, const char **rule)
{
	return overdue_in(c, &c->asof, as_of, due_by, rule);
}

static void
recertified_after_expiry(IsmsCert *c, const IsmsState *s, const IsmsDecision *d,
						 Relation rel)
{
	char		b1[ISMS_DATEBUF],
				b2[ISMS_DATEBUF];

	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("certificate \"%s\" cannot be recertified after its expiry date",
					c->number),
			 errdetail("Rule REC-1: the certificate expired after %s and the recertification was decided on %s.",
					   FMT(s->expiry, b1), FMT(d->decided, b2)),
			 errhint("Within the restoration window record a \"restore\" decision (REC-3); after it, a new grant (REC-4)."),
			 existing_context(d),
			 RULE_FIELD(rel, "REC-1")));
}

/* Parse a scope as stored (isms.scope output) into *elems; returns the count. */
static int
parse_stored_scope(const char *text, ScopeElem **elems)
{
	size_t		len = strlen(text);
	char	   *buf = palloc(len + 1);
	char		err[SCOPE_ERRLEN];
	int			n;

	*elems = palloc(sizeof(ScopeElem) * SCOPE_MAX_ELEMS);
	n = scope_parse(text, len, buf, len + 1, *elems, err, sizeof(err));
	if (n < 0)
		elog(ERROR, "stored scope does not parse: %s", err);	/* cannot happen */
	return n;
}

/* Does scope (text form) a contain scope b?  Both come from isms.scope output. */
static bool
scope_text_contains(const char *a, const char *b)
{
	ScopeElem  *ea,
			   *eb;
	int			na = parse_stored_scope(a, &ea),
				nb = parse_stored_scope(b, &eb);

	return scope_contains(ea, na, eb, nb) != 0;
}

/* The last step of c taking effect on or before day, or NULL. */
static const IsmsStep *
step_on(const IsmsCert *c, DateADT day)
{
	const IsmsStep *found = NULL;
	int			i;

	for (i = 0; i < c->nstep && c->step[i].from <= day; i++)
		found = &c->step[i];
	return found;
}

/* The scope elements in force on day by c's steps (NULL: none recorded). */
static const char *
scope_on(const IsmsCert *c, DateADT day)
{
	const IsmsStep *st = step_on(c, day);

	return st ? st->scope_set : c->initial_scope_set;
}

/*
 * SCO-1: a reduction stays within the old scope, an extension keeps it.
 * The scope in force of an add-on without one of its own is its base's
 * (ADD-3).
 */
static void
check_scope(IsmsCert *c, const IsmsState *s, const IsmsDecision *d, Relation rel)
{
	bool		reduce = (d->kind == ISMS_DK_REDUCE_SCOPE);
	const char *in_force = s->scope_set;

	if (in_force == NULL && c->base != NULL)
		in_force = scope_on(c->base, d->effective);
	if (in_force == NULL || d->new_scope_set == NULL)
		return;
	if (reduce ? scope_text_contains(in_force, d->new_scope_set)
		: scope_text_contains(d->new_scope_set, in_force))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 reduce ?
			 errmsg("scope reduction of certificate \"%s\" goes beyond its scope", c->number) :
			 errmsg("scope extension of certificate \"%s\" drops part of its scope", c->number),
			 reduce ?
			 errdetail("Rule SCO-1: the new scope %s is not contained in the scope in force %s.",
					   d->new_scope_set, in_force) :
			 errdetail("Rule SCO-1: the new scope %s does not contain the scope in force %s.",
					   d->new_scope_set, in_force),
			 reduce ?
			 errhint("A reduction keeps a part of the scope; to add elements, record an extension after a special audit.") :
			 errhint("An extension keeps the whole scope; to drop elements, record a reduction."),
			 existing_context(d),
			 RULE_FIELD(rel, "SCO-1")));
}

static void
trn2_error(IsmsCert *c, const IsmsState *s, const IsmsDecision *d,
		   const char *what, DateADT limit, Relation rel)
{
	char		b1[ISMS_DATEBUF];

	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("certificate \"%s\" cannot be certified against \"%s\" any more",
					c->number, s->standard),
			 errdetail("Rule TRN-2: no %s audit against \"%s\" may start after %s, and the %s decision has no earlier one.",
					   what, s->standard, FMT(limit, b1), isms_decision_name(d->kind)),
			 errhint("Certify against the new edition: move an active certificate by a \"transition\" decision, or apply under a new certificate."),
			 existing_context(d),
			 RULE_FIELD(rel, "TRN-2")));
}

/*
 * Checks that need the certificate's audits: CYC-1 (with CYC-5 and CYC-6
 * when windows), REC-1, REC-3, REC-4, SCO-1, and SUR-1/SUR-2 for decisions
 * that affirm good standing.
 */
static void
check_audits(IsmsCert *c, const IsmsState *s, const IsmsDecision *d,
			 bool windows, Relation rel)
{
	char		b1[ISMS_DATEBUF],
				b2[ISMS_DATEBUF],
				b3[ISMS_DATEBUF];
	const IsmsAudit *s1,
			   *s2;
	const char *rule;
	DateADT		old_limit = (s->old_edition && s->old_edition->has_audit_limit) ?
		s->old_edition->last_old_audit_start : DATEVAL_NOEND;

	switch (d->kind)
	{
		case ISMS_DK_GRANT:
			/* ADD-6: an add-on's first audit may ride on one of its base's */
			if (s->status == ISMS_ST_DRAFT && c->base_id != 0)
			{
				int			i;
				bool		found = false;

				for (i = 0; i < c->naud && !found; i++)
					found = c->aud[i].combined && c->aud[i].end <= d->decided &&
						(!windows || d->decided <= isms_add_months(c->aud[i].end,
																   c->p.stage2_decision_months));
				if (found)
					break;
			}
			if (find_initial_audit(c, d->decided, s->status == ISMS_ST_DRAFT,
								   isms_valid_end(s), windows, DATEVAL_NOEND, &s1, &s2, &rule))
			{
				/* TRN-2: on an old edition, the stage 2 audit started in time */
				if (old_limit != DATEVAL_NOEND &&
					!find_initial_audit(c, d->decided, s->status == ISMS_ST_DRAFT,
										isms_valid_end(s), windows, old_limit, &s1, &s2, &rule))
					trn2_error(c, s, d, "stage 2", old_limit, rel);
				break;
			}
			if (strcmp(rule, "CYC-5") == 0)
			{
				DateADT		limit = isms_add_months(s2->end, c->p.stage2_decision_months);

				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("grant of certificate \"%s\" is too long after its stage 2 audit",
								c->number),
						 errdetail("Rule CYC-5: the stage 2 audit ended on %s, so a grant is allowed until %s (%d months later); the decision date is %s.",
								   FMT(s2->end, b1), FMT(limit, b2),
								   c->p.stage2_decision_months, FMT(d->decided, b3)),
						 errhint("Hold and record a new stage 2 audit before the grant."),
						 existing_context(d),
						 RULE_FIELD(rel, "CYC-5")));
			}
			if (strcmp(rule, "CYC-6") == 0)
				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("stage 2 audit of certificate \"%s\" starts too long after stage 1",
								c->number),
						 errdetail("Rule CYC-6: stage 1 ended on %s and stage 2 started on %s, %d days later; at most %d days are allowed.",
								   FMT(s1->end, b1), FMT(s2->start, b2),
								   (int) (s2->start - s1->end),
								   c->p.max_stage_gap_days),
						 errhint("Repeat stage 1, or change the certification body's max_stage_gap_days."),
						 existing_context(d),
						 RULE_FIELD(rel, "CYC-6")));
			if (s->status != ISMS_ST_DRAFT)
				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("certificate \"%s\" cannot be granted again without a new stage 2 audit",
								c->number),
						 errdetail("Rule REC-4: the certificate expired after %s; a new cycle needs a stage 2 audit starting after that day and ending on or before the decision date %s.",
								   FMT(isms_valid_end(s), b1), FMT(d->decided, b2)),
						 errhint("Record the new stage 2 audit before the grant decision."),
						 existing_context(d),
						 RULE_FIELD(rel, "REC-4")));
			if (s2 == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("certificate \"%s\" cannot be granted without a stage 2 audit",
								c->number),
						 errdetail("Rule CYC-1: no stage 2 audit of the certificate ends on or before the decision date %s.",
								   FMT(d->decided, b1)),
						 errhint("Record the stage 1 and stage 2 audits of the certificate before its grant decision."),
						 existing_context(d),
						 RULE_FIELD(rel, "CYC-1")));
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("certificate \"%s\" cannot be granted without a stage 1 audit before stage 2",
							c->number),
					 errdetail("Rule CYC-1: the stage 2 audit starting %s has no stage 1 audit of the certificate ending on or before that day.",
							   FMT(s2->start, b1)),
					 errhint("Record the stage 1 audit, or correct the audit dates."),
					 existing_context(d),
					 RULE_FIELD(rel, "CYC-1")));
			break;

		case ISMS_DK_RECERTIFY:
			if (!has_audit(c, ISMS_AK_RECERTIFICATION, s->cycle_start + 1,
						   DATEVAL_NOEND, d->decided))
				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("certificate \"%s\" cannot be recertified without a recertification audit",
								c->number),
						 errdetail("Rule REC-1: no recertification audit of the current cycle (started %s) ends on or before the decision date %s.",
								   FMT(s->cycle_start, b1), FMT(d->decided, b2)),
						 errhint("Record the recertification audit before the decision."),
						 existing_context(d),
						 RULE_FIELD(rel, "REC-1")));
			if (old_limit != DATEVAL_NOEND &&
				!has_audit(c, ISMS_AK_RECERTIFICATION, s->cycle_start + 1,
						   old_limit, d->decided))
				trn2_error(c, s, d, "recertification", old_limit, rel);
			break;

		case ISMS_DK_RESTORE:
			if (!has_audit(c, ISMS_AK_RECERTIFICATION, s->cycle_start + 1,
						   DATEVAL_NOEND, d->decided))
				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("certificate \"%s\" cannot be restored before its recertification audit",
								c->number),
						 errdetail("Rule REC-3: no recertification audit since the start of the lapsed cycle (%s) ends on or before the decision date %s.",
								   FMT(s->cycle_start, b1), FMT(d->decided, b2)),
						 errhint("Record the outstanding recertification audit before the restoration."),
						 existing_context(d),
						 RULE_FIELD(rel, "REC-3")));
			if (old_limit != DATEVAL_NOEND &&
				!has_audit(c, ISMS_AK_RECERTIFICATION, s->cycle_start + 1,
						   old_limit, d->decided))
				trn2_error(c, s, d, "recertification", old_limit, rel);
			break;

		case ISMS_DK_TRANSITION:
			{
				const IsmsTransition *t = s->old_edition;
				const char *to = canonical_standard(c->ref, d->new_standard);

				if (t == NULL || to == NULL || strcmp(t->to, edition_key(to)) != 0)
					ereport(ERROR,
							(errcode(ERRCODE_CHECK_VIOLATION),
							 errmsg("certificate \"%s\" cannot transition from \"%s\" to \"%s\"",
									c->number, s->standard ? s->standard : "?",
									d->new_standard ? d->new_standard : "?"),
							 t == NULL ?
							 errdetail("Rule TRN-5: isms.edition_transition has no transition away from \"%s\".",
									   s->standard ? s->standard : "?") :
							 errdetail("Rule TRN-5: the transition away from \"%s\" leads to \"%s\" (or an identical adoption of it).",
									   s->standard ? s->standard : "?", t->to),
							 errhint("Transitions are rows of isms.edition_transition; another standard needs a new certificate."),
							 existing_context(d),
							 RULE_FIELD(rel, "TRN-5")));
				if (d->decided < t->published)
					ereport(ERROR,
							(errcode(ERRCODE_CHECK_VIOLATION),
							 errmsg("certificate \"%s\" cannot transition to \"%s\" before its publication",
									c->number, d->new_standard),
							 errdetail("Rule TRN-1: the new edition was published on %s; the transition is dated %s.",
									   FMT(t->published, b1), FMT(d->decided, b2)),
							 errhint("Date the transition on or after %s.", FMT(t->published, b3)),
							 existing_context(d),
							 RULE_FIELD(rel, "TRN-1")));
				if (!has_audit(c, ISMS_AK_TRANSITION, s->cycle_start + 1,
							   DATEVAL_NOEND, d->decided))
					ereport(ERROR,
							(errcode(ERRCODE_CHECK_VIOLATION),
							 errmsg("certificate \"%s\" cannot transition without a transition audit",
									c->number),
							 errdetail("Rule TRN-4: no transition audit of the current cycle (started %s) ends on or before the decision date %s.",
									   FMT(s->cycle_start, b1), FMT(d->decided, b2)),
							 errhint("Record the transition audit (held alone or with a surveillance or recertification audit) before the decision."),
							 existing_context(d),
							 RULE_FIELD(rel, "TRN-4")));
			}
			break;

		case ISMS_DK_EXTEND_SCOPE:
			{
				/*
				 * Each extension needs its own audit: by its decision date,
				 * the cycle holds at least as many special audits as
				 * extensions.
				 */
				int			next = 0,
							naud = 0,
							i;

				for (i = 0; i < c->ndec; i++)
					if (c->dec[i].kind == ISMS_DK_EXTEND_SCOPE &&
						c->dec[i].decided >= s->cycle_start &&
						c->dec[i].decided <= d->decided)
						next++;
				for (i = 0; i < c->naud; i++)
					if (c->aud[i].kind == ISMS_AK_SPECIAL &&
						in_cycle(&c->aud[i], s) &&
						c->aud[i].end <= d->decided)
						naud++;
				if (naud < next)
					ereport(ERROR,
							(errcode(ERRCODE_CHECK_VIOLATION),
							 errmsg("scope of certificate \"%s\" cannot be extended without an extension audit",
									c->number),
							 errdetail("Rule SCO-1: each scope extension needs its own special audit; by the decision date %s the current cycle (started %s) counts special audits: %d, scope extensions: %d.",
									   FMT(d->decided, b1), FMT(s->cycle_start, b2), naud, next),
							 errhint("Record the special (extension) audit before the decision."),
							 existing_context(d),
							 RULE_FIELD(rel, "SCO-1")));
			}
			break;
		default:
			break;
	}

	if (d->kind == ISMS_DK_REDUCE_SCOPE || d->kind == ISMS_DK_EXTEND_SCOPE)
		check_scope(c, s, d, rel);

	/*
	 * Decisions that affirm a certificate in good standing need every
	 * surveillance audit that fell due before them (SUR-1, SUR-2), even a
	 * late one.
	 */
	if (d->kind == ISMS_DK_REINSTATE || d->kind == ISMS_DK_RECERTIFY ||
		d->kind == ISMS_DK_RESTORE || d->kind == ISMS_DK_EXTEND_SCOPE ||
		d->kind == ISMS_DK_REDUCE_SCOPE || d->kind == ISMS_DK_TRANSITION)
	{
		DateADT		due_by;

		if (overdue_in(c, s, d->decided, &due_by, &rule))
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("certificate \"%s\" has an overdue surveillance audit",
							c->number),
					 errdetail("Rule %s: a surveillance audit of the cycle started %s was due by %s, and none was recorded by the %s decision of %s.",
							   rule, FMT(s->cycle_start, b1), FMT(due_by, b2),
							   isms_decision_name(d->kind), FMT(d->decided, b3)),
					 errhint("Record the surveillance audit first, or suspend the certificate (SUR-3)."),
					 existing_context(d),
					 RULE_FIELD(rel, rule)));
	}
}

/* Checks of the decision's dates against the scheme's windows. */
static void
check_windows(IsmsCert *c, const IsmsState *s, const IsmsDecision *d,
			  Relation rel)
{
	char		b1[ISMS_DATEBUF],
				b2[ISMS_DATEBUF],
				b3[ISMS_DATEBUF];
	DateADT		limit;

	switch (d->kind)
	{
		case ISMS_DK_GRANT:
			/* CYC-3: anchor is the decision date */
			limit = isms_add_months(d->decided, 12 * c->p.cycle_years)
				- c->p.expiry_offset_days;
			if (d->new_expiry > limit)
				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("expiry date of certificate \"%s\" is beyond the end of its certification cycle",
								c->number),
						 errdetail("Rule CYC-3: a grant decided on %s may set an expiry date of at most %s (cycle_years %d, expiry_offset_days %d); the decision gives %s.",
								   FMT(d->decided, b1), FMT(limit, b2),
								   c->p.cycle_years, c->p.expiry_offset_days,
								   FMT(d->new_expiry, b3)),
						 errhint("Set new_expiry to %s or earlier.", FMT(limit, b1)),
						 existing_context(d),
						 RULE_FIELD(rel, "CYC-3")));
			break;

		case ISMS_DK_RECERTIFY:
		case ISMS_DK_RESTORE:
			if (d->kind == ISMS_DK_RECERTIFY && d->decided > s->expiry)
				recertified_after_expiry(c, s, d, rel);
			/* CYC-3: anchor is the previous expiry date */
			limit = isms_add_months(s->expiry, 12 * c->p.cycle_years);
			if (d->new_expiry > limit)
				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("expiry date of certificate \"%s\" is beyond the end of its certification cycle",
								c->number),
						 errdetail("Rule CYC-3: a decision of kind \"%s\" may set an expiry date of at most %s (the previous expiry date %s plus cycle_years %d); the decision gives %s.",
								   isms_decision_name(d->kind), FMT(limit, b2),
								   FMT(s->expiry, b1), c->p.cycle_years,
								   FMT(d->new_expiry, b3)),
						 errhint("Set new_expiry to %s or earlier.", FMT(limit, b1)),
						 existing_context(d),
						 RULE_FIELD(rel, "CYC-3")));
			if (d->kind == ISMS_DK_RESTORE)
			{
				if (isms_valid_end(s) < s->expiry)
					ereport(ERROR,
							(errcode(ERRCODE_CHECK_VIOLATION),
							 errmsg("certificate \"%s\" cannot be restored against \"%s\"",
									c->number, s->standard),
							 errdetail("Rule TRN-3: no certificate against \"%s\" is valid after %s; the certificate ended then, before its expiry date %s.",
									   s->standard, FMT(isms_valid_end(s), b1), FMT(s->expiry, b2)),
							 errhint("Certify against the new edition under a new certificate."),
							 existing_context(d),
							 RULE_FIELD(rel, "TRN-3")));
				limit = isms_add_months(s->expiry, c->p.restoration_months);
				if (d->decided <= s->expiry)
					ereport(ERROR,
							(errcode(ERRCODE_CHECK_VIOLATION),
							 errmsg("certificate \"%s\" had not expired on the restoration decision date",
									c->number),
							 errdetail("Rule REC-3: the expiry date is %s and the restoration was decided on %s.",
									   FMT(s->expiry, b1), FMT(d->decided, b2)),
							 errhint("Record a recertification (REC-1) instead."),
							 existing_context(d),
							 RULE_FIELD(rel, "REC-3")));
				if (d->decided > limit)
					ereport(ERROR,
							(errcode(ERRCODE_CHECK_VIOLATION),
							 errmsg("certificate \"%s\" can no longer be restored", c->number),
							 errdetail("Rule REC-3: it expired after %s, so restoration was possible until %s (%d months); the decision date is %s.",
									   FMT(s->expiry, b1), FMT(limit, b2),
									   c->p.restoration_months, FMT(d->decided, b3)),
							 errhint("Only a new cycle is possible now: a new grant after a stage 2 audit (REC-4)."),
							 existing_context(d),
							 RULE_FIELD(rel, "REC-3")));
			}
			break;
		default:
			break;
	}
}

static void
transition_error(IsmsCert *c, const IsmsState *s, const IsmsDecision *d,
				 Relation rel)
{
	char		b1[ISMS_DATEBUF],
				b2[ISMS_DATEBUF],
				b3[ISMS_DATEBUF];
	const char *rule = transition_rule(d->kind, s->status);

	if (d->kind == ISMS_DK_RECERTIFY && s->status == ISMS_ST_EXPIRED)
	{
		if (d->decided > s->expiry)
			recertified_after_expiry(c, s, d, rel);
		if (d->effective > s->expiry + 1)
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("recertification of certificate \"%s\" takes effect after its expiry date",
							c->number),
					 errdetail("Rule REC-1: the recertification takes effect on %s, after the expiry date %s, which would leave the certificate expired in between.",
							   FMT(d->effective, b1), FMT(s->expiry, b2)),
					 errhint("Make the recertification effective on %s or earlier.",
							 FMT(s->expiry + 1, b3)),
					 existing_context(d),
					 RULE_FIELD(rel, "REC-1")));
	}
	if (!d->is_new)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("new decision conflicts with the recorded history of certificate \"%s\"",
						c->number),
				 errdetail("Rule %s: with the new decision, the existing \"%s\" decision %lld (effective %s) would apply to a certificate that is %s; it applies only to one that is %s.",
						   rule, isms_decision_name(d->kind), (long long) d->id,
						   FMT(d->effective, b1), isms_status_name(s->status),
						   allowed_from(d->kind)),
				 errhint("Date the new decision after the existing ones, or correct the history with compensating decisions (LOG-1)."),
				 RULE_FIELD(rel, rule)));
	ereport(ERROR,
			(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
			 errmsg("decision \"%s\" is not allowed for certificate \"%s\" in status \"%s\"",
					isms_decision_name(d->kind), c->number,
					isms_status_name(s->status)),
			 errdetail("Rule %s: on %s the certificate is %s; a decision of kind \"%s\" applies only to a certificate that is %s.",
					   rule, FMT(d->effective, b1), isms_status_name(s->status),
					   isms_decision_name(d->kind), allowed_from(d->kind)),
			 isms_status_is_terminal(s->status) ?
			 errhint("Withdrawn and cancelled certificates are final; certify the organisation again under a new certificate.") :
			 s->status == ISMS_ST_EXPIRED ?
			 errhint("An expired certificate can only be restored (REC-3), granted again (REC-4) or withdrawn.") : 0,
			 RULE_FIELD(rel, rule)));
}

/* ----------------------------------------------------------------
 * add-ons (ADD-1..7)
 * ---------------------------------------------------------------- */

/*
 * ADD-5: the status of an add-on is the worse of its own and its base's:
 * a suspended base suspends it, an expired base expires it, a withdrawn or
 * cancelled base withdraws it.  A draft, withdrawn or cancelled add-on
 * stays what it is.  (A base that is a draft again, its grant annulled, is
 * a broken history that ADD-2 refuses; it counts as suspended meanwhile.)
 */
int
isms_addon_status(int own, int base)
{
	/* severity: active < suspended < expired < withdrawn */
	static const int severity[ISMS_ST_LAST + 1] = {0, 0, 0, 1, 3, 3, 2};

	if (own == ISMS_ST_DRAFT || isms_status_is_terminal(own))
		return own;
	if (isms_status_is_terminal(base))
		return ISMS_ST_WITHDRAWN;
	if (base == ISMS_ST_DRAFT)
		base = ISMS_ST_SUSPENDED;
	return severity[base] > severity[own] ? base : own;
}

/*
 * Combine the replayed timeline of add-on c with its base's (ADD-5), and
 * its as-of status.  A day on which both change shows the add-on's own
 * decision.
 */
static void
apply_base(IsmsCert *c, DateADT as_of)
{
	const IsmsCert *b = c->base;
	IsmsSegment *own = c->seg;
	int			nown = c->nseg,
				i = 0,
				j = 0,
				cap = 0;

	c->seg = NULL;
	c->nseg = 0;
	while (i < nown || j < b->nseg)
	{
		bool		own_first = j >= b->nseg || (i < nown && own[i].from <= b->seg[j].from);
		DateADT		day = own_first ? own[i].from : b->seg[j].from;
		int64		id = own_first ? own[i].decision_id : b->seg[j].decision_id;
		int			os,
					bs,
					st;

		while (i < nown && own[i].from <= day)
			i++;
		while (j < b->nseg && b->seg[j].from <= day)
			j++;
		os = i > 0 ? own[i - 1].status : ISMS_ST_DRAFT;
		bs = j > 0 ? b->seg[j - 1].status : ISMS_ST_DRAFT;
		st = isms_addon_status(os, bs);
		if (c->nseg == 0 && st == ISMS_ST_DRAFT)
			continue;
		push_segment(c, &cap, day, st, id);
	}
	c->asof.status = isms_addon_status(c->own_status, isms_status_on(b, as_of));
}

/*
 * Is the add-on's scope (text form) within the base's (NULL: the base has
 * no scope elements)?  Elements of kind "role" (the cloud add-on's
 * provider or customer role) describe the add-on, not a part of the
 * organisation, and are not looked for in the base; a scope of roles only
 * stands for the base's whole scope in those roles.
 */
static bool
addon_scope_within(const char *base, const char *addon)
{
	ScopeElem  *ea = NULL,
			   *eb;
	int			na = base ? parse_stored_scope(base, &ea) : 0,
				nb = parse_stored_scope(addon, &eb),
				i,
				k = 0;

	for (i = 0; i < nb; i++)
		if (!(scope_kind_len(&eb[i]) == 4 && memcmp(eb[i].s, "role", 4) == 0))
			eb[k++] = eb[i];
	/* only roles: the base's whole scope in that role */
	if (k == 0)
		return true;
	return base != NULL && scope_contains(ea, na, eb, k) != 0;
}

/* Does the standard (a reference as stored) need a base certificate (ADD-1)? */
static bool
std_needs_base(const IsmsRefData *r, const char *ref)
{
	int			i;

	if (r == NULL || ref == NULL)
		return false;
	for (i = 0; i < r->nstd; i++)
		if (strcmp(r->std_ref[i], ref) == 0)
			return r->std_needs_base[i];
	return false;
}

/* The scheme of a standard (a reference as stored), or NULL. */
static const char *
std_scheme(const IsmsRefData *r, const char *ref)
{
	int			i;

	if (r == NULL || ref == NULL)
		return NULL;
	for (i = 0; i < r->nstd; i++)
		if (strcmp(r->std_ref[i], ref) == 0)
			return r->std_scheme[i];
	return NULL;
}

/*
 * ADD-1: a grant of, or transition to, an add-on standard needs a base;
 * a base with add-ons transitions only within scheme ISMS.
 */
static void
check_needs_base(IsmsCert *c, const IsmsState *s, const IsmsDecision *d,
				 Relation rel)
{
	const char *std;

	if (d->kind == ISMS_DK_TRANSITION && c->has_addons)
	{
		const char *scheme = std_scheme(c->ref, d->new_standard);

		if (scheme != NULL && strcmp(scheme, "ISMS") != 0)
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("base certificate \"%s\" cannot transition to \"%s\"",
							c->number, d->new_standard),
					 errdetail("Rule ADD-1: \"%s\" belongs to scheme \"%s\"; a base of add-on certificates stays an ISO/IEC 27001 certificate (scheme ISMS).",
							   d->new_standard, scheme),
					 errhint("Transition to an edition of ISO/IEC 27001, or end the add-ons first."),
					 existing_context(d),
					 RULE_FIELD(rel, "ADD-1")));
	}

	if (c->base_id != 0 ||
		!((d->kind == ISMS_DK_GRANT && s->status == ISMS_ST_DRAFT) ||
		  d->kind == ISMS_DK_TRANSITION))
		return;
	std = d->kind == ISMS_DK_TRANSITION ? d->new_standard : s->standard;
	if (!std_needs_base(c->ref, std))
		return;
	ereport(ERROR,
			(errcode(ERRCODE_CHECK_VIOLATION),
			 errmsg("certificate \"%s\" for \"%s\" needs a base certificate", c->number, std),
			 errdetail("Rule ADD-1: \"%s\" is an add-on standard, certified only on top of an ISO/IEC 27001 certificate of the same organisation from the same certification body.",
					   std),
			 errhint("Set base_certificate_id of the certificate to its ISO/IEC 27001 certificate."),
			 existing_context(d),
			 RULE_FIELD(rel, "ADD-1")));
}

/*
 * Was the base's decision behind step `by` taken after the add-on's
 * decision behind step `st`?  Decision dates first; on the same day, the
 * one recorded later (the higher id) comes after.
 */
static inline bool
taken_after(const IsmsStep *by, const IsmsStep *st)
{
	return by->decided > st->decided ||
		(by->decided == st->decided && by->decision_id > st->decision_id);
}

/*
 * The status of base b on day, if it keeps the add-on's decision behind
 * step st from being taken then (0 if not): anything but active, unless
 * later_ok and a base decision taken after the add-on's set it.
 */
static int
base_against(const IsmsCert *b, DateADT day, const IsmsStep *st, bool later_ok)
{
	int			bs = isms_status_on(b, day);
	const IsmsStep *by;

	if (bs == ISMS_ST_ACTIVE)
		return 0;
	by = step_on(b, day);
	if (later_ok && by != NULL && by->status == bs && taken_after(by, st))
		return 0;
	return bs;
}

/*
 * ADD-2..5 for add-on c against its base (both replayed).  Every decision
 * of the add-on that grants, recertifies, restores or extends it takes
 * effect while the base is active (ADD-2 for a grant, ADD-5 for the
 * others); on every day either history changes, while the add-on is
 * granted and not expired and the base not withdrawn or cancelled, the
 * add-on's scope lies within the base's (ADD-3) and its expiry is no later
 * than the base's (ADD-4).  only_new: the statement inserted decisions of
 * the add-on; check from the first of them on (from the start if one is a
 * correction); a new decision taking effect after the base was withdrawn
 * or cancelled is refused (WDR-1).  Otherwise (at commit, after its base
 * changed) check the whole history, as ADD-7.  probe: return false
 * instead of raising.
 */
static bool
check_addon(IsmsCert *c, bool only_new, bool probe, Relation rel)
{
	const IsmsCert *b = c->base;
	DateADT		start = DATEVAL_NOBEGIN;
	const char *rule;
	const char *pre = only_new ? "" : "Rule ADD-7: a change to the base certificate breaks it. ";
	char		b1[ISMS_DATEBUF],
				b2[ISMS_DATEBUF],
				b3[ISMS_DATEBUF];
	int			i,
				j;

	if (b == NULL)
		return true;
	if (only_new)
	{
		bool		any = false;

		for (i = 0; i < c->ndec; i++)
			if (c->dec[i].is_new && (!any || c->dec[i].effective < start))
			{
				start = c->dec[i].effective;
				any = true;
			}
		if (!any)
			return true;
		/* a correction changes the history from the corrected decision on */
		for (i = 0; i < c->ndec; i++)
			if (c->dec[i].is_new && c->dec[i].corrects != 0)
				start = DATEVAL_NOBEGIN;
	}

	for (i = 0; i < c->nstep; i++)
	{
		const IsmsStep *st = &c->step[i];
		int			bs;
		DateADT		when = st->from;	/* the day the base is not active */

		if (st->from < start)
			continue;

		/*
		 * A decision on an add-on whose base was already withdrawn or
		 * cancelled: the add-on is withdrawn with it, and final (WDR-1).
		 * (Decisions taking effect on the day the base ends, such as the
		 * add-on's own withdrawal, are still recorded.)
		 */
		bs = isms_status_on(b, st->from);
		if (only_new && st->is_new && isms_status_is_terminal(bs))
		{
			const IsmsStep *by = step_on(b, st->from);

			if (!(by != NULL && by->status == bs && by->from == st->from))
			{
				if (probe)
					return false;
				ereport(ERROR,
						(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
						 errmsg("decision \"%s\" is not allowed for add-on certificate \"%s\": its base certificate \"%s\" is %s",
								isms_decision_name(st->kind), c->number, b->number,
								isms_status_name(bs)),
						 errdetail("Rule WDR-1 and ADD-5: on %s, when the decision takes effect, the base is %s and the add-on withdrawn with it; withdrawn certificates are final.",
								   FMT(st->from, b1), isms_status_name(bs)),
						 errhint("Certify the organisation again under new certificates."),
						 RULE_FIELD(rel, "WDR-1")));
			}
		}

		/*
		 * ADD-2, ADD-5: a decision that makes the add-on valid needs its base
		 * active on the day it takes effect and on the day it is decided.  A
		 * base suspended, withdrawn or cancelled by a decision taken after
		 * the add-on's (a later day, or the same day and recorded later)
		 * overtakes it, and the add-on follows the base (ADD-5); on the day
		 * it takes effect that holds for the add-on's recorded decisions
		 * only (at commit, after a change of the base, or when a new
		 * correction has the whole history checked again), not for a new
		 * one.  A base that was not active when the add-on's decision was
		 * taken (a backdated suspension, an annulled reinstatement, renewal
		 * or grant) breaks it.
		 */
		if (!(st->kind == ISMS_DK_GRANT || st->kind == ISMS_DK_RECERTIFY ||
			  st->kind == ISMS_DK_RESTORE || st->kind == ISMS_DK_EXTEND_SCOPE))
			continue;
		bs = base_against(b, st->from, st, !only_new || !st->is_new);
		if (bs == 0 && st->decided < st->from)
		{
			bs = base_against(b, st->decided, st, true);
			when = st->decided;
		}
		if (bs == 0)
			continue;

		if (probe)
			return false;
		rule = only_new ? (st->kind == ISMS_DK_GRANT ? "ADD-2" : "ADD-5") : "ADD-7";
		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("add-on certificate \"%s\" cannot be %s while its base certificate \"%s\" is %s",
						c->number,
						st->kind == ISMS_DK_GRANT ? "granted" :
						st->kind == ISMS_DK_RECERTIFY ? "recertified" :
						st->kind == ISMS_DK_RESTORE ? "restored" : "extended",
						b->number, isms_status_name(bs)),
				 st->kind == ISMS_DK_GRANT ?
				 errdetail("%sRule ADD-2: the base must be active on the day the add-on's grant (decision %lld) is decided and takes effect; on %s it is %s.",
						   pre, (long long) st->decision_id, FMT(when, b1), isms_status_name(bs)) :
				 errdetail("%sRule ADD-5: an add-on is never more valid than its base; the %s decision %lld is decided %s and takes effect %s, and on %s the base is %s.",
						   pre, isms_decision_name(st->kind), (long long) st->decision_id,
						   FMT(st->decided, b2), FMT(st->from, b3), FMT(when, b1),
						   isms_status_name(bs)),
				 errhint("Record the base certificate's grant, reinstatement or restoration first."),
				 RULE_FIELD(rel, rule)));
	}

	/* ADD-3, ADD-4 on every day either history changes */
	i = j = 0;
	while (i < c->nstep || j < b->nstep)
	{
		bool		own_first = j >= b->nstep || (i < c->nstep && c->step[i].from <= b->step[j].from);
		DateADT		day = own_first ? c->step[i].from : b->step[j].from;
		const IsmsStep *sa,
				   *sb;
		int			bs;

		while (i < c->nstep && c->step[i].from <= day)
			i++;
		while (j < b->nstep && b->step[j].from <= day)
			j++;
		if (day < start)
			continue;
		sa = i > 0 ? &c->step[i - 1] : NULL;
		sb = j > 0 ? &b->step[j - 1] : NULL;
		if (sa == NULL ||
			!(sa->status == ISMS_ST_ACTIVE || sa->status == ISMS_ST_SUSPENDED) ||
			(sa->has_cycle && day > sa->expiry))
			continue;
		bs = isms_status_on(b, day);
		if (isms_status_is_terminal(bs))
			continue;			/* the add-on is withdrawn with it (ADD-5) */

		if (sa->scope_set != NULL &&
			!addon_scope_within(sb ? sb->scope_set : NULL, sa->scope_set))
		{
			if (probe)
				return false;
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("scope of add-on certificate \"%s\" is not contained in the scope of its base certificate \"%s\"",
							c->number, b->number),
					 (sb == NULL || sb->scope_set == NULL) ?
					 errdetail("%sRule ADD-3: on %s the add-on's scope is %s, and the base has no scope elements to contain it.",
							   pre, FMT(day, b1), sa->scope_set) :
					 errdetail("%sRule ADD-3: on %s the add-on's scope %s is not contained in the base's scope %s.",
							   pre, FMT(day, b1), sa->scope_set, sb->scope_set),
					 errhint("Reduce the add-on's scope in the same transaction, or leave it empty to inherit the base's scope exactly."),
					 RULE_FIELD(rel, only_new ? "ADD-3" : "ADD-7")));
		}
		if (sa->has_cycle && sb != NULL && sb->has_cycle && sa->expiry > sb->expiry)
		{
			if (probe)
				return false;
			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("add-on certificate \"%s\" expires after its base certificate \"%s\"",
							c->number, b->number),
					 errdetail("%sRule ADD-4: on %s the add-on expires on %s and its base on %s.",
							   pre, FMT(day, b1), FMT(sa->expiry, b2), FMT(sb->expiry, b3)),
					 errhint("Give the add-on a new_expiry no later than its base's expiry date."),
					 RULE_FIELD(rel, only_new ? "ADD-4" : "ADD-7")));
		}
	}
	return true;
}

/*
 * Replay the history of c.  Fills c->seg (the status timeline), c->asof
 * (the state on as_of) and c->final.
 *
 * ISMS_REPLAY_NEW (decisions inserted): every decision must be a legal
 * transition; the new decisions, and every existing decision that takes
 * effect after the first new one (its history changed), must satisfy every
 * rule.  ISMS_REPLAY_AUDITS (audits changed): every decision must still
 * have its evidence.  ISMS_REPLAY_LENIENT (readers): illegal decisions are
 * skipped, nothing is raised.
 *
 * Two kinds of decision do not apply: an "annul" (it only voids the
 * decision it corrects, which the load already dropped), and a decision
 * decided before the certificate was withdrawn or cancelled but effective
 * after it (overtaken by the end of the certificate, WDR-1).
 */
void
isms_replay(IsmsCert *c, DateADT as_of, IsmsReplayMode mode, Relation rel)
{
	IsmsState	s;
	int			cap = 0;
	int			i;
	bool		asof_taken = false;
	bool		affected = false;
	char		b1[ISMS_DATEBUF],
				b2[ISMS_DATEBUF];

	/* an add-on's status follows its base's (ADD-5) */
	if (c->base && !c->base->replayed)
		isms_replay(c->base, as_of, ISMS_REPLAY_LENIENT, NULL);

	memset(&s, 0, sizeof(s));
	s.status = ISMS_ST_DRAFT;
	s.scope = c->initial_scope;
	s.scope_set = c->initial_scope_set;
	s.standard = c->initial_standard;
	s.old_edition = c->ref ? transition_from(c->ref, s.standard) : NULL;
	c->nseg = 0;
	c->seg = NULL;
	c->nstep = 0;
	c->step = c->ndec > 0 ? palloc(sizeof(IsmsStep) * c->ndec) : NULL;

	for (i = 0; i < c->ndec; i++)
	{
		IsmsDecision *d = &c->dec[i];
		int			to;
		bool		check;

		if (d->kind == ISMS_DK_ANNUL)
			continue;
		if (d->is_new)
			affected = true;
		check = mode == ISMS_REPLAY_AUDITS || (mode == ISMS_REPLAY_NEW && affected);

		if (!asof_taken && d->effective > as_of)
		{
			c->asof = s;
			advance(c, &cap, &c->asof, as_of, false);
			asof_taken = true;
		}

		/*
		 * A recertification may take effect on the day after the expiry date:
		 * the new cycle then continues the old one without a lapse (REC-1).
		 */
		if (d->kind == ISMS_DK_RECERTIFY && s.has_cycle &&
			(s.status == ISMS_ST_ACTIVE || s.status == ISMS_ST_SUSPENDED) &&
			d->effective == s.expiry + 1)
			advance(c, &cap, &s, s.expiry, true);
		else
			advance(c, &cap, &s, d->effective, true);

		/* overtaken by a withdrawal or cancellation decided after it */
		if (isms_status_is_terminal(s.status) && d->decided < s.terminal_decided)
			continue;

		to = isms_decision_outcome(s.status, d->kind);

		/*
		 * A recertification decided while the certificate was active, and
		 * suspended before it took effect, still renews the cycle; the
		 * certificate stays suspended (SUS-3).
		 */
		if (d->kind == ISMS_DK_RECERTIFY && s.status == ISMS_ST_SUSPENDED &&
			d->decided < s.suspended_decided)
			to = ISMS_ST_SUSPENDED;

		if ((d->kind == ISMS_DK_GRANT || d->kind == ISMS_DK_RECERTIFY ||
			 d->kind == ISMS_DK_RESTORE) && !d->has_expiry && to != 0)
		{
			if (mode != ISMS_REPLAY_LENIENT)
				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("decision of kind \"%s\" on certificate \"%s\" needs a new expiry date",
								isms_decision_name(d->kind), c->number),
						 errdetail("Rule CYC-3: grants, recertifications and restorations set the expiry date of the new cycle."),
						 errhint("Give new_expiry, or leave it out to get the latest date the rule allows."),
						 RULE_FIELD(rel, "CYC-3")));
			to = 0;				/* lenient: cannot apply it */
		}
		if (mode != ISMS_REPLAY_LENIENT)
		{
			if (to == 0)
				transition_error(c, &s, d, rel);
			if (mode == ISMS_REPLAY_NEW && check)
				check_windows(c, &s, d, rel);
			if (check)
				check_audits(c, &s, d, true, rel);
			if (check)
				check_needs_base(c, &s, d, rel);
			if (mode == ISMS_REPLAY_NEW && d->is_new &&
				s.status == ISMS_ST_SUSPENDED && to == ISMS_ST_ACTIVE &&
				d->effective > isms_add_months(s.suspended_since,
											   c->p.suspension_warning_months))
				ereport(WARNING,
						(errcode(ERRCODE_WARNING),
						 errmsg("certificate \"%s\" was suspended for more than %d months",
								c->number, c->p.suspension_warning_months),
						 errdetail("Rule SUS-2: suspended from %s, active again from %s.",
								   FMT(s.suspended_since, b1), FMT(d->effective, b2))));
		}
		else if (to == 0)
			continue;

		switch (d->kind)
		{
			case ISMS_DK_GRANT:
			case ISMS_DK_RECERTIFY:
			case ISMS_DK_RESTORE:
				s.has_cycle = true;
				s.cycle_start = d->decided; /* CYC-2 */
				s.expiry = d->new_expiry;
				s.initial_cycle = (d->kind == ISMS_DK_GRANT);
				if (!s.has_original)
				{
					s.has_original = true;
					s.original = d->effective;	/* REC-5 */
				}
				s.revision++;
				break;
			case ISMS_DK_SUSPEND:
				s.suspended_since = d->effective;
				s.suspended_decided = d->decided;
				break;
			case ISMS_DK_WITHDRAW:
			case ISMS_DK_CANCEL:
				s.terminal_decided = d->decided;
				break;
			case ISMS_DK_EXTEND_SCOPE:
			case ISMS_DK_REDUCE_SCOPE:
			case ISMS_DK_TRANSITION:
				s.revision++;
				break;
			default:
				break;
		}
		if (d->new_scope)
			s.scope = d->new_scope;
		if (d->new_scope_set)
			s.scope_set = d->new_scope_set;
		if (d->new_standard)
		{
			s.standard = d->new_standard;
			s.old_edition = c->ref ? transition_from(c->ref, s.standard) : NULL;
		}
		s.status = to;
		s.last_effective = d->effective;
		push_segment(c, &cap, d->effective, to, d->id);
		{
			IsmsStep   *st = &c->step[c->nstep++];

			st->from = d->effective;
			st->decided = d->decided;
			st->kind = d->kind;
			st->status = to;
			st->has_cycle = s.has_cycle;
			st->expiry = s.expiry;
			st->scope_set = s.scope_set;
			st->decision_id = d->id;
			st->is_new = d->is_new;
		}
	}
	if (!asof_taken)
	{
		c->asof = s;
		advance(c, &cap, &c->asof, as_of, false);
	}
	c->final = s;
	/* the final expiry, if nothing follows it (and it is not the last date) */
	if ((s.status == ISMS_ST_ACTIVE || s.status == ISMS_ST_SUSPENDED) &&
		s.has_cycle && IS_VALID_DATE(isms_valid_end(&s) + 1))
		push_segment(c, &cap, isms_valid_end(&s) + 1, ISMS_ST_EXPIRED, 0);

	c->own_status = c->asof.status;
	if (c->base)
	{
		apply_base(c, as_of);
		if (mode == ISMS_REPLAY_NEW)
			(void) check_addon(c, true, false, rel);
	}
	c->replayed = true;
}

/* Status of the certificate on day, from the replayed timeline. */
int
isms_status_on(const IsmsCert *c, DateADT day)
{
	int			i;
	int			st = ISMS_ST_DRAFT;

	for (i = 0; i < c->nseg && c->seg[i].from <= day; i++)
		st = c->seg[i].status;
	return st;
}

static bool
text_differs(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

/* Do the stored derived columns differ from the as-of state? */
bool
isms_cert_changed(const IsmsCert *c)
{
	const IsmsState *s = &c->asof;

	if (c->stored_status != s->status || c->stored_revision != s->revision ||
		c->stored_has_cycle != s->has_cycle ||
		c->stored_has_original != s->has_original)
		return true;
	if (s->has_cycle && (c->stored_expiry != s->expiry ||
						 c->stored_cycle_start != s->cycle_start))
		return true;
	if (s->has_original && c->stored_original != s->original)
		return true;
	return text_differs(c->stored_scope, s->scope) ||
		text_differs(c->stored_standard, s->standard) ||
		text_differs(c->stored_scope_set, s->scope_set);
}

/* ----------------------------------------------------------------
 * writing the derived columns
 * ---------------------------------------------------------------- */

static Datum
date_array(Datum *vals, bool *nulls, int n)
{
	int			dims[1] = {n};
	int			lbs[1] = {1};

	return PointerGetDatum(construct_md_array(vals, nulls, 1, dims, lbs, DATEOID,
											  4, true, TYPALIGN_INT));
}

static Datum
text_array(Datum *vals, bool *nulls, int n)
{
	int			dims[1] = {n};
	int			lbs[1] = {1};

	return PointerGetDatum(construct_md_array(vals, nulls, 1, dims, lbs, TEXTOID,
											  -1, false, TYPALIGN_INT));
}

static IsmsPlan q_store = {
	"UPDATE isms.certificate c SET"
	" status = u.status::isms.cert_status,"
	" expiry_date = u.expiry, cycle_start = u.cycle_start,"
	" original_certification_date = u.original,"
	" revision = u.revision,"
	" scope_statement = coalesce(u.scope, c.scope_statement),"
	" standard = coalesce(u.standard::isms.stdref, c.standard),"
	" scope = CASE WHEN u.scope_set IS NULL THEN c.scope"
	"  WHEN u.scope_set OPERATOR(pg_catalog.=) '' THEN NULL"
	"  ELSE u.scope_set::isms.scope END"
	" FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3),"
	"  pg_catalog.unnest($4), pg_catalog.unnest($5), pg_catalog.unnest($6),"
	"  pg_catalog.unnest($7), pg_catalog.unnest($8), pg_catalog.unnest($9))"
	"   AS u(id, status, expiry, cycle_start, original, revision, scope, standard, scope_set)"
	" WHERE c.id OPERATOR(pg_catalog.=) u.id",
	9, {INT8ARRAYOID, TEXTARRAYOID, DATEARRAYOID, DATEARRAYOID, DATEARRAYOID,
	INT4ARRAYOID, TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID}
};

/*
 * Write the as-of state (status, dates, revision, scope statement and
 * standard) of every certificate whose stored columns differ, with one
 * UPDATE.
 */
void
isms_store(IsmsCert *certs, int ncert)
{
	int			n = 0,
				i;
	int			ret;
	Datum	   *id,
			   *st,
			   *ex,
			   *cs,
			   *orig,
			   *rev,
			   *scope,
			   *std,
			   *sset;
	bool	   *exn,
			   *csn,
			   *orign,
			   *scopen,
			   *stdn,
			   *ssetn;
	Datum		args[9];

	id = palloc(sizeof(Datum) * ncert * 9);
	st = id + ncert;
	ex = st + ncert;
	cs = ex + ncert;
	orig = cs + ncert;
	rev = orig + ncert;
	scope = rev + ncert;
	std = scope + ncert;
	sset = std + ncert;
	exn = palloc0(sizeof(bool) * ncert * 6);
	csn = exn + ncert;
	orign = csn + ncert;
	scopen = orign + ncert;
	stdn = scopen + ncert;
	ssetn = stdn + ncert;

	for (i = 0; i < ncert; i++)
	{
		IsmsCert   *c = &certs[i];
		IsmsState  *s = &c->asof;

		if (c->context_only || !isms_cert_changed(c))
			continue;
		id[n] = Int64GetDatum(c->id);
		st[n] = CStringGetTextDatum(isms_status_name(s->status));
		ex[n] = DateADTGetDatum(s->expiry);
		exn[n] = !s->has_cycle;
		cs[n] = DateADTGetDatum(s->cycle_start);
		csn[n] = !s->has_cycle;
		orig[n] = DateADTGetDatum(s->original);
		orign[n] = !s->has_original;
		rev[n] = Int32GetDatum(s->revision);
		/* text columns go only where they changed (NULL keeps the stored value) */
		scopen[n] = s->scope == NULL || !text_differs(c->stored_scope, s->scope);
		scope[n] = scopen[n] ? (Datum) 0 : CStringGetTextDatum(s->scope);
		stdn[n] = s->standard == NULL || !text_differs(c->stored_standard, s->standard);
		std[n] = stdn[n] ? (Datum) 0 : CStringGetTextDatum(s->standard);
		ssetn[n] = !text_differs(c->stored_scope_set, s->scope_set);
		sset[n] = ssetn[n] ? (Datum) 0 :
			CStringGetTextDatum(s->scope_set ? s->scope_set : "");
		n++;
	}
	if (n == 0)
		return;

	{
		int			dims[1] = {n};
		int			lbs[1] = {1};

		args[0] = PointerGetDatum(construct_md_array(id, NULL, 1, dims, lbs, INT8OID,
													 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		args[1] = text_array(st, NULL, n);
		args[2] = date_array(ex, exn, n);
		args[3] = date_array(cs, csn, n);
		args[4] = date_array(orig, orign, n);
		args[5] = PointerGetDatum(construct_md_array(rev, NULL, 1, dims, lbs, INT4OID,
													 4, true, TYPALIGN_INT));
		args[6] = text_array(scope, scopen, n);
		args[7] = text_array(std, stdn, n);
		args[8] = text_array(sset, ssetn, n);
	}

	/* restored on error by the transaction callbacks of isms.c */
	{
		bool		save = isms_internal_write;

		isms_internal_write = true;
		ret = exec_plan(&q_store, args, NULL, n, false, false, 0);
		isms_internal_write = save;
	}
	if (ret != SPI_OK_UPDATE)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
}

/* ----------------------------------------------------------------
 * checks against other tables, for a whole statement at once
 * ---------------------------------------------------------------- */

#define ACC_KIND(k) ((k) == ISMS_DK_GRANT || (k) == ISMS_DK_RECERTIFY || \
						 (k) == ISMS_DK_RESTORE || (k) == ISMS_DK_EXTEND_SCOPE)

static IsmsPlan q_acc_lock = {
	"SELECT a.cb_id, a.scheme, a.valid_from, a.valid_until"
	" FROM isms.accreditation a"
	" WHERE a.cb_id OPERATOR(pg_catalog.=) ANY ($1)"
	" AND a.status OPERATOR(pg_catalog.=) 'active'"
	" ORDER BY a.id FOR SHARE OF a",
	1, {INT8ARRAYOID}
};

static IsmsPlan q_corrects_check = {
	"SELECT d.id, x.id, d.certificate_id, x.certificate_id,"
	" x.kind OPERATOR(pg_catalog.=) 'annul'::isms.decision_kind"
	" FROM isms.decision d JOIN isms.decision x"
	"  ON x.id OPERATOR(pg_catalog.=) d.corrects"
	" WHERE d.id OPERATOR(pg_catalog.=) ANY ($1)"
	" AND (x.certificate_id OPERATOR(pg_catalog.<>) d.certificate_id"
	"      OR x.id OPERATOR(pg_catalog.>) d.id"
	"      OR x.kind OPERATOR(pg_catalog.=) 'annul'::isms.decision_kind)"
	" ORDER BY d.id LIMIT 1",
	1, {INT8ARRAYOID}
};

static IsmsPlan q_acc_recheck = {
	"SELECT d.id, c.certificate_number, cb.code, st.scheme,"
	" pg_catalog.to_char(d.decision_date, 'YYYY-MM-DD'), d.kind::pg_catalog.text"
	" FROM isms.decision d"
	" JOIN isms.certificate c ON c.id OPERATOR(pg_catalog.=) d.certificate_id"
	" JOIN isms.certification_body cb ON cb.id OPERATOR(pg_catalog.=) c.cb_id"
	" JOIN isms.standard st ON st.ref OPERATOR(pg_catalog.=) c.standard"
	" WHERE c.cb_id OPERATOR(pg_catalog.=) ANY ($1)"
	" AND d.kind OPERATOR(pg_catalog.=) ANY ('{grant,recertify,restore,extend_scope}'::isms.decision_kind[])"
	" AND NOT EXISTS (SELECT 1 FROM isms.decision x"
	"   WHERE x.corrects OPERATOR(pg_catalog.=) d.id)"
	" AND NOT EXISTS (SELECT 1 FROM isms.accreditation a"
	"  WHERE a.cb_id OPERATOR(pg_catalog.=) c.cb_id"
	"  AND a.scheme OPERATOR(pg_catalog.=) st.scheme"
	"  AND a.status OPERATOR(pg_catalog.=) 'active'"
	"  AND a.valid_from OPERATOR(pg_catalog.<=) d.decision_date"
	"  AND (a.valid_until IS NULL OR a.valid_until OPERATOR(pg_catalog.>=) d.decision_date))"
	" ORDER BY d.id LIMIT 1",
	1, {INT8ARRAYOID}
};

typedef struct AccPeriod
{
	int64		cb_id;
	char	   *scheme;
	DateADT		from;
	DateADT		until;			/* DATEVAL_NOEND when open */
} AccPeriod;

/*
 * Checks of the new decisions of a statement that need other tables.
 * The certificates are loaded and locked (isms_load with lock), and the
 * decisions marked is_new.
 *
 * ACC-1: each new grant, recertification, restoration and scope extension
 * is covered by an active accreditation of the certificate's body for the
 * scheme of its standard.  The active accreditations of the bodies
 * involved are read in one query and locked FOR SHARE, so that no
 * concurrent change can withdraw them under the decision; the check itself
 * runs in memory.
 *
 * LOG-1: a correction names an earlier decision of the same certificate
 * (checked only when a statement holds corrections).
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
	char		b1[ISMS_DATEBUF];
	int			nnew = 0;

	for (i = 0; i < ncert; i++)
		nnew += certs[i].ndec;
	corr = palloc(sizeof(int64) * Max(nnew, 1));
	for (i = 0; i < ncert; i++)
	{
		IsmsCert   *c = &certs[i];

		for (j = 0; j < c->ndec; j++)
		{
			IsmsDecision *d = &c->dec[j];

			if (!d->is_new)
				continue;
			if (ACC_KIND(d->kind) && (ncb == 0 || cbs[ncb - 1] != c->cb_id))
				cbs[ncb++] = c->cb_id;
			/* corrected decisions were dropped by the load; their correctors remain */
			if (d->corrects != 0)
				corr[ncorr++] = d->id;
		}
	}

	if (ncorr > 0)
	{
		args[0] = int8_array(corr, ncorr);
		exec_plan(&q_corrects_check, args, NULL, ncorr, false, false, 1);
		if (SPI_processed > 0)
		{
			HeapTuple	t = SPI_tuptable->vals[0];
			TupleDesc	td = SPI_tuptable->tupdesc;

			ereport(ERROR,
					(errcode(ERRCODE_CHECK_VIOLATION),
					 errmsg("decision %s cannot correct decision %s",
							SPI_getvalue(t, td, 1), SPI_getvalue(t, td, 2)),
					 strcmp(SPI_getvalue(t, td, 5), "t") == 0 ?
					 errdetail("Rule LOG-1: decision %s is an annulment, and an annulment is final.",
							   SPI_getvalue(t, td, 2)) :
					 errdetail("Rule LOG-1: a correction names an earlier decision of the same certificate; decision %s (certificate %s) names decision %s (certificate %s).",
							   SPI_getvalue(t, td, 1), SPI_getvalue(t, td, 3),
							   SPI_getvalue(t, td, 2), SPI_getvalue(t, td, 4)),
					 RULE_FIELD(rel, "LOG-1")));
		}
	}

	if (ncb == 0)
		return;
	ncb = isms_sort_unique(cbs, ncb);
	args[0] = int8_array(cbs, ncb);
	exec_plan(&q_acc_lock, args, NULL, ncb, false, false, 0);
	if (SPI_processed > 0)
	{
		TupleDesc	td = SPI_tuptable->tupdesc;
		uint64		r;

		acc = palloc(sizeof(AccPeriod) * SPI_processed);
		for (r = 0; r < SPI_processed; r++)
		{
			HeapTuple	t = SPI_tuptable->vals[r];
			bool		isnull;

			acc[r].cb_id = DatumGetInt64(col(t, td, 1, &isnull));
			acc[r].scheme = SPI_getvalue(t, td, 2);
			acc[r].from = DatumGetDateADT(col(t, td, 3, &isnull));
			acc[r].until = DatumGetDateADT(col(t, td, 4, &isnull));
			if (isnull)
				DATE_NOEND(acc[r].until);
		}
		nacc = (int) SPI_processed;
	}

	for (i = 0; i < ncert; i++)
	{
		IsmsCert   *c = &certs[i];

		for (j = 0; j < c->ndec; j++)
		{
			IsmsDecision *d = &c->dec[j];
			bool		covered = false;

			if (!d->is_new || !ACC_KIND(d->kind))
				continue;
			for (k = 0; k < nacc && !covered; k++)
				covered = acc[k].cb_id == c->cb_id &&
					strcmp(acc[k].scheme, c->scheme) == 0 &&
					acc[k].from <= d->decided && d->decided <= acc[k].until;
			if (!covered)
				ereport(ERROR,
						(errcode(ERRCODE_CHECK_VIOLATION),
						 errmsg("certification body \"%s\" is not accredited for scheme \"%s\" on %s",
								c->cb_code, c->scheme, FMT(d->decided, b1)),
						 errdetail("Rule ACC-1: the %s decision %lld of certificate \"%s\" (decided %s) needs an active accreditation of certification body \"%s\" for scheme \"%s\" covering the decision date.",
								   isms_decision_name(d->kind), (long long) d->id,
								   c->number, b1, c->cb_code, c->scheme),
						 errhint("Record the certification body's accreditation in isms.accreditation first."),
						 RULE_FIELD(rel, "ACC-1")));
		}
	}
}

/*
 * After accreditations of these certification bodies changed: every
 * decision that needed accreditation (ACC-1) must still have it.  Decisions
 * that were corrected (LOG-1) no longer count.
 */
void
isms_check_accreditation_cover(int64 *cb_ids, int ncb, Relation rel)
{
	Datum		args[1];

	args[0] = int8_array(cb_ids, ncb);
	exec_plan(&q_acc_recheck, args, NULL, ncb, false, true, 1);
	if (SPI_processed > 0)
	{
		HeapTuple	t = SPI_tuptable->vals[0];
		TupleDesc	td = SPI_tuptable->tupdesc;

		ereport(ERROR,
				(errcode(ERRCODE_CHECK_VIOLATION),
				 errmsg("accreditation change leaves decision %s of certificate \"%s\" without accreditation",
						SPI_getvalue(t, td, 1), SPI_getvalue(t, td, 2)),
				 errdetail("Rule ACC-1: the %s decision %s of certificate \"%s\" (decided %s) needs an active accreditation of certification body \"%s\" for scheme \"%s\" covering the decision date.",
						   SPI_getvalue(t, td, 6), SPI_getvalue(t, td, 1),
						   SPI_getvalue(t, td, 2), SPI_getvalue(t, td, 5),
						   SPI_getvalue(t, td, 3), SPI_getvalue(t, td, 4)),
				 errhint("Accreditation periods that decisions rely on cannot be shortened, suspended or removed retroactively."),
				 RULE_FIELD(rel, "ACC-1")));
	}
}

/*
 * Latest expiry date (CYC-3) that a decision of this kind, decided on that
 * day, may set on the certificate, with its parameters and its expiry date
 * on that day.  False if there is no such certificate, or the kind sets no
 * expiry, or there is no previous expiry to count from, or (for readers)
 * the certificate is withdrawn or cancelled.  from_trigger: called by the
 * BEFORE ROW trigger, which must see the earlier rows of its statement.
 * Inside SPI.
 */
bool
isms_cert_latest_expiry(int64 id, int kind, DateADT decided,
						bool from_trigger, DateADT *result)
{
	int			n;
	IsmsCert   *certs = isms_load(&id, 1, from_trigger ? ISMS_LOAD_OWN : ISMS_LOAD_READ, &n);
	IsmsCert   *c = isms_find_cert(certs, n, id);
	bool		found = false;

	if (c == NULL)
		return false;
	isms_replay(c, decided, ISMS_REPLAY_LENIENT, NULL);
	if (!from_trigger && isms_status_is_terminal(c->own_status))
		return false;
	if (kind == ISMS_DK_GRANT)
	{
		*result = isms_add_months(decided, 12 * c->p.cycle_years) - c->p.expiry_offset_days;
		found = true;
	}
	else if ((kind == ISMS_DK_RECERTIFY || kind == ISMS_DK_RESTORE) && c->asof.has_cycle)
	{
		*result = isms_add_months(c->asof.expiry, 12 * c->p.cycle_years);
		found = true;
	}
	/*
	 * ADD-4: an add-on expires no later than its base.  (A base that has
	 * expired by then gives no cap: the decision is refused by ADD-5.)
	 */
	if (found && c->base && c->base->asof.has_cycle &&
		c->base->asof.expiry < *result && c->base->asof.expiry >= decided)
		*result = c->base->asof.expiry;
	return found;
}

/*
 * ADD-7: the bases among certs whose new decisions leave an add-on
 * inconsistent are checked again when the transaction commits, with their
 * add-ons.  A no-op update of base_certificate_id queues the
 * deferred constraint trigger "ADD-7" of isms.certificate for each of
 * them, and their ids are kept here: the first of those trigger events to
 * fire checks all the bases pending in one load (isms_addon_check_batch),
 * and the others find theirs done.
 *
 * pending and done live in TopTransactionContext and are forgotten at the
 * end of the transaction; done is also forgotten when a subtransaction
 * aborts, since the trigger events it fired may fire again.
 */
static int64 *addon_pending = NULL;
static int	addon_npending = 0;
static int	addon_cappending = 0;
static int64 *addon_done = NULL;
static int	addon_ndone = 0;
static int	addon_capdone = 0;

void
isms_addon_forget(bool done_only)
{
	addon_done = NULL;
	addon_ndone = addon_capdone = 0;
	if (!done_only)
	{
		addon_pending = NULL;
		addon_npending = addon_cappending = 0;
	}
}

static void
append_id(int64 **a, int *n, int *cap, int64 id)
{
	if (*n >= *cap)
	{
		int			newcap = Max(64, *cap * 2);

		*a = *a == NULL ?
			MemoryContextAlloc(TopTransactionContext, sizeof(int64) * newcap) :
			repalloc(*a, sizeof(int64) * newcap);
		*cap = newcap;
	}
	(*a)[(*n)++] = id;
}

static IsmsPlan q_queue_addon_check = {
	"UPDATE isms.certificate SET base_certificate_id = base_certificate_id"
	" WHERE id OPERATOR(pg_catalog.=) ANY ($1)",
	1, {INT8ARRAYOID}
};

void
isms_queue_addon_checks(IsmsCert *certs, int ncert)
{
	int64	   *ids = palloc(sizeof(int64) * Max(ncert, 1));
	int			n = 0,
				i,
				j;
	Datum		args[1];
	bool	   *changed = palloc0(sizeof(bool) * Max(ncert, 1));
	bool	   *broken = palloc0(sizeof(bool) * Max(ncert, 1));

	for (i = 0; i < ncert; i++)
		for (j = 0; j < certs[i].ndec && !changed[i]; j++)
			changed[i] = certs[i].dec[j].is_new && !certs[i].context_only;

	/*
	 * The bases with new decisions that leave an add-on inconsistent
	 * (checked here, in memory, on the histories just replayed): only they
	 * need a check at commit, by when the add-on may be brought into line.
	 * (A draft add-on cannot be broken.)
	 */
	for (i = 0; i < ncert; i++)
	{
		int			b;

		if (certs[i].base == NULL || certs[i].ndec == 0 || certs[i].context_only)
			continue;
		b = (int) (certs[i].base - certs);
		if (changed[b] && !broken[b] && !check_addon(&certs[i], false, true, NULL))
			broken[b] = true;
	}
	for (i = 0; i < ncert; i++)
		if (broken[i])
			ids[n++] = certs[i].id;
	if (n == 0)
		return;
	args[0] = int8_array(ids, n);
	{
		bool		save = isms_internal_write;

		isms_internal_write = true;
		exec_plan(&q_queue_addon_check, args, NULL, n, false, false, 0);
		isms_internal_write = save;
	}
	for (i = 0; i < n; i++)
		append_id(&addon_pending, &addon_npending, &addon_cappending, ids[i]);
}

/*
 * The deferred trigger "ADD-7" fired for certificate id: check it, with
 * every base pending, unless a batch already did.  Inside SPI.
 */
void
isms_addon_check_batch(int64 id, Relation rel)
{
	int64	   *ids;
	int			n = 0,
				i,
				ncert;
	bool		pending = false;
	IsmsCert   *certs;
	DateADT		today = GetSQLCurrentDate();

	for (i = 0; i < addon_npending && !pending; i++)
		pending = addon_pending[i] == id;
	if (!pending && addon_ndone > 0 &&
		bsearch(&id, addon_done, addon_ndone, sizeof(int64), isms_cmp_int64) != NULL)
		return;
	ids = palloc(sizeof(int64) * (addon_npending + 1));
	ids[n++] = id;
	if (pending)
	{
		memcpy(ids + n, addon_pending, sizeof(int64) * addon_npending);
		n += addon_npending;
		addon_npending = 0;
	}
	n = isms_sort_unique(ids, n);
	certs = isms_load(ids, n, ISMS_LOAD_LOCK, &ncert);
	for (i = 0; i < ncert; i++)
		if (!certs[i].replayed)
			isms_replay(&certs[i], today, ISMS_REPLAY_LENIENT, NULL);
	isms_check_addons(certs, ncert, rel);
	/* (only once they passed: after an error the events fire again) */
	for (i = 0; i < n; i++)
		append_id(&addon_done, &addon_ndone, &addon_capdone, ids[i]);
	addon_ndone = isms_sort_unique(addon_done, addon_ndone);
}

/*
 * Has an add-on of base (among certs) a grant, recertification,
 * restoration or scope extension decided after day?  A suspension of the
 * base decided on day would have been in force when it was taken (ADD-7),
 * so the sweep does not decide one.  (Decisions taken on day or before are
 * overtaken by it: the add-on follows its base.)
 */
bool
isms_addon_decided_after(IsmsCert *certs, int ncert, const IsmsCert *base,
						 DateADT day)
{
	int			i,
				j;

	for (i = 0; i < ncert; i++)
		if (certs[i].base == base)
			for (j = 0; j < certs[i].ndec; j++)
			{
				const IsmsDecision *d = &certs[i].dec[j];

				if (d->decided > day &&
					(d->kind == ISMS_DK_GRANT || d->kind == ISMS_DK_RECERTIFY ||
					 d->kind == ISMS_DK_RESTORE || d->kind == ISMS_DK_EXTEND_SCOPE))
					return true;
			}
	return false;
}

/* ADD-7: every add-on among certs is consistent with its base (replayed). */
void
isms_check_addons(IsmsCert *certs, int ncert, Relation rel)
{
	int			i;

	for (i = 0; i < ncert; i++)
		if (certs[i].base != NULL && !certs[i].context_only)
			(void) check_addon(&certs[i], false, false, rel);
}
