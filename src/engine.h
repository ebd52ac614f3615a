/*-------------------------------------------------------------------------
 *
 * engine.h
 *	  The rule engine's vocabulary: status, decision and audit codes, the
 *	  scheme parameters, the in-memory history of a certificate, the replay
 *	  and the rule checks, and the violation a check returns.
 *
 * Everything declared here is pure: it reads and writes memory only, makes
 * no SPI call and raises no error (a failed check returns an IsmsViolation,
 * which the trigger layer reports, see report.c).  This header includes no
 * executor, SPI or relation header, so the engine builds outside the server
 * too (tests/unit, fuzz/fuzz_engine.c), with ISMS_STANDALONE defined and a
 * small shim of palloc and the date macros in place of postgres.h.
 *
 *-------------------------------------------------------------------------
 */
#ifndef ISMS_ENGINE_H
#define ISMS_ENGINE_H

#ifdef ISMS_STANDALONE
#include "shim.h"
#else
#include "postgres.h"
#include "utils/date.h"
#endif

#include "scope.h"

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

/*
 * Properties of a decision kind (status.c, beside the outcome table): what
 * the kind does and which rule families look at it.
 */
typedef enum IsmsKindProperty
{
	ISMS_KP_OPENS_CYCLE = 1 << 0,	/* sets cycle start and expiry */
	ISMS_KP_NEEDS_ACCREDITATION = 1 << 1,	/* certifies: the body must be
											 * accredited that day */
	ISMS_KP_AFFIRMS_STANDING = 1 << 2,	/* needs every surveillance audit
										 * that fell due before it */
	ISMS_KP_MAKES_VALID = 1 << 3,	/* an add-on's needs its base active */
	ISMS_KP_NEW_REVISION = 1 << 4,	/* counts as a revision of the
									 * certificate */
	ISMS_KP_ENDS = 1 << 5,		/* withdraws or cancels: final */
	ISMS_KP_CHANGES_SCOPE = 1 << 6,	/* reduces or extends the scope */
	ISMS_KP_MOVES_EXPIRY = 1 << 7	/* moves the expiry date of the cycle
									 * in force (rules_extension.c) */
} IsmsKindProperty;

/* status.c: names, the outcome table and the decision-kind properties */
extern const char *isms_status_name(int status);
extern const char *isms_decision_name(int kind);
extern const char *isms_audit_name(int kind);
extern int	isms_decision_outcome(int from, int kind);
extern int	isms_decision_code(const char *label);
extern bool isms_status_is_terminal(int status);
extern bool isms_kind_has(int kind, IsmsKindProperty property);
extern int	isms_addon_status(int own, int base);
extern const char *isms_status_label_of(int status, bool ja);
extern int	isms_status_parse(const char *label);

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
	int			cycle_years;
	int			expiry_offset_days; /* per CB */
	int			first_surveillance_months;
	int			restoration_months;
	int			stage2_decision_months;
	int			max_stage_gap_days; /* -1 = no limit */
	int			suspension_warning_months;
	bool		auto_suspend_overdue;
	int			extension_months;	/* most months an extension may add to
									 * the cycle's own expiry date */
	bool		reported;		/* the register holds no audits of the
								 * certification body (isms_audit_family) */
} IsmsParams;

/* One surveillance or recertification obligation of a cycle. */
typedef struct IsmsObligation
{
	const char *rule;			/* the rule ID that sets it */
	int			audit_kind;
	DateADT		due_from;
	DateADT		due_by;
} IsmsObligation;

#define ISMS_MAX_OBLIGATIONS 16

#define ISMS_MAX_SURVEILLANCE_YEARS (ISMS_MAX_OBLIGATIONS - 2)

/* A scope, parsed once when loaded: canonical elements and its text. */
typedef struct IsmsScopeSet
{
	const char *text;			/* canonical text (isms.scope output) */
	int			n;
	ScopeElem  *elems;
} IsmsScopeSet;

/*
 * Reference data: standards with their IDT originals and edition
 * transitions, read once per backend (refdata.c) and looked up by index.
 */
