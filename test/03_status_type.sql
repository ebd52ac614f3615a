-- 03_status_type: the isms.cert_status type (the scheme's status vocabulary)
-- and the legal-transition table: operators and ordering, input spellings
-- (canonical, IAF CertSearch, Japanese), invalid input (22P02), labels,
-- isms.is_legal_transition and isms.decision_outcome.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

BEGIN;
\ir helpers/common.psql
-- isms first, so that the operators of isms.cert_status are found.
SET LOCAL search_path = isms, public;

SELECT plan(86);

-- The six statuses with their codes (the sort order of the type).
CREATE TEMP TABLE t03_status (code int PRIMARY KEY, name text NOT NULL);
INSERT INTO t03_status VALUES
    (1, 'draft'), (2, 'active'), (3, 'suspended'),
    (4, 'withdrawn'), (5, 'cancelled'), (6, 'expired');

/* ------------------------------------------------------------------
 * Storage and output
 * ------------------------------------------------------------------ */
SELECT is(pg_column_size('active'::isms.cert_status), 1, 'a status is stored in one byte');
SELECT results_eq(
    $$SELECT s.name::isms.cert_status::text, encode(isms.cert_status_send(s.name::isms.cert_status), 'hex')
        FROM t03_status s ORDER BY s.code$$,
    $$VALUES ('draft', '01'), ('active', '02'), ('suspended', '03'),
             ('withdrawn', '04'), ('cancelled', '05'), ('expired', '06')$$,
    'output is the canonical lower-case name; binary form is the code 1 (draft) .. 6 (expired)');

/* ------------------------------------------------------------------
 * Operators and ordering
 * ------------------------------------------------------------------ */
SELECT is('draft'::isms.cert_status < 'active'::isms.cert_status, true, 'draft < active');
SELECT is('active'::isms.cert_status < 'suspended'::isms.cert_status, true, 'active < suspended');
SELECT is('suspended'::isms.cert_status < 'withdrawn'::isms.cert_status, true, 'suspended < withdrawn');
SELECT is('withdrawn'::isms.cert_status < 'cancelled'::isms.cert_status, true, 'withdrawn < cancelled');
SELECT is('cancelled'::isms.cert_status < 'expired'::isms.cert_status, true, 'cancelled < expired');
SELECT is('expired'::isms.cert_status > 'draft'::isms.cert_status, true, 'expired > draft');
SELECT is('active'::isms.cert_status <= 'active'::isms.cert_status, true, 'active <= active');
SELECT is('active'::isms.cert_status >= 'suspended'::isms.cert_status, false, 'not active >= suspended');
SELECT is('Active'::isms.cert_status = 'active'::isms.cert_status, true, 'Active = active');
SELECT is('active'::isms.cert_status <> 'expired'::isms.cert_status, true, 'active <> expired');
SELECT is('active'::isms.cert_status = NULL::isms.cert_status, NULL, 'comparison with NULL is NULL');
SELECT ok(isms.cert_status_cmp('expired', 'draft') > 0, 'cert_status_cmp(expired, draft) > 0');
SELECT is(isms.cert_status_cmp('withdrawn', '取消'), 0, 'cert_status_cmp(withdrawn, 取消) = 0');

-- Every operator agrees with the codes on all 36 pairs.
SELECT ok(bool_and((a.name::isms.cert_status =  b.name::isms.cert_status) = (a.code =  b.code)), 'operator = on all pairs') FROM t03_status a, t03_status b;
SELECT ok(bool_and((a.name::isms.cert_status <> b.name::isms.cert_status) = (a.code <> b.code)), 'operator <> on all pairs') FROM t03_status a, t03_status b;
SELECT ok(bool_and((a.name::isms.cert_status <  b.name::isms.cert_status) = (a.code <  b.code)), 'operator < on all pairs') FROM t03_status a, t03_status b;
SELECT ok(bool_and((a.name::isms.cert_status <= b.name::isms.cert_status) = (a.code <= b.code)), 'operator <= on all pairs') FROM t03_status a, t03_status b;
SELECT ok(bool_and((a.name::isms.cert_status >  b.name::isms.cert_status) = (a.code >  b.code)), 'operator > on all pairs') FROM t03_status a, t03_status b;
SELECT ok(bool_and((a.name::isms.cert_status >= b.name::isms.cert_status) = (a.code >= b.code)), 'operator >= on all pairs') FROM t03_status a, t03_status b;
SELECT ok(bool_and(sign(isms.cert_status_cmp(a.name::isms.cert_status, b.name::isms.cert_status)) = sign(a.code - b.code)), 'cert_status_cmp on all pairs') FROM t03_status a, t03_status b;

SELECT results_eq(
    $$SELECT u.s::text AS name FROM unnest('{expired,draft,cancelled,active,withdrawn,suspended}'::isms.cert_status[]) AS u(s) ORDER BY u.s$$,
    $$VALUES ('draft'), ('active'), ('suspended'), ('withdrawn'), ('cancelled'), ('expired')$$,
    'ORDER BY sorts in the order of the scheme (default btree class)');
SELECT results_eq(
    $$SELECT u.s::text AS name FROM unnest('{expired,draft,cancelled,active,withdrawn,suspended}'::isms.cert_status[]) AS u(s) ORDER BY u.s DESC$$,
    $$VALUES ('expired'), ('cancelled'), ('withdrawn'), ('suspended'), ('active'), ('draft')$$,
    'ORDER BY ... DESC sorts in reverse');

-- btree and hash indexes use the default operator classes
CREATE TEMP TABLE t03_t (s isms.cert_status);
INSERT INTO t03_t SELECT name::isms.cert_status FROM t03_status, generate_series(1, 50);
CREATE INDEX t03_t_btree ON t03_t USING btree (s);
CREATE INDEX t03_t_hash ON t03_t USING hash (s);
ANALYZE t03_t;
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
SELECT is((SELECT count(*)::int FROM t03_t WHERE s = 'suspended'), 50, 'index scan finds all rows equal to suspended');
SELECT is((SELECT count(*)::int FROM t03_t WHERE s > 'withdrawn'), 100, 'index scan finds the rows after withdrawn');
SELECT is((SELECT count(*)::int FROM t03_t WHERE s <= 'active'), 100, 'index scan finds the rows up to active');
RESET enable_seqscan;
RESET enable_bitmapscan;
SET LOCAL enable_sort = off;
SELECT is((SELECT count(*)::int FROM (SELECT DISTINCT s FROM t03_t) d), 6, 'hashed DISTINCT finds the six statuses');
SELECT is(
    (SELECT count(*)::int FROM (SELECT DISTINCT v::isms.cert_status
       FROM unnest(ARRAY['Active', 'active', 'ACTIVE', '有効', '登録']) AS v) d),
    1, 'hashed DISTINCT folds all spellings of active into one');
RESET enable_sort;
SELECT is(isms.cert_status_hash('Active'), isms.cert_status_hash('有効'), 'equal statuses hash equally');
SELECT is(isms.cert_status_hash_extended('expired', 42), isms.cert_status_hash_extended('失効', 42), 'equal statuses hash equally (extended)');

/* ------------------------------------------------------------------
 * Input spellings
 * ------------------------------------------------------------------ */
SELECT is(v.input::isms.cert_status::text, v.expected, format('input %s is %s', to_json(v.input), v.expected))
  FROM (VALUES
    -- canonical names, any case
    ('draft', 'draft'), ('active', 'active'), ('suspended', 'suspended'),
    ('withdrawn', 'withdrawn'), ('cancelled', 'cancelled'), ('expired', 'expired'),
    ('ACTIVE', 'active'), ('eXpIrEd', 'expired'),
    -- IAF CertSearch upload vocabulary
    ('Draft', 'draft'), ('Active', 'active'), ('Suspended', 'suspended'),
    ('Withdrawn', 'withdrawn'), ('Cancelled', 'cancelled'), ('Expired', 'expired'),
    -- Japanese register labels
    ('審査中', 'draft'), ('有効', 'active'), ('登録', 'active'), ('一時停止', 'suspended'),
    ('取消し', 'withdrawn'), ('取消', 'withdrawn'), ('返上', 'cancelled'), ('失効', 'expired'),
    -- surrounding white space, ASCII and ideographic (U+3000)
    ('  active  ', 'active'), (E'\tsuspended\n', 'suspended'), ('　有効　', 'active')
  ) AS v(input, expected);

SELECT throws_ok($$SELECT 'activ'::isms.cert_status$$, '22P02',
                 'invalid input syntax for type isms.cert_status: "activ"',
                 'a misspelt status is rejected with 22P02 and the input in the message');
SELECT throws_ok(format('SELECT %L::isms.cert_status', v.input), '22P02', NULL,
                 format('input %s is rejected with 22P02', to_json(v.input)))
  FROM (VALUES (''), ('   '), ('valid'), ('Aktiv'), ('active,expired'), ('act ive'),
               ('2'), ('有 効'), ('有効です'), ('アクティブ'), ('NULL')) AS v(input);

/* ------------------------------------------------------------------
 * Labels
 * ------------------------------------------------------------------ */
SELECT results_eq(
    $$SELECT s.name, isms.status_label(s.name::isms.cert_status, 'en'),
             isms.status_label(s.name::isms.cert_status, 'ja')
        FROM t03_status s ORDER BY s.code$$,
    $$VALUES ('draft', 'Draft', '審査中'), ('active', 'Active', '有効'),
             ('suspended', 'Suspended', '一時停止'), ('withdrawn', 'Withdrawn', '取消し'),
             ('cancelled', 'Cancelled', '返上'), ('expired', 'Expired', '失効')$$,
    'status_label gives the IAF CertSearch (en) and Japanese register (ja) labels');
SELECT is(isms.status_label('suspended'), 'Suspended', 'status_label defaults to en');
SELECT is(isms.status_label('active', 'JA'), '有効', 'the language code is case-insensitive');
SELECT is(isms.status_label('active', NULL), NULL, 'status_label is strict');
SELECT throws_ok($$SELECT isms.status_label('active', 'fr')$$, '22023', NULL,
                 'an unknown label language is rejected with 22023');
SELECT ok(bool_and(isms.status_label(s.name::isms.cert_status, l)::isms.cert_status = s.name::isms.cert_status),
          'every label reads back as its status')
  FROM t03_status s, (VALUES ('en'), ('ja')) AS lang(l);

/* ------------------------------------------------------------------
 * Legal transitions (legal-transition table; expiry by date: REC-2, SUS-3)
 * ------------------------------------------------------------------ */
SELECT results_eq(
    $$SELECT f.name, t.name FROM t03_status f, t03_status t
       WHERE isms.is_legal_transition(f.name::isms.cert_status, t.name::isms.cert_status)
       ORDER BY f.code, t.code$$,
    $$VALUES ('draft', 'active'),          -- grant, open
             ('draft', 'suspended'),       -- open (EVD-2), in suspension
             ('active', 'active'),         -- recertify, scope changes, transition, extend (REC-6)
             ('active', 'suspended'),      -- SUS-1
             ('active', 'withdrawn'),
             ('active', 'cancelled'),
             ('active', 'expired'),        -- REC-2, by date
             ('suspended', 'active'),      -- SUS-2 reinstate, reduce_scope
             ('suspended', 'suspended'),   -- extend (REC-6)
             ('suspended', 'withdrawn'),
             ('suspended', 'cancelled'),
             ('suspended', 'expired'),     -- SUS-3, by date
             ('expired', 'active'),        -- REC-3 restore, REC-4 new grant
             ('expired', 'withdrawn')$$,
    'is_legal_transition is true exactly for the transitions of the scheme');
SELECT is(isms.is_legal_transition('withdrawn', 'active'), false, 'WDR-1: withdrawn is terminal');
SELECT is(isms.is_legal_transition('cancelled', 'active'), false, 'WDR-1: cancelled is terminal');
SELECT is(isms.is_legal_transition('draft', 'expired'), false, 'a draft cannot expire');
SELECT is(isms.is_legal_transition(NULL, 'active'), NULL, 'is_legal_transition is strict');

SELECT results_eq(
    $$SELECT f.name, k.kind::text, isms.decision_outcome(f.name::isms.cert_status, k.kind)::text
        FROM t03_status f, unnest(enum_range(NULL::isms.decision_kind)) AS k(kind)
       WHERE isms.decision_outcome(f.name::isms.cert_status, k.kind) IS NOT NULL
       ORDER BY f.code, k.kind$$,
    $$VALUES ('draft', 'grant', 'active'),
             ('draft', 'open', 'active'),
             ('draft', 'transfer', 'active'),
             ('active', 'suspend', 'suspended'),
             ('active', 'withdraw', 'withdrawn'),
             ('active', 'cancel', 'cancelled'),
             ('active', 'recertify', 'active'),
             ('active', 'reduce_scope', 'active'),
             ('active', 'extend_scope', 'active'),
             ('active', 'transition', 'active'),
             ('active', 'extend', 'active'),
             ('suspended', 'reinstate', 'active'),
             ('suspended', 'withdraw', 'withdrawn'),
             ('suspended', 'cancel', 'cancelled'),
             ('suspended', 'reduce_scope', 'active'),
             ('suspended', 'extend', 'suspended'),
             ('expired', 'grant', 'active'),
             ('expired', 'withdraw', 'withdrawn'),
             ('expired', 'restore', 'active')$$,
    'decision_outcome follows the legal-transition table (reduce_scope ends a suspension: SUS-2; grant after expiry: REC-4; extend keeps the status: REC-6; a transfer makes the receiving draft active: TRF-1)');
SELECT is(
    (SELECT count(*)::int FROM t03_status f, unnest(enum_range(NULL::isms.decision_kind)) AS k(kind)
      WHERE isms.decision_outcome(f.name::isms.cert_status, k.kind) IS NULL),
    65, 'the other 65 (status, kind) pairs have no outcome (annul is not a transition)');
SELECT ok(bool_and(isms.is_legal_transition(f.name::isms.cert_status,
                                            isms.decision_outcome(f.name::isms.cert_status, k.kind))),
          'every decision outcome is a legal transition')
  FROM t03_status f, unnest(enum_range(NULL::isms.decision_kind)) AS k(kind)
 WHERE isms.decision_outcome(f.name::isms.cert_status, k.kind) IS NOT NULL;
SELECT is(isms.decision_outcome('withdrawn', 'reinstate'), NULL, 'WDR-1: no decision applies to a withdrawn certificate');
SELECT is(isms.decision_outcome('expired', 'recertify'), NULL, 'REC-1: an expired certificate cannot be recertified');
SELECT is(isms.decision_outcome('active', 'restore'), NULL, 'REC-3: only an expired certificate can be restored');
SELECT is(isms.decision_outcome(NULL, 'grant'), NULL, 'decision_outcome is strict');

SELECT * FROM finish();
ROLLBACK;
