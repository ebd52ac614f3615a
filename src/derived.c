/*-------------------------------------------------------------------------
 *
 * derived.c
 *	  The derived dates of each certificate (isms.certificate_dates): its
 *	  timeline, its periods of validity, the deadline of its first audit
 *	  obligation not met, and the next day on which the passing of time may
 *	  change it.  Computed from the replayed histories wherever store.c
 *	  writes the stored status (decisions, audits, the sweep, isms.refresh
 *	  and so a change of reference data), so that they are derived data
 *	  like the stored status.  Read (derived_read.c) by the sweep, which
 *	  looks only at the certificates whose next change has come (sweep.c),
 *	  and by isms.status_at (readers.c), which reads the timeline by one
 *	  index probe instead of replaying the history.
 *
 * While the extension's SQL predates the table (between installing this
 * module and ALTER EXTENSION UPDATE), nothing is written and every reader
 * takes its old path.
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "access/xact.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/lsyscache.h"
#include "utils/multirangetypes.h"
#include "utils/rangetypes.h"
#include "utils/typcache.h"

/* The table's oid, or InvalidOid while the extension's SQL predates it. */
Oid
isms_dates_relid(void)
{
	return isms_table_oid("certificate_dates");
}

/*
 * The first day after as_of (or as_of itself, see below) on which the
 * passing of time may change what is stored for c, replayed on as_of: a
 * change of its timeline (an expiry, the end of an old edition's
 * validity, a decision taking effect; for an add-on, its base's), any
 * decision taking effect (its scope, standard or dates), and, for an
 * active certificate whose audits the register holds, the day after the
 * deadline of each surveillance obligation not met, or as_of itself while
 * one is overdue (every sweep looks at it then): the sweep suspends for
 * it where the scheme asks (rules_programme.c), and the scheme's
 * parameters may change without a write of the certificate.  An earlier
 * day than needed only makes the sweep look at the certificate once more.
 */
static bool
next_change(const IsmsCert *c, DateADT as_of, DateADT *out)
{
	bool		has = false;
	DateADT		next = 0;
	int			i;

#define CANDIDATE(d) do { DateADT d_ = (d); \
		if (d_ > as_of && (!has || d_ < next)) { next = d_; has = true; } } while (0)

	for (i = 0; i < c->nseg; i++)
		if (c->seg[i].from > as_of)
		{
			CANDIDATE(c->seg[i].from);
			break;
		}
	for (i = 0; i < c->ndec; i++)
		if (c->dec[i].effective > as_of)
		{
			CANDIDATE(c->dec[i].effective);
			break;				/* ordered by effective date */
		}
	if (c->asof.status == ISMS_ST_ACTIVE && c->asof.has_cycle && isms_audit_family(c))
	{
		IsmsObligation ob[ISMS_MAX_OBLIGATIONS];
		DateADT		done[ISMS_MAX_OBLIGATIONS];
		const char *state[ISMS_MAX_OBLIGATIONS];
		int			n = isms_programme_of(c, &c->asof, ob);

		(void) isms_programme_states(c, &c->asof, ob, n, as_of, done, state);
		for (i = 0; i < n; i++)
		{
			if (ob[i].audit_kind != ISMS_AK_SURVEILLANCE)
				continue;
			if (strcmp(state[i], "overdue") == 0)
			{
				/* the sweep of as_of itself may suspend it */
				next = as_of;
				has = true;
				break;
			}
			else if (strcmp(state[i], "due") == 0 || strcmp(state[i], "upcoming") == 0)
			{
				if (IS_VALID_DATE(ob[i].due_by + 1))
					CANDIDATE(ob[i].due_by + 1);
			}
		}
	}
#undef CANDIDATE
	*out = next;
	return has;
}

/*
 * The deadline of the first obligation of the cycle in force not met on
 * as_of (overdue, due or upcoming), for an active or suspended
 * certificate whose audits the register holds.
 */
static bool
next_due(const IsmsCert *c, DateADT as_of, DateADT *out)
{
	IsmsObligation ob[ISMS_MAX_OBLIGATIONS];
	DateADT		done[ISMS_MAX_OBLIGATIONS];
	const char *state[ISMS_MAX_OBLIGATIONS];
	bool		has = false;
	int			n,
				i;

	if ((c->asof.status != ISMS_ST_ACTIVE && c->asof.status != ISMS_ST_SUSPENDED) ||
		!c->asof.has_cycle || !isms_audit_family(c))
		return false;
	n = isms_programme_of(c, &c->asof, ob);
	(void) isms_programme_states(c, &c->asof, ob, n, as_of, done, state);
	for (i = 0; i < n; i++)
		if ((strcmp(state[i], "overdue") == 0 || strcmp(state[i], "due") == 0 ||
			 strcmp(state[i], "upcoming") == 0) &&
			(!has || ob[i].due_by < *out))
		{
			*out = ob[i].due_by;
			has = true;
		}
	return has;
}

