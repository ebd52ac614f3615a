/*-------------------------------------------------------------------------
 *
 * trg_audit_rows.h
 *	  What the per-statement check of isms.audit (trg_audit_rules.c) shares
 *	  with the reading of its audits (trg_audit_rows.c): the rows read and
 *	  the functions that lock and read them.
 *
 *-------------------------------------------------------------------------
 */
#ifndef TRG_AUDIT_ROWS_H
#define TRG_AUDIT_ROWS_H

#include "surface.h"

#include "utils/portal.h"

/* A registration, as read (and locked) for the lead auditors' check. */
typedef struct Registration
{
	int64		auditor_id;
	DateADT		from;
	DateADT		until;			/* DATEVAL_NOEND when open */
} Registration;

/* One audit to check, as audit_check_sql reads it. */
typedef struct AuditRow
{
	int64		id;
	int64		cert_id;
	char	   *number;			/* its certificate's: read for an error only */
	int			kind;			/* IsmsAuditKind */
	DateADT		start;
	bool		has_days;
	int64		days;			/* hundredths */
	bool		has_persons;
	int32		persons;		/* in scope: the audit's, else the certificate's */
	bool		cert_persons;	/* persons are the certificate's */
	bool		justified;
	const IsmsTimeTable *tt;	/* the audit-time table of its scheme, or NULL */
	bool		has_lead;
	int64		lead;
	char	   *lead_name;		/* read for an error only */
	bool		is_new;			/* written by the statement */
	int64		stage1_days;	/* stage 2: the latest stage 1 before it */
	bool		has_extra;
	int64		extra;			/* the days its edition transition adds */
	bool		with_recert;	/* held with a recertification audit */
	char	   *from_std;
} AuditRow;

extern char *audit_statement_rows_sql(const char *newtable, const char *oldtable);
extern bool audit_lock_certificates(const char *rows_sql);
extern Registration *audit_lock_registrations(const char *newtable, int *nregs);
extern char *audit_rows_sql(const char *rows_sql, const char *newtable);
extern Portal audit_open_latest_cursor(SPIPlanPtr plan);
extern void audit_read_row(HeapTuple t, TupleDesc td, AuditRow *a,
						   const IsmsTimeTable *tables, int ntables);
extern void audit_read_names(AuditRow *a);

#endif							/* TRG_AUDIT_ROWS_H */
