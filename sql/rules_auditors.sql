-- rules_auditors: ACC-4 (registered lead auditors), TIME-2 (audit time),
-- TRN-4 (time of a transition audit), ACC-3 (CertSearch listing)
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default

-- Test helpers, in schema rules_auditors (dropped at the end of this file).
CREATE SCHEMA rules_auditors;

-- try(stmt, keep): regress.try (sql/helpers.sql) with the deferred checks
-- (ACC-4) made immediate.
CREATE FUNCTION rules_auditors.try(stmt text, keep boolean DEFAULT true)
RETURNS text LANGUAGE sql AS $$
    SELECT regress.try(stmt, keep, immediate => true)
$$;

-- Bodies, an organisation; certificates granted on the day after a stage 1
-- and a stage 2 audit (no audit time recorded).
INSERT INTO isms.accreditation_body (code, name, recognised) VALUES ('AUD-AB', 'rules_auditors accreditation body', true);
INSERT INTO isms.certification_body (code, name) VALUES
    ('AUD-CB', 'rules_auditors certification body'),
    ('AUD-CB-S', 'rules_auditors body, accreditation suspended'),
    ('AUD-CB-W', 'rules_auditors body, accreditation withdrawn');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from, valid_until, status)
SELECT ab.id, cb.id, 'ISMS', v.f::date, v.u::date, v.s::isms.accreditation_status
FROM isms.accreditation_body ab,
     (VALUES ('AUD-CB', '2015-01-01', NULL, 'active'),
             ('AUD-CB-S', '2015-01-01', '2023-12-31', 'active'),
             ('AUD-CB-S', '2024-01-01', NULL, 'suspended'),
             ('AUD-CB-W', '2015-01-01', '2023-12-31', 'active'),
             ('AUD-CB-W', '2024-01-01', '2024-03-31', 'withdrawn')) AS v(cb, f, u, s)
JOIN isms.certification_body cb ON cb.code = v.cb
WHERE ab.code = 'AUD-AB';
INSERT INTO isms.organisation (name) VALUES ('rules_auditors organisation');