/*
 * Run the upsert of the derived rows as the tables' owner, reading with a
 * fresh snapshot under REPEATABLE READ (isms_execute_latest), as the
 * checks read what they lock: the rows written are those of certificates
 * the caller holds locked, whose latest row versions another writer may
 * have committed after the transaction's snapshot.
 */
static int
execute_latest_as_owner(SPIPlanPtr plan, Datum *args)
{
	Oid			owner = isms_tables_owner();
	Oid			save_userid;
	int			save_sec_context;
	volatile int ret = 0;

	GetUserIdAndSecContext(&save_userid, &save_sec_context);
	SetUserIdAndSecContext(owner, save_sec_context |
						   SECURITY_LOCAL_USERID_CHANGE | SECURITY_NOFORCE_RLS);
	PG_TRY();
	{
		ret = isms_execute_latest(plan, args, NULL, false, true, 0);
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(save_userid, save_sec_context);
	}
	PG_END_TRY();
	return ret;
}

/*
 * Under REPEATABLE READ, a writer also loads (by the latest snapshot) an
 * add-on its transaction's snapshot does not see yet, created meanwhile
 * by another transaction: its stored status is written with the
 * transaction's snapshot (store.c), which does not find it, so its
 * derived row is left out too and the two stay in step.  Such a
 * certificate is a draft until it has decisions and gets its row with a
 * write of its own: the rows of the certificates the snapshot does not
 * see are left out (compacting the arrays).  Returns how many are kept.
 */
static int
visible_only(IsmsCert **cs, int n)
{
	static SPIPlanPtr plan = NULL;
	Datum		args[1];
	int64	   *ids,
			   *seen;
	int			nseen,
				i,
				k = 0;
	uint64		r;

	if (plan == NULL)
	{
		Oid			types[1] = {INT8ARRAYOID};

		plan = isms_prepare_kept("SELECT c.id FROM isms.certificate c"
								 " WHERE c.id OPERATOR(pg_catalog.=) ANY ($1)",
								 1, types, CURSOR_OPT_GENERIC_PLAN);
	}
	ids = palloc(sizeof(int64) * n);
	for (i = 0; i < n; i++)
		ids[i] = cs[i]->id;
	args[0] = isms_int8_array(ids, n);
	isms_execute_as_owner(plan, args, NULL, false, 0);
	nseen = (int) SPI_processed;
	if (nseen == n)
	{
		SPI_freetuptable(SPI_tuptable);
		return n;
	}
	seen = palloc(sizeof(int64) * Max(nseen, 1));
	for (r = 0; r < SPI_processed; r++)
	{
		bool		isnull;

		seen[r] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r],
											  SPI_tuptable->tupdesc, 1, &isnull));
	}
	SPI_freetuptable(SPI_tuptable);
	nseen = isms_sort_unique(seen, nseen);
	for (i = 0; i < n; i++)
		if (nseen > 0 && bsearch(&cs[i]->id, seen, nseen, sizeof(int64), isms_cmp_int64) != NULL)
			cs[k++] = cs[i];
	return k;
}

/*
 * c's periods of validity as a datemultirange: a range from the start of
 * each active segment of its timeline to the start of the next (none:
 * unbounded); the multirange merges adjacent ones, as its input does.
 */
static Datum
valid_periods_datum(const IsmsCert *c, TypeCacheEntry *rangetyp)
{
	RangeType **ranges = palloc(sizeof(RangeType *) * Max(c->nseg, 1));
	int			i,
				n = 0;

	for (i = 0; i < c->nseg; i++)
	{
		RangeBound lower,
					upper;

		if (c->seg[i].status != ISMS_ST_ACTIVE)
			continue;
		lower.val = DateADTGetDatum(c->seg[i].from);
		lower.infinite = false;
		lower.inclusive = true;
		lower.lower = true;
		upper.val = i + 1 < c->nseg ? DateADTGetDatum(c->seg[i + 1].from) : (Datum) 0;
		upper.infinite = !(i + 1 < c->nseg);
		upper.inclusive = false;
		upper.lower = false;
		ranges[n++] = ISMS_MAKE_RANGE(rangetyp, &lower, &upper, false);
	}
	return MultirangeTypePGetDatum(make_multirange(DATEMULTIRANGEOID, rangetyp, n, ranges));
}

