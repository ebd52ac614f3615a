-- 06_addons: add-on certificates (ADD-1..7), and the audit-time, sampling,
-- listing and auditor rules (TIME-1, TIME-2, SMP-1, ACC-3, ACC-4), as a
-- contract: each rule accepted and refused with its SQLSTATE and the rule
-- named in the error's constraint field.  Dates are fixed; stored columns
-- computed as of today are never asserted, except stored = status_at(today).
\set ON_ERROR_STOP 1
SET client_min_messages = warning;

BEGIN;
\ir helpers/common.psql
SET LOCAL search_path = isms, public;
SET LOCAL datestyle = ISO;
SET LOCAL timezone = 'UTC';
-- ADD-7 (and the ACC-1, ACC-4 rechecks) are deferred to commit otherwise
SET CONSTRAINTS ALL IMMEDIATE;

SELECT plan(58);

/* ==================================================================
 * Fixture
 * ================================================================== */
INSERT INTO isms.accreditation_body (code, name, recognised) VALUES ('T06-AB', 'T06 accreditation body', true);
INSERT INTO isms.certification_body (code, name) VALUES ('T06-CB', 'T06 body'), ('T06-CB2', 'T06 other body');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT ab.id, cb.id, s.scheme, '2015-01-01'
  FROM isms.accreditation_body ab, isms.certification_body cb,
       (VALUES ('ISMS'), ('ISMS-CLOUD'), ('ISMS-PIMS')) s(scheme)
 WHERE cb.code = 'T06-CB' OR s.scheme = 'ISMS';
INSERT INTO isms.organisation (name) VALUES ('T06 org'), ('T06 other org');

CREATE FUNCTION t06_id(num text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT id FROM isms.certificate WHERE certificate_number = 'T06-' || num
$$;
CREATE FUNCTION t06_cert(num text, std text, scope text, base text DEFAULT NULL,
                         org text DEFAULT 'T06 org', cb text DEFAULT 'T06-CB')
RETURNS bigint LANGUAGE sql AS $$
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard,
                                  scope_statement, scope, base_certificate_id)
    SELECT b.id, 'T06-' || num, o.id, std, 'Scope of T06-' || num, scope, t06_id(base)
      FROM isms.certification_body b, isms.organisation o
     WHERE b.code = cb AND o.name = org
    RETURNING id
$$;
CREATE FUNCTION t06_audit(num text, kind isms.audit_kind, s date, e date, combined bigint DEFAULT NULL)
RETURNS bigint LANGUAGE sql AS $$
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, combined_with)
    VALUES (t06_id(num), kind, s, e, combined) RETURNING id
$$;
CREATE FUNCTION t06_decide(num text, kind isms.decision_kind, decided date,
                           new_expiry date DEFAULT NULL, new_scope isms.scope DEFAULT NULL)
RETURNS bigint LANGUAGE sql AS $$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, new_scope)
    VALUES (t06_id(num), kind, decided, new_expiry, new_scope) RETURNING id
$$;

-- the base: granted 2023-03-01, expires 2026-02-28
SELECT t06_cert('B', 'ISO/IEC 27001:2022', '{site:Tokyo, service:cloud/IaaS, service:cloud/SaaS}') IS NOT NULL AS setup;
SELECT t06_audit('B', 'stage1', '2023-01-10', '2023-01-11'), t06_audit('B', 'stage2', '2023-02-01', '2023-02-03'),
       t06_audit('B', 'surveillance', '2024-01-15', '2024-01-16'),
       t06_audit('B', 'surveillance', '2025-01-15', '2025-01-16');

/* ==================================================================
 * ADD-1: the base is a 27001 certificate of the same organisation and body
 * ================================================================== */
SELECT is(rule_error($$SELECT t06_cert('X1', 'ISO/IEC 27017:2015', NULL, 'B', org => 'T06 other org')$$),
          '23514 ADD-1', 'ADD-1: a base of another organisation is refused');
SELECT t06_cert('B2', 'ISO/IEC 27001:2022', NULL, cb => 'T06-CB2') IS NOT NULL AS setup;
SELECT is(rule_error($$SELECT t06_cert('X2', 'ISO/IEC 27017:2015', NULL, 'B2')$$),
          '23514 ADD-1', 'ADD-1: a base of another certification body is refused');