CREATE FUNCTION rules_auditors.cert(num text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT c.id FROM isms.certificate c
    JOIN isms.certification_body b ON b.id = c.cb_id
    WHERE b.code LIKE 'AUD-CB%' AND c.certificate_number = num
$$;
CREATE FUNCTION rules_auditors.granted(num text, decided date, std text DEFAULT 'ISO/IEC 27001:2022',
    cb text DEFAULT 'AUD-CB')
RETURNS void LANGUAGE sql AS $$
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    SELECT b.id, num, o.id, std, 'Scope of ' || num
    FROM isms.certification_body b, isms.organisation o
    WHERE b.code = cb AND o.name = 'rules_auditors organisation';
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
    VALUES (rules_auditors.cert(num), 'stage1', decided - 60, decided - 59),
           (rules_auditors.cert(num), 'stage2', decided - 30, decided - 28);
    INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (rules_auditors.cert(num), 'grant', decided);
$$;
-- An audit of certificate num, as try() sees it.
CREATE FUNCTION rules_auditors.audit(num text, kind isms.audit_kind, start_date date,
    end_date date, days numeric DEFAULT NULL, persons integer DEFAULT NULL,
    lead text DEFAULT NULL, justification text DEFAULT NULL, keep boolean DEFAULT true)
RETURNS text LANGUAGE sql AS $$
    SELECT rules_auditors.try(format(
        'INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days,'
        ' persons_in_scope, lead_auditor_id, time_justification)'
        ' VALUES (%L, %L, %L, %L, %L, %L, (SELECT id FROM isms.auditor WHERE name = %L), %L)',
        rules_auditors.cert(num), kind, start_date, end_date, days, persons, lead, justification),
        keep)
$$;
CREATE FUNCTION rules_auditors.audit_id(num text, kind isms.audit_kind) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT max(id) FROM isms.audit WHERE certificate_id = rules_auditors.cert(num) AND kind = $2
$$;

SELECT rules_auditors.granted('AUD-1', '2023-04-03');
SELECT rules_auditors.granted('AUD-2013', '2022-06-01', 'ISO/IEC 27001:2013');
SELECT rules_auditors.granted('AUD-S', '2022-06-01', cb => 'AUD-CB-S');
SELECT rules_auditors.granted('AUD-W', '2022-06-01', cb => 'AUD-CB-W');

/* ------------------------------------------------------------------
 * Auditors and registrations
 * ------------------------------------------------------------------ */
INSERT INTO isms.personnel_body (code, name, country) VALUES
    ('AUD-PB', 'rules_auditors personnel certification body', 'JP'),
    ('AUD-PB2', 'rules_auditors second personnel body', 'GB');
INSERT INTO isms.auditor (name, name_local, country) VALUES
    ('Hanako Sato', '佐藤花子', 'JP'),       -- registered 2020-01-01 .. 2024-12-31
    ('Taro Suzuki', '鈴木太郎', 'JP'),       -- registered from 2024-01-01
    ('Jane Smith', NULL, 'GB'),             -- registration suspended
    ('John Doe', NULL, 'GB');               -- never registered
INSERT INTO isms.auditor_registration (auditor_id, body_id, registration_number, grade, valid_from, valid_until, status)
SELECT a.id, b.id, v.num, v.grade, v.f::date, v.u::date, v.s::isms.accreditation_status
FROM (VALUES ('Hanako Sato', 'AUD-PB', 'LA-0001', 'lead auditor', '2020-01-01', '2024-12-31', 'active'),
             ('Taro Suzuki', 'AUD-PB', 'LA-0002', 'lead auditor', '2024-01-01', NULL, 'active'),
             ('Jane Smith', 'AUD-PB2', 'A-77', 'auditor', '2020-01-01', NULL, 'suspended')) AS v(name, body, num, grade, f, u, s)
JOIN isms.auditor a ON a.name = v.name JOIN isms.personnel_body b ON b.code = v.body;

-- registration periods of one auditor with one body do not overlap (23P01)
SELECT rules_auditors.try($$INSERT INTO isms.auditor_registration (auditor_id, body_id, grade, valid_from)
    SELECT a.id, b.id, 'auditor', '2024-12-31' FROM isms.auditor a, isms.personnel_body b
    WHERE a.name = 'Hanako Sato' AND b.code = 'AUD-PB'$$, keep => false) AS "overlapping registration";
SELECT rules_auditors.try($$INSERT INTO isms.auditor_registration (auditor_id, body_id, grade, valid_from)
    SELECT a.id, b.id, 'auditor', '2024-12-31' FROM isms.auditor a, isms.personnel_body b
    WHERE a.name = 'Hanako Sato' AND b.code = 'AUD-PB2'$$, keep => false) AS "same days, another body";
SELECT rules_auditors.try($$INSERT INTO isms.auditor_registration (auditor_id, body_id, grade, valid_from, valid_until)
    SELECT a.id, b.id, 'auditor', '2024-12-31', '2024-12-30' FROM isms.auditor a, isms.personnel_body b
    WHERE a.name = 'John Doe' AND b.code = 'AUD-PB'$$, keep => false) AS "period ends before it starts";

/* ------------------------------------------------------------------
 * ACC-4: the lead auditor is registered on the audit's start date
 * ------------------------------------------------------------------ */
SELECT rules_auditors.audit('AUD-1', 'surveillance', '2024-03-04', '2024-03-05', lead => 'Hanako Sato') AS "registered lead auditor";
SELECT rules_auditors.audit('AUD-1', 'special', '2024-12-31', '2025-01-02', lead => 'Hanako Sato', keep => false) AS "starts on the last day of the registration";
SELECT rules_auditors.audit('AUD-1', 'special', '2025-01-01', '2025-01-02', lead => 'Hanako Sato') AS "starts the day after";
SELECT rules_auditors.audit('AUD-1', 'special', '2023-12-31', '2023-12-31', lead => 'Taro Suzuki') AS "starts the day before the registration";
SELECT rules_auditors.audit('AUD-1', 'special', '2024-01-01', '2024-01-02', lead => 'Taro Suzuki') AS "starts on its first day";
SELECT rules_auditors.audit('AUD-1', 'special', '2024-05-01', '2024-05-01', lead => 'Jane Smith') AS "registration suspended";
SELECT rules_auditors.audit('AUD-1', 'special', '2024-05-01', '2024-05-01', lead => 'John Doe') AS "never registered";
SELECT rules_auditors.audit('AUD-1', 'special', '2024-05-01', '2024-05-01') AS "lead auditor not recorded";
-- one statement, one bad row: the whole statement is rejected
SELECT rules_auditors.try(format($$INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, lead_auditor_id)
    SELECT %s, 'special', d, d, a.id FROM isms.auditor a,
    (VALUES (date '2024-06-03'), (date '2025-06-02')) AS v(d) WHERE a.name = 'Hanako Sato'$$,
    rules_auditors.cert('AUD-1'))) AS "bulk insert, one row uncovered";
