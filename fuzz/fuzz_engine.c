/*
 * fuzz_engine.c: libFuzzer harness of the rule engine (src/engine.h).
 *
 * The input is read as a base certificate's history and an add-on's (audits
 * and decisions of every kind, dates in 2020-2031, some of them new).  Each
 * is replayed in every mode; the harness checks, with code of its own:
 *  - nothing crashes, and a lenient replay never returns a violation;
 *  - a replay is deterministic: replaying the same history again gives the
 *    same timeline and the same violation;
 *  - the timeline is well formed (days strictly rising, no two equal
 *    statuses in a row), and the status on every day agrees with it;
 *  - withdrawn and cancelled are final, a draft is never seen again once
 *    left, and a certificate is valid only on a day covered by a decision
 *    that opened a cycle, up to its expiry date;
 *  - an add-on is never more valid than its base.
 * Build: tools/fuzz.sh (clang -fsanitize=fuzzer,address,undefined).
 */
#include "engine.h"

#include <assert.h>

#define MAXDEC 24
#define MAXAUD 16
#define FIRST_DAY 7305			/* 2020-01-01 as days since 2000-01-01 */
#define SPAN 4383				/* 12 years */

typedef struct Input
{
	const uint8_t *p;
	size_t		n;
} Input;

static unsigned
take(Input *in, unsigned range)
{
	unsigned	v = 0;

	if (in->n >= 2)
	{
		v = in->p[0] | (in->p[1] << 8);
		in->p += 2;
		in->n -= 2;
	}
	else if (in->n == 1)
	{
		v = in->p[0];
		in->p++;
		in->n--;
	}
	return range ? v % range : 0;
}

static IsmsTransition trans;
static IsmsStandard stds[3];
static IsmsRefData ref;

static void
setup_reference(void)
{
	trans.from = "ISO/IEC 27001:2013";
	trans.to = "ISO/IEC 27001:2022";
	trans.published = isms_make_date(2022, 10, 25);
	trans.has_audit_limit = true;
	trans.last_old_audit_start = isms_make_date(2024, 4, 30);
	trans.has_valid_limit = true;
	trans.old_valid_until = isms_make_date(2025, 10, 31);
	stds[0] = (IsmsStandard) {"ISO/IEC 27001:2013", "ISO/IEC 27001:2013", "ISMS", false, &trans};
	stds[1] = (IsmsStandard) {"ISO/IEC 27001:2022", "ISO/IEC 27001:2022", "ISMS", false, NULL};
	stds[2] = (IsmsStandard) {"ISO/IEC 27017:2015", "ISO/IEC 27017:2015", "ISMS-CLOUD", true, NULL};
	ref.nstd = 3;
	ref.std = stds;
	ref.ntrans = 1;
	ref.trans = &trans;
}

