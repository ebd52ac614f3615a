/*-------------------------------------------------------------------------
 *
 * status.c
 *	  The certificate-status type isms.cert_status and the table of legal
 *	  transitions (the scheme's legal transitions).
 *
 * The type is one byte, passed by value.  Comparison and hashing reuse the
 * built-in "char" functions (the codes are ordered), so only input, output,
 * binary I/O, labels and the transition table live here.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

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
 * (annul is not a transition: it voids the decision it corrects, LOG-1.)
 * Rows: from-status; columns: decision kind.  This is the scheme's table
 * of legal transitions, with two additions the rules state elsewhere:
 *  - reduce_scope also ends a suspension (SUS-2);
 *  - grant from expired starts a new cycle after a lapse (REC-4).
 * Expiry itself is not a decision: it happens by date (REC-2, SUS-3).
 */
static const uint8 outcome[ISMS_ST_LAST + 1][ISMS_DK_LAST + 1] = {
	/*                 grant sus rein wdr can recert rest red ext trn annul */
	[ISMS_ST_DRAFT] = {0, A, 0, 0, 0, 0, 0, 0, 0, 0, 0},
	[ISMS_ST_ACTIVE] = {0, 0, S, 0, W, C, A, 0, A, A, A},
	[ISMS_ST_SUSPENDED] = {0, 0, 0, A, W, C, 0, 0, A, 0, 0},
	[ISMS_ST_WITHDRAWN] = {0},
	[ISMS_ST_CANCELLED] = {0},
	[ISMS_ST_EXPIRED] = {0, A, 0, 0, W, 0, 0, A, 0, 0, 0},
};

#undef A
#undef S
#undef W
#undef C

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

/*
 * Skip ASCII white space and U+3000 (ideographic space, common in Japanese
 * documents) at both ends of a UTF-8 string, in place.
 */
static char *
trim_utf8(char *s)
{
	char	   *end;

	for (;;)
	{
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
			*s == '\f' || *s == '\v')
			s++;
		else if ((unsigned char) s[0] == 0xE3 && (unsigned char) s[1] == 0x80 &&
				 (unsigned char) s[2] == 0x80)
			s += 3;
		else
			break;
	}
	end = s + strlen(s);
	for (;;)
	{
		if (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' ||
						end[-1] == '\r' || end[-1] == '\f' || end[-1] == '\v'))
			end--;
		else if (end - s >= 3 && (unsigned char) end[-3] == 0xE3 &&
				 (unsigned char) end[-2] == 0x80 && (unsigned char) end[-1] == 0x80)
			end -= 3;
		else
			break;
	}
	*end = '\0';
	return s;
}

/*
 * Parse a status label; returns 0 if the text names no status.  English
 * names match case-insensitively (so "Active" and "ACTIVE" are accepted);
 * Japanese labels match exactly.  The input is in the server encoding.
 */
static int
parse_status(const char *input)
{
	char	   *utf8;
	char	   *s;
	int			i;

	utf8 = pg_server_to_any(input, strlen(input), PG_UTF8);
	s = trim_utf8(pstrdup(utf8));

	for (i = ISMS_ST_FIRST; i <= ISMS_ST_LAST; i++)
		if (pg_strcasecmp(s, status_names[i].name) == 0 ||
			strcmp(s, status_names[i].ja) == 0)
			return i;
	for (i = 0; i < (int) lengthof(status_aliases); i++)
		if (strcmp(s, status_aliases[i].label) == 0)
			return status_aliases[i].status;
	return 0;
}

PG_FUNCTION_INFO_V1(isms_status_in);
Datum
isms_status_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	int			st = parse_status(str);

	if (st == 0)
		ereturn(fcinfo->context, (Datum) 0,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"",
						"isms.cert_status", str),
				 errhint("Valid statuses are draft, active, suspended, withdrawn, cancelled and expired.")));
	PG_RETURN_ISMS_STATUS(st);
}