SELECT count(*) AS special_audits_of_aud_1 FROM isms.audit
WHERE certificate_id = rules_auditors.cert('AUD-1') AND kind = 'special';
-- an update is checked like an insert
SELECT rules_auditors.try(format('UPDATE isms.audit SET start_date = %L, end_date = %L WHERE id = %s',
    '2025-03-03', '2025-03-04', rules_auditors.audit_id('AUD-1', 'surveillance'))) AS "UPDATE: moved past the registration";
SELECT rules_auditors.try(format($$UPDATE isms.audit SET lead_auditor_id =
    (SELECT id FROM isms.auditor WHERE name = 'John Doe') WHERE id = %s$$,
    rules_auditors.audit_id('AUD-1', 'surveillance'))) AS "UPDATE: unregistered lead auditor";

-- Registrations that recorded audits rely on (checked at commit; try()
-- checks at once)
SELECT rules_auditors.try($$UPDATE isms.auditor_registration SET valid_until = '2024-03-03'
    WHERE registration_number = 'LA-0001'$$) AS "shorten below an audit";
SELECT rules_auditors.try($$UPDATE isms.auditor_registration SET valid_until = '2024-03-04'
    WHERE registration_number = 'LA-0001'$$, keep => false) AS "shorten to the audit's first day";
SELECT rules_auditors.try($$UPDATE isms.auditor_registration SET status = 'suspended'
    WHERE registration_number = 'LA-0002'$$) AS "suspend a registration relied on";
SELECT rules_auditors.try($$DELETE FROM isms.auditor_registration
    WHERE registration_number = 'LA-0001'$$) AS "delete a registration relied on";
SELECT rules_auditors.try($$UPDATE isms.auditor_registration SET valid_until = '2023-01-01'
    WHERE registration_number = 'A-77'$$) AS "change a registration no audit relies on";
SELECT rules_auditors.try($$TRUNCATE isms.auditor_registration$$) AS "TRUNCATE registrations";
-- at commit: end a period and record the next one in two statements
BEGIN;
UPDATE isms.auditor_registration SET valid_until = '2024-02-29' WHERE registration_number = 'LA-0001';
INSERT INTO isms.auditor_registration (auditor_id, body_id, registration_number, grade, valid_from)
SELECT a.id, b.id, 'LA-0001-R', 'lead auditor', '2024-03-01'
FROM isms.auditor a, isms.personnel_body b WHERE a.name = 'Hanako Sato' AND b.code = 'AUD-PB';
COMMIT;
SELECT registration_number, valid_from, valid_until, status FROM isms.auditor_registration
WHERE auditor_id = (SELECT id FROM isms.auditor WHERE name = 'Hanako Sato') ORDER BY valid_from;
-- ... and the same without the next period fails at commit
BEGIN;
UPDATE isms.auditor_registration SET valid_until = '2024-03-03' WHERE registration_number = 'LA-0001-R';
COMMIT;
SELECT :'LAST_ERROR_SQLSTATE' AS "COMMIT refused";

/* ------------------------------------------------------------------
 * TIME-2: audit time below TIME-1 needs a justification
 * ------------------------------------------------------------------ */