typedef struct IsmsTransition
{
	const char *from;			/* editions (canonical, without amendments) */
	const char *to;
	DateADT		published;		/* the new edition */
	bool		has_audit_limit;
	DateADT		last_old_audit_start;
	bool		has_valid_limit;
	DateADT		old_valid_until;
} IsmsTransition;

typedef struct IsmsStandard
{
	const char *ref;			/* as stored */
	const char *edition;		/* its international edition, no amendments */
	const char *scheme;
	bool		needs_base;		/* an add-on standard */
	const IsmsTransition *leaving;	/* the transition away from its edition */
} IsmsStandard;

typedef struct IsmsRefData
{
	int			nstd;
	IsmsStandard *std;			/* sorted by ref */
	int			ntrans;
	IsmsTransition *trans;
} IsmsRefData;

/* editions.c */
extern const IsmsStandard *isms_standard(const IsmsRefData *r, const char *ref);
extern const IsmsTransition *isms_transition_leaving(const IsmsRefData *r,
													 const char *ref);
extern bool isms_transition_leads_to(const IsmsRefData *r,
									 const IsmsTransition *t, const char *ref);
extern char *isms_edition_of(const char *canonical);

/*
 * In-memory history of one certificate, as loaded by load.c and replayed by
 * replay.c.
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
	const IsmsScopeSet *new_scope_set; /* scope elements; NULL = unchanged */
	char	   *new_standard;	/* NULL = unchanged */
	int64		corrects;		/* decision this one replaces, 0 = none */
	bool		has_corrects_effective;
	DateADT		corrects_effective; /* effective date of the replaced one */
	bool		corrected;		/* replaced by another decision */
	/* an opening's facts (rules_opening.c); unset for other kinds */
	bool		has_original_date;
	DateADT		original_date;	/* original certification date */
	bool		has_cycle_start;
	DateADT		cycle_start;	/* the current cycle's start (issue date) */
	int			opening_status; /* status on the opening day; 0 = none */
	bool		has_suspended_since;
	DateADT		suspended_since;	/* start of a suspension in force */
	/* a transfer: the cycle it takes over (rules_transfer.c) */
	bool		has_transfer;
	DateADT		transfer_cycle_start;
	DateADT		transfer_expiry;
	DateADT		transfer_original;
} IsmsDecision;

typedef struct IsmsAudit
{
	int			kind;			/* IsmsAuditKind */
	DateADT		start;
	DateADT		end;
	bool		combined;		/* held with an audit of the base */
} IsmsAudit;

/* Status of a certificate from a given day on. */
typedef struct IsmsSegment
{
	DateADT		from;
	int			status;
	int64		decision_id;	/* 0 = by date (expiry) */
} IsmsSegment;

/*
 * What one applied decision left in force: the add-on rules compare an
 * add-on's steps with its base's.
 */
typedef struct IsmsStep
{
	DateADT		from;			/* effective date */
	DateADT		decided;
	int			kind;			/* IsmsDecisionKind */
	int			status;			/* the certificate's own status after it */
	bool		has_cycle;
	DateADT		expiry;
	const IsmsScopeSet *scope_set; /* scope elements in force; NULL = none */
	int64		decision_id;
	bool		is_new;
} IsmsStep;

typedef struct IsmsState
{
	int			status;
	bool		has_cycle;		/* cycle_start and expiry are set */
	DateADT		cycle_start;
	DateADT		expiry;			/* in force: extensions included */
	DateADT		cycle_expiry;	/* as the decision that opened the cycle
								 * set it, before any extension */
	bool		initial_cycle;	/* cycle opened by a grant */
	bool		has_original;
	DateADT		original;		/* original certification date */
	int			revision;
	DateADT		suspended_since;	/* effective date of the suspension */
	DateADT		suspended_decided;	/* its decision date */
	DateADT		terminal_decided;	/* decision date of withdraw/cancel */
	DateADT		last_effective;
	const char *scope;			/* scope statement in force */
	const IsmsScopeSet *scope_set; /* scope elements in force */
	const char *standard;		/* standard edition in force */
	const IsmsTransition *old_edition;	/* its transition, if it is an old
										 * edition */
	bool		opened;			/* entered by an opening */
	DateADT		known_from;		/* its effective date: the first day the
								 * register knows */
	bool		taken_over;		/* the cycle was taken over by a transfer */
	DateADT		taken_over_on;	/* its effective date */
} IsmsState;