/* a certificate's id and its place in the caller's array */
typedef struct IdIndex
{
	int64		id;				/* first: isms_cmp_int64 compares it */
	int			index;
} IdIndex;

/* The timeline of c (its segments) equals the stored arrays from/status. */
static bool
timeline_equal(const IsmsCert *c, ArrayType *from, ArrayType *status)
{
	Datum	   *f,
			   *st;
	bool	   *fn,
			   *stn;
	int			nf,
				ns,
				j;

	/* as array equality: one dimension from 1 (or empty) */
	if (ARR_NDIM(from) > 1 || ARR_NDIM(status) > 1 ||
		(ARR_NDIM(from) == 1 && ARR_LBOUND(from)[0] != 1) ||
		(ARR_NDIM(status) == 1 && ARR_LBOUND(status)[0] != 1))
		return false;
	deconstruct_array(from, DATEOID, sizeof(DateADT), true, TYPALIGN_INT, &f, &fn, &nf);
	deconstruct_array(status, ARR_ELEMTYPE(status), 1, true, TYPALIGN_CHAR, &st, &stn, &ns);
	if (nf != c->nseg || ns != c->nseg)
		return false;
	for (j = 0; j < c->nseg; j++)
		if (fn[j] || stn[j] || DatumGetDateADT(f[j]) != c->seg[j].from ||
			DatumGetIsmsStatus(st[j]) != c->seg[j].status)
			return false;
	return true;
}

/*
 * Whether some rows of cs may already be stored as they would be written:
 * when none of them has a decision of the current statement (audits
 * written, the sweep, isms.refresh), or one has no decisions at all (a
 * draft add-on stored with its base), which needs no row.
 */
static bool
may_be_unchanged(IsmsCert **cs, int n)
{
	bool		new_decision = false;
	int			i,
				j;

	for (i = 0; i < n; i++)
	{
		if (cs[i]->ndec == 0)
			return true;
		for (j = 0; j < cs[i]->ndec; j++)
			if (cs[i]->dec[j].is_new)
				new_decision = true;
	}
	return !new_decision;
}

/* A stored date column equals (has, d). */
static bool
date_equal(HeapTuple t, TupleDesc td, int col, bool has, DateADT d)
{
	bool		isnull;
	Datum		v = SPI_getbinval(t, td, col, &isnull);

	return isnull ? !has : (has && DatumGetDateADT(v) == d);
}

/*
 * Leave out of cs the certificates whose stored row already holds what
 * would be written (derived on as_of, the same timeline, periods of
 * validity, next change and next due date), and those without decisions
 * and without a row.  Returns how many are left.
 * Read as the tables' owner by the latest snapshot, as the upsert writes;
 * the caller holds the certificates locked, so no other writer changes
 * these rows meanwhile.
 */
