--
-- lifecycle: realistic certificate lives, step by step, with their audits
-- and decisions, and after each step what the read functions say:
-- isms.timeline, isms.status_at on the boundary days, isms.valid_periods,
-- the derived columns of isms.certificate, isms.audit_programme,
-- isms.cert_restoration_window and isms.cert_latest_expiry.
--
--   lifecycle-1  grant (corrected once, LOG-1), surveillance, suspension and
--                reinstatement, recertification, expiry by date, restoration,
--                scope reduction and extension, transition to the 2022
--                edition, second recertification, withdrawal
--   lifecycle-2  grant, cancellation by the client
--   lifecycle-3  grant, lapse beyond the restoration window, new grant (REC-4)
--
-- Every decision takes effect before 2026, so the derived columns no longer
-- change with the day the test runs; the stored status (computed as of the
-- current date) is only shown at the end, when every history is over.
-- Rejected statements go through pg_temp.rejected(), which reports
-- "<SQLSTATE> <constraint name>: <message>" with detail and hint (ids
-- masked as <id>).
--
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default

-- (regress.rejected, sql/helpers.sql)
CREATE PROCEDURE pg_temp.rejected(stmt text) LANGUAGE sql AS $$ CALL regress.rejected(stmt) $$;

-- The ISMS scheme runs with its shipped parameters in this file (no
-- isms.scheme_setting row is left behind by earlier tests).
SELECT s.code, s.cycle_years, s.expiry_offset_days, s.first_surveillance_months,
       s.restoration_months, s.stage2_decision_months, s.max_stage_gap_days,
       ss.scheme IS NOT NULL AS overridden
FROM isms.scheme s LEFT JOIN isms.scheme_setting ss ON ss.scheme = s.code
WHERE s.code = 'ISMS';

-- Reference data: an accreditation body, a certification body accredited
-- for the ISMS scheme since 2010 (ACC-1), an organisation.
INSERT INTO isms.accreditation_body (code, name, country, iaf_mla)
VALUES ('lifecycle-AB', 'lifecycle accreditation body', 'JP', true);
INSERT INTO isms.certification_body (code, name, country)
VALUES ('lifecycle-CB', 'lifecycle certification body', 'JP');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, accreditation_number, valid_from)
SELECT ab.id, cb.id, 'ISMS', 'ISR-LC-001', '2010-01-01'
FROM isms.accreditation_body ab, isms.certification_body cb
WHERE ab.code = 'lifecycle-AB' AND cb.code = 'lifecycle-CB';
INSERT INTO isms.organisation (name, name_local, country, city)
VALUES ('lifecycle Payroll KK', 'ライフサイクル給与株式会社', 'JP', 'Tokyo');

-- helpers
CREATE PROCEDURE pg_temp.new_cert(num text, std text, scope text)
LANGUAGE sql AS $$
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    SELECT b.id, num, o.id, std, scope
    FROM isms.certification_body b, isms.organisation o
    WHERE b.code = 'lifecycle-CB' AND o.name = 'lifecycle Payroll KK'
$$;
CREATE FUNCTION pg_temp.cid(num text) RETURNS bigint
LANGUAGE sql STABLE AS $$
    SELECT id FROM isms.certificate WHERE certificate_number = num
$$;
CREATE PROCEDURE pg_temp.audit(num text, kind isms.audit_kind, s date, e date)
LANGUAGE sql AS $$
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
    VALUES (pg_temp.cid(num), kind, s, e)
$$;
-- derived columns other than status
CREATE TEMP VIEW cert AS
SELECT certificate_number AS number, original_certification_date AS original,
       cycle_start, expiry_date, revision
FROM isms.certificate WHERE certificate_number LIKE 'lifecycle-%';
-- status history, naming the decision kind instead of its id
CREATE FUNCTION pg_temp.timeline(num text)
RETURNS TABLE (valid_from date, valid_until date, status isms.cert_status, set_by text)
LANGUAGE sql STABLE AS $$
    SELECT t.valid_from, t.valid_until, t.status,
           coalesce(d.kind || ' of ' || d.decision_date, '(expiry date)')
    FROM isms.timeline(pg_temp.cid(num)) AS t
    LEFT JOIN isms.decision d ON d.id = t.decision_id
    ORDER BY t.valid_from
$$;
-- status on each of the given days
CREATE FUNCTION pg_temp.status_on(num text, days date[])
RETURNS TABLE (day date, status isms.cert_status)
LANGUAGE sql STABLE AS $$
    SELECT d, isms.status_at(pg_temp.cid(num), d) FROM unnest(days) AS d ORDER BY d
