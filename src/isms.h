/*-------------------------------------------------------------------------
 *
 * isms.h
 *	  Shared declarations of the isms extension: the certificate-status
 *	  codes, the decision and audit kinds, the scheme parameters and the
 *	  in-memory form of one certificate's history.
 *
 * This is the only header that looks at PG_VERSION_NUM: every version
 * difference between PostgreSQL 15 and 18 is absorbed here.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ISMS_H
#define ISMS_H

#include "postgres.h"

#include "executor/spi.h"
#include "fmgr.h"
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
 * Certificate status (the scheme's status vocabulary).  The on-disk value is
 * one byte; the codes give the sort order of the type, which is the order in
 * which the scheme lists the statuses.  Zero is never stored.  The codes of
 * this enum and of the two below are listed once, in kinds.def, which also
 * gives the SQL enums isms.decision_kind and isms.audit_kind their labels.
 */
typedef enum IsmsStatus
{
	ISMS_ST_NONE = 0,
#define ISMS_STATUS(name, label) ISMS_ST_##name,
#include "kinds.def"
	ISMS_ST_END					/* one past the last code */
} IsmsStatus;

#define ISMS_ST_FIRST ISMS_ST_DRAFT
#define ISMS_ST_LAST  (ISMS_ST_END - 1)

#define DatumGetIsmsStatus(d)	((uint8) DatumGetChar(d))
#define IsmsStatusGetDatum(s)	CharGetDatum((char) (s))
#define PG_GETARG_ISMS_STATUS(n) DatumGetIsmsStatus(PG_GETARG_DATUM(n))
#define PG_RETURN_ISMS_STATUS(s) return IsmsStatusGetDatum(s)

/* Decision kinds, in the order of the SQL enum isms.decision_kind. */
typedef enum IsmsDecisionKind
{
	ISMS_DK_NONE = 0,
#define ISMS_DECISION_KIND(name, label) ISMS_DK_##name,
#include "kinds.def"
	ISMS_DK_END
} IsmsDecisionKind;

#define ISMS_DK_LAST (ISMS_DK_END - 1)

/* Audit kinds, in the order of the SQL enum isms.audit_kind. */
typedef enum IsmsAuditKind
{
	ISMS_AK_NONE = 0,
#define ISMS_AUDIT_KIND(name, label) ISMS_AK_##name,
#include "kinds.def"
	ISMS_AK_END
} IsmsAuditKind;

#define ISMS_AK_LAST (ISMS_AK_END - 1)

/* status.c */
extern const char *isms_status_name(int status);
extern const char *isms_decision_name(int kind);
extern const char *isms_audit_name(int kind);
extern int	isms_decision_outcome(int from, int kind);
extern int	isms_decision_code(const char *label);
extern bool isms_status_is_terminal(int status);

/* calendar.c: pure date arithmetic, PostgreSQL's date + interval rules */
extern DateADT isms_add_months(DateADT d, int months);
extern void isms_format_date(DateADT d, char *buf);	/* buf >= 16 bytes */
extern int	isms_date_year(DateADT d);
extern DateADT isms_make_date(int y, int m, int d);

#define ISMS_DATEBUF 16

/*
 * Scheme parameters (the [P] parameters of the rules), read from isms.scheme,
 * isms.scheme_setting and isms.certification_body.
 */
typedef struct IsmsParams
{
	int			cycle_years;	/* CYC-3 */
	int			expiry_offset_days; /* CYC-3, per CB */
	int			first_surveillance_months;	/* SUR-1 */
	int			restoration_months; /* REC-3 */
	int			stage2_decision_months; /* CYC-5 */
	int			max_stage_gap_days; /* CYC-6, -1 = no limit */
	int			suspension_warning_months;	/* SUS-2 */
	bool		auto_suspend_overdue;	/* SUR-3 */
} IsmsParams;

/* One surveillance or recertification obligation of a cycle. */
typedef struct IsmsObligation
{
	const char *rule;			/* "SUR-1", "SUR-2" or "REC-1" */
	int			audit_kind;
	DateADT		due_from;
	DateADT		due_by;
} IsmsObligation;

#define ISMS_MAX_OBLIGATIONS 16