SELECT is(rule_error($$SELECT t06_cert('X3', 'ISO/IEC 27001:2022', NULL, 'B')$$),
          '23514 ADD-1', 'ADD-1: a 27001 certificate is not an add-on');
SELECT lives_ok($$SELECT t06_cert('C1', 'ISO/IEC 27017:2015', '{service:cloud/IaaS, role:provider}', 'B')$$,
                'ADD-1: a cloud add-on on a 27001 certificate of the same organisation and body');
SELECT is(rule_error($$SELECT t06_cert('X4', 'ISO/IEC 27701:2019', NULL, 'C1')$$),
          '23514 ADD-1', 'ADD-1: an add-on is not a base');
SELECT t06_cert('X5', 'ISO/IEC 27017:2015', NULL) IS NOT NULL AS setup;
SELECT t06_audit('X5', 'stage1', '2023-01-10', '2023-01-11'), t06_audit('X5', 'stage2', '2023-02-01', '2023-02-03');
SELECT is(rule_error($$SELECT t06_decide('X5', 'grant', '2023-03-01')$$),
          '23514 ADD-1', 'ADD-1: an add-on standard is not granted without a base');
SELECT t06_cert('P25', 'ISO/IEC 27701:2025', NULL) IS NOT NULL AS setup;
SELECT t06_audit('P25', 'stage1', '2025-11-03', '2025-11-04'), t06_audit('P25', 'stage2', '2025-11-10', '2025-11-11');
SELECT lives_ok($$SELECT t06_decide('P25', 'grant', '2025-12-01')$$,
                'ADD-1: ISO/IEC 27701:2025 is granted without a base (needs_base is per edition)');

/* ==================================================================
 * ADD-2: the base is active on the add-on's grant (or granted that day)
 * ================================================================== */
SELECT t06_audit('C1', 'stage1', '2023-01-12', '2023-01-13'), t06_audit('C1', 'stage2', '2023-02-06', '2023-02-07');
SELECT is(rule_error($$SELECT t06_decide('C1', 'grant', '2023-02-20')$$),
          '23514 ADD-2', 'ADD-2: an add-on grant while the base is a draft is refused');
SELECT lives_ok($$SELECT t06_decide('B', 'grant', '2023-03-01')$$, 'setup: the base is granted 2023-03-01');
SELECT lives_ok($$SELECT t06_decide('C1', 'grant', '2023-03-01')$$,
                'ADD-2: an add-on granted the day its base is granted');
SELECT is(rule_error($$UPDATE isms.certificate SET base_certificate_id = NULL WHERE id = t06_id('C1')$$),
          '55000 LOG-1', 'ADD-1, LOG-1: an add-on with decisions keeps its base');

/* ==================================================================
 * ADD-3: the add-on's scope lies within the base's
 * ================================================================== */
SELECT t06_cert('C2', 'ISO/IEC 27017:2015', '{service:cloud/PaaS, role:provider}', 'B') IS NOT NULL AS setup;
SELECT t06_audit('C2', 'stage1', '2023-05-01', '2023-05-02'), t06_audit('C2', 'stage2', '2023-06-01', '2023-06-02');
SELECT is(rule_error($$SELECT t06_decide('C2', 'grant', '2023-07-03')$$),
          '23514 ADD-3', 'ADD-3: an add-on scope outside the base''s is refused');
SELECT t06_cert('C3', 'ISO/IEC 27017:2015', NULL, 'B') IS NOT NULL AS setup;
SELECT t06_audit('C3', 'stage1', '2023-05-01', '2023-05-02'), t06_audit('C3', 'stage2', '2023-06-01', '2023-06-02');
SELECT lives_ok($$SELECT t06_decide('C3', 'grant', '2023-07-03')$$,
                'ADD-3: an add-on without a scope of its own is granted');
SELECT is(effective_scope(t06_id('C3')), '{site:Tokyo, service:cloud/IaaS, service:cloud/SaaS}'::isms.scope,
          'ADD-3: it has exactly the base''s scope');
SELECT is(effective_scope(t06_id('C1')), '{service:cloud/IaaS, role:provider}'::isms.scope,
          'ADD-3: an add-on with a scope of its own has that scope');
