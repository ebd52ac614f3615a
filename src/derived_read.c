/*-------------------------------------------------------------------------
 *
 * derived_read.c
 *	  Reading the derived dates that derived.c stores: the certificates
 *	  the daily sweep looks at (those whose next change has come), and the
 *	  status on a day and the periods of validity of one certificate by one
 *	  index probe, for isms.status_at and isms.valid_periods (readers.c)
 *	  where the caller may read the table directly and it can be trusted.
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "access/genam.h"
#include "access/relscan.h"
#include "access/stratnum.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/pg_type.h"
#include "executor/tuptable.h"
#include "utils/acl.h"
#include "utils/array.h"
#include "utils/fmgroids.h"
#include "utils/lsyscache.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"

#define DATES_PKEY "certificate_dates_pkey"

/*
 * The certificates whose stored columns the sweep of as_of may change:
 * those whose next change has come by as_of, and those whose row was
 * computed after as_of (a register whose today moved back).  Returns
 * false while the table does not exist (the sweep then looks at every
 * certificate); otherwise *ids receives the sorted, unique ids of the
 * groups' roots (an add-on's base, or the certificate itself).  Read as
 * the tables' owner; the caller reads the certificates themselves with
 * its own privileges.  Inside SPI.
 */
bool
isms_sweep_candidates(DateADT as_of, int64 **ids, int *n)
{
	static SPIPlanPtr plan = NULL;
	MemoryContext caller = CurrentMemoryContext;
	Datum		args[1];
	uint64		r;

	if (!OidIsValid(isms_dates_relid()))
		return false;
	if (plan == NULL)
	{
		Oid			types[1] = {DATEOID};

		/* a custom plan: the day's statistics pick the indexes */
		plan = isms_prepare_kept(
			"SELECT DISTINCT coalesce(c.base_certificate_id, c.id)"
			" FROM isms.certificate_dates d"
			" JOIN isms.certificate c ON c.id OPERATOR(pg_catalog.=) d.certificate_id"
			" WHERE d.next_change OPERATOR(pg_catalog.<=) $1"
			"  OR d.derived_on OPERATOR(pg_catalog.>) $1",
			1, types, CURSOR_OPT_CUSTOM_PLAN);
	}
	args[0] = DateADTGetDatum(as_of);
	isms_execute_as_owner(plan, args, NULL, true, 0);
	MemoryContextSwitchTo(caller);
	*ids = palloc(sizeof(int64) * Max(SPI_processed, 1));
	for (r = 0; r < SPI_processed; r++)
	{
		bool		isnull;

		(*ids)[r] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r],
												SPI_tuptable->tupdesc, 1, &isnull));
	}
	*n = isms_sort_unique(*ids, (int) SPI_processed);
	SPI_freetuptable(SPI_tuptable);
	return true;
}

/*
 * The transaction that changed the standards or edition transitions: the
 * timelines it changes are stored again only at its commit (the deferred
 * refresh, trg_reference.c), so until then its own readers replay.
 */
static TransactionId stale_xid = InvalidTransactionId;

void
isms_dates_distrust(void)
{
	stale_xid = GetTopTransactionId();
}

/* May the current user read rel directly, with no policy to apply? */
static bool
reads_unfiltered(Oid relid)
{
	return pg_class_aclcheck(relid, GetUserId(), ACL_SELECT) == ACLCHECK_OK &&
		check_enable_rls(relid, InvalidOid, true) != RLS_ENABLED;
}

/*
 * What a call site of status_at looked up once (in its fn_extra): the
 * table, its primary key and columns, and whether the user it was
 * checked for reads them without row-level security.
 */
typedef struct DatesReader
{
	Oid			userid;			/* checked for this user */
	bool		usable;
	Oid			relid;
	Oid			idxid;
	AttrNumber	from_att;
	AttrNumber	status_att;
	AttrNumber	periods_att;
} DatesReader;

static bool
reader_usable(FmgrInfo *flinfo, DatesReader **out)
{
	DatesReader *r = (DatesReader *) flinfo->fn_extra;
	Oid			nsp,
				certid;

	if (r != NULL && r->userid == GetUserId())
	{
		*out = r;
		return r->usable;
	}
	if (r == NULL)
		r = flinfo->fn_extra = MemoryContextAllocZero(flinfo->fn_mcxt, sizeof(DatesReader));
	*out = r;
	r->userid = GetUserId();
	r->usable = false;
	r->relid = isms_dates_relid();
	if (!OidIsValid(r->relid))
		return false;
	nsp = get_rel_namespace(r->relid);
	certid = get_relname_relid("certificate", nsp);
	r->idxid = get_relname_relid(DATES_PKEY, nsp);
	r->from_att = get_attnum(r->relid, "timeline_from");
	r->status_att = get_attnum(r->relid, "timeline_status");
	r->periods_att = get_attnum(r->relid, "valid_periods");
	r->usable = OidIsValid(certid) && OidIsValid(r->idxid) &&
		r->from_att != InvalidAttrNumber && r->status_att != InvalidAttrNumber &&
		r->periods_att != InvalidAttrNumber &&
		reads_unfiltered(r->relid) && reads_unfiltered(certid);
	return r->usable;
}

