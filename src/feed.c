/*-------------------------------------------------------------------------
 *
 * feed.c
 *	  The change feed: the events of the certificates whose stored status,
 *	  expiry date or scope a store changes (one INSERT into
 *	  isms.change_event per store, called by store.c), their feed position
 *	  given at commit in commit order with one notification per
 *	  transaction, and the log of the sweeps.
 *
 *	  Positions: at pre-commit, a transaction that wrote events takes a
 *	  self-conflicting lock on isms.change_commit, inserts its row (the next
 *	  seq) and queues NOTIFY isms_change with that seq.  The lock is held
 *	  until the commit is visible, so the next writer's seq is taken after
 *	  it: seq order is commit order, and a reader holding every event up to
 *	  seq N never sees a later commit at or below N.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "access/htup_details.h"
#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "commands/async.h"
#include "miscadmin.h"
#include "storage/lmgr.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

/*
 * Events were written in this transaction: give it a position at commit.
 * feed_pending_subid is the outermost subtransaction that wrote events still
 * standing: when it aborts, its events are gone and so is the need for a
 * position (an import's certificate refused, a dry run, isms.try_decision);
 * when it commits, its parent has them.
 */
static bool feed_pending = false;
static SubTransactionId feed_pending_subid = InvalidSubTransactionId;

/* set by the sweep around the suspensions it records (sweep.c) */
bool		isms_feed_sur3 = false;

#define FEED_CHANNEL "isms_change"


static bool
text_differs(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a != b;
	return strcmp(a, b) != 0;
}

/* the new decision of c the statement wrote that takes effect last */
static const IsmsDecision *
latest_new(const IsmsCert *c)
{
	const IsmsDecision *best = NULL;
	int			j;

	for (j = 0; j < c->ndec; j++)
		if (c->dec[j].is_new && (best == NULL || c->dec[j].effective >= best->effective))
			best = &c->dec[j];
	return best;
}

/* the decision of c in force on day (the latest effective by then), if any */
static const IsmsDecision *
latest_effective(const IsmsCert *c, DateADT day)
{
	const IsmsDecision *best = NULL;
	int			j;

	for (j = 0; j < c->ndec; j++)
		if (!c->dec[j].corrected && c->dec[j].effective <= day &&
			(best == NULL || c->dec[j].effective >= best->effective))
			best = &c->dec[j];
	return best;
}

/*
 * Why c's stored columns change, and the day the change takes effect.
 */
static const char *
cause_of(const IsmsCert *c, DateADT as_of, IsmsFeedCause ctx, DateADT *eff)
{
	const IsmsState *s = &c->asof;
	const IsmsDecision *d;

	*eff = as_of;
	if (ctx == ISMS_FEED_REFRESH)
		return "refresh";
	if (ctx == ISMS_FEED_SWEEP)
	{
		if (s->status != c->own_status)
			return "base";
		if (s->status == ISMS_ST_EXPIRED && c->stored_status != ISMS_ST_EXPIRED)
		{
			DateADT		end = isms_valid_end(s);

			*eff = end + 1;
			return end < s->expiry ? isms_rule_trn3 : "expiry";
		}
		d = latest_effective(c, as_of);
		if (d)
			*eff = d->effective;
		return "decision";
	}
	d = latest_new(c);
	if (d)
	{
		*eff = d->effective;
		if (isms_feed_sur3)
			return isms_rule_sur3;
		if (d->kind == ISMS_DK_ANNUL || d->corrects != 0)
			return "correction";
		return "decision";
	}
	if (ctx == ISMS_FEED_AUDIT)
		return "audit";
	if (c->base)
	{
		d = latest_new(c->base);
		if (d)
			*eff = d->effective;
		return "base";
	}
	return "decision";
}

/*
 * The events in the order of the certificates given (their ids follow it).
 * The body and number are the loaded certificate's (the rows are locked):
 * no join.
 */
static IsmsPlan q_event = {
	"INSERT INTO isms.change_event (certificate_id, cb_id, cb_code, certificate_number, cause,"
	" old_status, new_status, old_expiry, new_expiry, scope_changed, old_scope, new_scope,"
	" effective_date)"
	" SELECT u.id, u.cb_id, u.cb_code, u.number, u.cause,"
	"  u.old_status::isms.cert_status, u.new_status::isms.cert_status,"
	"  u.old_expiry, u.new_expiry, u.scope_changed,"
	"  CASE WHEN u.scope_changed THEN u.old_scope END, CASE WHEN u.scope_changed THEN u.new_scope END,"
	"  u.eff"
	" FROM ROWS FROM (pg_catalog.unnest($1), pg_catalog.unnest($2), pg_catalog.unnest($3),"
	"  pg_catalog.unnest($4), pg_catalog.unnest($5), pg_catalog.unnest($6), pg_catalog.unnest($7),"
	"  pg_catalog.unnest($8), pg_catalog.unnest($9), pg_catalog.unnest($10),"
	"  pg_catalog.unnest($11), pg_catalog.unnest($12), pg_catalog.unnest($13))"
	"   AS u(id, cause, old_status, new_status, old_expiry, new_expiry, scope_changed,"
	"        old_scope, new_scope, eff, cb_id, cb_code, number)",
	13, {INT8ARRAYOID, TEXTARRAYOID, TEXTARRAYOID, TEXTARRAYOID, DATEARRAYOID, DATEARRAYOID,
	BOOLARRAYOID, TEXTARRAYOID, TEXTARRAYOID, DATEARRAYOID, INT8ARRAYOID, TEXTARRAYOID, TEXTARRAYOID}
};

