/*
 * engine_test.c: unit tests of the rule engine (src/engine.h), without a
 * server.  Each case builds a certificate's history in memory, replays it
 * as the decision trigger does (the last decision new) and checks the rule
 * the engine names, or that it accepts; most rules are tried on both sides
 * of their boundary day.  Prints TAP and a last line
 * "engine: N passed, M failed".
 *
 * Build and run: make -C tests/unit   (or tools/suites.sh, suite "unit")
 */
#include "engine.h"

static int	passed,
			failed,
			ntest;
static IsmsRefData ref;
static int64 next_id = 1;

#define STD_2013 "ISO/IEC 27001:2013"
#define STD_2022 "ISO/IEC 27001:2022"
#define STD_CLOUD "ISO/IEC 27017:2015"
#define STD_ITSMS "ISO/IEC 20000-1:2018"
#define STD_JIS "JIS Q 27001:2014"	/* an identical adoption of the 2013 edition */

static DateADT
D(const char *iso)
{
	int			y,
				m,
				d;

	if (sscanf(iso, "%d-%d-%d", &y, &m, &d) != 3)
		abort();
	return isms_make_date(y, m, d);
}

static void
setup_reference(void)
{
	static IsmsTransition t;
	static IsmsStandard std[5];

	t.from = STD_2013;
	t.to = STD_2022;
	t.published = D("2022-10-25");
	t.has_audit_limit = true;
	t.last_old_audit_start = D("2024-04-30");
	t.has_valid_limit = true;
	t.old_valid_until = D("2025-10-31");
	/* sorted by ref */
	std[0] = (IsmsStandard) {STD_ITSMS, STD_ITSMS, "ITSMS", false, NULL};
	std[1] = (IsmsStandard) {STD_2013, STD_2013, "ISMS", false, &t};
	std[2] = (IsmsStandard) {STD_2022, STD_2022, "ISMS", false, NULL};
	std[3] = (IsmsStandard) {STD_CLOUD, STD_CLOUD, "ISMS-CLOUD", true, NULL};
	std[4] = (IsmsStandard) {STD_JIS, STD_2013, "ISMS", false, &t};
	ref.nstd = 5;
	ref.std = std;
	ref.ntrans = 1;
	ref.trans = &t;
}

static IsmsCert *
cert(const char *std)
{
	IsmsCert   *c = palloc0(sizeof(IsmsCert));

	c->id = next_id++;
	c->number = psprintf("C-%lld", (long long) c->id);
	c->ref = &ref;
	c->scheme = (char *) isms_standard(&ref, std)->scheme;
	c->initial_standard = (char *) std;
	c->initial_scope = "scope statement";
	c->p.cycle_years = 3;
	c->p.expiry_offset_days = 1;
	c->p.first_surveillance_months = 12;
	c->p.restoration_months = 6;
	c->p.stage2_decision_months = 6;
	c->p.max_stage_gap_days = -1;
	c->p.suspension_warning_months = 6;
	c->p.extension_months = 6;
	c->dec = palloc0(sizeof(IsmsDecision) * 32);
	c->aud = palloc0(sizeof(IsmsAudit) * 32);
	return c;
}

static IsmsAudit *
aud(IsmsCert *c, int kind, const char *start, const char *end)
{
	IsmsAudit  *a = &c->aud[c->naud++];
	int			i;

	a->kind = kind;
	a->start = D(start);
	a->end = D(end);
	/* keep end-date order, as the load does */
	for (i = c->naud - 1; i > 0 && c->aud[i - 1].end > c->aud[i].end; i--)
	{
		IsmsAudit	x = c->aud[i];

		c->aud[i] = c->aud[i - 1];
		c->aud[i - 1] = x;
		a = &c->aud[i - 1];
	}
	return a;
}

/* an initial audit pair: stage 1 and stage 2 */
static void
initial_audits(IsmsCert *c, const char *s1, const char *s2_start, const char *s2_end)
{
	aud(c, ISMS_AK_STAGE1, s1, s1);
	aud(c, ISMS_AK_STAGE2, s2_start, s2_end);
}

static IsmsDecision *
dec(IsmsCert *c, int kind, const char *decided, const char *expiry)
{
	IsmsDecision *d = &c->dec[c->ndec++];

	d->id = next_id++;
	d->kind = kind;
	d->decided = d->effective = D(decided);
	d->has_expiry = expiry != NULL;
	if (expiry)
		d->new_expiry = D(expiry);
	return d;
}

/* a certificate granted on 2023-04-01 until 2026-03-31, with its audits */
static IsmsCert *
granted(const char *std)
{
	IsmsCert   *c = cert(std);

	initial_audits(c, "2023-02-01", "2023-03-01", "2023-03-03");
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-03-31");
	return c;
}

static IsmsScopeSet *
scope(const char *text)
{
	IsmsScopeSet *s = palloc(sizeof(IsmsScopeSet));
	size_t		len = strlen(text);
	char		err[SCOPE_ERRLEN];

	s->text = text;
	s->elems = palloc(sizeof(ScopeElem) * SCOPE_MAX_ELEMS);
	s->n = scope_parse(text, len, palloc(len + 1), len + 1, s->elems, err, sizeof(err));
	if (s->n < 0)
		abort();
	return s;
}

static void
reset(IsmsCert *c)
{
	c->replayed = false;
	if (c->base)
		c->base->replayed = false;
}

/* Replay c with its last decision new; the rule broken, or NULL. */
static const char *
check(IsmsCert *c)
{
	IsmsViolation *v;
	int			i;

	for (i = 0; i < c->ndec; i++)
		c->dec[i].is_new = (i == c->ndec - 1);
	reset(c);
	v = isms_replay_history(c, D("2030-01-01"), ISMS_REPLAY_NEW);
	return v ? v->rule : NULL;
}

static void
result(bool ok, const char *name, const char *got, const char *want)
{
	ntest++;
	if (ok)
		passed++;
	else
		failed++;
	printf("%s %d - %s", ok ? "ok" : "not ok", ntest, name);
	if (!ok)
		printf(" (got %s, want %s)", got ? got : "accepted", want ? want : "accepted");
	printf("\n");
}

/* The history of c is refused with rule want (NULL: accepted). */
static void
expect(const char *name, IsmsCert *c, const char *want)
{
	const char *got = check(c);

	result((got == NULL && want == NULL) ||
		   (got != NULL && want != NULL && strcmp(got, want) == 0),
		   name, got, want);
}

static void
expect_status(const char *name, IsmsCert *c, const char *day, int want)
{
	int			got;

	reset(c);
	(void) isms_replay_history(c, D("2030-01-01"), ISMS_REPLAY_LENIENT);
	got = isms_status_on(c, D(day));
	ntest++;
	if (got == want)
		passed++;
	else
		failed++;
	printf("%s %d - %s", got == want ? "ok" : "not ok", ntest, name);
	if (got != want)
		printf(" (got %s, want %s)", isms_status_name(got), isms_status_name(want));
	printf("\n");
}

static void
expect_true(const char *name, bool ok)
{
	result(ok, name, ok ? NULL : "false", NULL);
}

/* ---------------------------------------------------------------- */

