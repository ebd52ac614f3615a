-- audit_time: TIME-1 (isms.audit_time, audit_days), TRN-4 additions, SMP-1 (sample_size)
SET datestyle = ISO;
\set VERBOSITY default

-- try(stmt): regress.try (sql/helpers.sql), the message in the result.
CREATE FUNCTION pg_temp.try(stmt text) RETURNS text LANGUAGE sql AS $$
    SELECT regress.try(stmt, inline => true)
$$;

-- TIME-1: the shipped table for scheme ISMS (ISO/IEC 27006:2015 Table B.1)
SELECT persons_max, initial_days, surveillance_days, recertification_days
FROM isms.audit_time WHERE scheme = 'ISMS' AND shipped ORDER BY persons_max;

-- surveillance and recertification are 1/3 and 2/3 of the initial figure,
-- rounded up to the half day: rows that differ (none)
SELECT persons_max FROM isms.audit_time
WHERE surveillance_days <> ceil(initial_days * 2 / 3) / 2
   OR recertification_days <> ceil(initial_days * 4 / 3) / 2;

-- both ends of every band, against Table B.1 as published
SELECT b.lo, b.hi, b.b1 AS table_b1,
       isms.audit_days(b.lo, 'initial') AS initial_lo,
       isms.audit_days(b.hi, 'initial') AS initial_hi,
       isms.audit_days(b.lo, 'surveillance') AS surv_lo,
       isms.audit_days(b.hi, 'surveillance') AS surv_hi,
       isms.audit_days(b.lo, 'recertification') AS recert_lo,
       isms.audit_days(b.hi, 'recertification') AS recert_hi,
       isms.audit_days(b.lo, 'initial') = b.b1 AND isms.audit_days(b.hi, 'initial') = b.b1 AS matches
FROM (VALUES (1, 10, 5), (11, 15, 6), (16, 25, 7), (26, 45, 8.5), (46, 65, 10),
             (66, 85, 11), (86, 125, 12), (126, 175, 13), (176, 275, 14), (276, 425, 15),
             (426, 625, 16.5), (626, 875, 17.5), (876, 1175, 18.5), (1176, 1550, 19.5),
             (1551, 2025, 21), (2026, 2675, 22), (2676, 3450, 23), (3451, 4350, 24),
             (4351, 5450, 25), (5451, 6800, 26), (6801, 8500, 27), (8501, 10700, 28))
     AS b(lo, hi, b1)
ORDER BY b.lo;

-- above 10700: the progression of the last two rows (8500 -> 10700): each
-- further upper bound is the previous * 10700 / 8500 rounded up (13470,
-- 16957, 21346, ...), each initial figure the previous one plus the last
-- step (+1); surveillance and recertification keep the last row's
-- proportions (9.5/28 and 19/28 of the initial figure, rounded up to the
-- half day: 29 -> 10 and 20, 30 -> 10.5 and 20.5, 31 -> 11 and 21.5)
SELECT p AS persons, isms.audit_days(p, 'initial') AS initial,
       isms.audit_days(p, 'surveillance') AS surveillance,
       isms.audit_days(p, 'recertification') AS recertification
FROM unnest(ARRAY[10700, 10701, 13470, 13471, 16957, 16958, 21346, 21347, 2147483647]) AS p;
-- the figures never fall, and stay in proportion (none of these)
SELECT p AS persons FROM generate_series(10700, 200000, 37) AS p
WHERE isms.audit_days(p + 37, 'initial') < isms.audit_days(p, 'initial')
   OR isms.audit_days(p + 37, 'surveillance') < isms.audit_days(p, 'surveillance')
   OR isms.audit_days(p + 37, 'recertification') < isms.audit_days(p, 'recertification')
   OR isms.audit_days(p, 'surveillance') <> ceil(isms.audit_days(p, 'initial') * 9.5 / 28 * 2) / 2
   OR isms.audit_days(p, 'recertification') <> ceil(isms.audit_days(p, 'initial') * 19 / 28 * 2) / 2;

-- TRN-4: a transition audit adds 1 auditor-day to a surveillance audit and
-- 0.5 to a recertification audit (isms.edition_transition); IDT adoptions and
-- amended versions of the old edition are the same transition
SELECT isms.audit_days(40, 'surveillance', 'ISO/IEC 27001:2013') AS surv_2013,
       isms.audit_days(40, 'recertification', 'ISO/IEC 27001:2013') AS recert_2013,
       isms.audit_days(40, 'surveillance', 'JIS Q 27001:2014') AS surv_jis2014,
       isms.audit_days(40, 'recertification', 'ISO/IEC 27001:2013/Cor 2:2015') AS recert_2013_cor2,
       isms.audit_days(40, 'surveillance') AS surv_plain;

-- NULL persons or scheme: NULL; a scheme of isms.scheme without a table: NULL
SELECT isms.audit_days(NULL, 'initial') IS NULL AS null_persons,
       isms.audit_days(10, 'initial', NULL, NULL) IS NULL AS null_scheme,
       isms.audit_days(10, 'initial', NULL, 'BCMS') IS NULL AS no_table,
       isms.audit_days(10, NULL) IS NULL AS null_kind;

