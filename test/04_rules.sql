-- 04_rules: the scheme's rules as enforced by the triggers, one boundary at
-- a time.  For each rule: lives_ok on the last allowed day (or with the
-- evidence just in place) and throws_ok with the SQLSTATE one day past it
-- (or with the evidence just missing); rule_error() also checks that the
-- error names the rule in its constraint field.
--   23514 check_violation: CYC-1, CYC-3, CYC-4, CYC-5, CYC-6, SUR-1, SUR-2,
--         REC-1, REC-3, REC-4, SCO-1, ACC-1, LOG-1 (bad "corrects")
--   55000 illegal transition: SUS-1, SUS-2, WDR-1, REC-1, REC-3,
--         legal_transition; certificate and shipped-row guards
--   23001 LOG-1 (UPDATE, DELETE, TRUNCATE of decisions)
--   23P01 ACC-2; 428C9 derived certificate columns
-- Dates are fixed (no dependence on today); stored certificate columns,
-- which are computed as of today, are never asserted.
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

BEGIN;
\ir helpers/common.psql
SET LOCAL search_path = isms, public;
SET LOCAL datestyle = ISO;
SET LOCAL timezone = 'UTC';

SET CONSTRAINTS ALL IMMEDIATE;  -- the ACC-1 accreditation recheck is deferred to commit otherwise
SELECT plan(273);

/* ==================================================================
 * Fixture: bodies, accreditations, an organisation, helpers
 * ================================================================== */
INSERT INTO isms.accreditation_body (code, name, country, iaf_mla) VALUES
    ('T04-AB', 'T04 accreditation body', 'JP', true),
    ('T04-AB2', 'T04 second accreditation body', 'JP', false);
INSERT INTO isms.certification_body (code, name, country, expiry_offset_days, max_stage_gap_days) VALUES
    ('T04-CB', 'T04 certification body', 'JP', NULL, NULL),
    ('T04-CB-GAP', 'T04 body with a 30-day stage gap limit (CYC-6)', 'JP', NULL, 30),
    ('T04-CB-OFF0', 'T04 body with expiry offset 0 (CYC-3)', 'JP', 0, NULL),
    ('T04-CB-ACC', 'T04 body accredited 2023-2024 only (ACC-1)', 'JP', NULL, NULL),
    ('T04-CB-SUSP', 'T04 body with a suspended accreditation (ACC-1)', 'JP', NULL, NULL);
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, accreditation_number, valid_from, valid_until, status)
SELECT ab.id, cb.id, 'ISMS', v.num, v.valid_from, v.valid_until, v.status::isms.accreditation_status
  FROM (VALUES ('T04-CB', 'T04-ACC-1', DATE '2000-01-01', NULL::date, 'active'),
               ('T04-CB-GAP', 'T04-ACC-2', '2000-01-01', NULL, 'active'),
               ('T04-CB-OFF0', 'T04-ACC-3', '2000-01-01', NULL, 'active'),
               ('T04-CB-ACC', 'T04-ACC-4', '2023-01-01', '2024-12-31', 'active'),
               ('T04-CB-SUSP', 'T04-ACC-5', '2000-01-01', NULL, 'suspended'))
       AS v(cb, num, valid_from, valid_until, status)
  JOIN isms.certification_body cb ON cb.code = v.cb
  JOIN isms.accreditation_body ab ON ab.code = 'T04-AB';
INSERT INTO isms.organisation (name, country) VALUES ('T04 organisation', 'JP'), ('T04 organisation 2', 'JP');

-- A draft certificate 'T04-<num>' with a one-day stage 1 and a one-day
-- stage 2 audit on the given days (NULL: no such audit).
CREATE FUNCTION t04_cert(num text, stage1 date, stage2 date, cb text DEFAULT 'T04-CB')
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    cid bigint;
BEGIN
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    SELECT b.id, 'T04-' || num, o.id, 'ISO/IEC 27001:2022', 'Scope of T04-' || num
      FROM isms.certification_body b, isms.organisation o
     WHERE b.code = cb AND o.name = 'T04 organisation'
    RETURNING id INTO cid;
    IF stage1 IS NOT NULL THEN
        INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
        VALUES (cid, 'stage1', stage1, stage1);
    END IF;
    IF stage2 IS NOT NULL THEN
        INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
        VALUES (cid, 'stage2', stage2, stage2);
    END IF;
    RETURN cid;
END $$;

CREATE FUNCTION t04_id(num text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT id FROM isms.certificate WHERE certificate_number = 'T04-' || num
$$;

CREATE FUNCTION t04_audit(num text, kind isms.audit_kind, start_date date, end_date date DEFAULT NULL)
RETURNS bigint LANGUAGE sql AS $$
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
    VALUES (t04_id(num), kind, start_date, coalesce(end_date, start_date))
    RETURNING id
$$;

CREATE FUNCTION t04_decide(num text, kind isms.decision_kind, decided date,
                           new_expiry date DEFAULT NULL, effective date DEFAULT NULL,
                           corrects bigint DEFAULT NULL, new_scope text DEFAULT NULL,
                           new_standard text DEFAULT NULL)
RETURNS bigint LANGUAGE sql AS $$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry,
                               corrects, new_scope_statement, new_standard)
    VALUES (t04_id(num), kind, decided, effective, new_expiry, corrects, new_scope, new_standard)
    RETURNING id
$$;

-- Id of the last decision of that kind on the certificate.
CREATE FUNCTION t04_last(num text, kind isms.decision_kind) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT max(d.id) FROM isms.decision d WHERE d.certificate_id = t04_id($1) AND d.kind = $2
$$;

-- The standard cycle: stage 1 on 2023-02-01, stage 2 on 2023-03-01, grant
-- decided 2023-04-01 with expiry 2026-03-31 (CYC-3 bound), and, unless
-- told otherwise, the surveillance audits of SUR-1/SUR-2 2024 (2024-03-10)
-- and SUR-2 2025 (2025-03-10).
CREATE FUNCTION t04_granted(num text, surveillance boolean DEFAULT true, cb text DEFAULT 'T04-CB')
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
    cid bigint := t04_cert(num, '2023-02-01', '2023-03-01', cb);
BEGIN
    PERFORM t04_decide(num, 'grant', '2023-04-01', '2026-03-31');
    IF surveillance THEN
        PERFORM t04_audit(num, 'surveillance', '2024-03-10');
        PERFORM t04_audit(num, 'surveillance', '2025-03-10');
    END IF;
    RETURN cid;
END $$;

/* ==================================================================
 * CYC-1: stage 1 and stage 2 audits, stage 2 on or after the end of
 * stage 1, grant on or after the end of stage 2
 * ================================================================== */
SELECT lives_ok($$SELECT t04_cert('CYC1-A', '2023-02-01', '2023-03-01')$$, 'setup: CYC1-A, stage 1 2023-02-01, stage 2 2023-03-01');
SELECT throws_ok($$SELECT t04_decide('CYC1-A', 'grant', '2023-02-28', '2026-02-27')$$, '23514', NULL,
                 'CYC-1: grant decided the day before stage 2 ends is rejected');
SELECT is(rule_error($$SELECT t04_decide('CYC1-A', 'grant', '2023-02-28', '2026-02-27')$$), '23514 CYC-1',
          'CYC-1: the error names rule CYC-1');
SELECT lives_ok($$SELECT t04_decide('CYC1-A', 'grant', '2023-03-01', '2026-02-28')$$,
                'CYC-1: grant decided on the day stage 2 ends is accepted');

SELECT lives_ok($$SELECT t04_cert('CYC1-B', '2023-03-02', '2023-03-01')$$, 'setup: CYC1-B, stage 1 ends the day after stage 2 starts');
SELECT throws_ok($$SELECT t04_decide('CYC1-B', 'grant', '2023-04-01', '2026-03-31')$$, '23514', NULL,
                 'CYC-1: stage 2 starting the day before stage 1 ends does not count');
SELECT is(rule_error($$SELECT t04_decide('CYC1-B', 'grant', '2023-04-01', '2026-03-31')$$), '23514 CYC-1',
          'CYC-1: the error names rule CYC-1 (stage order)');