static void
test_cycle(void)
{
	IsmsCert   *c;

	/* CYC-1: stage 2 ends on the decision day / the day after */
	c = cert(STD_2022);
	initial_audits(c, "2023-02-01", "2023-03-01", "2023-04-01");
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-03-31");
	expect("CYC-1 grant on the last day of stage 2", c, NULL);
	c = cert(STD_2022);
	initial_audits(c, "2023-02-01", "2023-03-01", "2023-04-02");
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-03-31");
	expect("CYC-1 grant before stage 2 ends", c, "CYC-1");
	c = cert(STD_2022);
	aud(c, ISMS_AK_STAGE2, "2023-03-01", "2023-03-03");
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-03-31");
	expect("CYC-1 grant without stage 1", c, "CYC-1");

	/* CYC-2 and REC-5: the cycle starts on the decision date */
	c = granted(STD_2022);
	check(c);
	expect_true("CYC-2 cycle start is the grant's decision date",
				c->final.cycle_start == D("2023-04-01"));

	/* CYC-3 */
	c = granted(STD_2022);
	expect("CYC-3 grant expiry on the last allowed day", c, NULL);
	c = cert(STD_2022);
	initial_audits(c, "2023-02-01", "2023-03-01", "2023-03-03");
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-04-01");
	expect("CYC-3 grant expiry a day late", c, "CYC-3");
	c = cert(STD_2022);
	initial_audits(c, "2023-02-01", "2023-03-01", "2023-03-03");
	dec(c, ISMS_DK_GRANT, "2023-04-01", NULL);
	expect("CYC-3 grant without expiry", c, "CYC-3");
	c = granted(STD_2022);
	aud(c, ISMS_AK_SURVEILLANCE, "2024-03-01", "2024-03-02");
	aud(c, ISMS_AK_SURVEILLANCE, "2025-03-01", "2025-03-02");
	aud(c, ISMS_AK_RECERTIFICATION, "2026-01-10", "2026-01-12");
	dec(c, ISMS_DK_RECERTIFY, "2026-02-01", "2029-03-31");
	expect("CYC-3 recertification expiry on the last allowed day", c, NULL);
	c->dec[1].new_expiry = D("2029-04-01");
	expect("CYC-3 recertification expiry a day late", c, "CYC-3");
	c->dec[1].new_expiry = D("2029-03-31");
	check(c);
	expect_true("REC-5 original date kept by a recertification",
				c->final.original == D("2023-04-01") && c->final.revision == 2);

	/* CYC-5: at most 6 months after stage 2 */
	c = cert(STD_2022);
	initial_audits(c, "2023-02-01", "2023-03-01", "2023-03-03");
	dec(c, ISMS_DK_GRANT, "2023-09-03", "2026-09-02");
	expect("CYC-5 grant on the last day of the window", c, NULL);
	c = cert(STD_2022);
	initial_audits(c, "2023-02-01", "2023-03-01", "2023-03-03");
	dec(c, ISMS_DK_GRANT, "2023-09-04", "2026-09-03");
	expect("CYC-5 grant a day after the window", c, "CYC-5");

	/* CYC-6: gap between stage 1 and stage 2 */
	c = cert(STD_2022);
	c->p.max_stage_gap_days = 30;
	initial_audits(c, "2023-02-01", "2023-03-03", "2023-03-04");
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-03-31");
	expect("CYC-6 stage 2 starts 30 days after stage 1", c, NULL);
	c = cert(STD_2022);
	c->p.max_stage_gap_days = 30;
	initial_audits(c, "2023-02-01", "2023-03-04", "2023-03-05");
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-03-31");
	expect("CYC-6 stage 2 starts 31 days after stage 1", c, "CYC-6");
}

static IsmsCert *
surveilled(void)
{
	IsmsCert   *c = granted(STD_2022);

	aud(c, ISMS_AK_SURVEILLANCE, "2024-03-01", "2024-03-02");
	aud(c, ISMS_AK_SURVEILLANCE, "2025-03-01", "2025-03-02");
	aud(c, ISMS_AK_RECERTIFICATION, "2026-01-10", "2026-01-12");
	return c;
}

static void
test_recertification(void)
{
	IsmsCert   *c;

	/* REC-1 */
	c = surveilled();
	dec(c, ISMS_DK_RECERTIFY, "2026-03-31", "2029-03-31");
	expect("REC-1 recertification on the expiry date", c, NULL);
	c = surveilled();
	dec(c, ISMS_DK_RECERTIFY, "2026-04-01", "2029-03-31");
	expect("REC-1 recertification the day after expiry", c, "REC-1");
	c = granted(STD_2022);
	aud(c, ISMS_AK_SURVEILLANCE, "2024-03-01", "2024-03-02");
	aud(c, ISMS_AK_SURVEILLANCE, "2025-03-01", "2025-03-02");
	dec(c, ISMS_DK_RECERTIFY, "2026-02-01", "2029-03-31");
	expect("REC-1 recertification without its audit", c, "REC-1");

	/* REC-2, SUS-3: expiry by date */
	c = granted(STD_2022);
	expect_status("REC-2 active on the expiry date", c, "2026-03-31", ISMS_ST_ACTIVE);
	expect_status("REC-2 expired the day after", c, "2026-04-01", ISMS_ST_EXPIRED);
	dec(c, ISMS_DK_SUSPEND, "2025-06-01", NULL);
	expect_status("SUS-3 a suspended certificate expires too", c, "2026-04-01", ISMS_ST_EXPIRED);

	/* REC-3: restoration within 6 months of expiry */
	c = surveilled();
	dec(c, ISMS_DK_RESTORE, "2026-09-30", "2029-03-31");
	expect("REC-3 restoration on the last day of the window", c, NULL);
	c = surveilled();
	dec(c, ISMS_DK_RESTORE, "2026-10-01", "2029-03-31");
	expect("REC-3 restoration a day after the window", c, "REC-3");
	c = surveilled();
	dec(c, ISMS_DK_RESTORE, "2026-10-01", "2029-04-30");
	expect("REC-3 named before CYC-3 when both break", c, "REC-3");
	c = surveilled();
	dec(c, ISMS_DK_RESTORE, "2026-03-31", "2029-03-31");
	expect("REC-3 restoration before expiry", c, "REC-3");

	/* REC-4: a new grant needs a stage 2 audit starting after expiry */
	c = granted(STD_2022);
	aud(c, ISMS_AK_STAGE2, "2026-05-01", "2026-05-03");
	dec(c, ISMS_DK_GRANT, "2026-06-01", "2029-05-31");
	expect("REC-4 new grant after a stage 2 audit after expiry", c, NULL);
	c = granted(STD_2022);
	aud(c, ISMS_AK_STAGE2, "2026-03-31", "2026-05-03");
	dec(c, ISMS_DK_GRANT, "2026-06-01", "2029-05-31");
	expect("REC-4 stage 2 audit starting on the expiry date", c, "REC-4");
}

static void
test_suspension(void)
{
	IsmsCert   *c;
	IsmsViolation *w;

	c = granted(STD_2022);
	dec(c, ISMS_DK_SUSPEND, "2023-06-01", NULL);
	expect("SUS-1 suspension of an active certificate", c, NULL);
	dec(c, ISMS_DK_SUSPEND, "2023-06-02", NULL);
	expect("SUS-1 suspension of a suspended certificate", c, "SUS-1");
	c = granted(STD_2022);
	dec(c, ISMS_DK_REINSTATE, "2023-06-02", NULL);
	expect("SUS-2 reinstatement of an active certificate", c, "SUS-2");
	c = granted(STD_2022);
	dec(c, ISMS_DK_SUSPEND, "2023-06-01", NULL);
	dec(c, ISMS_DK_REINSTATE, "2023-12-01", NULL);
	expect("SUS-2 reinstatement after 6 months", c, NULL);
	expect_true("SUS-2 no warning after 6 months", c->nwarning == 0);
	c->dec[2].decided = c->dec[2].effective = D("2023-12-02");
	expect("SUS-2 reinstatement after 6 months and a day", c, NULL);
	w = c->nwarning == 1 ? c->warnings[0] : NULL;
	expect_true("SUS-2 warning after 6 months and a day",
				w != NULL && strcmp(w->rule, "SUS-2") == 0 &&
				w->sqlstate == ISMS_SQLSTATE_WARNING);

	c = granted(STD_2022);
	dec(c, ISMS_DK_WITHDRAW, "2023-06-01", NULL);
	expect("WDR-1 withdrawal of an active certificate", c, NULL);
	dec(c, ISMS_DK_REINSTATE, "2023-06-02", NULL);
	expect("WDR-1 a withdrawn certificate is final", c, "WDR-1");
}