/*
 * A broken rule, as a value.  The texts are format strings whose only
 * conversions are %s, filled from the argument lists (each argument a
 * string, dates in ISO form); they are whole sentences, so that the
 * reporter can hand them to errmsg() and friends for translation.
 */
#define ISMS_VIOL_ARGS 8

typedef enum IsmsSqlState
{
	ISMS_SQLSTATE_CHECK_VIOLATION,	/* 23514 */
	ISMS_SQLSTATE_NOT_IN_PREREQUISITE_STATE,	/* 55000 */
	ISMS_SQLSTATE_WARNING,		/* 01000: a warning, not an error */
	ISMS_SQLSTATE_NULL_VALUE_NOT_ALLOWED,	/* 22004 */
	ISMS_SQLSTATE_INSUFFICIENT_PRIVILEGE	/* 42501 */
} IsmsSqlState;

typedef struct IsmsViolation
{
	const char *rule;			/* rule ID: also the constraint name */
	IsmsSqlState sqlstate;
	const char *message;
	const char *margs[ISMS_VIOL_ARGS];
	const char *detail;
	const char *dargs[ISMS_VIOL_ARGS];
	const char *hint;			/* NULL: none */
	const char *hargs[ISMS_VIOL_ARGS];
	/* an existing decision checked against a history the statement changed */
	const IsmsDecision *existing;
	bool		names_decision; /* the message names it already: no context */
} IsmsViolation;

typedef struct IsmsCert IsmsCert;

struct IsmsCert
{
	int64		id;
	char	   *number;
	int64		base_id;		/* base certificate, 0 = none */
	IsmsCert   *base;			/* loaded with it (NULL if base_id is 0) */
	bool		context_only;	/* loaded only as the base of another */
	bool		has_addons;		/* some loaded certificate names it as base */
	bool		replayed;
	int			own_status;		/* on the as-of day, before the base is
								 * applied */
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
	const IsmsScopeSet *stored_scope_set;
	const IsmsScopeSet *initial_scope_set;
	char	   *initial_scope;	/* as applied for: the start of the history */
	char	   *initial_standard;
	/* history, ordered by (effective, id) and by end date */
	int			ndec;
	IsmsDecision *dec;
	int			naud;
	IsmsAudit  *aud;
	/* replay results */
	int			nseg;
	int			segcap;
	IsmsSegment *seg;
	int			nstep;
	IsmsStep   *step;			/* one per applied decision */
	IsmsState	asof;			/* state on the as-of day */
	IsmsState	final;			/* state after every decision */
	int			nwarning;		/* warnings of the replay, to report */
	IsmsViolation **warnings;
};

/*
 * EVD-1: the family of rules that need audit records (the initial audit and
 * its windows and the stage 2 of a restoration, rules_cycle.c; the
 * recertification audit and its edition and the transition audit,
 * rules_edition.c; the extension audit of a scope, rules_scope.c; the
 * surveillance programme, rules_programme.c, whose obligations are "not
 * recorded" instead of overdue) applies only where the register holds the
 * certification body's audits.  The one switch of that
 * family: every rule of it asks here.
 */
static inline bool
isms_audit_family(const IsmsCert *c)
{
	return !c->p.reported;
}

typedef enum IsmsReplayMode
{
	ISMS_REPLAY_LENIENT,		/* readers: skip what is illegal, never fail */
	ISMS_REPLAY_NEW,			/* decisions inserted: check them fully */
	ISMS_REPLAY_AUDITS			/* audits changed: recheck their evidence */
} IsmsReplayMode;