#define ISMS_MAX_SURVEILLANCE_YEARS (ISMS_MAX_OBLIGATIONS - 2)
extern int	isms_cycle_programme(DateADT cycle_start, DateADT expiry,
								 bool initial, DateADT recert_audit_end,
								 bool has_recert_audit,
								 int first_surveillance_months,
								 IsmsObligation *out);

/*
 * In-memory history of one certificate, as replayed by history.c.
 */
typedef struct IsmsDecision
{
	int64		id;
	int			kind;			/* IsmsDecisionKind */
	DateADT		decided;
	DateADT		effective;
	DateADT		new_expiry;
	bool		has_expiry;
	bool		is_new;			/* written by the current statement */
	char	   *new_scope;		/* scope statement; NULL = unchanged */
	char	   *new_scope_set;	/* scope elements (text form); NULL = unchanged */
	char	   *new_standard;	/* NULL = unchanged */
	int64		corrects;		/* decision this one replaces, 0 = none */
	bool		corrected;		/* replaced by another decision (LOG-1) */
} IsmsDecision;

typedef struct IsmsAudit
{
	int			kind;			/* IsmsAuditKind */
	DateADT		start;
	DateADT		end;
	bool		combined;		/* held with an audit of the base (ADD-6) */
} IsmsAudit;

/*
 * Reference data of a statement: standards with their IDT originals (STD-1)
 * and edition transitions (TRN-1..5), read once per load.
 */
typedef struct IsmsTransition
{
	char	   *from;			/* canonical (international) references */
	char	   *to;
	DateADT		published;		/* TRN-1: the new edition */
	bool		has_audit_limit;
	DateADT		last_old_audit_start;	/* TRN-2 */
	bool		has_valid_limit;
	DateADT		old_valid_until;	/* TRN-3 */
} IsmsTransition;

typedef struct IsmsRefData
{
	int			nstd;
	char	  **std_ref;
	char	  **std_canonical;
	bool	   *std_needs_base;	/* ADD-1 */
	char	  **std_scheme;
	int			ntrans;
	IsmsTransition *trans;
} IsmsRefData;

/* Status of a certificate from a given day on. */
typedef struct IsmsSegment
{
	DateADT		from;
	int			status;
	int64		decision_id;	/* 0 = by date (expiry) */
} IsmsSegment;

/*
 * What one applied decision left in force: the add-on rules (ADD-2..4)
 * compare an add-on's steps with its base's.
 */
typedef struct IsmsStep
{
	DateADT		from;			/* effective date */
	DateADT		decided;
	int			kind;			/* IsmsDecisionKind */
	int			status;			/* the certificate's own status after it */
	bool		has_cycle;
	DateADT		expiry;
	const char *scope_set;		/* scope elements in force; NULL = none */
	int64		decision_id;
	bool		is_new;
} IsmsStep;

typedef struct IsmsState
{
	int			status;
	bool		has_cycle;		/* cycle_start and expiry are set */
	DateADT		cycle_start;	/* CYC-2 */
	DateADT		expiry;
	bool		initial_cycle;	/* cycle opened by a grant: SUR-1 applies */
	bool		has_original;
	DateADT		original;		/* REC-5 */
	int			revision;		/* SCO-1 revision marker */
	DateADT		suspended_since;	/* effective date of the suspension */
	DateADT		suspended_decided;	/* its decision date */
	DateADT		terminal_decided;	/* decision date of withdraw/cancel */
	DateADT		last_effective;
	const char *scope;			/* scope statement in force */
	const char *scope_set;		/* scope elements in force (text form) */
	const char *standard;		/* standard edition in force */
	const IsmsTransition *old_edition;	/* its transition, if it is an old edition */
} IsmsState;

typedef struct IsmsCert IsmsCert;