-- 40 persons: initial 8.5, surveillance 3, recertification 6 auditor-days
SELECT rules_auditors.audit('AUD-1', 'surveillance', '2025-03-03', '2025-03-04', 3, 40) AS "surveillance at the figure";
SELECT rules_auditors.audit('AUD-1', 'surveillance', '2025-03-03', '2025-03-04', 2.5, 40) AS "surveillance below it";
SELECT rules_auditors.audit('AUD-1', 'surveillance', '2025-03-03', '2025-03-04', 2.5, 40,
    justification => 'single site, mature ISMS, remote review of records (IAF MD 5)', keep => false) AS "below, justified";
SELECT rules_auditors.audit('AUD-1', 'surveillance', '2025-03-03', '2025-03-04', 2.5, 40, justification => '  ') AS "below, blank justification";
SELECT rules_auditors.audit('AUD-1', 'surveillance', '2025-03-03', '2025-03-04', 2.5, 46) AS "46 persons: next band";
SELECT rules_auditors.audit('AUD-1', 'surveillance', '2025-03-03', '2025-03-04', 1, NULL, keep => false) AS "persons not recorded";
SELECT rules_auditors.audit('AUD-1', 'recertification', '2025-12-01', '2025-12-03', 6, 40, keep => false) AS "recertification at the figure";
SELECT rules_auditors.audit('AUD-1', 'recertification', '2025-12-01', '2025-12-03', 5.5, 40) AS "recertification below it";
SELECT rules_auditors.audit('AUD-1', 'special', '2025-06-02', '2025-06-02', 0.5, 40, keep => false) AS "special audit: no figure";
-- stage 2 is checked with the latest stage 1 ending on or before it
SELECT rules_auditors.try(format($$INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    SELECT b.id, 'AUD-NEW', o.id, 'ISO/IEC 27001:2022', 'new' FROM isms.certification_body b, isms.organisation o
    WHERE b.code = 'AUD-CB' AND o.name = 'rules_auditors organisation'$$)) AS "new certificate";
SELECT rules_auditors.audit('AUD-NEW', 'stage1', '2025-01-06', '2025-01-06', 1, 40) AS "stage 1 alone: no check";
SELECT rules_auditors.audit('AUD-NEW', 'stage2', '2025-02-03', '2025-02-06', 7, 40) AS "stage 1 + stage 2 = 8";
SELECT rules_auditors.audit('AUD-NEW', 'stage2', '2025-02-03', '2025-02-06', 7.5, 40) AS "stage 1 + stage 2 = 8.5";
SELECT rules_auditors.try(format('UPDATE isms.audit SET auditor_days = 0.5 WHERE id = %s',
    rules_auditors.audit_id('AUD-NEW', 'stage1'))) AS "stage 1 shortened afterwards";
SELECT rules_auditors.try(format('UPDATE isms.audit SET auditor_days = 2 WHERE id = %s',
    rules_auditors.audit_id('AUD-NEW', 'stage1'))) AS "stage 1 lengthened";
SELECT rules_auditors.try(format('UPDATE isms.audit SET persons_in_scope = 66 WHERE id = %s',
    rules_auditors.audit_id('AUD-NEW', 'stage2'))) AS "stage 2: persons grow to 66";
-- a registry's own table for the scheme replaces the shipped one
BEGIN;
INSERT INTO isms.audit_time (scheme, persons_max, initial_days, surveillance_days, recertification_days)
VALUES ('ISMS', 100, 2, 1, 1.5);
SELECT rules_auditors.audit('AUD-1', 'surveillance', '2025-03-03', '2025-03-04', 1, 40) AS "own table: 1 day";
ROLLBACK;

/* ------------------------------------------------------------------
 * TRN-4: a transition audit adds 1 auditor-day to a surveillance audit,
 * 0.5 to a recertification audit it is held with
 * ------------------------------------------------------------------ */
SELECT rules_auditors.audit('AUD-2013', 'surveillance', '2023-05-08', '2023-05-09', 3, 40) AS "surveillance";
SELECT rules_auditors.audit('AUD-2013', 'transition', '2023-05-08', '2023-05-09', 0.5, 40) AS "transition with it: 0.5";
SELECT rules_auditors.audit('AUD-2013', 'transition', '2023-05-08', '2023-05-09', 0.5, 40,
    justification => 'controls already assessed against the 2022 edition at the special audit', keep => false) AS "0.5, justified";