static void
test_surveillance(void)
{
	IsmsCert   *c;

	/* SUR-1: first surveillance by 2024-04-01 */
	c = granted(STD_2022);
	aud(c, ISMS_AK_SURVEILLANCE, "2024-03-31", "2024-04-01");
	dec(c, ISMS_DK_SUSPEND, "2024-03-01", NULL);
	dec(c, ISMS_DK_REINSTATE, "2024-04-02", NULL);
	expect("SUR-1 surveillance on its last day", c, NULL);
	c = granted(STD_2022);
	dec(c, ISMS_DK_SUSPEND, "2024-03-01", NULL);
	dec(c, ISMS_DK_REINSTATE, "2024-04-01", NULL);
	expect("SUR-1 reinstatement on the due day, no audit yet", c, NULL);
	c = granted(STD_2022);
	dec(c, ISMS_DK_SUSPEND, "2024-03-01", NULL);
	dec(c, ISMS_DK_REINSTATE, "2024-04-02", NULL);
	expect("SUR-1 reinstatement the day after, no audit", c, "SUR-1");

	/* SUR-2: one surveillance audit in 2025 */
	c = granted(STD_2022);
	aud(c, ISMS_AK_SURVEILLANCE, "2024-03-01", "2024-03-02");
	dec(c, ISMS_DK_SUSPEND, "2025-11-01", NULL);
	dec(c, ISMS_DK_REINSTATE, "2025-12-31", NULL);
	expect("SUR-2 reinstatement on the last day of the year", c, NULL);
	c = granted(STD_2022);
	aud(c, ISMS_AK_SURVEILLANCE, "2024-03-01", "2024-03-02");
	dec(c, ISMS_DK_SUSPEND, "2025-11-01", NULL);
	dec(c, ISMS_DK_REINSTATE, "2026-01-01", NULL);
	expect("SUR-2 reinstatement after the year, no audit", c, "SUR-2");
	/* SUR-3: the sweep's question */
	{
		DateADT		due;
		const char *rule;

		c = granted(STD_2022);
		reset(c);
		(void) isms_replay_history(c, D("2024-04-02"), ISMS_REPLAY_LENIENT);
		expect_true("SUR-3 overdue the day after the deadline",
					isms_overdue_surveillance(c, D("2024-04-02"), &due, &rule) &&
					due == D("2024-04-01"));
		expect_true("SUR-3 not overdue on the deadline",
					!isms_overdue_surveillance(c, D("2024-04-01"), &due, &rule));
	}
}

static void
test_scope(void)
{
	IsmsCert   *c;
	IsmsDecision *d;

	c = granted(STD_2022);
	c->initial_scope_set = scope("{site:Tokyo, site:Osaka}");
	d = dec(c, ISMS_DK_REDUCE_SCOPE, "2023-06-01", NULL);
	d->new_scope_set = scope("{site:Tokyo}");
	expect("SCO-1 reduction within the scope", c, NULL);
	d->new_scope_set = scope("{site:Tokyo, site:Nagoya}");
	expect("SCO-1 reduction beyond the scope", c, "SCO-1");
	d->new_scope_set = NULL;
	expect("SCO-1 reduction that gives nothing", c, "SCO-1");
	d->new_scope = "new wording";
	expect("SCO-1 reduction of the wording only", c, NULL);

	c = granted(STD_2022);
	c->initial_scope_set = scope("{site:Tokyo}");
	aud(c, ISMS_AK_SPECIAL, "2023-05-30", "2023-06-01");
	d = dec(c, ISMS_DK_EXTEND_SCOPE, "2023-06-01", NULL);
	d->new_scope_set = scope("{site:Tokyo, site:Osaka}");
	expect("SCO-1 extension after its special audit", c, NULL);
	c->aud[c->naud - 1].end = D("2023-06-02");
	expect("SCO-1 extension before its special audit ends", c, "SCO-1");
}

static void
test_editions(void)
{
	IsmsCert   *c;
	IsmsDecision *d;

	/* TRN-1 */
	c = cert(STD_2013);
	initial_audits(c, "2022-02-01", "2022-03-01", "2022-03-03");
	dec(c, ISMS_DK_GRANT, "2022-04-01", "2025-03-31");
	aud(c, ISMS_AK_TRANSITION, "2022-10-20", "2022-10-21");
	d = dec(c, ISMS_DK_TRANSITION, "2022-10-25", NULL);
	d->new_standard = STD_2022;
	expect("TRN-1 transition on the publication day", c, NULL);
	d->decided = d->effective = D("2022-10-24");
	expect("TRN-1 transition the day before publication", c, "TRN-1");

	/* TRN-4 and TRN-5 */
	c = granted(STD_2013);
	d = dec(c, ISMS_DK_TRANSITION, "2023-06-01", NULL);
	d->new_standard = STD_2022;
	expect("TRN-4 transition without a transition audit", c, "TRN-4");
	aud(c, ISMS_AK_TRANSITION, "2023-05-01", "2023-05-02");
	d->new_standard = STD_ITSMS;
	expect("TRN-5 transition to another standard", c, "TRN-5");
	d->new_standard = STD_2022;
	expect("TRN-5 transition to the new edition", c, NULL);

	/* TRN-2: the last recertification audit against 2013 starts 2024-04-30 */
	c = cert(STD_2013);
	initial_audits(c, "2021-02-01", "2021-03-01", "2021-03-03");
	dec(c, ISMS_DK_GRANT, "2021-06-01", "2024-05-31");
	aud(c, ISMS_AK_SURVEILLANCE, "2022-03-01", "2022-03-02");
	aud(c, ISMS_AK_SURVEILLANCE, "2023-03-01", "2023-03-02");
	aud(c, ISMS_AK_RECERTIFICATION, "2024-04-30", "2024-05-02");
	dec(c, ISMS_DK_RECERTIFY, "2024-05-10", "2027-05-31");
	expect("TRN-2 recertification audit starting on the last day", c, NULL);
	c->aud[c->naud - 1].start = D("2024-05-01");
	expect("TRN-2 recertification audit starting a day later", c, "TRN-2");

	/* STD-1: an identical adoption follows its original's transition */
	expect_true("STD-1 an adoption is left by its original's transition",
				isms_transition_leaving(&ref, STD_JIS) == &ref.trans[0] &&
				isms_transition_leaving(&ref, STD_2022) == NULL);
	expect_true("STD-1 an amended version belongs to its edition",
				strcmp(isms_edition_of("ISO/IEC 27001:2022/Amd 1:2024"), STD_2022) == 0);
	c = cert(STD_JIS);
	initial_audits(c, "2023-02-01", "2023-03-01", "2023-03-03");
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-03-31");
	expect_status("STD-1 an adoption ends with its original edition", c, "2025-11-01", ISMS_ST_EXPIRED);

	/* TRN-3: a 2013 certificate ends on 2025-10-31 */
	c = cert(STD_2013);
	initial_audits(c, "2023-02-01", "2023-03-01", "2023-03-03");
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-03-31");
	expect_status("TRN-3 valid on the old edition's last day", c, "2025-10-31", ISMS_ST_ACTIVE);
	expect_status("TRN-3 expired the day after", c, "2025-11-01", ISMS_ST_EXPIRED);
	aud(c, ISMS_AK_RECERTIFICATION, "2023-11-01", "2023-11-02");
	dec(c, ISMS_DK_RESTORE, "2025-12-01", "2029-03-31");
	expect("TRN-3 restoration of an ended old edition", c, "TRN-3");
}

