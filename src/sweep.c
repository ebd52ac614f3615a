/*-------------------------------------------------------------------------
 *
 * sweep.c
 *	  The daily writer: applies what the passing of time changes to the
 *	  stored columns of the certificates whose next date-driven change has
 *	  come (derived.c; expiry by replay.c, the end of an old edition by
 *	  rules_edition.c, add-ons by rules_addon.c) and records
 *	  the suspensions for an overdue surveillance audit a scheme asks for
 *	  (rules_programme.c).  Only the sweep of the register's today
 *	  (clock.c) stores anything; a sweep of another day reports what it
 *	  would change.
 *
 *	isms_sweep		isms.sweep(as_of)
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/memutils.h"


#define SWEEP_BATCH 5000

typedef struct SweepSuspension
{
	int64		id;
	DateADT		day;
	char	   *reason;
} SweepSuspension;

static void
insert_suspensions(SweepSuspension *sus, int n)
{
	static SPIPlanPtr plan = NULL;
	Datum	   *ids = palloc(sizeof(Datum) * n);
	Datum	   *days = palloc(sizeof(Datum) * n);
	Datum	   *reasons = palloc(sizeof(Datum) * n);
	Datum		args[3];
	int			i,
				ret;

	if (plan == NULL)
	{
		Oid			argtypes[3] = {INT8ARRAYOID, DATEARRAYOID, TEXTARRAYOID};

		plan = isms_prepare_kept("INSERT INTO isms.decision"
								 " (certificate_id, kind, decision_date, effective_date, reason)"
								 " SELECT u.id, 'suspend'::isms.decision_kind, u.day, u.day, u.reason"
								 " FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2),"
								 "  pg_catalog.unnest($3)) AS u(id, day, reason)",
								 3, argtypes, 0);
	}
	for (i = 0; i < n; i++)
	{
		ids[i] = Int64GetDatum(sus[i].id);
		days[i] = DateADTGetDatum(sus[i].day);
		reasons[i] = CStringGetTextDatum(sus[i].reason);
	}
	args[0] = PointerGetDatum(construct_array(ids, n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[1] = PointerGetDatum(construct_array(days, n, DATEOID, 4, true, TYPALIGN_INT));
	args[2] = PointerGetDatum(construct_array(reasons, n, TEXTOID, -1, false, TYPALIGN_INT));
	/* as the tables' owner: no role records a suspension but the sweep */
	ret = isms_execute_as_owner(plan, args, NULL, false, 0);
	if (ret != SPI_OK_INSERT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
}

/*
 * Lock a batch of groups (certificates without a base, each with its
 * add-ons) without waiting: roots are the groups' certificates without a
 * base, sorted.  A group any of whose rows another transaction holds is
 * skipped whole (its rows this sweep locked stay locked, unwritten);
 * the ids of the groups locked whole go to *locked, those skipped to
 * *skipped (each sorted).  Never waiting, the sweep cannot deadlock with
 * writers, whatever order they lock in (a writer may lock certificates in
 * several statements of one transaction, in any order).
 */