SELECT lives_ok($$SELECT t04_cert('CYC1-C', '2023-03-01', '2023-03-01')$$, 'setup: CYC1-C, stage 1 ends the day stage 2 starts');
SELECT lives_ok($$SELECT t04_decide('CYC1-C', 'grant', '2023-04-01', '2026-03-31')$$,
                'CYC-1: stage 2 starting on the day stage 1 ends counts');

SELECT lives_ok($$SELECT t04_cert('CYC1-D', NULL, '2023-03-01')$$, 'setup: CYC1-D, stage 2 only');
SELECT is(rule_error($$SELECT t04_decide('CYC1-D', 'grant', '2023-04-01', '2026-03-31')$$), '23514 CYC-1',
          'CYC-1: a grant without stage 1 is rejected');
SELECT lives_ok($$SELECT t04_cert('CYC1-E', NULL, NULL)$$, 'setup: CYC1-E, no audits');
SELECT is(rule_error($$SELECT t04_decide('CYC1-E', 'grant', '2023-04-01', '2026-03-31')$$), '23514 CYC-1',
          'CYC-1: a grant without any audit is rejected');

/* ==================================================================
 * CYC-3: expiry bound (grant: decision + 3 years - offset; recertify and
 * restore: previous expiry + 3 years)
 * ================================================================== */
SELECT is(isms.latest_expiry('grant', '2023-04-01'), DATE '2026-03-31', 'CYC-3: latest_expiry(grant, 2023-04-01) = 2026-03-31');
SELECT is(isms.latest_expiry('grant', '2024-02-29'), DATE '2027-02-27', 'CYC-3: latest_expiry(grant, 2024-02-29) = 2027-02-27 (date + interval rules)');
SELECT is(isms.latest_expiry('recertify'::isms.decision_kind, '2026-02-01', '2026-03-31'), DATE '2029-03-31', 'CYC-3: latest_expiry(recertify) counts from the previous expiry');
SELECT is(isms.latest_expiry('grant'::isms.decision_kind, '2023-04-01', NULL, 3, 0), DATE '2026-04-01', 'CYC-3: latest_expiry with offset 0');
SELECT is(isms.latest_expiry('suspend', '2023-04-01'), NULL::date, 'CYC-3: latest_expiry is NULL for kinds that set no expiry');

SELECT lives_ok($$SELECT t04_cert('CYC3-A', '2023-02-01', '2023-03-01')$$, 'setup: CYC3-A');
SELECT is(isms.cert_latest_expiry(t04_id('CYC3-A'), 'grant', '2023-04-01'), DATE '2026-03-31',
          'CYC-3: cert_latest_expiry(certificate, grant, 2023-04-01) = 2026-03-31');
SELECT throws_ok($$SELECT t04_decide('CYC3-A', 'grant', '2023-04-01', '2026-04-01')$$, '23514', NULL,
                 'CYC-3: grant decided 2023-04-01 expiring 2026-04-01 is rejected');
SELECT is(rule_error($$SELECT t04_decide('CYC3-A', 'grant', '2023-04-01', '2026-04-01')$$), '23514 CYC-3',
          'CYC-3: the error names rule CYC-3');
SELECT lives_ok($$SELECT t04_decide('CYC3-A', 'grant', '2023-04-01', '2026-03-31')$$,
                'CYC-3: grant decided 2023-04-01 expiring 2026-03-31 is accepted');

SELECT lives_ok($$SELECT t04_cert('CYC3-L', '2024-01-10', '2024-02-01')$$, 'setup: CYC3-L (leap day)');
SELECT is(rule_error($$SELECT t04_decide('CYC3-L', 'grant', '2024-02-29', '2027-02-28')$$), '23514 CYC-3',
          'CYC-3: grant decided 2024-02-29 expiring 2027-02-28 is rejected');
SELECT lives_ok($$SELECT t04_decide('CYC3-L', 'grant', '2024-02-29', '2027-02-27')$$,
                'CYC-3: grant decided 2024-02-29 expiring 2027-02-27 is accepted');

-- [P] the certification body's expiry offset
SELECT lives_ok($$SELECT t04_cert('CYC3-O', '2023-02-01', '2023-03-01', 'T04-CB-OFF0')$$, 'setup: CYC3-O at a body with expiry_offset_days 0');
SELECT is(isms.cert_latest_expiry(t04_id('CYC3-O'), 'grant', '2023-04-01'), DATE '2026-04-01',
          'CYC-3: cert_latest_expiry(certificate, ...) uses the body''s offset 0');
SELECT is(rule_error($$SELECT t04_decide('CYC3-O', 'grant', '2023-04-01', '2026-04-02')$$), '23514 CYC-3',
          'CYC-3 [P]: with offset 0, expiry 2026-04-02 is rejected');
SELECT lives_ok($$SELECT t04_decide('CYC3-O', 'grant', '2023-04-01', '2026-04-01')$$,
                'CYC-3 [P]: with offset 0, expiry 2026-04-01 is accepted');

-- a grant without new_expiry gets the CYC-3 bound
SELECT lives_ok($$SELECT t04_cert('CYC3-D', '2023-02-01', '2023-03-01')$$, 'setup: CYC3-D');
SELECT lives_ok($$SELECT t04_decide('CYC3-D', 'grant', '2023-04-01')$$, 'CYC-3: a grant without new_expiry is accepted');
SELECT is((SELECT new_expiry FROM isms.decision WHERE id = t04_last('CYC3-D', 'grant')), DATE '2026-03-31',
          'CYC-3: ... and its new_expiry is the latest date CYC-3 allows');

-- recertification: anchor is the previous expiry
SELECT lives_ok($$SELECT t04_granted('CYC3-R')$$, 'setup: CYC3-R granted 2023-04-01, expiry 2026-03-31');
SELECT lives_ok($$SELECT t04_audit('CYC3-R', 'recertification', '2026-01-15', '2026-01-16')$$, 'setup: CYC3-R recertification audit');
SELECT is(isms.cert_latest_expiry(t04_id('CYC3-R'), 'recertify', '2026-02-01'), DATE '2029-03-31',
          'CYC-3: cert_latest_expiry(certificate, recertify, 2026-02-01) = previous expiry + 3 years');
SELECT throws_ok($$SELECT t04_decide('CYC3-R', 'recertify', '2026-02-01', '2029-04-01')$$, '23514', NULL,
                 'CYC-3: recertification expiring 2029-04-01 (previous expiry 2026-03-31) is rejected');
SELECT is(rule_error($$SELECT t04_decide('CYC3-R', 'recertify', '2026-02-01', '2029-04-01')$$), '23514 CYC-3',
          'CYC-3: the error names rule CYC-3 (recertification)');
SELECT lives_ok($$SELECT t04_decide('CYC3-R', 'recertify', '2026-02-01', '2029-03-31')$$,
                'CYC-3: recertification expiring 2029-03-31 is accepted');

/* ==================================================================
 * CYC-4: effective on or after the decision date
 * ================================================================== */
SELECT lives_ok($$SELECT t04_cert('CYC4-A', '2023-02-01', '2023-03-01')$$, 'setup: CYC4-A');
SELECT throws_ok($$SELECT t04_decide('CYC4-A', 'grant', '2023-04-01', '2026-03-31', '2023-03-31')$$, '23514', NULL,
                 'CYC-4: a grant effective the day before its decision is rejected');
SELECT is(rule_error($$SELECT t04_decide('CYC4-A', 'grant', '2023-04-01', '2026-03-31', '2023-03-31')$$), '23514 CYC-4',
          'CYC-4: the error names rule CYC-4');
SELECT lives_ok($$SELECT t04_decide('CYC4-A', 'grant', '2023-04-01', '2026-03-31', '2023-04-01')$$,
                'CYC-4: a grant effective on its decision date is accepted');
SELECT lives_ok($$SELECT t04_decide('CYC4-A', 'suspend', '2023-05-01')$$, 'CYC-4: a decision without effective_date is accepted');
SELECT is((SELECT effective_date FROM isms.decision WHERE id = t04_last('CYC4-A', 'suspend')), DATE '2023-05-01',
          'CYC-4: effective_date defaults to the decision date');

/* ==================================================================
 * CYC-5: grant at most 6 months after the end of stage 2
 * ================================================================== */
