--
-- calendar: the pure date functions of the scheme (no tables).
--   isms.latest_expiry(kind, decision_date, previous_expiry, cycle_years, offset_days)  CYC-3
--   isms.cycle_programme(cycle_start, expiry, initial, recertification_audit,
--                        first_surveillance_months)                   SUR-1, SUR-2, REC-1
--   isms.restoration_window(expiry, months)                           REC-3
-- Month arithmetic is PostgreSQL's date + interval: the day of month is kept
-- or clamped to the end of the target month.
--
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default
-- Errors show their message, detail and hint; the SQLSTATE is echoed after each.
-- The per-certificate variants have their own names (cert_latest_expiry,
-- cert_restoration_window), so calls with untyped literals are unambiguous:
SELECT isms.latest_expiry('grant', '2023-04-01', '2023-12-31');
SELECT isms.restoration_window('2026-03-31');

--
-- CYC-3, grant: decision + cycle_years - offset_days (default 3 years, 1 day).
--
SELECT d AS decision_date, isms.latest_expiry('grant', d) AS latest_expiry,
       isms.latest_expiry('grant', d) = (d + interval '3 years')::date - 1 AS same_as_pg
FROM unnest(ARRAY['2023-04-01',   -- CYC-3 example: decided 2023-04-01, expires 2026-03-31
                  '2023-05-26',
                  '2024-01-01',
                  '2024-02-29',   -- leap day: + 3 years = 2027-02-28, less 1 day
                  '2024-03-01',
                  '2023-08-31',   -- month end
                  '2023-12-31',
                  '2025-02-28']::date[]) AS d
ORDER BY d;

-- other cycle lengths and offsets (per-scheme and per-body parameters [P])
SELECT years, off, isms.latest_expiry('grant', '2023-04-01', NULL, years, off) AS from_2023_04_01,
       isms.latest_expiry('grant', '2024-02-29', NULL, years, off) AS from_2024_02_29,
       isms.latest_expiry('grant', '2023-08-31', NULL, years, off) AS from_2023_08_31
FROM (VALUES (3, 1), (3, 0), (1, 1), (4, 1), (4, 0), (5, 1), (10, 1), (3, 30), (3, 366))
     AS v(years, off)
ORDER BY years, off;

-- a previous expiry is ignored by a grant (the anchor is the decision date)
SELECT isms.latest_expiry('grant', '2023-04-01'::date, '2023-12-31') AS grant_with_previous;

--
-- CYC-3, recertification and restoration: previous expiry + cycle_years,
-- whatever the decision date; no offset.  JQA register entry: first
-- registered 2023-05-26, expires 2026-05-25, recertified until 2029-05-25.
--
SELECT isms.latest_expiry('grant', '2023-05-26') AS first_expiry,
       isms.latest_expiry('recertify', '2026-04-20'::date, '2026-05-25') AS recertified,
       isms.latest_expiry('recertify', '2026-05-25'::date, '2026-05-25') AS recertified_on_expiry,
       isms.latest_expiry('restore', '2026-08-01'::date, '2026-05-25') AS restored;
SELECT kind, prev, years, off, isms.latest_expiry(kind, '2025-01-15', prev, years, off) AS latest_expiry
FROM (VALUES (1, 'recertify'::isms.decision_kind, '2026-03-31'::date, 3, 1),
             (2, 'recertify', '2026-03-31', 3, 0),     -- the offset does not apply
             (3, 'recertify', '2026-03-31', 3, 366),
             (4, 'recertify', '2024-02-29', 3, 1),     -- leap day clamps to 2027-02-28
             (5, 'recertify', '2024-02-29', 4, 1),
             (6, 'restore', '2025-08-31', 3, 1),
             (7, 'restore', '2025-02-28', 1, 1),
             (8, 'restore', '2020-12-31', 10, 1)) AS v(n, kind, prev, years, off)
ORDER BY n;

-- recertify and restore need the previous expiry: 22004 null_value_not_allowed
SELECT isms.latest_expiry('recertify', '2026-04-20');
\echo :LAST_ERROR_SQLSTATE
SELECT isms.latest_expiry('restore', '2026-08-01'::date, NULL);
\echo :LAST_ERROR_SQLSTATE