static void
lock_groups(int64 *roots, int nroots, int64 **locked, int *nlocked,
			int64 **skipped, int *nskipped)
{
	static IsmsPlan q_roots = {
		"SELECT c.id FROM isms.certificate c"
		" WHERE c.id OPERATOR(pg_catalog.=) ANY ($1)"
		" AND c.base_certificate_id IS NULL"
		" ORDER BY c.id FOR NO KEY UPDATE OF c SKIP LOCKED",
		1, {INT8ARRAYOID}
	};
	static IsmsPlan q_addons = {
		"SELECT c.id, c.base_certificate_id FROM isms.certificate c"
		" WHERE c.base_certificate_id OPERATOR(pg_catalog.=) ANY ($1)"
		" ORDER BY c.id",
		1, {INT8ARRAYOID}
	};
	static IsmsPlan q_addons_lock = {
		"SELECT c.id FROM isms.certificate c"
		" WHERE c.base_certificate_id OPERATOR(pg_catalog.=) ANY ($1)"
		" ORDER BY c.id FOR NO KEY UPDATE OF c SKIP LOCKED",
		1, {INT8ARRAYOID}
	};
	MemoryContext caller = CurrentMemoryContext;
	Datum		args[1];
	int64	   *got,
			   *addon,
			   *base,
			   *bad;
	int			ngot,
				nadd,
				nbad = 0,
				i,
				k;
	uint64		r;
	bool		isnull;

	*skipped = palloc(sizeof(int64) * Max(nroots, 1));
	*nskipped = 0;
	*nlocked = 0;

	/* the roots, then the add-ons of those locked */
	args[0] = isms_int8_array(roots, nroots);
	isms_exec_plan(&q_roots, args, NULL, nroots, false, false, 0);
	MemoryContextSwitchTo(caller);
	got = palloc(sizeof(int64) * Max(SPI_processed, 1));
	ngot = (int) SPI_processed;
	for (r = 0; r < SPI_processed; r++)
		got[r] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull));
	SPI_freetuptable(SPI_tuptable);
	for (i = 0; i < nroots; i++)
		if (ngot == 0 || bsearch(&roots[i], got, ngot, sizeof(int64), isms_cmp_int64) == NULL)
			(*skipped)[(*nskipped)++] = roots[i];

	args[0] = isms_int8_array(got, ngot);
	isms_exec_plan(&q_addons, args, NULL, ngot, false, false, 0);
	MemoryContextSwitchTo(caller);
	nadd = (int) SPI_processed;
	addon = palloc(sizeof(int64) * Max(nadd, 1));
	base = palloc(sizeof(int64) * Max(nadd, 1));
	for (r = 0; r < SPI_processed; r++)
	{
		addon[r] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull));
		base[r] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2, &isnull));
	}
	SPI_freetuptable(SPI_tuptable);
	if (nadd > 0)
	{
		int64	   *gotadd;
		int			ngotadd;

		isms_exec_plan(&q_addons_lock, args, NULL, ngot, false, false, 0);
		MemoryContextSwitchTo(caller);
		ngotadd = (int) SPI_processed;
		gotadd = palloc(sizeof(int64) * Max(ngotadd, 1));
		for (r = 0; r < SPI_processed; r++)
			gotadd[r] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1, &isnull));
		SPI_freetuptable(SPI_tuptable);
		/* the bases of the add-ons held by others */
		bad = palloc(sizeof(int64) * nadd);
		for (i = 0; i < nadd; i++)
			if (ngotadd == 0 ||
				bsearch(&addon[i], gotadd, ngotadd, sizeof(int64), isms_cmp_int64) == NULL)
				bad[nbad++] = base[i];
		nbad = isms_sort_unique(bad, nbad);
	}
	else
		bad = NULL;

	*locked = palloc(sizeof(int64) * Max(ngot, 1));
	for (i = 0; i < ngot; i++)
	{
		if (nbad > 0 && bsearch(&got[i], bad, nbad, sizeof(int64), isms_cmp_int64) != NULL)
			(*skipped)[(*nskipped)++] = got[i];
		else
			(*locked)[(*nlocked)++] = got[i];
	}
	/* the add-ons of the groups skipped are skipped too */
	k = *nskipped;
	*skipped = repalloc(*skipped, sizeof(int64) * Max(k + nadd, 1));
	for (i = 0; i < nadd; i++)
		if (nbad > 0 && bsearch(&base[i], bad, nbad, sizeof(int64), isms_cmp_int64) != NULL)
			(*skipped)[(*nskipped)++] = addon[i];
	*nskipped = isms_sort_unique(*skipped, *nskipped);
}

/*
 * One row for each certificate the sweep skipped: its stored status and
 * expiry, no new ones, and "locked" as the rule.
 */