static int
drop_unchanged(IsmsCert **cs, int n, DateADT as_of, bool *ncn, Datum *nc,
			   bool *ndn, Datum *nd, TypeCacheEntry *rangetyp)
{
	static SPIPlanPtr plan = NULL;
	Datum		args[1];
	IdIndex    *ids;
	bool	   *same;
	int			i,
				k = 0;
	uint64		r;

	if (plan == NULL)
	{
		Oid			types[1] = {INT8ARRAYOID};

		plan = isms_prepare_kept(
			"SELECT d.certificate_id, d.derived_on, d.next_change, d.next_due,"
			" d.timeline_from, d.timeline_status, d.valid_periods"
			" FROM isms.certificate_dates d"
			" WHERE d.certificate_id OPERATOR(pg_catalog.=) ANY ($1)",
			1, types, CURSOR_OPT_GENERIC_PLAN);
	}
	ids = palloc(sizeof(IdIndex) * n);
	for (i = 0; i < n; i++)
	{
		ids[i].id = cs[i]->id;
		ids[i].index = i;
	}
	qsort(ids, n, sizeof(IdIndex), isms_cmp_int64);	/* by id, the first member */
	{
		int64	   *sorted = palloc(sizeof(int64) * n);

		for (i = 0; i < n; i++)
			sorted[i] = ids[i].id;
		args[0] = isms_int8_array(sorted, n);
	}
	if (execute_latest_as_owner(plan, args) != SPI_OK_SELECT)
		elog(ERROR, "unexpected result of the derived dates' lookup");
	/*
	 * A certificate without decisions has an empty timeline and no dates:
	 * it needs no row (its readers replay it), so that audits recorded
	 * before the first decision (a registry loaded table by table) write
	 * none.
	 */
	same = palloc(sizeof(bool) * n);
	for (i = 0; i < n; i++)
		same[i] = cs[i]->ndec == 0 && cs[i]->nseg == 0 && ncn[i] && ndn[i];
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	t = SPI_tuptable->vals[r];
		TupleDesc	td = SPI_tuptable->tupdesc;
		bool		isnull,
					fnull,
					snull;
		int64		id = isms_getint8(t, td, 1, &isnull);
		IdIndex    *hit = bsearch(&id, ids, n, sizeof(IdIndex), isms_cmp_int64);
		Datum		from,
					status;

		if (hit == NULL)
			continue;
		i = hit->index;
		from = SPI_getbinval(t, td, 5, &fnull);
		status = SPI_getbinval(t, td, 6, &snull);
		same[i] = date_equal(t, td, 2, true, as_of) &&
			date_equal(t, td, 3, !ncn[i], DatumGetDateADT(nc[i])) &&
			date_equal(t, td, 4, !ndn[i], DatumGetDateADT(nd[i])) &&
			!fnull && !snull &&
			timeline_equal(cs[i], DatumGetArrayTypeP(from), DatumGetArrayTypeP(status));
		/* the periods too, so that isms.refresh repairs any stored row */
		if (same[i])
		{
			Datum		vp = SPI_getbinval(t, td, 7, &isnull);
			struct varlena *stored,
					   *derived;

			if (isnull)
				same[i] = false;
			else
			{
				stored = PG_DETOAST_DATUM(vp);
				derived = (struct varlena *) DatumGetPointer(valid_periods_datum(cs[i], rangetyp));
				same[i] = VARSIZE(stored) == VARSIZE(derived) &&
					memcmp(stored, derived, VARSIZE(stored)) == 0;
			}
		}
	}
	SPI_freetuptable(SPI_tuptable);
	for (i = 0; i < n; i++)
		if (!same[i])
		{
			cs[k] = cs[i];
			ncn[k] = ncn[i];
			nc[k] = nc[i];
			ndn[k] = ndn[i];
			nd[k] = nd[i];
			k++;
		}
	return k;
}

/*
 * Write the derived dates of every certificate of certs replayed on as_of
 * (those loaded only as another's context aside) whose row differs, in
 * one statement, as the tables' owner.  Called by isms_store, so wherever
 * the stored columns are written.  The values go in as they are stored
 * (multiranges, dates, statuses); the timelines of all the
 * certificates as two flat arrays, each certificate's row a slice of them.
 */
