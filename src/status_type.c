/*-------------------------------------------------------------------------
 *
 * status_type.c
 *	  The certificate-status type isms.cert_status and its SQL functions.
 *
 * The type is one byte, passed by value.  Comparison and hashing reuse the
 * built-in "char" functions (the codes are ordered), so only input, output,
 * binary I/O, labels and the SQL view of the transition table live here;
 * the names and the table are in status.c.
 *
 *-------------------------------------------------------------------------
 */
#include "isms.h"

#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "utils/builtins.h"

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
	char	   *utf8 = pg_server_to_any(input, strlen(input), PG_UTF8);

	return isms_status_parse(trim_utf8(pstrdup(utf8)));
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
	PG_RETURN_CSTRING(pstrdup(isms_status_name(st)));
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
		PG_RETURN_TEXT_P(cstring_to_text(isms_status_label_of(st, false)));
	if (pg_strcasecmp(lang, "ja") == 0)
	{
		const char *ja = isms_status_label_of(st, true);

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
 * date (replay.c)?
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
		if (isms_decision_outcome(from, k) == to ||
			(k == ISMS_DK_OPEN && isms_decision_outcome(from, k) != 0 &&
			 to == ISMS_ST_SUSPENDED))	/* an opening in suspension */
			PG_RETURN_BOOL(true);
	PG_RETURN_BOOL(false);
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