/* rule IDs used as data, each defined in the file that implements its rule */
extern const char *const isms_rule_rec1;	/* rules_cycle.c */
extern const char *const isms_rule_rec2;	/* replay.c */
extern const char *const isms_rule_trn3;	/* rules_edition.c */
extern const char *const isms_rule_sur3;	/* rules_programme.c */
extern const char *const isms_rule_add1;	/* rules_addon.c */
extern const char *const isms_rule_add5;	/* rules_addon.c */
extern const char *const isms_rule_sco1;	/* rules_scope.c */
extern const char *const isms_rule_log1;	/* rules_status.c */
extern const char *const isms_rule_log2;	/* rules_status.c */
extern const char *const isms_rule_trn4;	/* rules_edition.c */
extern const char *const isms_rule_evd2;	/* rules_opening.c */
extern const char *const isms_rule_rec6;	/* rules_extension.c */
extern const char *const isms_rule_trf1;	/* rules_transfer.c */

/* rules_cycle.c: the hint for a decision an expired certificate does not allow */
extern const char *isms_expired_hint(void);

/* rules_edition.c: a transition audit below what its transition adds */
extern IsmsViolation *isms_transition_time_violation(const char *number,
													 const char *from_std,
													 bool with_recert,
													 const char *extra,
													 const char *start,
													 const char *recorded);

/* rules_status.c: a correction that names no earlier decision of its certificate */
extern IsmsViolation *isms_correction_violation(const char *id, const char *target,
												const char *cert,
												const char *target_cert,
												bool target_is_annul,
												const char *decided,
												const char *target_decided);

/* rules_status.c: a decision on an add-on whose base is withdrawn or cancelled */
extern IsmsViolation *isms_check_base_final(const IsmsCert *c, const IsmsCert *b,
											int kind, int base_status, DateADT from);

/* rules_addon.c: the link of a certificate to its base, as read */
typedef struct IsmsBaseLink
{
	const char *number;			/* the certificate that names a base */
	const char *base;			/* the base's number */
	const char *scheme;			/* the certificate's scheme */
	const char *standard;		/* the certificate's standard */
	const char *base_scheme;	/* the scheme its scheme names for bases, or NULL */
	const char *scheme_of_base; /* the base's scheme */
	const char *last_edition;	/* the edition of the base's last transition, or NULL */
	const char *last_scheme;	/* its scheme */
	bool		self;			/* the certificate is its own base */
	bool		is_base_scheme; /* its scheme is some scheme's base scheme */
	bool		addon_standard; /* an edition of its standard needs a base */
	bool		base_has_no_base;
	bool		same_org;
	bool		same_cb;
} IsmsBaseLink;

extern IsmsViolation *isms_check_base_link(const IsmsBaseLink *l);
extern IsmsViolation *isms_base_keeps_addons(const char *number, const char *addon,
											 const char *base_scheme);

/* rules_addon.c: an add-on's audit combined with one of its base */
extern bool isms_combined_audit_ok(bool of_base, int base_kind, bool overlaps);
extern IsmsViolation *isms_check_combined_audit(const char *audit, const char *number, const char *other,
												const char *of_certificate, bool of_base,
												int base_kind, bool overlaps);

/* violation.c: building violations */
extern IsmsViolation *isms_violation(const char *rule, IsmsSqlState sqlstate);
extern void isms_viol_message(IsmsViolation *v, const char *fmt,...);
extern void isms_viol_detail(IsmsViolation *v, const char *fmt,...);
extern void isms_viol_hint(IsmsViolation *v, const char *fmt,...);
extern const char *isms_date_text(DateADT d);
extern const char *isms_int_text(int64 i);
extern const char *isms_status_text(int status);

/*
 * Mark a format string for translation where it is not a literal argument
 * of errmsg() and friends.
 */
#define ISMS_MSG(x) (x)

/* replay.c: the state machine */
extern IsmsViolation *isms_replay_history(IsmsCert *c, DateADT as_of,
										  IsmsReplayMode mode);