SELECT lives_ok($$SELECT t04_cert('CYC5-A', '2023-08-01', '2023-08-31')$$, 'setup: CYC5-A, stage 2 ends 2023-08-31');
SELECT throws_ok($$SELECT t04_decide('CYC5-A', 'grant', '2024-03-01', '2027-02-28')$$, '23514', NULL,
                 'CYC-5: grant decided 2024-03-01 (stage 2 ended 2023-08-31) is rejected');
SELECT is(rule_error($$SELECT t04_decide('CYC5-A', 'grant', '2024-03-01', '2027-02-28')$$), '23514 CYC-5',
          'CYC-5: the error names rule CYC-5');
SELECT lives_ok($$SELECT t04_decide('CYC5-A', 'grant', '2024-02-29', '2027-02-27')$$,
                'CYC-5: grant decided 2024-02-29 (= 2023-08-31 + 6 months) is accepted');

/* ==================================================================
 * CYC-6: stage 1 to stage 2 gap, a parameter (default: no limit)
 * ================================================================== */
SELECT lives_ok($$SELECT t04_cert('CYC6-A', '2023-02-01', '2023-03-04', 'T04-CB-GAP')$$, 'setup: CYC6-A, gap of 31 days at a body allowing 30');
SELECT throws_ok($$SELECT t04_decide('CYC6-A', 'grant', '2023-04-01', '2026-03-31')$$, '23514', NULL,
                 'CYC-6: a stage gap of 31 days is rejected where 30 are allowed');
SELECT is(rule_error($$SELECT t04_decide('CYC6-A', 'grant', '2023-04-01', '2026-03-31')$$), '23514 CYC-6',
          'CYC-6: the error names rule CYC-6');
SELECT lives_ok($$SELECT t04_cert('CYC6-B', '2023-02-01', '2023-03-03', 'T04-CB-GAP')$$, 'setup: CYC6-B, gap of 30 days');
SELECT lives_ok($$SELECT t04_decide('CYC6-B', 'grant', '2023-04-01', '2026-03-31')$$,
                'CYC-6: a stage gap of 30 days is accepted where 30 are allowed');
SELECT lives_ok($$SELECT t04_cert('CYC6-C', '2022-11-01', '2023-03-01')$$, 'setup: CYC6-C, gap of 120 days, no limit set');
SELECT lives_ok($$SELECT t04_decide('CYC6-C', 'grant', '2023-04-01', '2026-03-31')$$,
                'CYC-6: by default there is no limit on the stage gap');
-- the scheme setting applies where the body sets none
INSERT INTO isms.scheme_setting (scheme, max_stage_gap_days) VALUES ('ISMS', 119);
SELECT lives_ok($$SELECT t04_cert('CYC6-D', '2022-11-01', '2023-03-01')$$, 'setup: CYC6-D, gap of 120 days, scheme setting 119');
SELECT is(rule_error($$SELECT t04_decide('CYC6-D', 'grant', '2023-04-01', '2026-03-31')$$), '23514 CYC-6',
          'CYC-6 [P]: the scheme setting max_stage_gap_days applies');
UPDATE isms.scheme_setting SET max_stage_gap_days = 120 WHERE scheme = 'ISMS';
SELECT lives_ok($$SELECT t04_decide('CYC6-D', 'grant', '2023-04-01', '2026-03-31')$$,
                'CYC-6 [P]: a gap equal to the scheme setting is accepted');
DELETE FROM isms.scheme_setting WHERE scheme = 'ISMS';

/* ==================================================================
 * SUR-1: first surveillance audit by cycle start + 12 months
 * (checked by reinstate, recertify, restore and scope decisions)
 * ================================================================== */
SELECT lives_ok($$SELECT t04_granted('SUR1-A', false)$$, 'setup: SUR1-A granted 2023-04-01, no surveillance audit');
SELECT lives_ok($$SELECT t04_decide('SUR1-A', 'suspend', '2024-03-01')$$, 'setup: SUR1-A suspended 2024-03-01');
SELECT throws_ok($$SELECT t04_decide('SUR1-A', 'reinstate', '2024-04-02')$$, '23514', NULL,
                 'SUR-1: reinstatement on 2024-04-02 without the surveillance audit due by 2024-04-01 is rejected');
SELECT is(rule_error($$SELECT t04_decide('SUR1-A', 'reinstate', '2024-04-02')$$), '23514 SUR-1',
          'SUR-1: the error names rule SUR-1');
SELECT lives_ok($$SELECT t04_decide('SUR1-A', 'reinstate', '2024-04-01')$$,
                'SUR-1: reinstatement on the due day 2024-04-01 is accepted (not yet overdue)');

SELECT lives_ok($$SELECT t04_granted('SUR1-B', false)$$, 'setup: SUR1-B granted 2023-04-01, no surveillance audit');
SELECT lives_ok($$SELECT t04_decide('SUR1-B', 'suspend', '2024-03-01')$$, 'setup: SUR1-B suspended 2024-03-01');
SELECT lives_ok($$SELECT t04_audit('SUR1-B', 'surveillance', '2024-05-01', '2024-05-02')$$, 'setup: SUR1-B late surveillance audit ending 2024-05-02');
SELECT throws_ok($$SELECT t04_decide('SUR1-B', 'reinstate', '2024-05-01')$$, '23514', NULL,
                 'SUR-1: a late audit ending the day after the decision does not count');
SELECT is(rule_error($$SELECT t04_decide('SUR1-B', 'reinstate', '2024-05-01')$$), '23514 SUR-1',
          'SUR-1: the error names rule SUR-1 (late audit)');
SELECT lives_ok($$SELECT t04_decide('SUR1-B', 'reinstate', '2024-05-02')$$,
                'SUR-1: a late audit ending on the decision date counts');

/* ==================================================================
 * SUR-2: a surveillance audit in each calendar year after the start year
 * and before the recertification (or expiry) year; the END date counts
 * ================================================================== */
SELECT lives_ok($$SELECT t04_granted('SUR2-A', false)$$, 'setup: SUR2-A granted 2023-04-01');
SELECT lives_ok($$SELECT t04_audit('SUR2-A', 'surveillance', '2024-03-10')$$, 'setup: SUR2-A audit 2024 only');
SELECT lives_ok($$SELECT t04_decide('SUR2-A', 'suspend', '2025-09-01')$$, 'setup: SUR2-A suspended 2025-09-01');
SELECT throws_ok($$SELECT t04_decide('SUR2-A', 'reinstate', '2026-01-01')$$, '23514', NULL,
                 'SUR-2: reinstatement on 2026-01-01 without a 2025 surveillance audit is rejected');
SELECT is(rule_error($$SELECT t04_decide('SUR2-A', 'reinstate', '2026-01-01')$$), '23514 SUR-2',
          'SUR-2: the error names rule SUR-2');
SELECT is(rule_error($$SELECT t04_decide('SUR2-A', 'reduce_scope', '2026-01-01', new_scope => 'Reduced scope')$$), '23514 SUR-2',
          'SUR-2: a scope reduction is checked too');
SELECT lives_ok($$SELECT t04_decide('SUR2-A', 'reinstate', '2025-12-31')$$,
                'SUR-2: reinstatement on 2025-12-31, the last day of the 2025 window, is accepted');

SELECT lives_ok($$SELECT t04_granted('SUR2-B', false)$$, 'setup: SUR2-B granted 2023-04-01');
SELECT lives_ok($$SELECT t04_audit('SUR2-B', 'surveillance', '2024-03-10')$$, 'setup: SUR2-B audit 2024');
SELECT lives_ok($$SELECT t04_audit('SUR2-B', 'surveillance', '2024-12-20', '2024-12-31')$$, 'setup: SUR2-B audit ending 2024-12-31');
SELECT lives_ok($$SELECT t04_decide('SUR2-B', 'suspend', '2025-08-01')$$, 'setup: SUR2-B suspended 2025-08-01');
SELECT is(rule_error($$SELECT t04_decide('SUR2-B', 'reinstate', '2026-01-05')$$), '23514 SUR-2',
          'SUR-2: an audit ending 2024-12-31 does not count for 2025');
