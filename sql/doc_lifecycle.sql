-- doc_lifecycle: the SQL examples of README.md ("A short tour") and of
-- doc/lifecycle.md, as written (tools/doc_examples.sh checks that each one
-- appears here), each page in a database of its own, so that the ids are the
-- ones the pages show.  The output shows what each example gives; the
-- comments of the pages say the same.
SET client_min_messages = warning;
CREATE DATABASE isms_doc_readme;
RESET client_min_messages;
\c isms_doc_readme
SET timezone = 'UTC';
-- (example)
CREATE EXTENSION isms CASCADE;          -- also installs btree_gist and pg_trgm
SET datestyle = ISO;

INSERT INTO isms.accreditation_body (code, name, country, iaf_mla)
VALUES ('ISMS-AC', 'Information Management System Promotion Center', 'JP', true);
INSERT INTO isms.certification_body (code, name, country)
VALUES ('ACME-CERT', 'Acme Certification', 'JP');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
VALUES (1, 1, 'ISMS', '2015-04-01');                        -- open-ended

INSERT INTO isms.organisation (name, country) VALUES ('Example Systems KK', 'JP');
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
VALUES (1, 'AC-IS-0001', 1, 'ISO/IEC 27001:2022', 'Development and operation of payroll SaaS');
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (1, 'stage1', '2023-02-06', '2023-02-07'), (1, 'stage2', '2023-03-06', '2023-03-09');

INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (1, 'grant', '2023-04-01', '2026-04-01');
-- ERROR:  expiry date of certificate "AC-IS-0001" is beyond the end of its certification cycle
-- DETAIL:  Rule CYC-3: a grant decided on 2023-04-01 may set an expiry date of at most
--          2026-03-31 (cycle_years 3, expiry_offset_days 1); the decision gives 2026-04-01.
-- HINT:  Set new_expiry to 2026-03-31 or earlier.
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (1, 'grant', '2023-04-01', '2026-03-31');

SELECT isms.status_at(1, '2024-07-01');   -- active
SELECT isms.status_at(1, '2026-04-01');   -- expired: no decision needed (REC-2)
SELECT * FROM isms.timeline(1);           -- active 2023-04-01 to 2026-03-31, then expired
-- the stored status of the tour's certificate, as of today
SELECT status = isms.status_at(1, isms.today()) AS stored_is_today,
       original_certification_date, cycle_start, expiry_date, revision
FROM isms.certificate WHERE id = 1;
\c contrib_regression
DROP DATABASE isms_doc_readme;
SET client_min_messages = warning;
CREATE DATABASE isms_doc_lifecycle;
RESET client_min_messages;
\c isms_doc_lifecycle
SET timezone = 'UTC';
CREATE EXTENSION isms CASCADE;
-- the decision kinds, as "Decisions are the history" lists them
SELECT enum_range(NULL::isms.decision_kind);
-- (example)
SET datestyle = ISO;

-- Reference data: the accreditation body, the certification body and its accreditation
-- for the scheme of the standard (ISO/IEC 27001:2022 belongs to scheme 'ISMS').
INSERT INTO isms.accreditation_body (code, name, country, iaf_mla)
VALUES ('ISMS-AC', 'Information Management System Promotion Center', 'JP', true);
INSERT INTO isms.certification_body (code, name, country)
VALUES ('ACME-CERT', 'Acme Certification', 'JP');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
VALUES (1, 1, 'ISMS', '2015-04-01');                        -- open-ended

-- The organisation applies: a draft certificate.
INSERT INTO isms.organisation (name, name_local, country, city)
VALUES ('Example Systems KK', '株式会社エグザンプル', 'JP', 'Tokyo');
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
VALUES (1, 'AC-IS-0001', 1, 'ISO/IEC 27001:2022', 'Development and operation of payroll SaaS');

-- Initial audit (CYC-1) and grant; latest allowed expiry from isms.latest_expiry (CYC-3).
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, persons_in_scope)
VALUES (1, 'stage1', '2023-02-06', '2023-02-07', 2, 40),
       (1, 'stage2', '2023-03-06', '2023-03-09', 6.5, 40);
SELECT isms.latest_expiry('grant', '2023-04-01');                       -- 2026-03-31
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (1, 'grant', '2023-04-01', '2026-03-31');

-- What is due, and when (SUR-1, SUR-2, REC-1).
SELECT rule, audit_kind, due_from, due_by, state FROM isms.audit_programme(1, '2024-01-15');

-- Surveillance audits; a suspension and its reinstatement.
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (1, 'surveillance', '2024-03-04', '2024-03-05');
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
VALUES (1, 'suspend', '2024-06-10', 'major nonconformity not corrected');
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (1, 'reinstate', '2024-08-01');

-- Recertification before expiry: new cycle, expiry from the previous one (CYC-3, REC-1).
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (1, 'surveillance', '2025-03-03', '2025-03-04'),
       (1, 'recertification', '2026-01-19', '2026-01-22');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (1, 'recertify', '2026-02-20', '2029-03-31');

-- Ask about any day.
SELECT isms.status_at(1, '2024-07-01');          -- suspended
SELECT isms.valid_periods(1);                    -- {[2023-04-01,2024-06-10),[2024-08-01,2029-04-01)}
SELECT * FROM isms.timeline(1);
-- (example)
-- The certification body is accredited for the two add-on schemes as well.
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
VALUES (1, 1, 'ISMS-CLOUD', '2016-04-01'), (1, 1, 'ISMS-PIMS', '2020-04-01');

-- The base (certificate 2), with its scope as elements; the cloud add-on (3) covers
-- two of its services as a provider; the privacy add-on (4) has no scope of its own.
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard,
                              scope_statement, scope)