void
isms_store_dates(IsmsCert *certs, int ncert, DateADT as_of)
{
	static SPIPlanPtr plan = NULL;
	static Oid	plan_status_array = InvalidOid;
	Oid			relid = isms_dates_relid(),
				status_array;
	IsmsCert  **cs;
	TypeCacheEntry *rangetyp;
	int16		mrlen;
	bool		mrbyval;
	char		mralign;
	Datum	   *id,
			   *vp,
			   *tf,
			   *ts,
			   *lo,
			   *hi,
			   *nc,
			   *nd;
	bool	   *ncn,
			   *ndn;
	Datum		args[9];
	int			n = 0,
				nseg = 0,
				i,
				j,
				ret;

	if (ncert == 0 || !OidIsValid(relid))
		return;
	cs = palloc(sizeof(IsmsCert *) * ncert);
	for (i = 0; i < ncert; i++)
		if (!certs[i].context_only && certs[i].replayed)
			cs[n++] = &certs[i];
	if (n > 0 && IsolationUsesXactSnapshot())
		n = visible_only(cs, n);
	if (n == 0)
		return;

	id = palloc(sizeof(Datum) * n * 7);
	vp = id + n;
	lo = vp + n;
	hi = lo + n;
	nc = hi + n;
	nd = nc + n;
	ncn = palloc(sizeof(bool) * n * 2);
	ndn = ncn + n;
	for (i = 0; i < n; i++)
	{
		DateADT		d = 0;

		ncn[i] = !next_change(cs[i], as_of, &d);
		nc[i] = DateADTGetDatum(d);
		ndn[i] = !next_due(cs[i], as_of, &d);
		nd[i] = DateADTGetDatum(d);
	}

	/*
	 * Rows that stay as they are are left out before the upsert, which would
	 * lock each of them to compare.
	 */
	rangetyp = lookup_type_cache(DATERANGEOID, TYPECACHE_RANGE_INFO);
	if (may_be_unchanged(cs, n) &&
		(n = drop_unchanged(cs, n, as_of, ncn, nc, ndn, nd, rangetyp)) == 0)
		return;

	/* isms.cert_status[]: the type's oid is the install's */
	status_array = get_atttype(relid, get_attnum(relid, "timeline_status"));
	get_typlenbyvalalign(DATEMULTIRANGEOID, &mrlen, &mrbyval, &mralign);
	for (i = 0; i < n; i++)
		nseg += cs[i]->nseg;
	tf = palloc(sizeof(Datum) * Max(nseg, 1) * 2);
	ts = tf + Max(nseg, 1);
	nseg = 0;
	for (i = 0; i < n; i++)
	{
		IsmsCert   *c = cs[i];

		id[i] = Int64GetDatum(c->id);
		vp[i] = valid_periods_datum(c, rangetyp);
		/* its timeline: elements lo..hi (1-based) of the flat arrays */
		lo[i] = Int32GetDatum(nseg + 1);
		for (j = 0; j < c->nseg; j++, nseg++)
		{
			tf[nseg] = DateADTGetDatum(c->seg[j].from);
			if (c->seg[j].status < ISMS_ST_FIRST || c->seg[j].status > ISMS_ST_LAST)
				elog(ERROR, "timeline of certificate %lld has status code %d",
					 (long long) c->id, (int) c->seg[j].status);
			ts[nseg] = IsmsStatusGetDatum(c->seg[j].status);
		}
		hi[i] = Int32GetDatum(nseg);
	}
	if (plan == NULL || plan_status_array != status_array)
	{
		Oid			types[9] = {INT8ARRAYOID, DATEOID, DATEMULTIRANGEARRAYOID, DATEARRAYOID,
		status_array, INT4ARRAYOID, INT4ARRAYOID, DATEARRAYOID, DATEARRAYOID};

		if (plan != NULL)
			SPI_freeplan(plan);
		plan = NULL;
		plan = isms_prepare_kept(
			"INSERT INTO isms.certificate_dates AS t (certificate_id, derived_on,"
			" valid_periods, timeline_from, timeline_status, next_change, next_due)"
			" SELECT u.id, $2, u.vp, $4[u.lo:u.hi], $5[u.lo:u.hi], u.nc, u.nd"
			" FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($3),"
			"  pg_catalog.unnest($6), pg_catalog.unnest($7), pg_catalog.unnest($8),"
			"  pg_catalog.unnest($9)) AS u(id, vp, lo, hi, nc, nd)"
			" ON CONFLICT (certificate_id) DO UPDATE SET derived_on = excluded.derived_on,"
			"  valid_periods = excluded.valid_periods, timeline_from = excluded.timeline_from,"
			"  timeline_status = excluded.timeline_status,"
			"  next_change = excluded.next_change, next_due = excluded.next_due"
			" WHERE NOT (t.derived_on OPERATOR(pg_catalog.=) excluded.derived_on"
			"  AND t.valid_periods OPERATOR(pg_catalog.=) excluded.valid_periods"
			"  AND t.timeline_from OPERATOR(pg_catalog.=) excluded.timeline_from"
			"  AND t.timeline_status OPERATOR(pg_catalog.=) excluded.timeline_status"
			"  AND coalesce(t.next_change OPERATOR(pg_catalog.=) excluded.next_change,"
			"   t.next_change IS NULL AND excluded.next_change IS NULL)"
			"  AND coalesce(t.next_due OPERATOR(pg_catalog.=) excluded.next_due,"
			"   t.next_due IS NULL AND excluded.next_due IS NULL))",
			9, types, CURSOR_OPT_GENERIC_PLAN);
		plan_status_array = status_array;
	}
	args[0] = isms_int8_array_datum(id, n);
	args[1] = DateADTGetDatum(as_of);
	args[2] = PointerGetDatum(construct_array(vp, n, DATEMULTIRANGEOID, mrlen, mrbyval, mralign));
	args[3] = isms_date_array(tf, NULL, nseg);
	args[4] = PointerGetDatum(construct_array(ts, nseg, get_element_type(status_array),
											  1, true, TYPALIGN_CHAR));
	args[5] = PointerGetDatum(construct_array(lo, n, INT4OID, sizeof(int32), true, TYPALIGN_INT));
	args[6] = PointerGetDatum(construct_array(hi, n, INT4OID, sizeof(int32), true, TYPALIGN_INT));
	args[7] = isms_date_array(nc, ncn, n);
	args[8] = isms_date_array(nd, ndn, n);
	/* as the tables' owner: no role writes derived rows but isms */
	ret = execute_latest_as_owner(plan, args);
	if (ret != SPI_OK_INSERT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
}
