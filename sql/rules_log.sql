-- rules_log: LOG-1 (append-only decisions, corrections), the certificate guard, shipped reference rows, audits as evidence; the register's clock and LOG-2
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default

-- Test helpers, in schema rules_log (dropped at the end of this file).
CREATE SCHEMA rules_log;

-- regress.try() and regress.mask() come from sql/helpers.sql.

-- The bodies, organisation and helpers of this file (regress.fixture).
SELECT regress.fixture('rules_log', 'LOG');

INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, 'ISMS', '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b
WHERE a.code = 'LOG-AB' AND b.code = 'LOG-CB';
INSERT INTO isms.certification_body (code, name) VALUES ('LOG-CB2', 'rules_log other certification body');
INSERT INTO isms.organisation (name) VALUES ('rules_log other organisation');

-- The id of a certificate's decision (the first one of that kind and date).
-- With latest => true, the last one.
CREATE FUNCTION rules_log.decision(num text, kind isms.decision_kind, decided date,
                                   latest boolean DEFAULT false)
RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT d.id FROM isms.decision d
    WHERE d.certificate_id = rules_log.cert(num) AND d.kind = decision.kind
      AND d.decision_date = decided
    ORDER BY CASE WHEN latest THEN -d.id ELSE d.id END LIMIT 1
$$;
-- The decision history of a certificate, with what corrects what.
CREATE FUNCTION rules_log.history(num text)
RETURNS TABLE (n bigint, kind isms.decision_kind, decision_date date, effective_date date,
               new_expiry date, corrects bigint, corrected boolean)
LANGUAGE sql STABLE AS $$
    WITH h AS (SELECT row_number() OVER (ORDER BY d.id) AS n, d.* FROM isms.decision d
               WHERE d.certificate_id = rules_log.cert(num))
    SELECT h.n, h.kind, h.decision_date, h.effective_date, h.new_expiry,
           (SELECT x.n FROM h x WHERE x.id = h.corrects),
           EXISTS (SELECT 1 FROM isms.decision x WHERE x.corrects = h.id)
    FROM h ORDER BY h.n
$$;

/*
 * LOG-1: decisions are never updated or deleted.
 */
SELECT rules_log.new_cert('LOG-A');
SELECT rules_log.audit('LOG-A', 'stage1', '2021-02-01', '2021-02-02');
SELECT rules_log.audit('LOG-A', 'stage2', '2021-03-01', '2021-03-03');
-- the expiry was mistyped: 2023 instead of 2024
SELECT rules_log.decide('LOG-A', 'grant', '2021-04-01', '2023-03-31') AS "grant with a wrong expiry";
SELECT regress.try(format('UPDATE isms.decision SET new_expiry = %L WHERE id = %s',
                            '2024-03-31', rules_log.decision('LOG-A', 'grant', '2021-04-01'))) AS "UPDATE";
SELECT regress.try(format('DELETE FROM isms.decision WHERE id = %s',
                            rules_log.decision('LOG-A', 'grant', '2021-04-01'))) AS "DELETE";
SELECT regress.try('TRUNCATE isms.decision') AS "TRUNCATE";
-- even a statement that would touch no row
SELECT regress.try('UPDATE isms.decision SET reason = reason WHERE false', quiet => true) AS "UPDATE of no row";
SELECT regress.try('DELETE FROM isms.decision WHERE false', quiet => true) AS "DELETE of no row";
SELECT * FROM rules_log.history('LOG-A');

-- A correction is a new decision that takes the corrected one's place.
SELECT rules_log.decide('LOG-A', 'grant', '2021-04-01', '2024-03-31',
                        corrects => rules_log.decision('LOG-A', 'grant', '2021-04-01')) AS "corrected grant";
SELECT * FROM rules_log.history('LOG-A');
SELECT original_certification_date, cycle_start, expiry_date, revision
FROM isms.certificate WHERE id = rules_log.cert('LOG-A');
SELECT isms.status_at(rules_log.cert('LOG-A'), '2023-04-01') AS "LOG-A on 2023-04-01";
SELECT * FROM rules_log.timeline('LOG-A');
-- the same decision cannot be corrected twice (UNIQUE)
SELECT rules_log.decide('LOG-A', 'grant', '2021-04-01', '2024-03-30',
                        corrects => rules_log.decision('LOG-A', 'grant', '2021-04-01')) AS "second correction";
