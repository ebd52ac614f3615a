-- derived_dates: isms.certificate_dates, the derived dates isms keeps with
-- the stored status (timeline, periods of validity, next change, next audit
-- deadline), through decisions, corrections, annulments, audits, the sweep,
-- isms.refresh, a change of reference data and add-ons; the sweep that looks
-- only at what changes gives what a full replay gives; status_at read from
-- the stored timeline; the plans of the readers' queries.
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default

CREATE SCHEMA dd;
SELECT regress.fixture('dd', 'DD');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, s.scheme, '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b, (VALUES ('ISMS'), ('ISMS-CLOUD')) s(scheme)
WHERE a.code = 'DD-AB' AND b.code = 'DD-CB';

-- What a full replay says of each of this file's certificates on a day (the
-- as-known-at reader replays the history: it never reads the derived rows).
CREATE FUNCTION dd.replay(d date)
RETURNS TABLE (id bigint, status isms.cert_status, expiry date, standard text, scope text)
LANGUAGE sql STABLE AS $$
    SELECT c.id, coalesce(s.status, 'draft'), s.expiry_date,
           coalesce(s.standard, c.initial_standard::text, c.standard::text),
           coalesce(s.scope_statement, c.initial_scope_statement, c.scope_statement)
    FROM isms.certificate c JOIN isms.certification_body b ON b.id = c.cb_id
    LEFT JOIN LATERAL isms.state_at(c.id, d, pg_catalog.clock_timestamp()) s ON true
    WHERE b.code = 'DD-CB'
$$;

-- The derived rows of this file's certificates against the replay (the
-- readers as known now replay): periods (and valid_periods, read from
-- them), timeline, status_at (read from the timeline) on every day a
-- segment starts and the day before; each count must be 0.
CREATE FUNCTION dd.derived_wrong()
RETURNS TABLE (missing bigint, periods bigint, timelines bigint, status_days bigint)
LANGUAGE sql STABLE AS $$
    WITH mine AS (
        SELECT c.id FROM isms.certificate c JOIN isms.certification_body b ON b.id = c.cb_id
        WHERE b.code = 'DD-CB' AND EXISTS (SELECT 1 FROM isms.decision d WHERE d.certificate_id = c.id))
    SELECT
        (SELECT count(*) FROM mine m WHERE NOT EXISTS
            (SELECT 1 FROM isms.certificate_dates t WHERE t.certificate_id = m.id)),
        (SELECT count(*) FROM mine m JOIN isms.certificate_dates t ON t.certificate_id = m.id
          WHERE t.valid_periods <> isms.valid_periods(m.id, pg_catalog.clock_timestamp())
             OR isms.valid_periods(m.id) <> isms.valid_periods(m.id, pg_catalog.clock_timestamp())),
        (SELECT count(*) FROM mine m JOIN isms.certificate_dates t ON t.certificate_id = m.id
          WHERE t.timeline_from <> ARRAY(SELECT valid_from FROM isms.timeline(m.id) ORDER BY 1)
             OR t.timeline_status <> ARRAY(SELECT status FROM isms.timeline(m.id) ORDER BY valid_from)),
        (SELECT count(*) FROM mine m
           CROSS JOIN LATERAL (SELECT valid_from AS d FROM isms.timeline(m.id)
                               UNION SELECT valid_from - 1 FROM isms.timeline(m.id)
                               UNION SELECT isms.today()) days
           JOIN LATERAL isms.state_at(m.id, days.d, pg_catalog.clock_timestamp()) s ON true
          WHERE isms.status_at(m.id, days.d) IS DISTINCT FROM coalesce(s.status, 'draft'))
$$;

-- The sweep of a day against the full replay: the certificates whose
-- stored status, expiry, standard or scope differ from the replay's
-- (what a sweep of every certificate reports) against those the sweep
-- reported (its SUR-3 suspensions apart); after a sweep of today, none
-- differs and no derived row is due.  All counts but the first two must be 0.
CREATE FUNCTION dd.sweep_vs_replay(d date)
RETURNS TABLE (expected bigint, reported bigint, missing bigint, extra bigint,
               sur3 bigint, stale_after bigint, due_after bigint)