/* a base granted 2023-04-01..2026-03-31 and its draft add-on */
static IsmsCert *
addon_of(IsmsCert **basep)
{
	IsmsCert   *b = granted(STD_2022);
	IsmsCert   *a = cert(STD_CLOUD);

	a->base = b;
	a->base_id = b->id;
	b->has_addons = true;
	initial_audits(a, "2023-05-01", "2023-05-10", "2023-05-11");
	*basep = b;
	return a;
}

static void
test_addons(void)
{
	IsmsCert   *a,
			   *b;
	IsmsDecision *d;

	/* ADD-1 */
	a = cert(STD_CLOUD);
	initial_audits(a, "2023-05-01", "2023-05-10", "2023-05-11");
	dec(a, ISMS_DK_GRANT, "2023-06-01", "2026-03-31");
	expect("ADD-1 add-on without a base", a, "ADD-1");
	a = addon_of(&b);
	dec(a, ISMS_DK_GRANT, "2023-06-01", "2026-03-31");
	expect("ADD-1 add-on with its base", a, NULL);

	/* ADD-2: the base active when the grant is decided */
	a = addon_of(&b);
	dec(b, ISMS_DK_SUSPEND, "2023-06-02", NULL);
	dec(a, ISMS_DK_GRANT, "2023-06-01", "2026-03-31");
	expect("ADD-2 grant the day before the base's suspension", a, NULL);
	a = addon_of(&b);
	dec(b, ISMS_DK_SUSPEND, "2023-06-01", NULL);
	dec(a, ISMS_DK_GRANT, "2023-06-01", "2026-03-31");
	a->dec[0].id = b->dec[1].id + 1;
	expect("ADD-2 grant on the day of the base's suspension", a, "ADD-2");

	/* ADD-3 */
	a = addon_of(&b);
	b->initial_scope_set = scope("{site:Tokyo}");
	d = dec(a, ISMS_DK_GRANT, "2023-06-01", "2026-03-31");
	d->new_scope_set = scope("{site:Tokyo/HQ, role:provider}");
	expect("ADD-3 add-on scope within the base's", a, NULL);
	d->new_scope_set = scope("{site:Osaka}");
	expect("ADD-3 add-on scope outside the base's", a, "ADD-3");

	/* ADD-4 */
	a = addon_of(&b);
	dec(a, ISMS_DK_GRANT, "2023-06-01", "2026-03-31");
	expect("ADD-4 add-on expiring with its base", a, NULL);
	a->dec[0].new_expiry = D("2026-04-01");
	expect("ADD-4 add-on expiring a day after its base", a, "ADD-4");

	/* ADD-5 */
	a = addon_of(&b);
	dec(a, ISMS_DK_GRANT, "2023-06-01", "2026-03-31");
	dec(b, ISMS_DK_SUSPEND, "2024-01-10", NULL);
	expect_status("ADD-5 add-on active the day before its base's suspension", a, "2024-01-09", ISMS_ST_ACTIVE);
	expect_status("ADD-5 add-on suspended with its base", a, "2024-01-10", ISMS_ST_SUSPENDED);
	aud(a, ISMS_AK_RECERTIFICATION, "2024-01-11", "2024-01-12");
	dec(a, ISMS_DK_RECERTIFY, "2024-02-01", "2026-03-31");
	expect("ADD-5 recertification while the base is suspended", a, "ADD-5");

	/* ADD-6: an audit held with the base's */
	a = addon_of(&b);
	a->naud = 0;
	aud(a, ISMS_AK_STAGE2, "2023-05-10", "2023-05-11")->combined = true;
	dec(a, ISMS_DK_GRANT, "2023-11-11", "2026-03-31");
	expect("ADD-6 grant on the last day after a combined audit", a, NULL);
	a->dec[0].decided = a->dec[0].effective = D("2023-11-12");
	expect("ADD-6 grant a day too late after a combined audit", a, "CYC-1");

	/* ADD-7: a base change that breaks its add-on, checked at commit */
	a = addon_of(&b);
	dec(a, ISMS_DK_GRANT, "2023-06-01", "2026-03-31");
	check(a);
	expect_true("ADD-7 consistent add-on", isms_check_addons_of(a, 1) == NULL);
	b->dec[0].new_expiry = D("2026-03-30");
	reset(a);
	(void) isms_replay_history(a, D("2030-01-01"), ISMS_REPLAY_LENIENT);
	{
		IsmsViolation *v = isms_check_addons_of(a, 1);

		expect_true("ADD-7 base expiry shortened under its add-on",
					v != NULL && strcmp(v->rule, "ADD-7") == 0);
	}
}

/*
 * The add-on granted on day X while its base was active; later the base
 * gets a backdated suspension and a reinstatement dated X, recorded after
 * the add-on's grant: the base was suspended when the grant was taken.
 */
/* EVD-1: one switch turns off the rules that need audit records */
static void
test_evidence(void)
{
	IsmsCert   *c;
	DateADT		due;
	const char *rule;

	c = cert(STD_2022);
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-03-31");
	expect("EVD-1 audits: a grant without audits", c, "CYC-1");
	c = cert(STD_2022);
	c->p.reported = true;
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-03-31");
	expect("EVD-1 reported: a grant without audits", c, NULL);
	c = cert(STD_2022);
	c->p.reported = true;
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-04-01");
	expect("EVD-1 reported: CYC-3 still applies", c, "CYC-3");
	c = cert(STD_2022);
	c->p.reported = true;
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-03-31");
	dec(c, ISMS_DK_SUSPEND, "2025-03-01", NULL);
	dec(c, ISMS_DK_REINSTATE, "2025-04-01", NULL);
	dec(c, ISMS_DK_RECERTIFY, "2026-03-01", "2029-03-31");
	expect("EVD-1 reported: reinstatement and recertification without audits", c, NULL);
	c = cert(STD_2022);
	c->p.reported = true;
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-03-31");
	dec(c, ISMS_DK_RECERTIFY, "2026-04-01", "2029-03-31");
	expect("EVD-1 reported: REC-1 after expiry still applies", c, "REC-1");
	c = cert(STD_2022);
	c->p.reported = true;
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-03-31");
	dec(c, ISMS_DK_SUSPEND, "2024-01-01", NULL);
	dec(c, ISMS_DK_SUSPEND, "2024-02-01", NULL);
	expect("EVD-1 reported: SUS-1 still applies", c, "SUS-1");
	c = cert(STD_2022);
	c->p.reported = true;
	dec(c, ISMS_DK_GRANT, "2023-04-01", "2026-03-31");
	reset(c);
	(void) isms_replay_history(c, D("2025-06-01"), ISMS_REPLAY_LENIENT);
	expect_true("EVD-1 reported: no surveillance is overdue (SUR-3)",
				!isms_overdue_surveillance(c, D("2025-06-01"), &due, &rule));
}

/* ---------------------------------------------------------------- */
/* EVD-2: opening balances */

/*
 * An opening recorded on `decided` (and effective then) of a cycle that
 * started on cycle_start, with the expiry in force; active unless
 * suspended_since is given.
 */
static IsmsDecision *
opening(IsmsCert *c, const char *decided, const char *original,
		const char *cycle_start, const char *expiry, const char *suspended_since)
{
	IsmsDecision *d = dec(c, ISMS_DK_OPEN, decided, expiry);

	d->has_original_date = original != NULL;
	if (original)
		d->original_date = D(original);
	d->has_cycle_start = true;
	d->cycle_start = D(cycle_start);
	d->opening_status = suspended_since ? ISMS_ST_SUSPENDED : ISMS_ST_ACTIVE;
	d->has_suspended_since = suspended_since != NULL;
	if (suspended_since)
		d->suspended_since = D(suspended_since);
	return d;
}

