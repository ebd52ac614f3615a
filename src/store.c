/*-------------------------------------------------------------------------
 *
 * store.c
 *	  Writing the derived columns of isms.certificate (status, cycle,
 *	  expiry, original date, revision, scope and standard in force) from
 *	  replayed histories, in one UPDATE for every certificate that changed.
 *	  The guard trigger lets only this write (isms_internal_write) through.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"

/* Set while isms itself writes the derived columns of isms.certificate. */
bool		isms_internal_write = false;

static const char *
scope_text(const IsmsScopeSet *s)
{
	return s ? s->text : NULL;
}

static bool
text_differs(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
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
 * UPDATE, and the change events of those whose status, expiry or scope
 * changed (feed.c), with one INSERT; and the derived dates of every
 * certificate replayed (derived.c).
 */
void
isms_store(IsmsCert *certs, int ncert, DateADT as_of, IsmsFeedCause cause)
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

	isms_store_dates(certs, ncert, as_of);
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
		ssetn[n] = !text_differs(scope_text(c->stored_scope_set), scope_text(s->scope_set));
		sset[n] = ssetn[n] ? (Datum) 0 :
			CStringGetTextDatum(s->scope_set ? s->scope_set->text : "");
		n++;
	}
	if (n == 0)
		return;
	/* the change events, while the stored_* fields hold the old values */
	isms_feed_record(certs, ncert, as_of, cause);

	{
		int			dims[1] = {n};
		int			lbs[1] = {1};

		args[0] = PointerGetDatum(construct_md_array(id, NULL, 1, dims, lbs, INT8OID,
													 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
		args[1] = isms_text_array(st, NULL, n);
		args[2] = isms_date_array(ex, exn, n);
		args[3] = isms_date_array(cs, csn, n);
		args[4] = isms_date_array(orig, orign, n);
		args[5] = isms_int4_array(rev, n);
		args[6] = isms_text_array(scope, scopen, n);
		args[7] = isms_text_array(std, stdn, n);
		args[8] = isms_text_array(sset, ssetn, n);
	}

	/* restored on error by the transaction callbacks of isms.c */
	{
		bool		save = isms_internal_write;

		isms_internal_write = true;
		ret = isms_exec_plan(&q_store, args, NULL, n, false, false, 0);
		isms_internal_write = save;
	}
	if (ret != SPI_OK_UPDATE)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
}