-- decisions other than grant, recertify and restore set no expiry: NULL,
-- with or without a previous expiry (grant shown for comparison)
SELECT k AS kind,
       isms.latest_expiry(k, '2025-01-15', NULL::date) AS no_previous,
       isms.latest_expiry(k, '2025-01-15', '2026-03-31'::date) AS with_previous
FROM unnest(enum_range(NULL::isms.decision_kind)) AS k
WHERE k NOT IN ('recertify', 'restore')
ORDER BY k;
-- (all kinds with a previous expiry)
SELECT k AS kind, isms.latest_expiry(k, '2025-01-15', '2026-03-31'::date) AS latest_expiry
FROM unnest(enum_range(NULL::isms.decision_kind)) AS k
ORDER BY k;

-- NULL kind, decision date, cycle_years or offset_days give NULL
SELECT isms.latest_expiry(NULL, '2025-01-15') IS NULL AS null_kind,
       isms.latest_expiry('grant', NULL) IS NULL AS null_date,
       isms.latest_expiry('grant', '2025-01-15', NULL, NULL) IS NULL AS null_years,
       isms.latest_expiry('grant', '2025-01-15', NULL, 3, NULL) IS NULL AS null_offset;

-- parameters out of range: 22023 invalid_parameter_value
SELECT isms.latest_expiry('grant', '2025-01-15', NULL, 0);
\echo :LAST_ERROR_SQLSTATE
SELECT isms.latest_expiry('grant', '2025-01-15', NULL, 11);
\echo :LAST_ERROR_SQLSTATE
SELECT isms.latest_expiry('recertify', '2025-01-15'::date, '2026-03-31', 3, -1);
\echo :LAST_ERROR_SQLSTATE
SELECT isms.latest_expiry('grant', '2025-01-15', NULL, 3, 367);
\echo :LAST_ERROR_SQLSTATE
-- infinite dates: 22008 datetime_field_overflow
SELECT isms.latest_expiry('grant', 'infinity');
\echo :LAST_ERROR_SQLSTATE
SELECT isms.latest_expiry('grant', '-infinity');
\echo :LAST_ERROR_SQLSTATE
SELECT isms.latest_expiry('recertify', '2025-01-15'::date, 'infinity');
\echo :LAST_ERROR_SQLSTATE
SELECT isms.latest_expiry('restore', '2025-01-15'::date, '-infinity');
\echo :LAST_ERROR_SQLSTATE