SELECT rules_auditors.audit('AUD-2013', 'transition', '2023-05-08', '2023-05-09', 1, 40, keep => false) AS "transition with it: 1";
SELECT rules_auditors.audit('AUD-2013', 'recertification', '2024-03-04', '2024-03-06', 6, 40) AS "recertification";
SELECT rules_auditors.audit('AUD-2013', 'transition', '2024-03-06', '2024-03-06', 0.5, 40, keep => false) AS "transition with it: 0.5";
SELECT rules_auditors.audit('AUD-2013', 'transition', '2024-03-06', '2024-03-06', 0.25, 40) AS "transition with it: 0.25";
SELECT rules_auditors.audit('AUD-2013', 'transition', '2024-03-07', '2024-03-07', 0.5, 40) AS "the day after it: 0.5";
SELECT rules_auditors.audit('AUD-1', 'transition', '2024-03-07', '2024-03-07', 0.5, 40, keep => false) AS "on the new edition: the transition to it";

/* ------------------------------------------------------------------
 * TIME-2 and TRN-4 rechecked when the audits they depend on change or go
 * ------------------------------------------------------------------ */
SELECT rules_auditors.try($$INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    SELECT b.id, v.num, o.id, v.std, 'recheck' FROM isms.certification_body b, isms.organisation o,
    (VALUES ('AUD-R1', 'ISO/IEC 27001:2022'), ('AUD-R2', 'ISO/IEC 27001:2022'), ('AUD-T', 'ISO/IEC 27001:2013'),
            ('AUD-T2', 'ISO/IEC 27001:2013')) AS v(num, std)
    WHERE b.code = 'AUD-CB' AND o.name = 'rules_auditors organisation'$$) AS "new certificates";
-- stage 1 (2 days) + stage 2 (6.5 days) = 8.5, the initial figure for 40 persons
SELECT rules_auditors.audit('AUD-R1', 'stage1', '2023-02-06', '2023-02-07', 2, 40) AS "stage 1";
SELECT rules_auditors.audit('AUD-R1', 'stage2', '2023-03-06', '2023-03-09', 6.5, 40) AS "stage 2";
SELECT rules_auditors.try(format('UPDATE isms.audit SET kind = %L WHERE id = %s', 'special',
    rules_auditors.audit_id('AUD-R1', 'stage1'))) AS "stage 1 becomes a special audit";
SELECT rules_auditors.try(format('UPDATE isms.audit SET certificate_id = %s WHERE id = %s',
    rules_auditors.cert('AUD-R2'), rules_auditors.audit_id('AUD-R1', 'stage1'))) AS "stage 1 moved to another certificate";
SELECT rules_auditors.try(format('UPDATE isms.audit SET start_date = %L, end_date = %L WHERE id = %s',
    '2023-03-08', '2023-03-09', rules_auditors.audit_id('AUD-R1', 'stage1'))) AS "stage 1 moved after the stage 2 start";
SELECT rules_auditors.try(format('DELETE FROM isms.audit WHERE id = %s',
    rules_auditors.audit_id('AUD-R1', 'stage1'))) AS "stage 1 deleted";
SELECT rules_auditors.try(format('UPDATE isms.audit SET auditor_days = 3 WHERE id = %s',
    rules_auditors.audit_id('AUD-R1', 'stage1')), keep => false) AS "stage 1 lengthened";
-- a justified stage 2 may lose its stage 1
SELECT rules_auditors.try(format($$UPDATE isms.audit SET time_justification = 'stage 1 records lost; stage 2 extended on site' WHERE id = %s$$,
    rules_auditors.audit_id('AUD-R1', 'stage2'))) AS "stage 2 justified";
SELECT rules_auditors.try(format('DELETE FROM isms.audit WHERE id = %s',
    rules_auditors.audit_id('AUD-R1', 'stage1')), keep => false) AS "then stage 1 deleted";

-- TRN-4: 0.5 auditor-days while a recertification audit overlaps the transition audit
SELECT rules_auditors.try(format($$INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days)
    VALUES (%1$s, 'transition', '2024-01-10', '2024-01-10', 0.5), (%1$s, 'recertification', '2024-01-08', '2024-01-11', NULL)$$,
    rules_auditors.cert('AUD-T'))) AS "transition 0.5 with a recertification";
