/*-------------------------------------------------------------------------
 *
 * spi_util.h
 *	  The SPI layer of isms: queries prepared once and kept, run with a
 *	  fresh snapshot where a writer must see what others committed, and
 *	  arrays passed as parameters.
 *
 * search_path.  Every SQL text that the C code runs is immune to the
 * caller's search_path, by being fully qualified rather than by running
 * under a pinned path (so the same text is right in every context,
 * including the trigger of a statement whose session set a hostile path):
 *	- every table, type (also in casts: ::pg_catalog.text, ::isms.scope)
 *	  and function (pg_catalog.unnest, pg_catalog.to_char) is written with
 *	  its schema;
 *	- every operator is written OPERATOR(pg_catalog.=) and so on, also
 *	  before ANY, and in place of IN (SELECT ...) and IS [NOT] DISTINCT
 *	  FROM, which look "=" up on the search_path;
 *	- only syntax that resolves no name is left bare (CASE, coalesce, IS
 *	  NULL, EXISTS, ORDER BY on the default opclass).
 * The types of isms keep their operators in pg_catalog, so that
 * OPERATOR(pg_catalog.=) finds them too.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ISMS_SPI_UTIL_H
#define ISMS_SPI_UTIL_H

#include "postgres.h"

#include "executor/spi.h"

/*
 * A query of the trigger path, prepared on first use and kept.  Statements
 * touching a few certificates use a generic plan, made once; bulk statements
 * (COPY) use a custom plan, made for the actual array of ids, which lets the
 * planner pick hash joins and hashed array lookups.  Either way no statement
 * plans a query per row.
 *
 * A query marked single whose first parameter is the array of ids, written
 * "ANY ($1)", also gets a generic plan of its text with "($1)[1]" in place
 * of "ANY ($1)", used when the array holds exactly one id (a single-row
 * statement): the planner then expects one certificate and joins most of
 * the small reference tables by nested loops, where the plan for some ids
 * builds a hash table of each of them on every call.  Same rows, same
 * order.
 *
 * A query marked generic_only runs its generic plan for any number of ids:
 * one whose plan for a few ids (index probes per id) serves any number.  A
 * custom plan estimates every element of the array it is made for and
 * keeps about 300 bytes per element until it is freed: 300 MB and two
 * seconds of planning for the million certificates of a registry's COPY.
 * The lookups over all of a statement's ids (the locks, the certificates
 * with decisions, the transfer guard, the transition audits' additions) run
 * ISMS_IDS_PER_QUERY of them at a time.
 *
 * Kept plans are made and run as the same user (the checks connect as the
 * tables' owner before their first query, isms_spi_connect_owner), so the
 * plan cache's check of the user a plan with row-level security was made
 * for keeps them across trigger calls.
 */
#define ISMS_PLAN_MAXARGS 16

typedef struct IsmsPlan
{
	const char *sql;
	int			nargs;
	Oid			argtypes[ISMS_PLAN_MAXARGS];
	SPIPlanPtr	generic;
	SPIPlanPtr	custom;
	bool		single;			/* a plan of its own for one id, see above */
	SPIPlanPtr	one;
	bool		generic_only;	/* the generic plan for any number, see above */
} IsmsPlan;

#define ISMS_GENERIC_MAX 64
#define ISMS_IDS_PER_QUERY 8192

/*
 * The user a check runs as.  The rule triggers read and lock the rows the
 * rules need as the owner of the extension's tables, whoever fired them
 * (isms_spi_connect_owner), as PostgreSQL's foreign-key checks do: a check
 * deferred to commit would otherwise run as whatever role the transaction
 * has SET by then, and row-level security would hide other bodies' rows
 * from it.  Readers (isms.status_at, the sweep, ...) connect with
 * isms_spi_connect and read with the caller's privileges.
 */
typedef struct IsmsSpiUser
{
	Oid			userid;
	int			sec_context;
	int			guc_nestlevel;	/* of isms_jit_off, or -1 */
} IsmsSpiUser;

extern void isms_spi_connect(void);
extern void isms_spi_connect_owner(IsmsSpiUser *save);
extern void isms_spi_connect_statement(IsmsSpiUser *save);
extern int	isms_jit_off(void);
extern void isms_jit_restore(int nestlevel);
extern void isms_spi_finish_owner(IsmsSpiUser *save);
extern int	isms_execute_as_owner(SPIPlanPtr plan, Datum *args, const char *nulls,
								  bool read_only, long tcount);
extern Oid	isms_tables_owner(void);
extern Oid	isms_table_owner(const char *name);
extern Oid	isms_table_oid(const char *name);
extern bool isms_column_exists(const char *table, const char *column);
extern SPIPlanPtr isms_prepare_kept(const char *sql, int nargs, Oid *argtypes,
									int cursor_options);
extern int	isms_execute_latest(SPIPlanPtr plan, Datum *args, const char *nulls,
								bool read_only, bool latest, long tcount);
extern bool isms_exec_chunk(IsmsPlan *p, const int64 *ids, int n, int *from,
							bool latest, long tcount);
extern int	isms_exec_plan(IsmsPlan *p, Datum *args, const char *nulls, int n,
						   bool read_only, bool latest, long tcount);
extern char *isms_kind_case(const char *col, const char *type,
							const char *(*namefn) (int), int last, int released);
extern Datum isms_int8_array(int64 *ids, int n);
extern Datum isms_date_array(Datum *vals, bool *nulls, int n);
extern Datum isms_text_array(Datum *vals, bool *nulls, int n);
extern Datum isms_int4_array(Datum *vals, int n);

#endif							/* ISMS_SPI_UTIL_H */