static void
report_skipped(ReturnSetInfo *rsinfo, int64 *ids, int n)
{
	static IsmsPlan q_skipped = {
		"SELECT c.id, c.certificate_number, c.status, c.expiry_date"
		" FROM isms.certificate c WHERE c.id OPERATOR(pg_catalog.=) ANY ($1)"
		" ORDER BY c.id",
		1, {INT8ARRAYOID}
	};
	Datum		args[1];
	uint64		r;

	if (n == 0)
		return;
	args[0] = isms_int8_array(ids, n);
	isms_exec_plan(&q_skipped, args, NULL, n, false, false, 0);
	for (r = 0; r < SPI_processed; r++)
	{
		HeapTuple	t = SPI_tuptable->vals[r];
		TupleDesc	td = SPI_tuptable->tupdesc;
		Datum		values[7];
		bool		nulls[7] = {false, false, false, true, false, true, false};
		bool		isnull;

		values[0] = SPI_getbinval(t, td, 1, &isnull);
		values[1] = SPI_getbinval(t, td, 2, &isnull);
		values[2] = SPI_getbinval(t, td, 3, &isnull);
		values[3] = (Datum) 0;
		values[4] = SPI_getbinval(t, td, 4, &nulls[4]);
		values[5] = (Datum) 0;
		values[6] = CStringGetTextDatum("locked");
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	SPI_freetuptable(SPI_tuptable);
}

/*
 * The certificates the sweep of as_of looks at, sorted: today, the
 * groups' roots (certificates without a base), else every certificate of
 * those groups; only the groups whose next date-driven change has come
 * (isms_sweep_candidates, derived.c), or every group while the extension's
 * SQL keeps no derived dates.  Read with the caller's privileges.
 */
static int64 *
sweep_ids(DateADT as_of, bool today, int *nall)
{
	static IsmsPlan q_roots_of = {
		"SELECT c.id FROM isms.certificate c"
		" WHERE c.id OPERATOR(pg_catalog.=) ANY ($1)"
		" AND c.base_certificate_id IS NULL ORDER BY c.id",
		1, {INT8ARRAYOID}
	};
	static IsmsPlan q_groups_of = {
		"SELECT c.id FROM isms.certificate c"
		" WHERE c.id OPERATOR(pg_catalog.=) ANY ($1)"
		" OR c.base_certificate_id OPERATOR(pg_catalog.=) ANY ($1) ORDER BY c.id",
		1, {INT8ARRAYOID}
	};
	MemoryContext caller = CurrentMemoryContext;
	int64	   *cand;
	int			ncand,
				ret;
	int64	   *all;
	uint64		i;

	if (isms_sweep_candidates(as_of, &cand, &ncand))
	{
		Datum		args[1];

		if (ncand == 0)
		{
			*nall = 0;
			return palloc(sizeof(int64));
		}
		args[0] = isms_int8_array(cand, ncand);
		/* a generic plan: index probes, however many ids */
		ret = isms_exec_plan(today ? &q_roots_of : &q_groups_of, args, NULL, 1,
							 false, false, 0);
	}
	else
		ret = SPI_execute(today ?
						  "SELECT c.id FROM isms.certificate c"
						  " WHERE c.base_certificate_id IS NULL ORDER BY c.id" :
						  "SELECT c.id FROM isms.certificate c ORDER BY c.id",
						  false, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(ret));
	MemoryContextSwitchTo(caller);
	*nall = (int) SPI_processed;
	all = palloc(sizeof(int64) * Max(*nall, 1));
	for (i = 0; i < SPI_processed; i++)
	{
		bool		isnull;

		all[i] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i],
											 SPI_tuptable->tupdesc, 1, &isnull));
	}
	SPI_freetuptable(SPI_tuptable);
	return all;
}

/*
 * isms.sweep(as_of): apply what the passing of time changes, for every
 * certificate: expiry (replay.c), decisions whose effective date has
 * come, and, where the scheme's auto_suspend_overdue is on, suspension of
 * active certificates with an overdue surveillance audit (rules_programme.c).  Such a
 * suspension is recorded as a "suspend" decision decided and effective on
 * as_of, when no later decision of the certificate is recorded.
 * Afterwards the stored columns of every certificate are those of
 * isms.status_at(id, as_of) and its history on that day.  Running it
 * twice changes nothing more.  Returns one row per certificate whose
 * stored columns it changed.
 *
 * Only the sweep of the register's today (isms_register_today) writes: a
 * sweep of another day stores no status and records no suspension (the
 * stored status describes today, and a decision is neither backdated nor
 * taken ahead of time); it returns the rows it would return for that day
 * without the suspensions, so it is a report.
 *
 * The sweep of today locks a batch of groups at a time (a certificate
 * without a base with its add-ons, whose statuses follow it) without
 * waiting (lock_groups): a group a writer holds is skipped, reported
 * with the rule "locked", and left to the next sweep (the writer stores
 * the statuses of today of what it writes itself).
 *
 * Only the groups whose next date-driven change has come by as_of are
 * looked at (sweep_ids): the others' stored columns are those of as_of
 * already, so the sweep costs what changes, not the registry's size.
 */