/* The row check of an opening (the BEFORE INSERT trigger's): the rule, or NULL. */
static const char *
row_rule(const IsmsOpeningRow *r, IsmsSqlState *state)
{
	IsmsViolation *v = isms_check_opening_row(r);

	if (v && state)
		*state = v->sqlstate;
	return v ? v->rule : NULL;
}

static void
expect_row(const char *name, const IsmsOpeningRow *r, const char *want,
		   IsmsSqlState want_state)
{
	IsmsSqlState st = ISMS_SQLSTATE_CHECK_VIOLATION;
	const char *got = row_rule(r, &st);

	result(((got == NULL && want == NULL) ||
			(got != NULL && want != NULL && strcmp(got, want) == 0 && st == want_state)),
		   name, got, want);
}

static IsmsOpeningRow
open_row(const char *effective, const char *original, const char *cycle_start,
		 const char *expiry, int status, const char *suspended_since)
{
	IsmsOpeningRow r;

	memset(&r, 0, sizeof(r));
	r.kind = ISMS_DK_OPEN;
	r.decided = r.effective = D(effective);
	r.has_expiry = expiry != NULL;
	r.new_expiry = expiry ? D(expiry) : 0;
	r.has_original_date = original != NULL;
	r.original_date = original ? D(original) : 0;
	r.has_cycle_start = cycle_start != NULL;
	r.cycle_start = cycle_start ? D(cycle_start) : 0;
	r.opening_status = status;
	r.has_suspended_since = suspended_since != NULL;
	r.suspended_since = suspended_since ? D(suspended_since) : 0;
	return r;
}

static void
test_opening(void)
{
	IsmsCert   *c,
			   *a,
			   *b;
	IsmsOpeningRow r;
	IsmsObligation ob[ISMS_MAX_OBLIGATIONS];
	DateADT		done[ISMS_MAX_OBLIGATIONS];
	const char *state[ISMS_MAX_OBLIGATIONS];
	DateADT		due;
	const char *rule;
	int			n,
				i;
	bool		none_overdue = true;

	/* the row's own columns, on their boundary days */
	r = open_row("2025-06-01", "2011-05-01", "2023-04-01", "2026-03-31", ISMS_ST_ACTIVE, NULL);
	expect_row("EVD-2 row: an active opening", &r, NULL, 0);
	r.original_date = r.cycle_start;
	expect_row("EVD-2 row: original date on the cycle start", &r, NULL, 0);
	r.original_date = r.cycle_start + 1;
	expect_row("EVD-2 row: original date after the cycle start", &r, "EVD-2", ISMS_SQLSTATE_CHECK_VIOLATION);
	r = open_row("2025-06-01", NULL, "2025-06-01", "2026-03-31", ISMS_ST_ACTIVE, NULL);
	expect_row("EVD-2 row: no original date", &r, "EVD-2", ISMS_SQLSTATE_NULL_VALUE_NOT_ALLOWED);
	r = open_row("2025-06-01", "2025-06-01", "2025-06-01", "2026-03-31", ISMS_ST_ACTIVE, NULL);
	expect_row("EVD-2 row: cycle start on the opening day", &r, NULL, 0);
	r.cycle_start = D("2025-06-02");
	expect_row("EVD-2 row: cycle start after the opening day", &r, "EVD-2", ISMS_SQLSTATE_CHECK_VIOLATION);
	r = open_row("2025-06-01", "2011-05-01", "2023-04-01", NULL, ISMS_ST_ACTIVE, NULL);
	expect_row("EVD-2 row: no expiry", &r, "EVD-2", ISMS_SQLSTATE_NULL_VALUE_NOT_ALLOWED);
	r = open_row("2025-06-01", "2011-05-01", NULL, "2026-03-31", ISMS_ST_ACTIVE, NULL);
	expect_row("EVD-2 row: no cycle start", &r, "EVD-2", ISMS_SQLSTATE_NULL_VALUE_NOT_ALLOWED);
	r = open_row("2025-06-01", "2011-05-01", "2023-04-01", "2026-03-31", 0, NULL);
	expect_row("EVD-2 row: no status", &r, "EVD-2", ISMS_SQLSTATE_NULL_VALUE_NOT_ALLOWED);
	r = open_row("2025-06-01", "2011-05-01", "2023-04-01", "2026-03-31", ISMS_ST_WITHDRAWN, NULL);
	expect_row("EVD-2 row: a withdrawn opening", &r, "EVD-2", ISMS_SQLSTATE_CHECK_VIOLATION);
	r = open_row("2025-06-01", "2011-05-01", "2023-04-01", "2026-03-31", ISMS_ST_SUSPENDED, NULL);
	expect_row("EVD-2 row: suspended without suspended_since", &r, "EVD-2", ISMS_SQLSTATE_NULL_VALUE_NOT_ALLOWED);
	r = open_row("2025-06-01", "2011-05-01", "2023-04-01", "2026-03-31", ISMS_ST_ACTIVE, "2025-05-01");
	expect_row("EVD-2 row: active with suspended_since", &r, "EVD-2", ISMS_SQLSTATE_CHECK_VIOLATION);
	r = open_row("2025-06-01", "2011-05-01", "2023-04-01", "2026-03-31", ISMS_ST_SUSPENDED, "2023-04-01");
	expect_row("EVD-2 row: suspended since the cycle start", &r, NULL, 0);
	r.suspended_since = D("2023-03-31");
	expect_row("EVD-2 row: suspended since before the cycle start", &r, "EVD-2", ISMS_SQLSTATE_CHECK_VIOLATION);
	r.suspended_since = D("2025-06-01");
	expect_row("EVD-2 row: suspended since the opening day", &r, NULL, 0);
	r.suspended_since = D("2025-06-02");
	expect_row("EVD-2 row: suspended since after the opening day", &r, "EVD-2", ISMS_SQLSTATE_CHECK_VIOLATION);
	r = open_row("2025-06-01", "2011-05-01", "2023-04-01", "2025-06-01", ISMS_ST_ACTIVE, NULL);
	expect_row("EVD-2 row: expiring on the opening day", &r, NULL, 0);
	r.new_expiry = D("2025-05-31");
	expect_row("EVD-2 row: expired before the opening day", &r, "EVD-2", ISMS_SQLSTATE_CHECK_VIOLATION);
	r = open_row("2025-06-01", NULL, NULL, NULL, 0, NULL);
	r.kind = ISMS_DK_GRANT;
	r.has_cycle_start = true;
	r.cycle_start = D("2023-04-01");
	expect_row("EVD-2 row: a grant with cycle_start", &r, "EVD-2", ISMS_SQLSTATE_CHECK_VIOLATION);

	/* CYC-3 from the cycle start, by the owner's formula */
	c = cert(STD_2022);
	opening(c, "2025-06-01", "2011-05-01", "2023-04-01", "2026-03-31", NULL);
	expect("EVD-2 opening in audits mode, no audits", c, NULL);
	expect_true("EVD-2 the opening sets the derived columns",
				c->final.cycle_start == D("2023-04-01") && c->final.expiry == D("2026-03-31") &&
				c->final.has_original && c->final.original == D("2011-05-01") &&
				c->final.revision == 1 && c->final.status == ISMS_ST_ACTIVE &&
				!c->final.initial_cycle);
	c->dec[0].new_expiry = D("2026-04-01");
	expect("CYC-3 opening expiry a day late", c, "CYC-3");

	/* status unknown before the opening, known from it */
	c = cert(STD_2022);
	opening(c, "2025-06-01", "2011-05-01", "2023-04-01", "2026-03-31", NULL);
	check(c);
	expect_true("EVD-2 status unknown the day before the opening",
				isms_status_unknown(c, D("2025-05-31")) && !isms_status_unknown(c, D("2025-06-01")));
	expect_status("EVD-2 active on the opening day", c, "2025-06-01", ISMS_ST_ACTIVE);
	expect_status("REC-2 an opened certificate expires by date", c, "2026-04-01", ISMS_ST_EXPIRED);

	/* only the first decision of a draft */
	c = cert(STD_2022);
	opening(c, "2025-06-01", "2011-05-01", "2023-04-01", "2026-03-31", NULL);
	opening(c, "2025-07-01", "2011-05-01", "2023-04-01", "2026-03-31", NULL);
	expect("EVD-2 a second opening", c, "EVD-2");
	c = granted(STD_2022);
	opening(c, "2025-06-01", "2011-05-01", "2023-04-01", "2026-03-31", NULL);
	expect("EVD-2 an opening after a grant", c, "EVD-2");

	/* a suspended opening, then reinstatement (SUS-2 warning counts from suspended_since) */
	c = cert(STD_2022);
	c->p.reported = true;
	opening(c, "2025-06-01", "2011-05-01", "2023-04-01", "2026-03-31", "2025-05-01");
	dec(c, ISMS_DK_REINSTATE, "2025-07-01", NULL);
	expect("EVD-2 suspended opening, then reinstatement", c, NULL);
	expect_status("EVD-2 suspended on the opening day", c, "2025-06-01", ISMS_ST_SUSPENDED);
	expect_status("EVD-2 active after the reinstatement", c, "2025-07-01", ISMS_ST_ACTIVE);
	c = cert(STD_2022);
	c->p.reported = true;
	opening(c, "2025-06-01", "2011-05-01", "2023-04-01", "2026-03-31", NULL);
	dec(c, ISMS_DK_REINSTATE, "2025-07-01", NULL);
	expect("SUS-2 reinstatement of an active opening", c, "SUS-2");

	/* expiry by date, then restoration within the window (REC-3) */
	c = cert(STD_2022);
	c->p.reported = true;
	opening(c, "2025-06-01", "2011-05-01", "2023-04-01", "2026-03-31", NULL);
	dec(c, ISMS_DK_RESTORE, "2026-09-30", "2029-03-31");
	expect("REC-3 restoration of an opened certificate on the last day", c, NULL);
	c->dec[1].decided = c->dec[1].effective = D("2026-10-01");
	expect("REC-3 restoration of an opened certificate a day late", c, "REC-3");
	c = cert(STD_2022);
	c->p.reported = true;
	opening(c, "2025-06-01", "2011-05-01", "2023-04-01", "2026-03-31", NULL);
	dec(c, ISMS_DK_RECERTIFY, "2026-03-31", "2029-03-31");
	expect("REC-1 recertification of an opened certificate on its expiry day", c, NULL);
	c->dec[1].decided = c->dec[1].effective = D("2026-04-01");
	expect("REC-1 recertification of an opened certificate after expiry", c, "REC-1");

	/* audits mode: obligations due before the opening are not recorded, never overdue */
	c = cert(STD_2022);
	opening(c, "2025-06-01", "2023-04-01", "2023-04-01", "2026-03-31", NULL);
	reset(c);
	(void) isms_replay_history(c, D("2025-06-10"), ISMS_REPLAY_LENIENT);
	n = isms_programme_of(c, &c->asof, ob);
	(void) isms_programme_states(c, &c->asof, ob, n, D("2025-06-10"), done, state);
	for (i = 0; i < n; i++)
		if (ob[i].due_by < D("2025-06-01") && strcmp(state[i], "not recorded") != 0)
			none_overdue = false;
	expect_true("EVD-2 obligations due before the opening are not recorded", none_overdue && n >= 3);
	expect_true("EVD-2 no overdue surveillance before the opening (SUR-3)",
				!isms_overdue_surveillance(c, D("2025-06-10"), &due, &rule));
	reset(c);
	(void) isms_replay_history(c, D("2026-01-10"), ISMS_REPLAY_LENIENT);
	expect_true("SUR-2 a year after the opening is overdue again",
				isms_overdue_surveillance(c, D("2026-01-10"), &due, &rule) &&
				due == D("2025-12-31"));

	/* add-ons: the base valid on the opening day (ADD-5), ADD-1, ADD-4 */
	a = addon_of(&b);
	a->naud = 0;
	opening(a, "2025-06-01", "2024-04-01", "2024-04-01", "2026-03-31", NULL);
	expect("ADD-5 add-on opened while its base is active", a, NULL);
	a->dec[0].new_expiry = D("2026-04-01");
	expect("ADD-4 add-on opened expiring after its base", a, "ADD-4");
	a = addon_of(&b);
	a->naud = 0;
	b->ndec = 0;
	opening(a, "2025-06-01", "2024-04-01", "2024-04-01", "2026-03-31", NULL);
	expect("ADD-5 add-on opened on a draft base", a, "ADD-5");
	a = addon_of(&b);
	a->naud = 0;
	dec(b, ISMS_DK_SUSPEND, "2025-05-01", NULL);
	opening(a, "2025-06-01", "2024-04-01", "2024-04-01", "2026-03-31", "2025-05-01");
	expect("ADD-5 add-on opened suspended with its suspended base", a, NULL);
	a->dec[0].opening_status = ISMS_ST_ACTIVE;
	a->dec[0].has_suspended_since = false;
	expect("ADD-5 add-on opened active on a suspended base", a, "ADD-5");
	a = cert(STD_CLOUD);
	opening(a, "2025-06-01", "2024-04-01", "2024-04-01", "2026-03-31", NULL);
	expect("ADD-1 add-on opened without a base", a, "ADD-1");
}