$$;
-- the audit programme on a day
CREATE FUNCTION pg_temp.programme(num text, as_of date)
RETURNS TABLE (cycle_start date, rule text, due_from date, due_by date, done_on date, state text)
LANGUAGE sql STABLE AS $$
    SELECT cycle_start, rule, due_from, due_by, done_on, state
    FROM isms.audit_programme(pg_temp.cid(num), as_of) ORDER BY due_by, rule
$$;
-- the decisions, as recorded (effective_date filled in, corrections named)
CREATE FUNCTION pg_temp.decisions(num text)
RETURNS TABLE (kind isms.decision_kind, decided date, effective date, new_expiry date,
               new_standard text, corrects text, reason text)
LANGUAGE sql STABLE AS $$
    SELECT d.kind, d.decision_date, d.effective_date, d.new_expiry, d.new_standard,
           c.kind || ' of ' || c.decision_date || ' until ' || c.new_expiry, d.reason
    FROM isms.decision d LEFT JOIN isms.decision c ON c.id = d.corrects
    WHERE d.certificate_id = pg_temp.cid(num) ORDER BY d.id
$$;

--------------------------------------------------------------------------
-- lifecycle-1: ISO/IEC 27001:2013, two sites
--------------------------------------------------------------------------
CALL pg_temp.new_cert('lifecycle-1', 'ISO/IEC 27001:2013',
    'Development and operation of cloud payroll services at the Tokyo head office and the Osaka data centre');
-- a new certificate is a draft, with nothing derived yet
SELECT * FROM cert WHERE number = 'lifecycle-1';
SELECT status FROM isms.certificate WHERE certificate_number = 'lifecycle-1';
SELECT * FROM pg_temp.timeline('lifecycle-1');
SELECT isms.valid_periods(pg_temp.cid('lifecycle-1')),
       isms.cert_restoration_window(pg_temp.cid('lifecycle-1')),
       isms.status_at(pg_temp.cid('lifecycle-1'), '2016-01-01');

-- Step 1: initial audit (CYC-1) and grant, decided 2016-03-25.  The grant
-- is first recorded with a mistyped expiry date, then corrected (LOG-1):
-- the correction replaces it in every rule and reader.
CALL pg_temp.audit('lifecycle-1', 'stage1', '2016-01-12', '2016-01-13');
CALL pg_temp.audit('lifecycle-1', 'stage2', '2016-02-15', '2016-02-18');
SELECT isms.cert_latest_expiry(pg_temp.cid('lifecycle-1'), 'grant', '2016-03-25') AS latest_expiry;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('lifecycle-1'), 'grant', '2016-03-25', '2019-03-14')
RETURNING id AS wrong_grant \gset
SELECT * FROM cert WHERE number = 'lifecycle-1';
SELECT * FROM pg_temp.timeline('lifecycle-1');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, corrects, reason)
VALUES (pg_temp.cid('lifecycle-1'), 'grant', '2016-03-25', '2019-03-24', :wrong_grant,
        'LOG-1: the expiry date was typed as 2019-03-14');
SELECT * FROM pg_temp.decisions('lifecycle-1');
SELECT * FROM cert WHERE number = 'lifecycle-1';
SELECT * FROM pg_temp.timeline('lifecycle-1');
SELECT * FROM pg_temp.status_on('lifecycle-1',
    '{2016-03-24,2016-03-25,2019-03-14,2019-03-15,2019-03-24,2019-03-25}');
SELECT isms.valid_periods(pg_temp.cid('lifecycle-1'));
-- what is due (SUR-1 within 12 months, SUR-2 in 2017 and 2018, REC-1)
SELECT * FROM pg_temp.programme('lifecycle-1', '2016-12-01');

-- Step 2: first surveillance audit; the programme a year later
CALL pg_temp.audit('lifecycle-1', 'surveillance', '2017-02-20', '2017-02-21');
SELECT * FROM pg_temp.programme('lifecycle-1', '2017-04-01');