-- argument errors (22023)
SELECT pg_temp.try($$SELECT isms.audit_days(10, 'stage1')$$) AS bad_kind;
SELECT pg_temp.try($$SELECT isms.audit_days(NULL, 'special')$$) AS bad_kind_null_persons;
SELECT pg_temp.try($$SELECT isms.audit_days(0, 'initial')$$) AS no_persons;
SELECT pg_temp.try($$SELECT isms.audit_days(-5, 'surveillance')$$) AS negative_persons;
SELECT pg_temp.try($$SELECT isms.audit_days(10, 'initial', 'ISO/IEC 27001:2013')$$) AS transition_initial;
SELECT pg_temp.try($$SELECT isms.audit_days(10, 'surveillance', 'ISO/IEC 27001:2022')$$) AS no_transition;
-- the arguments given are checked even when another one is NULL
SELECT pg_temp.try($$SELECT isms.audit_days(0, 'initial', NULL, NULL)$$) AS no_persons_null_scheme;
-- a scheme that is not in isms.scheme (a typo) is an error, not NULL
SELECT pg_temp.try($$SELECT isms.audit_days(10, 'initial', NULL, 'isms')$$) AS lower_case_scheme;
SELECT pg_temp.try($$SELECT isms.audit_days(10, 'initial', NULL, 'NOPE')$$) AS unknown_scheme;
-- a transition of another scheme is not added to the figures of this one
BEGIN;
INSERT INTO isms.edition_transition (from_standard, to_standard, published, surveillance_extra_days,
                                     recertification_extra_days)
VALUES ('ISO/IEC 27701:2019', 'ISO/IEC 27701:2025', '2025-10-01', 0.5, 0.5);
SELECT pg_temp.try($$SELECT isms.audit_days(40, 'surveillance', 'ISO/IEC 27701:2019')$$) AS pims_transition_isms_figures;
SELECT isms.audit_days(40, 'surveillance', 'ISO/IEC 27701:2019', 'ISMS-PIMS') IS NULL AS pims_no_table;
ROLLBACK;
SELECT pg_temp.try($$SELECT isms.audit_days(40, 'surveillance', 'ISO/IEC 27001:2013', 'BCMS')$$) AS isms_transition_bcms;
-- user strings in messages are cut at 64 bytes, on a character boundary
SELECT length(pg_temp.try($$SELECT isms.audit_days(10, repeat('x', 100000))$$)) AS long_kind_message;
SELECT pg_temp.try($$SELECT isms.audit_days(10, 'initial', NULL, repeat('é', 40))$$) AS long_scheme;

-- the shipped rows are read-only (55000)
SELECT pg_temp.try($$UPDATE isms.audit_time SET initial_days = 4 WHERE persons_max = 10$$) AS update_shipped;
SELECT pg_temp.try($$DELETE FROM isms.audit_time WHERE persons_max = 10$$) AS delete_shipped;
SELECT pg_temp.try($$INSERT INTO isms.audit_time VALUES ('BCMS', 10, 1, 1, 1, true)$$) AS insert_shipped;

-- A registry's own rows replace the shipped ones of their scheme as a whole
-- (here with one band below and one above: 1-50 and 51-200, then the
-- progression 201-800: 200 * 200 / 50; 801-3200)
BEGIN;
INSERT INTO isms.audit_time (scheme, persons_max, initial_days, surveillance_days, recertification_days)
VALUES ('ISMS', 50, 4, 1.5, 3), ('ISMS', 200, 6, 2.25, 4);
SELECT p AS persons, isms.audit_days(p, 'initial') AS initial,
       isms.audit_days(p, 'surveillance') AS surveillance,
       isms.audit_days(p, 'recertification') AS recertification
FROM unnest(ARRAY[1, 50, 51, 200, 201, 800, 801, 3200, 3201]) AS p;
-- a single row: its figures go on above it
DELETE FROM isms.audit_time WHERE scheme = 'ISMS' AND NOT shipped AND persons_max = 200;
SELECT isms.audit_days(50, 'initial') AS at_50, isms.audit_days(5000, 'initial') AS at_5000;
-- another scheme gets a table of its own
INSERT INTO isms.audit_time (scheme, persons_max, initial_days, surveillance_days, recertification_days)
VALUES ('BCMS', 100, 3, 1, 2);
SELECT isms.audit_days(100, 'initial', scheme => 'BCMS') AS bcms_100,
       isms.audit_days(10, 'initial') AS isms_10;
ROLLBACK;
SELECT isms.audit_days(10, 'initial') AS isms_10_shipped_again;

-- TIME-1: a registry's own table does not give fewer days to more persons
-- (23514 TIME-1, after each statement), figure by figure
SELECT pg_temp.try($$INSERT INTO isms.audit_time VALUES ('BCMS', 100, 10, 4, 7, false),
    ('BCMS', 200, 12, 4, 8, false), ('BCMS', 300, 11, 3, 6, false)$$) AS falling_initial;