SELECT lives_ok($$SELECT t04_granted('SUR2-C', false)$$, 'setup: SUR2-C granted 2023-04-01');
SELECT lives_ok($$SELECT t04_audit('SUR2-C', 'surveillance', '2024-03-10')$$, 'setup: SUR2-C audit 2024');
SELECT lives_ok($$SELECT t04_audit('SUR2-C', 'surveillance', '2024-12-20', '2025-01-01')$$, 'setup: SUR2-C audit ending 2025-01-01');
SELECT lives_ok($$SELECT t04_decide('SUR2-C', 'suspend', '2025-08-01')$$, 'setup: SUR2-C suspended 2025-08-01');
SELECT lives_ok($$SELECT t04_decide('SUR2-C', 'reinstate', '2026-01-05')$$,
                'SUR-2: an audit ending 2025-01-01 counts for 2025 (end date counts)');

/* ==================================================================
 * REC-1: recertification before expiry, with a recertification audit
 * of the current cycle
 * ================================================================== */
SELECT lives_ok($$SELECT t04_granted('REC1-A')$$, 'setup: REC1-A granted 2023-04-01, expiry 2026-03-31');
SELECT lives_ok($$SELECT t04_audit('REC1-A', 'recertification', '2026-01-15', '2026-01-16')$$, 'setup: REC1-A recertification audit');
SELECT throws_ok($$SELECT t04_decide('REC1-A', 'recertify', '2026-04-01', '2029-03-31')$$, '23514', NULL,
                 'REC-1: recertification decided the day after expiry is rejected');
SELECT is(rule_error($$SELECT t04_decide('REC1-A', 'recertify', '2026-04-01', '2029-03-31')$$), '23514 REC-1',
          'REC-1: the error names rule REC-1 (after expiry)');
SELECT lives_ok($$SELECT t04_decide('REC1-A', 'recertify', '2026-03-31', '2029-03-31')$$,
                'REC-1: recertification decided on the expiry date is accepted');
-- the next cycle starts 2026-03-31: only audits starting on or after it count
SELECT lives_ok($$SELECT t04_audit('REC1-A', 'recertification', '2026-03-30', '2026-05-01')$$, 'setup: REC1-A audit starting the day before the cycle');
SELECT is(rule_error($$SELECT t04_decide('REC1-A', 'recertify', '2026-06-01', '2032-03-31')$$), '23514 REC-1',
          'REC-1: a recertification audit starting before the cycle start does not count');
-- an audit starting on the day a cycle opens belongs to the cycle it closed
SELECT lives_ok($$SELECT t04_audit('REC1-A', 'recertification', '2026-03-31', '2026-05-01')$$, 'setup: REC1-A audit starting on the cycle start');
SELECT is(rule_error($$SELECT t04_decide('REC1-A', 'recertify', '2026-06-01', '2032-03-31')$$), '23514 REC-1',
          'REC-1: a recertification audit starting on the day the cycle opened belongs to the previous cycle');
SELECT lives_ok($$SELECT t04_audit('REC1-A', 'recertification', '2026-04-01', '2026-05-01')$$, 'setup: REC1-A audit starting the day after the cycle start');
SELECT lives_ok($$SELECT t04_decide('REC1-A', 'recertify', '2026-06-01', '2032-03-31')$$,
                'REC-1: a recertification audit starting the day after the cycle start counts');

SELECT lives_ok($$SELECT t04_granted('REC1-B')$$, 'setup: REC1-B granted 2023-04-01, expiry 2026-03-31');
SELECT lives_ok($$SELECT t04_audit('REC1-B', 'recertification', '2026-01-15', '2026-01-16')$$, 'setup: REC1-B recertification audit');
SELECT throws_ok($$SELECT t04_decide('REC1-B', 'recertify', '2026-03-20', '2029-03-31', '2026-04-02')$$, '23514', NULL,
                 'REC-1: recertification effective two days after expiry (a lapse) is rejected');
SELECT is(rule_error($$SELECT t04_decide('REC1-B', 'recertify', '2026-03-20', '2029-03-31', '2026-04-02')$$), '23514 REC-1',
          'REC-1: the error names rule REC-1 (effective date)');
-- The new cycle may start the day after the old one ends (no lapse).
SELECT lives_ok($$SELECT t04_decide('REC1-B', 'recertify', '2026-03-20', '2029-03-31', '2026-04-01')$$,
                'REC-1: recertification decided before expiry, effective the day after expiry, is accepted');
SELECT is(isms.valid_periods(t04_id('REC1-B')), '{[2023-04-01,2029-04-01)}'::datemultirange,
          'REC-1: ... and the certificate is valid without a gap');

SELECT lives_ok($$SELECT t04_granted('REC1-C')$$, 'setup: REC1-C granted 2023-04-01, expiry 2026-03-31');
SELECT lives_ok($$SELECT t04_audit('REC1-C', 'recertification', '2026-03-01', '2026-03-11')$$, 'setup: REC1-C recertification audit ending 2026-03-11');
SELECT throws_ok($$SELECT t04_decide('REC1-C', 'recertify', '2026-03-10', '2029-03-31')$$, '23514', NULL,
                 'REC-1: recertification decided the day before its audit ends is rejected');
SELECT is(rule_error($$SELECT t04_decide('REC1-C', 'recertify', '2026-03-10', '2029-03-31')$$), '23514 REC-1',
          'REC-1: the error names rule REC-1 (no audit)');
SELECT lives_ok($$SELECT t04_decide('REC1-C', 'recertify', '2026-03-11', '2029-03-31')$$,
                'REC-1: recertification decided on the day its audit ends is accepted');

/* ==================================================================
 * REC-2 / SUS-3: expiry by date, also while suspended
 * ================================================================== */
SELECT lives_ok($$SELECT t04_granted('REC2-A')$$, 'setup: REC2-A granted 2023-04-01, expiry 2026-03-31');
SELECT is(isms.status_at(t04_id('REC2-A'), '2026-03-31')::text, 'active', 'REC-2: active on the expiry date');
SELECT is(isms.status_at(t04_id('REC2-A'), '2026-04-01')::text, 'expired', 'REC-2: expired the day after, with no decision');
SELECT lives_ok($$SELECT t04_decide('REC2-A', 'suspend', '2025-06-01')$$, 'setup: REC2-A suspended 2025-06-01');
SELECT is(isms.status_at(t04_id('REC2-A'), '2026-03-31')::text, 'suspended', 'SUS-3: suspended on the expiry date');
SELECT is(isms.status_at(t04_id('REC2-A'), '2026-04-01')::text, 'expired', 'SUS-3: a suspended certificate expires too');

/* ==================================================================
 * REC-3: restoration within 6 months after expiry, after the
 * recertification audit; not before expiry
 * ================================================================== */
SELECT is(isms.restoration_window('2026-03-31'::date), '[2026-04-01,2026-10-01)'::daterange,
          'REC-3: restoration_window(2026-03-31) is 2026-04-01 .. 2026-09-30');
SELECT is(isms.restoration_window('2026-08-31'::date, 6), '[2026-09-01,2027-03-01)'::daterange,
          'REC-3: restoration_window(2026-08-31) ends 2027-02-28 (date + interval rules)');

SELECT lives_ok($$SELECT t04_granted('REC3-A')$$, 'setup: REC3-A granted 2023-04-01, expiry 2026-03-31');
SELECT lives_ok($$SELECT t04_audit('REC3-A', 'recertification', '2026-01-15', '2026-01-16')$$, 'setup: REC3-A recertification audit');
SELECT is(isms.cert_restoration_window(t04_id('REC3-A')), '[2026-04-01,2026-10-01)'::daterange,
          'REC-3: cert_restoration_window(certificate) after its expiry');
SELECT throws_ok($$SELECT t04_decide('REC3-A', 'restore', '2026-10-01', '2029-03-31')$$, '23514', NULL,
                 'REC-3: restoration decided 2026-10-01 (expiry 2026-03-31 + 6 months + 1 day) is rejected');
SELECT is(rule_error($$SELECT t04_decide('REC3-A', 'restore', '2026-10-01', '2029-03-31')$$), '23514 REC-3',
          'REC-3: the error names rule REC-3 (window)');
SELECT lives_ok($$SELECT t04_decide('REC3-A', 'restore', '2026-09-30', '2029-03-31')$$,
                'REC-3: restoration decided 2026-09-30, the last day of the window, is accepted');
SELECT is(isms.valid_periods(t04_id('REC3-A')), '{[2023-04-01,2026-04-01),[2026-09-30,2029-04-01)}'::datemultirange,
          'REC-3: the lapse before the restoration stays a gap');