SELECT rules_auditors.try(format('UPDATE isms.audit SET start_date = %L, end_date = %L WHERE id = %s',
    '2024-02-08', '2024-02-11', rules_auditors.audit_id('AUD-T', 'recertification'))) AS "recertification moved away";
SELECT rules_auditors.try(format('UPDATE isms.audit SET start_date = %L WHERE id = %s',
    '2024-01-09', rules_auditors.audit_id('AUD-T', 'recertification')), keep => false) AS "recertification still overlapping";
SELECT rules_auditors.try(format('UPDATE isms.audit SET kind = %L WHERE id = %s',
    'surveillance', rules_auditors.audit_id('AUD-T', 'recertification'))) AS "recertification becomes a surveillance";
SELECT rules_auditors.try(format('UPDATE isms.audit SET certificate_id = %s WHERE id = %s',
    rules_auditors.cert('AUD-T2'), rules_auditors.audit_id('AUD-T', 'recertification'))) AS "recertification moved to another certificate";
SELECT rules_auditors.try(format('DELETE FROM isms.audit WHERE id = %s',
    rules_auditors.audit_id('AUD-T', 'recertification'))) AS "recertification deleted";
SELECT rules_auditors.try(format('DELETE FROM isms.audit WHERE certificate_id = %s',
    rules_auditors.cert('AUD-T')), keep => false) AS "both deleted";

-- persons in scope: at least 1 on an audit (CHECK); an audit without them is
-- compared with the certificate's persons_in_scope
SELECT rules_auditors.audit('AUD-R2', 'surveillance', '2024-03-04', '2024-03-05', 0.5, 0) AS "audit with 0 persons";
SELECT rules_auditors.audit('AUD-R2', 'surveillance', '2024-03-04', '2024-03-05', 2.5, NULL, keep => false) AS "certificate persons not recorded";
UPDATE isms.certificate SET persons_in_scope = 40 WHERE id = rules_auditors.cert('AUD-R2');
SELECT rules_auditors.audit('AUD-R2', 'surveillance', '2024-03-04', '2024-03-05', 2.5, NULL) AS "the certificate's 40 persons";
SELECT rules_auditors.audit('AUD-R2', 'surveillance', '2024-03-04', '2024-03-05', 2.5, 10, keep => false) AS "the audit's 10 persons count";
SELECT rules_auditors.audit('AUD-R2', 'surveillance', '2024-03-04', '2024-03-05', 3, NULL, keep => false) AS "at the certificate's figure";

/* ------------------------------------------------------------------
 * ACC-3: CertSearch listing by the accreditation of the body
 * ------------------------------------------------------------------ */
SELECT n.num, d.on_date, x.*
FROM (VALUES ('AUD-1'), ('AUD-S'), ('AUD-W')) AS n(num)
CROSS JOIN (VALUES (date '2014-12-31'), ('2023-12-31'), ('2024-01-01'), ('2024-06-30'),
                   ('2024-07-01'), ('2025-05-31'), ('2025-06-01')) AS d(on_date)
CROSS JOIN LATERAL isms.cert_accreditation(rules_auditors.cert(n.num), d.on_date) x
ORDER BY n.num, d.on_date;
-- the parameter withdrawn_listing_months [P] (default 3), overridden per scheme
SELECT withdrawn_listing_months FROM isms.scheme WHERE code = 'ISMS';
BEGIN;
INSERT INTO isms.scheme_setting (scheme, withdrawn_listing_months) VALUES ('ISMS', 1);
SELECT * FROM isms.cert_accreditation(rules_auditors.cert('AUD-W'), '2024-01-31');
SELECT * FROM isms.cert_accreditation(rules_auditors.cert('AUD-W'), '2024-02-01');
ROLLBACK;
-- withdrawn: counted from the end of the last active (or suspended) period,
-- not from the end of a period recorded as withdrawn; a withdrawn period
-- recorded later does not list certificates again
INSERT INTO isms.certification_body (code, name) VALUES ('AUD-CB-W2', 'rules_auditors body, withdrawn with an end date'),
    ('AUD-CB-W3', 'rules_auditors body, withdrawn, never active'), ('AUD-CB-S2', 'rules_auditors body, suspended twice');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from, valid_until, status)
