/*-------------------------------------------------------------------------
 *
 * sweep.c
 *	  The daily writer: applies what the passing of time changes to the
 *	  stored columns of every certificate (expiry by replay.c, the end of an
 *	  old edition by rules_edition.c, add-ons by rules_addon.c) and records
 *	  the suspensions for an overdue surveillance audit a scheme asks for
 *	  (rules_programme.c).
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
	ret = SPI_execute_plan(plan, args, NULL, false, 0);
	if (ret != SPI_OK_INSERT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
}

/*
 * isms.sweep(as_of): apply what the passing of time changes, for every
 * certificate: expiry (replay.c), decisions whose effective date has
 * come, and, where the scheme's auto_suspend_overdue is on, suspension of
 * active certificates with an overdue surveillance audit (rules_programme.c).  Such a
 * suspension is recorded as a "suspend" decision decided and effective on
 * as_of, so no past answer changes; it is recorded only when as_of is the
 * register's today (clock.c: a decision is neither backdated nor
 * taken ahead of time) and when no later decision of the certificate is
 * recorded.  Afterwards the stored columns of every certificate are those
 * of isms.status_at(id, as_of) and its history on that day.  Running it
 * twice changes nothing more.  Returns one row per certificate whose
 * stored columns it changed.
 */
PG_FUNCTION_INFO_V1(isms_sweep);
Datum
isms_sweep(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	DateADT		as_of = PG_GETARG_DATEADT(0);
	bool		today = as_of == isms_register_today();
	MemoryContext batchcxt,
				oldcxt;
	int64	   *all;
	int			nall,
				b,
				ret;
	uint64		i;

	isms_check_finite(as_of, "as_of");
	InitMaterializedSRF(fcinfo, 0);
	isms_spi_connect();

	ret = SPI_execute("SELECT id FROM isms.certificate ORDER BY id", false, 0);
	if (ret != SPI_OK_SELECT)
		elog(ERROR, "SPI_execute failed: %s", SPI_result_code_string(ret));
	nall = (int) SPI_processed;
	all = palloc(sizeof(int64) * Max(nall, 1));
	for (i = 0; i < SPI_processed; i++)
	{
		bool		isnull;

		all[i] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[i],
											 SPI_tuptable->tupdesc, 1, &isnull));
	}
	SPI_freetuptable(SPI_tuptable);

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

		oldcxt = MemoryContextSwitchTo(batchcxt);
		certs = isms_load(all + b, nb, ISMS_LOAD_LOCK, &ncert);
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
			insert_suspensions(sus, nsus);
			/* reload the batch: the trigger wrote the new decisions */
			certs = isms_load(all + b, nb, ISMS_LOAD_LOCK, &ncert);
			for (k = 0; k < ncert; k++)
				if (!certs[k].replayed)
					isms_replay(&certs[k], as_of, ISMS_REPLAY_LENIENT, NULL);
		}
		isms_store(certs, ncert);

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
		}
		MemoryContextSwitchTo(oldcxt);
		MemoryContextReset(batchcxt);
	}
	SPI_finish();
	return (Datum) 0;
}