static int
cmp_dec(const void *a, const void *b)
{
	const IsmsDecision *x = a,
			   *y = b;

	if (x->effective != y->effective)
		return x->effective < y->effective ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

static int
cmp_aud(const void *a, const void *b)
{
	const IsmsAudit *x = a,
			   *y = b;

	if (x->end != y->end)
		return x->end < y->end ? -1 : 1;
	return (x->start > y->start) - (x->start < y->start);
}

static int64 next_id;

static void
read_cert(Input *in, IsmsCert *c, int64 id, const char *std, bool is_addon)
{
	int			i;

	memset(c, 0, sizeof(*c));
	c->id = id;
	c->number = "F";
	c->ref = &ref;
	c->scheme = (char *) isms_standard(&ref, std)->scheme;
	c->initial_standard = (char *) std;
	c->p.cycle_years = 1 + take(in, 4);
	c->p.expiry_offset_days = take(in, 3);
	c->p.first_surveillance_months = 6 + take(in, 12);
	c->p.restoration_months = take(in, 8);
	c->p.stage2_decision_months = 1 + take(in, 8);
	c->p.max_stage_gap_days = (int) take(in, 200) - 1;
	c->p.suspension_warning_months = 1 + take(in, 12);
	c->naud = take(in, MAXAUD + 1);
	c->aud = palloc0(sizeof(IsmsAudit) * MAXAUD);
	for (i = 0; i < c->naud; i++)
	{
		IsmsAudit  *a = &c->aud[i];

		a->kind = 1 + take(in, ISMS_AK_LAST);
		a->start = FIRST_DAY + take(in, SPAN);
		a->end = a->start + take(in, 20);
		a->combined = is_addon && take(in, 4) == 0;
	}
	qsort(c->aud, c->naud, sizeof(IsmsAudit), cmp_aud);
	c->ndec = take(in, MAXDEC + 1);
	c->dec = palloc0(sizeof(IsmsDecision) * MAXDEC);
	for (i = 0; i < c->ndec; i++)
	{
		IsmsDecision *d = &c->dec[i];

		d->id = next_id++;
		/* every kind but annul: annulments are dropped by the load */
		d->kind = 1 + take(in, ISMS_DK_LAST - 1);
		if (d->kind >= ISMS_DK_ANNUL)
			d->kind++;
		/* some histories start with an opening (EVD-2) */
		if (i == 0 && take(in, 4) == 0)
			d->kind = ISMS_DK_OPEN;
		d->decided = FIRST_DAY + take(in, SPAN);
		d->effective = d->decided + (take(in, 4) == 0 ? take(in, 60) : 0);
		d->has_expiry = take(in, 8) != 0;
		d->new_expiry = d->decided + 300 + take(in, 1200);
		d->is_new = take(in, 3) == 0;
		if (d->kind == ISMS_DK_TRANSITION)
			d->new_standard = take(in, 2) ? "ISO/IEC 27001:2022" : "ISO/IEC 27017:2015";
		if (d->kind == ISMS_DK_OPEN)
		{
			/* what the row check lets through: the facts in order */
			d->has_cycle_start = true;
			d->cycle_start = d->effective - take(in, 1100);
			d->has_original_date = true;
			d->original_date = d->cycle_start - take(in, 4000);
			d->opening_status = take(in, 3) == 0 ? ISMS_ST_SUSPENDED : ISMS_ST_ACTIVE;
			d->has_suspended_since = d->opening_status == ISMS_ST_SUSPENDED;
			d->suspended_since = d->effective - take(in, d->effective - d->cycle_start + 1);
			d->has_expiry = true;
		}
	}
	qsort(c->dec, c->ndec, sizeof(IsmsDecision), cmp_dec);
}

static IsmsCert *
copy_cert(const IsmsCert *c, IsmsCert *base)
{
	IsmsCert   *k = palloc(sizeof(IsmsCert));

	*k = *c;
	k->base = base;
	k->replayed = false;
	k->dec = palloc(sizeof(IsmsDecision) * MAXDEC);
	memcpy(k->dec, c->dec, sizeof(IsmsDecision) * c->ndec);
	return k;
}

/* The harness's own reading of a timeline. */
static int
own_status_on(const IsmsCert *c, DateADT day)
{
	int			lo = 0,
				hi = c->nseg - 1,
				found = -1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (c->seg[mid].from <= day)
		{
			found = mid;
			lo = mid + 1;
		}
		else
			hi = mid - 1;
	}
	return found < 0 ? ISMS_ST_DRAFT : c->seg[found].status;
}

/* Is day within [decided/effective, expiry] of a decision opening a cycle? */
static bool
covered_by_cycle(const IsmsCert *c, DateADT day)
{
	int			i;

	for (i = 0; i < c->ndec; i++)
		if ((c->dec[i].kind == ISMS_DK_GRANT || c->dec[i].kind == ISMS_DK_RECERTIFY ||
			 c->dec[i].kind == ISMS_DK_RESTORE || c->dec[i].kind == ISMS_DK_OPEN) &&
			c->dec[i].has_expiry &&
			c->dec[i].effective <= day && day <= c->dec[i].new_expiry)
			return true;
	return false;
}

