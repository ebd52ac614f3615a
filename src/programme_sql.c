/*-------------------------------------------------------------------------
 *
 * programme_sql.c
 *	  The audit programme of a certificate as SQL sees it: its surveillance
 *	  and recertification obligations with their state, those of its
 *	  add-ons beside a base's (combined audits, rules_addon.c), and the
 *	  auditor-days and sites each audit needs (audit_time.c).
 *
 *	isms_audit_programme	isms.audit_programme(certificate, as_of)
 *
 *-------------------------------------------------------------------------
 */
#include "surface.h"

#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"

/* One obligation of a certificate's programme, as audit_programme shows it. */
typedef struct ProgRow
{
	IsmsCert   *c;
	IsmsObligation ob;
	DateADT		done;
	const char *state;
	bool		combined;
	bool		emit;
} ProgRow;

/* The add-ons of a base shown beside it (doc/lifecycle.md: limitations). */
#define PROG_MAX_ADDONS 64

/* Append the obligations of c's cycle on as_of to rows. */
static int
programme_rows(IsmsCert *c, DateADT as_of, bool emit, ProgRow *rows, int n)
{
	IsmsObligation ob[ISMS_MAX_OBLIGATIONS];
	DateADT		done[ISMS_MAX_OBLIGATIONS];
	const char *state[ISMS_MAX_OBLIGATIONS];
	int			k,
				i;

	if (c == NULL || !c->asof.has_cycle ||
		!(c->asof.status == ISMS_ST_ACTIVE || c->asof.status == ISMS_ST_SUSPENDED ||
		  c->asof.status == ISMS_ST_EXPIRED))
		return n;
	k = isms_programme_of(c, &c->asof, ob);
	isms_programme_states(c, &c->asof, ob, k, as_of, done, state);
	for (i = 0; i < k; i++)
	{
		ProgRow    *r = &rows[n++];

		r->c = c;
		r->ob = ob[i];
		r->done = done[i];
		r->state = state[i];
		r->combined = false;
		r->emit = emit;
	}
	return n;
}

static bool
row_done(const ProgRow *r)
{
	return strcmp(r->state, "done") == 0 || strcmp(r->state, "late") == 0;
}

/* The audit of c of this kind that ended on day (an obligation's done_on). */
static const IsmsAudit *
audit_ending(const IsmsCert *c, int kind, DateADT day)
{
	int			i;

	for (i = 0; i < c->naud; i++)
		if (c->aud[i].end == day && (kind == 0 || c->aud[i].kind == kind))
			return &c->aud[i];
	return NULL;
}

/*
 * Combined audits (rules_addon.c): an add-on's obligation is combined with
 * one of its base's when the
 * audit that met it was held together with the base's audit that met the
 * base's (combined_with), or, both not yet met, when they are of the same
 * kind and due at overlapping times, so that the audits can be held
 * together.
 */
static bool
combinable(const ProgRow *addon, const ProgRow *base)
{
	if (row_done(addon))
	{
		const IsmsAudit *a = audit_ending(addon->c, 0, addon->done);
		const IsmsAudit *b;

		if (a == NULL || !a->combined || !row_done(base))
			return false;
		b = audit_ending(base->c, base->ob.audit_kind, base->done);
		return b != NULL && b->start <= a->end && a->start <= b->end;
	}
	return !row_done(base) && base->ob.audit_kind == addon->ob.audit_kind &&
		base->ob.due_from <= addon->ob.due_by && addon->ob.due_from <= base->ob.due_by;
}

/*
 * isms.audit_programme(certificate, as_of): the surveillance and
 * recertification obligations of the certificate's cycle on as_of, with
 * their state; for a base certificate also those of its add-ons (marking
 * the ones held, or to be held, together with the base's, rules_addon.c),
 * the auditor-days due (with a pending transition's addition) and the
 * number of sites to sample (both audit_time.c).
 */