SELECT lives_ok($$SELECT t04_granted('REC3-B')$$, 'setup: REC3-B granted 2023-04-01, expiry 2026-03-31');
SELECT lives_ok($$SELECT t04_audit('REC3-B', 'recertification', '2026-01-15', '2026-01-16')$$, 'setup: REC3-B recertification audit');
SELECT throws_ok($$SELECT t04_decide('REC3-B', 'restore', '2026-03-31', '2029-03-31', '2026-04-01')$$, '23514', NULL,
                 'REC-3: restoration decided on the expiry date (effective the day after) is rejected');
SELECT is(rule_error($$SELECT t04_decide('REC3-B', 'restore', '2026-03-31', '2029-03-31', '2026-04-01')$$), '23514 REC-3',
          'REC-3: the error names rule REC-3 (not yet expired)');
SELECT is(rule_error($$SELECT t04_decide('REC3-B', 'restore', '2026-03-31', '2029-03-31')$$), '55000 REC-3',
          'REC-3: restoring a certificate that is still active is an illegal transition named REC-3');
SELECT lives_ok($$SELECT t04_decide('REC3-B', 'restore', '2026-04-01', '2029-03-31')$$,
                'REC-3: restoration decided the day after expiry is accepted');

SELECT lives_ok($$SELECT t04_granted('REC3-C')$$, 'setup: REC3-C granted 2023-04-01, expiry 2026-03-31, no recertification audit');
SELECT lives_ok($$SELECT t04_audit('REC3-C', 'recertification', '2026-05-01', '2026-05-11')$$, 'setup: REC3-C recertification audit ending 2026-05-11');
SELECT throws_ok($$SELECT t04_decide('REC3-C', 'restore', '2026-05-10', '2029-03-31')$$, '23514', NULL,
                 'REC-3: restoration decided the day before the recertification audit ends is rejected');
SELECT is(rule_error($$SELECT t04_decide('REC3-C', 'restore', '2026-05-10', '2029-03-31')$$), '23514 REC-3',
          'REC-3: the error names rule REC-3 (no audit)');
SELECT lives_ok($$SELECT t04_decide('REC3-C', 'restore', '2026-05-11', '2029-03-31')$$,
                'REC-3: restoration decided on the day the recertification audit ends is accepted');

SELECT lives_ok($$SELECT t04_granted('REC3-D')$$, 'setup: REC3-D granted 2023-04-01, expiry 2026-03-31');
SELECT lives_ok($$SELECT t04_audit('REC3-D', 'recertification', '2026-01-15', '2026-01-16')$$, 'setup: REC3-D recertification audit');
SELECT is(rule_error($$SELECT t04_decide('REC3-D', 'restore', '2026-05-01', '2029-04-01')$$), '23514 CYC-3',
          'CYC-3: a restoration may not expire after the old expiry + 3 years');
SELECT lives_ok($$SELECT t04_decide('REC3-D', 'restore', '2026-05-01', '2029-03-31')$$,
                'CYC-3: a restoration expiring on the old expiry + 3 years is accepted');

/* ==================================================================
 * REC-4: after expiry only a new grant, with a stage 2 audit starting
 * after the old expiry
 * ================================================================== */
SELECT lives_ok($$SELECT t04_granted('REC4-A')$$, 'setup: REC4-A granted 2023-04-01, expiry 2026-03-31');
SELECT lives_ok($$SELECT t04_audit('REC4-A', 'stage2', '2026-03-31', '2026-06-30')$$, 'setup: REC4-A stage 2 starting on the expiry date');
SELECT throws_ok($$SELECT t04_decide('REC4-A', 'grant', '2026-12-01', '2029-11-30')$$, '23514', NULL,
                 'REC-4: a new grant with a stage 2 starting on the old expiry date is rejected');
SELECT is(rule_error($$SELECT t04_decide('REC4-A', 'grant', '2026-12-01', '2029-11-30')$$), '23514 REC-4',
          'REC-4: the error names rule REC-4');
SELECT lives_ok($$SELECT t04_audit('REC4-A', 'stage2', '2026-04-01', '2026-06-30')$$, 'setup: REC4-A stage 2 starting the day after expiry');
SELECT lives_ok($$SELECT t04_decide('REC4-A', 'grant', '2026-12-01', '2029-11-30')$$,
                'REC-4: a new grant with a stage 2 starting the day after the old expiry is accepted');
SELECT is(isms.valid_periods(t04_id('REC4-A')), '{[2023-04-01,2026-04-01),[2026-12-01,2029-12-01)}'::datemultirange,
          'REC-4: the new cycle starts at the new grant');

/* ==================================================================
 * SUS-1: suspension of an active certificate only
 * ================================================================== */
SELECT lives_ok($$SELECT t04_granted('SUS1-A')$$, 'setup: SUS1-A granted 2023-04-01, expiry 2026-03-31');
SELECT throws_ok($$SELECT t04_decide('SUS1-A', 'suspend', '2026-04-01')$$, '55000', NULL,
                 'SUS-1: suspending on the day after expiry is rejected');
SELECT is(rule_error($$SELECT t04_decide('SUS1-A', 'suspend', '2026-04-01')$$), '55000 SUS-1',
          'SUS-1: the error names rule SUS-1');
SELECT lives_ok($$SELECT t04_decide('SUS1-A', 'suspend', '2026-03-31')$$, 'SUS-1: suspending on the expiry date is accepted');
SELECT is(rule_error($$SELECT t04_decide('SUS1-A', 'suspend', '2026-03-31')$$), '55000 SUS-1',
          'SUS-1: suspending a suspended certificate is rejected');
SELECT lives_ok($$SELECT t04_cert('SUS1-B', '2023-02-01', '2023-03-01')$$, 'setup: SUS1-B draft');
SELECT is(rule_error($$SELECT t04_decide('SUS1-B', 'suspend', '2023-04-01')$$), '55000 SUS-1',
          'SUS-1: suspending a draft is rejected');

/* ==================================================================
 * SUS-2: reinstatement of a suspended certificate only; a long
 * suspension is a warning, not an error
 * ================================================================== */
SELECT lives_ok($$SELECT t04_granted('SUS2-A')$$, 'setup: SUS2-A granted 2023-04-01');
SELECT lives_ok($$SELECT t04_decide('SUS2-A', 'suspend', '2024-06-01')$$, 'setup: SUS2-A suspended 2024-06-01');
SELECT throws_ok($$SELECT t04_decide('SUS2-A', 'reinstate', '2024-05-31')$$, '55000', NULL,
                 'SUS-2: reinstatement effective the day before the suspension is rejected');
SELECT is(rule_error($$SELECT t04_decide('SUS2-A', 'reinstate', '2024-05-31')$$), '55000 SUS-2',
          'SUS-2: the error names rule SUS-2');
SELECT lives_ok($$SELECT t04_decide('SUS2-A', 'reinstate', '2024-06-01')$$,
                'SUS-2: reinstatement on the day of the suspension is accepted');
SELECT is(rule_error($$SELECT t04_decide('SUS2-A', 'reinstate', '2024-07-01')$$), '55000 SUS-2',
          'SUS-2: reinstating an active certificate is rejected');

SELECT lives_ok($$SELECT t04_granted('SUS2-B')$$, 'setup: SUS2-B granted 2023-04-01');
SELECT lives_ok($$SELECT t04_decide('SUS2-B', 'suspend', '2024-06-01')$$, 'setup: SUS2-B suspended 2024-06-01');
SET LOCAL client_min_messages = error;   -- the SUS-2 warning is expected
SELECT lives_ok($$SELECT t04_decide('SUS2-B', 'reinstate', '2024-12-02')$$,
                'SUS-2: reinstatement after more than 6 months is accepted (warning only)');
SET LOCAL client_min_messages = warning;

SELECT lives_ok($$SELECT t04_granted('SUS2-C')$$, 'setup: SUS2-C granted 2023-04-01');
SELECT lives_ok($$SELECT t04_decide('SUS2-C', 'suspend', '2024-06-01')$$, 'setup: SUS2-C suspended 2024-06-01');
SELECT lives_ok($$SELECT t04_decide('SUS2-C', 'reduce_scope', '2024-07-01', new_scope => 'Reduced scope')$$,
                'SUS-2: a scope reduction of a suspended certificate is accepted');
