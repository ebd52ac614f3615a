/*-------------------------------------------------------------------------
 *
 * load.c
 *	  Loading the histories of a set of certificates into IsmsCert values
 *	  in a few set-based queries (certificates with their parameters,
 *	  decisions, audits), with scopes parsed once and corrected decisions
 *	  dropped; a writer's locked first in the one order every writer uses
 *	  (lock.c).
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "catalog/pg_type.h"
#include "catalog/namespace.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

/*
 * The certificates with their parameters.  EVD are the last columns of
 * version 1.1: whether the register holds no audits of the body
 * (isms_audit_family), read from the bodies' and settings' evidence_level,
 * and the most months an extension adds (rules_extension.c); false and the
 * default 6 while the extension's SQL predates those columns (between
 * installing this module and ALTER EXTENSION UPDATE).
 */
#define EVD_COLUMN \
" coalesce(cb.evidence_level, ss.evidence_level)" \
"  OPERATOR(pg_catalog.=) 'reported'::isms.evidence_level," \
" coalesce(ss.extension_months, s.extension_months)"
#define EVD_NONE " false, 6"

#define CERTS_SELECT(EVD) \
"SELECT c.id, c.certificate_number, c.status," \
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
"  c.initial_scope IS NULL AND c.scope IS NULL), c.base_certificate_id," \
EVD \
" FROM isms.certificate c" \
" JOIN isms.certification_body cb ON cb.id OPERATOR(pg_catalog.=) c.cb_id" \
" JOIN isms.standard st ON st.ref OPERATOR(pg_catalog.=) c.standard" \
" JOIN isms.scheme s ON s.code OPERATOR(pg_catalog.=) st.scheme" \
" LEFT JOIN isms.scheme_setting ss ON ss.scheme OPERATOR(pg_catalog.=) s.code"

#define CERTS_SQL(EVD) CERTS_SELECT(EVD) \
" WHERE c.id OPERATOR(pg_catalog.=) ANY ($1) ORDER BY c.id"

/* [0]: without the evidence level, [1]: with it; single: the plans for one
 * certificate join by nested loops (spi_util.h) */
static IsmsPlan q_certs[2] = {
	{CERTS_SQL(EVD_NONE), 1, {INT8ARRAYOID}, .single = true},
	{CERTS_SQL(EVD_COLUMN), 1, {INT8ARRAYOID}, .single = true}
};
/*
 * (single: the plans for one certificate join by nested loops, spi_util.h)
 * [opening + 2 * transfer]: whether the extension's SQL has the columns of
 * an opening (rules_opening.c) and those of a transfer (rules_transfer.c):
 * not before ALTER EXTENSION UPDATE, as for the evidence level.
 */
static IsmsPlan q_decisions[4] = {
	{NULL, 1, {INT8ARRAYOID}, .single = true},
	{NULL, 1, {INT8ARRAYOID}, .single = true},
	{NULL, 1, {INT8ARRAYOID}, .single = true},
	{NULL, 1, {INT8ARRAYOID}, .single = true}
};
/* a reader's load as known at a past moment ($2; readers.c) */
#define CERTS_CUT_SQL(EVD) CERTS_SELECT(EVD) \
" WHERE c.id OPERATOR(pg_catalog.=) ANY ($1)" \
" AND EXISTS (SELECT FROM isms.decision d" \
"  WHERE d.certificate_id OPERATOR(pg_catalog.=) c.id" \
"  AND d.recorded_at OPERATOR(pg_catalog.<=) $2) ORDER BY c.id"
static IsmsPlan q_certs_cut[2] = {
	{CERTS_CUT_SQL(EVD_NONE), 2, {INT8ARRAYOID, TIMESTAMPTZOID}},
	{CERTS_CUT_SQL(EVD_COLUMN), 2, {INT8ARRAYOID, TIMESTAMPTZOID}}
};
static IsmsPlan q_decisions_cut[4] = {
	{NULL, 2, {INT8ARRAYOID, TIMESTAMPTZOID}},
	{NULL, 2, {INT8ARRAYOID, TIMESTAMPTZOID}},
	{NULL, 2, {INT8ARRAYOID, TIMESTAMPTZOID}},
	{NULL, 2, {INT8ARRAYOID, TIMESTAMPTZOID}}
};
static bool cut_next = false;
static TimestampTz cut_at;
static IsmsPlan q_audits = {NULL, 1, {INT8ARRAYOID}, .single = true};
/* The opening's columns of a decision, or NULLs before they exist. */
static const char *const opening_cols[2] = {
	", NULL::pg_catalog.date, NULL::pg_catalog.date, NULL::isms.cert_status, NULL::pg_catalog.date",
	", d.original_date, d.cycle_start, d.opening_status, d.suspended_since"
};
/* The transfer's columns of a decision, or NULLs before they exist. */
static const char *const transfer_cols[2] = {
	", NULL::pg_catalog.date, NULL::pg_catalog.date, NULL::pg_catalog.date",
	", d.transfer_cycle_start, d.transfer_expiry, d.transfer_original_date"
};