/*
 * Record one event per certificate of certs (replayed as of as_of, not yet
 * stored) whose stored status, expiry date or scope the store is about to
 * change, in one INSERT, as the owner of the outbox.  Called by isms_store
 * before its UPDATE, while the stored_* fields still hold the old values.
 */
void
isms_feed_record(IsmsCert *certs, int ncert, DateADT as_of, IsmsFeedCause ctx)
{
	int			n = 0,
				i,
				ret;
	Datum	   *id,
			   *cause,
			   *ost,
			   *nst,
			   *oex,
			   *nex,
			   *sch,
			   *osc,
			   *nsc,
			   *eff,
			   *cbid,
			   *cbcode,
			   *num;
	bool	   *oexn,
			   *nexn,
			   *oscn,
			   *nscn;
	Datum		args[13];
	Oid			owner = isms_table_owner("change_event");
	Oid			save_user;
	int			save_sec;

	if (!OidIsValid(owner))
		return;
	id = palloc(sizeof(Datum) * ncert * 13);
	cause = id + ncert;
	ost = cause + ncert;
	nst = ost + ncert;
	oex = nst + ncert;
	nex = oex + ncert;
	sch = nex + ncert;
	osc = sch + ncert;
	nsc = osc + ncert;
	eff = nsc + ncert;
	cbid = eff + ncert;
	cbcode = cbid + ncert;
	num = cbcode + ncert;
	oexn = palloc0(sizeof(bool) * ncert * 4);
	nexn = oexn + ncert;
	oscn = nexn + ncert;
	nscn = oscn + ncert;

	for (i = 0; i < ncert; i++)
	{
		IsmsCert   *c = &certs[i];
		IsmsState  *s = &c->asof;
		const char *new_scope;
		bool		scope_changed,
					expiry_changed;
		DateADT		day;

		if (c->context_only)
			continue;
		new_scope = s->scope ? s->scope : c->stored_scope;
		scope_changed = text_differs(c->stored_scope, new_scope) ||
			text_differs(c->stored_scope_set ? c->stored_scope_set->text : NULL,
						 s->scope_set ? s->scope_set->text : NULL);
		expiry_changed = c->stored_has_expiry != s->has_cycle ||
			(s->has_cycle && c->stored_expiry != s->expiry);
		if (c->stored_status == s->status && !expiry_changed && !scope_changed)
			continue;
		id[n] = Int64GetDatum(c->id);
		cause[n] = CStringGetTextDatum(cause_of(c, as_of, ctx, &day));
		ost[n] = CStringGetTextDatum(isms_status_name(c->stored_status));
		nst[n] = CStringGetTextDatum(isms_status_name(s->status));
		oex[n] = DateADTGetDatum(c->stored_expiry);
		oexn[n] = !c->stored_has_expiry;
		nex[n] = DateADTGetDatum(s->expiry);
		nexn[n] = !s->has_cycle;
		sch[n] = BoolGetDatum(scope_changed);
		osc[n] = c->stored_scope ? CStringGetTextDatum(c->stored_scope) : (Datum) 0;
		oscn[n] = c->stored_scope == NULL;
		nsc[n] = new_scope ? CStringGetTextDatum(new_scope) : (Datum) 0;
		nscn[n] = new_scope == NULL;
		eff[n] = DateADTGetDatum(day);
		cbid[n] = Int64GetDatum(c->cb_id);
		cbcode[n] = CStringGetTextDatum(c->cb_code);
		num[n] = CStringGetTextDatum(c->number);
		n++;
	}
	if (n == 0)
		return;

	args[0] = PointerGetDatum(construct_array(id, n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[1] = isms_text_array(cause, NULL, n);
	args[2] = isms_text_array(ost, NULL, n);
	args[3] = isms_text_array(nst, NULL, n);
	args[4] = isms_date_array(oex, oexn, n);
	args[5] = isms_date_array(nex, nexn, n);
	args[6] = PointerGetDatum(construct_array(sch, n, BOOLOID, 1, true, TYPALIGN_CHAR));
	args[7] = isms_text_array(osc, oscn, n);
	args[8] = isms_text_array(nsc, nscn, n);
	args[9] = isms_date_array(eff, NULL, n);
	args[10] = PointerGetDatum(construct_array(cbid, n, INT8OID, 8, FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
	args[11] = isms_text_array(cbcode, NULL, n);
	args[12] = isms_text_array(num, NULL, n);

	/* as the owner: no role is granted to write the outbox (restored on error) */
	GetUserIdAndSecContext(&save_user, &save_sec);
	SetUserIdAndSecContext(owner, save_sec | SECURITY_LOCAL_USERID_CHANGE);
	ret = isms_exec_plan(&q_event, args, NULL, n, false, false, 0);
	SetUserIdAndSecContext(save_user, save_sec);
	if (ret != SPI_OK_INSERT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	if (!feed_pending)
	{
		feed_pending = true;
		feed_pending_subid = GetCurrentSubTransactionId();
	}
}

/*
 * Pre-commit: give the transaction its position (in commit order, under
 * the lock) and queue the one notification, whose payload is the position.
 */
static void
feed_commit(void)
{
	Oid			save_user;
	int			save_sec;
	int			ret;
	bool		isnull;
	int64		seq;
	char		payload[32];

	static SPIPlanPtr q_position = NULL;

	/*
	 * LOCK TABLE isms.change_commit IN SHARE ROW EXCLUSIVE MODE, as the
	 * table's owner would: held until the commit is visible.
	 */
	LockRelationOid(isms_table_oid("change_commit"), ShareRowExclusiveLock);
	PushActiveSnapshot(GetTransactionSnapshot());
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	GetUserIdAndSecContext(&save_user, &save_sec);
	SetUserIdAndSecContext(isms_table_owner("change_commit"), save_sec | SECURITY_LOCAL_USERID_CHANGE);
	if (q_position == NULL)
		q_position = isms_prepare_kept("INSERT INTO isms.change_commit (xid)"
									   " VALUES (pg_catalog.pg_current_xact_id()) RETURNING seq",
									   0, NULL, CURSOR_OPT_GENERIC_PLAN);
	ret = SPI_execute_plan(q_position, NULL, NULL, false, 0);
	if (ret != SPI_OK_INSERT_RETURNING || SPI_processed != 1)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
	seq = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	SetUserIdAndSecContext(save_user, save_sec);
	SPI_finish();
	PopActiveSnapshot();
	snprintf(payload, sizeof(payload), INT64_FORMAT, seq);
	Async_Notify(FEED_CHANNEL, payload);
}

static void
feed_xact_callback(XactEvent event, void *arg)
{
	switch (event)
	{
		case XACT_EVENT_PRE_COMMIT:
			if (feed_pending)
			{
				feed_pending = false;
				feed_commit();
			}
			break;
		case XACT_EVENT_PRE_PREPARE:
			if (feed_pending)
				ereport(ERROR,
						(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
						 errmsg("cannot prepare a transaction that changed the stored status of a certificate"),
						 errdetail("The change feed gives a transaction its position and its notification at commit."),
						 errhint("Commit the transaction instead of preparing it.")));
			break;
		case XACT_EVENT_ABORT:
		case XACT_EVENT_PARALLEL_ABORT:
		case XACT_EVENT_COMMIT:
		case XACT_EVENT_PARALLEL_COMMIT:
			feed_pending = false;
			isms_feed_sur3 = false;
			break;
		default:
			break;
	}
}

static void
feed_subxact_callback(SubXactEvent event, SubTransactionId mySubid,
					  SubTransactionId parentSubid, void *arg)
{
	if (event == SUBXACT_EVENT_ABORT_SUB)
	{
		isms_feed_sur3 = false;
		if (feed_pending && feed_pending_subid == mySubid)
		{
			feed_pending = false;
			feed_pending_subid = InvalidSubTransactionId;
		}
	}
	else if (event == SUBXACT_EVENT_COMMIT_SUB &&
			 feed_pending && feed_pending_subid == mySubid)
		feed_pending_subid = parentSubid;
}

void
isms_feed_init(void)
{
	RegisterXactCallback(feed_xact_callback, NULL);
	RegisterSubXactCallback(feed_subxact_callback, NULL);
}

/*
 * The sweep's log: one row per completed sweep (isms.sweep_status reads
 * it), written as the owner of the table.
 */
void
isms_feed_sweep_done(DateADT as_of, int64 changed)
{
	static SPIPlanPtr plan = NULL;
	Datum		args[3];
	int			ret;

	/* no log before ALTER EXTENSION isms UPDATE has created it */
	if (!OidIsValid(isms_table_owner("sweep_run")))
		return;
	if (plan == NULL)
	{
		Oid			argtypes[3] = {DATEOID, TIMESTAMPTZOID, INT4OID};

		plan = isms_prepare_kept("INSERT INTO isms.sweep_run (as_of, started_at, changed)"
								 " VALUES ($1, $2, $3)", 3, argtypes, 0);
	}
	args[0] = DateADTGetDatum(as_of);
	args[1] = TimestampTzGetDatum(GetCurrentTransactionStartTimestamp());
	args[2] = Int32GetDatum((int32) Min(changed, PG_INT32_MAX));
	ret = isms_execute_as_owner(plan, args, NULL, false, 0);
	if (ret != SPI_OK_INSERT)
		elog(ERROR, "SPI_execute_plan failed: %s", SPI_result_code_string(ret));
}