SELECT t06_audit('C1', 'surveillance', '2024-01-15', '2024-01-16'), t06_audit('C1', 'special', '2024-02-01', '2024-02-01');
SELECT is(rule_error($$SELECT t06_decide('C1', 'extend_scope', '2024-02-15', new_scope => '{service:cloud, role:provider}')$$),
          '23514 ADD-3', 'ADD-3: an add-on is not extended beyond its base');
SELECT lives_ok($$SELECT t06_decide('C1', 'extend_scope', '2024-02-15', new_scope => '{service:cloud/IaaS, service:cloud/SaaS, role:provider}')$$,
                'ADD-3: an add-on is extended within its base (role elements aside)');

/* ==================================================================
 * ADD-6 and ADD-4: a combined first audit; the expiry
 * ================================================================== */
SELECT t06_cert('P1', 'ISO/IEC 27701:2019', '{site:Tokyo}', 'B') IS NOT NULL AS setup;
SELECT is(rule_error($$SELECT t06_audit('P1', 'stage2', '2024-01-15', '2024-01-16',
                      (SELECT id FROM isms.audit WHERE certificate_id = t06_id('B') AND kind = 'stage2'))$$),
          '23514 ADD-6', 'ADD-6: a combined audit names a surveillance or recertification audit of the base');
SELECT is(rule_error($$SELECT t06_audit('P1', 'stage2', '2024-03-15', '2024-03-16',
                      (SELECT id FROM isms.audit WHERE certificate_id = t06_id('B') AND start_date = '2024-01-15'))$$),
          '23514 ADD-6', 'ADD-6: ... held at the same time');
SELECT is(rule_error($$SELECT t06_audit('P1', 'stage2', '2024-01-15', '2024-01-16',
                      (SELECT id FROM isms.audit WHERE certificate_id = t06_id('C1') AND kind = 'surveillance'))$$),
          '23514 ADD-6', 'ADD-6: ... of the base, not of another certificate');
SELECT is(rule_error($$SELECT t06_decide('P1', 'grant', '2024-02-01')$$),
          '23514 CYC-1', 'ADD-6: without a combined audit, the add-on needs its own initial audit (CYC-1)');
SELECT lives_ok($$SELECT t06_audit('P1', 'stage2', '2024-01-15', '2024-01-16',
                  (SELECT id FROM isms.audit WHERE certificate_id = t06_id('B') AND start_date = '2024-01-15'))$$,
                'ADD-6: an add-on audit held with the base''s surveillance audit');
SELECT is(rule_error($$SELECT t06_decide('P1', 'grant', '2024-02-01', '2027-01-31')$$),
          '23514 ADD-4', 'ADD-4: an add-on expiring after its base is refused');
SELECT is(cert_latest_expiry(t06_id('P1'), 'grant', '2024-02-01'), DATE '2026-02-28',
          'ADD-4: the latest expiry of an add-on grant is capped at the base''s expiry');
SELECT lives_ok($$SELECT t06_decide('P1', 'grant', '2024-02-01')$$,
                'ADD-6: the combined audit is the initial audit of the first grant');
SELECT is((SELECT new_expiry FROM isms.decision WHERE certificate_id = t06_id('P1')), DATE '2026-02-28',
          'ADD-4: the default new_expiry of an add-on grant is the base''s expiry');

/* ==================================================================
 * ADD-5: never more valid than the base
 * ================================================================== */
SELECT lives_ok($$SELECT t06_decide('B', 'suspend', '2024-06-03')$$, 'setup: the base is suspended 2024-06-03');
SELECT lives_ok($$SELECT t06_decide('P1', 'suspend', '2024-06-10')$$, 'setup: the privacy add-on is suspended on its own 2024-06-10');
SELECT t06_audit('C3', 'recertification', '2024-06-17', '2024-06-18');
SELECT is(rule_error($$SELECT t06_decide('C3', 'recertify', '2024-07-01', '2026-02-28')$$),
          '23514 ADD-5', 'ADD-5: an add-on is not recertified while its base is suspended');
SELECT lives_ok($$SELECT t06_decide('B', 'reinstate', '2024-08-01')$$, 'setup: the base is reinstated 2024-08-01');
SELECT is(ARRAY[status_at(t06_id('C1'), '2024-06-02'), status_at(t06_id('C1'), '2024-06-03'),
                status_at(t06_id('C1'), '2024-08-01')],
          ARRAY['active', 'suspended', 'active']::isms.cert_status[],
          'ADD-5: the cloud add-on is suspended with its base and active again after it');
