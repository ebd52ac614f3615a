--
-- scope_type: the certification-scope type isms.scope (doc/scope.md):
-- input (Japanese, full-width, quoting), canonical form, every operator
-- and function, limits, btree and hash operator classes, binary I/O, the
-- GIN operator class (same answers as a sequential scan) and malformed
-- input (SQLSTATE 22P02).
--
-- The Japanese inputs assume a UTF8 database (pg_regress's default here).
--
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default

-- Try a text as a scope: the canonical output, or the SQLSTATE and detail.
CREATE FUNCTION pg_temp.try_scope(t text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    st text;
    det text;
BEGIN
    RETURN t::isms.scope::text;
EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, det = PG_EXCEPTION_DETAIL;
    RETURN 'ERROR ' || st || ': ' || det;
END $$;
-- Show a test input with its invisible characters spelled out.
CREATE FUNCTION pg_temp.show(t text) RETURNS text
LANGUAGE sql AS $$
    SELECT '"' || replace(replace(replace(replace(replace(t,
        E'\t', '<TAB>'), E'\n', '<LF>'), E'\r', '<CR>'),
        U&'\3000', '<U+3000>'), U&'\00A0', '<NBSP>') || '"'
$$;

-- The operators live in pg_catalog, like those of built-in types: they
-- resolve whatever the search path.
SELECT 'site:Tokyo'::isms.scope OPERATOR(pg_catalog.@>) 'site:Tokyo/HQ'::isms.scope AS covers;
SET search_path = public, isms;

--
-- Input and canonical form
--
SELECT n, input, pg_temp.try_scope(input) AS scope
FROM (VALUES
    -- the design example; output sorted by kind, then path
    (1, '{site:Tokyo/Shinjuku HQ, service:cloud/IaaS, unit:IT Department, role:provider}'),
    -- braces optional; semicolons separate too
    (2, 'site:Tokyo/HQ, unit:IT'),
    (3, '{site:Tokyo/HQ; unit:IT}'),
    (4, 'site:Tokyo/HQ;unit:IT,role:provider'),
    -- white space around punctuation is ignored, inside a segment collapsed
    (5, '  { site : Tokyo /  Shinjuku    HQ ,unit:IT }  '),
    -- kinds are case-insensitive (output lower case), segments keep case
    (6, 'SITE:Tokyo, Unit:IT department, sErViCe:Cloud'),
    (7, 'site:tokyo, site:Tokyo, site:TOKYO'),
    -- any identifier is a kind
    (8, 'facility_2:Building A, datacenter:DC1/Hall 3'),
    -- duplicates and covered elements are dropped
    (9, 'site:Tokyo, site:Tokyo/HQ, site:Tokyo/HQ/Floor 3, site:Tokyo'),
    (10, 'site:Tokyo/HQ, site:Tokyo/HQ'),
    -- covering is by whole segments: Tokyo does not cover Tokyo2 or "Tokyo HQ"
    (11, 'site:Tokyo2, site:Tokyo HQ, site:Tokyo, site:Tokyo/2'),
    -- the same path under two kinds is two elements
    (12, 'site:IT, unit:IT, unit:IT/dev'),
    -- order: by kind, then segment by segment, a path before its extensions
    (13, 'site:b, site:a/z, site:a b, site:a-b, site:a/b, site:a!, site:A'),
    -- the empty scope
    (14, '{}'),
    (15, '  {  }  '),
    -- quoted segments may hold separators; "" is a quote
    (16, 'site:"Tokyo, Minato"/HQ'),
    (17, 'site:"a;b{c}d:e/f"'),
    (18, 'site:"say ""hello"""/x'),
    (19, 'site:"  spaced    out  "'),
    (20, 'site:"plain"'),
    (21, 'site:"Tokyo"/HQ, site:Tokyo/"HQ"'),
    -- other punctuation is text
    (22, 'service:ISO/IEC 27017 (cloud) & 27018!, unit:R&D #1 - [core]'),
    (23, 'site:\back\slash, site:it''s, site:50% <ok>')
) AS v(n, input)
ORDER BY n;

-- Japanese: segments in UTF-8; the full-width solidus U+FF0F and colon
-- U+FF1A are "/" and ":", the ideographic space U+3000 is white space;
-- full-width letters are accepted in kinds.
SELECT n, pg_temp.show(input) AS input, pg_temp.try_scope(input) AS scope
FROM (VALUES
    (1, 'site:東京/新宿本社'),
    (2, 'site：東京／新宿本社'),
    (3, U&'site\FF1A\6771\4EAC\FF0F\65B0\5BBF\3000\672C\793E'),
    (4, U&'\3000site:\3000東京\3000/\3000本社\3000\3000'),
    (5, 'ｓｉｔｅ：大阪／梅田, ＵＮＩＴ：情報システム部'),
    (6, 'service:クラウドサービス/IaaS、PaaS'),
    (7, '{site:東京/本社, site:東京, unit:総務部, role:クラウドサービスプロバイダ}'),
    (8, 'site:"東京，港区"/本社'),
    (9, U&'site:a\00A0b'),
    (10, E'site:Tokyo\t/\nHQ,\r\nunit:IT'),
    (11, 'site:東京/"本社：別館"'),
    (12, 'site:"東京／港区"')
) AS v(n, input)
ORDER BY n;

-- The canonical text parses to the same value; output is stable.
SELECT s, s::text::isms.scope = s AS round_trip, s::text::isms.scope::text = s::text AS stable
FROM (VALUES ('{site:"Tokyo, Minato"/HQ, unit:"say ""hi"""}'::isms.scope),
             ('{site:東京/新宿 本社, service:"a/b"/c}'),
             ('{}')) AS v(s);

--
-- Operators
--
CREATE TEMP TABLE scope_pair (n int, a isms.scope, b isms.scope);
INSERT INTO scope_pair VALUES
    (1, '{site:Tokyo}', '{site:Tokyo/HQ}'),
    (2, '{site:Tokyo/HQ}', '{site:Tokyo}'),
    (3, '{site:Tokyo}', '{site:Tokyo}'),
    (4, '{site:Tokyo}', '{site:Osaka}'),
    (5, '{site:Tokyo}', '{site:Tokyo2}'),
    (6, '{site:Tokyo}', '{unit:Tokyo}'),
    (7, '{site:Tokyo, unit:IT}', '{site:Tokyo/HQ, unit:IT/dev}'),
    (8, '{site:Tokyo, unit:IT}', '{site:Tokyo/HQ, unit:HR}'),
    (9, '{site:Tokyo/HQ, unit:IT}', '{site:Tokyo, unit:IT/dev, role:provider}'),
    (10, '{site:Tokyo/HQ, site:Tokyo/Branch}', '{site:Tokyo/HQ/Floor 3, site:Osaka}'),
    (11, '{}', '{site:Tokyo}'),
    (12, '{site:Tokyo}', '{}'),
    (13, '{}', '{}'),
    (14, '{site:a/b/c, site:a/x}', '{site:a/b, site:a/x/y}'),
    (15, '{site:"a/b"}', '{site:a/b}'),
    (16, '{site:東京}', '{site:東京/本社, site:大阪}');

SELECT n, a, b,
       a = b AS eq, a <> b AS ne, a @> b AS contains, a <@ b AS contained,
       a && b AS overlaps
FROM scope_pair ORDER BY n;

SELECT n, a + b AS "union", a * b AS intersection, a - b AS difference,
       b - a AS "b - a"
FROM scope_pair ORDER BY n;

-- The difference does not split an element that is only partly covered:
-- {site:Tokyo} - {site:Tokyo/HQ} is {site:Tokyo}.
SELECT '{site:Tokyo}'::isms.scope - '{site:Tokyo/HQ}' AS partly_covered,
       '{site:Tokyo/HQ}'::isms.scope - '{site:Tokyo}' AS covered;

-- Laws on the pairs: a @> b iff a + b = a iff a * b = b iff b - a = {};
-- a && b iff a * b <> {}; (a - b) + (a * b) = a; @> both ways iff =.
SELECT bool_and((a @> b) = (a + b = a)) AS union_law,
       bool_and((a @> b) = (a * b = b)) AS intersection_law,
       bool_and((a @> b) = (b - a = '{}')) AS difference_law,
       bool_and((a && b) = (a * b <> '{}')) AS overlap_law,
       bool_and((a - b) + (a * b) = a) AS split_law,
       bool_and((a @> b AND b @> a) = (a = b)) AS antisymmetry,
       bool_and(a + b @> a AND a + b @> b AND a @> a * b AND b @> a * b) AS bounds,
       bool_and((a + b = b + a) AND (a * b = b * a) AND ((a && b) = (b && a))) AS commutative
FROM scope_pair;

-- Operators with NULL give NULL (the functions are strict).
SELECT '{site:a}'::isms.scope @> NULL AS contains_null, NULL::isms.scope + '{site:a}' AS union_null;

-- Which certificates cover this site: the literal is read as a scope.
SELECT n, a FROM scope_pair WHERE a @> 'site:Tokyo/HQ/Floor 3' ORDER BY n;

--
-- Functions
--
SELECT * FROM isms.scope_elements('{site:Tokyo/Shinjuku HQ, site:"Tokyo, Minato"/HQ, service:cloud/IaaS, role:provider}');
SELECT * FROM isms.scope_elements('{}');
SELECT s, isms.scope_count(s) AS count, isms.scope_kinds(s) AS kinds
FROM (VALUES ('{site:a, site:b, unit:c, role:d, site:a/x}'::isms.scope),
             ('{site:東京}'), ('{}')) AS v(s);
SELECT e.kind || ':' || e.path AS element, (e.kind || ':' || e.path)::isms.scope AS reparsed
FROM isms.scope_elements('{site:"a, b"/c, unit:"x ""y"""}') AS e;

--
-- Order, btree and hash operator classes
--
CREATE TEMP TABLE scope_sorted (s isms.scope);
INSERT INTO scope_sorted VALUES
    ('{site:b}'), ('{site:a, unit:x}'), ('{}'), ('{site:a}'), ('{site:a/b}'),
    ('{role:x}'), ('{site:a, site:c}'), ('{site:a b}'), ('{site:A}'),
    ('{site:a}'), ('{site:a/b}');
SELECT s FROM scope_sorted ORDER BY s;
SELECT s, count(*) FROM scope_sorted GROUP BY s ORDER BY s;
SELECT count(DISTINCT s) AS distinct_scopes FROM scope_sorted;
SELECT x, y, x < y AS lt, x <= y AS le, x > y AS gt, x >= y AS ge,
       isms.scope_cmp(x, y) AS cmp
FROM (VALUES ('{site:a}'::isms.scope, '{site:a/b}'::isms.scope),
             ('{site:a/b}', '{site:a}'),
             ('{site:a}', '{site:a}'),
             ('{}', '{site:a}'),
             ('{site:a}', '{site:a, unit:b}')) AS v(x, y);

-- Equal scopes hash equally, whatever their input spelling.
SELECT isms.scope_hash('site:Tokyo, site:Tokyo/HQ') = isms.scope_hash('{ SITE : Tokyo }') AS same_hash,
       isms.scope_hash_extended('site:Tokyo', 42) = isms.scope_hash_extended('{site:Tokyo}', 42) AS same_hash_extended,
       isms.scope_hash('site:Tokyo') <> isms.scope_hash('site:Osaka') AS different_hash;

CREATE TEMP TABLE scope_unique (s isms.scope UNIQUE);
INSERT INTO scope_unique VALUES ('{site:a, unit:b}');
INSERT INTO scope_unique VALUES ('unit:b; site:a; site:a/x');  -- the same scope
\echo :LAST_ERROR_SQLSTATE
CREATE INDEX ON scope_sorted USING hash (s);
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM scope_sorted WHERE s = '{site:a}';
SELECT count(*) FROM scope_sorted WHERE s = '{site:a}';
RESET enable_seqscan;
SET enable_mergejoin = off;
SET enable_nestloop = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM scope_sorted a JOIN scope_sorted b USING (s);
SELECT count(*) FROM scope_sorted a JOIN scope_sorted b USING (s);
RESET enable_mergejoin;
RESET enable_nestloop;

--
-- Limits: 256 elements, 32 segments, kinds of 63 characters, 1 MB of
-- elements, 4 MB of text.
--
SELECT isms.scope_count(string_agg('site:s' || i, ', ')::isms.scope) AS elements_256
FROM generate_series(1, 256) i;
SELECT pg_temp.try_scope(string_agg('site:s' || i, ', ')) AS elements_257
FROM generate_series(1, 257) i;
SELECT pg_temp.try_scope('site:' || string_agg('s' || i, '/')) AS segments_32
FROM generate_series(1, 32) i;
SELECT pg_temp.try_scope('site:' || string_agg('s' || i, '/')) AS segments_33
FROM generate_series(1, 33) i;
SELECT length(pg_temp.try_scope('k' || repeat('x', 62) || ':a')) AS kind_63,
       pg_temp.try_scope('k' || repeat('x', 63) || ':a') AS kind_64;
-- The elements hold at most 1 MB (kind, segments and one byte between
-- them); the text may be up to 4 MB, so that every output reads back in.
SELECT length(('site:' || repeat('x', 1024 * 1024 - 5))::isms.scope::text) AS elements_1mb,
       pg_temp.try_scope('site:' || repeat('x', 1024 * 1024 - 4)) AS elements_over_1mb;
SELECT length(s::text) AS output_bytes, s::text::isms.scope = s AS reads_back
FROM (SELECT ('site:"' || repeat('""', 1024 * 1024 - 5) || '"')::isms.scope AS s) AS v;
SELECT pg_temp.try_scope('{' || repeat(' ', 4 * 1024 * 1024) || '}') AS text_over_4mb;
-- Large values are stored out of line (TOAST) and read back intact.
CREATE TEMP TABLE scope_big (id int, s isms.scope);
INSERT INTO scope_big
SELECT i, (SELECT string_agg('site:' || i || '/' || j || repeat('x', 2000), ', ')
           FROM generate_series(1, 200) j)::isms.scope
FROM generate_series(1, 3) i;
SELECT id, isms.scope_count(s) AS count, length(s::text) AS text_bytes,
       pg_column_size(s) < length(s::text) AS compressed,
       s @> ('site:' || id || '/7' || repeat('x', 2000) || '/more')::isms.scope AS covers,
       s = s::text::isms.scope AS reads_back
FROM scope_big ORDER BY id;
SELECT count(DISTINCT a.s) AS distinct_big, count(*) FILTER (WHERE a.s && b.s) AS overlapping_pairs,
       count(*) FILTER (WHERE a.s = b.s) AS equal_pairs
FROM scope_big a CROSS JOIN scope_big b;
-- An error message quotes at most 100 bytes of the input.
SELECT ('site:' || repeat('x', 200) || '/')::isms.scope;
-- Operations whose result exceeds the limits: SQLSTATE 54000.
SELECT (SELECT string_agg('site:a' || i, ', ') FROM generate_series(1, 200) i)::isms.scope
     + (SELECT string_agg('site:b' || i, ', ') FROM generate_series(1, 200) i)::isms.scope;
\echo :LAST_ERROR_SQLSTATE
SELECT ('site:a/' || repeat('x', 600000))::isms.scope + ('site:b/' || repeat('x', 600000))::isms.scope;
\echo :LAST_ERROR_SQLSTATE
-- Within the limits a union of 256 elements is fine.
SELECT isms.scope_count((SELECT string_agg('site:a' || i, ', ') FROM generate_series(1, 128) i)::isms.scope
     + (SELECT string_agg('site:b' || i, ', ') FROM generate_series(1, 128) i)::isms.scope) AS union_256;

--
-- Malformed input: SQLSTATE 22P02, with a detail naming the problem.
--
SELECT n, pg_temp.show(input) AS input, pg_temp.try_scope(input) AS result
FROM (VALUES
    (1, ''), (2, '   '), (3, U&'\3000'),
    (4, '{'), (5, '}'), (6, '{site:a'), (7, 'site:a}'), (8, '{site:a}}'),
    (9, '{site:a} x'), (10, '{{site:a}}'), (11, '{,}'), (12, '{site:a,}'),
    (13, 'site:a,'), (14, ',site:a'), (15, 'site:a,,site:b'), (16, 'site:a;;'),
    (17, 'site'), (18, 'site:'), (19, ':Tokyo'), (20, 'Tokyo'), (21, 'site Tokyo'),
    (22, 'site:/Tokyo'), (23, 'site:Tokyo/'), (24, 'site:Tokyo//HQ'), (25, 'site:Tokyo/ /HQ'),
    (26, 'site:a:b'), (27, 'site:a{b}'), (28, '1site:a'), (29, '_site:a'),
    (30, 'si-te:a'), (31, 'si te:a'), (32, 'sité:a'), (33, 'site::a'),
    (34, 'site:"a'), (35, 'site:"a"b'), (36, 'site:a"b"'), (37, 'site:""'),
    (38, 'site:"   "'), (39, 'site:"a"""'), (40, 'site:"a" "b"'),
    (41, E'site:a\u0001b'), (42, E'site:a\u007Fb'), (43, E'site:a\u0085b'),
    (44, 'site:a/b:c'), (45, '{site:a}{unit:b}'), (46, 'site:a unit:b'),
    (47, 'site:東京：本社：別館'), (48, 'site：'), (49, '｛site:a｝'),
    (50, 'NULL'), (51, 'null:'), (52, '{NULL}')
) AS v(n, input)
ORDER BY n;

-- The error names the type and the input; the detail the problem.
SELECT 'site:Tokyo/'::isms.scope;
\echo :LAST_ERROR_SQLSTATE
SELECT '{site:Tokyo, unit}'::isms.scope;
\echo :LAST_ERROR_SQLSTATE

-- Invalid UTF-8 cannot reach the type through a UTF8 database (the server
-- rejects it first, 22021); the plain-C parser rejects it itself, as the
-- fuzz harness checks.
SELECT convert_from('\x736974653aff'::bytea, 'UTF8')::isms.scope;
\echo :LAST_ERROR_SQLSTATE

--
-- Binary I/O: COPY out and in, and invalid binary values (22P03).
--
CREATE TEMP TABLE scope_bin (id int, s isms.scope);
INSERT INTO scope_bin VALUES
    (1, '{site:Tokyo/Shinjuku HQ, service:cloud/IaaS}'),
    (2, '{site:"Tokyo, Minato"/HQ, unit:"say ""hi"""}'),
    (3, '{site:東京/新宿 本社, role:クラウドサービスプロバイダ}'),
    (4, '{}'),
    (5, NULL);
SELECT isms.scope_send('{site:a/b, unit:x}') AS binary_form;
COPY scope_bin TO '/tmp/isms_scope_type.bin' WITH (FORMAT binary);
CREATE TEMP TABLE scope_bin_in (id int, s isms.scope);
COPY scope_bin_in FROM '/tmp/isms_scope_type.bin' WITH (FORMAT binary);
SELECT i.id, i.s, i.s IS NOT DISTINCT FROM o.s AS same
FROM scope_bin_in i JOIN scope_bin o USING (id) ORDER BY i.id;

-- A bytea written in binary COPY format is read back as the scope's binary
-- form: non-canonical text is canonicalized, anything invalid refused.
CREATE TEMP TABLE scope_recv (s isms.scope);
CREATE FUNCTION pg_temp.try_recv(b bytea) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    st text;
    det text;
    msg text;
    r text;
BEGIN
    EXECUTE format('COPY (SELECT %L::bytea) TO %L WITH (FORMAT binary)', b, '/tmp/isms_scope_recv.bin');
    TRUNCATE scope_recv;
    COPY scope_recv FROM '/tmp/isms_scope_recv.bin' WITH (FORMAT binary);
    SELECT s::text INTO r FROM scope_recv;
    RETURN r;
EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, det = PG_EXCEPTION_DETAIL, msg = MESSAGE_TEXT;
    RETURN 'ERROR ' || st || ': ' || coalesce(nullif(det, ''), msg);
END $$;
SELECT n, b, pg_temp.try_recv(b) AS received
FROM (VALUES (1, '\x01'::bytea || convert_to('site:b, site:a/x, site:a', 'UTF8')),
             (2, '\x01'::bytea || convert_to('{}', 'UTF8')),
             (3, '\x01'::bytea || convert_to('site:東京', 'UTF8')),
             (4, '\x'::bytea),
             (5, '\x02'::bytea || convert_to('{}', 'UTF8')),
             (6, '\x01'::bytea),
             (7, '\x01'::bytea || convert_to('site:', 'UTF8')),
             (8, '\x01'::bytea || convert_to('site:a', 'UTF8') || '\x01'::bytea),
             (9, '\x01736974653aff'::bytea)) AS v(n, b)
ORDER BY n;

--
-- GIN: the index answers @>, &&, <@ and = as a sequential scan does.
--
-- A few thousand generated scopes: one to four elements of four kinds,
-- paths of one to three segments (some Japanese), some empty scopes.
CREATE TABLE scope_gin_t (id int PRIMARY KEY, s isms.scope NOT NULL);
INSERT INTO scope_gin_t
SELECT i, CASE WHEN i % 97 = 0 THEN '{}'::isms.scope ELSE (
    SELECT string_agg(
               (ARRAY['site', 'unit', 'service', 'role'])[1 + (i * j * 7 + j) % 4] || ':' ||
               array_to_string((ARRAY[(ARRAY['Tokyo', 'Osaka', '東京', 'Nagoya', 'Fukuoka'])[1 + (i * 31 + j * 17) % 5],
                                      'B' || (i * 13 + j) % 4,
                                      'C' || (i * 7 + j * 3) % 3])[1:1 + (i + j * 5) % 3], '/'),
               ', ')
    FROM generate_series(1, 1 + i % 4) j)::isms.scope END
FROM generate_series(1, 4000) i;
CREATE INDEX scope_gin_idx ON scope_gin_t USING gin (s);
ANALYZE scope_gin_t;

-- Queries: every distinct element at every depth, some pairs, the empty scope.
CREATE TEMP TABLE scope_query (qid serial, q isms.scope);
INSERT INTO scope_query (q)
SELECT DISTINCT (e.kind || ':' || e.path)::isms.scope
FROM scope_gin_t, isms.scope_elements(s) e;
INSERT INTO scope_query (q)
SELECT DISTINCT ((e.kind || ':' || split_part(e.path, '/', 1)))::isms.scope
FROM scope_gin_t, isms.scope_elements(s) e;
INSERT INTO scope_query (q)
SELECT s FROM scope_gin_t WHERE id % 100 = 1;
INSERT INTO scope_query (q) VALUES ('{}'), ('{site:Tokyo, unit:B1}'), ('{site:Tokyo/B1, site:Osaka/B2/C0}'),
    ('{site:Kyoto}'), ('{site:Tokyo/B9}'), ('{site:東京/B0/C1, role:Osaka}'), ('{facility:Tokyo}');
SELECT count(*) > 100 AS enough_queries FROM scope_query;

-- The plans use the index.
SET enable_seqscan = off;
EXPLAIN (COSTS OFF) SELECT id FROM scope_gin_t WHERE s @> '{site:Tokyo/B1}';
EXPLAIN (COSTS OFF) SELECT id FROM scope_gin_t WHERE s && '{site:Tokyo/B1}';
EXPLAIN (COSTS OFF) SELECT id FROM scope_gin_t WHERE s <@ '{site:Tokyo/B1}';
EXPLAIN (COSTS OFF) SELECT id FROM scope_gin_t WHERE s = '{site:Tokyo/B1}';
EXPLAIN (COSTS OFF) SELECT id FROM scope_gin_t WHERE '{site:Tokyo/B1}' <@ s;
RESET enable_seqscan;

-- The matching ids of one query, by the index or by a sequential scan.
CREATE FUNCTION pg_temp.match_ids(op text, q isms.scope, use_index boolean) RETURNS int[]
LANGUAGE plpgsql AS $$
DECLARE
    r int[];
BEGIN
    PERFORM set_config('enable_seqscan', (NOT use_index)::text, true);
    PERFORM set_config('enable_indexscan', use_index::text, true);
    PERFORM set_config('enable_bitmapscan', use_index::text, true);
    EXECUTE format('SELECT coalesce(array_agg(id ORDER BY id), ''{}'') FROM scope_gin_t WHERE s OPERATOR(pg_catalog.%s) $1', op)
        INTO r USING q;
    RETURN r;
END $$;

CREATE TEMP TABLE scope_gin_result AS
SELECT op, qid, pg_temp.match_ids(op, q, false) AS by_seqscan, pg_temp.match_ids(op, q, true) AS by_index
FROM scope_query, (VALUES ('@>'), ('&&'), ('<@'), ('=')) AS o(op);
SELECT op, count(*) AS queries, count(*) FILTER (WHERE cardinality(by_seqscan) > 0) AS queries_with_rows,
       sum(cardinality(by_seqscan)) AS rows_matched,
       count(*) FILTER (WHERE by_seqscan IS DISTINCT FROM by_index) AS differences
FROM scope_gin_result GROUP BY op ORDER BY op;

-- Some answers, spelled out.
SELECT count(*) FILTER (WHERE s @> '{site:Tokyo/B1/C2}') AS cover_tokyo_b1_c2,
       count(*) FILTER (WHERE s && '{site:Tokyo}') AS overlap_tokyo,
       count(*) FILTER (WHERE s <@ '{site:Tokyo, unit:Osaka}') AS within,
       count(*) FILTER (WHERE s = '{}') AS empty,
       count(*) FILTER (WHERE s @> '{}') AS all_rows
FROM scope_gin_t;
SET enable_seqscan = off;
SELECT count(*) FILTER (WHERE s @> '{site:Tokyo/B1/C2}') AS cover_tokyo_b1_c2 FROM scope_gin_t;
SELECT count(*) AS overlap_tokyo FROM scope_gin_t WHERE s && '{site:Tokyo}';
SELECT count(*) AS within FROM scope_gin_t WHERE s <@ '{site:Tokyo, unit:Osaka}';
SELECT count(*) AS empty FROM scope_gin_t WHERE s = '{}';
SELECT count(*) AS all_rows FROM scope_gin_t WHERE s @> '{}';
RESET enable_seqscan;

-- Updates and deletes keep the index right.
UPDATE scope_gin_t SET s = s + '{site:Kyoto/Gion}' WHERE id % 10 = 3;
DELETE FROM scope_gin_t WHERE id % 10 = 7;
SET enable_seqscan = off;
SELECT count(*) AS kyoto_by_index FROM scope_gin_t WHERE s @> '{site:Kyoto/Gion/x}';
RESET enable_seqscan;
SELECT count(*) AS kyoto_by_seqscan FROM scope_gin_t WHERE s @> '{site:Kyoto/Gion/x}';

-- The operator classes are valid.
SELECT c.opcname, a.amname, amvalidate(c.oid) AS valid
FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
WHERE c.opcnamespace = 'isms'::regnamespace AND c.opcintype = 'isms.scope'::regtype
ORDER BY c.opcname;

DROP TABLE scope_gin_t;

--
-- No look-alikes: invisible characters (Unicode format characters, line
-- and paragraph separators, Hangul fillers) are refused wherever they
-- appear, quoted or not, and the other space characters are white space.
--
SELECT pg_catalog.to_hex(cp) AS code_point,
       pg_temp.try_scope('site:Tokyo/H' || pg_catalog.chr(cp) || 'Q') AS plain,
       pg_temp.try_scope('site:"Tokyo/H' || pg_catalog.chr(cp) || 'Q"') AS quoted
FROM unnest(ARRAY[x'AD', x'600', x'61C', x'180E', x'200B', x'200C', x'200D', x'200E',
                  x'200F', x'2028', x'2029', x'202A', x'202E', x'2060', x'2063',
                  x'2064', x'2066', x'206F', x'115F', x'3164', x'FEFF', x'FFA0',
                  x'FFF9', x'1D173', x'E0001', x'E0041']::int[]) AS cp
ORDER BY cp;
-- at the start of a segment or kind, and between elements, too
SELECT pg_temp.try_scope(U&'\200Bsite:Tokyo') AS before_kind,
       pg_temp.try_scope(U&'site:\FEFFTokyo') AS segment_start,
       pg_temp.try_scope(U&'site:Tokyo,\2060unit:IT') AS between;
-- Space separators are white space: trimmed, and a run is one space.
SELECT pg_catalog.to_hex(cp) AS code_point,
       pg_temp.try_scope('site:' || pg_catalog.chr(cp) || 'Tokyo' || pg_catalog.chr(cp)
                         || pg_catalog.chr(cp) || 'HQ' || pg_catalog.chr(cp)) AS scope
FROM unnest(ARRAY[x'1680', x'2000', x'2003', x'200A', x'202F', x'205F']::int[]) AS cp
ORDER BY cp;
SELECT 'site:Tokyo HQ'::isms.scope = (U&'site:Tokyo\2003HQ')::isms.scope AS same_scope;
-- Visible characters near them are text as before.
SELECT pg_temp.try_scope(U&'site:\00AE\2010\2030\FE0F\FFFC') AS visible;
-- The binary input refuses them alike (22P03).
SELECT pg_temp.try_recv('\x01'::bytea || convert_to(U&'site:a\200Bb', 'UTF8')) AS recv;
