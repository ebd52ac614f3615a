--
-- status_type: the isms.cert_status type (the scheme's status vocabulary),
-- its operators, operator classes and binary I/O, the status labels and the
-- legal-transition table (the scheme's legal transitions).
--
-- The Japanese labels assume a UTF8 database (pg_regress's default here).
--
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default
-- (after each error, its SQLSTATE is echoed)

-- Try a text as a status; returns the canonical output or the SQLSTATE.
CREATE FUNCTION pg_temp.try_status(t text) RETURNS text
LANGUAGE plpgsql AS $$
BEGIN
    RETURN t::isms.cert_status::text;
EXCEPTION WHEN others THEN
    RETURN 'ERROR ' || SQLSTATE;
END $$;
-- Show a test input with its invisible characters spelled out.
CREATE FUNCTION pg_temp.show(t text) RETURNS text
LANGUAGE sql AS $$
    SELECT '"' || replace(replace(replace(replace(replace(replace(t,
        E'\t', '<TAB>'), E'\n', '<LF>'), E'\r', '<CR>'), E'\f', '<FF>'),
        E'\x0B', '<VT>'), U&'\3000', '<U+3000>') || '"'
$$;

-- The operators live in schema isms: they resolve through the search path,
-- or spelled out with OPERATOR().
SELECT 'active'::isms.cert_status OPERATOR(pg_catalog.<) 'suspended'::isms.cert_status AS lt,
       'active'::isms.cert_status OPERATOR(pg_catalog.=) '有効'::isms.cert_status AS eq;
SET search_path = public, isms;

--
-- Input: English names in any case, the IAF CertSearch spellings
-- (Draft, Active, ...), the Japanese register labels and their aliases.
--
SELECT input, pg_temp.try_status(input) AS status
FROM (VALUES (1, 'draft'), (2, 'DRAFT'), (3, 'Draft'), (4, 'dRaFt'),
             (5, 'active'), (6, 'Active'), (7, 'ACTIVE'),
             (8, 'suspended'), (9, 'Suspended'), (10, 'SUSPENDED'),
             (11, 'withdrawn'), (12, 'Withdrawn'),
             (13, 'cancelled'), (14, 'Cancelled'),
             (15, 'expired'), (16, 'Expired')) AS v(n, input)
ORDER BY n;

-- Japanese labels: 審査中 draft, 有効 / 登録 active, 一時停止 suspended,
-- 取消し / 取消 / 取り消し withdrawn, 返上 cancelled, 失効 expired.
SELECT input, pg_temp.try_status(input) AS status
FROM (VALUES (1, '審査中'), (2, '有効'), (3, '登録'), (4, '一時停止'),
             (5, '取消し'), (6, '取消'), (7, '取り消し'), (8, '返上'),
             (9, '失効')) AS v(n, input)
ORDER BY n;

-- Surrounding white space is ignored, including the ideographic space
-- U+3000 common in Japanese documents; inner space is not.
SELECT pg_temp.show(input) AS input, pg_temp.try_status(input) AS status
FROM (VALUES (1, ' active '), (2, E'\tSuspended\n'), (3, E'\r\f\x0Bexpired  '),
             (4, U&'\3000有効\3000'), (5, U&'\3000\3000失効'), (6, U&'返上 \3000 '),
             (7, U&' \3000 draft \3000 '), (8, U&'\3000Withdrawn')) AS v(n, input)
ORDER BY n;

-- Invalid inputs: SQLSTATE 22P02 (invalid_text_representation).
SELECT pg_temp.show(input) AS input, pg_temp.try_status(input) AS result
FROM (VALUES (1, ''), (2, ' '), (3, U&'\3000'), (4, 'activ'), (5, 'actives'),
             (6, 'act ive'), (7, 'null'), (8, 'NULL'), (9, '0'), (10, '1'),
             (11, '2'), (12, '6'), (13, 'canceled'), (14, 'withdraw'),
             (15, 'valid'), (16, '有 効'), (17, '有効です'), (18, 'ＡＣＴＩＶＥ'),
             (19, 'draft,active'), (20, '"active"')) AS v(n, input)
ORDER BY n;

-- The message names the type and the input; the hint lists the statuses.
SELECT ''::isms.cert_status;
\echo :LAST_ERROR_SQLSTATE
SELECT 'activ'::isms.cert_status;
\echo :LAST_ERROR_SQLSTATE
SELECT 'null'::isms.cert_status;
\echo :LAST_ERROR_SQLSTATE
SELECT '2'::isms.cert_status;
\echo :LAST_ERROR_SQLSTATE
SELECT '有 効'::isms.cert_status;
\echo :LAST_ERROR_SQLSTATE
-- SQL NULL is just NULL
SELECT NULL::isms.cert_status IS NULL AS is_null;

--
-- Output: the canonical lower-case name, whatever the input spelling.
--
SELECT s, s::text AS text, length(s::text) AS len, pg_typeof(s)
FROM unnest(ARRAY['Draft', '有効', '一時停止', '取消', '返上', 'EXPIRED']::isms.cert_status[]) AS s;
SELECT ARRAY['active', '失効']::isms.cert_status[] AS arr;
SELECT row(1, '登録'::isms.cert_status)::text AS row_text;

--
-- Order: draft < active < suspended < withdrawn < cancelled < expired.
-- Every operator on several pairs ...
--
SELECT a, b, a = b AS eq, a <> b AS ne, a < b AS lt, a <= b AS le,
       a > b AS gt, a >= b AS ge
FROM (VALUES (1, 'draft', 'draft'), (2, 'draft', 'active'), (3, 'active', 'draft'),
             (4, 'active', 'suspended'), (5, 'suspended', 'withdrawn'),
             (6, 'withdrawn', 'cancelled'), (7, 'cancelled', 'expired'),
             (8, 'expired', 'draft'), (9, 'expired', 'expired'),
             (10, 'suspended', 'suspended')) AS v(n, a0, b0),
     LATERAL (SELECT a0::isms.cert_status AS a, b0::isms.cert_status AS b) AS x
ORDER BY n;

-- ... and all 36 pairs against the rank: no operator disagrees.
WITH st(s, rank) AS (
    SELECT s::isms.cert_status, rank
    FROM unnest(ARRAY['draft', 'active', 'suspended', 'withdrawn', 'cancelled', 'expired'])
         WITH ORDINALITY AS u(s, rank))
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE (a.s = b.s) <> (a.rank = b.rank)
                           OR (a.s <> b.s) <> (a.rank <> b.rank)
                           OR (a.s < b.s) <> (a.rank < b.rank)
                           OR (a.s <= b.s) <> (a.rank <= b.rank)
                           OR (a.s > b.s) <> (a.rank > b.rank)
                           OR (a.s >= b.s) <> (a.rank >= b.rank)) AS mismatches
FROM st a CROSS JOIN st b;

-- Comparisons with NULL are NULL (the operators are strict).
SELECT 'active'::isms.cert_status = NULL AS eq_null, NULL < 'draft'::isms.cert_status AS lt_null;

-- ORDER BY, DISTINCT, IN, BETWEEN, GREATEST/LEAST (btree opclass)
CREATE TEMP TABLE st_order (n int, s isms.cert_status);
INSERT INTO st_order VALUES (1, 'expired'), (2, '有効'), (3, 'draft'), (4, 'Cancelled'),
    (5, NULL), (6, 'suspended'), (7, '取消し'), (8, 'active'), (9, 'draft');
SELECT n, s FROM st_order ORDER BY s, n;
SELECT n, s FROM st_order ORDER BY s DESC NULLS LAST, n;
SELECT DISTINCT s FROM st_order ORDER BY s;
SELECT n, s FROM st_order WHERE s IN ('active', 'suspended') ORDER BY n;
SELECT n, s FROM st_order WHERE s BETWEEN 'active' AND 'withdrawn' ORDER BY s, n;
SELECT greatest('active'::isms.cert_status, 'draft', 'suspended') AS greatest,
       least('expired'::isms.cert_status, 'withdrawn', 'cancelled') AS least;

--
-- Operator classes: btree and hash, both valid.
--
SELECT opcname, amvalidate(oid) FROM pg_opclass
WHERE opcintype = 'isms.cert_status'::regtype ORDER BY 1;

SELECT amname, opcname, opcdefault
FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
WHERE opcintype = 'isms.cert_status'::regtype ORDER BY 1, 2;

-- A btree index is used for equality, ranges and ordering.
CREATE TEMP TABLE st_idx (id int PRIMARY KEY, s isms.cert_status NOT NULL, note text);
INSERT INTO st_idx
SELECT i, (ARRAY['draft', 'active', 'suspended', 'withdrawn', 'cancelled', 'expired'])[1 + i % 6]::isms.cert_status, 'n' || i
FROM generate_series(1, 6000) AS i;
CREATE INDEX st_idx_btree ON st_idx USING btree (s);
ANALYZE st_idx;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT note FROM st_idx WHERE s = 'suspended';
SELECT count(*), min(id), max(id) FROM st_idx WHERE s = 'suspended';
EXPLAIN (COSTS OFF) SELECT note FROM st_idx WHERE s > 'cancelled';
SELECT count(*), min(id), max(id) FROM st_idx WHERE s > 'cancelled';
SELECT s, count(*) FROM st_idx WHERE s <= 'active' GROUP BY s ORDER BY s;
SELECT id, s FROM st_idx WHERE s >= '失効' ORDER BY s, id LIMIT 3;
-- the hash index, alone
DROP INDEX st_idx_btree;
CREATE INDEX st_idx_hash ON st_idx USING hash (s);
EXPLAIN (COSTS OFF) SELECT note FROM st_idx WHERE s = '取消し';
SELECT count(*), min(id), max(id) FROM st_idx WHERE s = '取消し';
RESET enable_seqscan;
RESET enable_bitmapscan;

-- Hash join, merge join and hash aggregate on the type.
CREATE TEMP TABLE st_names (s isms.cert_status, ja text);
INSERT INTO st_names VALUES ('draft', '審査中'), ('active', '有効'), ('suspended', '一時停止'),
    ('withdrawn', '取消し'), ('cancelled', '返上'), ('expired', '失効');
ANALYZE st_names;
SET enable_nestloop = off;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF)
SELECT n.s, count(*) FROM st_idx i JOIN st_names n ON n.s = i.s GROUP BY n.s;
SELECT n.s, n.ja, count(*) FROM st_idx i JOIN st_names n ON n.s = i.s GROUP BY n.s, n.ja ORDER BY n.s;
RESET enable_mergejoin;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF)
SELECT n.ja, i.id FROM st_idx i JOIN st_names n ON n.s = i.s;
SELECT n.ja, count(*) FROM st_idx i JOIN st_names n ON n.s = i.s WHERE i.id <= 12
GROUP BY n.ja ORDER BY 1;
RESET enable_hashjoin;
RESET enable_nestloop;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT s, count(*) FROM st_idx GROUP BY s;
SELECT s, count(*) FROM st_idx GROUP BY s ORDER BY s;
RESET enable_sort;