-- a correction names a decision of the same certificate
SELECT rules_log.granted('LOG-B', '2021-04-01');
SELECT rules_log.decide('LOG-B', 'grant', '2021-04-01', '2024-03-31',
                        corrects => rules_log.decision('LOG-A', 'grant', '2021-04-01', latest => true)) AS "correcting another certificate";
-- a suspension recorded with the wrong date, corrected
SELECT rules_log.granted('LOG-C', '2021-04-01');
SELECT rules_log.audit('LOG-C', 'surveillance', '2022-03-01', '2022-03-02');
SELECT rules_log.decide('LOG-C', 'suspend', '2021-11-01');
SELECT rules_log.decide('LOG-C', 'suspend', '2021-11-15',
                        corrects => rules_log.decision('LOG-C', 'suspend', '2021-11-01')) AS "corrected suspension";
SELECT * FROM rules_log.history('LOG-C');
SELECT isms.status_at(rules_log.cert('LOG-C'), '2021-11-01') AS "2021-11-01",
       isms.status_at(rules_log.cert('LOG-C'), '2021-11-14') AS "2021-11-14",
       isms.status_at(rules_log.cert('LOG-C'), '2021-11-15') AS "2021-11-15";

/*
 * Certificate guard: status, dates and revision derive from decisions
 * (428C9); body, organisation, standard and scope change by decisions
 * only, once there are any (55000).
 */
CREATE FUNCTION rules_log.insert_cert(num text, col text, val text, quiet boolean DEFAULT false)
RETURNS text LANGUAGE sql AS $$
    SELECT regress.try(format(
        'INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard,'
        ' scope_statement, %I) SELECT b.id, %L, o.id, ''ISO/IEC 27001:2022'', ''Scope'', %L'
        ' FROM isms.certification_body b, isms.organisation o'
        ' WHERE b.code = ''LOG-CB'' AND o.name = ''rules_log organisation''', col, num, val),
        keep => false, quiet => quiet)
$$;
CREATE FUNCTION rules_log.update_cert(num text, col text, val text, quiet boolean DEFAULT false)
RETURNS text LANGUAGE sql AS $$
    SELECT regress.try(format('UPDATE isms.certificate SET %I = %s WHERE id = %s',
                                col, val, rules_log.cert(num)),
                         keep => false, quiet => quiet)
$$;
-- INSERT: a new certificate is a draft with no derived value set
SELECT rules_log.insert_cert('LOG-G1', 'status', 'active') AS "INSERT an active certificate";
SELECT c.col, c.val, rules_log.insert_cert('LOG-G1', c.col, c.val, quiet => true) AS result
FROM (VALUES (1, 'status', 'active'), (2, 'status', 'draft'),
             (3, 'original_certification_date', '2021-04-01'), (4, 'cycle_start', '2021-04-01'),
             (5, 'expiry_date', '2024-03-31'), (6, 'revision', '1'), (7, 'revision', '0'),
             (8, 'soa_version', 'SoA 1.0')) c(n, col, val)
ORDER BY c.n;
-- UPDATE of a granted certificate (LOG-A) and of a draft without decisions (LOG-D)
SELECT rules_log.new_cert('LOG-D');
SELECT rules_log.update_cert('LOG-A', 'expiry_date', '''2025-03-31''') AS "UPDATE expiry_date";
SELECT rules_log.update_cert('LOG-A', 'scope_statement', '''Another scope''') AS "UPDATE scope_statement";
SELECT c.col, c.val,
       rules_log.update_cert('LOG-A', c.col, c.val, quiet => true) AS "LOG-A (granted)",
       rules_log.update_cert('LOG-D', c.col, c.val, quiet => true) AS "LOG-D (draft)"