SELECT is(ARRAY[status_at(t06_id('P1'), '2024-06-03'), status_at(t06_id('P1'), '2024-08-01')],
          ARRAY['suspended', 'suspended']::isms.cert_status[],
          'ADD-5: the privacy add-on, suspended on its own too, stays suspended');
SELECT is(isms.valid_periods(t06_id('C3')), '{[2023-07-03,2024-06-03),[2024-08-01,2026-03-01)}'::datemultirange,
          'ADD-5: valid_periods of an add-on have the base''s suspension as a hole');
SELECT is((SELECT count(*)::int FROM isms.certificate
            WHERE certificate_number LIKE 'T06-%' AND status <> status_at(id, isms.today())),
          0, 'ADD-5: the stored status of every certificate is status_at(today), add-ons included');

/* ==================================================================
 * ADD-7: base changes keep the add-ons consistent (checked at commit;
 * here at once: SET CONSTRAINTS ALL IMMEDIATE)
 * ================================================================== */
SELECT t06_audit('B', 'special', '2025-02-03', '2025-02-03');
SELECT is(rule_error($$SELECT t06_decide('B', 'reduce_scope', '2025-02-10', new_scope => '{site:Tokyo, service:cloud/IaaS}')$$),
          '23514 ADD-7', 'ADD-7: a base reduction leaving an add-on outside is refused');
SELECT lives_ok($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
                  VALUES (t06_id('B'), 'reduce_scope', '2025-02-10', '{site:Tokyo, service:cloud/IaaS}'),
                         (t06_id('C1'), 'reduce_scope', '2025-02-10', '{service:cloud/IaaS, role:provider}')$$,
                'ADD-7: accepted with the add-on brought into line');
SELECT is(effective_scope(t06_id('C3')), '{site:Tokyo, service:cloud/IaaS}'::isms.scope,
          'ADD-3: the inheriting add-on follows the base''s reduction');
SELECT t06_cert('B3', 'ISO/IEC 27001:2022', NULL), t06_cert('C4', 'ISO/IEC 27017:2015', NULL, 'B3') IS NOT NULL AS setup;
SELECT t06_audit(c, 'stage1', '2023-01-10', '2023-01-11'), t06_audit(c, 'stage2', '2023-02-01', '2023-02-03')
  FROM unnest('{B3,C4}'::text[]) c;
SELECT lives_ok($$SELECT t06_decide('B3', 'grant', '2023-03-01'), t06_decide('C4', 'grant', '2023-03-01')$$,
                'setup: base T06-B3 and its add-on T06-C4 granted');
SELECT is(rule_error($$INSERT INTO isms.decision (certificate_id, kind, decision_date, corrects)
                     SELECT certificate_id, 'annul', '2025-03-01', id FROM isms.decision
                      WHERE certificate_id = t06_id('B3') AND kind = 'grant'$$),
          '23514 ADD-7', 'ADD-7: annulling a base''s grant under its add-on is refused');
SELECT lives_ok($$SELECT t06_decide('B', 'withdraw', '2025-06-02')$$,
                'ADD-5: a base can always be withdrawn');
SELECT is(ARRAY[status_at(t06_id('C1'), '2025-06-02'), status_at(t06_id('C3'), '2025-06-02'),
                status_at(t06_id('P1'), '2025-06-02')],
          ARRAY['withdrawn', 'withdrawn', 'withdrawn']::isms.cert_status[],
          'ADD-5: its add-ons are withdrawn with it');

/* ==================================================================
 * TIME-1, SMP-1: the tables and formulas
 * ================================================================== */
SELECT is(ARRAY[audit_days(1, 'initial'), audit_days(10, 'initial'), audit_days(11, 'initial'),
                audit_days(45, 'initial'), audit_days(46, 'initial'), audit_days(10700, 'initial')],
          ARRAY[5, 5, 6, 8.5, 10, 28]::numeric[], 'TIME-1: band edges of the initial audit time');
SELECT is(ARRAY[audit_days(120, 'surveillance'), audit_days(120, 'recertification')],
          ARRAY[4, 8]::numeric[], 'TIME-1: surveillance and recertification (a third and two thirds, up to the half day)');