-- Step 3: suspension (SUS-1) and reinstatement (SUS-2), effective on
-- their decision dates (effective_date left out)
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
VALUES (pg_temp.cid('lifecycle-1'), 'suspend', '2017-06-05', 'major nonconformity not corrected');
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
VALUES (pg_temp.cid('lifecycle-1'), 'reinstate', '2017-08-21', 'corrective actions verified');
SELECT kind, decided, effective FROM pg_temp.decisions('lifecycle-1') WHERE kind IN ('suspend', 'reinstate');
SELECT * FROM pg_temp.timeline('lifecycle-1');
SELECT * FROM pg_temp.status_on('lifecycle-1', '{2017-06-04,2017-06-05,2017-08-20,2017-08-21}');
SELECT isms.valid_periods(pg_temp.cid('lifecycle-1'));
-- suspension and reinstatement are no new revision
SELECT * FROM cert WHERE number = 'lifecycle-1';

-- Step 4: recertification before expiry (REC-1): a new cycle from the
-- decision date (CYC-2), expiry counted from the previous one (CYC-3);
-- new_expiry left out: the latest date allowed
CALL pg_temp.audit('lifecycle-1', 'surveillance', '2018-02-19', '2018-02-20');
CALL pg_temp.audit('lifecycle-1', 'recertification', '2019-01-21', '2019-01-24');
SELECT * FROM pg_temp.programme('lifecycle-1', '2019-02-01');
SELECT isms.cert_latest_expiry(pg_temp.cid('lifecycle-1'), 'recertify', '2019-02-28') AS latest_expiry,
       isms.cert_restoration_window(pg_temp.cid('lifecycle-1')) AS restoration_window;
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (pg_temp.cid('lifecycle-1'), 'recertify', '2019-02-28');
SELECT kind, decided, effective, new_expiry FROM pg_temp.decisions('lifecycle-1') WHERE kind = 'recertify';
SELECT * FROM cert WHERE number = 'lifecycle-1';
SELECT * FROM pg_temp.timeline('lifecycle-1');
SELECT * FROM pg_temp.status_on('lifecycle-1', '{2019-02-28,2019-03-24,2019-03-25,2022-03-24,2022-03-25}');
-- the new cycle is not initial: no SUR-1; SUR-2 in 2020 and 2021
SELECT * FROM pg_temp.programme('lifecycle-1', '2019-06-01');
-- the cycle on a day before the recertification is still the first one
SELECT DISTINCT cycle_start FROM pg_temp.programme('lifecycle-1', '2019-02-27');

-- Step 5: expiry by date (REC-2): surveillance goes on, but no
-- recertification audit and no decision before 2022-03-24
CALL pg_temp.audit('lifecycle-1', 'surveillance', '2020-02-17', '2020-02-18');
CALL pg_temp.audit('lifecycle-1', 'surveillance', '2021-02-15', '2021-02-16');
SELECT * FROM pg_temp.programme('lifecycle-1', '2022-03-24');
SELECT * FROM pg_temp.programme('lifecycle-1', '2022-04-01');
SELECT * FROM pg_temp.timeline('lifecycle-1');
SELECT * FROM pg_temp.status_on('lifecycle-1', '{2022-03-24,2022-03-25,2022-09-24,2022-09-25}');
-- restoration is possible until expiry + 6 months (REC-3)
SELECT isms.cert_restoration_window(pg_temp.cid('lifecycle-1')) AS restoration_window,
       isms.cert_latest_expiry(pg_temp.cid('lifecycle-1'), 'restore', '2022-06-15') AS latest_expiry;

-- Step 6: restoration within the window, after the recertification audit
-- (REC-3): a new cycle; the lapse stays a gap in the valid periods
CALL pg_temp.audit('lifecycle-1', 'recertification', '2022-05-09', '2022-05-11');
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (pg_temp.cid('lifecycle-1'), 'restore', '2022-06-15');
SELECT kind, decided, effective, new_expiry FROM pg_temp.decisions('lifecycle-1') WHERE kind = 'restore';
SELECT * FROM cert WHERE number = 'lifecycle-1';
SELECT * FROM pg_temp.timeline('lifecycle-1');
SELECT * FROM pg_temp.status_on('lifecycle-1', '{2022-03-25,2022-06-14,2022-06-15,2025-03-24,2025-03-25}');
SELECT isms.valid_periods(pg_temp.cid('lifecycle-1'));
SELECT isms.cert_restoration_window(pg_temp.cid('lifecycle-1')) AS restoration_window;
SELECT * FROM pg_temp.programme('lifecycle-1', '2022-07-01');

-- Step 7: scope reduction (SCO-1): the Osaka data centre leaves the scope;
-- a new revision, the certificate's scope statement follows
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope_statement)
VALUES (pg_temp.cid('lifecycle-1'), 'reduce_scope', '2022-11-01',
        'Development and operation of cloud payroll services at the Tokyo head office');