FROM (VALUES (1, 'status', '''suspended'''), (2, 'status', 'status'),
             (3, 'original_certification_date', '''2021-04-02'''),
             (4, 'cycle_start', '''2021-04-02'''), (5, 'expiry_date', '''2025-03-31'''),
             (6, 'revision', 'revision + 1'), (7, 'revision', 'revision'),
             (8, 'cb_id', '(SELECT id FROM isms.certification_body WHERE code = ''LOG-CB2'')'),
             (9, 'organisation_id', '(SELECT id FROM isms.organisation WHERE name = ''rules_log other organisation'')'),
             (10, 'standard', '''ISO/IEC 27001:2013'''),
             (11, 'scope_statement', '''Another scope'''),
             (12, 'scope_statement', 'scope_statement'),
             (13, 'soa_version', '''SoA 2.0'''),
             (14, 'certificate_number', 'certificate_number || ''-2''')) c(n, col, val)
ORDER BY c.n;
SELECT regress.try(format('UPDATE isms.certificate SET soa_version = %L WHERE id = %s',
                            'SoA 2.0', rules_log.cert('LOG-A'))) AS "soa_version of LOG-A";
SELECT certificate_number, soa_version, scope_statement, standard, expiry_date, revision
FROM isms.certificate WHERE id = rules_log.cert('LOG-A');

/*
 * Reference rows shipped with the extension are read-only (55000); rows
 * the user adds are not.
 */
SELECT regress.try('UPDATE isms.scheme SET cycle_years = 4 WHERE code = ''ISMS''') AS "UPDATE shipped scheme";
SELECT regress.try('DELETE FROM isms.scheme WHERE code = ''CSMS''', quiet => true) AS "DELETE shipped scheme";
SELECT regress.try('UPDATE isms.scheme SET shipped = false WHERE code = ''ISMS''', quiet => true) AS "unship a scheme";
SELECT regress.try('UPDATE isms.standard SET title = ''x'' WHERE ref = ''ISO/IEC 27001:2022''', quiet => true) AS "UPDATE shipped standard";
SELECT regress.try('DELETE FROM isms.standard WHERE ref = ''ISO/IEC 27001:2013''', quiet => true) AS "DELETE shipped standard";
SELECT regress.try('INSERT INTO isms.scheme (code, name) VALUES (''LOG-SCHEME'', ''rules_log scheme'')') AS "INSERT scheme";
SELECT regress.try('INSERT INTO isms.standard (ref, number, edition, scheme) VALUES (''ISO 9001:2015'', ''ISO 9001'', 2015, ''LOG-SCHEME'')') AS "INSERT standard";
SELECT regress.try('UPDATE isms.scheme SET cycle_years = 4, restoration_months = 3 WHERE code = ''LOG-SCHEME''') AS "UPDATE user scheme";
SELECT regress.try('UPDATE isms.standard SET title = ''rules_log standard'' WHERE ref = ''ISO 9001:2015''') AS "UPDATE user standard";
SELECT code, cycle_years, restoration_months, shipped FROM isms.scheme WHERE code IN ('ISMS', 'LOG-SCHEME') ORDER BY code;
SELECT regress.try('DELETE FROM isms.standard WHERE ref = ''ISO 9001:2015''') AS "DELETE user standard";
SELECT regress.try('DELETE FROM isms.scheme WHERE code = ''LOG-SCHEME''') AS "DELETE user scheme";
SELECT count(*) AS shipped_schemes FROM isms.scheme WHERE shipped;
SELECT count(*) AS shipped_standards FROM isms.standard WHERE shipped;

/*
 * Audits are the evidence of decisions: a change that takes away a
 * decision's evidence is rejected.
 */
SELECT rules_log.audit('LOG-A', 'surveillance', '2022-03-01', '2022-03-02');
CREATE FUNCTION rules_log.audit_id(num text, kind isms.audit_kind) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT a.id FROM isms.audit a WHERE a.certificate_id = rules_log.cert(num) AND a.kind = audit_id.kind
    ORDER BY a.id LIMIT 1