LANGUAGE plpgsql AS $$
DECLARE
    exp bigint[];
    got bigint[];
BEGIN
    SELECT coalesce(array_agg(r.id), '{}') INTO exp
    FROM dd.replay(d) r JOIN isms.certificate c ON c.id = r.id
    WHERE (c.status, c.expiry_date, c.standard::text, c.scope_statement)
          IS DISTINCT FROM (r.status, r.expiry, r.standard, r.scope);
    SELECT coalesce(array_agg(s.certificate_id) FILTER (WHERE s.rule <> 'SUR-3'), '{}'),
           count(*) FILTER (WHERE s.rule = 'SUR-3')
      INTO got, sur3
    FROM isms.sweep(d) s JOIN isms.certificate c ON c.id = s.certificate_id
    JOIN isms.certification_body b ON b.id = c.cb_id WHERE b.code = 'DD-CB';
    expected := cardinality(exp);
    reported := cardinality(got);
    missing := (SELECT count(*) FROM unnest(exp) x WHERE x <> ALL (got));
    extra := (SELECT count(*) FROM unnest(got) x WHERE x <> ALL (exp));
    IF d = isms.today() THEN
        SELECT count(*) INTO stale_after
        FROM dd.replay(d) r JOIN isms.certificate c ON c.id = r.id
        WHERE (c.status, c.expiry_date, c.standard::text, c.scope_statement)
              IS DISTINCT FROM (r.status, r.expiry, r.standard, r.scope);
        SELECT count(*) INTO due_after FROM isms.certificate_dates t
        JOIN isms.certificate c ON c.id = t.certificate_id
        JOIN isms.certification_body b ON b.id = c.cb_id
        WHERE b.code = 'DD-CB' AND (t.next_change < d OR t.derived_on > d
              OR (t.next_change = d AND c.status <> 'active'));
    END IF;
    RETURN NEXT;
END
$$;

-- This file's derived rows, readably.
CREATE FUNCTION dd.rows()
RETURNS TABLE (certificate_number text, status isms.cert_status, valid_periods datemultirange,
               next_change date, next_due date)
LANGUAGE sql STABLE AS $$
    SELECT c.certificate_number, c.status, t.valid_periods, t.next_change, t.next_due
    FROM isms.certificate c JOIN isms.certification_body b ON b.id = c.cb_id
    LEFT JOIN isms.certificate_dates t ON t.certificate_id = c.id
    WHERE b.code = 'DD-CB' ORDER BY c.certificate_number
$$;

/*
 * A small registry recorded on 2024-01-10.
 */