PG_FUNCTION_INFO_V1(isms_audit_programme);
Datum
isms_audit_programme(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int64		id = PG_GETARG_INT64(0);
	DateADT		as_of = PG_GETARG_DATEADT(1);
	IsmsCert   *c;
	ProgRow    *rows;
	int			n = 0,
				nbase = 0,
				i,
				j;
	static SPIPlanPtr addons_plan = NULL;
	static SPIPlanPtr figures_plan = NULL;
	Oid			t1[1] = {INT8OID};
	Oid			t4[4] = {INT8OID, TEXTOID, TEXTOID, BOOLOID};
	Datum		arg[4];
	IsmsCert   *base;

	isms_check_finite(as_of, "as_of");
	InitMaterializedSRF(fcinfo, 0);
	isms_spi_connect();
	c = isms_load_one(id, as_of);
	if (c == NULL)
	{
		SPI_finish();
		return (Datum) 0;
	}
	rows = palloc(sizeof(ProgRow) * ISMS_MAX_OBLIGATIONS * (PROG_MAX_ADDONS + 2));

	/* the base's obligations come first (shown only if it was asked for) */
	base = c->base ? c->base : c;
	if (base != c && !base->replayed)
		isms_replay(base, as_of, ISMS_REPLAY_LENIENT, NULL);
	n = programme_rows(base, as_of, base == c, rows, 0);
	nbase = n;
	if (base != c)
		n = programme_rows(c, as_of, true, rows, n);
	else
	{
		/* the add-ons of a base */
		uint64		k;
		int64	   *ids;
		int			nids;

		arg[0] = Int64GetDatum(id);
		isms_execute_kept(&addons_plan,
						  "SELECT id FROM isms.certificate"
						  " WHERE base_certificate_id" EQ "$1"
						  " ORDER BY id LIMIT " CppAsString2(PROG_MAX_ADDONS),
						  1, t1, arg, true, 0, SPI_OK_SELECT);
		nids = (int) SPI_processed;
		ids = palloc(sizeof(int64) * Max(nids, 1));
		for (k = 0; k < SPI_processed; k++)
		{
			bool		isnull;

			ids[k] = DatumGetInt64(SPI_getbinval(SPI_tuptable->vals[k],
												 SPI_tuptable->tupdesc, 1, &isnull));
		}
		for (i = 0; i < nids; i++)
			n = programme_rows(isms_load_one(ids[i], as_of), as_of, true, rows, n);
	}

	/* combined audits (rules_addon.c) */
	for (i = nbase; i < n; i++)
		for (j = 0; j < nbase; j++)
			if (combinable(&rows[i], &rows[j]))
				rows[i].combined = rows[j].combined = true;

	for (i = 0; i < n; i++)
	{
		ProgRow    *r = &rows[i];
		const IsmsState *st = &r->c->asof;
		Datum		values[12];
		bool		nulls[12];
		bool		isnull;
		const IsmsTransition *t = st->old_edition;

		if (!r->emit)
			continue;
		memset(nulls, 0, sizeof(nulls));
		values[0] = DateADTGetDatum(st->cycle_start);
		values[1] = CStringGetTextDatum(r->ob.rule);
		values[2] = CStringGetTextDatum(isms_audit_name(r->ob.audit_kind));
		values[3] = DateADTGetDatum(r->ob.due_from);
		values[4] = DateADTGetDatum(r->ob.due_by);
		values[5] = DateADTGetDatum(r->done);
		nulls[5] = !row_done(r);
		values[6] = CStringGetTextDatum(r->state);
		values[7] = Int64GetDatum(r->c->id);
		values[8] = CStringGetTextDatum(r->c->number);
		values[9] = BoolGetDatum(r->combined);

		/* audit time (with a due transition's addition), sites: audit_time.c */
		arg[0] = Int64GetDatum(r->c->id);
		arg[1] = values[2];
		arg[2] = CStringGetTextDatum(st->standard ? st->standard : r->c->stored_standard);
		arg[3] = BoolGetDatum(t != NULL && t->published <= r->ob.due_by);
		isms_execute_kept(&figures_plan,
						  "SELECT isms.audit_days(c.persons_in_scope, $2,"
						  "  CASE WHEN $4 THEN $3::isms.stdref END, st.scheme),"
						  " CASE WHEN c.sites OPERATOR(pg_catalog.>) 1 THEN"
						  "  isms.sample_size(c.sites, $2, c.sampling_allowed) END"
						  " FROM isms.certificate c, isms.standard st"
						  " WHERE c.id" EQ "$1"
						  " AND st.ref" EQ "$3::isms.stdref",
						  4, t4, arg, true, 1, SPI_OK_SELECT);
		nulls[10] = nulls[11] = true;
		if (SPI_processed > 0)
		{
			HeapTuple	tup = SPI_tuptable->vals[0];
			TupleDesc	td = SPI_tuptable->tupdesc;

			/* (the tuplestore copies it before the next query) */
			values[10] = SPI_getbinval(tup, td, 1, &isnull);
			nulls[10] = isnull;
			values[11] = SPI_getbinval(tup, td, 2, &isnull);
			nulls[11] = isnull;
		}
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	SPI_finish();
	return (Datum) 0;
}