VALUES (1, 'AC-IS-0002', 1, 'ISO/IEC 27001:2022', 'Payroll and HR cloud services',
        '{site:Tokyo/HQ, site:Osaka/DC, service:payroll, service:hr-cloud}');
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard,
                              scope_statement, scope, base_certificate_id)
VALUES (1, 'AC-CL-0002', 1, 'ISO/IEC 27017:2015', 'Payroll and HR cloud services (provider)',
        '{service:payroll, service:hr-cloud, role:provider}', 2),
       (1, 'AC-PM-0002', 1, 'ISO/IEC 27701:2019', 'PII processing in payroll and HR', NULL, 2);

-- Base and cloud add-on: their own initial audits, granted the same day.
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (2, 'stage1', '2023-05-08', '2023-05-09'), (2, 'stage2', '2023-06-05', '2023-06-07'),
       (3, 'stage1', '2023-05-10', '2023-05-10'), (3, 'stage2', '2023-06-08', '2023-06-09');
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (2, 'grant', '2023-07-01'), (3, 'grant', '2023-07-01');

-- A year later, the base's surveillance audit; the cloud add-on's surveillance and
-- the privacy add-on's first audit are held with it (ADD-6).
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (2, 'surveillance', '2024-05-13', '2024-05-15');
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, combined_with)
SELECT c, k::isms.audit_kind, '2024-05-13', '2024-05-15', a.id
FROM (VALUES (3, 'surveillance'), (4, 'stage2')) v(c, k),
     isms.audit a WHERE a.certificate_id = 2 AND a.kind = 'surveillance';
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (4, 'grant', '2024-06-03');
SELECT certificate_number, expiry_date FROM isms.certificate WHERE id IN (2, 3, 4) ORDER BY id;
-- all three expire on 2026-06-30: the privacy add-on no later than its base (ADD-4)

-- The base is suspended, then reinstated: the add-ons follow (ADD-5).
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (2, 'suspend', '2024-09-02');
SELECT certificate_number, isms.status_at(id, '2024-09-15')
FROM isms.certificate WHERE id IN (2, 3, 4) ORDER BY id;      -- suspended, all three
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (2, 'reinstate', '2024-10-01');
SELECT isms.valid_periods(4);            -- {[2024-06-03,2024-09-02),[2024-10-01,2026-07-01)}

-- The base drops the Osaka data centre and the HR cloud service.  Alone, that
-- leaves the cloud add-on outside its base: refused at COMMIT (ADD-7).
BEGIN;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
VALUES (2, 'reduce_scope', '2025-03-03', '{site:Tokyo/HQ, service:payroll}');
COMMIT;   -- ERROR: scope of add-on certificate "AC-CL-0002" is not contained in ...

-- With the cloud add-on reduced in the same transaction, it is accepted; the privacy
-- add-on, without a scope of its own, follows the base.
BEGIN;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
VALUES (2, 'reduce_scope', '2025-03-03', '{site:Tokyo/HQ, service:payroll}'),
       (3, 'reduce_scope', '2025-03-03', '{service:payroll, role:provider}');
COMMIT;
SELECT certificate_number, isms.effective_scope(id)
FROM isms.certificate WHERE id IN (2, 3, 4) ORDER BY id;

-- The programme of the base, with its add-ons and the audits that can be combined.
SELECT certificate_number, rule, due_by, state, combined
FROM isms.audit_programme(2, '2025-03-10') ORDER BY certificate_id, due_by;
-- (example)
INSERT INTO isms.scheme_setting (scheme, auto_suspend_overdue) VALUES ('ISMS', true);
-- (example)
SELECT isms.audit_days(40, 'initial');                              -- 8.5
SELECT isms.audit_days(40, 'surveillance');                         -- 3
SELECT isms.audit_days(40, 'surveillance', 'ISO/IEC 27001:2013');   -- 4 (TRN-4: + 1)
SELECT isms.audit_days(40, 'recertification', 'JIS Q 27001:2014');  -- 6.5 (+ 0.5)
-- (example)
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days,
                        persons_in_scope, time_justification)
VALUES (1, 'surveillance', '2025-03-03', '2025-03-04', 2.5, 40,
        'one site, no changes since the last audit (IAF MD 5 reduction)');
-- (example)
INSERT INTO isms.personnel_body (code, name, country) VALUES ('JRCA', 'JRCA', 'JP');
INSERT INTO isms.auditor (name, name_local) VALUES ('Hanako Sato', '佐藤花子');
INSERT INTO isms.auditor_registration (auditor_id, body_id, registration_number, grade, valid_from)
VALUES (1, 1, 'ISMS-LA-0001', 'lead auditor', '2020-04-01');
UPDATE isms.audit SET lead_auditor_id = 1 WHERE id = 3;
-- (example)
INSERT INTO isms.edition_transition (from_standard, to_standard, published,
                                     last_old_audit_start, old_valid_until)
VALUES ('ISO/IEC 27701:2019', 'ISO/IEC 27701:2025', '2025-10-14', '2026-10-13', '2028-10-13');
-- what the last examples recorded: the lead auditor of audit 3, the new transition
SELECT id, certificate_id, kind, lead_auditor_id FROM isms.audit WHERE lead_auditor_id IS NOT NULL;
SELECT from_standard, to_standard, old_valid_until FROM isms.edition_transition
WHERE from_standard = 'ISO/IEC 27701:2019';
-- the stored columns of the walkthrough's certificate
SELECT status = isms.status_at(1, isms.today()) AS stored_is_today,
       original_certification_date, cycle_start, expiry_date, revision
FROM isms.certificate WHERE id = 1;
\c contrib_regression
DROP DATABASE isms_doc_lifecycle;