SELECT is(ARRAY[audit_days(120, 'surveillance', 'ISO/IEC 27001:2013'), audit_days(120, 'recertification', 'ISO/IEC 27001:2013')],
          ARRAY[5, 8.5]::numeric[], 'TRN-4: a transition adds 1 to a surveillance, 0.5 to a recertification');
SELECT throws_ok($$SELECT audit_days(0, 'initial')$$, '22023', NULL, 'TIME-1: fewer than 1 person is an error');
SELECT throws_ok($$SELECT audit_days(10, 'stage3')$$, '22023', NULL, 'TIME-1: an unknown kind is an error');
SELECT is(ARRAY[sample_size(25, 'initial'), sample_size(25, 'surveillance'), sample_size(25, 'recertification'),
                sample_size(26, 'initial')],
          ARRAY[5, 3, 4, 6], 'SMP-1: sqrt, 0.6 sqrt, 0.8 sqrt, rounded up');
SELECT is(ARRAY[sample_size(10, 'initial', false), sample_size(10, 'surveillance', false)],
          ARRAY[10, 3], 'SMP-1: without sampling, all sites, and 30% per surveillance');
SELECT throws_ok($$SELECT sample_size(0, 'initial')$$, '22023', NULL, 'SMP-1: fewer than 1 site is an error');

/* ==================================================================
 * TIME-2, ACC-4: audits
 * ================================================================== */
SELECT t06_cert('T', 'ISO/IEC 27001:2022', NULL) IS NOT NULL AS setup;
SELECT is(rule_error($$INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, persons_in_scope)
                     VALUES (t06_id('T'), 'surveillance', '2024-05-01', '2024-05-02', 3.5, 120)$$),
          '23514 TIME-2', 'TIME-2: a surveillance audit below the table without a justification is refused');
SELECT lives_ok($$INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, persons_in_scope,
                                          time_justification)
                  VALUES (t06_id('T'), 'surveillance', '2024-05-01', '2024-05-02', 3.5, 120, 'low-risk, single site')$$,
                'TIME-2: ... accepted with a justification');
SELECT lives_ok($$INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, persons_in_scope)
                  VALUES (t06_id('T'), 'surveillance', '2025-05-01', '2025-05-02', 4, 120)$$,
                'TIME-2: an audit at the table figure needs none');
INSERT INTO isms.personnel_body (code, name) VALUES ('T06-PB', 'T06 personnel body');
INSERT INTO isms.auditor (name) VALUES ('T06 auditor');
INSERT INTO isms.auditor_registration (auditor_id, body_id, registration_number, grade, valid_from, valid_until)
SELECT a.id, b.id, 'T06-R1', 'lead auditor', '2024-01-01', '2024-12-31'
  FROM isms.auditor a, isms.personnel_body b WHERE a.name = 'T06 auditor' AND b.code = 'T06-PB';
SELECT lives_ok($$INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, lead_auditor_id)
                  SELECT t06_id('T'), 'special', '2024-12-31', '2025-01-01', id FROM isms.auditor WHERE name = 'T06 auditor'$$,
                'ACC-4: an audit led by an auditor registered on its start date');
SELECT is(rule_error($$INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, lead_auditor_id)
                     SELECT t06_id('T'), 'special', '2025-01-01', '2025-01-01', id FROM isms.auditor WHERE name = 'T06 auditor'$$),
          '23514 ACC-4', 'ACC-4: an audit led by an auditor not registered on its start date is refused');
SELECT is(rule_error($$UPDATE isms.auditor_registration SET valid_until = '2024-12-30' WHERE registration_number = 'T06-R1'$$),
          '23514 ACC-4', 'ACC-4: a registration is not shortened under a recorded audit');

/* ==================================================================
 * ACC-3: listing of a body's certificates
 * ================================================================== */
SELECT lives_ok($$SELECT t06_audit('T', 'stage1', '2023-01-10', '2023-01-11'), t06_audit('T', 'stage2', '2023-02-01', '2023-02-03')$$,
                'setup: audits of T06-T');
SELECT lives_ok($$SELECT t06_decide('T', 'grant', '2023-03-01')$$, 'setup: T06-T granted 2023-03-01');
SELECT is((SELECT accreditation_status || ' ' || listed FROM cert_accreditation(t06_id('T'), '2024-06-01')),
          'accredited true', 'ACC-3: a certificate of an accredited body is listed');

SELECT * FROM finish();
ROLLBACK;