static void
test_same_day(void)
{
	IsmsCert   *a,
			   *b;
	IsmsDecision *s,
			   *r;

	a = addon_of(&b);
	dec(a, ISMS_DK_GRANT, "2023-06-01", "2026-03-31");
	s = dec(b, ISMS_DK_SUSPEND, "2023-05-20", NULL);
	r = dec(b, ISMS_DK_REINSTATE, "2023-06-01", NULL);
	s->id = a->dec[0].id + 1;
	r->id = a->dec[0].id + 2;
	reset(a);
	(void) isms_replay_history(a, D("2030-01-01"), ISMS_REPLAY_LENIENT);
	{
		IsmsViolation *v = isms_check_addons_of(a, 1);

		expect_true("ADD-7 reinstatement on the add-on's grant day, recorded later",
					v != NULL && strcmp(v->rule, "ADD-7") == 0);
	}
	/* recorded before the add-on's grant, the reinstatement precedes it */
	s->id = a->dec[0].id - 2;
	r->id = a->dec[0].id - 1;
	reset(a);
	(void) isms_replay_history(a, D("2030-01-01"), ISMS_REPLAY_LENIENT);
	expect_true("ADD-7 reinstatement on the add-on's grant day, recorded earlier",
				isms_check_addons_of(a, 1) == NULL);
}

/* TRF-1: a transfer takes over the issuing certificate's cycle */
static IsmsDecision *
transfer(IsmsCert *c, const char *decided, const char *cycle_start,
		 const char *expiry, const char *original)
{
	IsmsDecision *d = dec(c, ISMS_DK_TRANSFER, decided, NULL);

	d->has_transfer = true;
	d->transfer_cycle_start = D(cycle_start);
	d->transfer_expiry = D(expiry);
	d->transfer_original = D(original);
	return d;
}