SELECT is(isms.status_at(t04_id('SUS2-C'), '2024-07-01')::text, 'active', 'SUS-2: ... and ends the suspension');

/* ==================================================================
 * WDR-1: withdrawn and cancelled are terminal; other illegal
 * transitions; backdated decisions must keep the history legal
 * ================================================================== */
SELECT lives_ok($$SELECT t04_granted('WDR1-A')$$, 'setup: WDR1-A granted 2023-04-01');
SELECT lives_ok($$SELECT t04_decide('WDR1-A', 'withdraw', '2024-06-01', effective => '2024-06-10')$$, 'setup: WDR1-A withdrawn effective 2024-06-10');
SELECT lives_ok($$SELECT t04_decide('WDR1-A', 'suspend', '2024-06-09')$$, 'setup: WDR1-A suspended 2024-06-09, before the withdrawal takes effect');
SELECT throws_ok($$SELECT t04_decide('WDR1-A', 'reinstate', '2024-06-10')$$, '55000', NULL,
                 'WDR-1: reinstatement on the day the withdrawal takes effect is rejected');
SELECT is(rule_error($$SELECT t04_decide('WDR1-A', 'reinstate', '2024-06-10')$$), '55000 WDR-1',
          'WDR-1: the error names rule WDR-1');
SELECT lives_ok($$SELECT t04_decide('WDR1-A', 'reinstate', '2024-06-09')$$,
                'WDR-1: reinstatement the day before the withdrawal takes effect is accepted');
SELECT is(isms.status_at(t04_id('WDR1-A'), '2024-06-10')::text, 'withdrawn', 'WDR-1: withdrawn from 2024-06-10');

SELECT lives_ok($$SELECT t04_granted('WDR1-B')$$, 'setup: WDR1-B granted 2023-04-01');
SELECT lives_ok($$SELECT t04_decide('WDR1-B', 'cancel', '2024-06-01')$$, 'setup: WDR1-B cancelled 2024-06-01');
SELECT is(rule_error($$SELECT t04_decide('WDR1-B', 'withdraw', '2024-06-02')$$), '55000 WDR-1',
          'WDR-1: a cancelled certificate cannot be withdrawn');
SELECT is(rule_error($$SELECT t04_decide('WDR1-B', 'grant', '2024-06-02', '2027-06-01')$$), '55000 WDR-1',
          'WDR-1: a cancelled certificate cannot be granted again');

SELECT lives_ok($$SELECT t04_granted('WDR1-C')$$, 'setup: WDR1-C granted 2023-04-01, expiry 2026-03-31');
SELECT is(rule_error($$SELECT t04_decide('WDR1-C', 'cancel', '2026-04-01')$$), '55000 legal_transition',
          'an expired certificate cannot be cancelled (legal_transition)');
SELECT lives_ok($$SELECT t04_decide('WDR1-C', 'withdraw', '2026-04-01')$$, 'an expired certificate can be withdrawn');
SELECT is(rule_error($$SELECT t04_decide('CYC1-E', 'withdraw', '2023-04-01')$$), '55000 legal_transition',
          'a draft cannot be withdrawn (legal_transition)');
SELECT is(rule_error($$SELECT t04_decide('CYC3-A', 'grant', '2023-05-01', '2026-04-30')$$), '55000 legal_transition',
          'an active certificate cannot be granted again (legal_transition)');

SELECT lives_ok($$SELECT t04_granted('WDR1-D')$$, 'setup: WDR1-D granted 2023-04-01');
SELECT lives_ok($$SELECT t04_decide('WDR1-D', 'suspend', '2024-06-01')$$, 'setup: WDR1-D suspended 2024-06-01');
SELECT lives_ok($$SELECT t04_decide('WDR1-D', 'reinstate', '2024-07-01')$$, 'setup: WDR1-D reinstated 2024-07-01');
SELECT throws_like($$SELECT t04_decide('WDR1-D', 'withdraw', '2024-06-15')$$,
                   'new decision conflicts with the recorded history%',
                   'a backdated withdrawal that makes a recorded reinstatement illegal is rejected');
SELECT is(rule_error($$SELECT t04_decide('WDR1-D', 'withdraw', '2024-06-15')$$), '55000 WDR-1',
          '... with 55000 and the rule of the decision it breaks (WDR-1)');
SELECT lives_ok($$SELECT t04_decide('WDR1-D', 'withdraw', '2024-07-01')$$,
                'a withdrawal on the day of the last decision (after it) is accepted');

/* ==================================================================
 * SCO-1: scope extension needs a special audit of the current cycle
 * ================================================================== */
SELECT lives_ok($$SELECT t04_granted('SCO1-A')$$, 'setup: SCO1-A granted 2023-04-01');
SELECT lives_ok($$SELECT t04_audit('SCO1-A', 'special', '2023-09-20', '2023-10-02')$$, 'setup: SCO1-A special audit ending 2023-10-02');
SELECT throws_ok($$SELECT t04_decide('SCO1-A', 'extend_scope', '2023-10-01', new_scope => 'Extended scope')$$, '23514', NULL,
                 'SCO-1: extension decided the day before the special audit ends is rejected');
SELECT is(rule_error($$SELECT t04_decide('SCO1-A', 'extend_scope', '2023-10-01', new_scope => 'Extended scope')$$), '23514 SCO-1',
          'SCO-1: the error names rule SCO-1');
SELECT lives_ok($$SELECT t04_decide('SCO1-A', 'extend_scope', '2023-10-02', new_scope => 'Extended scope')$$,
                'SCO-1: extension decided on the day the special audit ends is accepted');

SELECT lives_ok($$SELECT t04_granted('SCO1-B')$$, 'setup: SCO1-B granted 2023-04-01');
SELECT lives_ok($$SELECT t04_audit('SCO1-B', 'special', '2023-03-31', '2023-10-01')$$, 'setup: SCO1-B special audit starting the day before the cycle');
SELECT is(rule_error($$SELECT t04_decide('SCO1-B', 'extend_scope', '2023-10-01')$$), '23514 SCO-1',
          'SCO-1: a special audit starting before the cycle start does not count');
SELECT lives_ok($$SELECT t04_audit('SCO1-B', 'special', '2023-04-01', '2023-10-01')$$, 'setup: SCO1-B special audit starting on the cycle start');
SELECT is(rule_error($$SELECT t04_decide('SCO1-B', 'extend_scope', '2023-10-01')$$), '23514 SCO-1',
          'SCO-1: a special audit starting on the day the cycle opened belongs to the previous cycle');
SELECT lives_ok($$SELECT t04_audit('SCO1-B', 'special', '2023-04-02', '2023-10-01')$$, 'setup: SCO1-B special audit starting the day after the cycle start');
SELECT lives_ok($$SELECT t04_decide('SCO1-B', 'extend_scope', '2023-10-01')$$,
                'SCO-1: a special audit starting the day after the cycle start counts');

/* ==================================================================
 * LOG-1: decisions are never updated, deleted or truncated; a
 * correction names an earlier decision of the same certificate
 * ================================================================== */
SELECT lives_ok($$SELECT t04_granted('LOG1-A')$$, 'setup: LOG1-A granted 2023-04-01');
SELECT throws_ok($$UPDATE isms.decision SET reason = 'changed' WHERE certificate_id = t04_id('LOG1-A')$$, '23001', NULL,
                 'LOG-1: UPDATE of a decision is rejected');
SELECT is(rule_error($$UPDATE isms.decision SET reason = 'changed' WHERE certificate_id = t04_id('LOG1-A')$$), '23001 LOG-1',
          'LOG-1: the error names rule LOG-1 (UPDATE)');
SELECT throws_ok($$UPDATE isms.decision SET reason = 'changed' WHERE false$$, '23001', NULL,
                 'LOG-1: even an UPDATE of no row is rejected');
SELECT throws_ok($$DELETE FROM isms.decision WHERE certificate_id = t04_id('LOG1-A')$$, '23001', NULL,
                 'LOG-1: DELETE of a decision is rejected');
SELECT is(rule_error($$DELETE FROM isms.decision WHERE certificate_id = t04_id('LOG1-A')$$), '23001 LOG-1',
          'LOG-1: the error names rule LOG-1 (DELETE)');