SET isms.today = '2024-01-10';
-- A: expires on 2024-04-01 (REC-2)
SELECT dd.granted('DD-A', '2021-04-01');
SELECT dd.audit('DD-A', 'surveillance', '2022-03-01', '2022-03-02');
SELECT dd.audit('DD-A', 'surveillance', '2023-03-01', '2023-03-02');
-- B: a suspension decided on 2024-01-05 that takes effect on 2024-02-01
SELECT dd.granted('DD-B', '2022-06-01');
SELECT dd.audit('DD-B', 'surveillance', '2023-03-01', '2023-03-02');
SELECT dd.decide('DD-B', 'suspend', '2024-01-05', effective => '2024-02-01');
-- C: on the 2013 edition: valid until 2025-10-31 (TRN-3), not its expiry
SELECT dd.granted('DD-C', '2023-03-01', '2026-02-28', std => 'ISO/IEC 27001:2013');
-- D: suspended, the suspension annulled
SELECT dd.granted('DD-D', '2022-09-01');
SELECT dd.audit('DD-D', 'surveillance', '2023-06-01', '2023-06-02');
SELECT dd.decide('DD-D', 'suspend', '2023-11-01');
-- BASE and its cloud add-on ADDON
SELECT dd.granted('DD-BASE', '2022-05-01');
SELECT dd.audit('DD-BASE', 'surveillance', '2023-04-01', '2023-04-02');
SELECT dd.new_cert('DD-ADDON', 'ISO/IEC 27017:2015');
UPDATE isms.certificate SET base_certificate_id = dd.cert('DD-BASE') WHERE id = dd.cert('DD-ADDON');
SELECT dd.audit('DD-ADDON', 'stage1', '2023-05-01', '2023-05-02');
SELECT dd.audit('DD-ADDON', 'stage2', '2023-06-01', '2023-06-02');
SELECT dd.decide('DD-ADDON', 'grant', '2023-07-01', '2025-04-30');
-- E: never granted; its audits before any decision write no derived row
-- (a certificate without decisions needs none: its readers replay it)
SELECT dd.new_cert('DD-E');
SELECT dd.audit('DD-E', 'stage1', '2023-05-01', '2023-05-02');
SELECT count(*) AS "rows of E", isms.status_at(dd.cert('DD-E'), '2023-06-01') AS "E on 2023-06-01"
FROM isms.certificate_dates WHERE certificate_id = dd.cert('DD-E');
-- nor does a draft add-on, replayed and stored with its base's decision
BEGIN;
SELECT dd.new_cert('DD-ADDON2', 'ISO/IEC 27017:2015');
UPDATE isms.certificate SET base_certificate_id = dd.cert('DD-A') WHERE id = dd.cert('DD-ADDON2');
SELECT dd.decide('DD-A', 'suspend', '2024-01-05');
SELECT count(*) AS "rows of a draft add-on" FROM isms.certificate_dates
WHERE certificate_id = dd.cert('DD-ADDON2');
ROLLBACK;

SELECT * FROM dd.rows();
SELECT * FROM dd.derived_wrong();

-- the registry's whole timeline, as derived rows give it and as the replay
-- does, on every day of it
SELECT * FROM dd.sweep_vs_replay('2024-01-10');

-- a correction: D's suspension annulled
SELECT dd.decide('DD-D', 'annul', '2024-01-10',
                 corrects => (SELECT max(id) FROM isms.decision WHERE certificate_id = dd.cert('DD-D')));
SELECT certificate_number, status, valid_periods FROM dd.rows() WHERE certificate_number = 'DD-D';
SELECT * FROM dd.derived_wrong();

-- the sweep of days to come: as the replay, looking only at what changes
SET isms.today = '2024-01-31';
SELECT count(*) AS "looked at on 2024-01-31" FROM isms.certificate_dates t
JOIN isms.certificate c ON c.id = t.certificate_id JOIN isms.certification_body b ON b.id = c.cb_id
WHERE b.code = 'DD-CB' AND t.next_change <= isms.today();
SELECT * FROM dd.sweep_vs_replay('2024-01-31');
SET isms.today = '2024-02-01';   -- B's suspension takes effect
SELECT * FROM dd.sweep_vs_replay('2024-02-01');
SELECT certificate_number, status, next_change FROM dd.rows() WHERE certificate_number = 'DD-B';
-- an audit moves the next deadline: BASE's surveillance of 2024
SELECT next_due AS "BASE due before" FROM dd.rows() WHERE certificate_number = 'DD-BASE';
SELECT dd.audit('DD-BASE', 'surveillance', '2024-01-20', '2024-01-21');
SELECT next_due AS "BASE due after" FROM dd.rows() WHERE certificate_number = 'DD-BASE';
-- a report of a day ahead, and of a day past (rows computed later)
SELECT * FROM dd.sweep_vs_replay('2024-04-15');
SELECT * FROM dd.sweep_vs_replay('2023-12-01');
SET isms.today = '2024-04-01';   -- A expires (REC-2)
SELECT * FROM dd.sweep_vs_replay('2024-04-01');
-- the base suspended: its add-on follows it (ADD-5)
SELECT dd.decide('DD-BASE', 'suspend', '2024-04-01', effective => '2024-04-10');
SELECT certificate_number, status, valid_periods, next_change FROM dd.rows()
WHERE certificate_number IN ('DD-BASE', 'DD-ADDON');
SET isms.today = '2024-04-10';
SELECT * FROM dd.sweep_vs_replay('2024-04-10');
SELECT certificate_number, status FROM dd.rows() WHERE certificate_number IN ('DD-BASE', 'DD-ADDON');
SELECT * FROM dd.derived_wrong();

