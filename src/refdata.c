/*-------------------------------------------------------------------------
 *
 * refdata.c
 *	  The reference-data cache: the standards (with their IDT originals)
 *	  and the edition transitions, read once per backend into an
 *	  IsmsRefData that editions.c looks up, and dropped when the tables
 *	  change.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "catalog/namespace.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

static IsmsPlan q_standards = {
	"SELECT s.ref::pg_catalog.text, coalesce(s.idt_of, s.ref)::pg_catalog.text,"
	" s.needs_base, s.scheme FROM isms.standard s",
	0, {InvalidOid}
};
static IsmsPlan q_transitions = {
	"SELECT coalesce(f.idt_of, f.ref)::pg_catalog.text,"
	" coalesce(n.idt_of, n.ref)::pg_catalog.text,"
	" t.last_old_audit_start, t.old_valid_until, t.published"
	" FROM isms.edition_transition t"
	" JOIN isms.standard f ON f.ref OPERATOR(pg_catalog.=) t.from_standard"
	" JOIN isms.standard n ON n.ref OPERATOR(pg_catalog.=) t.to_standard",
	0, {InvalidOid}
};

static int
cmp_std(const void *a, const void *b)
{
	return strcmp(((const IsmsStandard *) a)->ref, ((const IsmsStandard *) b)->ref);
}

/*
 * Read the standards and edition transitions into memory context cxt.
 * (SPI leaves CurrentMemoryContext at its procedure context after each
 * call, hence the switches.)
 */
static IsmsRefData *
load_reference_data(bool read_only, MemoryContext cxt)
{
	IsmsRefData *r = MemoryContextAllocZero(cxt, sizeof(IsmsRefData));
	MemoryContext spicxt;
	uint64		i;
	int			k,
				j;
	TupleDesc	td;

	isms_exec_plan(&q_transitions, NULL, NULL, 0, read_only, false, 0);
	spicxt = MemoryContextSwitchTo(cxt);
	r->ntrans = (int) SPI_processed;
	r->trans = palloc0(sizeof(IsmsTransition) * Max(r->ntrans, 1));
	td = SPI_tuptable->tupdesc;
	for (i = 0; i < SPI_processed; i++)
	{
		HeapTuple	t = SPI_tuptable->vals[i];
		IsmsTransition *x = &r->trans[i];
		bool		isnull;

		x->from = isms_edition_of(SPI_getvalue(t, td, 1));
		x->to = isms_edition_of(SPI_getvalue(t, td, 2));
		x->last_old_audit_start = DatumGetDateADT(SPI_getbinval(t, td, 3, &isnull));
		x->has_audit_limit = !isnull;
		x->old_valid_until = DatumGetDateADT(SPI_getbinval(t, td, 4, &isnull));
		x->has_valid_limit = !isnull;
		x->published = DatumGetDateADT(SPI_getbinval(t, td, 5, &isnull));
	}
	SPI_freetuptable(SPI_tuptable);
	MemoryContextSwitchTo(spicxt);

	isms_exec_plan(&q_standards, NULL, NULL, 0, read_only, false, 0);
	MemoryContextSwitchTo(cxt);
	r->nstd = (int) SPI_processed;
	r->std = palloc0(sizeof(IsmsStandard) * Max(r->nstd, 1));
	td = SPI_tuptable->tupdesc;
	for (k = 0; k < r->nstd; k++)
	{
		HeapTuple	t = SPI_tuptable->vals[k];
		IsmsStandard *s = &r->std[k];
		bool		isnull;

		s->ref = SPI_getvalue(t, td, 1);
		s->edition = isms_edition_of(SPI_getvalue(t, td, 2));
		s->needs_base = DatumGetBool(SPI_getbinval(t, td, 3, &isnull));
		s->scheme = SPI_getvalue(t, td, 4);
		for (j = 0; j < r->ntrans && s->leaving == NULL; j++)
			if (strcmp(r->trans[j].from, s->edition) == 0)
				s->leaving = &r->trans[j];
	}
	SPI_freetuptable(SPI_tuptable);
	qsort(r->std, r->nstd, sizeof(IsmsStandard), cmp_std);
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

/* The reference data, read now if the cache is stale.  Inside SPI. */
const IsmsRefData *
isms_reference_data(bool read_only)
{
	Oid			nsp;
	MemoryContext caller = CurrentMemoryContext;

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
	MemoryContextSwitchTo(caller);
	return refcache;
}