static void
check_timeline(const IsmsCert *c)
{
	int			i;
	bool		left_draft = false,
				ended = false;
	DateADT		day;

	for (i = 1; i < c->nseg; i++)
	{
		assert(c->seg[i - 1].from < c->seg[i].from);
		assert(c->seg[i - 1].status != c->seg[i].status);
	}
	for (i = 0; i < c->nseg; i++)
	{
		int			st = c->seg[i].status;

		assert(st >= ISMS_ST_FIRST && st <= ISMS_ST_LAST);
		assert(!ended || isms_status_is_terminal(st));	/* withdrawn stays ended */
		if (st == ISMS_ST_DRAFT)
			assert(!left_draft || c->base != NULL);
		else
			left_draft = true;
		ended = isms_status_is_terminal(st);
	}
	for (day = FIRST_DAY - 1; day <= FIRST_DAY + SPAN + 1500; day += 7)
	{
		int			st = isms_status_on(c, day);

		assert(st == own_status_on(c, day));
		if (st == ISMS_ST_ACTIVE)
			assert(covered_by_cycle(c, day));
		if (c->base && st == ISMS_ST_ACTIVE)
			assert(isms_status_on(c->base, day) == ISMS_ST_ACTIVE);
	}
	/* an add-on is never more valid than its base, on any day either changes */
	if (c->base)
	{
		for (i = 0; i < c->nseg; i++)
			if (c->seg[i].status == ISMS_ST_ACTIVE)
				assert(isms_status_on(c->base, c->seg[i].from) == ISMS_ST_ACTIVE);
		for (i = 0; i < c->base->nseg; i++)
			if (isms_status_on(c, c->base->seg[i].from) == ISMS_ST_ACTIVE)
				assert(c->base->seg[i].status == ISMS_ST_ACTIVE);
	}
}

static void
same_timeline(const IsmsCert *a, const IsmsCert *b)
{
	assert(a->nseg == b->nseg);
	assert(a->nseg == 0 || memcmp(a->seg, b->seg, sizeof(IsmsSegment) * a->nseg) == 0);
	assert(a->asof.status == b->asof.status);
}

static const char *
rule_of(const IsmsViolation *v)
{
	return v ? v->rule : "";
}

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Input		in = {data, size};
	IsmsCert	base,
				addon;
	DateADT		as_of;
	int			mode;

	if (ref.nstd == 0)
		setup_reference();
	next_id = 1;
	read_cert(&in, &base, 1, take(&in, 2) ? "ISO/IEC 27001:2022" : "ISO/IEC 27001:2013", false);
	read_cert(&in, &addon, 2, "ISO/IEC 27017:2015", true);
	addon.base = &base;
	addon.base_id = base.id;
	base.has_addons = true;
	as_of = FIRST_DAY + take(&in, SPAN);

	for (mode = ISMS_REPLAY_LENIENT; mode <= ISMS_REPLAY_AUDITS; mode++)
	{
		IsmsCert   *b1 = copy_cert(&base, NULL),
				   *a1 = copy_cert(&addon, b1),
				   *b2 = copy_cert(&base, NULL),
				   *a2 = copy_cert(&addon, b2);
		IsmsViolation *v1 = isms_replay_history(a1, as_of, mode),
				   *v2 = isms_replay_history(a2, as_of, mode);

		b1->has_addons = b2->has_addons = true;
		assert(strcmp(rule_of(v1), rule_of(v2)) == 0);
		if (mode == ISMS_REPLAY_LENIENT)
		{
			assert(v1 == NULL);
			same_timeline(a1, a2);
			same_timeline(b1, b2);
			check_timeline(b1);
			check_timeline(a1);
			/* the commit-time check of add-ons is deterministic too */
			assert(strcmp(rule_of(isms_check_addons_of(a1, 1)),
						  rule_of(isms_check_addons_of(a2, 1))) == 0);
		}
	}
	shim_reset();
	return 0;
}