$$;
SELECT regress.try(format('DELETE FROM isms.audit WHERE id = %s', rules_log.audit_id('LOG-A', 'stage2')), keep => false) AS "DELETE the stage 2 audit";
SELECT regress.try(format('UPDATE isms.audit SET end_date = %L WHERE id = %s', '2021-04-02', rules_log.audit_id('LOG-A', 'stage2')), keep => false) AS "stage 2 ends after the grant";
SELECT regress.try(format('UPDATE isms.audit SET end_date = %L WHERE id = %s', '2021-04-01', rules_log.audit_id('LOG-A', 'stage2')), keep => false) AS "stage 2 ends on the grant day";
SELECT regress.try(format('UPDATE isms.audit SET start_date = %L, end_date = %L WHERE id = %s', '2021-03-01', '2021-03-02', rules_log.audit_id('LOG-A', 'stage1')), keep => false) AS "stage 1 ends after stage 2 starts";
SELECT regress.try(format('UPDATE isms.audit SET certificate_id = %s WHERE id = %s', rules_log.cert('LOG-D'), rules_log.audit_id('LOG-A', 'stage1')), keep => false) AS "stage 1 moved to another certificate";
-- unrelated audits
SELECT regress.try(format('UPDATE isms.audit SET auditor_days = 3, persons_in_scope = 40 WHERE id = %s', rules_log.audit_id('LOG-A', 'surveillance'))) AS "UPDATE surveillance audit";
SELECT regress.try(format('DELETE FROM isms.audit WHERE id = %s', rules_log.audit_id('LOG-A', 'surveillance'))) AS "DELETE surveillance audit";
SELECT regress.try(format('UPDATE isms.audit SET auditor_days = 4 WHERE id = %s', rules_log.audit_id('LOG-A', 'stage2'))) AS "UPDATE stage 2 audit time";
-- the surveillance audit a reinstatement relied on (SUR-1)
SELECT rules_log.decide('LOG-C', 'reinstate', '2022-04-15') AS "reinstate LOG-C";
SELECT regress.try(format('DELETE FROM isms.audit WHERE id = %s', rules_log.audit_id('LOG-C', 'surveillance')), keep => false) AS "DELETE its surveillance audit";
SELECT regress.try(format('UPDATE isms.audit SET start_date = %L, end_date = %L WHERE id = %s', '2022-04-15', '2022-04-16', rules_log.audit_id('LOG-C', 'surveillance')), keep => false) AS "move it after the reinstatement";
SELECT regress.try(format('UPDATE isms.audit SET start_date = %L, end_date = %L WHERE id = %s', '2022-04-14', '2022-04-15', rules_log.audit_id('LOG-C', 'surveillance')), keep => false) AS "move it to the reinstatement day";

-- LOG-1: an annulment changes the history from the day of the decision it
-- voids; every later decision is checked again against every rule.  LOG-R:
-- granted 2019-01-31 until 2022-01-30, recertified 2021-12-01 until
-- 2025-01-30, expired, restored 2025-06-08 (REC-3 window 2025-01-31 ..
-- 2025-07-30) until 2028-01-30.  Annulling the recertification leaves a
-- restoration three years after the old expiry of 2022-01-30: refused as
-- REC-3; annulling the restoration with it is accepted.
SELECT rules_log.granted('LOG-R', '2019-01-31', '2022-01-30');
SELECT rules_log.audit('LOG-R', 'surveillance', '2019-12-10', '2019-12-11');
SELECT rules_log.audit('LOG-R', 'surveillance', '2020-10-01', '2020-10-02');
SELECT rules_log.audit('LOG-R', 'recertification', '2021-11-10', '2021-11-11');
SELECT rules_log.decide('LOG-R', 'recertify', '2021-12-01', '2025-01-30') AS "recertify";
SELECT rules_log.audit('LOG-R', 'surveillance', '2022-10-01', '2022-10-02');
SELECT rules_log.audit('LOG-R', 'surveillance', '2023-10-01', '2023-10-02');
SELECT rules_log.audit('LOG-R', 'surveillance', '2024-10-01', '2024-10-02');
SELECT rules_log.audit('LOG-R', 'recertification', '2025-06-05', '2025-06-06');
SELECT rules_log.decide('LOG-R', 'restore', '2025-06-08', '2028-01-30') AS "restore";
SELECT rules_log.decide('LOG-R', 'annul', '2021-12-12',
                        corrects => rules_log.decision('LOG-R', 'recertify', '2021-12-01'))
       AS "annul the recertification alone";
SELECT regress.try(format(
    'INSERT INTO isms.decision (certificate_id, kind, decision_date, corrects)'
    ' VALUES (%s, %L, %L, %s), (%s, %L, %L, %s)',
    rules_log.cert('LOG-R'), 'annul', '2021-12-12', rules_log.decision('LOG-R', 'recertify', '2021-12-01'),
    rules_log.cert('LOG-R'), 'annul', '2025-06-09', rules_log.decision('LOG-R', 'restore', '2025-06-08')))
       AS "annul the recertification and the restoration";