extern int	isms_status_on(const IsmsCert *c, DateADT day);
extern DateADT isms_valid_end(const IsmsState *s);
extern bool isms_cert_changed(const IsmsCert *c);
extern const IsmsStep *isms_step_on(const IsmsCert *c, DateADT day);
extern IsmsCert *isms_find_cert(IsmsCert *certs, int ncert, int64 id);
extern int	isms_cmp_int64(const void *a, const void *b);
extern int	isms_sort_unique(int64 *a, int n);

/* rules_status.c: decisions the status does not allow */
extern IsmsViolation *isms_check_transition(const IsmsCert *c, const IsmsState *s,
											const IsmsDecision *d);
extern IsmsViolation *isms_check_long_suspension(const IsmsCert *c,
												 const IsmsState *s,
												 const IsmsDecision *d, int to);

/* rules_cycle.c: evidence and windows of cycle decisions */
extern bool isms_cycle_latest_expiry(const IsmsParams *p, int kind, DateADT decided,
							   bool has_previous, DateADT previous_expiry,
							   DateADT *result);
extern DateADT isms_restoration_end(const IsmsParams *p, DateADT expiry);
extern IsmsViolation *isms_check_expiry_kind(int kind, DateADT new_expiry);
extern IsmsViolation *isms_check_expiry_after_effective(int kind, DateADT new_expiry,
														DateADT effective);
extern IsmsViolation *isms_check_transition_row(int kind, bool has_new_standard);
extern IsmsViolation *isms_check_scope_row(int kind, bool has_scope);
extern IsmsViolation *isms_check_transfer_row(int kind, bool has_transfer_cycle);
extern IsmsViolation *isms_check_previous_expiry(int kind, bool has_previous);
extern IsmsViolation *isms_check_missing_expiry(const IsmsCert *c,
												const IsmsDecision *d);
extern IsmsViolation *isms_check_cycle_windows(const IsmsCert *c, const IsmsState *s,
											   const IsmsDecision *d);
extern IsmsViolation *isms_check_cycle_evidence(const IsmsCert *c, const IsmsState *s,
												const IsmsDecision *d, bool windows);
extern IsmsViolation *isms_check_recertify_late(const IsmsCert *c,
												const IsmsState *s,
												const IsmsDecision *d);
extern const char *isms_transition_rule_of(int kind);

/* rules_extension.c: extraordinary-event extensions of the expiry date */
extern DateADT isms_extension_limit(const IsmsParams *p, const IsmsState *s);
extern IsmsViolation *isms_check_extension_row(int kind, bool has_expiry,
											   bool has_reason,
											   bool has_authority);
extern IsmsViolation *isms_check_extension(const IsmsCert *c, const IsmsState *s,
										   const IsmsDecision *d);

/* rules_edition.c: moving between editions of a standard */
extern DateADT isms_edition_audit_limit(const IsmsState *s);
extern IsmsViolation *isms_edition_audit_violation(const IsmsCert *c,
												   const IsmsState *s,
												   const IsmsDecision *d);
extern IsmsViolation *isms_check_edition(const IsmsCert *c, const IsmsState *s,
										 const IsmsDecision *d);
extern IsmsViolation *isms_check_edition_restore(const IsmsCert *c,
												 const IsmsState *s,
												 const IsmsDecision *d);
extern IsmsViolation *isms_check_edition_cycle(const IsmsCert *c, const IsmsState *s,
												const IsmsDecision *d);

/* rules_programme.c: the audit programme of a cycle */
extern int	isms_cycle_programme(DateADT cycle_start, DateADT expiry,
								 bool initial, DateADT recert_audit_end,
								 bool has_recert_audit,
								 int first_surveillance_months,
								 IsmsObligation *out);
extern int	isms_programme_of(const IsmsCert *c, const IsmsState *st,
							  IsmsObligation *ob);
extern int	isms_programme_states(const IsmsCert *c, const IsmsState *st,
								  const IsmsObligation *ob, int n, DateADT as_of,
								  DateADT *done_on, const char **state);