--
-- Binary I/O: one byte, 1 = draft ... 6 = expired.  COPY round trip.
--
SELECT s, isms.cert_status_send(s) AS bin
FROM unnest(ARRAY['draft', 'active', 'suspended', 'withdrawn', 'cancelled', 'expired']::isms.cert_status[]) AS s
ORDER BY s;
COPY st_order TO '/tmp/isms_status_type.bin' WITH (FORMAT binary);
CREATE TEMP TABLE st_order2 (LIKE st_order);
COPY st_order2 FROM '/tmp/isms_status_type.bin' WITH (FORMAT binary);
SELECT n, s FROM st_order2 ORDER BY n;
SELECT count(*) AS rows_differing
FROM st_order a FULL JOIN st_order2 b USING (n)
WHERE a.s IS DISTINCT FROM b.s;
-- a byte that is no status code is rejected (22P03): write "char" values
-- 7 and 0 in binary and read them back as statuses
CREATE TEMP TABLE st_bad (n int, s isms.cert_status);
COPY (SELECT 1, chr(7)::"char") TO '/tmp/isms_status_type.bin' WITH (FORMAT binary);
COPY st_bad FROM '/tmp/isms_status_type.bin' WITH (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
COPY (SELECT 1, ''::"char") TO '/tmp/isms_status_type.bin' WITH (FORMAT binary);
COPY st_bad FROM '/tmp/isms_status_type.bin' WITH (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
-- code 4 is withdrawn
COPY (SELECT 1, chr(4)::"char") TO '/tmp/isms_status_type.bin' WITH (FORMAT binary);
COPY st_bad FROM '/tmp/isms_status_type.bin' WITH (FORMAT binary);
SELECT n, s FROM st_bad ORDER BY n;
-- text COPY takes every input spelling
COPY st_bad FROM stdin;
2	登録
3	 Expired 
\.
SELECT n, s FROM st_bad ORDER BY n;

--
-- Labels: 'en' gives the IAF CertSearch spelling, 'ja' the register label.
--
SELECT s, isms.status_label(s) AS default_label, isms.status_label(s, 'en') AS en,
       isms.status_label(s, 'ja') AS ja
FROM unnest(ARRAY['draft', 'active', 'suspended', 'withdrawn', 'cancelled', 'expired']::isms.cert_status[]) AS s
ORDER BY s;
-- labels read back as the same status
SELECT count(*) FILTER (WHERE isms.status_label(s, 'en')::isms.cert_status = s
                          AND isms.status_label(s, 'ja')::isms.cert_status = s) AS round_trips
FROM unnest(ARRAY['draft', 'active', 'suspended', 'withdrawn', 'cancelled', 'expired']::isms.cert_status[]) AS s;
-- the language is case-insensitive; NULL gives NULL; others are 22023
SELECT isms.status_label('active', 'EN') AS en, isms.status_label('active', 'Ja') AS ja,
       isms.status_label('active', NULL) IS NULL AS null_lang;
SELECT isms.status_label('active', 'fr');
\echo :LAST_ERROR_SQLSTATE
SELECT isms.status_label('active', '');
\echo :LAST_ERROR_SQLSTATE
SELECT isms.status_label('active', 'japanese');
\echo :LAST_ERROR_SQLSTATE

--
-- Legal transitions, every pair (from in rows, to in columns): decisions of
-- the legal-transition table plus expiry by date (REC-2, SUS-3).
--
WITH st(s) AS (
    SELECT unnest(ARRAY['draft', 'active', 'suspended', 'withdrawn', 'cancelled', 'expired']::isms.cert_status[]))
SELECT f.s AS "from",
       isms.is_legal_transition(f.s, 'draft') AS draft,
       isms.is_legal_transition(f.s, 'active') AS active,
       isms.is_legal_transition(f.s, 'suspended') AS suspended,
       isms.is_legal_transition(f.s, 'withdrawn') AS withdrawn,
       isms.is_legal_transition(f.s, 'cancelled') AS cancelled,
       isms.is_legal_transition(f.s, 'expired') AS expired
FROM st f ORDER BY f.s;
SELECT count(*) FILTER (WHERE isms.is_legal_transition(f, t)) AS legal, count(*) AS pairs
FROM unnest(ARRAY['draft', 'active', 'suspended', 'withdrawn', 'cancelled', 'expired']::isms.cert_status[]) AS f
CROSS JOIN unnest(ARRAY['draft', 'active', 'suspended', 'withdrawn', 'cancelled', 'expired']::isms.cert_status[]) AS t;
SELECT isms.is_legal_transition(NULL, 'active') IS NULL AS strict;

--
-- Outcome of every decision kind from every status (NULL = forbidden):
-- grant draft/expired (REC-4) -> active; suspend active; reinstate
-- suspended; withdraw active/suspended/expired; cancel active/suspended;
-- recertify active; restore expired (REC-3); reduce_scope active/suspended
-- (SUS-2 ends a suspension); extend_scope and transition active;
-- nothing from withdrawn or cancelled (WDR-1).
--
WITH st(s) AS (
    SELECT unnest(ARRAY['draft', 'active', 'suspended', 'withdrawn', 'cancelled', 'expired']::isms.cert_status[]))
SELECT f.s AS "from",
       isms.decision_outcome(f.s, 'grant') AS grant,
       isms.decision_outcome(f.s, 'suspend') AS suspend,
       isms.decision_outcome(f.s, 'reinstate') AS reinstate,
       isms.decision_outcome(f.s, 'withdraw') AS withdraw,
       isms.decision_outcome(f.s, 'cancel') AS cancel,
       isms.decision_outcome(f.s, 'recertify') AS recertify,
       isms.decision_outcome(f.s, 'restore') AS restore,
       isms.decision_outcome(f.s, 'reduce_scope') AS reduce_scope,
       isms.decision_outcome(f.s, 'extend_scope') AS extend_scope,
       isms.decision_outcome(f.s, 'transition') AS transition
FROM st f ORDER BY f.s;

-- is_legal_transition agrees with decision_outcome, except for expiry,
-- which happens by date and not by a decision.
WITH st(s) AS (
    SELECT unnest(ARRAY['draft', 'active', 'suspended', 'withdrawn', 'cancelled', 'expired']::isms.cert_status[]))
SELECT f.s AS "from", t.s AS "to", isms.is_legal_transition(f.s, t.s) AS legal,
       EXISTS (SELECT 1 FROM unnest(enum_range(NULL::isms.decision_kind)) AS k
               WHERE isms.decision_outcome(f.s, k) = t.s) AS by_decision
FROM st f CROSS JOIN st t
WHERE isms.is_legal_transition(f.s, t.s) <>
      EXISTS (SELECT 1 FROM unnest(enum_range(NULL::isms.decision_kind)) AS k
              WHERE isms.decision_outcome(f.s, k) = t.s)
ORDER BY 1, 2;