SELECT c.*, i.scope_statement FROM cert c JOIN isms.certificate i ON i.certificate_number = c.number
WHERE c.number = 'lifecycle-1';
-- the scope changes only by decisions
CALL pg_temp.rejected($$
    UPDATE isms.certificate SET scope_statement = 'Everything'
    WHERE certificate_number = 'lifecycle-1'$$);

-- Step 8: scope extension: rejected without a special audit of the
-- current cycle (SCO-1), accepted after it
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope_statement)
    VALUES (pg_temp.cid('lifecycle-1'), 'extend_scope', '2023-06-01',
            'Development and operation of cloud payroll services at the Tokyo head office and the Fukuoka data centre')$$);
CALL pg_temp.audit('lifecycle-1', 'special', '2023-05-15', '2023-05-16');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope_statement)
VALUES (pg_temp.cid('lifecycle-1'), 'extend_scope', '2023-06-01',
        'Development and operation of cloud payroll services at the Tokyo head office and the Fukuoka data centre');
SELECT c.*, i.scope_statement FROM cert c JOIN isms.certificate i ON i.certificate_number = c.number
WHERE c.number = 'lifecycle-1';
-- scope changes keep the status and the cycle
SELECT * FROM pg_temp.timeline('lifecycle-1');

-- Step 9: transition to the 2022 edition (IAF MD 26), after a transition
-- audit held with the 2024 surveillance audit; a new revision
CALL pg_temp.audit('lifecycle-1', 'surveillance', '2023-09-11', '2023-09-12');
CALL pg_temp.audit('lifecycle-1', 'surveillance', '2024-02-05', '2024-02-06');
CALL pg_temp.audit('lifecycle-1', 'transition', '2024-02-05', '2024-02-06');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard)
VALUES (pg_temp.cid('lifecycle-1'), 'transition', '2024-03-01', 'ISO/IEC 27001:2022');
SELECT c.*, i.standard FROM cert c JOIN isms.certificate i ON i.certificate_number = c.number
WHERE c.number = 'lifecycle-1';
-- the standard changes only by decisions
CALL pg_temp.rejected($$
    UPDATE isms.certificate SET standard = 'ISO/IEC 27001:2013'
    WHERE certificate_number = 'lifecycle-1'$$);
SELECT * FROM pg_temp.programme('lifecycle-1', '2024-06-01');

-- Step 10: second recertification, with an explicit new expiry
CALL pg_temp.audit('lifecycle-1', 'recertification', '2025-01-20', '2025-01-22');
SELECT isms.cert_latest_expiry(pg_temp.cid('lifecycle-1'), 'recertify', '2025-02-20') AS latest_expiry;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('lifecycle-1'), 'recertify', '2025-02-20', '2028-03-24');
SELECT * FROM cert WHERE number = 'lifecycle-1';
SELECT * FROM pg_temp.timeline('lifecycle-1');
SELECT * FROM pg_temp.programme('lifecycle-1', '2025-06-01');
SELECT isms.cert_restoration_window(pg_temp.cid('lifecycle-1')) AS restoration_window;

-- Step 11: withdrawal (WDR-1), decided 2025-10-20 and taking effect on
-- 2025-11-01 (CYC-4 allows a later effective date)
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, reason)
VALUES (pg_temp.cid('lifecycle-1'), 'withdraw', '2025-10-20', '2025-11-01',
        'failure to allow the 2025 surveillance audit');
SELECT * FROM pg_temp.status_on('lifecycle-1', '{2025-10-19,2025-10-20,2025-10-31,2025-11-01,2028-03-24,2028-03-25}');
SELECT * FROM pg_temp.timeline('lifecycle-1');
SELECT isms.valid_periods(pg_temp.cid('lifecycle-1'));
-- final: no restoration window, no programme after withdrawal
SELECT isms.cert_restoration_window(pg_temp.cid('lifecycle-1')) AS restoration_window;
SELECT * FROM pg_temp.programme('lifecycle-1', '2025-12-01');
SELECT * FROM pg_temp.programme('lifecycle-1', '2025-10-31');
-- nothing follows a withdrawal
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (pg_temp.cid('lifecycle-1'), 'reinstate', '2025-12-01')$$);
-- the whole record
SELECT * FROM pg_temp.decisions('lifecycle-1');
SELECT c.*, i.status, i.standard, i.scope_statement
FROM cert c JOIN isms.certificate i ON i.certificate_number = c.number
WHERE c.number = 'lifecycle-1';