static void
init_queries(void)
{
	char	   *dk,
			   *ak;
	int			i;

	if (q_decisions[0].sql != NULL)
		return;
	dk = isms_kind_case("d.kind", "isms.decision_kind", isms_decision_name,
						ISMS_DK_LAST, ISMS_DK_RELEASED);
	ak = isms_kind_case("a.kind", "isms.audit_kind", isms_audit_name,
						ISMS_AK_LAST, ISMS_AK_LAST);
	q_audits.sql = MemoryContextStrdup(TopMemoryContext, psprintf(
		"SELECT a.certificate_id, %s, a.start_date, a.end_date,"
		" a.combined_with IS NOT NULL"
		" FROM isms.audit a"
		" WHERE a.certificate_id OPERATOR(pg_catalog.=) ANY ($1)"
		" ORDER BY a.certificate_id, a.end_date, a.start_date", ak));
	for (i = 0; i < 4; i++)
	{
		q_decisions[i].sql = MemoryContextStrdup(TopMemoryContext, psprintf(
			"SELECT d.certificate_id, d.id, %s, d.decision_date, d.effective_date,"
			" d.new_expiry, d.new_scope_statement, d.new_standard, d.corrects,"
			" d.new_scope::pg_catalog.text%s%s"
			" FROM isms.decision d"
			" WHERE d.certificate_id OPERATOR(pg_catalog.=) ANY ($1)"
			" ORDER BY d.certificate_id, d.effective_date, d.id", dk,
			opening_cols[i % 2], transfer_cols[i / 2]));
		q_decisions_cut[i].sql = MemoryContextStrdup(TopMemoryContext, psprintf(
			"SELECT d.certificate_id, d.id, %s, d.decision_date, d.effective_date,"
			" d.new_expiry, d.new_scope_statement, d.new_standard, d.corrects,"
			" d.new_scope::pg_catalog.text%s%s"
			" FROM isms.decision d"
			" WHERE d.certificate_id OPERATOR(pg_catalog.=) ANY ($1)"
			" AND d.recorded_at OPERATOR(pg_catalog.<=) $2"
			" ORDER BY d.certificate_id, d.effective_date, d.id", dk,
			opening_cols[i % 2], transfer_cols[i / 2]));
	}
}

/*
 * As known at (readers.c): the next isms_load, a reader's, loads the
 * register as it stood at cut: only the decisions recorded by then (a
 * correction or annulment recorded later is left out, and the decision it
 * replaces counts), and
 * only the certificates with such a decision (the others were at most
 * applications then).  Audits are loaded whole: they carry no recording
 * time, and a lenient replay takes no status from them.
 */
void
isms_load_cut_next(TimestampTz cut)
{
	cut_next = true;
	cut_at = cut;
}

static inline Datum
col(HeapTuple t, TupleDesc td, int c, bool *isnull)
{
	return SPI_getbinval(t, td, c, isnull);
}