extern int	isms_overdue_surveillance(const IsmsCert *c, DateADT as_of,
									  DateADT *due_by, const char **rule);
extern IsmsViolation *isms_check_programme(const IsmsCert *c, const IsmsState *s,
										   const IsmsDecision *d);
extern bool isms_in_cycle(const IsmsAudit *a, const IsmsState *st);

/*
 * rules_opening.c: opening balances.  The row's own columns, as the
 * BEFORE INSERT trigger reads them (has_* false for NULL).
 */
typedef struct IsmsOpeningRow
{
	int			kind;			/* IsmsDecisionKind, 0 = not known */
	DateADT		decided;
	DateADT		effective;
	bool		has_expiry;
	DateADT		new_expiry;
	bool		has_original_date;
	DateADT		original_date;
	bool		has_cycle_start;
	DateADT		cycle_start;
	int			opening_status; /* 0 = NULL */
	bool		has_suspended_since;
	DateADT		suspended_since;
} IsmsOpeningRow;

extern IsmsViolation *isms_check_opening_row(const IsmsOpeningRow *r);
extern int	isms_opening_outcome(const IsmsDecision *d, int to);
extern void isms_apply_opening(IsmsState *s, const IsmsDecision *d);
extern bool isms_status_unknown(const IsmsCert *c, DateADT day);
extern bool isms_before_opening(const IsmsState *s, DateADT day);
extern IsmsViolation *isms_opening_refused(const char *role, const char *number);

/* rules_scope.c: the scope of a certificate */
extern IsmsViolation *isms_check_scope(const IsmsCert *c, const IsmsState *s,
									   const IsmsDecision *d);
extern bool isms_scope_contains_set(const IsmsScopeSet *a, const IsmsScopeSet *b);

/* rules_addon.c: add-ons and their bases */
extern IsmsViolation *isms_check_needs_base(const IsmsCert *c, const IsmsState *s,
											const IsmsDecision *d);
extern bool isms_combined_audit_covers(const IsmsCert *c, const IsmsState *s,
									   const IsmsDecision *d, bool windows);
extern IsmsViolation *isms_check_addon(const IsmsCert *c, bool only_new);
extern void isms_apply_base(IsmsCert *c, DateADT as_of);
extern bool isms_addon_decided_after(IsmsCert *certs, int ncert,
									 const IsmsCert *base, DateADT day);
extern IsmsViolation *isms_check_addons_of(IsmsCert *certs, int ncert);

/*
 * rules_transfer.c: transfers between certification bodies.  What the
 * server side read about a transfer decision, as values.
 */
typedef struct IsmsTransferFacts
{
	const char *number;			/* the receiving certificate */
	const char *cb_code;		/* its certification body */
	const char *from_number;	/* the certificate it takes over; NULL: none
								 * named */
	const char *from_cb_code;
	bool		same_cb;
	bool		same_org;
	const char *standard;		/* the receiving certificate's standard */
	const char *from_standard;	/* the issuing one's in force that day */
	int			from_status;	/* the issuing certificate's status that day */
	DateADT		effective;		/* the transfer date */
	const char *base_number;	/* the receiving certificate's base, or NULL */
	const char *from_base_number;	/* the issuing certificate's base, or NULL */
	bool		base_takes_over;	/* the receiving base took over the
									 * issuing base, effective that day */
} IsmsTransferFacts;

extern IsmsViolation *isms_check_transfer(const IsmsTransferFacts *f);
extern void isms_apply_transfer(IsmsState *s, const IsmsDecision *d);
extern IsmsViolation *isms_transfer_link_violation(const char *number,
												   const char *from_id,
												   bool same_org, bool same_cb);
extern IsmsViolation *isms_transfer_final_violation(const char *id,
													const char *number,
													const char *target,
													const char *receiver,
													const char *receiver_cb,
													const char *base);
extern IsmsViolation *isms_transfer_addon_left(const char *base,
											   const char *addon,
											   DateADT day);

#endif							/* ISMS_ENGINE_H */