--------------------------------------------------------------------------
-- lifecycle-2: granted, then cancelled (surrendered) by the client
--------------------------------------------------------------------------
CALL pg_temp.new_cert('lifecycle-2', 'ISO/IEC 27001:2022', 'Payroll outsourcing services at the Nagoya office');
CALL pg_temp.audit('lifecycle-2', 'stage1', '2023-06-05', '2023-06-06');
CALL pg_temp.audit('lifecycle-2', 'stage2', '2023-07-10', '2023-07-12');
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (pg_temp.cid('lifecycle-2'), 'grant', '2023-08-01');
SELECT * FROM cert WHERE number = 'lifecycle-2';
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
VALUES (pg_temp.cid('lifecycle-2'), 'cancel', '2024-05-10', 'certificate surrendered by the client');
SELECT * FROM pg_temp.timeline('lifecycle-2');
SELECT * FROM pg_temp.status_on('lifecycle-2', '{2023-07-31,2023-08-01,2024-05-09,2024-05-10,2026-07-31,2026-08-01}');
SELECT isms.valid_periods(pg_temp.cid('lifecycle-2')),
       isms.cert_restoration_window(pg_temp.cid('lifecycle-2')) AS restoration_window;
SELECT * FROM pg_temp.programme('lifecycle-2', '2024-06-01');
-- cancelled is final (WDR-1)
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (pg_temp.cid('lifecycle-2'), 'grant', '2024-06-01')$$);
SELECT c.*, i.status FROM cert c JOIN isms.certificate i ON i.certificate_number = c.number
WHERE c.number = 'lifecycle-2';

--------------------------------------------------------------------------
-- lifecycle-3: lapsed beyond the restoration window; only a new grant
-- after a new stage 2 audit is possible (REC-4)
--------------------------------------------------------------------------
CALL pg_temp.new_cert('lifecycle-3', 'ISO/IEC 27001:2013', 'Payroll data processing at the Sapporo centre');
CALL pg_temp.audit('lifecycle-3', 'stage1', '2018-04-09', '2018-04-10');
CALL pg_temp.audit('lifecycle-3', 'stage2', '2018-05-14', '2018-05-16');
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (pg_temp.cid('lifecycle-3'), 'grant', '2018-06-01');
CALL pg_temp.audit('lifecycle-3', 'surveillance', '2019-05-20', '2019-05-21');
CALL pg_temp.audit('lifecycle-3', 'surveillance', '2020-05-18', '2020-05-19');
SELECT * FROM cert WHERE number = 'lifecycle-3';
-- no recertification: expired on 2021-06-01, restorable until 2021-11-30
SELECT isms.cert_restoration_window(pg_temp.cid('lifecycle-3')) AS restoration_window;
SELECT * FROM pg_temp.status_on('lifecycle-3', '{2021-05-31,2021-06-01,2021-11-30,2021-12-01}');
CALL pg_temp.audit('lifecycle-3', 'recertification', '2021-11-15', '2021-11-17');
-- one day after the window: no restoration
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (pg_temp.cid('lifecycle-3'), 'restore', '2021-12-01')$$);
-- a new grant needs a stage 2 audit starting after the old expiry
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (pg_temp.cid('lifecycle-3'), 'grant', '2021-12-01')$$);
CALL pg_temp.audit('lifecycle-3', 'stage2', '2022-01-17', '2022-01-19');
SELECT isms.cert_latest_expiry(pg_temp.cid('lifecycle-3'), 'grant', '2022-02-15') AS latest_expiry;
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (pg_temp.cid('lifecycle-3'), 'grant', '2022-02-15');
-- a new cycle from the new grant; the original certification date stays
-- (REC-5); the lapse is a gap
SELECT * FROM cert WHERE number = 'lifecycle-3';
SELECT * FROM pg_temp.decisions('lifecycle-3');
SELECT * FROM pg_temp.timeline('lifecycle-3');
SELECT * FROM pg_temp.status_on('lifecycle-3', '{2022-02-14,2022-02-15,2025-02-14,2025-02-15}');
SELECT isms.valid_periods(pg_temp.cid('lifecycle-3'));
-- the new cycle is an initial one again: SUR-1 applies
SELECT * FROM pg_temp.programme('lifecycle-3', '2022-03-01');
SELECT c.*, i.status FROM cert c JOIN isms.certificate i ON i.certificate_number = c.number
WHERE c.number = 'lifecycle-3';