PG_FUNCTION_INFO_V1(isms_status_out);
Datum
isms_status_out(PG_FUNCTION_ARGS)
{
	int			st = PG_GETARG_ISMS_STATUS(0);

	if (st < ISMS_ST_FIRST || st > ISMS_ST_LAST)
		elog(ERROR, "invalid isms.cert_status code %d", st);	/* cannot happen */
	PG_RETURN_CSTRING(pstrdup(status_names[st].name));
}

/* Binary form: one byte, the status code (1 = draft ... 6 = expired). */
PG_FUNCTION_INFO_V1(isms_status_recv);
Datum
isms_status_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			st = pq_getmsgbyte(buf);

	if (st < ISMS_ST_FIRST || st > ISMS_ST_LAST)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type %s: %d",
						"isms.cert_status", st)));
	PG_RETURN_ISMS_STATUS(st);
}

PG_FUNCTION_INFO_V1(isms_status_send);
Datum
isms_status_send(PG_FUNCTION_ARGS)
{
	int			st = PG_GETARG_ISMS_STATUS(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, st);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/*
 * isms.status_label(status, language): "en" gives the IAF CertSearch
 * spelling, "ja" the Japanese register label (converted to the server
 * encoding).
 */
PG_FUNCTION_INFO_V1(isms_status_label);
Datum
isms_status_label(PG_FUNCTION_ARGS)
{
	int			st = PG_GETARG_ISMS_STATUS(0);
	char	   *lang = text_to_cstring(PG_GETARG_TEXT_PP(1));

	if (st < ISMS_ST_FIRST || st > ISMS_ST_LAST)
		elog(ERROR, "invalid isms.cert_status code %d", st);
	if (pg_strcasecmp(lang, "en") == 0)
		PG_RETURN_TEXT_P(cstring_to_text(status_names[st].iaf));
	if (pg_strcasecmp(lang, "ja") == 0)
	{
		const char *ja = status_names[st].ja;

		PG_RETURN_TEXT_P(cstring_to_text(pg_any_to_server(ja, strlen(ja), PG_UTF8)));
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unrecognized label language: \"%s\"", lang),
			 errhint("Use \"en\" for the IAF CertSearch labels or \"ja\" for the Japanese labels.")));
	PG_RETURN_NULL();			/* keep compiler quiet */
}

/*
 * isms.is_legal_transition(from, to): can a certificate move from one
 * status to the other, by some decision or by the passing of its expiry
 * date (REC-2, SUS-3)?
 */
PG_FUNCTION_INFO_V1(isms_is_legal_transition);
Datum
isms_is_legal_transition(PG_FUNCTION_ARGS)
{
	int			from = PG_GETARG_ISMS_STATUS(0);
	int			to = PG_GETARG_ISMS_STATUS(1);
	int			k;

	if (to == ISMS_ST_EXPIRED &&
		(from == ISMS_ST_ACTIVE || from == ISMS_ST_SUSPENDED))
		PG_RETURN_BOOL(true);
	for (k = 1; k <= ISMS_DK_LAST; k++)
		if (isms_decision_outcome(from, k) == to)
			PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(false);
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

/*
 * isms.decision_outcome(from, kind): the status a decision of that kind
 * leads to from that status, or NULL where the scheme forbids it.
 * (Date-dependent conditions, such as "recertify before expiry", are
 * checked by the triggers, not here.)
 */
PG_FUNCTION_INFO_V1(isms_decision_outcome_sql);
Datum
isms_decision_outcome_sql(PG_FUNCTION_ARGS)
{
	int			from = PG_GETARG_ISMS_STATUS(0);
	char	   *label = DatumGetCString(DirectFunctionCall1(enum_out,
															 PG_GETARG_DATUM(1)));
	int			to = isms_decision_outcome(from, isms_decision_code(label));

	if (to == 0)
		PG_RETURN_NULL();
	PG_RETURN_ISMS_STATUS(to);
}