/* A scope as stored (isms.scope output), parsed once; NULL stays NULL. */
static const IsmsScopeSet *
parse_scope(char *text)
{
	IsmsScopeSet  *s;
	size_t		len;
	char	   *buf;
	char		err[SCOPE_ERRLEN];

	if (text == NULL)
		return NULL;
	len = strlen(text);
	buf = palloc(len + 1);
	s = palloc(sizeof(IsmsScopeSet));
	s->text = text;
	s->elems = palloc(sizeof(ScopeElem) * SCOPE_MAX_ELEMS);
	s->n = scope_parse(text, len, buf, len + 1, s->elems, err, sizeof(err));
	if (s->n < 0)
		elog(ERROR, "stored scope does not parse: %s", err);	/* cannot happen */
	return s;
}

/*
 * Drop the decisions that another decision of the same certificate
 * corrects: they no longer count for anything (see rules_tables.c).
 */
static void
drop_corrected(IsmsCert *c)
{
	int			i,
				j,
				k = 0;

	for (i = 0; i < c->ndec; i++)
	{
		c->dec[i].has_corrects_effective = false;
		if (c->dec[i].corrects != 0)
			for (j = 0; j < c->ndec; j++)
				if (c->dec[j].id == c->dec[i].corrects)
				{
					c->dec[j].corrected = true;
					/* the history changes from here on (replay.c) */
					c->dec[i].has_corrects_effective = true;
					c->dec[i].corrects_effective = c->dec[j].effective;
				}
	}
	for (i = 0; i < c->ndec; i++)
		if (!c->dec[i].corrected)
			c->dec[k++] = c->dec[i];
	c->ndec = k;
}

/* Whether isms.certification_body has evidence_level (not before the update). */
static int
evidence_known(void)
{
	return isms_column_exists("certification_body", "evidence_level");
}

/*
 * Whether isms.decision has the columns of a transfer: not before ALTER
 * EXTENSION UPDATE brings the extension's SQL to this module's version.
 */
int
isms_transfer_known(void)
{
	return isms_column_exists("decision", "transfer_expiry");
}

/* The plan that reads the certificates, as known at cut_at or now. */
static IsmsPlan *
certs_plan(bool cut)
{
	int			evd = evidence_known();

	return cut ? &q_certs_cut[evd] : &q_certs[evd];
}

/* Fill c from a row of CERTS_SELECT. */
static void
fill_cert(IsmsCert *c, HeapTuple t, TupleDesc td, const IsmsRefData *refdata)
{
	bool		isnull;

	memset(c, 0, sizeof(IsmsCert));
	c->ref = refdata;
	c->id = DatumGetInt64(col(t, td, 1, &isnull));
	c->number = SPI_getvalue(t, td, 2);
	c->stored_status = DatumGetIsmsStatus(col(t, td, 3, &isnull));
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
	c->stored_scope_set = parse_scope(SPI_getvalue(t, td, 23));
	/* (NULLs above stand for "the same as in force", which is common) */
	c->initial_scope_set = DatumGetBool(col(t, td, 25, &isnull)) ?
		c->stored_scope_set : parse_scope(SPI_getvalue(t, td, 24));
	c->base_id = DatumGetInt64(col(t, td, 26, &isnull));
	if (isnull)
		c->base_id = 0;
	c->p.reported = DatumGetBool(col(t, td, 27, &isnull)) && !isnull;
	c->p.extension_months = DatumGetInt32(col(t, td, 28, &isnull));
}

/*
 * Append the rows of the last query to certs (skipping ids already there).
 * A row whose id is not among wanted (sorted) is loaded only because an
 * add-on needs it (context_only); wanted NULL: none is.
 */
static void
add_certs(IsmsCert **certs, int *n, int *cap, const IsmsRefData *refdata,
		  int64 *wanted, int nwanted, MemoryContext caller)
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

		CHECK_FOR_INTERRUPTS();

		/* the earlier rows came sorted by id */
		if (isms_find_cert(*certs, first, id) != NULL)
			continue;
		if (*n >= *cap)
		{
			*cap = Max(*cap * 2, *n + (int) SPI_processed);
			*certs = repalloc(*certs, sizeof(IsmsCert) * *cap);
		}
		fill_cert(&(*certs)[*n], t, td, refdata);
		(*certs)[*n].context_only = wanted != NULL &&
			bsearch(&id, wanted, nwanted, sizeof(int64), isms_cmp_int64) == NULL;
		(*n)++;
	}
	SPI_freetuptable(SPI_tuptable);
}

