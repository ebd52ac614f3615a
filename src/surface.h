/*-------------------------------------------------------------------------
 *
 * surface.h
 *	  Declarations shared by the files of isms's SQL surface: the trigger
 *	  entry points (trg_*.c), the readers (readers.c, windows.c,
 *	  programme_sql.c), the sweep (sweep.c) and audit time (audit_time.c).
 *	  The rule engine's API stays in isms.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ISMS_SURFACE_H
#define ISMS_SURFACE_H

#include "isms.h"

#include "access/htup.h"
#include "commands/trigger.h"
#include "utils/tuplestore.h"

/* search_path-proof comparison operators for the SQL texts */
#define EQ " OPERATOR(pg_catalog.=) "
#define NE " OPERATOR(pg_catalog.<>) "
#define LE " OPERATOR(pg_catalog.<=) "
#define GE " OPERATOR(pg_catalog.>=) "

/* chain.c: a new decision's chain hash */
extern HeapTuple isms_chain_stamp(Relation rel, HeapTuple tup);

/* trigger_util.c: trigger protocol, columns, SPI */
extern TriggerData *isms_trigger_data(FunctionCallInfo fcinfo, const char *fn,
									  bool before, bool row);
extern int	isms_attnum(Relation rel, const char *name);

/* audit_time.c: the rule of the audit-time tables, as data */
extern const char *const isms_rule_time1;

/* trg_audit_rules.c: the lead auditor of a recorded audit lost its registration */
pg_noreturn extern void isms_refuse_registration_change(Relation rel, const char *number,
											const char *kind, const char *start,
											const char *auditor,
											const char *name);
extern Datum isms_getattr(Relation rel, HeapTuple tup, const char *name,
						  bool *isnull);
extern char *isms_getvalue(Relation rel, HeapTuple tup, const char *name);
extern bool isms_column_differs(Relation rel, HeapTuple a, HeapTuple b,
								int attnum);
typedef enum IsmsCollectHow
{
	ISMS_COLLECT_ALL,
	ISMS_COLLECT_UNIQUE,
	ISMS_COLLECT_COUNT
} IsmsCollectHow;

/* one column of isms_collect_columns: what to collect, and what it gave */
typedef struct IsmsCollect
{
	int			attnum;
	IsmsCollectHow how;
	int64	   *ids;			/* the values (not for ISMS_COLLECT_COUNT) */
	int			n;				/* how many */
	int			cap;
} IsmsCollect;

extern void isms_collect_columns(Tuplestorestate *ts, Relation rel,
								 IsmsCollect *cols, int ncols);
extern void isms_require_transition_tables(TriggerData *td, const char *fn,
										   bool need_new, bool need_old);
extern void isms_execute_kept(SPIPlanPtr *plan, const char *sql, int nargs,
							  Oid *argtypes, Datum *args, bool read_only,
							  long count, int expected);
extern void isms_execute_kept_latest(SPIPlanPtr *plan, const char *sql, int nargs,
									 Oid *argtypes, Datum *args, long count,
									 int expected);
extern HeapTuple isms_first_violation(SPIPlanPtr *plan, const char *sql,
									  Oid argtype, Datum arg);
extern bool isms_getbool(HeapTuple t, TupleDesc td, int col);
extern char *isms_getdate_text(HeapTuple t, TupleDesc td, int col);
extern int64 isms_getint8(HeapTuple t, TupleDesc td, int col, bool *isnull);
extern Datum isms_int8_array_datum(Datum *ids, int n);
/*
 * A statement that writes more certificates than this is replayed and
 * stored in batches of about this many (trigger_util.c), so that a bulk
 * load's memory does not grow with its size.
 */
#define ISMS_BATCH_CERTS 1000
extern void isms_replay_and_store(int64 *cert_ids, int ncids, int64 *new_ids,
								  int nnew, IsmsReplayMode mode, Relation rel);

/* trg_audit_rules.c: the combined audits of an add-on, at commit */
extern void isms_check_combined_audits_of(int64 cert, Relation rel);

/* refresh.c: stored columns of given certificates brought up to date */
extern int	isms_refresh_ids(int64 *ids, int n);

/* readers.c: one certificate's replayed history for the readers */
extern IsmsCert *isms_load_one(int64 id, DateADT as_of);
extern void isms_check_finite(DateADT d, const char *what);
extern int	isms_decision_code_of(Datum kind);

/* windows.c */
extern Datum isms_inclusive_daterange(DateADT from, DateADT to);

/* audit_time.c: audit time tables and figures, for the audit trigger */
typedef enum IsmsTimeKind
{
	ISMS_TK_INITIAL = 0,
	ISMS_TK_SURVEILLANCE,
	ISMS_TK_RECERTIFICATION
} IsmsTimeKind;

#define ISMS_TK_COUNT 3

/* The bands of one scheme, ordered by persons_max; days in hundredths. */
typedef struct IsmsTimeTable
{
	char	   *scheme;
	int			n;
	int64	   *persons_max;
	int64	   *days[ISMS_TK_COUNT];	/* indexed by IsmsTimeKind */
} IsmsTimeTable;

extern const char *isms_time_kind_name(IsmsTimeKind kind);
extern IsmsTimeTable *isms_load_time_tables(Datum *schemes, int nschemes,
											int *ntables);
extern const IsmsTimeTable *isms_find_time_table(const IsmsTimeTable *tables,
												 int ntables,
												 const char *scheme);
extern int64 isms_time_figure(const IsmsTimeTable *t, int64 persons,
							  IsmsTimeKind kind);
extern char *isms_format_days(int64 hundredths);

/*
 * Audit time is stored as numeric(6,2); the C code works in exact integer
 * hundredths, read from SQL as (days * 100)::int8.
 */
#define ISMS_DAY_HUNDREDTHS 100
#define ISMS_HUNDREDTHS(col) \
	"(" col " OPERATOR(pg_catalog.*) " CppAsString2(ISMS_DAY_HUNDREDTHS) \
	"::pg_catalog.numeric)::pg_catalog.int8"

#endif							/* ISMS_SURFACE_H */