struct IsmsCert
{
	int64		id;
	char	   *number;
	/* add-ons (ADD-1..7) */
	int64		base_id;		/* base certificate, 0 = none */
	IsmsCert   *base;			/* loaded with it (NULL if base_id is 0) */
	bool		context_only;	/* loaded only as the base of another */
	bool		has_addons;		/* some loaded certificate names it as base */
	bool		replayed;
	int			own_status;		/* on the as-of day, before the base is applied */
	int64		cb_id;
	char	   *cb_code;
	char	   *scheme;			/* scheme of the certificate's standard */
	const IsmsRefData *ref;
	IsmsParams	p;
	/* stored (cached) columns, to detect changes */
	int			stored_status;
	bool		stored_has_expiry;
	DateADT		stored_expiry;
	bool		stored_has_cycle;
	DateADT		stored_cycle_start;
	bool		stored_has_original;
	DateADT		stored_original;
	int			stored_revision;
	char	   *stored_scope;
	char	   *stored_standard;
	char	   *stored_scope_set;
	char	   *initial_scope_set;
	char	   *initial_scope;	/* as applied for: the start of the history */
	char	   *initial_standard;
	/* history, ordered by (effective, id) and by end date */
	int			ndec;
	IsmsDecision *dec;
	int			naud;
	IsmsAudit  *aud;
	/* replay results */
	int			nseg;
	IsmsSegment *seg;
	int			nstep;
	IsmsStep   *step;			/* one per applied decision */
	IsmsState	asof;			/* state on the as-of day */
	IsmsState	final;			/* state after every decision */
};

typedef enum IsmsReplayMode
{
	ISMS_REPLAY_LENIENT,		/* readers: skip what is illegal, never raise */
	ISMS_REPLAY_NEW,			/* decisions inserted: check them fully */
	ISMS_REPLAY_AUDITS			/* audits changed: recheck their evidence */
} IsmsReplayMode;

/* How isms_load reads. */
typedef enum IsmsLoadMode
{
	ISMS_LOAD_READ,				/* a reader (STABLE function): read-only */
	ISMS_LOAD_OWN,				/* sees the rows the current statement wrote */
	ISMS_LOAD_LOCK				/* a writer: locks the certificates first */
} IsmsLoadMode;

/* history.c */
extern IsmsCert *isms_load(int64 *ids, int nids, IsmsLoadMode mode, int *ncert);
extern void isms_lock_certificates(int64 *ids, int nids);
extern void isms_replay(IsmsCert *c, DateADT as_of, IsmsReplayMode mode,
						Relation rel);
extern int	isms_status_on(const IsmsCert *c, DateADT day);
extern DateADT isms_valid_end(const IsmsState *s);
extern bool isms_cert_changed(const IsmsCert *c);
extern void isms_store(IsmsCert *certs, int ncert);
extern int	isms_programme_of(const IsmsCert *c, const IsmsState *st,
							  IsmsObligation *ob);
extern void isms_check_new_decisions(IsmsCert *certs, int ncert, Relation rel);
extern void isms_check_accreditation_cover(int64 *cb_ids, int ncb, Relation rel);
extern bool isms_internal_write;

/* guard.c: installs the hook that refuses to drop a registry with rows */
extern void isms_guard_init(void);
extern int	isms_overdue_surveillance(const IsmsCert *c, DateADT as_of,
									  DateADT *due_by, const char **rule);
extern int	isms_programme_states(const IsmsCert *c, const IsmsState *st,
								  const IsmsObligation *ob, int n, DateADT as_of,
								  DateADT *done_on, const char **state);
extern bool isms_cert_latest_expiry(int64 id, int kind, DateADT decided,
									bool from_trigger, DateADT *result);
extern IsmsCert *isms_find_cert(IsmsCert *certs, int ncert, int64 id);
extern int	isms_addon_status(int own, int base);
extern void isms_check_addons(IsmsCert *certs, int ncert, Relation rel);
extern void isms_queue_addon_checks(IsmsCert *certs, int ncert);
extern void isms_addon_check_batch(int64 id, Relation rel);
extern void isms_addon_forget(bool done_only);
extern bool isms_addon_decided_after(IsmsCert *certs, int ncert,
									 const IsmsCert *base, DateADT day);
extern int	isms_cmp_int64(const void *a, const void *b);
extern SPIPlanPtr isms_prepare_kept(const char *sql, int nargs, Oid *argtypes,
									int cursor_options);

/* trigger_util.c (isms_sort_unique: history.c) */
struct TriggerData;
extern struct TriggerData *isms_trigger_data(FunctionCallInfo fcinfo, const char *fn,
											 bool before, bool row);
extern int	isms_sort_unique(int64 *a, int n);

#endif							/* ISMS_H */
