/*-------------------------------------------------------------------------
 *
 * status.c
 *	  The scheme's vocabulary as data: the names of statuses, decision kinds
 *	  and audit kinds, the table of legal transitions (outcome of each
 *	  decision kind from each status), the properties of each decision kind
 *	  beside it, and the severity order in which an add-on follows its base.
 *	  Pure: the SQL type isms.cert_status is in status_type.c.
 *
 *-------------------------------------------------------------------------
 */
#include "engine.h"

typedef struct StatusName
{
	const char *name;			/* canonical output, lower case */
	const char *iaf;			/* IAF CertSearch upload spelling */
	const char *ja;				/* Japanese register label (UTF-8) */
} StatusName;

static const StatusName status_names[] = {
	[ISMS_ST_DRAFT] = {"draft", "Draft", "審査中"},
	[ISMS_ST_ACTIVE] = {"active", "Active", "有効"},
	[ISMS_ST_SUSPENDED] = {"suspended", "Suspended", "一時停止"},
	[ISMS_ST_WITHDRAWN] = {"withdrawn", "Withdrawn", "取消し"},
	[ISMS_ST_CANCELLED] = {"cancelled", "Cancelled", "返上"},
	[ISMS_ST_EXPIRED] = {"expired", "Expired", "失効"},
};

/* Further Japanese spellings accepted on input (UTF-8). */
static const struct
{
	const char *label;
	int			status;
}			status_aliases[] = {
	{"登録", ISMS_ST_ACTIVE},
	{"取消", ISMS_ST_WITHDRAWN},
	{"取り消し", ISMS_ST_WITHDRAWN},
};

static const char *const decision_names[] = {
	[ISMS_DK_GRANT] = "grant",
	[ISMS_DK_SUSPEND] = "suspend",
	[ISMS_DK_REINSTATE] = "reinstate",
	[ISMS_DK_WITHDRAW] = "withdraw",
	[ISMS_DK_CANCEL] = "cancel",
	[ISMS_DK_RECERTIFY] = "recertify",
	[ISMS_DK_RESTORE] = "restore",
	[ISMS_DK_REDUCE_SCOPE] = "reduce_scope",
	[ISMS_DK_EXTEND_SCOPE] = "extend_scope",
	[ISMS_DK_TRANSITION] = "transition",
	[ISMS_DK_ANNUL] = "annul",
	[ISMS_DK_OPEN] = "open",
	[ISMS_DK_EXTEND] = "extend",
	[ISMS_DK_TRANSFER] = "transfer",
};

static const char *const audit_names[] = {
	[ISMS_AK_STAGE1] = "stage1",
	[ISMS_AK_STAGE2] = "stage2",
	[ISMS_AK_SURVEILLANCE] = "surveillance",
	[ISMS_AK_RECERTIFICATION] = "recertification",
	[ISMS_AK_SPECIAL] = "special",
	[ISMS_AK_TRANSITION] = "transition",
};

#define A ISMS_ST_ACTIVE
#define S ISMS_ST_SUSPENDED
#define W ISMS_ST_WITHDRAWN
#define C ISMS_ST_CANCELLED

/*
 * Outcome of each decision kind from each status; 0 = not allowed.
 * (annul is not a transition: it voids the decision it corrects.)
 * Rows: from-status; columns: decision kind.  This is the scheme's table
 * of legal transitions, with two additions the rules state elsewhere:
 *  - reduce_scope also ends a suspension;
 *  - grant from expired starts a new cycle after a lapse (rules_cycle.c);
 *  - open enters a draft certificate in the state it has on the opening
 *    day: active here, suspended when the opening says so
 *    (rules_opening.c).
 *  - extend moves the expiry date of an active or suspended certificate
 *    and leaves its status (rules_extension.c).
 * Expiry itself is not a decision: it happens by date (replay.c).
 * A transfer (rules_transfer.c) makes the receiving body's draft
 * active with the cycle it takes over.
 */
static const uint8 outcome[ISMS_ST_LAST + 1][ISMS_DK_LAST + 1] = {
	/*                 - grant sus rein wdr can recert rest red ext trn annul open extend transfer */
	/* (by kind: kinds appended later keep their place) */
	[ISMS_ST_DRAFT] = {[ISMS_DK_GRANT] = A, [ISMS_DK_OPEN] = A, [ISMS_DK_TRANSFER] = A},
	[ISMS_ST_ACTIVE] = {0, 0, S, 0, W, C, A, 0, A, A, A, [ISMS_DK_EXTEND] = A},
	[ISMS_ST_SUSPENDED] = {0, 0, 0, A, W, C, 0, 0, A, 0, 0, [ISMS_DK_EXTEND] = S},
	[ISMS_ST_WITHDRAWN] = {0},
	[ISMS_ST_CANCELLED] = {0},
	[ISMS_ST_EXPIRED] = {0, A, 0, 0, W, 0, 0, A, 0, 0, 0, 0, 0},
};

#undef A
#undef S
#undef W
#undef C

/*
 * What each decision kind does, beside the outcome table: the rule families
 * ask these properties, never lists of kinds.
 */
#define OC ISMS_KP_OPENS_CYCLE
#define NA ISMS_KP_NEEDS_ACCREDITATION
#define AS ISMS_KP_AFFIRMS_STANDING
#define MV ISMS_KP_MAKES_VALID
#define NR ISMS_KP_NEW_REVISION
#define EN ISMS_KP_ENDS
#define CS ISMS_KP_CHANGES_SCOPE
#define ME ISMS_KP_MOVES_EXPIRY

