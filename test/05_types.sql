-- 05_types: the contract of the two value types isms.stdref (standard
-- references, doc/stdref.md) and isms.scope (certification scopes,
-- doc/scope.md): input spellings and the canonical output, binary form,
-- every comparison operator on all pairs of an ordered sample, ~= (same
-- standard), max()/min(), the accessors, every scope operator and function
-- with the documented laws, malformed input (22P02), the operator classes
-- (has_opclass, amvalidate) and the indexes they serve (btree, hash, GIN
-- with EXPLAIN), STD-1 (isms.std_canonical) and the shipped TRN data.
-- The full-width and Japanese inputs assume a UTF8 database.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

BEGIN;
\ir helpers/common.psql
-- The operators and max()/min() of both types live in pg_catalog: they must
-- resolve with isms outside the search path.
SET LOCAL search_path = public;
SET LOCAL datestyle = ISO;

SELECT plan(356);

-- The plan of a query, one line per plan node (for the index tests).
CREATE FUNCTION pg_temp.t05_plan(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    line text;
    plan text := '';
BEGIN
    FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
        plan := plan || line || E'\n';
    END LOOP;
    RETURN plan;
END $$;
-- The SQLSTATE and DETAIL of the error that reading a text as a type raises.
CREATE FUNCTION pg_temp.t05_error(t text, typ text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
    code text;
    detail text;
BEGIN
    EXECUTE format('SELECT %L::%s', t, typ);
    RETURN 'no error';
EXCEPTION WHEN others THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, detail = PG_EXCEPTION_DETAIL;
    RETURN code || ': ' || detail;
END $$;

/* ==================================================================
 * isms.stdref
 * ================================================================== */

/* ------------------------------------------------------------------
 * Input spellings and the canonical output
 * ------------------------------------------------------------------ */
SELECT is(v.input::isms.stdref::text, v.canonical,
          format('stdref input %s reads as %s', to_json(v.input), v.canonical))
  FROM (VALUES
    -- already canonical
    ('ISO/IEC 27001:2022', 'ISO/IEC 27001:2022'),
    ('IEC 62443-2-1:2010', 'IEC 62443-2-1:2010'),
    ('JIS Q 27001:2023', 'JIS Q 27001:2023'),
    ('ISO/IEC 27001:2022/Amd 1:2024', 'ISO/IEC 27001:2022/Amd 1:2024'),
    ('ISO/IEC 27001', 'ISO/IEC 27001'),
    -- case and spacing
    ('iso/iec 27001 : 2022', 'ISO/IEC 27001:2022'),
    ('ISO/IEC27001', 'ISO/IEC 27001'),
    ('ISO / IEC 27001 : 2022', 'ISO/IEC 27001:2022'),
    ('JISQ27001:2014', 'JIS Q 27001:2014'),
    (E'\tISO/IEC 27001:2022\n', 'ISO/IEC 27001:2022'),
    (U&'\FEFFISO/IEC 27001:2022', 'ISO/IEC 27001:2022'),
    -- other spellings of the body and the document type
    ('ISO-IEC 27001:2022', 'ISO/IEC 27001:2022'),
    ('ISO IEC 27001:2022', 'ISO/IEC 27001:2022'),
    ('ISO/IEC/TS 27006-2:2021', 'ISO/IEC TS 27006-2:2021'),
    ('ISO TS 22317:2021', 'ISO/TS 22317:2021'),
    ('IEC/TS 62443-1-1:2009', 'IEC TS 62443-1-1:2009'),
    ('ISO/IEC TR 27008:2011', 'ISO/IEC TR 27008:2011'),
    -- JIS numbers have at least four digits
    ('JIS X 208:1997', 'JIS X 0208:1997'),
    -- full-width forms and dash look-alikes of Japanese documents
    ('ＩＳＯ／ＩＥＣ　２７００１：２０２２', 'ISO/IEC 27001:2022'),
    ('ＪＩＳ　Ｑ　２７００１：２０２３', 'JIS Q 27001:2023'),
    ('ISO/IEC 20000ー1:2018', 'ISO/IEC 20000-1:2018'),
    (U&'ISO/IEC 20000\20131:2018', 'ISO/IEC 20000-1:2018'),
    -- amendments: other spellings, sorted into canonical order
    ('iso/iec 27001:2022+A1:2024', 'ISO/IEC 27001:2022/Amd 1:2024'),
    ('ISO/IEC 27001:2022 Amd 1:2024', 'ISO/IEC 27001:2022/Amd 1:2024'),
    ('ISO/IEC 27001:2022/AMD1:2024', 'ISO/IEC 27001:2022/Amd 1:2024'),
    ('ISO/IEC 27001:2022/Amendment 1:2024', 'ISO/IEC 27001:2022/Amd 1:2024'),
    ('ISO/IEC 27001:2013/Corrigendum 1:2014', 'ISO/IEC 27001:2013/Cor 1:2014'),
    ('ISO/IEC 27001:2013/Cor 2:2015/Cor 1:2014', 'ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015'),
    ('ISO/IEC 27001:2013/Amd 1:2015/Cor 1:2014', 'ISO/IEC 27001:2013/Cor 1:2014/Amd 1:2015'),
    ('ISO/IEC 27001:2013/Cor 1:2014/Amd 1:2014', 'ISO/IEC 27001:2013/Amd 1:2014/Cor 1:2014'),
    ('ISO/IEC 27001:2013/Cor 1:2014/Amd 1', 'ISO/IEC 27001:2013/Amd 1/Cor 1:2014'),
    ('ISO/IEC 27001:2022/Amd.1:2024', 'ISO/IEC 27001:2022/Amd 1:2024'),
    ('ISO/IEC 27001:2013/Cor.1:2014', 'ISO/IEC 27001:2013/Cor 1:2014'),
    ('ISO/IEC 27001:2022/Cor 1:2022', 'ISO/IEC 27001:2022/Cor 1:2022'),
    -- other look-alikes: fraction slash, ratio sign, zero-width space, minus sign
    (U&'ISO\2044IEC 27001\22362022', 'ISO/IEC 27001:2022'),
    (U&'ISO/IEC\200B27001', 'ISO/IEC 27001'),
    (U&'IEC 62443\22122\FE631', 'IEC 62443-2-1'),
    -- runs of white space count as one (and not toward the 200 characters)
    ('ISO/IEC' || repeat(' ', 300) || '27001:2022', 'ISO/IEC 27001:2022'),
    -- the limits of the numbers
    ('ISO 99999', 'ISO 99999'),
    ('ISO/IEC 27001:1900', 'ISO/IEC 27001:1900'),
    ('ISO/IEC 27001:2099', 'ISO/IEC 27001:2099'),
    ('ISO/IEC 27001-1899', 'ISO/IEC 27001-1899'),
    ('ISO/IEC 27001-2100', 'ISO/IEC 27001-2100'),
    ('ISO/IEC 27001-9999', 'ISO/IEC 27001-9999'),
    ('ISO/IEC 27001:2022/Amd 999:2024', 'ISO/IEC 27001:2022/Amd 999:2024'),
    ('ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015/Amd 1:2016/Amd 2:2017', 'ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015/Amd 1:2016/Amd 2:2017'),
    ('JIS Z 8301:2019', 'JIS Z 8301:2019'),
    -- ISO 27001 is kept as written, not corrected to ISO/IEC
    ('ISO 27001:2013', 'ISO 27001:2013')
  ) AS v(input, canonical);

SELECT ok('ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015'::isms.stdref::text::isms.stdref
          = 'ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015'::isms.stdref,
          'the canonical text reads back as the same value');
SELECT is(pg_column_size('ISO/IEC 27001:2022/Amd 1:2024'::isms.stdref), 44,
          'a stdref is stored in 44 bytes');
SELECT is(encode(isms.stdref_send('ｉｓｏ／ｉｅｃ　２７００１：２０２２+a1:2024'), 'escape'),
          'ISO/IEC 27001:2022/Amd 1:2024',
          'stdref_send: the binary form is the canonical text');

-- recv accepts the canonical text (COPY ... FORMAT binary round trip)
CREATE TEMP TABLE t05_stdref_bin (s isms.stdref);
COPY (SELECT v::isms.stdref FROM (VALUES ('ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015'),
                                         ('jis q 27001:2023'), ('IEC 62443-2-1')) AS v(v))
  TO '/tmp/isms_05_types_stdref.bin' WITH (FORMAT binary);
COPY t05_stdref_bin FROM '/tmp/isms_05_types_stdref.bin' WITH (FORMAT binary);
SELECT results_eq(
    $$SELECT b.s::text FROM t05_stdref_bin b ORDER BY b.s$$,
    $$VALUES ('IEC 62443-2-1'), ('ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015'), ('JIS Q 27001:2023')$$,
    'stdref_recv reads back what stdref_send wrote (binary COPY round trip)');
COPY (SELECT 'iso/iec 27001:2022'::text) TO '/tmp/isms_05_types_stdref.bin' WITH (FORMAT binary);
SELECT throws_ok($$COPY t05_stdref_bin FROM '/tmp/isms_05_types_stdref.bin' WITH (FORMAT binary)$$, '22P03', NULL,
                 'stdref_recv refuses a spelling that is not canonical: 22P03');

/* ------------------------------------------------------------------
 * Order and the comparison operators
 * ------------------------------------------------------------------
 * An ordered sample: body (IEC < ISO < ISO/IEC < JIS, then the division
 * letter), number, parts (none first), document type (IS, TS, TR, PAS),
 * edition (undated first), amendments (newest decides; undated ones are
 * older than dated ones).
 */
CREATE TEMP TABLE t05_ref (pos int PRIMARY KEY, ref isms.stdref NOT NULL);
INSERT INTO t05_ref VALUES
    (1, 'IEC TS 62443-1-1:2009'),
    (2, 'IEC 62443-2-1:2010'),
    (3, 'ISO 22301:2019'),
    (4, 'ISO/TS 22317:2021'),
    (5, 'ISO 27001'),
    (6, 'ISO 27001:2013'),
    (7, 'ISO/IEC 20000-1:2018'),
    (8, 'ISO/IEC 27001'),
    (9, 'ISO/IEC 27001:2013'),
    (10, 'ISO/IEC 27001:2013/Amd 1'),
    (11, 'ISO/IEC 27001:2013/Cor 1:2014'),
    (12, 'ISO/IEC 27001:2013/Cor 2:2015'),
    (13, 'ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015'),
    (14, 'ISO/IEC 27001:2022'),
    (15, 'ISO/IEC 27001:2022/Amd 1:2024'),
    (16, 'ISO/IEC 27006'),
    (17, 'ISO/IEC 27006-1:2024'),
    (18, 'ISO/IEC TS 27006-2:2021'),
    (19, 'ISO/IEC 27008'),
    (20, 'ISO/IEC TS 27008:2019'),
    (21, 'ISO/IEC TR 27008:2011'),
    (22, 'ISO/IEC PAS 27008'),
    (23, 'JIS Q 27001:2014'),
    (24, 'JIS Q 27001:2023'),
    (25, 'JIS X 0208:1997');

SELECT results_eq(
    $$SELECT r.ref::text FROM t05_ref r ORDER BY r.ref$$,
    $$SELECT ref::text FROM t05_ref ORDER BY pos$$,
    'ORDER BY sorts by body, number, parts, document type, edition, amendments');
SELECT results_eq(
    $$SELECT u.s::text FROM unnest('{ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015/Cor 3:2016,ISO/IEC 27001:2013/Cor 2:2015/Cor 3:2016,ISO/IEC 27001:2013/Cor 1:2014/Cor 3:2016,ISO/IEC 27001:2013/Cor 3:2016}'::isms.stdref[]) AS u(s)
       ORDER BY u.s$$,
    $$VALUES ('ISO/IEC 27001:2013/Cor 3:2016'), ('ISO/IEC 27001:2013/Cor 1:2014/Cor 3:2016'),
             ('ISO/IEC 27001:2013/Cor 2:2015/Cor 3:2016'), ('ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015/Cor 3:2016')$$,
    'amendments, newest first: equal newest, the next newest decides; more amendments after its newest ones');
SELECT results_eq(
    $$SELECT s::text FROM unnest('{ISO/IEC 27001:2022/Amd 1:2024,ISO/IEC 27001:2013,ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015,ISO/IEC 27001,ISO/IEC 27001:2022,ISO/IEC 27001:2013/Cor 2:2015,ISO/IEC 27001:2013/Cor 1:2014}'::isms.stdref[]) AS u(s)
       ORDER BY u.s DESC$$,
    $$VALUES ('ISO/IEC 27001:2022/Amd 1:2024'), ('ISO/IEC 27001:2022'),
             ('ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015'), ('ISO/IEC 27001:2013/Cor 2:2015'),
             ('ISO/IEC 27001:2013/Cor 1:2014'), ('ISO/IEC 27001:2013'), ('ISO/IEC 27001')$$,
    'ORDER BY ... DESC: the documented order of the editions of ISO/IEC 27001, reversed');

SELECT is('ISO/IEC 27001:2013'::isms.stdref < 'ISO/IEC 27001:2022'::isms.stdref, true, 'stdref <: 27001:2013 < 27001:2022');
SELECT is('ISO/IEC 27001:2022'::isms.stdref < 'ISO/IEC 27001:2013'::isms.stdref, false, 'stdref <: not 27001:2022 < 27001:2013');
SELECT is('ISO/IEC 27001'::isms.stdref <= 'ISO/IEC 27001:2013'::isms.stdref, true, 'stdref <=: undated <= dated');
SELECT is('ISO/IEC 27001:2022'::isms.stdref <= 'iso/iec 27001:2022'::isms.stdref, true, 'stdref <=: equal values');
SELECT is('ISO/IEC 27001:2022/Amd 1:2024'::isms.stdref > 'ISO/IEC 27001:2022'::isms.stdref, true, 'stdref >: an amended edition sorts after the edition');
SELECT is('ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015'::isms.stdref > 'ISO/IEC 27001:2022'::isms.stdref, false, 'stdref >: not 2013 with corrigenda > 2022');
SELECT is('ISO/IEC 27006'::isms.stdref >= 'ISO/IEC 27001:2022/Amd 1:2024'::isms.stdref, true, 'stdref >=: the number decides before the edition');
SELECT is('JIS Q 27001:2023'::isms.stdref >= 'ISO/IEC 27001:2022'::isms.stdref, true, 'stdref >=: JIS sorts after ISO/IEC');
SELECT is('iso/iec27001:2022'::isms.stdref = 'ＩＳＯ／ＩＥＣ　２７００１：２０２２'::isms.stdref, true, 'stdref =: two spellings of one value');
SELECT is('JIS Q 27001:2023'::isms.stdref = 'ISO/IEC 27001:2022'::isms.stdref, false, 'stdref =: JIS Q 27001:2023 is not ISO/IEC 27001:2022 (IDT is data)');
SELECT is('ISO 27001'::isms.stdref <> 'ISO/IEC 27001'::isms.stdref, true, 'stdref <>: ISO 27001 is not ISO/IEC 27001');
SELECT is('ISO/IEC 27001:2022+A1:2024'::isms.stdref <> 'ISO/IEC 27001:2022/Amd 1:2024'::isms.stdref, false, 'stdref <>: two spellings of one value');
SELECT is('ISO/IEC 27001'::isms.stdref = NULL::isms.stdref, NULL, 'stdref: comparison with NULL is NULL');

-- Every operator agrees with the positions on all 625 pairs.
SELECT ok(bool_and((a.ref =  b.ref) = (a.pos =  b.pos)), 'stdref operator = on all pairs of the ordered sample') FROM t05_ref a, t05_ref b;
SELECT ok(bool_and((a.ref <> b.ref) = (a.pos <> b.pos)), 'stdref operator <> on all pairs of the ordered sample') FROM t05_ref a, t05_ref b;
SELECT ok(bool_and((a.ref <  b.ref) = (a.pos <  b.pos)), 'stdref operator < on all pairs of the ordered sample') FROM t05_ref a, t05_ref b;
SELECT ok(bool_and((a.ref <= b.ref) = (a.pos <= b.pos)), 'stdref operator <= on all pairs of the ordered sample') FROM t05_ref a, t05_ref b;
SELECT ok(bool_and((a.ref >  b.ref) = (a.pos >  b.pos)), 'stdref operator > on all pairs of the ordered sample') FROM t05_ref a, t05_ref b;
SELECT ok(bool_and((a.ref >= b.ref) = (a.pos >= b.pos)), 'stdref operator >= on all pairs of the ordered sample') FROM t05_ref a, t05_ref b;
SELECT ok(bool_and(sign(isms.stdref_cmp(a.ref, b.ref)) = sign(a.pos - b.pos)), 'stdref_cmp on all pairs of the ordered sample') FROM t05_ref a, t05_ref b;
SELECT ok(bool_and((isms.stdref_hash(a.ref) = isms.stdref_hash(b.ref)) = (a.pos = b.pos)),
          'stdref_hash differs on every pair of distinct values of the sample') FROM t05_ref a, t05_ref b;
SELECT is(isms.stdref_hash('iso/iec27001:2022'), isms.stdref_hash('ＩＳＯ／ＩＥＣ　２７００１：２０２２'),
          'stdref_hash: two spellings of one value hash alike');
SELECT is(isms.stdref_hash_extended('iso/iec27001:2022', 42), isms.stdref_hash_extended('ISO/IEC 27001:2022', 42),
          'stdref_hash_extended: two spellings of one value hash alike');
SELECT isnt(isms.stdref_hash_extended('ISO/IEC 27001:2022', 0), isms.stdref_hash_extended('ISO/IEC 27001:2022', 1),
          'stdref_hash_extended depends on the seed');
SELECT ok(bool_and((isms.stdref_hash_extended(ref, 0) & 4294967295) = (isms.stdref_hash(ref)::bigint & 4294967295)),
          'stdref_hash_extended with seed 0 agrees with stdref_hash in the low 32 bits (whole sample)') FROM t05_ref;

/* ------------------------------------------------------------------
 * ~= and std_same_standard
 * ------------------------------------------------------------------ */
SELECT is('ISO/IEC 27001:2013'::isms.stdref ~= 'ISO/IEC 27001:2022'::isms.stdref, true, '~=: two editions are the same standard');
SELECT is('ISO/IEC 27001'::isms.stdref ~= 'ISO/IEC 27001:2022/Amd 1:2024'::isms.stdref, true, '~=: undated and amended are the same standard');
SELECT is('JIS Q 27001:2023'::isms.stdref ~= 'ISO/IEC 27001:2022'::isms.stdref, false, '~=: JIS Q 27001 is not the same standard as ISO/IEC 27001');
SELECT is('ISO 27001'::isms.stdref ~= 'ISO/IEC 27001'::isms.stdref, false, '~=: ISO 27001 is not the same standard as ISO/IEC 27001');
SELECT is('ISO/IEC TR 27008:2011'::isms.stdref ~= 'ISO/IEC TS 27008:2019'::isms.stdref, false, '~=: the document type is part of the standard');
SELECT is('ISO/IEC 27006'::isms.stdref ~= 'ISO/IEC 27006-1'::isms.stdref, false, '~=: a part is another standard');
SELECT is('ISO/IEC 27001'::isms.stdref ~= NULL::isms.stdref, NULL, '~= with NULL is NULL');
SELECT ok(bool_and((a.ref ~= b.ref) = (isms.std_without_edition(a.ref) = isms.std_without_edition(b.ref))),
          '~= on all pairs: same undated reference') FROM t05_ref a, t05_ref b;
SELECT ok(bool_and((a.ref ~= b.ref) = isms.std_same_standard(a.ref, b.ref)),
          'std_same_standard is the function of ~= (all pairs)') FROM t05_ref a, t05_ref b;
SELECT ok(bool_and((a.ref ~= b.ref) = (isms.std_number(a.ref) = isms.std_number(b.ref))),
          '~= on all pairs: same std_number') FROM t05_ref a, t05_ref b;
SELECT is(isms.std_same_standard('IEC 62443-2-1:2010', 'iec 62443-2-1'), true, 'std_same_standard: edition ignored');
SELECT is(isms.std_same_standard('IEC 62443-2-1:2010', 'IEC 62443-2-4:2015'), false, 'std_same_standard: another part');
SELECT results_eq(
    $$SELECT ref::text FROM t05_ref WHERE ref ~= 'ISO/IEC 27001' ORDER BY pos$$,
    $$VALUES ('ISO/IEC 27001'), ('ISO/IEC 27001:2013'), ('ISO/IEC 27001:2013/Amd 1'), ('ISO/IEC 27001:2013/Cor 1:2014'),
             ('ISO/IEC 27001:2013/Cor 2:2015'), ('ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015'),
             ('ISO/IEC 27001:2022'), ('ISO/IEC 27001:2022/Amd 1:2024')$$,
    'WHERE ref ~= ''ISO/IEC 27001'' finds every edition of ISO/IEC 27001 and nothing else');

/* ------------------------------------------------------------------
 * max() and min()
 * ------------------------------------------------------------------ */
SELECT is((SELECT max(s)::text FROM unnest('{ISO/IEC 27001:2013,ISO/IEC 27001:2022/Amd 1:2024,ISO/IEC 27001:2022}'::isms.stdref[]) s),
          'ISO/IEC 27001:2022/Amd 1:2024', 'max(stdref): the newest edition with its newest amendment');
SELECT is((SELECT min(s)::text FROM unnest('{ISO/IEC 27001:2013,ISO/IEC 27001:2022/Amd 1:2024,ISO/IEC 27001:2022}'::isms.stdref[]) s),
          'ISO/IEC 27001:2013', 'min(stdref): the oldest edition');
SELECT is((SELECT max(ref)::text FROM t05_ref), 'JIS X 0208:1997', 'max(stdref) over the sample is its last value');
SELECT is((SELECT min(ref)::text FROM t05_ref), 'IEC TS 62443-1-1:2009', 'min(stdref) over the sample is its first value');
SELECT results_eq(
    $$SELECT isms.std_number(ref), min(ref)::text, max(ref)::text FROM t05_ref
       WHERE isms.std_number(ref) IN ('ISO/IEC 27001', 'JIS Q 27001', 'ISO 27001') GROUP BY 1 ORDER BY 1$$,
    $$VALUES ('ISO 27001', 'ISO 27001', 'ISO 27001:2013'),
             ('ISO/IEC 27001', 'ISO/IEC 27001', 'ISO/IEC 27001:2022/Amd 1:2024'),
             ('JIS Q 27001', 'JIS Q 27001:2014', 'JIS Q 27001:2023')$$,
    'max() and min() per std_number: the newest and the oldest reference of each standard');
SELECT is((SELECT max(s)::text FROM unnest('{ISO/IEC 27001:2013,NULL}'::isms.stdref[]) s), 'ISO/IEC 27001:2013', 'max(stdref) ignores NULLs');
SELECT is((SELECT min(ref) FROM t05_ref WHERE false), NULL, 'min(stdref) of no rows is NULL');
SELECT is(isms.stdref_larger('ISO/IEC 27001:2013', 'ISO/IEC 27001:2022')::text, 'ISO/IEC 27001:2022', 'stdref_larger gives the greater reference');
SELECT is(isms.stdref_smaller('ISO/IEC 27001:2013', 'ISO/IEC 27001:2022')::text, 'ISO/IEC 27001:2013', 'stdref_smaller gives the lesser reference');

/* ------------------------------------------------------------------
 * Accessors
 * ------------------------------------------------------------------ */
SELECT results_eq(
    $$SELECT isms.std_number(v::isms.stdref), isms.std_part(v::isms.stdref), isms.std_edition(v::isms.stdref),
             isms.std_amendments(v::isms.stdref), isms.std_without_edition(v::isms.stdref)::text
        FROM unnest(ARRAY['ISO/IEC 27001:2022/Amd 1:2024', 'IEC 62443-2-1:2010', 'ISO/IEC TS 27006-2:2021',
                          'ISO/IEC 27001:2013/Cor 2:2015/Cor 1:2014', 'ISO/IEC 27001', 'JIS X 208:1997',
                          'ISO/TS 22317:2021', 'ISO/IEC 20000-1:2018', 'IEC 61000-4-2-1']) WITH ORDINALITY AS u(v, n)
       ORDER BY n$$,
    $$VALUES ('ISO/IEC 27001', '{}'::int[], 2022, '{"Amd 1:2024"}'::text[], 'ISO/IEC 27001'),
             ('IEC 62443-2-1', '{2,1}', 2010, '{}', 'IEC 62443-2-1'),
             ('ISO/IEC TS 27006-2', '{2}', 2021, '{}', 'ISO/IEC TS 27006-2'),
             ('ISO/IEC 27001', '{}', 2013, '{"Cor 1:2014","Cor 2:2015"}', 'ISO/IEC 27001'),
             ('ISO/IEC 27001', '{}', NULL, '{}', 'ISO/IEC 27001'),
             ('JIS X 0208', '{}', 1997, '{}', 'JIS X 0208'),
             ('ISO/TS 22317', '{}', 2021, '{}', 'ISO/TS 22317'),
             ('ISO/IEC 20000-1', '{1}', 2018, '{}', 'ISO/IEC 20000-1'),
             ('IEC 61000-4-2-1', '{4,2,1}', NULL, '{}', 'IEC 61000-4-2-1')$$,
    'std_number, std_part, std_edition, std_amendments and std_without_edition of nine references');
SELECT is(isms.std_number('ISO/IEC 27001:2022/Amd 1:2024'), 'ISO/IEC 27001', 'std_number drops edition and amendments');
SELECT is(isms.std_part('IEC 62443-2-1:2010'), '{2,1}'::int[], 'std_part of IEC 62443-2-1 is {2,1}');
SELECT is(isms.std_part('ISO/IEC 27001:2022'), '{}'::int[], 'std_part of a standard without parts is {} (not NULL)');
SELECT is(isms.std_edition('ISO/IEC 27001:2022/Amd 1:2024'), 2022, 'std_edition is the edition year, not the amendment''s');
SELECT is(isms.std_edition('ISO/IEC 27001'), NULL, 'std_edition of an undated reference is NULL');
SELECT is(isms.std_amendments('ISO/IEC 27001:2013/Cor 2:2015/Cor 1:2014'), '{"Cor 1:2014","Cor 2:2015"}'::text[], 'std_amendments in canonical order');
SELECT is(isms.std_amendments('ISO/IEC 27001:2022'), '{}'::text[], 'std_amendments of an unamended reference is {} (not NULL)');
SELECT is(isms.std_without_edition('ISO/IEC 27001:2022/Amd 1:2024')::text, 'ISO/IEC 27001', 'std_without_edition drops edition and amendments');
SELECT ok(bool_and(isms.std_without_edition(ref)::text = isms.std_number(ref)), 'std_without_edition prints as std_number (whole sample)') FROM t05_ref;
SELECT ok(bool_and(isms.std_without_edition(ref) <= ref AND isms.std_without_edition(ref) ~= ref),
          'std_without_edition is the same standard and sorts first (whole sample)') FROM t05_ref;
SELECT is(isms.std_number(NULL), NULL, 'the accessors are strict');
SELECT ok(isms.std_without_edition('ISO/IEC 27001:2022/Amd 1:2024') = 'ISO/IEC 27001'::isms.stdref
          AND isms.stdref_hash(isms.std_without_edition('ISO/IEC 27001:2022/Amd 1:2024')) = isms.stdref_hash('ISO/IEC 27001'),
          'std_without_edition gives the same value (=, hash) as the parsed undated reference');
SELECT ok(bool_and(isms.std_without_edition(ref) = isms.std_number(ref)::isms.stdref
               AND isms.stdref_hash(isms.std_without_edition(ref)) = isms.stdref_hash(isms.std_number(ref)::isms.stdref)
               AND isms.std_without_edition(isms.std_without_edition(ref)) = isms.std_without_edition(ref)),
          'std_without_edition: equal and hash-equal to its text read back, and idempotent (whole sample)') FROM t05_ref;

/* ------------------------------------------------------------------
 * Casts
 * ------------------------------------------------------------------ */
CREATE TEMP TABLE t05_text (t text);
INSERT INTO t05_text VALUES ('ｉｓｏ／ｉｅｃ　２７００１：２０２２'::isms.stdref);
SELECT is((SELECT t FROM t05_text), 'ISO/IEC 27001:2022', 'a stdref is stored into a text column as its canonical text (assignment cast)');
SELECT throws_ok($$SELECT 'ISO/IEC 27001:2022'::isms.stdref = 'ISO/IEC 27001:2022'::text$$, '42883', NULL,
                 'stdref = text is an error, not a silent text comparison (no implicit cast)');

/* ------------------------------------------------------------------
 * Malformed input: 22P02
 * ------------------------------------------------------------------ */
SELECT is(pg_temp.t05_error('ISO/IEC 27001:2013 / JIS Q 27001:2014', 'isms.stdref'),
          '22P02: The text names two standards, "ISO/IEC 27001:2013" and "JIS Q 27001:2014": give one reference per value.',
          'the DETAIL names both standards of a combined reference');
SELECT is(pg_temp.t05_error('ISO/IEC 27001-2022', 'isms.stdref'),
          '22P02: "-2022" looks like the year of the edition, which follows a colon: "ISO/IEC 27001:2022".',
          'the DETAIL of a year after a dash gives the right spelling');
SELECT throws_ok($$SELECT 'ISO/IEC 27001:2013 / JIS Q 27001:2014'::isms.stdref$$, '22P02',
                 'invalid input syntax for type isms.stdref: "ISO/IEC 27001:2013 / JIS Q 27001:2014"',
                 'two standards in one text are rejected with 22P02 and the input in the message');
SELECT throws_ok(format('SELECT %L::isms.stdref', v.input), '22P02', NULL,
                 format('stdref input %s is rejected with 22P02 (%s)', to_json(left(v.input, 60)), v.why))
  FROM (VALUES
    ('', 'empty'),
    ('   ', 'blank'),
    ('JIS Q 27001:2023（ISO/IEC 27001:2022）', 'the corresponding standard in parentheses'),
    ('ISO/IEC 27001:2022 (JIS Q 27001:2023)', 'the corresponding standard in parentheses'),
    ('ISO/IEC 27001:2022, ISO/IEC 27017:2015', 'a list'),
    ('ISO/IEC 27001:2022、ISO/IEC 27017:2015', 'a Japanese list'),
    ('ISO/IEC 27001:2022 and ISO/IEC 27017:2015', 'a list'),
    ('ISO/IEC 27001-2022', 'a year after a dash'),
    ('JIS X 0208-1997', 'a year after a dash'),
    ('ISO/IEC 27001:2022 (E)', 'a language code'),
    ('ISO/IEC 27001:2022 Information security', 'a title'),
    ('EN ISO/IEC 27001:2017', 'a European adoption'),
    ('BS EN ISO/IEC 27001:2017+A11:2020', 'a national adoption'),
    ('ISO/IEC/IEEE 8802-3:2021', 'ISO/IEC/IEEE'),
    ('ISO/IEC Guide 98-3', 'a guide'),
    ('ISO/IEC DIS 27001', 'a draft'),
    ('TS Q 0001', 'a JIS technical specification'),
    ('JIS 27001', 'JIS without a division letter'),
    ('JIS I 27001', 'no JIS division I'),
    ('JIS TS Q 27001', 'no document type with JIS'),
    ('ISO/IEC', 'no number'),
    ('ISO/IEC 0', 'number 0'),
    ('ISO/IEC 100000', 'number over 99999'),
    ('ISO/IEC 27001:1899', 'edition before 1900'),
    ('ISO/IEC 27001:2100', 'edition after 2099'),
    ('ISO/IEC 27001:22', 'two-digit edition'),
    ('ISO/IEC 27001-0', 'part 0'),
    ('ISO/IEC 27001-10000', 'part over 9999'),
    ('ISO/IEC 27001-1900', 'part 1900, a mistyped year'),
    ('IEC 61000-4-2-1-1', 'four parts'),
    ('ISO/IEC 27001/Amd 1:2024', 'an amendment of an undated reference'),
    ('ISO/IEC 27001:2022/Amd 1:2021', 'an amendment older than the edition'),
    ('ISO/IEC 27001:2022/Amd 0:2024', 'amendment 0'),
    ('ISO/IEC 27001:2022/Amd 1000:2024', 'amendment over 999'),
    ('ISO/IEC 27001:2022/Amd 1:2024/Amd 1:2024', 'the same amendment twice'),
    ('ISO/IEC 27001:2022/Amd 2:2023/Amd 1:2025', 'amendments out of the order of publication'),
    ('ISO/IEC 27001:2013/Cor 1:2014/Cor 2:2015/Amd 1:2016/Amd 2:2017/Amd 3:2018', 'five amendments'),
    ('ISO/IEC 27001:2022/Amd', 'an amendment without a number'),
    ('ISO/IEC 27001:2022/', 'a trailing slash'),
    (E'ISO/IEC 27001:2022\x01', 'a control character'),
    ('ISO/IEC 27001:2022 😀', 'an emoji'),
    ('ＪＩＳ　Ｑ　２７００１：２０２３年', 'a kanji'),
    ('ISO/IEC 27001:2022' || repeat(' ', 10) || repeat('x', 200), 'over 200 characters'),
    ('27001:2022', 'no body'),
    ('JIS J 1001', 'no JIS division J'),
    ('ISO/IEC 27001:2022/Amd 1:2024/Amd 1:2025', 'amendment 1 twice'),
    ('ISO/IEC 27001:2022/Amd 1:2024 Cor 1:2025 extra', 'trailing text after amendments')
  ) AS v(input, why);

/* ------------------------------------------------------------------
 * Operator classes of isms.stdref and the indexes they serve
 * ------------------------------------------------------------------ */
SELECT has_opclass('isms', 'stdref_ops', 'operator class isms.stdref_ops exists');
SELECT has_opclass('isms', 'stdref_hash_ops', 'operator class isms.stdref_hash_ops exists');
SELECT results_eq(
    $$SELECT oc.opcname::text COLLATE "default", am.amname::text COLLATE "default", oc.opcdefault
        FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod
       WHERE oc.opcintype = 'isms.stdref'::regtype ORDER BY 1$$,
    $$VALUES ('stdref_hash_ops', 'hash', true), ('stdref_ops', 'btree', true)$$,
    'isms.stdref has exactly the default btree and hash classes');

CREATE TEMP TABLE t05_std (id int, s isms.stdref);
INSERT INTO t05_std SELECT g, r.ref FROM generate_series(1, 20) g, t05_ref r;
CREATE INDEX t05_std_btree ON t05_std USING btree (s);
ANALYZE t05_std;
SET LOCAL enable_seqscan = off;
SELECT is((SELECT count(*)::int FROM t05_std WHERE s = 'iso/iec 27001:2022'), 20, 'btree index scan finds all rows equal to ISO/IEC 27001:2022');
SELECT is((SELECT count(*)::int FROM t05_std WHERE s > 'ISO/IEC TR 27008:2011'), 80, 'btree index scan finds the rows after ISO/IEC TR 27008:2011');
SELECT ok(pg_temp.t05_plan($$SELECT max(s) FROM t05_std$$) ~ 'Index Only Scan Backward using t05_std_btree|Index Scan Backward using t05_std_btree',
          'max(stdref) is answered from the btree index (SORTOP)');
SELECT ok(pg_temp.t05_plan($$SELECT min(s) FROM t05_std$$) ~ '(Index Only Scan|Index Scan) using t05_std_btree',
          'min(stdref) is answered from the btree index (SORTOP)');
SELECT is((SELECT max(s)::text FROM t05_std), 'JIS X 0208:1997', 'max(stdref) from the index');
DROP INDEX t05_std_btree;
CREATE INDEX t05_std_hash ON t05_std USING hash (s);
SELECT is((SELECT count(*)::int FROM t05_std WHERE s = 'ＪＩＳ　Ｑ　２７００１：２０２３'), 20, 'hash index scan finds all rows equal to JIS Q 27001:2023');
SELECT ok(pg_temp.t05_plan($$SELECT * FROM t05_std WHERE s = 'JIS Q 27001:2023'$$) ~ 't05_std_hash',
          'the hash index serves stdref =');
RESET enable_seqscan;
SET LOCAL enable_sort = off;
SET LOCAL enable_mergejoin = off;
SELECT is((SELECT count(*)::int FROM (SELECT DISTINCT s FROM t05_std) d), 25, 'hashed DISTINCT of stdref finds the 25 values');
SELECT is((SELECT count(*)::int FROM t05_std a JOIN t05_ref b ON a.s = b.ref), 500, 'hash join on stdref');
RESET enable_sort;
RESET enable_mergejoin;
-- A large sort (sortsupport, also spilling to disk) agrees with stdref_cmp.
CREATE TEMP TABLE t05_big AS
    SELECT r.ref AS s FROM generate_series(1, 4000) g JOIN t05_ref r ON r.pos = 1 + (g * 7919) % 25;
SET LOCAL work_mem = '64kB';
SELECT is((SELECT count(*)::int FROM (SELECT s, lag(s) OVER (ORDER BY s) AS p FROM t05_big) x WHERE isms.stdref_cmp(p, s) > 0), 0,
          'a sort of 4,000 references spilling to disk (sortsupport) is in stdref_cmp order');
RESET work_mem;

/* ------------------------------------------------------------------
 * STD-1 (IDT adoptions) and the shipped TRN data
 * ------------------------------------------------------------------ */
SELECT is(isms.std_canonical('JIS Q 27001:2023')::text, 'ISO/IEC 27001:2022', 'STD-1: std_canonical(JIS Q 27001:2023) = ISO/IEC 27001:2022');
SELECT ok(isms.std_canonical('ＪＩＳ　Ｑ　２７００１：２０２３') = 'ISO/IEC 27001:2022'::isms.stdref, 'STD-1: std_canonical of the full-width spelling');
SELECT is(isms.std_canonical('JIS Q 27001:2014')::text, 'ISO/IEC 27001:2013', 'STD-1: std_canonical(JIS Q 27001:2014) = ISO/IEC 27001:2013');
SELECT is(isms.std_canonical('JIS Q 27017:2016')::text, 'ISO/IEC 27017:2015', 'STD-1: std_canonical(JIS Q 27017:2016) = ISO/IEC 27017:2015');
SELECT is(isms.std_canonical('ISO/IEC 27001:2022')::text, 'ISO/IEC 27001:2022', 'STD-1: an international standard is its own canonical reference');
SELECT is(isms.std_canonical('ISO/IEC 27002:2022'), NULL, 'STD-1: std_canonical of a reference not in isms.standard is NULL');
SELECT results_eq(
    $$SELECT ref::text, idt_of::text FROM isms.standard s WHERE shipped AND idt_of IS NOT NULL ORDER BY s.ref$$,
    $$VALUES ('JIS Q 27001:2014', 'ISO/IEC 27001:2013'), ('JIS Q 27001:2023', 'ISO/IEC 27001:2022'),
             ('JIS Q 27017:2016', 'ISO/IEC 27017:2015')$$,
    'STD-1: the shipped IDT adoptions');
SELECT results_eq(
    $$SELECT from_standard::text, to_standard::text, published, last_old_audit_start, old_valid_until,
             surveillance_extra_days, recertification_extra_days, shipped
        FROM isms.edition_transition t ORDER BY t.from_standard$$,
    $$VALUES ('ISO/IEC 27001:2013', 'ISO/IEC 27001:2022', DATE '2022-10-25', DATE '2024-04-30', DATE '2025-10-31',
              1.00::numeric(4,2), 0.50::numeric(4,2), true)$$,
    'TRN-1..4: the shipped transition ISO/IEC 27001:2013 -> 2022 (IAF MD 26): published 2022-10-25, last old audit 2024-04-30, valid until 2025-10-31, +1 / +0.5 auditor-days');

/* ==================================================================
 * isms.scope
 * ================================================================== */

/* ------------------------------------------------------------------
 * Input spellings and the canonical output
 * ------------------------------------------------------------------ */
SELECT is(v.input::isms.scope::text, v.canonical,
          format('scope input %s reads as %s', to_json(v.input), v.canonical))
  FROM (VALUES
    ('{site:Tokyo/Shinjuku HQ, service:cloud/IaaS, unit:IT Department, role:provider}',
     '{role:provider, service:cloud/IaaS, site:Tokyo/Shinjuku HQ, unit:IT Department}'),
    ('site:Tokyo/HQ, site:Tokyo, unit:IT, site:Tokyo', '{site:Tokyo, unit:IT}'),
    ('{}', '{}'),
    (' { } ', '{}'),
    ('site:A', '{site:A}'),
    ('SITE:A; Unit:B', '{site:A, unit:B}'),
    ('  site :  Tokyo   Main  /  HQ ; unit:IT ', '{site:Tokyo Main/HQ, unit:IT}'),
    (E'site:Tokyo\t/\nHQ', '{site:Tokyo/HQ}'),
    ('site:Tokyo, site:tokyo', '{site:Tokyo, site:tokyo}'),
    ('site:A-1, site:A/B', '{site:A/B, site:A-1}'),
    ('site:AB, site:A/B', '{site:A/B, site:AB}'),
    ('unit:X, site:Z, role:Y', '{role:Y, site:Z, unit:X}'),
    ('site:"Tokyo, Minato"/HQ', '{site:"Tokyo, Minato"/HQ}'),
    ('service:"TCP/IP"', '{service:"TCP/IP"}'),
    ('site:"a""b"', '{site:"a""b"}'),
    ('site:"HQ"', '{site:HQ}'),
    ('site:"  Tokyo   Main "', '{site:Tokyo Main}'),
    ('site:東京/新宿本社', '{site:東京/新宿本社}'),
    ('ｓｉｔｅ：東京／本社', '{site:東京/本社}'),
    (U&'site:\3000Tokyo\00A0Main\3000', '{site:Tokyo Main}'),
    ('site:東京，本社', '{site:東京，本社}'),
    ('site:ＨＱ, site:HQ', '{site:HQ, site:ＨＱ}'),
    ('proc_2:x', '{proc_2:x}'),
    ('ＳＩＴＥ:A', '{site:A}'),
    ('site:"{z}", site:"x;y", site:"a:b"', '{site:"a:b", site:"x;y", site:"{z}"}'),
    (E'site:"Tokyo\t\tMain"', '{site:Tokyo Main}'),
    ('site:a, sites:a', '{site:a, sites:a}')
  ) AS v(input, canonical);

SELECT ok(('{site:"Tokyo, Minato"/HQ, service:"TCP/IP", site:"a""b"}'::isms.scope)::text::isms.scope
          = '{site:"Tokyo, Minato"/HQ, service:"TCP/IP", site:"a""b"}'::isms.scope,
          'the canonical text of a scope reads back as the same value');
SELECT is(isms.scope_send('site:A/B, site:A'), '\x01'::bytea || convert_to('{site:A}', 'UTF8'),
          'scope_send: format byte 1, then the canonical text');

CREATE TEMP TABLE t05_scope_bin (s isms.scope);
COPY (SELECT v::isms.scope FROM (VALUES ('site:"Tokyo, Minato"/HQ'), ('{}'), ('ｓｉｔｅ：東京／本社, unit:IT')) AS v(v))
  TO '/tmp/isms_05_types_scope.bin' WITH (FORMAT binary);
COPY t05_scope_bin FROM '/tmp/isms_05_types_scope.bin' WITH (FORMAT binary);
SELECT results_eq(
    $$SELECT b.s::text FROM t05_scope_bin b ORDER BY b.s$$,
    $$VALUES ('{}'), ('{site:"Tokyo, Minato"/HQ}'), ('{site:東京/本社, unit:IT}')$$,
    'scope_recv reads back what scope_send wrote (binary COPY round trip)');
COPY (SELECT '{site:A}'::text) TO '/tmp/isms_05_types_scope.bin' WITH (FORMAT binary);
SELECT throws_ok($$COPY t05_scope_bin FROM '/tmp/isms_05_types_scope.bin' WITH (FORMAT binary)$$, '22P03', NULL,
                 'scope_recv refuses text without the format byte: 22P03');
COPY (SELECT '\x01'::bytea || convert_to('{site:A/}', 'UTF8')) TO '/tmp/isms_05_types_scope.bin' WITH (FORMAT binary);
SELECT throws_ok($$COPY t05_scope_bin FROM '/tmp/isms_05_types_scope.bin' WITH (FORMAT binary)$$, '22P03', NULL,
                 'scope_recv refuses a format byte followed by a malformed scope: 22P03');

/* ------------------------------------------------------------------
 * The comparison operators: a total order for sorting
 * ------------------------------------------------------------------
 * Element lists compared element by element, a list before its
 * extensions; an element before its descendants.
 */
CREATE TEMP TABLE t05_sc (pos int PRIMARY KEY, s isms.scope NOT NULL);
INSERT INTO t05_sc VALUES
    (1, '{}'),
    (2, '{role:provider}'),
    (3, '{site:A}'),
    (4, '{site:A, unit:X}'),
    (5, '{site:A/B}'),
    (6, '{site:A/B, site:C}'),
    (7, '{site:A/B/C}'),
    (8, '{site:A-1}'),
    (9, '{site:B}'),
    (10, '{site:a}'),
    (11, '{unit:X}'),
    (12, '{unit:X/Y}');

SELECT results_eq(
    $$SELECT c.s::text FROM t05_sc c ORDER BY c.s$$,
    $$SELECT s::text FROM t05_sc ORDER BY pos$$,
    'ORDER BY scope: element by element, a list before its extensions');
SELECT is('{site:A}'::isms.scope < '{site:A/B}'::isms.scope, true, 'scope <: an element sorts before its descendant');
SELECT is('{}'::isms.scope <= '{role:x}'::isms.scope, true, 'scope <=: the empty scope sorts first');
SELECT is('{site:B}'::isms.scope > '{site:A, unit:X}'::isms.scope, true, 'scope >: the first element decides');
SELECT is('{site:A/B}'::isms.scope >= '{site:A-1}'::isms.scope, false, 'scope >=: segment by segment, not as text');
SELECT is('site:A, site:A/B'::isms.scope = 'site:A'::isms.scope, true, 'scope =: same canonical elements');
SELECT is('{site:Tokyo}'::isms.scope = '{site:Tokyo/HQ, site:Tokyo/Branch}'::isms.scope, false, 'scope =: no hierarchy beyond the paths');
SELECT is('{site:Tokyo}'::isms.scope <> '{site:tokyo}'::isms.scope, true, 'scope <>: the case of segments counts');
SELECT is('{SITE:Tokyo}'::isms.scope <> '{site:Tokyo}'::isms.scope, false, 'scope <>: kinds are case-insensitive');
SELECT is('{site:A}'::isms.scope = NULL::isms.scope, NULL, 'scope: comparison with NULL is NULL');
SELECT ok(bool_and((a.s =  b.s) = (a.pos =  b.pos)), 'scope operator = on all pairs of the ordered sample') FROM t05_sc a, t05_sc b;
SELECT ok(bool_and((a.s <> b.s) = (a.pos <> b.pos)), 'scope operator <> on all pairs of the ordered sample') FROM t05_sc a, t05_sc b;
SELECT ok(bool_and((a.s <  b.s) = (a.pos <  b.pos)), 'scope operator < on all pairs of the ordered sample') FROM t05_sc a, t05_sc b;
SELECT ok(bool_and((a.s <= b.s) = (a.pos <= b.pos)), 'scope operator <= on all pairs of the ordered sample') FROM t05_sc a, t05_sc b;
SELECT ok(bool_and((a.s >  b.s) = (a.pos >  b.pos)), 'scope operator > on all pairs of the ordered sample') FROM t05_sc a, t05_sc b;
SELECT ok(bool_and((a.s >= b.s) = (a.pos >= b.pos)), 'scope operator >= on all pairs of the ordered sample') FROM t05_sc a, t05_sc b;
SELECT ok(bool_and(sign(isms.scope_cmp(a.s, b.s)) = sign(a.pos - b.pos)), 'scope_cmp on all pairs of the ordered sample') FROM t05_sc a, t05_sc b;
SELECT is(isms.scope_hash('site:A, site:A/B'), isms.scope_hash('{site:A}'), 'scope_hash: equal scopes hash alike');
SELECT is(isms.scope_hash_extended('site:A, site:A/B', 7), isms.scope_hash_extended('{site:A}', 7), 'scope_hash_extended: equal scopes hash alike');
SELECT isnt(isms.scope_hash_extended('{site:A}', 0), isms.scope_hash_extended('{site:A}', 1), 'scope_hash_extended depends on the seed');
SELECT ok(bool_and((isms.scope_hash(a.s) = isms.scope_hash(b.s)) = (a.pos = b.pos)),
          'scope_hash differs on every pair of distinct values of the sample') FROM t05_sc a, t05_sc b;

/* ------------------------------------------------------------------
 * Set operators: @> <@ && + * -
 * ------------------------------------------------------------------ */
SELECT is('{site:Tokyo}'::isms.scope @> '{site:Tokyo/HQ}'::isms.scope, true, '@>: an element covers its descendants');
SELECT is('{site:Tokyo/HQ}'::isms.scope @> '{site:Tokyo}'::isms.scope, false, '@>: not its ancestors');
SELECT is('{site:Tokyo}'::isms.scope @> '{site:Tokyo/HQ, unit:IT}'::isms.scope, false, '@>: every element must be covered');
SELECT is('{site:Tokyo}'::isms.scope @> '{site:TokyoBay}'::isms.scope, false, '@>: a path covers by segments, not by text prefix');
SELECT is('{site:Tokyo}'::isms.scope @> '{site:tokyo/HQ}'::isms.scope, false, '@>: case-sensitive segments');
SELECT is('{site:Tokyo}'::isms.scope @> '{unit:Tokyo}'::isms.scope, false, '@>: the kind must match');
SELECT is('{site:Tokyo, unit:IT}'::isms.scope @> '{}'::isms.scope, true, '@>: every scope contains the empty scope');
SELECT is('{}'::isms.scope @> '{}'::isms.scope, true, '@>: {} @> {}');
SELECT is('{site:Tokyo/HQ}'::isms.scope <@ '{site:Tokyo, unit:IT}'::isms.scope, true, '<@: contained by');
SELECT is('{site:Tokyo, unit:IT}'::isms.scope <@ '{site:Tokyo}'::isms.scope, false, '<@: not contained when an element is outside');
SELECT is('{}'::isms.scope <@ '{site:A}'::isms.scope, true, '<@: the empty scope is contained in every scope');
SELECT is('{site:Tokyo/HQ}'::isms.scope && '{site:Tokyo, unit:IT}'::isms.scope, true, '&&: overlaps when one element covers another');
SELECT is('{site:Tokyo, unit:IT}'::isms.scope && '{site:Tokyo/HQ}'::isms.scope, true, '&&: commutes');
SELECT is('{site:Tokyo/HQ}'::isms.scope && '{site:Tokyo/Branch}'::isms.scope, false, '&&: siblings do not overlap');
SELECT is('{site:Tokyo}'::isms.scope && '{unit:Tokyo}'::isms.scope, false, '&&: different kinds do not overlap');
SELECT is('{}'::isms.scope && '{}'::isms.scope, false, '&&: the empty scope overlaps nothing, not even itself');
SELECT is(('{site:A}'::isms.scope + '{site:A/B, unit:X}'::isms.scope)::text, '{site:A, unit:X}', '+: union, canonicalized');
SELECT is(('{site:A/B}'::isms.scope + '{site:A/C}'::isms.scope)::text, '{site:A/B, site:A/C}', '+: siblings stay apart');
SELECT is(('{site:A, unit:X}'::isms.scope * '{site:A/B}'::isms.scope)::text, '{site:A/B}', '*: the more specific of each covering pair');
SELECT is(('{site:A/B, unit:X}'::isms.scope * '{site:A, unit:X/Y, role:Z}'::isms.scope)::text, '{site:A/B, unit:X/Y}', '*: in both directions');
SELECT is(('{site:A}'::isms.scope * '{unit:A}'::isms.scope)::text, '{}', '*: disjoint scopes intersect in {}');
SELECT is(('{site:A, unit:X}'::isms.scope - '{unit:X/Y, site:A}'::isms.scope)::text, '{unit:X}', '-: the elements not covered');
SELECT is(('{site:Tokyo}'::isms.scope - '{site:Tokyo/HQ}'::isms.scope)::text, '{site:Tokyo}', '-: a partly covered element stays whole');
SELECT is(('{site:Tokyo/HQ}'::isms.scope - '{site:Tokyo}'::isms.scope)::text, '{}', '-: a covered element goes');
SELECT is('{site:A}'::isms.scope @> NULL::isms.scope, NULL, 'the set operators are strict');

-- The documented laws, on all pairs of a sample.
CREATE TEMP TABLE t05_law (n int PRIMARY KEY, s isms.scope NOT NULL);
INSERT INTO t05_law VALUES
    (1, '{}'), (2, '{site:A}'), (3, '{site:A/B}'), (4, '{site:A/B/C}'), (5, '{site:A/C}'),
    (6, '{site:A, unit:X}'), (7, '{site:A/B, unit:X/Y}'), (8, '{site:A/B, site:A/C}'),
    (9, '{unit:X}'), (10, '{site:AB}'), (11, '{role:Z, site:A/B/C, unit:X/Y/Z}'), (12, '{site:a}');
SELECT ok(bool_and((a.s @> b.s) = (a.s + b.s = a.s)), 'law: a @> b <=> a + b = a (all pairs)') FROM t05_law a, t05_law b;
SELECT ok(bool_and((a.s @> b.s) = (a.s * b.s = b.s)), 'law: a @> b <=> a * b = b (all pairs)') FROM t05_law a, t05_law b;
SELECT ok(bool_and((a.s @> b.s) = (b.s - a.s = '{}')), 'law: a @> b <=> b - a = {} (all pairs)') FROM t05_law a, t05_law b;
SELECT ok(bool_and((a.s <@ b.s) = (b.s @> a.s)), 'law: a <@ b <=> b @> a (all pairs)') FROM t05_law a, t05_law b;
SELECT ok(bool_and((a.s && b.s) = (a.s * b.s <> '{}')), 'law: a && b <=> a * b <> {} (all pairs)') FROM t05_law a, t05_law b;
SELECT ok(bool_and((a.s && b.s) = (b.s && a.s)), 'law: && commutes (all pairs)') FROM t05_law a, t05_law b;
SELECT ok(bool_and((a.s - b.s) + (a.s * b.s) = a.s), 'law: (a - b) + (a * b) = a (all pairs)') FROM t05_law a, t05_law b;
SELECT ok(bool_and((a.s @> b.s AND b.s @> a.s) = (a.s = b.s)), 'law: a @> b and b @> a <=> a = b (all pairs)') FROM t05_law a, t05_law b;
SELECT ok(bool_and(a.s + b.s = b.s + a.s AND a.s * b.s = b.s * a.s), 'law: + and * commute (all pairs)') FROM t05_law a, t05_law b;
SELECT ok(bool_and((a.s + b.s) @> a.s AND (a.s + b.s) @> b.s AND a.s @> (a.s * b.s) AND b.s @> (a.s * b.s)),
          'law: a + b contains both, a * b is contained in both (all pairs)') FROM t05_law a, t05_law b;
SELECT ok(bool_and('{}'::isms.scope <@ s AND NOT ('{}'::isms.scope && s)), 'law: {} is contained in every scope and overlaps none') FROM t05_law;
-- The results of + * - are canonical values: equal, hash-equal and
-- send-equal to their text read back.
SELECT ok(bool_and(r.v = r.v::text::isms.scope
               AND isms.scope_hash(r.v) = isms.scope_hash(r.v::text::isms.scope)
               AND isms.scope_send(r.v) = isms.scope_send(r.v::text::isms.scope)),
          'the results of +, * and - are canonical: equal, hash-equal and send-equal to their text read back (all pairs)')
  FROM t05_law a, t05_law b, LATERAL (VALUES (a.s + b.s), (a.s * b.s), (a.s - b.s)) AS r(v);

-- An operator whose result exceeds the limits: 54000
SELECT throws_ok(
    $$SELECT (SELECT string_agg('site:A' || g, ', ') FROM generate_series(1, 200) g)::isms.scope
           + (SELECT string_agg('site:B' || g, ', ') FROM generate_series(1, 200) g)::isms.scope$$,
    '54000', NULL, 'a union of two scopes of 200 elements exceeds 256 elements: 54000');
SELECT throws_ok(
    $$SELECT ('site:A/' || repeat('x', 600000))::isms.scope + ('site:B/' || repeat('y', 600000))::isms.scope$$,
    '54000', NULL, 'a union of more than 1 MB of elements: 54000');

/* ------------------------------------------------------------------
 * Functions: scope_elements, scope_kinds, scope_count
 * ------------------------------------------------------------------ */
SELECT results_eq(
    $$SELECT kind, path FROM isms.scope_elements('{site:Tokyo/Shinjuku HQ, service:"TCP/IP"/"a, b", unit:IT, site:Tokyo/Shinjuku HQ/3F, role:provider}')$$,
    $$VALUES ('role', 'provider'), ('service', '"TCP/IP"/"a, b"'), ('site', 'Tokyo/Shinjuku HQ'), ('unit', 'IT')$$,
    'scope_elements: (kind, path) in canonical order, covered elements gone, paths quoted as in the output');
SELECT is((SELECT string_agg(kind || ':' || path, ', ') FROM isms.scope_elements('{service:"TCP/IP", site:"Tokyo, Minato"/HQ}'))::isms.scope,
          '{service:"TCP/IP", site:"Tokyo, Minato"/HQ}'::isms.scope, 'scope_elements: kind || '':'' || path reads back as the element');
SELECT is((SELECT count(*)::int FROM isms.scope_elements('{}')), 0, 'scope_elements of {} is no rows');
SELECT is(isms.scope_kinds('{unit:IT, site:B, site:A, role:x}'), '{role,site,unit}'::text[], 'scope_kinds: the distinct kinds, sorted');
SELECT is(isms.scope_kinds('{}'), '{}'::text[], 'scope_kinds of {} is {}');
SELECT is(isms.scope_count('site:Tokyo/HQ, site:Tokyo, unit:IT, site:Tokyo'), 2, 'scope_count counts the canonical elements');
SELECT is(isms.scope_count('{}'), 0, 'scope_count of {} is 0');
SELECT is(isms.scope_count(NULL), NULL, 'the scope functions are strict');
SELECT is(isms.scope_count((SELECT string_agg('site:S' || g, ', ') FROM generate_series(1, 256) g)::isms.scope), 256,
          'a scope of 256 elements (the limit) is accepted');
SELECT is(isms.scope_count(('kind:' || (SELECT string_agg('s' || g, '/') FROM generate_series(1, 32) g))::isms.scope), 1,
          'a path of 32 segments (the limit) is accepted');
SELECT is(isms.scope_kinds((repeat('k', 63) || ':x')::isms.scope), ARRAY[repeat('k', 63)], 'a kind of 63 characters (the limit) is accepted');
SELECT is(isms.scope_count(('site:' || repeat('x', 1048571))::isms.scope), 1,
          'an element of 1,048,576 bytes (kind, separator, segment: the limit) is accepted');

/* ------------------------------------------------------------------
 * Malformed input: 22P02
 * ------------------------------------------------------------------ */
SELECT is(pg_temp.t05_error('site:Tokyo/', 'isms.scope'), '22P02: Empty path segment at character 12.',
          'the DETAIL names the problem and its position');
SELECT is(pg_temp.t05_error('ｓｉｔｅ：東京／', 'isms.scope'), '22P02: Empty path segment at character 9.',
          'the position in the DETAIL counts characters, not bytes');
SELECT throws_ok($$SELECT 'site:Tokyo/'::isms.scope$$, '22P02',
                 'invalid input syntax for type isms.scope: "site:Tokyo/"',
                 'an empty path segment is rejected with 22P02 and the input in the message');
SELECT throws_ok(format('SELECT %L::isms.scope', v.input), '22P02', NULL,
                 format('scope input %s is rejected with 22P02 (%s)', to_json(left(v.input, 60)), v.why))
  FROM (VALUES
    ('', 'blank'),
    ('   ', 'blank'),
    ('site', 'no colon'),
    (':Tokyo', 'no kind'),
    ('site:', 'no path'),
    ('/Tokyo', 'no kind'),
    ('site:/Tokyo', 'empty first segment'),
    ('site:Tokyo//HQ', 'empty segment'),
    ('{site:A', 'unbalanced brace'),
    ('site:A}', 'unbalanced brace'),
    ('{site:A}}', 'unbalanced brace'),
    ('{{site:A}}', 'nested braces'),
    ('site:A,,site:B', 'empty element'),
    ('{site:A,}', 'empty element'),
    ('{,}', 'empty element'),
    ('site:"Tokyo', 'unterminated quote'),
    ('site:"A"B', 'a quote not enclosing the whole segment'),
    ('site:A"B"', 'a quote not enclosing the whole segment'),
    ('site:""', 'empty quoted segment'),
    ('site:A:B', 'a colon in an unquoted segment'),
    ('1site:A', 'a kind starting with a digit'),
    ('si te:A', 'a space in a kind'),
    ('si-te:A', 'a dash in a kind'),
    (E'site:A\x01B', 'a control character'),
    (U&'site:A\0085B', 'a C1 control character'),
    (repeat('k', 64) || ':x', 'a kind of 64 characters'),
    ('kind:' || (SELECT string_agg('s' || g, '/') FROM generate_series(1, 33) g), '33 segments'),
    ((SELECT string_agg('site:S' || g, ', ') FROM generate_series(1, 257) g), '257 elements'),
    ((SELECT string_agg('site:S', ', ') FROM generate_series(1, 257) g), '257 elements as written, one after duplicates'),
    (E'site:A\x7fB', 'DEL'),
    ('site:' || repeat('x', 1048572), '1,048,577 bytes of elements'),
    ('{' || repeat(' ', 4194304) || '}', 'over 4 MB of text')
  ) AS v(input, why);

/* ------------------------------------------------------------------
 * Operator classes of isms.scope and the indexes they serve
 * ------------------------------------------------------------------ */
SELECT has_opclass('isms', 'scope_ops', 'operator class isms.scope_ops exists');
SELECT has_opclass('isms', 'scope_hash_ops', 'operator class isms.scope_hash_ops exists');
SELECT has_opclass('isms', 'scope_gin_ops', 'operator class isms.scope_gin_ops exists');
SELECT results_eq(
    $$SELECT oc.opcname::text COLLATE "default", am.amname::text COLLATE "default", oc.opcdefault
        FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod
       WHERE oc.opcintype = 'isms.scope'::regtype ORDER BY 1$$,
    $$VALUES ('scope_gin_ops', 'gin', true), ('scope_hash_ops', 'hash', true), ('scope_ops', 'btree', true)$$,
    'isms.scope has exactly the default btree, hash and GIN classes');
SELECT results_eq(
    $$SELECT ao.amopstrategy::int, ao.amopopr::regoperator::text
        FROM pg_amop ao JOIN pg_opfamily f ON f.oid = ao.amopfamily
       WHERE f.opfname = 'scope_gin_ops' AND f.opfnamespace = 'isms'::regnamespace ORDER BY 1$$,
    $$VALUES (1, '&&(isms.scope,isms.scope)'), (2, '@>(isms.scope,isms.scope)'),
             (3, '<@(isms.scope,isms.scope)'), (4, '=(isms.scope,isms.scope)')$$,
    'scope_gin_ops serves &&, @>, <@ and =');

-- amvalidate on every operator class of the extension
SELECT is((SELECT count(*)::int FROM pg_opclass WHERE opcnamespace = 'isms'::regnamespace), 7,
          'isms has seven operator classes (cert_status, scope and stdref)');
SELECT ok(amvalidate(oc.oid), format('amvalidate(%s using %s) is true', oc.opcname, am.amname))
  FROM pg_opclass oc JOIN pg_am am ON am.oid = oc.opcmethod
 WHERE oc.opcnamespace = 'isms'::regnamespace
 ORDER BY oc.opcname;

-- A GIN index on a temp table: every strategy is answered from the index,
-- with the same rows as without it.
CREATE TEMP TABLE t05_gin (id int PRIMARY KEY, scope isms.scope NOT NULL);
INSERT INTO t05_gin VALUES
    (1, '{site:Tokyo}'),
    (2, '{site:Tokyo/HQ}'),
    (3, '{site:Tokyo/HQ/3F, unit:IT}'),
    (4, '{site:Tokyo/Branch}'),
    (5, '{site:Osaka, unit:IT}'),
    (6, '{}'),
    (7, '{site:TokyoBay}'),
    (8, '{unit:IT/Security}'),
    (9, '{site:tokyo/HQ}'),
    (10, '{site:Tokyo/HQ, unit:IT}');
-- filler rows that match none of the queries, so that the index is worth using
INSERT INTO t05_gin SELECT 100 + g, format('{site:Filler%s/F, process:p%s}', g, g % 7)::isms.scope FROM generate_series(1, 2000) g;
CREATE TEMP TABLE t05_gin_plain AS SELECT * FROM t05_gin;
CREATE INDEX t05_gin_idx ON t05_gin USING gin (scope);
ANALYZE t05_gin;
ANALYZE t05_gin_plain;
SET LOCAL enable_seqscan = off;

SELECT results_eq(
    $$SELECT id FROM t05_gin WHERE scope @> '{site:Tokyo/HQ/3F}' ORDER BY id$$,
    $$VALUES (1), (2), (3), (10)$$,
    'GIN: scope @> {site:Tokyo/HQ/3F} finds the rows covering Tokyo/HQ/3F');
SELECT ok(pg_temp.t05_plan($$SELECT id FROM t05_gin WHERE scope @> '{site:Tokyo/HQ/3F}'$$) LIKE '%Bitmap Index Scan on t05_gin_idx%',
          'GIN: @> is a Bitmap Index Scan');
SELECT results_eq(
    $$SELECT id FROM t05_gin WHERE scope && '{site:Tokyo/HQ}' ORDER BY id$$,
    $$VALUES (1), (2), (3), (10)$$,
    'GIN: scope && {site:Tokyo/HQ} finds ancestors and descendants of Tokyo/HQ');
SELECT ok(pg_temp.t05_plan($$SELECT id FROM t05_gin WHERE scope && '{site:Tokyo/HQ}'$$) LIKE '%Bitmap Index Scan on t05_gin_idx%',
          'GIN: && is a Bitmap Index Scan');
SELECT results_eq(
    $$SELECT id FROM t05_gin WHERE scope <@ '{site:Tokyo, unit:IT}' ORDER BY id$$,
    $$VALUES (1), (2), (3), (4), (6), (8), (10)$$,
    'GIN: scope <@ {site:Tokyo, unit:IT} finds the rows within it, and the empty scope');
SELECT ok(pg_temp.t05_plan($$SELECT id FROM t05_gin WHERE scope <@ '{site:Tokyo, unit:IT}'$$) LIKE '%Bitmap Index Scan on t05_gin_idx%',
          'GIN: <@ is a Bitmap Index Scan');
SELECT results_eq(
    $$SELECT id FROM t05_gin WHERE scope = 'unit:IT, site:Tokyo/HQ' ORDER BY id$$,
    $$VALUES (10)$$,
    'GIN: scope = {site:Tokyo/HQ, unit:IT} finds the equal row');
SELECT ok(pg_temp.t05_plan($$SELECT id FROM t05_gin WHERE scope = 'unit:IT, site:Tokyo/HQ'$$) LIKE '%Bitmap Index Scan on t05_gin_idx%',
          'GIN: = is a Bitmap Index Scan');
SELECT results_eq(
    $$SELECT id FROM t05_gin WHERE scope @> '{}' ORDER BY id LIMIT 11$$,
    $$VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (101)$$,
    'GIN: scope @> {} finds every row, the empty scope included');

-- The index agrees with a scan of a copy without index, query by query.
CREATE TEMP TABLE t05_q (q isms.scope);
INSERT INTO t05_q VALUES ('{}'), ('{site:Tokyo}'), ('{site:Tokyo/HQ}'), ('{site:Tokyo/HQ/3F/Room 1}'),
    ('{unit:IT}'), ('{unit:IT/Security/SOC}'), ('{site:Tokyo/HQ, unit:IT}'), ('{site:Osaka/Umeda}'),
    ('{site:Tok}'), ('{site:tokyo}'), ('{site:Filler7}'), ('{process:p3}'), ('{site:Tokyo, site:Osaka, unit:IT}');
SELECT ok(bool_and(
          ARRAY(SELECT id FROM t05_gin g WHERE g.scope @> t.q ORDER BY id) = ARRAY(SELECT id FROM t05_gin_plain p WHERE p.scope @> t.q ORDER BY id)
      AND ARRAY(SELECT id FROM t05_gin g WHERE g.scope && t.q ORDER BY id) = ARRAY(SELECT id FROM t05_gin_plain p WHERE p.scope && t.q ORDER BY id)
      AND ARRAY(SELECT id FROM t05_gin g WHERE g.scope <@ t.q ORDER BY id) = ARRAY(SELECT id FROM t05_gin_plain p WHERE p.scope <@ t.q ORDER BY id)
      AND ARRAY(SELECT id FROM t05_gin g WHERE g.scope =  t.q ORDER BY id) = ARRAY(SELECT id FROM t05_gin_plain p WHERE p.scope =  t.q ORDER BY id)),
          'GIN: @>, &&, <@ and = give the same rows with the index as without it (13 queries)')
  FROM t05_q t;
RESET enable_seqscan;

-- btree and hash classes of isms.scope
CREATE INDEX t05_gin_btree ON t05_gin USING btree (scope);
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
SELECT results_eq(
    $$SELECT id FROM t05_gin WHERE scope = '{site:Tokyo/HQ/3F, unit:IT}' ORDER BY id$$,
    $$VALUES (3)$$,
    'btree index scan on scope =');
SELECT ok(pg_temp.t05_plan($$SELECT id FROM t05_gin WHERE scope = '{site:Tokyo/HQ/3F, unit:IT}'$$) LIKE '%t05_gin_btree%',
          'the btree index serves scope =');
DROP INDEX t05_gin_btree;
CREATE INDEX t05_gin_hash ON t05_gin USING hash (scope);
SELECT results_eq(
    $$SELECT id FROM t05_gin WHERE scope = '{site:Tokyo/HQ/3F, unit:IT}' ORDER BY id$$,
    $$VALUES (3)$$,
    'hash index scan on scope =');
SELECT ok(pg_temp.t05_plan($$SELECT id FROM t05_gin WHERE scope = '{site:Tokyo/HQ/3F, unit:IT}'$$) LIKE '%t05_gin_hash%',
          'the hash index serves scope =');
RESET enable_seqscan;
RESET enable_bitmapscan;

SELECT * FROM finish();
ROLLBACK;