static IsmsTransferFacts
facts(int from_status)
{
	IsmsTransferFacts f;

	memset(&f, 0, sizeof(f));
	f.number = "R-1";
	f.cb_code = "RECEIVER";
	f.from_number = "I-1";
	f.from_cb_code = "ISSUER";
	f.same_org = true;
	f.standard = f.from_standard = STD_2022;
	f.from_status = from_status;
	f.effective = D("2024-10-01");
	return f;
}

static bool
trf_refused(const IsmsTransferFacts *f, IsmsSqlState want)
{
	IsmsViolation *v = isms_check_transfer(f);

	return v != NULL && strcmp(v->rule, isms_rule_trf1) == 0 && v->sqlstate == want;
}

static void
test_transfer(void)
{
	IsmsCert   *c;
	IsmsTransferFacts f;
	IsmsObligation ob[ISMS_MAX_OBLIGATIONS];
	DateADT		done[ISMS_MAX_OBLIGATIONS];
	const char *state[ISMS_MAX_OBLIGATIONS];
	DateADT		due;
	const char *rule;
	int			n;

	/* the receiving certificate: a draft, no audits of its own */
	c = cert(STD_2022);
	transfer(c, "2024-10-01", "2023-04-01", "2026-03-31", "2023-04-01");
	expect("TRF-1 transfer of a draft, without audits", c, NULL);
	expect_status("TRF-1 draft the day before the transfer", c, "2024-09-30", ISMS_ST_DRAFT);
	expect_status("TRF-1 active from the transfer date", c, "2024-10-01", ISMS_ST_ACTIVE);
	expect_status("TRF-1 active on the expiry taken over", c, "2026-03-31", ISMS_ST_ACTIVE);
	expect_status("TRF-1 expired the day after", c, "2026-04-01", ISMS_ST_EXPIRED);
	expect_true("TRF-1 cycle, expiry and original date taken over",
				c->final.cycle_start == D("2023-04-01") && c->final.expiry == D("2026-03-31") &&
				c->final.has_original && c->final.original == D("2023-04-01") &&
				c->final.initial_cycle && c->final.revision == 1);

	/* the programme goes on: what fell due before the transfer was the issuer's */
	reset(c);
	(void) isms_replay_history(c, D("2025-02-01"), ISMS_REPLAY_LENIENT);
	n = isms_programme_of(c, &c->asof, ob);
	(void) isms_programme_states(c, &c->asof, ob, n, D("2025-02-01"), done, state);
	expect_true("TRF-1 SUR-1 due before the transfer is the issuer's",
				strcmp(ob[0].rule, "SUR-1") == 0 && strcmp(state[0], "transferred") == 0);
	expect_true("TRF-1 the year of the transfer: due by its end, overdue after",
				strcmp(ob[1].rule, "SUR-2") == 0 && ob[1].due_by == D("2024-12-31") &&
				strcmp(state[1], "overdue") == 0);
	reset(c);
	(void) isms_replay_history(c, D("2024-11-01"), ISMS_REPLAY_LENIENT);
	expect_true("TRF-1 nothing overdue right after the transfer (SUR-3)",
				!isms_overdue_surveillance(c, D("2024-11-01"), &due, &rule));

	/* a recertification by the receiving body needs its own audit */
	c = cert(STD_2022);
	transfer(c, "2024-10-01", "2023-04-01", "2026-03-31", "2023-04-01");
	aud(c, ISMS_AK_SURVEILLANCE, "2024-11-04", "2024-11-05");
	aud(c, ISMS_AK_SURVEILLANCE, "2025-05-12", "2025-05-13");
	dec(c, ISMS_DK_RECERTIFY, "2026-03-01", "2029-03-31");
	expect("TRF-1 recertification without an audit (REC-1)", c, "REC-1");
	aud(c, ISMS_AK_RECERTIFICATION, "2026-01-19", "2026-01-21");
	expect("TRF-1 recertification with the receiver's audit", c, NULL);
	c = cert(STD_2022);
	c->p.reported = true;
	transfer(c, "2024-10-01", "2023-04-01", "2026-03-31", "2023-04-01");
	dec(c, ISMS_DK_RECERTIFY, "2026-03-01", "2029-03-31");
	expect("TRF-1 reported: recertification after a transfer", c, NULL);

	/* a recertified cycle taken over is not an initial one */
	c = cert(STD_2022);
	transfer(c, "2024-10-01", "2023-02-20", "2026-03-31", "2020-04-01");
	check(c);
	expect_true("TRF-1 a later cycle taken over has no SUR-1", !c->final.initial_cycle);

	/* only a draft takes a certificate over */
	c = granted(STD_2022);
	transfer(c, "2024-10-01", "2023-04-01", "2026-03-31", "2023-04-01");
	expect("TRF-1 transfer onto an active certificate", c, "legal_transition");

	/* the facts: validity on the transfer date, bodies, add-ons */
	f = facts(ISMS_ST_ACTIVE);
	expect_true("TRF-1 valid certificate of another body", isms_check_transfer(&f) == NULL);
	f = facts(ISMS_ST_SUSPENDED);
	expect_true("TRF-1 suspended certificate", trf_refused(&f, ISMS_SQLSTATE_NOT_IN_PREREQUISITE_STATE));
	f = facts(ISMS_ST_EXPIRED);
	expect_true("TRF-1 expired certificate", trf_refused(&f, ISMS_SQLSTATE_NOT_IN_PREREQUISITE_STATE));
	f = facts(ISMS_ST_WITHDRAWN);
	expect_true("TRF-1 withdrawn certificate", trf_refused(&f, ISMS_SQLSTATE_NOT_IN_PREREQUISITE_STATE));
	f = facts(ISMS_ST_ACTIVE);
	f.same_cb = true;
	expect_true("TRF-1 transfer within one body", trf_refused(&f, ISMS_SQLSTATE_CHECK_VIOLATION));
	f = facts(ISMS_ST_ACTIVE);
	f.same_org = false;
	expect_true("TRF-1 another organisation", trf_refused(&f, ISMS_SQLSTATE_CHECK_VIOLATION));
	f = facts(ISMS_ST_ACTIVE);
	f.from_number = NULL;
	expect_true("TRF-1 no certificate named", trf_refused(&f, ISMS_SQLSTATE_CHECK_VIOLATION));
	f = facts(ISMS_ST_ACTIVE);
	f.from_standard = STD_2013;
	expect_true("TRF-1 another edition", trf_refused(&f, ISMS_SQLSTATE_CHECK_VIOLATION));
	f = facts(ISMS_ST_ACTIVE);
	f.from_base_number = "I-BASE";
	f.base_number = "R-BASE";
	f.base_takes_over = true;
	expect_true("TRF-1 add-on with its base", isms_check_transfer(&f) == NULL);
	f.base_takes_over = false;
	expect_true("TRF-1 add-on without its base", trf_refused(&f, ISMS_SQLSTATE_CHECK_VIOLATION));
	f.base_number = NULL;
	expect_true("TRF-1 add-on onto no base", trf_refused(&f, ISMS_SQLSTATE_CHECK_VIOLATION));
	expect_true("TRF-1 link of the same body",
				isms_transfer_link_violation("R-1", "7", true, true) != NULL &&
				isms_transfer_link_violation("R-1", "7", true, false) == NULL);
}

static void
test_lenient(void)
{
	IsmsCert   *c = granted(STD_2022);
	int			i;

	dec(c, ISMS_DK_REINSTATE, "2023-06-01", NULL);
	dec(c, ISMS_DK_GRANT, "2023-07-01", NULL);
	for (i = 0; i < c->ndec; i++)
		c->dec[i].is_new = true;
	reset(c);
	expect_true("LENIENT replay skips what is illegal and returns nothing",
				isms_replay_history(c, D("2030-01-01"), ISMS_REPLAY_LENIENT) == NULL &&
				isms_status_on(c, D("2023-08-01")) == ISMS_ST_ACTIVE);
}