SELECT * FROM rules_log.timeline('LOG-R');

/*
 * The register's clock: isms.today (a date, empty for the real one) and
 * isms.time_zone (the zone the real date is taken in), set by a superuser.
 */
SELECT isms.today() = (now() AT TIME ZONE current_setting('log_timezone'))::date AS "default: the date in log_timezone";
SET timezone = 'Pacific/Pago_Pago';                       -- UTC-11: the session's zone does not count
SET isms.time_zone = 'Pacific/Kiritimati';                -- UTC+14
SELECT isms.today() = (now() AT TIME ZONE 'Pacific/Kiritimati')::date AS "the registry's zone",
       isms.today() - current_date IN (1, 2) AS "ahead of the session's date";
SET timezone = 'UTC';
SELECT regress.try($$SET isms.time_zone = 'Mars/Olympus_Mons'$$) AS "unknown zone";
RESET isms.time_zone;
SET isms.today = '2026-01-15';
SELECT isms.today() AS "set to", current_setting('isms.today') AS setting;
SELECT regress.try($$SET isms.today = '2026-02-30'$$) AS "no such day",
       regress.try($$SET isms.today = '15/01/2026'$$) AS "not YYYY-MM-DD";
-- an ordinary role cannot move the clock, nor the zone
CREATE ROLE regress_log_clock;
GRANT USAGE ON SCHEMA isms, regress TO regress_log_clock;
SET ROLE regress_log_clock;
SELECT regress.try($$SET isms.today = '2030-01-01'$$) AS "SET isms.today",
       regress.try($$SELECT set_config('isms.today', '2030-01-01', true)$$) AS "set_config",
       regress.try($$SET isms.time_zone = 'Pacific/Kiritimati'$$) AS "SET isms.time_zone",
       isms.today() AS "its today";
RESET ROLE;
DROP OWNED BY regress_log_clock;
DROP ROLE regress_log_clock;

/*
 * LOG-2: no decision decided after the register's today (its effective
 * date may be later); no correction decided before what it corrects.
 */
SELECT rules_log.granted('LOG-F', '2025-03-03');
SELECT rules_log.decide('LOG-F', 'suspend', '2026-01-16') AS "suspension of tomorrow";
SELECT rules_log.decide('LOG-F', 'suspend', '2026-01-15', effective => '2026-02-01') AS "decided today, effective later";
SELECT isms.status_at(rules_log.cert('LOG-F'), '2026-02-01') AS "LOG-F on 2026-02-01",
       status AS "stored (today)" FROM isms.certificate WHERE id = rules_log.cert('LOG-F');
SELECT rules_log.decide('LOG-F', 'annul', '2026-01-14',
                        corrects => rules_log.decision('LOG-F', 'suspend', '2026-01-15')) AS "annulment decided the day before";
SELECT rules_log.decide('LOG-F', 'annul', '2026-01-15',
                        corrects => rules_log.decision('LOG-F', 'suspend', '2026-01-15')) AS "annulment decided the same day";
SELECT * FROM rules_log.history('LOG-F');
RESET isms.today;
SELECT isms.today() = (now() AT TIME ZONE current_setting('log_timezone'))::date AS "reset: the real date";

-- doc: a replay of an old register, as a superuser
SET isms.today = '2026-01-15';
SELECT isms.today();                          -- 2026-01-15
RESET isms.today;                             -- the real date again

-- nor by a placeholder set before the library is loaded: loading it refuses
-- the value with a warning
SELECT current_user AS regress_su \gset
CREATE ROLE regress_log_clock LOGIN;
GRANT USAGE ON SCHEMA isms TO regress_log_clock;
\c - regress_log_clock
SET isms.today = '2030-01-01';
SELECT isms.today() = (now() AT TIME ZONE current_setting('log_timezone'))::date AS "the real date",
       current_setting('isms.today') AS setting;
\c - :regress_su
DROP OWNED BY regress_log_clock;
DROP ROLE regress_log_clock;

SET client_min_messages = warning;
DROP SCHEMA rules_log CASCADE;
RESET client_min_messages;
