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
ROLLBACK;