SELECT throws_ok($$TRUNCATE isms.decision$$, '23001', NULL, 'LOG-1: TRUNCATE of the decisions is rejected');
SELECT is(rule_error($$TRUNCATE isms.decision$$), '23001 LOG-1', 'LOG-1: the error names rule LOG-1 (TRUNCATE)');

SELECT lives_ok($$SELECT t04_granted('LOG1-B')$$, 'setup: LOG1-B granted 2023-04-01');
SELECT lives_ok($$SELECT t04_decide('LOG1-B', 'suspend', '2024-06-01')$$, 'setup: LOG1-B suspended 2024-06-01 (by mistake)');
SELECT throws_ok(format($$SELECT t04_decide('LOG1-A', 'suspend', '2024-07-01', corrects => %s)$$, t04_last('LOG1-B', 'suspend')),
                 '23514', NULL, 'LOG-1: a correction of another certificate''s decision is rejected');
SELECT is(rule_error(format($$SELECT t04_decide('LOG1-A', 'suspend', '2024-07-01', corrects => %s)$$, t04_last('LOG1-B', 'suspend'))),
          '23514 LOG-1', 'LOG-1: the error names rule LOG-1 (corrects)');
SELECT lives_ok(format($$SELECT t04_decide('LOG1-B', 'suspend', '2024-07-01', corrects => %s)$$, t04_last('LOG1-B', 'suspend')),
                'LOG-1: a correction of an earlier decision of the same certificate is accepted');
SELECT is(isms.status_at(t04_id('LOG1-B'), '2024-06-15')::text, 'active', 'LOG-1: the corrected suspension no longer counts');
SELECT is(isms.status_at(t04_id('LOG1-B'), '2024-07-01')::text, 'suspended', 'LOG-1: the correcting suspension counts');
SELECT throws_ok(format($$SELECT t04_decide('LOG1-B', 'reinstate', '2024-08-01', corrects => %s)$$,
                        (SELECT corrects FROM isms.decision WHERE id = t04_last('LOG1-B', 'suspend'))),
                 '23505', NULL, 'LOG-1: a decision is corrected at most once');
SELECT is(rule_error($$INSERT INTO isms.decision (id, certificate_id, kind, decision_date, corrects)
                     VALUES (-2, t04_id('LOG1-A'), 'suspend', '2024-06-01', -1),
                            (-1, t04_id('LOG1-A'), 'suspend', '2024-06-02', NULL)$$),
          '23514 LOG-1', 'LOG-1: a correction of a later decision is rejected');
SELECT is(rule_error($$INSERT INTO isms.decision (id, certificate_id, kind, decision_date, corrects)
                     VALUES (-3, t04_id('LOG1-A'), 'suspend', '2024-06-01', -3)$$),
          '23514 decision_corrects_other', 'LOG-1: a decision cannot correct itself');

/* ==================================================================
 * ACC-1: grant, recertify, restore and extend_scope need an active
 * accreditation of the body covering the decision date; accreditation
 * changes never leave a decision uncovered
 * ================================================================== */
SELECT lives_ok($$SELECT t04_cert('ACC1-A', '2022-11-01', '2022-12-01', 'T04-CB-ACC')$$, 'setup: ACC1-A at a body accredited 2023-01-01 .. 2024-12-31');
SELECT throws_ok($$SELECT t04_decide('ACC1-A', 'grant', '2022-12-31', '2025-12-30')$$, '23514', NULL,
                 'ACC-1: grant decided the day before the accreditation starts is rejected');
SELECT is(rule_error($$SELECT t04_decide('ACC1-A', 'grant', '2022-12-31', '2025-12-30')$$), '23514 ACC-1',
          'ACC-1: the error names rule ACC-1');
SELECT lives_ok($$SELECT t04_decide('ACC1-A', 'grant', '2023-01-01', '2025-12-31')$$,
                'ACC-1: grant decided on the first day of the accreditation is accepted');

SELECT lives_ok($$SELECT t04_cert('ACC1-B', '2024-11-01', '2024-12-01', 'T04-CB-ACC')$$, 'setup: ACC1-B');
SELECT is(rule_error($$SELECT t04_decide('ACC1-B', 'grant', '2025-01-01', '2027-12-31')$$), '23514 ACC-1',
          'ACC-1: grant decided the day after the accreditation ends is rejected');
SELECT lives_ok($$SELECT t04_decide('ACC1-B', 'grant', '2024-12-31', '2027-12-30')$$,
                'ACC-1: grant decided on the last day of the accreditation is accepted');
SELECT lives_ok($$SELECT t04_audit('ACC1-B', 'special', '2025-01-10')$$, 'setup: ACC1-B special audit 2025-01-10');
SELECT is(rule_error($$SELECT t04_decide('ACC1-B', 'extend_scope', '2025-01-10')$$), '23514 ACC-1',
          'ACC-1: a scope extension after the accreditation ended is rejected');
SELECT lives_ok($$SELECT t04_decide('ACC1-B', 'suspend', '2025-01-10')$$,
                'ACC-1: a suspension needs no accreditation');

SELECT lives_ok($$SELECT t04_cert('ACC1-C', '2023-02-01', '2023-03-01', 'T04-CB-SUSP')$$, 'setup: ACC1-C at a body whose accreditation is suspended');
SELECT is(rule_error($$SELECT t04_decide('ACC1-C', 'grant', '2023-04-01', '2026-03-31')$$), '23514 ACC-1',
          'ACC-1: a suspended accreditation does not cover a grant');

-- a recertification after the accreditation ended, with all its evidence
SELECT lives_ok($$SELECT t04_audit('ACC1-A', 'surveillance', '2023-12-01'),
                         t04_audit('ACC1-A', 'surveillance', '2024-06-01'),
                         t04_audit('ACC1-A', 'recertification', '2025-05-01')$$,
                'setup: ACC1-A surveillance and recertification audits');
SELECT is(rule_error($$SELECT t04_decide('ACC1-A', 'recertify', '2025-06-01', '2028-12-31')$$), '23514 ACC-1',
          'ACC-1: a recertification after the accreditation ended is rejected');

-- changes of the accreditation that ACC1-A (2023-01-01) and ACC1-B
-- (2024-12-31) rely on
SELECT throws_ok($$UPDATE isms.accreditation SET valid_from = '2023-01-02' WHERE accreditation_number = 'T04-ACC-4'$$, '23514', NULL,
                 'ACC-1: moving the start of an accreditation past a grant is rejected');
SELECT is(rule_error($$UPDATE isms.accreditation SET valid_from = '2023-01-02' WHERE accreditation_number = 'T04-ACC-4'$$), '23514 ACC-1',
          'ACC-1: the error names rule ACC-1 (accreditation change)');
SELECT is(rule_error($$UPDATE isms.accreditation SET valid_until = '2024-12-30' WHERE accreditation_number = 'T04-ACC-4'$$), '23514 ACC-1',
          'ACC-1: ending an accreditation before a grant is rejected');
SELECT is(rule_error($$UPDATE isms.accreditation SET status = 'withdrawn' WHERE accreditation_number = 'T04-ACC-4'$$), '23514 ACC-1',
          'ACC-1: withdrawing an accreditation that decisions rely on is rejected');
SELECT is(rule_error($$DELETE FROM isms.accreditation WHERE accreditation_number = 'T04-ACC-4'$$), '23514 ACC-1',
          'ACC-1: deleting an accreditation that decisions rely on is rejected');
SELECT lives_ok($$UPDATE isms.accreditation SET valid_until = '2024-12-31', accreditation_number = 'T04-ACC-4' WHERE accreditation_number = 'T04-ACC-4'$$,
                'ACC-1: an update keeping every decision covered is accepted');
SELECT lives_ok($$UPDATE isms.accreditation SET valid_until = NULL WHERE accreditation_number = 'T04-ACC-4'$$,
                'ACC-1: extending an accreditation is accepted');
SELECT lives_ok($$SELECT t04_decide('ACC1-A', 'recertify', '2025-06-01', '2028-12-31')$$,
                'ACC-1: ... after which the same recertification is accepted');

/* ==================================================================
 * ACC-2: accreditation periods of one body, scheme and AB do not overlap
 * ================================================================== */
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, accreditation_number, valid_from, valid_until)
SELECT ab.id, cb.id, 'ITSMS', 'T04-ITSMS-1', '2023-01-01', '2024-12-31'
  FROM isms.accreditation_body ab, isms.certification_body cb
 WHERE ab.code = 'T04-AB' AND cb.code = 'T04-CB-ACC';
