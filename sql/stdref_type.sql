--
-- stdref_type: the standard-reference type isms.stdref (doc/stdref.md):
-- input as it appears on certificates and registers (case, spacing,
-- full-width forms), canonical output, order, max()/min(), accessors, the
-- same-standard test, every operator, btree and hash indexes, binary I/O,
-- and malformed input (22P02 with a DETAIL).
--
-- The full-width and Japanese forms assume a UTF8 database (pg_regress's
-- default here).
--
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default

-- Try a text as a standard reference: the canonical output, or the
-- SQLSTATE and DETAIL of the error.  On PostgreSQL 16+ the soft-error path
-- (pg_input_error_info) is tried first; the output is the same.
CREATE FUNCTION pg_temp.try_stdref(t text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    code text;
    detail text;
BEGIN
    IF current_setting('server_version_num')::int >= 160000 THEN
        EXECUTE 'SELECT sql_error_code, detail FROM pg_input_error_info($1, ''isms.stdref'')'
            INTO code, detail USING t;
        IF code IS NOT NULL THEN
            RETURN 'ERROR ' || code || ': ' || detail;
        END IF;
    END IF;
    RETURN t::isms.stdref::text;
EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, detail = PG_EXCEPTION_DETAIL;
    RETURN 'ERROR ' || code || ': ' || detail;
END $$;
-- Show a test input with its invisible characters spelled out (and a long
-- one cut short).
CREATE FUNCTION pg_temp.show(t text) RETURNS text
LANGUAGE sql AS $$
    SELECT '"' || CASE WHEN length(t) > 48 THEN left(s, 45) || '...' ELSE s END || '"'
    FROM (SELECT replace(replace(replace(replace(replace(replace(t,
        E'\t', '<TAB>'), E'\n', '<LF>'), U&'\3000', '<U+3000>'), U&'\00A0', '<NBSP>'),
        U&'\FEFF', '<BOM>'), E'\x01', '<U+0001>') AS s) AS x
$$;

-- The type: 44 bytes, by reference, int4-aligned.
SELECT typname, typlen, typbyval, typalign, typstorage
FROM pg_type WHERE oid = 'isms.stdref'::regtype;
SELECT pg_column_size('ISO/IEC 27001:2022/Amd 1:2024'::isms.stdref) AS size;

-- The operators and max()/min() live in pg_catalog, like those of the
-- built-in types: they resolve whatever the search_path.
SET search_path = public;
SELECT 'ISO/IEC 27001:2013'::isms.stdref < 'ISO/IEC 27001:2022'::isms.stdref AS lt,
       'iso/iec 27001:2022'::isms.stdref = 'ISO/IEC 27001:2022'::isms.stdref AS eq,
       'ISO/IEC 27001:2013'::isms.stdref ~= 'ISO/IEC 27001:2022'::isms.stdref AS same,
       max(s) AS max, min(s) AS min
FROM unnest('{ISO/IEC 27001:2013,ISO/IEC 27001:2022}'::isms.stdref[]) AS s;
-- A reference is stored into a text column as its canonical text (an
-- assignment cast); comparisons with text are not implicit.
CREATE TEMP TABLE std_text (t text);
INSERT INTO std_text VALUES ('ｉｓｏ／ｉｅｃ　２７００１：２０２２'::isms.stdref);
SELECT t FROM std_text;
SELECT 'ISO/IEC 27001:2022'::isms.stdref = 'ISO/IEC 27001:2022'::text AS stdref_eq_text;
\echo :LAST_ERROR_SQLSTATE
SET search_path = public, isms;

--
-- Real references, as published: already canonical, so each comes back
-- unchanged.
--
CREATE TEMP TABLE real_refs (n int PRIMARY KEY, input text NOT NULL);
INSERT INTO real_refs VALUES
    (1, 'ISO/IEC 27001:2005'), (2, 'ISO/IEC 27001:2013'), (3, 'ISO/IEC 27001:2022'),
    (4, 'ISO/IEC 27001:2013/Cor 1:2014'), (5, 'ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015'),
    (6, 'ISO/IEC 27001:2022/Amd 1:2024'), (7, 'ISO/IEC 27002:2013'), (8, 'ISO/IEC 27002:2022'),
    (9, 'ISO/IEC 27017:2015'), (10, 'ISO/IEC 27018:2019'), (11, 'ISO/IEC 27701:2019'),
    (12, 'ISO/IEC 20000-1:2011'), (13, 'ISO/IEC 20000-1:2018'), (14, 'ISO/IEC 17021-1:2015'),
    (15, 'ISO/IEC 27006:2015'), (16, 'ISO/IEC 27006:2015/Amd 1:2020'), (17, 'ISO/IEC 27006-1:2024'),
    (18, 'ISO/IEC TS 27006-2:2021'), (19, 'ISO/IEC TR 27008:2011'), (20, 'ISO/IEC TS 27008:2019'),
    (21, 'IEC 62443-2-1:2010'), (22, 'IEC 62443-2-1:2024'), (23, 'IEC 62443-3-3:2013'),
    (24, 'IEC TS 62443-1-1:2009'), (25, 'ISO 9001:2015'), (26, 'ISO 9001:2015/Amd 1:2024'),
    (27, 'ISO 14001:2015'), (28, 'ISO 22301:2012'), (29, 'ISO 22301:2019'), (30, 'ISO 45001:2018'),
    (31, 'ISO/TS 22317:2021'), (32, 'JIS Q 27001:2006'), (33, 'JIS Q 27001:2014'),
    (34, 'JIS Q 27001:2023'), (35, 'JIS Q 27002:2014'), (36, 'JIS Q 27017:2016'),
    (37, 'JIS Q 15001:2017'), (38, 'JIS Q 20000-1:2020'), (39, 'JIS Q 22301:2020'),
    (40, 'JIS Q 9001:2015'), (41, 'JIS X 0208:1997'), (42, 'ISO/IEC 27001'), (43, 'JIS Q 27001'),
    (44, 'IEC 62443-2-1');
SELECT n, input, pg_temp.try_stdref(input) AS canonical,
       pg_temp.try_stdref(input) = input AS unchanged
FROM real_refs ORDER BY n;

--
-- As they appear on certificates and registers: any case, spacing,
-- full-width characters, other dashes and spaces, "+A1" amendments.  All
-- accepted; the output is canonical.
--
SELECT n, pg_temp.show(input) AS input, pg_temp.try_stdref(input) AS canonical
FROM (VALUES
    (1, 'iso/iec 27001:2022'), (2, 'Iso/Iec 27001:2013'), (3, 'ISO/IEC27001'),
    (4, 'ISO/IEC27001:2022'), (5, 'ISO/IEC 27001 : 2022'), (6, '  ISO / IEC  27001:2022  '),
    (7, E'ISO/IEC\t27001:2022\n'), (8, 'ISO-IEC 27001:2022'), (9, 'ISO IEC 27001:2022'),
    -- "ISO 27001" is common but wrong (ISO/IEC 27001): kept as written
    (10, 'ISO 27001'), (11, 'ISO 27001:2013'),
    -- amendments and corrigenda, every spelling
    (12, 'ISO/IEC 27001:2022+A1:2024'), (13, 'ISO/IEC 27001:2022 + A1:2024'),
    (14, 'ISO/IEC 27001:2022 Amd 1:2024'), (15, 'ISO/IEC 27001:2022/AMD1:2024'),
    (16, 'ISO/IEC 27001:2022/Amd.1:2024'), (17, 'ISO/IEC 27001:2022/Amendment 1:2024'),
    (18, 'ISO/IEC 27001:2022/Amd 1'), (19, 'ISO/IEC 27001:2013/Cor.1:2014'),
    (20, 'ISO/IEC 27001:2013/Corrigendum 2:2015'), (21, 'ISO/IEC 27001:2013/Cor 2:2015/Cor 1:2014'),
    (22, 'iso/iec 27001:2013/cor 1:2014/cor 2:2015'),
    -- document types, with a space or a slash
    (23, 'ISO/IEC TS 27006-2:2021'), (24, 'ISO/IEC/TS 27006-2:2021'), (25, 'IEC/TS 62443-1-1:2009'),
    (26, 'ISO TS 22317:2021'), (27, 'iso/ts 22317:2021'),
    -- parts with spaces, other dashes
    (28, 'IEC 62443 - 2 - 1 : 2010'), (29, U&'ISO/IEC 20000\20101:2018'), (30, U&'ISO/IEC 20000\20131:2018'),
    (31, U&'ISO/IEC 20000\22121:2018'),
    -- JIS: the division letter, four-digit numbers
    (32, 'JISQ27001:2014'), (33, 'jis q 27001:2023'), (34, 'JIS Q27001:2023'), (35, 'JIS X 208:1997'),
    -- full-width forms (Japanese documents), ideographic space, BOM, NBSP
    (36, 'ＩＳＯ／ＩＥＣ　２７００１：２０２２'), (37, 'ＪＩＳ　Ｑ　２７００１：２０２３'),
    (38, 'ｉｓｏ／ｉｅｃ　２７００１：２０１３／Ｃｏｒ　２：２０１５'),
    (39, 'ＩＳＯ／ＩＥＣ　２００００－１：２０１８'), (40, 'ＩＥＣ　６２４４３－２－１：２０１０'),
    (41, 'ISO/IEC 20000ー1:2018'), (42, 'ISO/IEC 27001：2022'), (43, 'ＩＳＯ／ＩＥＣ　２７００１：２０２２／Ａｍｄ　１：２０２４'),
    (44, U&'\3000JIS Q 27001:2023\3000'), (45, U&'\FEFFISO/IEC 27001:2022'), (46, U&'ISO/IEC\00A027001:2022'),
    (47, 'ISO/IEC 2７001:2022'),
    -- the register forms of add-on standards
    (48, 'ISO/IEC 27017:2015'), (49, 'ISO/IEC 27701:2019'), (50, 'ISO/IEC TS 27006-2:2021')
) AS v(n, input)
ORDER BY n;

--
-- Rejected: SQLSTATE 22P02 with a DETAIL that says what is wrong.
-- Two standards in one text, as on Japanese certificates ("ISO/IEC
-- 27001:2013 / JIS Q 27001:2014", "JIS Q 27001:2023（ISO/IEC 27001:2022）"),
-- are rejected, not cut to the first: give one reference per value.
--
SELECT n, pg_temp.show(input) AS input, pg_temp.try_stdref(input) AS result
FROM (VALUES
    (1, 'ISO/IEC 27001:2013 / JIS Q 27001:2014'), (2, 'JIS Q 27001:2023（ISO/IEC 27001:2022）'),
    (3, 'ISO/IEC 27001:2022 (JIS Q 27001:2023)'), (4, 'ISO/IEC 27001:2022, ISO/IEC 27017:2015'),
    (5, 'ISO/IEC 27001:2022、ISO/IEC 27017:2015'), (6, 'ISO/IEC 27001:2022 and ISO/IEC 27701:2019'),
    (7, 'ISO/IEC 27001:2022 ISO/IEC 27017:2015'),
    -- a year written as a part
    (8, 'ISO/IEC 27001-2022'), (9, 'JIS X 0208-1997'), (10, 'ISO 10303-1950:2010'),
    -- years
    (11, 'ISO 9001:15'), (12, 'ISO/IEC 27001:22'), (13, 'ISO/IEC 27001:1899'), (14, 'ISO/IEC 27001:2100'),
    (15, 'ISO/IEC 27001:20222'), (16, 'ISO/IEC 27001:'),
    -- amendments
    (17, 'ISO/IEC 27001/Amd 1:2024'), (18, 'ISO/IEC 27001:2022/Amd 1:2021'),
    (19, 'ISO/IEC 27001:2022/Amd 1:2024/Amd 1:2024'), (20, 'ISO/IEC 27001:2022/Amd 2:2023/Amd 1:2025'),
    (21, 'ISO/IEC 27001:2022/XYZ'), (22, 'ISO/IEC 27001:2022/Amd'), (23, 'ISO/IEC 27001:2022/Amd 0'),
    (24, 'ISO/IEC 27001:2022/Amd 1000'),
    (25, 'ISO/IEC 27001:2022/Amd 1/Amd 2/Amd 3/Cor 1/Cor 2'),
    -- trailing text
    (26, 'ISO/IEC 27001:2022 Information security management systems'),
    (27, 'ISO/IEC 27001:2022 (E)'), (28, 'ISO/IEC 27001:2022;'),
    -- not a reference of ISO, IEC or JIS
    (29, ''), (30, '   '), (31, U&'\3000'), (32, '27001'), (33, 'ISMS'), (34, 'EN ISO/IEC 27001:2017'),
    (35, 'BS EN ISO/IEC 27001:2017+A11:2020'), (36, 'ISO/IEC/IEEE 8802-3:2021'), (37, 'ISOIEC 27001'),
    -- numbers and parts
    (38, 'ISO'), (39, 'ISO/IEC'), (40, 'ISO/IEC 0'), (41, 'ISO/IEC 123456'), (42, 'ISO/IEC 27001-'),
    (43, 'ISO/IEC 27001-0'), (44, 'ISO/IEC 27001-10000'), (45, 'IEC 62443-2-1-1-1'), (46, 'ISO/IEC TS'),
    -- JIS without or with a wrong division letter
    (47, 'JIS 27001'), (48, 'JIS I 27001'), (49, 'JIS QQ 27001'), (50, 'JIS Q TS 27001'),
    -- characters that have no place in a reference
    (51, E'ISO/IEC 27001\x01'), (52, 'ISO/IEC 27001:2022 😀'), (53, 'ISO/IEC 27001:2022（Ｅ）'),
    (54, 'ＩＳＯ／ＩＥＣ２７００１：２０２２年版'), (55, repeat('ISO/IEC 27001:2022 ', 20))
) AS v(n, input)
ORDER BY n;

-- White space is collapsed before the length limit applies.
SELECT pg_temp.try_stdref(repeat(' ', 5000) || 'ISO/IEC 27001:2022' || repeat(U&'\3000', 5000)) AS padded;

-- The whole report: message, DETAIL and HINT.
SELECT 'ISO/IEC 27001:2013 / JIS Q 27001:2014'::isms.stdref;
\echo :LAST_ERROR_SQLSTATE
SELECT 'ISO/IEC 27001-2022'::isms.stdref;
\echo :LAST_ERROR_SQLSTATE
SELECT ''::isms.stdref;
\echo :LAST_ERROR_SQLSTATE
SELECT 'JIS Q 27001:2023（ISO/IEC 27001:2022）'::isms.stdref;
\echo :LAST_ERROR_SQLSTATE
-- SQL NULL is just NULL
SELECT NULL::isms.stdref IS NULL AS is_null;

--
-- Canonical output: every accepted spelling reads back as itself.
--
SELECT count(*) AS refs,
       count(*) FILTER (WHERE s::text::isms.stdref = s AND s::text::isms.stdref::text = s::text) AS round_trips
FROM (SELECT input::isms.stdref AS s FROM real_refs) AS x;
SELECT ARRAY['iso/iec 27001:2022', 'jis q 27001:2023']::isms.stdref[] AS arr;
SELECT row(1, 'ＩＳＯ／ＩＥＣ　２７００１：２０２２'::isms.stdref)::text AS row_text;

--
-- Order: publishing body (IEC < ISO < ISO/IEC < JIS), number, parts,
-- document type; then edition (undated first); then amendments (from the
-- newest back; more amendments after fewer).
--
SELECT input::isms.stdref AS s FROM real_refs ORDER BY 1;
SELECT input::isms.stdref AS s FROM real_refs ORDER BY 1 DESC LIMIT 5;

-- The newest amendment decides, wherever it is in the list.
SELECT s FROM unnest(ARRAY[
    'ISO/IEC 27001:2013/Cor 1:2014/Amd 1:2017', 'ISO/IEC 27001:2013/Amd 1:2016',
    'ISO/IEC 27001:2013/Cor 2:2015', 'ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015',
    'ISO/IEC 27001:2013', 'ISO/IEC 27001:2013/Cor 1:2014', 'ISO/IEC 27001:2013/Amd 1',
    'ISO/IEC 27001:2014']::isms.stdref[]) AS s
ORDER BY s;

--
-- max() and min() (aggregates of the extension, in pg_catalog).
--
SELECT max(input::isms.stdref) AS max, min(input::isms.stdref) AS min FROM real_refs;
-- the newest edition of each standard
SELECT std_number(s) AS standard, max(s) AS newest, min(s) AS oldest, count(*) AS editions
FROM (SELECT input::isms.stdref AS s FROM real_refs) AS x
GROUP BY std_number(s) ORDER BY min(s);
-- NULLs are ignored; no rows give NULL
SELECT max(s) AS max, min(s) AS min
FROM unnest(ARRAY[NULL, 'ISO 9001:2008', NULL, 'ISO 9001:2015']::isms.stdref[]) AS s;
SELECT max(s) IS NULL AS max_empty FROM unnest(ARRAY[]::isms.stdref[]) AS s;
-- GREATEST, LEAST, DISTINCT, BETWEEN (btree opclass)
SELECT greatest('ISO/IEC 27001:2013'::isms.stdref, 'ISO/IEC 27001:2022/Amd 1:2024', 'ISO/IEC 27001:2022') AS greatest,
       least('JIS Q 27001:2014'::isms.stdref, 'ISO/IEC 27001:2013') AS least;
SELECT DISTINCT s FROM unnest(ARRAY['iso/iec 27001:2022', 'ISO/IEC27001:2022', 'ＩＳＯ／ＩＥＣ　２７００１：２０２２', 'ISO 27001:2022']::isms.stdref[]) AS s ORDER BY s;
SELECT n, input FROM real_refs
WHERE input::isms.stdref BETWEEN 'ISO/IEC 27001' AND 'ISO/IEC 27001:2022/Amd 1:2024' ORDER BY n;

--
-- Accessors.
--
SELECT s, std_number(s) AS number, std_part(s) AS part, std_edition(s) AS edition,
       std_amendments(s) AS amendments, std_without_edition(s) AS undated
FROM (SELECT input::isms.stdref AS s FROM real_refs WHERE n IN (3, 5, 6, 13, 18, 21, 24, 26, 31, 34, 38, 41, 42)) AS x
ORDER BY s;
SELECT pg_typeof(std_number(s)) AS number, pg_typeof(std_part(s)) AS part, pg_typeof(std_edition(s)) AS edition,
       pg_typeof(std_amendments(s)) AS amendments, pg_typeof(std_without_edition(s)) AS undated,
       cardinality(std_part(s)) AS nparts, cardinality(std_amendments(s)) AS namds
FROM (VALUES ('ISO/IEC 27001:2022'::isms.stdref)) AS v(s);
SELECT (std_part('IEC 62443-2-1:2010'))[1] AS first_part,
       (std_amendments('ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015'))[2] AS second;
-- strict: NULL in, NULL out
SELECT std_number(NULL) IS NULL AS number, std_edition(NULL) IS NULL AS edition,
       std_same_standard(NULL, 'ISO 9001') IS NULL AS same;

--
-- Same standard: the edition and the amendments are ignored; body, number,
-- parts and document type count (so ISO 27001 is not ISO/IEC 27001, and
-- JIS Q 27001 is not ISO/IEC 27001 although it is identical in content).
--
SELECT a, b, std_same_standard(a, b) AS same, a ~= b AS op, b ~= a AS commuted
FROM (VALUES
    (1, 'ISO/IEC 27001:2013', 'ISO/IEC 27001:2022'),
    (2, 'ISO/IEC 27001:2022', 'ISO/IEC 27001:2022/Amd 1:2024'),
    (3, 'ISO/IEC 27001', 'ISO/IEC 27001:2005'),
    (4, 'ISO/IEC 27001:2022', 'JIS Q 27001:2023'),
    (5, 'ISO/IEC 27001:2022', 'ISO 27001:2022'),
    (6, 'ISO/IEC 27001:2022', 'ISO/IEC 27002:2022'),
    (7, 'IEC 62443-2-1:2010', 'IEC 62443-2-1:2024'),
    (8, 'IEC 62443-2-1:2010', 'IEC 62443-3-3:2013'),
    (9, 'ISO/IEC 27006:2015', 'ISO/IEC 27006-1:2024'),
    (10, 'ISO/IEC TR 27008:2011', 'ISO/IEC TS 27008:2019'),
    (11, 'JIS Q 27001:2014', 'ｊｉｓ　ｑ　２７００１：２０２３')) AS v(n, a0, b0),
     LATERAL (SELECT a0::isms.stdref AS a, b0::isms.stdref AS b) AS x
ORDER BY n;
-- the certificates of one standard, whatever the edition
SELECT n, input FROM real_refs WHERE input::isms.stdref ~= 'ISO/IEC 27001' ORDER BY n;

--
-- Every operator on several pairs ...
--
SELECT a, b, a = b AS eq, a <> b AS ne, a < b AS lt, a <= b AS le, a > b AS gt, a >= b AS ge,
       stdref_cmp(a, b) AS cmp
FROM (VALUES
    (1, 'ISO/IEC 27001:2022', 'iso/iec 27001:2022'),
    (2, 'ISO/IEC 27001:2013', 'ISO/IEC 27001:2022'),
    (3, 'ISO/IEC 27001:2022/Amd 1:2024', 'ISO/IEC 27001:2022'),
    (4, 'ISO/IEC 27001', 'ISO/IEC 27001:2005'),
    (5, 'IEC 62443-2-1:2010', 'ISO 9001:2015'),
    (6, 'ISO 27001:2022', 'ISO/IEC 27001:2013'),
    (7, 'JIS Q 27001:2023', 'ISO/IEC 27001:2022'),
    (8, 'ISO/IEC 27006:2015', 'ISO/IEC 27006-1:2024'),
    (9, 'ISO/IEC 27006-1:2024', 'ISO/IEC TS 27006-2:2021'),
    (10, 'ISO/IEC 27001:2013/Cor 2:2015', 'ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015')) AS v(n, a0, b0),
     LATERAL (SELECT a0::isms.stdref AS a, b0::isms.stdref AS b) AS x
ORDER BY n;

-- ... and on every pair of the real references: the operators agree with
-- stdref_cmp and with each other, cmp is antisymmetric, ~= is implied by
-- =, and equal values hash equal (distinct ones, here, differently).
WITH r AS (SELECT n, input::isms.stdref AS s FROM real_refs)
SELECT count(*) AS pairs,
       count(*) FILTER (WHERE (a.s = b.s) <> (stdref_cmp(a.s, b.s) = 0)
                           OR (a.s <> b.s) <> (stdref_cmp(a.s, b.s) <> 0)
                           OR (a.s < b.s) <> (stdref_cmp(a.s, b.s) < 0)
                           OR (a.s <= b.s) <> (stdref_cmp(a.s, b.s) <= 0)
                           OR (a.s > b.s) <> (stdref_cmp(a.s, b.s) > 0)
                           OR (a.s >= b.s) <> (stdref_cmp(a.s, b.s) >= 0)
                           OR stdref_cmp(a.s, b.s) <> -stdref_cmp(b.s, a.s)
                           OR (a.s = b.s) <> (a.n = b.n)
                           OR (a.s = b.s AND NOT a.s ~= b.s)
                           OR (a.s ~= b.s) <> (std_without_edition(a.s) = std_without_edition(b.s))
                           OR (a.s = b.s) <> (stdref_hash(a.s) = stdref_hash(b.s))
                           OR (a.s = b.s) <> (stdref_hash_extended(a.s, 42) = stdref_hash_extended(b.s, 42))) AS mismatches
FROM r a CROSS JOIN r b;
-- transitivity over every triple
WITH r AS (SELECT input::isms.stdref AS s FROM real_refs)
SELECT count(*) AS triples,
       count(*) FILTER (WHERE a.s <= b.s AND b.s <= c.s AND NOT a.s <= c.s) AS intransitive
FROM r a, r b, r c;
-- the hash does not depend on the spelling; the seed changes it
SELECT stdref_hash('ＩＳＯ／ＩＥＣ　２７００１：２０２２') = stdref_hash('ISO/IEC 27001:2022') AS same_hash,
       stdref_hash_extended('ISO/IEC 27001:2022', 0) = stdref_hash_extended('ISO/IEC 27001:2022', 1) AS seed_ignored,
       (stdref_hash_extended('ISO/IEC 27001:2022', 0) & 4294967295) =
       (stdref_hash('ISO/IEC 27001:2022')::bigint & 4294967295) AS low_bits_match;
-- comparisons with NULL are NULL (the operators are strict)
SELECT 'ISO 9001'::isms.stdref = NULL AS eq_null, NULL < 'ISO 9001'::isms.stdref AS lt_null,
       'ISO 9001'::isms.stdref ~= NULL AS same_null;

--
-- Operator classes: btree and hash, both valid and the default.
--
SELECT c.opcname, a.amname, c.opcdefault, amvalidate(c.oid)
FROM pg_opclass c JOIN pg_am a ON a.oid = c.opcmethod
WHERE c.opcintype = 'isms.stdref'::regtype ORDER BY 1;

-- A btree index is used for equality, ranges, ordering and max().
CREATE TEMP TABLE cert (id int PRIMARY KEY, std isms.stdref NOT NULL, note text);
INSERT INTO cert
SELECT row_number() OVER (ORDER BY g, r.n), r.s::isms.stdref, 'n' || g
FROM unnest(ARRAY['ISO/IEC 27001:2013', 'ISO/IEC 27001:2022', 'ISO/IEC 27001:2022/Amd 1:2024',
                  'ISO/IEC 27017:2015', 'ISO/IEC 27701:2019', 'ISO/IEC 20000-1:2018',
                  'IEC 62443-2-1:2010', 'IEC 62443-3-3:2013', 'ISO 9001:2015', 'ISO 22301:2019',
                  'JIS Q 27001:2014', 'JIS Q 27001:2023', 'JIS Q 15001:2017', 'JIS Q 20000-1:2020',
                  'ISO/IEC TS 27006-2:2021']) WITH ORDINALITY AS r(s, n),
     generate_series(1, 400) AS g;
CREATE INDEX cert_std_btree ON cert USING btree (std);
ANALYZE cert;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT note FROM cert WHERE std = 'ISO/IEC 27017:2015';
SELECT count(*), min(id), max(id) FROM cert WHERE std = 'ISO/IEC 27017:2015';
EXPLAIN (COSTS OFF) SELECT id FROM cert WHERE std > 'JIS Q 20000-1' ORDER BY std;
SELECT std, count(*) FROM cert WHERE std > 'JIS Q 20000-1' GROUP BY std ORDER BY std;
SELECT id, std FROM cert WHERE std >= 'ｊｉｓ　ｑ　２７００１' ORDER BY std, id LIMIT 3;
EXPLAIN (COSTS OFF) SELECT max(std) FROM cert;
SELECT max(std), min(std) FROM cert;
SELECT DISTINCT std FROM cert WHERE std BETWEEN 'ISO/IEC 27001' AND 'ISO/IEC 27001:2022/Amd 2:2025' ORDER BY std;
-- the hash index, alone
DROP INDEX cert_std_btree;
CREATE INDEX cert_std_hash ON cert USING hash (std);
EXPLAIN (COSTS OFF) SELECT note FROM cert WHERE std = 'ＩＳＯ／ＩＥＣ　２７００１：２０２２／Ａｍｄ　１：２０２４';
SELECT count(*), min(id), max(id) FROM cert WHERE std = 'ＩＳＯ／ＩＥＣ　２７００１：２０２２／Ａｍｄ　１：２０２４';
RESET enable_seqscan;
RESET enable_bitmapscan;
-- a unique index (btree) refuses a second spelling of the same reference
CREATE TEMP TABLE std_unique (s isms.stdref PRIMARY KEY);
INSERT INTO std_unique VALUES ('ISO/IEC 27001:2022');
INSERT INTO std_unique VALUES ('iso/iec27001:2022');
\echo :LAST_ERROR_SQLSTATE

-- Hash join, merge join, hash aggregate and sort on the type.
CREATE TEMP TABLE std_scheme (std isms.stdref, scheme text);
INSERT INTO std_scheme VALUES ('ISO/IEC 27017:2015', 'ISMS-CLOUD'), ('ISO/IEC 27001:2022/Amd 1:2024', 'ISMS'),
    ('JIS Q 27001:2014', 'ISMS'), ('IEC 62443-2-1:2010', 'CSMS'), ('ISO 9001:2015', 'QMS');
ANALYZE std_scheme;
SET enable_nestloop = off;
SET enable_mergejoin = off;
EXPLAIN (COSTS OFF)
SELECT s.scheme, count(*) FROM cert c JOIN std_scheme s ON s.std = c.std GROUP BY s.scheme;
SELECT s.scheme, count(*) FROM cert c JOIN std_scheme s ON s.std = c.std GROUP BY s.scheme ORDER BY 1;
RESET enable_mergejoin;
SET enable_hashjoin = off;
EXPLAIN (COSTS OFF)
SELECT s.scheme, c.id FROM cert c JOIN std_scheme s ON s.std = c.std;
SELECT s.scheme, count(*) FROM cert c JOIN std_scheme s ON s.std = c.std GROUP BY s.scheme ORDER BY 1;
RESET enable_hashjoin;
RESET enable_nestloop;
SET enable_sort = off;
EXPLAIN (COSTS OFF) SELECT std, count(*) FROM cert WHERE std ~= 'ISO/IEC 27001' GROUP BY std;
SELECT std, count(*) FROM cert WHERE std ~= 'ISO/IEC 27001' GROUP BY std ORDER BY std;
RESET enable_sort;

--
-- Binary I/O: the canonical text.  COPY round trip.
--
SELECT s, stdref_send(s) AS bin
FROM unnest(ARRAY['ISO/IEC 27001:2022/Amd 1:2024', 'JIS X 208:1997', 'ISO/TS 22317:2021']::isms.stdref[]) AS s
ORDER BY s;
CREATE TEMP TABLE std_copy (n int, s isms.stdref);
INSERT INTO std_copy SELECT n, input::isms.stdref FROM real_refs;
INSERT INTO std_copy VALUES (100, NULL);
COPY std_copy TO '/tmp/isms_stdref_type.bin' WITH (FORMAT binary);
CREATE TEMP TABLE std_copy2 (LIKE std_copy);
COPY std_copy2 FROM '/tmp/isms_stdref_type.bin' WITH (FORMAT binary);
SELECT count(*) AS rows, count(s) AS non_null FROM std_copy2;
SELECT count(*) AS rows_differing
FROM std_copy a FULL JOIN std_copy2 b USING (n)
WHERE a.s IS DISTINCT FROM b.s;
-- the binary form is the canonical text and nothing else (22P03): write
-- texts in binary (their binary form is their bytes) and read them back
CREATE TEMP TABLE std_bad (n int, s isms.stdref);
COPY (SELECT 1, 'ISO/IEC 27001:2022'::text) TO '/tmp/isms_stdref_type.bin' WITH (FORMAT binary);
COPY std_bad FROM '/tmp/isms_stdref_type.bin' WITH (FORMAT binary);
SELECT n, s FROM std_bad;
COPY (SELECT 2, 'iso/iec 27001:2022'::text) TO '/tmp/isms_stdref_type.bin' WITH (FORMAT binary);
COPY std_bad FROM '/tmp/isms_stdref_type.bin' WITH (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
COPY (SELECT 3, 'ISO/IEC 27001-2022'::text) TO '/tmp/isms_stdref_type.bin' WITH (FORMAT binary);
COPY std_bad FROM '/tmp/isms_stdref_type.bin' WITH (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
COPY (SELECT 4, 'ＩＳＯ／ＩＥＣ　２７００１'::text) TO '/tmp/isms_stdref_type.bin' WITH (FORMAT binary);
COPY std_bad FROM '/tmp/isms_stdref_type.bin' WITH (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
COPY (SELECT 5, ''::text) TO '/tmp/isms_stdref_type.bin' WITH (FORMAT binary);
COPY std_bad FROM '/tmp/isms_stdref_type.bin' WITH (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
COPY (SELECT 6, repeat('ISO/IEC 27001:2022/', 10)) TO '/tmp/isms_stdref_type.bin' WITH (FORMAT binary);
COPY std_bad FROM '/tmp/isms_stdref_type.bin' WITH (FORMAT binary);
\echo :LAST_ERROR_SQLSTATE
SELECT n, s FROM std_bad ORDER BY n;
-- text COPY takes every input spelling; a bad line is 22P02
COPY std_bad FROM stdin;
7	ＪＩＳ　Ｑ　２７００１：２０２３
8	iso/iec 27001:2022+A1:2024
\.
-- (shown with its SQLSTATE only; the DETAIL is that of the first full report above)
\set VERBOSITY sqlstate
COPY std_bad FROM stdin;
9	ISO/IEC 27001:2013 / JIS Q 27001:2014
\.
\set VERBOSITY default
SELECT n, s FROM std_bad ORDER BY n;