/* Fill one history row (decision or audit) from a row of its query. */
typedef void (*RowFiller) (HeapTuple t, TupleDesc td, void *item);

/*
 * The rows of the last query, sorted by certificate id (its first column),
 * each filled by fill into an array of items of itemsize bytes, and grouped
 * under the certificates (certs, sorted by id): the IsmsCert fields at
 * first_off (a pointer to the first item) and count_off (an int) receive
 * each certificate's items.
 */
static void
group_rows(IsmsCert *certs, int n, size_t itemsize, RowFiller fill,
		   size_t first_off, size_t count_off, MemoryContext caller)
{
	TupleDesc	td = SPI_tuptable->tupdesc;
	char	   *all;
	uint64		i;
	int			ci = 0;

	MemoryContextSwitchTo(caller);
	all = palloc0(itemsize * Max(SPI_processed, 1));
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		char	   *item = all + i * itemsize;
		bool		isnull;
		int64		cid = DatumGetInt64(col(t, td, 1, &isnull));

		CHECK_FOR_INTERRUPTS();
		fill(t, td, item);
		while (ci < n && certs[ci].id < cid)
			ci++;
		if (ci < n && certs[ci].id == cid)
		{
			char	   *c = (char *) &certs[ci];
			void	  **first = (void **) (c + first_off);

			if (*first == NULL)
				*first = item;
			(*(int *) (c + count_off))++;
		}
	}
	SPI_freetuptable(SPI_tuptable);
}

/* A row of q_decisions. */
static void
fill_decision(HeapTuple t, TupleDesc td, void *item)
{
	IsmsDecision *d = item;
	bool		isnull;

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
	d->new_scope_set = isnull ? NULL : parse_scope(SPI_getvalue(t, td, 10));
	/* an opening's facts (rules_opening.c) */
	d->original_date = DatumGetDateADT(col(t, td, 11, &isnull));
	d->has_original_date = !isnull;
	d->cycle_start = DatumGetDateADT(col(t, td, 12, &isnull));
	d->has_cycle_start = !isnull;
	d->opening_status = DatumGetIsmsStatus(col(t, td, 13, &isnull));
	if (isnull)
		d->opening_status = 0;
	d->suspended_since = DatumGetDateADT(col(t, td, 14, &isnull));
	d->has_suspended_since = !isnull;
	/* a transfer: the cycle it takes over (rules_transfer.c) */
	d->transfer_cycle_start = DatumGetDateADT(col(t, td, 15, &isnull));
	d->has_transfer = !isnull;
	d->transfer_expiry = DatumGetDateADT(col(t, td, 16, &isnull));
	d->has_transfer &= !isnull;
	d->transfer_original = DatumGetDateADT(col(t, td, 17, &isnull));
	d->has_transfer &= !isnull;
}

/* A row of q_audits. */
static void
fill_audit(HeapTuple t, TupleDesc td, void *item)
{
	IsmsAudit  *a = item;
	bool		isnull;

	a->kind = DatumGetInt32(col(t, td, 2, &isnull));
	a->start = DatumGetDateADT(col(t, td, 3, &isnull));
	a->end = DatumGetDateADT(col(t, td, 4, &isnull));
	a->combined = DatumGetBool(col(t, td, 5, &isnull));
}

static int
cmp_cert(const void *a, const void *b)
{
	return isms_cmp_int64(&((const IsmsCert *) a)->id, &((const IsmsCert *) b)->id);
}

/*
 * Load certificates (and their parameters, decisions and audits) for the
 * given ids, which must be sorted and unique, in a few queries.  The result
 * is sorted by id; ids that name no certificate are skipped.  The base of
 * every add-on loaded comes with it (context_only unless asked for), so
 * that the add-on's status can follow its base (rules_addon.c).  Must be called
 * inside SPI.
 *
 * Writers (ISMS_LOAD_LOCK) lock the certificate rows FOR NO KEY UPDATE,
 * bases before add-ons and each level in id order: every writer of a
 * history takes these locks, always in the same order, before it reads
 * the history.  A writer also loads (and locks) the add-ons of the bases it
 * writes, since their stored status follows the base (rules_addon.c); they
 * are looked up after the bases are locked, so that an add-on granted by a
 * transaction that held the base meanwhile is not missed.  The locks are
 * taken by join-free statements, and what is checked is read after them
 * in fresh statements: under READ COMMITTED these see what the
 * transactions waited for committed (a standard, scope, body or base
 * changed meanwhile); under REPEATABLE READ a lock on a row changed since
 * the transaction's snapshot fails with a serialization error (40001).
 * An add-on relinked to another base while it was waited for gets its new
 * base locked and loaded last.
 */