CREATE FUNCTION t04_accredit(ab text, scheme text, valid_from date, valid_until date)
RETURNS void LANGUAGE sql AS $$
    INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from, valid_until)
    SELECT a.id, c.id, $2, $3, $4
      FROM isms.accreditation_body a, isms.certification_body c
     WHERE a.code = $1 AND c.code = 'T04-CB-ACC'
$$;
SELECT throws_ok($$SELECT t04_accredit('T04-AB', 'ITSMS', '2024-12-31', NULL)$$, '23P01', NULL,
                 'ACC-2: a period starting on the last day of another is rejected');
SELECT is(rule_error($$SELECT t04_accredit('T04-AB', 'ITSMS', '2024-12-31', NULL)$$), '23P01 ACC-2',
          'ACC-2: the error names constraint ACC-2');
SELECT lives_ok($$SELECT t04_accredit('T04-AB', 'ITSMS', '2025-01-01', NULL)$$,
                'ACC-2: a period starting the day after the other ends is accepted');
SELECT is(rule_error($$SELECT t04_accredit('T04-AB', 'ITSMS', '2030-01-01', '2030-12-31')$$), '23P01 ACC-2',
          'ACC-2: an open period overlaps every later one');
SELECT lives_ok($$SELECT t04_accredit('T04-AB2', 'ITSMS', '2023-06-01', NULL)$$,
                'ACC-2: an overlapping period from another accreditation body is accepted');
SELECT lives_ok($$SELECT t04_accredit('T04-AB', 'BCMS', '2023-06-01', NULL)$$,
                'ACC-2: an overlapping period for another scheme is accepted');

/* ==================================================================
 * Certificate guard: derived columns (428C9); body, organisation,
 * standard and scope after decisions (55000)
 * ================================================================== */
-- Inserts certificate 'T04-<num>' with one more column set to a value.
CREATE FUNCTION t04_new_cert(num text, col text, val text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format(
        'INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement, %I)
         SELECT b.id, %L, o.id, %L, %L, %s FROM isms.certification_body b, isms.organisation o
          WHERE b.code = %L AND o.name = %L',
        col, 'T04-' || num, 'ISO/IEC 27001:2022', 'Scope', val, 'T04-CB', 'T04 organisation');
END $$;
SELECT throws_ok($$SELECT t04_new_cert('GRD-1', 'status', '''active''::isms.cert_status')$$, '428C9', NULL,
                 'guard: a new certificate cannot be active');
SELECT throws_ok($$SELECT t04_new_cert('GRD-1', 'revision', '1')$$, '428C9', NULL,
                 'guard: a new certificate cannot have a revision');
SELECT throws_ok($$SELECT t04_new_cert('GRD-1', 'expiry_date', '''2026-03-31''::date')$$, '428C9', NULL,
                 'guard: a new certificate cannot have an expiry date');
SELECT throws_ok($$SELECT t04_new_cert('GRD-1', 'cycle_start', '''2023-04-01''::date')$$, '428C9', NULL,
                 'guard: a new certificate cannot have a cycle start');
SELECT throws_ok($$SELECT t04_new_cert('GRD-1', 'original_certification_date', '''2023-04-01''::date')$$, '428C9', NULL,
                 'guard: a new certificate cannot have an original certification date');
SELECT lives_ok($$SELECT t04_new_cert('GRD-1', 'status', '''draft''::isms.cert_status')$$,
                'guard: a new certificate given the default status explicitly is accepted');

SELECT lives_ok($$SELECT t04_granted('GRD-2')$$, 'setup: GRD-2 granted 2023-04-01');
SELECT throws_ok($$UPDATE isms.certificate SET status = 'withdrawn' WHERE id = t04_id('GRD-2')$$, '428C9', NULL,
                 'guard: the status cannot be updated');
SELECT throws_ok($$UPDATE isms.certificate SET expiry_date = '2027-01-01' WHERE id = t04_id('GRD-2')$$, '428C9', NULL,
                 'guard: the expiry date cannot be updated');
SELECT throws_ok($$UPDATE isms.certificate SET cycle_start = '2023-04-02' WHERE id = t04_id('GRD-2')$$, '428C9', NULL,
                 'guard: the cycle start cannot be updated');
SELECT throws_ok($$UPDATE isms.certificate SET original_certification_date = '2020-01-01' WHERE id = t04_id('GRD-2')$$, '428C9', NULL,
                 'guard: the original certification date cannot be updated');
SELECT throws_ok($$UPDATE isms.certificate SET revision = revision + 1 WHERE id = t04_id('GRD-2')$$, '428C9', NULL,
                 'guard: the revision cannot be updated');
SELECT lives_ok($$UPDATE isms.certificate SET status = status, expiry_date = expiry_date, soa_version = 'v2' WHERE id = t04_id('GRD-2')$$,
                'guard: an update leaving the derived columns unchanged is accepted');
SELECT throws_ok($$UPDATE isms.certificate SET scope_statement = 'Other' WHERE id = t04_id('GRD-2')$$, '55000', NULL,
                 'guard: the scope of a certificate with decisions changes only by decision');
SELECT throws_ok($$UPDATE isms.certificate SET standard = 'ISO/IEC 27001:2013' WHERE id = t04_id('GRD-2')$$, '55000', NULL,
                 'guard: the standard of a certificate with decisions changes only by decision');
SELECT throws_ok($$UPDATE isms.certificate SET cb_id = (SELECT id FROM isms.certification_body WHERE code = 'T04-CB-GAP') WHERE id = t04_id('GRD-2')$$, '55000', NULL,
                 'guard: the body of a certificate with decisions never changes');
SELECT throws_ok($$UPDATE isms.certificate SET organisation_id = (SELECT id FROM isms.organisation WHERE name = 'T04 organisation 2') WHERE id = t04_id('GRD-2')$$, '55000', NULL,
                 'guard: the organisation of a certificate with decisions never changes');
SELECT lives_ok($$UPDATE isms.certificate SET scope_statement = 'Other', standard = 'ISO/IEC 27001:2013' WHERE id = t04_id('GRD-1')$$,
                'guard: scope and standard of a certificate without decisions can be updated');

/* ==================================================================
 * Shipped reference rows are read-only (55000)
 * ================================================================== */
SELECT throws_ok($$UPDATE isms.scheme SET name = name || ' (changed)' WHERE code = 'ISMS'$$, '55000', NULL,
                 'shipped scheme rows cannot be updated');
SELECT throws_ok($$UPDATE isms.scheme SET shipped = false WHERE code = 'ISMS'$$, '55000', NULL,
                 'shipped scheme rows cannot be unmarked');
SELECT throws_ok($$DELETE FROM isms.scheme WHERE code = 'CSMS'$$, '55000', NULL,
                 'shipped scheme rows cannot be deleted');
SELECT throws_ok($$UPDATE isms.standard SET title = 'changed' WHERE ref = 'ISO/IEC 27001:2022'$$, '55000', NULL,
                 'shipped standard rows cannot be updated');
SELECT throws_ok($$DELETE FROM isms.standard WHERE ref = 'ISO/IEC 27701:2025'$$, '55000', NULL,
                 'shipped standard rows cannot be deleted');
INSERT INTO isms.scheme (code, name) VALUES ('T04-SCHEME', 'T04 scheme');
INSERT INTO isms.standard (ref, number, edition, scheme) VALUES ('ISO 9001:2015', 'ISO 9001', 2015, 'T04-SCHEME');
SELECT lives_ok($$UPDATE isms.standard SET title = 'T04 title' WHERE ref = 'ISO 9001:2015'$$, 'user standard rows can be updated');
SELECT lives_ok($$DELETE FROM isms.standard WHERE ref = 'ISO 9001:2015'$$, 'user standard rows can be deleted');
SELECT lives_ok($$UPDATE isms.scheme SET cycle_years = 4 WHERE code = 'T04-SCHEME'$$, 'user scheme rows can be updated');
SELECT lives_ok($$DELETE FROM isms.scheme WHERE code = 'T04-SCHEME'$$, 'user scheme rows can be deleted');

SELECT * FROM finish();
ROLLBACK;