PG_FUNCTION_INFO_V1(isms_sweep);
Datum
isms_sweep(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DateADT		as_of = PG_GETARG_DATEADT(0);
	bool		today;
	MemoryContext batchcxt,
				oldcxt;
	int64	   *all;
	int			nall,
				b;
	int64		nchanged = 0;
	int			jit_level;

	isms_check_finite(as_of, "as_of");
	today = as_of == isms_register_today();
	InitMaterializedSRF(fcinfo, 0);
	isms_spi_connect();
	jit_level = isms_jit_off();	/* batches of 5,000 histories (spi_util.c) */

	all = sweep_ids(as_of, today, &nall);

	/* each batch's histories are freed before the next batch is loaded */
	batchcxt = AllocSetContextCreate(CurrentMemoryContext, "isms sweep batch",
									 ALLOCSET_DEFAULT_SIZES);
	for (b = 0; b < nall; b += SWEEP_BATCH)
	{
		int			nb = Min(SWEEP_BATCH, nall - b);
		int			ncert,
					nbefore,
					nsus = 0,
					k;
		IsmsCert   *certs;
		IsmsCert   *before;
		SweepSuspension *sus;
		bool	   *suspended;
		int64	   *ids = all + b;

		oldcxt = MemoryContextSwitchTo(batchcxt);
		if (today)
		{
			int64	   *skipped;
			int			nskipped;

			lock_groups(all + b, nb, &ids, &nb, &skipped, &nskipped);
			report_skipped(rsinfo, skipped, nskipped);
			MemoryContextSwitchTo(batchcxt);
			/* the add-ons come with their bases, locked already */
			certs = isms_load(ids, nb, ISMS_LOAD_LOCK, &ncert);
		}
		else
			certs = isms_load(ids, nb, ISMS_LOAD_OWN, &ncert);
		before = certs;
		nbefore = ncert;
		sus = palloc(sizeof(SweepSuspension) * Max(ncert, 1));
		suspended = palloc0(sizeof(bool) * Max(ncert, 1));

		for (k = 0; k < ncert; k++)
		{
			IsmsCert   *c = &certs[k];
			DateADT		due_by;
			const char *rule;

			CHECK_FOR_INTERRUPTS();
			if (!c->replayed)
				isms_replay(c, as_of, ISMS_REPLAY_LENIENT, NULL);
			if (c->context_only)
				continue;
			if (today && c->p.auto_suspend_overdue &&
				c->asof.status == ISMS_ST_ACTIVE &&
				c->final.last_effective <= as_of &&
				isms_overdue_surveillance(c, as_of, &due_by, &rule) &&
				!(c->has_addons && isms_addon_decided_after(certs, ncert, c, as_of)))
			{
				char		buf[ISMS_DATEBUF];

				isms_format_date(due_by, buf);
				sus[nsus].id = c->id;
				sus[nsus].day = as_of;
				sus[nsus].reason = psprintf("%s: surveillance audit due by %s (%s) not held; suspended by isms.sweep",
										   isms_rule_sur3, buf, rule);
				suspended[k] = true;
				nsus++;
			}
		}
		if (nsus > 0)
		{
			isms_feed_sur3 = true;	/* the events' cause (feed.c) */
			insert_suspensions(sus, nsus);
			isms_feed_sur3 = false;
			/* reload the batch: the trigger wrote the new decisions */
			certs = isms_load(ids, nb, ISMS_LOAD_LOCK, &ncert);
			for (k = 0; k < ncert; k++)
				if (!certs[k].replayed)
					isms_replay(&certs[k], as_of, ISMS_REPLAY_LENIENT, NULL);
		}
		if (today)
			isms_store(certs, ncert, as_of, ISMS_FEED_SWEEP);

		for (k = 0; k < ncert; k++)
		{
			IsmsCert   *c = &certs[k];
			IsmsCert   *o;
			bool		was_suspended;
			Datum		values[7];
			bool		nulls[7] = {false, false, false, false, false, false, false};
			const char *why;

			CHECK_FOR_INTERRUPTS();
			if (c->context_only)
				continue;
			/* the same certificate as loaded before the suspensions */
			o = isms_find_cert(before, nbefore, c->id);
			if (o == NULL)
				elog(ERROR, "certificate " INT64_FORMAT " was not loaded before the sweep's suspensions",
					 c->id);
			was_suspended = suspended[o - before];
			if (!isms_cert_changed(o) && !was_suspended)
				continue;
			if (was_suspended)
				why = isms_rule_sur3;
			else if (c->asof.status != c->own_status)
				why = isms_rule_add5;
			else if (c->asof.status == ISMS_ST_EXPIRED && o->stored_status != ISMS_ST_EXPIRED)
				why = isms_valid_end(&c->asof) < c->asof.expiry ? isms_rule_trn3 : isms_rule_rec2;
			else
				why = "decision";
			values[0] = Int64GetDatum(c->id);
			values[1] = CStringGetTextDatum(c->number);
			values[2] = IsmsStatusGetDatum(o->stored_status);
			values[3] = IsmsStatusGetDatum(c->asof.status);
			values[4] = DateADTGetDatum(o->stored_expiry);
			nulls[4] = !o->stored_has_expiry;
			values[5] = DateADTGetDatum(c->asof.expiry);
			nulls[5] = !c->asof.has_cycle;
			values[6] = CStringGetTextDatum(why);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			nchanged++;
		}
		MemoryContextSwitchTo(oldcxt);
		MemoryContextReset(batchcxt);
	}
	if (today)
		isms_feed_sweep_done(as_of, nchanged);	/* isms.sweep_status (feed.c) */
	SPI_finish();
	isms_jit_restore(jit_level);
	return (Datum) 0;
}