static const int kind_properties[ISMS_DK_LAST + 1] = {
	[ISMS_DK_GRANT] = OC | NA | MV | NR,
	[ISMS_DK_SUSPEND] = 0,
	[ISMS_DK_REINSTATE] = AS,
	[ISMS_DK_WITHDRAW] = EN,
	[ISMS_DK_CANCEL] = EN,
	[ISMS_DK_RECERTIFY] = OC | NA | AS | MV | NR,
	[ISMS_DK_RESTORE] = OC | NA | AS | MV | NR,
	[ISMS_DK_REDUCE_SCOPE] = AS | NR | CS,
	[ISMS_DK_EXTEND_SCOPE] = NA | AS | MV | NR | CS,
	[ISMS_DK_TRANSITION] = AS | NR,
	[ISMS_DK_ANNUL] = 0,
	/* cycle and expiry from the opening's columns; neither accreditation
	 * nor audits are asked of it (rules_opening.c) */
	[ISMS_DK_OPEN] = OC | MV | NR,
	[ISMS_DK_EXTEND] = NA | ME,
	[ISMS_DK_TRANSFER] = NA | MV | NR,
};

#undef OC
#undef NA
#undef AS
#undef MV
#undef NR
#undef EN
#undef CS
#undef ME

/*
 * How bad a status is for an add-on whose base has it: active < suspended
 * < expired < withdrawn (a draft add-on stays a draft; cancelled counts as
 * withdrawn).
 */
static const int severity[ISMS_ST_LAST + 1] = {
	[ISMS_ST_DRAFT] = 0,
	[ISMS_ST_ACTIVE] = 0,
	[ISMS_ST_SUSPENDED] = 1,
	[ISMS_ST_WITHDRAWN] = 3,
	[ISMS_ST_CANCELLED] = 3,
	[ISMS_ST_EXPIRED] = 2,
};

const char *
isms_status_name(int status)
{
	if (status < ISMS_ST_FIRST || status > ISMS_ST_LAST)
		return "?";
	return status_names[status].name;
}

const char *
isms_decision_name(int kind)
{
	if (kind < 1 || kind > ISMS_DK_LAST)
		return "?";
	return decision_names[kind];
}

const char *
isms_audit_name(int kind)
{
	if (kind < 1 || kind > ISMS_AK_LAST)
		return "?";
	return audit_names[kind];
}

int
isms_decision_outcome(int from, int kind)
{
	if (from < ISMS_ST_FIRST || from > ISMS_ST_LAST ||
		kind < 1 || kind > ISMS_DK_LAST)
		return 0;
	return outcome[from][kind];
}

bool
isms_status_is_terminal(int status)
{
	return status == ISMS_ST_WITHDRAWN || status == ISMS_ST_CANCELLED;
}

/* Map a decision_kind enum label to its code; 0 if unrecognized. */
int
isms_decision_code(const char *label)
{
	int			k;

	for (k = 1; k <= ISMS_DK_LAST; k++)
		if (strcmp(label, decision_names[k]) == 0)
			return k;
	return 0;
}

bool
isms_kind_has(int kind, IsmsKindProperty property)
{
	if (kind < 1 || kind > ISMS_DK_LAST)
		return false;
	return (kind_properties[kind] & property) != 0;
}

/*
 * The status of an add-on is the worse of its own and its base's: a
 * suspended base suspends it, an expired base expires it, a withdrawn or
 * cancelled base withdraws it.  A draft, withdrawn or cancelled add-on
 * stays what it is.  (A base that is a draft again, its grant annulled, is
 * a broken history that the add-on rules refuse; it counts as suspended
 * meanwhile.)
 */
int
isms_addon_status(int own, int base)
{
	if (own == ISMS_ST_DRAFT || isms_status_is_terminal(own))
		return own;
	if (isms_status_is_terminal(base))
		return ISMS_ST_WITHDRAWN;
	if (base == ISMS_ST_DRAFT)
		base = ISMS_ST_SUSPENDED;
	return severity[base] > severity[own] ? base : own;
}

/* The IAF CertSearch spelling (ja: the Japanese register label, UTF-8). */
const char *
isms_status_label_of(int status, bool ja)
{
	if (status < ISMS_ST_FIRST || status > ISMS_ST_LAST)
		return NULL;
	return ja ? status_names[status].ja : status_names[status].iaf;
}

static bool
ascii_caseeq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
	{
		char		x = (*a >= 'A' && *a <= 'Z') ? *a + 32 : *a;
		char		y = (*b >= 'A' && *b <= 'Z') ? *b + 32 : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

/*
 * A status from its label (UTF-8, trimmed); 0 if the text names no status.
 * English names match case-insensitively (so "Active" and "ACTIVE" are
 * accepted); Japanese labels match exactly.
 */
int
isms_status_parse(const char *s)
{
	int			i;

	for (i = ISMS_ST_FIRST; i <= ISMS_ST_LAST; i++)
		if (ascii_caseeq(s, status_names[i].name) ||
			strcmp(s, status_names[i].ja) == 0)
			return i;
	for (i = 0; i < (int) lengthof(status_aliases); i++)
		if (strcmp(s, status_aliases[i].label) == 0)
			return status_aliases[i].status;
	return 0;
}