SELECT ab.id, cb.id, 'ISMS', v.f::date, v.u::date, v.s::isms.accreditation_status
FROM isms.accreditation_body ab,
     (VALUES ('AUD-CB-W2', '2015-04-01', '2024-11-30', 'active'),
             ('AUD-CB-W2', '2024-12-01', '2025-12-31', 'withdrawn'),
             ('AUD-CB-W3', '2024-12-01', NULL, 'withdrawn'),
             ('AUD-CB-S2', '2015-04-01', '2023-05-31', 'active'),
             ('AUD-CB-S2', '2023-06-01', '2023-08-31', 'suspended'),
             ('AUD-CB-S2', '2023-09-01', '2024-12-31', 'active'),
             ('AUD-CB-S2', '2025-01-01', '2025-12-31', 'suspended')) AS v(cb, f, u, s)
JOIN isms.certification_body cb ON cb.code = v.cb
WHERE ab.code = 'AUD-AB';
SELECT rules_auditors.granted('AUD-W2', '2024-04-01', cb => 'AUD-CB-W2');
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT b.id, 'AUD-W3', o.id, 'ISO/IEC 27001:2022', 'never accredited'
FROM isms.certification_body b, isms.organisation o
WHERE b.code = 'AUD-CB-W3' AND o.name = 'rules_auditors organisation';
SELECT n.num, d.on_date, x.*
FROM (VALUES ('AUD-W2'), ('AUD-W3')) AS n(num)
CROSS JOIN (VALUES (date '2024-11-30'), ('2024-12-01'), ('2025-02-28'), ('2025-03-01'),
                   ('2025-10-01'), ('2026-03-31')) AS d(on_date)
CROSS JOIN LATERAL isms.cert_accreditation(rules_auditors.cert(n.num), d.on_date) x
ORDER BY n.num, d.on_date;
-- suspended: listed while the certificate is valid, until the last day of its
-- validity in force on on_date (valid_periods: recertified 2023-11-15 to
-- 2027-01-14, but a 2013 certificate ends 2025-10-31 by TRN-3)
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT b.id, 'AUD-S2', o.id, 'ISO/IEC 27001:2013', 'suspended body'
FROM isms.certification_body b, isms.organisation o
WHERE b.code = 'AUD-CB-S2' AND o.name = 'rules_auditors organisation';
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
SELECT rules_auditors.cert('AUD-S2'), v.k::isms.audit_kind, v.f::date, v.u::date
FROM (VALUES ('stage1', '2020-11-02', '2020-11-03'), ('stage2', '2020-12-01', '2020-12-03'),
             ('surveillance', '2021-12-01', '2021-12-02'), ('surveillance', '2022-12-01', '2022-12-02'),
             ('recertification', '2023-10-02', '2023-10-04')) AS v(k, f, u);
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (rules_auditors.cert('AUD-S2'), 'grant', '2021-01-15', '2024-01-14');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (rules_auditors.cert('AUD-S2'), 'recertify', '2023-11-15', '2027-01-14');
SELECT d.on_date, x.*, isms.status_at(rules_auditors.cert('AUD-S2'), d.on_date) AS status,
       x.listed = (d.on_date <= x.listed_until) AS listed_agrees
FROM (VALUES (date '2023-06-15'), ('2023-09-01'), ('2025-01-01'), ('2025-10-31'), ('2025-11-01')) AS d(on_date)
CROSS JOIN LATERAL isms.cert_accreditation(rules_auditors.cert('AUD-S2'), d.on_date) x
ORDER BY d.on_date;
-- no such certificate: no row; NULL arguments: no row (STRICT)
SELECT count(*) AS unknown FROM isms.cert_accreditation(-1, '2024-01-01');
SELECT count(*) AS null_date FROM isms.cert_accreditation(rules_auditors.cert('AUD-1'), NULL);

DROP SCHEMA rules_auditors CASCADE;