/* An open probe of the table's primary key for one certificate. */
typedef struct DatesProbe
{
	Relation	rel;
	Relation	idx;
	IndexScanDesc scan;
	TupleTableSlot *slot;
} DatesProbe;

/*
 * Open the probe and fetch certificate id's row into its slot; false if
 * the reader may not be used (see isms_dates_status_on) or no row is
 * stored.  probe_close in every case where probe_open returned true or
 * the row was missing (*opened).
 */
static bool
probe_open(FmgrInfo *flinfo, int64 id, DatesProbe *pr, DatesReader **rp, bool *opened)
{
	DatesReader *r;
	ScanKeyData key;

	*opened = false;
	if ((TransactionIdIsValid(stale_xid) &&
		 TransactionIdEquals(stale_xid, GetTopTransactionIdIfAny())) ||
		!reader_usable(flinfo, &r))
		return false;
	*rp = r;
	pr->rel = table_open(r->relid, AccessShareLock);
	pr->idx = index_open(r->idxid, AccessShareLock);
	ScanKeyInit(&key, 1, BTEqualStrategyNumber, F_INT8EQ, Int64GetDatum(id));
	pr->slot = table_slot_create(pr->rel, NULL);
	pr->scan = ISMS_INDEX_BEGINSCAN(pr->rel, pr->idx, GetActiveSnapshot(), 1, 0);
	index_rescan(pr->scan, &key, 1, NULL, 0);
	*opened = true;
	return index_getnext_slot(pr->scan, ForwardScanDirection, pr->slot);
}

static void
probe_close(DatesProbe *pr)
{
	index_endscan(pr->scan);
	ExecDropSingleTupleTableSlot(pr->slot);
	index_close(pr->idx, AccessShareLock);
	table_close(pr->rel, AccessShareLock);
}

/*
 * The status of certificate id on day from its stored timeline, by one
 * probe of the table's primary key (no SPI, no replay); what the call
 * site flinfo looks up is kept in its fn_extra for the query.  Returns
 * false (the caller then replays the history) when the table does not
 * exist, when the current user reads isms.certificate or the table only
 * through row-level security or not at all (the replay applies the same
 * privileges and policies as before), when no row is stored for the
 * certificate, or in a transaction that changed the reference data.
 */
bool
isms_dates_status_on(FmgrInfo *flinfo, int64 id, DateADT day, int *status)
{
	DatesReader *r;
	DatesProbe	pr;
	bool		opened,
				found = false;

	if (probe_open(flinfo, id, &pr, &r, &opened))
	{
		bool		n1,
					n2;
		Datum		f = slot_getattr(pr.slot, r->from_att, &n1);
		Datum		s = slot_getattr(pr.slot, r->status_att, &n2);

		if (!n1 && !n2)
		{
			ArrayType  *fa = DatumGetArrayTypeP(f);
			ArrayType  *sa = DatumGetArrayTypeP(s);
			int			nf = ArrayGetNItems(ARR_NDIM(fa), ARR_DIMS(fa));
			int			ns = ArrayGetNItems(ARR_NDIM(sa), ARR_DIMS(sa));

			if (nf == ns && !ARR_HASNULL(fa) && !ARR_HASNULL(sa) &&
				ARR_ELEMTYPE(fa) == DATEOID)
			{
				const DateADT *from = (const DateADT *)
				((const char *) fa + ARR_OVERHEAD_NONULLS(ARR_NDIM(fa)));
				const uint8 *st = (const uint8 *)
				((const char *) sa + ARR_OVERHEAD_NONULLS(ARR_NDIM(sa)));
				int			i,
							result = ISMS_ST_DRAFT;

				/*
				 * Before the first change the certificate was a draft, or,
				 * if an opening entered it, unknown (rules_opening.c): the
				 * replay tells them apart.
				 */
				if (nf == 0 || day >= from[0])
				{
					for (i = 0; i < nf && from[i] <= day; i++)
						result = st[i];
					*status = result;
					found = true;
				}
			}
		}
	}
	if (opened)
		probe_close(&pr);
	return found;
}

/*
 * The stored periods of validity of certificate id (a copy, in the
 * caller's memory context), on the same terms as isms_dates_status_on.
 */
bool
isms_dates_valid_periods(FmgrInfo *flinfo, int64 id, Datum *periods)
{
	DatesReader *r;
	DatesProbe	pr;
	bool		opened,
				found = false;

	if (probe_open(flinfo, id, &pr, &r, &opened))
	{
		bool		isnull;
		Datum		v = slot_getattr(pr.slot, r->periods_att, &isnull);

		if (!isnull)
		{
			*periods = PointerGetDatum(PG_DETOAST_DATUM_COPY(v));
			found = true;
		}
	}
	if (opened)
		probe_close(&pr);
	return found;
}