-- a change of reference data: a (hypothetical) next edition ends the 2022
-- edition's validity on 2024-12-31 (TRN-3); the certificates concerned are
-- refreshed at commit, their next change with them
BEGIN;
INSERT INTO isms.standard (ref, number, edition, scheme) VALUES ('ISO/IEC 27001:2030', 'ISO/IEC 27001', 2030, 'ISMS');
INSERT INTO isms.edition_transition (from_standard, to_standard, published, last_old_audit_start, old_valid_until)
VALUES ('ISO/IEC 27001:2022', 'ISO/IEC 27001:2030', '2024-03-01', '2024-10-31', '2024-12-31');
COMMIT;
SELECT certificate_number, valid_periods, next_change FROM dd.rows() WHERE certificate_number = 'DD-D';
SELECT * FROM dd.derived_wrong();
SET isms.today = '2025-01-01';
SELECT * FROM dd.sweep_vs_replay('2025-01-01');
SELECT certificate_number, status FROM dd.rows() WHERE certificate_number = 'DD-D';
-- and back: the transition removed, the certificates refreshed again
DELETE FROM isms.edition_transition WHERE to_standard = 'ISO/IEC 27001:2030';
DELETE FROM isms.standard WHERE ref = 'ISO/IEC 27001:2030';
SELECT certificate_number, status, valid_periods FROM dd.rows() WHERE certificate_number = 'DD-D';
SELECT * FROM dd.sweep_vs_replay('2025-01-01');
-- after a change of a body's parameters, its certificates are refreshed
-- (doc/operations.md; the body JCERT is another file's, if any)
\o /dev/null
SELECT isms.refresh(array_agg(id)) FROM isms.certificate
 WHERE cb_id = (SELECT id FROM isms.certification_body WHERE code = 'JCERT');
\o
-- a registry restored without its derived rows is refreshed whole
-- (doc/operations.md); the count depends on the other files' certificates
\o /dev/null
SELECT isms.refresh(array_agg(id)) FROM isms.certificate;
\o
-- isms.refresh of every certificate changes nothing more
SELECT isms.refresh(array_agg(id)) AS refreshed FROM isms.certificate
WHERE cb_id = (SELECT id FROM isms.certification_body WHERE code = 'DD-CB');
SELECT * FROM dd.derived_wrong();
-- a write that changes no derived row leaves the rows as they were, not
-- even locked (an audit COPY into drafts, isms.refresh of what is right)
BEGIN;
\o /dev/null
SELECT isms.refresh(array_agg(id)) FROM isms.certificate
WHERE cb_id = (SELECT id FROM isms.certification_body WHERE code = 'DD-CB');
\o
SELECT count(*) AS "rows written or locked" FROM isms.certificate_dates t
JOIN isms.certificate c ON c.id = t.certificate_id JOIN isms.certification_body b ON b.id = c.cb_id
WHERE b.code = 'DD-CB' AND pg_current_xact_id()::xid IN (t.xmin, t.xmax);
ROLLBACK;
-- a damaged derived row is written again by isms.refresh (its periods are
-- compared too, not only its timeline)
BEGIN;
UPDATE isms.certificate_dates SET valid_periods = '{}'
WHERE certificate_id = (SELECT id FROM isms.certificate WHERE certificate_number = 'DD-D');
SELECT * FROM dd.derived_wrong();
SELECT isms.refresh(ARRAY[(SELECT id FROM isms.certificate WHERE certificate_number = 'DD-D')]) AS refreshed;
SELECT * FROM dd.derived_wrong();
ROLLBACK;

-- the clock moved back: rows computed after the day are looked at again
SET isms.today = '2024-06-30';
SELECT * FROM dd.sweep_vs_replay('2024-06-30');
SET isms.today = '2025-11-01';   -- C's old edition has ended (TRN-3)
SELECT * FROM dd.sweep_vs_replay('2025-11-01');
SELECT certificate_number, status, next_change FROM dd.rows() WHERE certificate_number = 'DD-C';
-- nothing to change: the sweep looks at no certificate of this file
SELECT count(*) AS "due" FROM isms.certificate_dates t
JOIN isms.certificate c ON c.id = t.certificate_id JOIN isms.certification_body b ON b.id = c.cb_id
WHERE b.code = 'DD-CB' AND (t.next_change <= isms.today() OR t.derived_on > isms.today());

-- SUR-3: the sweep of today suspends an active certificate whose
-- surveillance audit is overdue where the scheme asks for it; the row of
-- the certificate says so from the day after the deadline
BEGIN;
INSERT INTO isms.scheme_setting (scheme, auto_suspend_overdue) VALUES ('ISMS', true)
ON CONFLICT (scheme) DO UPDATE SET auto_suspend_overdue = true;
SELECT dd.granted('DD-F', '2025-06-01');     -- SUR-1 due by 2026-06-01
SELECT certificate_number, next_change, next_due FROM dd.rows() WHERE certificate_number = 'DD-F';
SET LOCAL isms.today = '2026-06-02';
SELECT * FROM dd.sweep_vs_replay('2026-06-02');
SELECT certificate_number, status, next_change FROM dd.rows() WHERE certificate_number = 'DD-F';
ROLLBACK;

-- as known at a moment: the readers with as_known_at do not read the rows
SET isms.today = '2025-11-01';
SELECT pg_catalog.now() AS before_g \gset
SELECT pg_sleep(0.01);
SELECT dd.granted('DD-G', '2025-10-01');
SELECT isms.valid_periods(dd.cert('DD-G'), :'before_g') IS NULL AS "G unknown before",
       isms.valid_periods(dd.cert('DD-G')) AS "G now";
SELECT * FROM dd.derived_wrong();

-- a role that reads the certificates through row-level security replays
-- (the same answer), and reads the rows of its body's certificates only
BEGIN;
SELECT count(*) AS roles FROM isms.setup_roles('ddr_');
SELECT isms.setup_cb_writer('DD-CB', 'ddr_dd_writer', 'ddr_') IS NOT NULL AS writer;
GRANT SELECT ON isms.certificate_dates TO ddr_dd_writer;
SELECT dd.cert('DD-B') AS cert_b, (SELECT count(*) FROM isms.certificate_dates t
    JOIN isms.certificate c ON c.id = t.certificate_id JOIN isms.certification_body b ON b.id = c.cb_id
    WHERE b.code = 'DD-CB') AS dd_rows \gset
SET LOCAL ROLE ddr_dd_writer;
SELECT isms.status_at(:cert_b, '2024-03-01') AS "B by the writer",
       (SELECT count(*) FROM isms.certificate_dates) = :dd_rows AS "writer reads its rows only";
RESET ROLE;
SELECT isms.status_at(:cert_b, '2024-03-01') AS "B by the superuser";
ROLLBACK;

/*
 * The readers' questions over the whole registry, by index (the statements
 * of doc/surfaces.md): each plan uses the question's index and calls no
 * function per row (the join's shape depends on the other files' rows, so
 * the plans themselves are shown for the side table alone).
 */
CREATE FUNCTION dd.plan(idx text, q text)
RETURNS TABLE (uses_index boolean, per_row_function boolean) LANGUAGE plpgsql AS $$
DECLARE
    p jsonb;
BEGIN
    EXECUTE 'EXPLAIN (COSTS OFF, FORMAT JSON) ' || q INTO p;
    uses_index := EXISTS (SELECT 1 FROM jsonb_path_query(p, 'strict $.**."Index Name"') i
                           WHERE i #>> '{}' ~ ('^(' || idx || ')$'));
    per_row_function := p::text ~ '(isms\.[a-z_]+\(|SubPlan|Function Scan)';
    RETURN NEXT;
END
$$;
ANALYZE isms.certificate, isms.certificate_dates;
SET enable_seqscan = off;
-- valid on a day (most of this small registry's certificates are valid on
-- it, so a scan of the primary key that filters every row costs the
-- planner less than the index: by bitmap, the index is what applies)
SET enable_indexscan = off;
SELECT * FROM dd.plan('certificate_dates_valid', $q$
SELECT c.id, c.certificate_number
  FROM isms.certificate_dates d JOIN isms.certificate c ON c.id = d.certificate_id
 WHERE d.valid_periods @> DATE '2024-06-30';
$q$);
RESET enable_indexscan;
-- covering a site, valid on a day (by either index, the other checked on
-- the few rows the first finds)
SELECT * FROM dd.plan('certificate_scope|certificate_dates_valid', $q$
SELECT c.id, c.certificate_number
  FROM isms.certificate c JOIN isms.certificate_dates d ON d.certificate_id = c.id
 WHERE c.scope @> '{site:Tokyo}'::isms.scope AND d.valid_periods @> DATE '2024-06-30';
$q$);
-- an audit due in the next 90 days
SELECT * FROM dd.plan('certificate_dates_next_due', $q$
SELECT c.id, c.certificate_number, d.next_due
  FROM isms.certificate_dates d JOIN isms.certificate c ON c.id = d.certificate_id
 WHERE d.next_due BETWEEN DATE '2024-06-30' AND DATE '2024-06-30' + 90;
$q$);
-- the side table alone: the plans by index
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF)
SELECT d.certificate_id FROM isms.certificate_dates d WHERE d.valid_periods @> DATE '2024-06-30';
EXPLAIN (COSTS OFF)
SELECT d.certificate_id FROM isms.certificate_dates d
 WHERE d.next_due BETWEEN DATE '2024-06-30' AND DATE '2024-06-30' + 90;
RESET enable_bitmapscan;
-- the sweep's own selection (by bitmap scans: both indexes at once)
SET enable_indexscan = off;
EXPLAIN (COSTS OFF)
SELECT d.certificate_id FROM isms.certificate_dates d
 WHERE d.next_change <= DATE '2024-06-30' OR d.derived_on > DATE '2024-06-30';
RESET enable_indexscan;
RESET enable_seqscan;
-- the answers
SELECT count(*) AS "valid on 2024-06-30" FROM isms.certificate_dates d
JOIN isms.certificate c ON c.id = d.certificate_id JOIN isms.certification_body b ON b.id = c.cb_id
WHERE b.code = 'DD-CB' AND d.valid_periods @> DATE '2024-06-30';

-- a row never outlives its certificate (the table has no foreign key): a
-- certificate with a row has decisions, and the foreign keys of its
-- decisions and audits refuse its deletion (the row stays); one without
-- decisions has no row and goes alone
SELECT regress.try($$DELETE FROM isms.certificate WHERE certificate_number = 'DD-D'$$, quiet => true)
       AS "delete D (decided)",
       (SELECT count(*) FROM isms.certificate_dates WHERE certificate_id = dd.cert('DD-D')) AS "rows of D";
SELECT dd.new_cert('DD-H') IS NOT NULL AS "H created";
SELECT regress.try($$DELETE FROM isms.certificate WHERE certificate_number = 'DD-H'$$) AS "delete H (draft)";
SELECT count(*) AS "H left" FROM isms.certificate WHERE certificate_number = 'DD-H';
SELECT count(*) AS "rows without a certificate with decisions"
  FROM isms.certificate_dates t
 WHERE NOT EXISTS (SELECT FROM isms.decision d WHERE d.certificate_id = t.certificate_id);

RESET isms.today;
SET client_min_messages = warning;
DROP SCHEMA dd CASCADE;
RESET client_min_messages;
