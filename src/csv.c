/*-------------------------------------------------------------------------
 *
 * csv.c
 *	  isms.csv_rows(): the records of a CSV text (RFC 4180, as PostgreSQL's
 *	  COPY ... (FORMAT csv) writes it), each with the line of the text it
 *	  starts on, so that the import functions (88_import.sql) can name the
 *	  line of every row they refuse.
 *
 *	  Fields are separated by commas and records by LF or CR LF outside
 *	  quotes; a field in double quotes may hold commas, line breaks and
 *	  doubled quotes.  As COPY reads CSV, an unquoted empty field is NULL and
 *	  a quoted empty field ("") is the empty string.  Blank lines are
 *	  skipped; a byte order mark at the start is ignored.  A quote that is
 *	  not closed, or text after a closing quote, is an error naming its
 *	  line: the records after it cannot be told apart.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/tuplestore.h"

/* The fields of the record being read. */
typedef struct CsvRecord
{
	Datum	   *values;
	bool	   *nulls;
	int			n;
	int			cap;
} CsvRecord;

static void
add_field(CsvRecord *r, StringInfo buf, bool quoted)
{
	if (r->n >= r->cap)
	{
		r->cap *= 2;
		r->values = repalloc(r->values, sizeof(Datum) * r->cap);
		r->nulls = repalloc(r->nulls, sizeof(bool) * r->cap);
	}
	r->nulls[r->n] = (buf->len == 0 && !quoted);
	r->values[r->n] = r->nulls[r->n] ? (Datum) 0 :
		PointerGetDatum(cstring_to_text_with_len(buf->data, buf->len));
	r->n++;
	resetStringInfo(buf);
}

static void
emit(Tuplestorestate *ts, TupleDesc desc, CsvRecord *r, int line)
{
	Datum		values[2];
	bool		nulls[2] = {false, false};
	int			dims[1];
	int			lbs[1] = {1};
	int			i;

	/* a blank line: one unquoted empty field */
	if (r->n == 1 && r->nulls[0])
	{
		r->n = 0;
		return;
	}
	dims[0] = r->n;
	values[0] = Int32GetDatum(line);
	values[1] = PointerGetDatum(construct_md_array(r->values, r->nulls, 1, dims, lbs,
												   TEXTOID, -1, false, TYPALIGN_INT));
	tuplestore_putvalues(ts, desc, values, nulls);
	for (i = 0; i < r->n; i++)
		if (!r->nulls[i])
			pfree(DatumGetPointer(r->values[i]));
	r->n = 0;
}

PG_FUNCTION_INFO_V1(isms_csv_rows);
Datum
isms_csv_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *t = PG_GETARG_TEXT_PP(0);
	const char *p = VARDATA_ANY(t);
	const char *end = p + VARSIZE_ANY_EXHDR(t);
	StringInfoData buf;
	CsvRecord	rec;
	int			line = 1;		/* the line p is on */
	int			start = 1;		/* the line the current record started on */
	bool		quoted = false; /* the current field was quoted */

	InitMaterializedSRF(fcinfo, 0);
	initStringInfo(&buf);
	rec.cap = 16;
	rec.n = 0;
	rec.values = palloc(sizeof(Datum) * rec.cap);
	rec.nulls = palloc(sizeof(bool) * rec.cap);

	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end)
	{
		char		ch = *p;

		if (ch == '"' && buf.len == 0 && !quoted)
		{
			int			qline = line;

			/* a quoted field, up to its closing quote */
			quoted = true;
			p++;
			for (;;)
			{
				if (p >= end)
					ereport(ERROR,
							(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
							 errmsg("unterminated quoted field in CSV text at line %d", qline),
							 errdetail("A field that starts with a double quote ends with one; a double quote inside it is written twice."),
							 errhint("Check line %d and the quotes of its fields.", qline)));
				if (*p == '"')
				{
					if (p + 1 < end && p[1] == '"')
					{
						appendStringInfoChar(&buf, '"');
						p += 2;
						continue;
					}
					p++;
					break;
				}
				if (*p == '\n')
					line++;
				appendStringInfoChar(&buf, *p++);
			}
			/* after the closing quote: a separator or the end */
			if (p < end && *p != ',' && *p != '\n' && !(*p == '\r' && (p + 1 == end || p[1] == '\n')))
				ereport(ERROR,
						(errcode(ERRCODE_BAD_COPY_FILE_FORMAT),
						 errmsg("text after a closing quote in CSV text at line %d", line),
						 errdetail("A quoted field ends with its closing quote, followed by a comma or the end of the line."),
						 errhint("Write a double quote inside a quoted field twice.")));
			continue;
		}
		if (ch == ',')
		{
			add_field(&rec, &buf, quoted);
			quoted = false;
			p++;
			continue;
		}
		if (ch == '\n' || (ch == '\r' && (p + 1 == end || p[1] == '\n')))
		{
			add_field(&rec, &buf, quoted);
			quoted = false;
			emit(rsinfo->setResult, rsinfo->setDesc, &rec, start);
			p += (ch == '\r' && p + 1 < end) ? 2 : 1;
			line++;
			start = line;
			continue;
		}
		appendStringInfoChar(&buf, ch);
		p++;
	}
	/* the last record, without a line break after it */
	if (buf.len > 0 || quoted || rec.n > 0)
	{
		add_field(&rec, &buf, quoted);
		emit(rsinfo->setResult, rsinfo->setDesc, &rec, start);
	}
	return (Datum) 0;
}