SELECT pg_temp.try($$INSERT INTO isms.audit_time VALUES ('BCMS', 100, 10, 4, 7, false),
    ('BCMS', 200, 12, 3.5, 8, false)$$) AS falling_surveillance;
SELECT count(*) AS bcms_rows FROM isms.audit_time WHERE scheme = 'BCMS';
BEGIN;
-- equal figures are allowed: the progression above a flat last step stays
-- flat, never below the last row
INSERT INTO isms.audit_time VALUES ('BCMS', 100, 10, 4, 7, false),
    ('BCMS', 200, 12, 4, 8, false), ('BCMS', 300, 12, 4, 8, false);
SELECT p AS persons, isms.audit_days(p, 'initial', scheme => 'BCMS') AS initial,
       isms.audit_days(p, 'surveillance', scheme => 'BCMS') AS surveillance,
       isms.audit_days(p, 'recertification', scheme => 'BCMS') AS recertification
FROM unnest(ARRAY[300, 301, 700, 2000, 100000, 2147483647]) AS p;
-- an update that makes a row fall is refused; one that keeps the order is not
SELECT pg_temp.try($$UPDATE isms.audit_time SET recertification_days = 6
    WHERE scheme = 'BCMS' AND persons_max = 300$$) AS update_falls;
SELECT pg_temp.try($$UPDATE isms.audit_time SET initial_days = initial_days + 1
    WHERE scheme = 'BCMS'$$) AS update_all_rows;
-- moving the bound of a row can make it fall too
SELECT pg_temp.try($$UPDATE isms.audit_time SET persons_max = 50
    WHERE scheme = 'BCMS' AND persons_max = 300$$) AS update_bound;
ROLLBACK;

-- TIME-1: above its last band a table goes on by the ratio of its last two
-- bounds, in at most 1000 further bands; a DELETE of the last band that
-- leaves a slower progression is refused too
SELECT pg_temp.try($$INSERT INTO isms.audit_time VALUES ('ITSMS', 1000, 5, 2, 3, false),
    ('ITSMS', 1001, 6, 2, 4, false)$$) AS slow_progression;
BEGIN;
INSERT INTO isms.audit_time VALUES ('ITSMS', 1000, 5, 2, 3, false),
    ('ITSMS', 1001, 6, 2, 4, false), ('ITSMS', 2000000000, 7, 3, 5, false);
SELECT pg_temp.try($$DELETE FROM isms.audit_time WHERE scheme = 'ITSMS' AND persons_max = 2000000000$$)
    AS delete_last_band;
SELECT count(*) AS itsms_rows FROM isms.audit_time WHERE scheme = 'ITSMS';
-- a DELETE that leaves a progression fast enough is accepted
DELETE FROM isms.audit_time WHERE scheme = 'ITSMS' AND persons_max = 1001;
SELECT persons_max FROM isms.audit_time WHERE scheme = 'ITSMS' ORDER BY persons_max;
ROLLBACK;

/* ------------------------------------------------------------------
 * SMP-1: multi-site sampling (IAF MD 1)
 * ------------------------------------------------------------------ */
-- perfect squares and just above them; 25 and 100 make 0.6 sqrt(n) and
-- 0.8 sqrt(n) whole numbers
SELECT n AS sites,
       isms.sample_size(n, 'initial') AS initial,
       isms.sample_size(n, 'surveillance') AS surveillance,
       isms.sample_size(n, 'recertification') AS recertification,
       isms.sample_size(n, 'initial', false) AS initial_all,
       isms.sample_size(n, 'surveillance', false) AS surveillance_30pct,
       isms.sample_size(n, 'recertification', false) AS recertification_all
FROM unnest(ARRAY[1, 2, 3, 4, 5, 9, 10, 16, 17, 24, 25, 26, 36, 37, 99, 100, 101,
                  2147395600, 2147483647]) AS n;

-- against exact numeric arithmetic for 1..20000 sites (mismatches: none)
SELECT count(*) AS mismatches FROM generate_series(1, 20000) n
WHERE isms.sample_size(n, 'initial') <> ceil(sqrt(n::numeric))
   OR isms.sample_size(n, 'surveillance') <> ceil(0.6 * sqrt(n::numeric))
   OR isms.sample_size(n, 'recertification') <> ceil(0.8 * sqrt(n::numeric))
   OR isms.sample_size(n, 'surveillance', false) <> ceil(0.3 * n)
   OR isms.sample_size(n, 'initial', false) <> n;

-- STRICT: NULL in, NULL out
SELECT isms.sample_size(NULL, 'initial') IS NULL AS null_sites,
       isms.sample_size(4, 'initial', NULL) IS NULL AS null_flag;

-- argument errors (22023)
SELECT pg_temp.try($$SELECT isms.sample_size(0, 'initial')$$) AS no_sites;
SELECT pg_temp.try($$SELECT isms.sample_size(-1, 'surveillance', false)$$) AS negative_sites;
SELECT pg_temp.try($$SELECT isms.sample_size(10, 'stage2')$$) AS bad_kind;
