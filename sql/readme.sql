-- readme: the walkthrough of README.md ("Recording a certificate's life"), verbatim,
-- so that the documentation cannot drift from the behaviour.
SET datestyle = ISO;
SET timezone = 'UTC';
BEGIN;
INSERT INTO isms.accreditation_body (id, code, name, country, iaf_mla)
VALUES (1001, 'ISMS-AC', 'Information Management System Promotion Center', 'JP', true);
INSERT INTO isms.certification_body (id, code, name, country)
VALUES (1001, 'ACME-CERT', 'Acme Certification', 'JP');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
VALUES (1001, 1001, 'ISMS', '2015-04-01');
INSERT INTO isms.organisation (id, name, name_local, country, city)
VALUES (1001, 'Example Systems KK', '株式会社エグザンプル', 'JP', 'Tokyo');
INSERT INTO isms.certificate (id, cb_id, certificate_number, organisation_id, standard, scope_statement)
VALUES (1001, 1001, 'AC-IS-0001', 1001, 'ISO/IEC 27001:2022', 'Development and operation of payroll SaaS');
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, persons_in_scope)
VALUES (1001, 'stage1', '2023-02-06', '2023-02-07', 2, 40),
       (1001, 'stage2', '2023-03-06', '2023-03-09', 6.5, 40);
SELECT isms.latest_expiry('grant', '2023-04-01');
SAVEPOINT s;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (1001, 'grant', '2023-04-01', '2026-04-01');
ROLLBACK TO s;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (1001, 'grant', '2023-04-01', '2026-03-31');
SELECT rule, audit_kind, due_from, due_by, state FROM isms.audit_programme(1001, '2024-01-15');
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (1001, 'surveillance', '2024-03-04', '2024-03-05');
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
VALUES (1001, 'suspend', '2024-06-10', 'major nonconformity not corrected');
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (1001, 'reinstate', '2024-08-01');
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (1001, 'surveillance', '2025-03-03', '2025-03-04'),
       (1001, 'recertification', '2026-01-19', '2026-01-22');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (1001, 'recertify', '2026-02-20', '2029-03-31');
SELECT isms.status_at(1001, '2024-07-01');
SELECT isms.valid_periods(1001);
SELECT * FROM isms.timeline(1001);
SELECT status, original_certification_date, cycle_start, expiry_date, revision
FROM isms.certificate WHERE id = 1001;
-- README.md, "Add-on certificates": the worked example (ids 2, 3, 4 there)
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
VALUES (1001, 1001, 'ISMS-CLOUD', '2016-04-01'), (1001, 1001, 'ISMS-PIMS', '2020-04-01');
INSERT INTO isms.certificate (id, cb_id, certificate_number, organisation_id, standard,
                              scope_statement, scope)
VALUES (1002, 1001, 'AC-IS-0002', 1001, 'ISO/IEC 27001:2022', 'Payroll and HR cloud services',
        '{site:Tokyo/HQ, site:Osaka/DC, service:payroll, service:hr-cloud}');
INSERT INTO isms.certificate (id, cb_id, certificate_number, organisation_id, standard,
                              scope_statement, scope, base_certificate_id)
VALUES (1003, 1001, 'AC-CL-0002', 1001, 'ISO/IEC 27017:2015', 'Payroll and HR cloud services (provider)',
        '{service:payroll, service:hr-cloud, role:provider}', 1002),
       (1004, 1001, 'AC-PM-0002', 1001, 'ISO/IEC 27701:2019', 'PII processing in payroll and HR', NULL, 1002);
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (1002, 'stage1', '2023-05-08', '2023-05-09'), (1002, 'stage2', '2023-06-05', '2023-06-07'),
       (1003, 'stage1', '2023-05-10', '2023-05-10'), (1003, 'stage2', '2023-06-08', '2023-06-09');
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (1002, 'grant', '2023-07-01'), (1003, 'grant', '2023-07-01');
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (1002, 'surveillance', '2024-05-13', '2024-05-15');
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, combined_with)
SELECT c, k::isms.audit_kind, '2024-05-13', '2024-05-15', a.id
FROM (VALUES (1003, 'surveillance'), (1004, 'stage2')) v(c, k),
     isms.audit a WHERE a.certificate_id = 1002 AND a.kind = 'surveillance';
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (1004, 'grant', '2024-06-03');
SELECT certificate_number, expiry_date FROM isms.certificate WHERE id IN (1002, 1003, 1004) ORDER BY id;
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (1002, 'suspend', '2024-09-02');
SELECT certificate_number, isms.status_at(id, '2024-09-15')
FROM isms.certificate WHERE id IN (1002, 1003, 1004) ORDER BY id;
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (1002, 'reinstate', '2024-10-01');
SELECT isms.valid_periods(1004);
-- (the README's failing COMMIT, inside this file's transaction)
SAVEPOINT s;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
VALUES (1002, 'reduce_scope', '2025-03-03', '{site:Tokyo/HQ, service:payroll}');
SET CONSTRAINTS isms."ADD-7" IMMEDIATE;
ROLLBACK TO s;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
VALUES (1002, 'reduce_scope', '2025-03-03', '{site:Tokyo/HQ, service:payroll}'),
       (1003, 'reduce_scope', '2025-03-03', '{service:payroll, role:provider}');
SET CONSTRAINTS isms."ADD-7" IMMEDIATE;
SET CONSTRAINTS isms."ADD-7" DEFERRED;
SELECT certificate_number, isms.effective_scope(id)
FROM isms.certificate WHERE id IN (1002, 1003, 1004) ORDER BY id;
SELECT certificate_number, rule, due_by, state, combined
FROM isms.audit_programme(1002, '2025-03-10') ORDER BY certificate_id, due_by;
ROLLBACK;

-- the decision kinds, as README ("Decisions are the history") lists them
SELECT enum_range(NULL::isms.decision_kind);
