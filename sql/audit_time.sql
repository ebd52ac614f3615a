-- audit_time: TIME-1 (isms.audit_time, audit_days), TRN-4 additions, SMP-1 (sample_size)
SET datestyle = ISO;
\set VERBOSITY default

-- try(stmt): 'ok', or the SQLSTATE and the message.
CREATE FUNCTION pg_temp.try(stmt text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text;
BEGIN
    EXECUTE stmt;
    RETURN 'ok';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT;
    RETURN st || ': ' || msg;
END $$;

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
-- 16957, 21346, ...), each figure the previous one plus its last step
-- (initial +1, surveillance +0.5, recertification +1)
SELECT p AS persons, isms.audit_days(p, 'initial') AS initial,
       isms.audit_days(p, 'surveillance') AS surveillance,
       isms.audit_days(p, 'recertification') AS recertification
FROM unnest(ARRAY[10700, 10701, 13470, 13471, 16957, 16958, 21346, 21347, 2147483647]) AS p;

-- TRN-4: a transition audit adds 1 auditor-day to a surveillance audit and
-- 0.5 to a recertification audit (isms.edition_transition); IDT adoptions and
-- amended versions of the old edition are the same transition
SELECT isms.audit_days(40, 'surveillance', 'ISO/IEC 27001:2013') AS surv_2013,
       isms.audit_days(40, 'recertification', 'ISO/IEC 27001:2013') AS recert_2013,
       isms.audit_days(40, 'surveillance', 'JIS Q 27001:2014') AS surv_jis2014,
       isms.audit_days(40, 'recertification', 'ISO/IEC 27001:2013/Cor 2:2015') AS recert_2013_cor2,
       isms.audit_days(40, 'surveillance') AS surv_plain;

-- NULL persons or scheme: NULL; a scheme without a table: NULL
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
