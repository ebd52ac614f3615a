/*-------------------------------------------------------------------------
 *
 * isms.h
 *	  Declarations of the server side of the isms extension: what the
 *	  trigger functions and the SQL-callable functions use to load, check,
 *	  replay and store certificate histories.  The engine itself (codes,
 *	  histories, replay, rules) is declared in engine.h, which this header
 *	  includes; the SPI helpers in spi_util.h.
 *
 * This is the only header that looks at PG_VERSION_NUM: every version
 * difference between PostgreSQL 15 and 18 is absorbed here.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ISMS_H
#define ISMS_H

#include "postgres.h"

#include "engine.h"
#include "spi_util.h"

#include "executor/spi.h"
#include "fmgr.h"
#include "miscadmin.h"
#include "utils/date.h"
#include "utils/rel.h"

#if PG_VERSION_NUM >= 160000
#include "varatt.h"
#define ISMS_MAKE_RANGE(typcache, lo, hi, empty) \
	make_range((typcache), (lo), (hi), (empty), NULL)
#else
#define ISMS_MAKE_RANGE(typcache, lo, hi, empty) \
	make_range((typcache), (lo), (hi), (empty))
/* Soft input errors arrived in PostgreSQL 16; before that they are hard. */
#define ereturn(context, dummy_value, ...) \
	do { \
		ereport(ERROR, __VA_ARGS__); \
		return (dummy_value); \
	} while (0)
#endif

/*
 * A function that does not return: PostgreSQL 18 spells it pg_noreturn, in
 * front of the declaration; before, pg_attribute_noreturn() after it (which
 * GCC and Clang accept in front as well).
 */
#if PG_VERSION_NUM < 180000
#define pg_noreturn pg_attribute_noreturn()
#endif

/*
 * The "extra" of a GUC check hook: PostgreSQL 16 on frees it with guc_free,
 * so it is allocated by guc_malloc; before, by malloc.
 */
#if PG_VERSION_NUM >= 160000
#define ISMS_GUC_MALLOC(size)	guc_malloc(LOG, (size))
#else
#define ISMS_GUC_MALLOC(size)	malloc(size)
#endif

/* The primary key's index: PostgreSQL 18 asks whether a deferrable one counts. */
#if PG_VERSION_NUM >= 180000
#define isms_primary_key_index(rel)	RelationGetPrimaryKeyIndex((rel), false)
#else
#define isms_primary_key_index(rel)	RelationGetPrimaryKeyIndex(rel)
#endif

/* PostgreSQL 18's index_beginscan takes the scan's instrumentation (none). */
#if PG_VERSION_NUM >= 180000
#define ISMS_INDEX_BEGINSCAN(heap, index, snapshot, nkeys, norderbys) \
	index_beginscan((heap), (index), (snapshot), NULL, (nkeys), (norderbys))
#else
#define ISMS_INDEX_BEGINSCAN(heap, index, snapshot, nkeys, norderbys) \
	index_beginscan((heap), (index), (snapshot), (nkeys), (norderbys))
#endif

/*
 * The last decision kind of release 1.0.  Between installing this module
 * and ALTER EXTENSION UPDATE (and in the update's own transaction, where
 * PostgreSQL refuses a label added in it as an enum value), the SQL of an
 * install may lack the labels after it: the server side names them as text
 * (isms_kind_case, rules_tables.c) or looks them up without enum_in
 * (trg_decision.c).
 */
#define ISMS_DK_RELEASED ISMS_DK_ANNUL

#define DatumGetIsmsStatus(d)	((uint8) DatumGetChar(d))
#define IsmsStatusGetDatum(s)	CharGetDatum((char) (s))
#define PG_GETARG_ISMS_STATUS(n) DatumGetIsmsStatus(PG_GETARG_DATUM(n))
#define PG_RETURN_ISMS_STATUS(s) return IsmsStatusGetDatum(s)

/* How isms_load reads. */
typedef enum IsmsLoadMode
{
	ISMS_LOAD_READ,				/* a reader (STABLE function): read-only */
	ISMS_LOAD_OWN,				/* sees the rows the current statement wrote */
	ISMS_LOAD_LOCK				/* a writer: locks the certificates first */
} IsmsLoadMode;

/* refdata.c: the reference-data cache */
extern const IsmsRefData *isms_reference_data(bool read_only);

/* load.c: loading histories (a writer's locked first, lock.c) */
extern IsmsCert *isms_load(int64 *ids, int nids, IsmsLoadMode mode, int *ncert);