/* REC-6: extraordinary-event extensions (rules_extension.c) */
static void
test_extension(void)
{
	IsmsCert   *c;
	IsmsDecision *d;
	IsmsObligation ob[ISMS_MAX_OBLIGATIONS];
	int			n;

	/* at most 6 months beyond the cycle's own expiry date (2026-03-31) */
	c = granted(STD_2022);
	dec(c, ISMS_DK_EXTEND, "2026-03-01", "2026-09-30");
	expect("REC-6 extension by exactly 6 months", c, NULL);
	expect_status("REC-6 valid on the extended expiry date", c, "2026-09-30", ISMS_ST_ACTIVE);
	expect_status("REC-6 expired the day after it", c, "2026-10-01", ISMS_ST_EXPIRED);
	check(c);
	expect_true("REC-6 the cycle keeps its start and its own expiry date",
				c->final.cycle_start == D("2023-04-01") &&
				c->final.cycle_expiry == D("2026-03-31") &&
				c->final.expiry == D("2026-09-30") && c->final.revision == 1);
	c->dec[1].new_expiry = D("2026-10-01");
	expect("REC-6 extension by 6 months and a day", c, "REC-6");
	c->dec[1].new_expiry = D("2026-03-31");
	expect("REC-6 extension that does not move the expiry date", c, "REC-6");
	c->p.extension_months = 0;
	c->dec[1].new_expiry = D("2026-04-01");
	expect("REC-6 no extension with extension_months 0", c, "REC-6");

	/* decided on the expiry date, not after it */
	c = granted(STD_2022);
	dec(c, ISMS_DK_EXTEND, "2026-03-31", "2026-06-30");
	expect("REC-6 extension decided on the expiry date", c, NULL);
	c = granted(STD_2022);
	dec(c, ISMS_DK_EXTEND, "2026-04-01", "2026-06-30");
	expect("REC-6 extension of an expired certificate", c, "REC-6");
	c = granted(STD_2022);
	d = dec(c, ISMS_DK_EXTEND, "2026-03-20", "2026-06-30");
	d->effective = D("2026-04-01");
	expect("REC-6 extension taking effect after the expiry date", c, "REC-6");
	c = granted(STD_2022);
	dec(c, ISMS_DK_WITHDRAW, "2025-01-10", NULL);
	dec(c, ISMS_DK_EXTEND, "2026-03-01", "2026-06-30");
	expect("REC-6 extension of a withdrawn certificate", c, "WDR-1");
	c = cert(STD_2022);
	dec(c, ISMS_DK_EXTEND, "2026-03-01", "2026-06-30");
	expect("REC-6 extension of a draft", c, "REC-6");

	/* a suspended certificate stays suspended */
	c = granted(STD_2022);
	dec(c, ISMS_DK_SUSPEND, "2026-01-10", NULL);
	dec(c, ISMS_DK_EXTEND, "2026-03-01", "2026-09-30");
	expect("REC-6 extension of a suspended certificate", c, NULL);
	expect_status("REC-6 still suspended after the old expiry date", c, "2026-06-01", ISMS_ST_SUSPENDED);

	/* the limit holds for the total of several extensions */
	c = granted(STD_2022);
	dec(c, ISMS_DK_EXTEND, "2026-03-01", "2026-06-30");
	dec(c, ISMS_DK_EXTEND, "2026-06-01", "2026-09-30");
	expect("REC-6 second extension up to the limit", c, NULL);
	c->dec[2].new_expiry = D("2026-10-01");
	expect("REC-6 second extension past the limit", c, "REC-6");

	/* recertification: on or before the extended date, anchored on the own one */
	c = surveilled();
	c->naud--;					/* no recertification audit before the event */
	aud(c, ISMS_AK_RECERTIFICATION, "2026-08-01", "2026-08-03");
	dec(c, ISMS_DK_EXTEND, "2026-03-01", "2026-09-30");
	dec(c, ISMS_DK_RECERTIFY, "2026-09-30", "2029-03-31");
	expect("REC-6 recertification on the extended expiry date, original anchor", c, NULL);
	c->dec[2].new_expiry = D("2029-04-01");
	expect("REC-6 recertification anchored a day after the original expiry + 3 years", c, "CYC-3");
	c->dec[2].new_expiry = D("2029-09-30");
	expect("REC-6 recertification anchored on the extended expiry", c, "CYC-3");
	c->dec[2].new_expiry = D("2029-03-31");
	c->dec[2].decided = c->dec[2].effective = D("2026-10-01");
	expect("REC-6 recertification the day after the extended expiry", c, "REC-1");

	/* restoration: the window from the extended date, the expiry from the own one */
	c = surveilled();
	dec(c, ISMS_DK_EXTEND, "2026-03-01", "2026-09-30");
	dec(c, ISMS_DK_RESTORE, "2027-03-30", "2029-03-31");
	expect("REC-6 restoration on the last day of the window after the extension", c, NULL);
	c->dec[2].decided = c->dec[2].effective = D("2027-03-31");
	expect("REC-6 restoration a day after that window", c, "REC-3");
	c->dec[2].decided = c->dec[2].effective = D("2026-12-01");
	c->dec[2].new_expiry = D("2029-04-01");
	expect("REC-6 restoration anchored on the original expiry", c, "CYC-3");

	/*
	 * The programme: the recertification audit is due by the extended date
	 * (into the next year), and no surveillance year is added.
	 */
	c = cert(STD_2022);
	initial_audits(c, "2023-08-01", "2023-09-01", "2023-09-03");
	dec(c, ISMS_DK_GRANT, "2023-10-01", "2026-09-30");
	aud(c, ISMS_AK_SURVEILLANCE, "2024-09-01", "2024-09-02");
	aud(c, ISMS_AK_SURVEILLANCE, "2025-09-01", "2025-09-02");
	dec(c, ISMS_DK_EXTEND, "2026-09-01", "2027-03-30");
	expect("REC-6 extension of a cycle ending on 2026-09-30 to 2027-03-30", c, NULL);
	n = isms_programme_of(c, &c->final, ob);
	expect_true("REC-6 programme: recertification audit due by the extended date, no extra surveillance year",
				n == 4 && ob[n - 1].due_by == D("2027-03-30") &&
				ob[n - 2].due_by == D("2025-12-31"));
	c->dec[1].new_expiry = D("2027-03-31");
	expect("REC-6 the same a day later", c, "REC-6");

	/* what the row carries */
	expect_true("REC-6 extension without new_expiry",
				isms_check_extension_row(ISMS_DK_EXTEND, false, true, true) != NULL);
	expect_true("REC-6 extension without reason",
				isms_check_extension_row(ISMS_DK_EXTEND, true, false, true) != NULL);
	expect_true("REC-6 extension without authority",
				isms_check_extension_row(ISMS_DK_EXTEND, true, true, false) != NULL);
	expect_true("REC-6 extension with everything",
				isms_check_extension_row(ISMS_DK_EXTEND, true, true, true) == NULL);
	expect_true("REC-6 authority on a suspension",
				isms_check_extension_row(ISMS_DK_SUSPEND, false, true, true) != NULL);
}

int
main(void)
{
	setup_reference();
	test_cycle();
	test_recertification();
	test_suspension();
	test_surveillance();
	test_scope();
	test_editions();
	test_addons();
	test_same_day();
	test_evidence();
	test_opening();
	test_transfer();
	test_lenient();
	test_extension();
	shim_reset();
	printf("1..%d\n", ntest);
	printf("engine: %d passed, %d failed\n", passed, failed);
	return failed == 0 ? 0 : 1;
}