--
-- Audit programme of a cycle.
--   SUR-1 (initial cycle only): a surveillance audit ending in
--         [cycle_start, cycle_start + first_surveillance_months];
--   SUR-2: one surveillance audit in each calendar year after the start
--         year and before the year of the recertification audit (the expiry
--         year while there is none);
--   REC-1: the recertification audit by the expiry date (due_from, advisory:
--         expiry - 12 months + 1 day, not before the cycle start).
--
-- initial cycle 2023-04-01 .. 2026-03-31: SUR-2 in 2024 and 2025
SELECT * FROM isms.cycle_programme('2023-04-01', '2026-03-31');
-- the recertification audit ended in 2025: no SUR-2 for 2025
SELECT * FROM isms.cycle_programme('2023-04-01', '2026-03-31', true, '2025-11-20');
-- ... or ended in 2026 as usual: no change
SELECT * FROM isms.cycle_programme('2023-04-01', '2026-03-31', true, '2026-01-20');
-- ... or ended already in 2024: no SUR-2 at all
SELECT * FROM isms.cycle_programme('2023-04-01', '2026-03-31', true, '2024-06-30');
-- a cycle opened by a recertification (not initial): no SUR-1
SELECT * FROM isms.cycle_programme('2026-03-15', '2029-03-31', false);
SELECT * FROM isms.cycle_programme('2026-03-15', '2029-03-31', false, '2028-12-10');
-- the JQA cycle: granted 2023-05-26, expires 2026-05-25
SELECT * FROM isms.cycle_programme('2023-05-26', '2026-05-25');
-- a cycle starting on 1 January: SUR-2 of the next year overlaps SUR-1
SELECT * FROM isms.cycle_programme('2024-01-01', '2026-12-31');
-- SUR-1 parameter (months): month-end clamping, leap year
SELECT * FROM isms.cycle_programme('2023-08-31', '2026-08-30', true, NULL, 6);
SELECT * FROM isms.cycle_programme('2024-02-29', '2027-02-27', true, NULL, 12);
SELECT * FROM isms.cycle_programme('2023-04-01', '2026-03-31', true, NULL, 120);
-- short cycles: one year (no SUR-2, REC-1 due from the start), one day
SELECT * FROM isms.cycle_programme('2023-04-01', '2024-03-31');
SELECT * FROM isms.cycle_programme('2023-04-01', '2023-04-01', false);
-- the longest cycle the parameters allow (10 years): nine SUR-2 years
SELECT rule, count(*), min(due_from), max(due_by)
FROM isms.cycle_programme('2023-04-01', '2033-03-31')
GROUP BY rule ORDER BY rule;
-- errors: NULL arguments other than recertification_audit (22004),
-- expiry before the start and months out of range (22023), infinity (22008)
SELECT * FROM isms.cycle_programme(NULL, '2026-03-31');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM isms.cycle_programme('2023-04-01', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM isms.cycle_programme('2023-04-01', '2026-03-31', NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM isms.cycle_programme('2023-04-01', '2026-03-31', true, NULL, NULL);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM isms.cycle_programme('2023-04-01', '2023-03-31');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM isms.cycle_programme('2023-04-01', '2026-03-31', true, NULL, 0);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM isms.cycle_programme('2023-04-01', '2026-03-31', true, NULL, 121);
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM isms.cycle_programme('-infinity', '2026-03-31');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM isms.cycle_programme('2023-04-01', 'infinity');
\echo :LAST_ERROR_SQLSTATE
SELECT * FROM isms.cycle_programme('2023-04-01', '2026-03-31', true, 'infinity');
\echo :LAST_ERROR_SQLSTATE

--
-- REC-3 restoration window: expiry + 1 day .. expiry + months (inclusive).
--
SELECT expiry, months, r AS "window", lower(r) AS first_day, upper(r) - 1 AS last_day
FROM (VALUES (1, '2026-05-25'::date, 6),
             (2, '2025-08-31', 6),    -- month end: last day 2026-02-28
             (3, '2023-08-31', 6),    -- into a leap February: 2024-02-29
             (4, '2026-03-31', 6),
             (5, '2025-12-31', 2),
             (6, '2024-02-29', 12),
             (7, '2025-01-31', 1),
             (8, '2025-06-30', 120)) AS v(n, expiry, months),
     LATERAL isms.restoration_window(expiry, months) AS r
ORDER BY n;
-- default 6 months; the window starts the day after expiry (REC-2)
SELECT isms.restoration_window('2026-03-31'::date) AS default_months,
       isms.restoration_window('2026-03-31'::date) @> '2026-03-31'::date AS has_expiry_day,
       isms.restoration_window('2026-03-31'::date) @> '2026-04-01'::date AS has_day_after,
       isms.restoration_window('2026-03-31'::date) @> '2026-09-30'::date AS has_last_day,
       isms.restoration_window('2026-03-31'::date) @> '2026-10-01'::date AS has_day_after_last;
-- 0 months: no restoration at all (empty range)
SELECT isms.restoration_window('2026-03-31', 0) AS zero_months,
       isempty(isms.restoration_window('2026-03-31', 0)) AS is_empty;
-- NULL in, NULL out (strict)
SELECT isms.restoration_window(NULL::date) IS NULL AS null_expiry,
       isms.restoration_window('2026-03-31', NULL) IS NULL AS null_months;
-- errors: months out of range (22023), infinite expiry (22008)
SELECT isms.restoration_window('2026-03-31', -1);
\echo :LAST_ERROR_SQLSTATE
SELECT isms.restoration_window('2026-03-31', 121);
\echo :LAST_ERROR_SQLSTATE
SELECT isms.restoration_window('infinity'::date);
\echo :LAST_ERROR_SQLSTATE
SELECT isms.restoration_window('-infinity', 6);
\echo :LAST_ERROR_SQLSTATE