IsmsCert *
isms_load(int64 *ids, int nids, IsmsLoadMode mode, int *ncert)
{
	bool		lock = (mode == ISMS_LOAD_LOCK);
	bool		read_only = (mode == ISMS_LOAD_READ);
	MemoryContext caller = CurrentMemoryContext;	/* SPI calls leave their own */
	Datum		args[2];
	IsmsCert   *certs;
	int			n = 0,
				cap = Max(nids, 4),
				ci,
				nload,
				nwanted = 0,
				nmissing = 0;
	const IsmsRefData *refdata;
	int64	   *load,
			   *wanted = NULL,
			   *missing,
			   *loaded;
	bool		cut = cut_next;

	cut_next = false;
	Assert(!(cut && lock));
	init_queries();
	refdata = isms_reference_data(read_only);
	MemoryContextSwitchTo(caller);
	certs = palloc0(sizeof(IsmsCert) * cap);
	load = ids;
	nload = nids;

	if (lock)
	{
		isms_lock_writers(ids, nids, &load, &nload, &wanted, &nwanted);
		MemoryContextSwitchTo(caller);
	}

	/* after the locks: a fresh statement */
	args[0] = isms_int8_array(load, nload);
	args[1] = TimestampTzGetDatum(cut_at);
	isms_exec_plan(certs_plan(cut), args, NULL, nload, read_only, lock, 0);
	add_certs(&certs, &n, &cap, refdata, wanted, nwanted, caller);

	/* the bases of the add-ons loaded that are not loaded yet */
	missing = palloc(sizeof(int64) * Max(n, 1));
	for (ci = 0; ci < n; ci++)
		if (certs[ci].base_id != 0 &&
			isms_find_cert(certs, n, certs[ci].base_id) == NULL)
			missing[nmissing++] = certs[ci].base_id;
	if (nmissing > 0)
	{
		nmissing = isms_sort_unique(missing, nmissing);
		args[0] = isms_int8_array(missing, nmissing);
		if (lock)
		{
			isms_lock_certificates(missing, nmissing);
			MemoryContextSwitchTo(caller);
		}
		isms_exec_plan(certs_plan(cut), args, NULL, nmissing, read_only, lock, 0);
		add_certs(&certs, &n, &cap, refdata, ids, nids, caller);
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
	args[0] = isms_int8_array(loaded, n);
	nids = n;

	/* decisions */
	args[1] = TimestampTzGetDatum(cut_at);
	{
		int			v = isms_column_exists("decision", "opening_status") + 2 * isms_transfer_known();

		isms_exec_plan(cut ? &q_decisions_cut[v] : &q_decisions[v], args, NULL,
					   nids, read_only, lock, 0);
	}
	group_rows(certs, n, sizeof(IsmsDecision), fill_decision,
			   offsetof(IsmsCert, dec), offsetof(IsmsCert, ndec), caller);
	for (ci = 0; ci < n; ci++)
		drop_corrected(&certs[ci]);

	/* audits (not needed for a base loaded only as an add-on's context) */
	{
		int			na = 0;

		for (ci = 0; ci < n; ci++)
			if (!certs[ci].context_only)
				loaded[na++] = certs[ci].id;
		if (na < n)
		{
			args[0] = isms_int8_array(loaded, na);
			nids = na;
		}
	}
	isms_exec_plan(&q_audits, args, NULL, nids, read_only, lock, 0);
	group_rows(certs, n, sizeof(IsmsAudit), fill_audit,
			   offsetof(IsmsCert, aud), offsetof(IsmsCert, naud), caller);
	return certs;
}