/* lock.c: locking certificates in the writers' order */
extern void isms_lock_writers(int64 *ids, int nids, int64 **load, int *nload,
							  int64 **wanted, int *nwanted);
extern void isms_lock_certificates(int64 *ids, int nids);
extern void isms_lock_families(int64 *ids, int nids, int64 *roots);
extern bool isms_lock_certificate_direct(int64 id);
extern void isms_load_cut_next(TimestampTz cut);

/* history.c: the engine as the trigger layer calls it */
extern void isms_replay(IsmsCert *c, DateADT as_of, IsmsReplayMode mode,
						Relation rel);
extern bool isms_cert_latest_expiry(int64 id, int kind, DateADT decided, DateADT effective,
									bool from_trigger, DateADT *result);
extern void isms_check_addons(IsmsCert *certs, int ncert, Relation rel);

/* report.c: the one reporter of violations */
pg_noreturn extern void isms_report_violation(const IsmsViolation *v,
											  Relation rel);
extern void isms_report_warning(const IsmsViolation *v);

/* what made a store: the cause of its change events (feed.c) */
typedef enum IsmsFeedCause
{
	ISMS_FEED_DECISION,			/* decisions written (or a base's) */
	ISMS_FEED_AUDIT,			/* audits written */
	ISMS_FEED_SWEEP,			/* the passing of time */
	ISMS_FEED_REFRESH			/* isms.refresh, a change of reference data */
} IsmsFeedCause;

/* store.c: writing the derived columns */
extern bool isms_internal_write;
extern void isms_store(IsmsCert *certs, int ncert, DateADT as_of, IsmsFeedCause cause);

/* derived.c: the derived dates (isms.certificate_dates) */
extern void isms_store_dates(IsmsCert *certs, int ncert, DateADT as_of);
extern Oid	isms_dates_relid(void);

/* derived_read.c: reading them (the sweep's candidates, one certificate's) */
extern bool isms_sweep_candidates(DateADT as_of, int64 **ids, int *n);
extern bool isms_dates_status_on(FmgrInfo *flinfo, int64 id, DateADT day, int *status);
extern bool isms_dates_valid_periods(FmgrInfo *flinfo, int64 id, Datum *periods);
extern void isms_dates_distrust(void);

/* feed.c: the change feed */
extern bool isms_feed_sur3;
extern void isms_feed_record(IsmsCert *certs, int ncert, DateADT as_of, IsmsFeedCause cause);
extern void isms_feed_init(void);
extern void isms_feed_sweep_done(DateADT as_of, int64 changed);

/* rules_tables.c: checks that read other tables */
extern void isms_check_new_decisions(IsmsCert *certs, int ncert, Relation rel);
extern void isms_check_accreditation_cover(int64 *cb_ids, int ncb, Relation rel);
extern void isms_check_standard_change(Relation rel, HeapTuple oldtup, HeapTuple newtup);
extern void isms_check_scheme_change(Relation rel, HeapTuple oldtup, HeapTuple newtup);
pg_noreturn extern void isms_refuse_annul_without_target(Relation rel);
pg_noreturn extern void isms_refuse_decision_change(Relation rel, bool update, bool delete);
pg_noreturn extern void isms_refuse_derived_change(Relation rel, const char *column);
pg_noreturn extern void isms_refuse_locked_change(Relation rel, const char *column,
									  const char *number);

/* addon_queue.c: add-on checks deferred to commit */
extern void isms_queue_addon_checks(IsmsCert *certs, int ncert);
extern void isms_addon_check_batch(int64 id, Relation rel);
extern void isms_addon_forget(bool done_only);

/* transfer.c: transfers between certification bodies (rules_transfer.c) */
extern HeapTuple isms_transfer_fill(Relation rel, HeapTuple tup);
extern void isms_transfer_guard(int64 *new_ids, int nnew, int64 *cert_ids, int ncert,
								int ncorrects, Relation rel);
extern void isms_transfer_end_sources(int64 *new_ids, int nnew);
extern void isms_transfer_commit_check(int64 id, Relation rel);
extern void isms_transfer_check_link(Relation rel, HeapTuple tup);
extern void isms_transfer_forget(void);
extern void isms_transfer_subxact(bool commit, SubTransactionId mine,
								  SubTransactionId parent);
/* load.c: whether the SQL has the columns of a transfer */
extern int	isms_transfer_known(void);
/* guard.c: installs the hook that refuses to drop a registry with rows */
extern void isms_guard_init(void);

/* clock.c: the settings of the register's clock, and its today */
extern void isms_clock_init(void);
extern DateADT isms_register_today(void);

#endif							/* ISMS_H */
