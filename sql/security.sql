-- security: the examples of doc/security.md, verbatim (roles, row-level
-- security, reference data, the dangerous-grants check), so that the
-- documentation cannot drift from the behaviour.  Runs last: its
-- certificates are dated relative to today.  Leaves no role behind.
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY terse
-- (fixture) an accreditation body and two certification bodies
INSERT INTO isms.accreditation_body (code, name, iaf_mla) VALUES ('NORTH-AB', 'North Accreditation', true);
INSERT INTO isms.certification_body (code, name) VALUES ('NORTH-CERT', 'North Certification'),
                                                        ('SOUTH-CERT', 'South Certification');

-- doc: Setting up the roles
SELECT * FROM isms.setup_roles();
SELECT isms.setup_cb_writer('NORTH-CERT');
SELECT isms.setup_cb_writer('SOUTH-CERT', 'south_writers');
CREATE ROLE ab_officer LOGIN;
CREATE ROLE alice LOGIN;
CREATE ROLE bob LOGIN;
CREATE ROLE nightly LOGIN;
GRANT isms_accreditation_body TO ab_officer;
GRANT isms_cb_north_cert TO alice;
GRANT south_writers TO bob;
GRANT isms_sweep TO nightly;

-- doc: After a restore into another cluster
SELECT isms.setup_roles();
SELECT isms.setup_cb_writer(b.code, m.role_name)
  FROM isms.registry_role m JOIN isms.certification_body b ON b.id = m.cb_id
 ORDER BY m.role_name;

-- doc: The accreditation body
SET ROLE ab_officer;
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT ab.id, cb.id, 'ISMS', '2015-04-01'
  FROM isms.accreditation_body ab, isms.certification_body cb
 WHERE ab.code = 'NORTH-AB' AND cb.code IN ('NORTH-CERT', 'SOUTH-CERT');
RESET ROLE;

-- doc: A certification body's writer
SET ROLE alice;
INSERT INTO isms.organisation (name) VALUES ('Northwind KK');       -- kept by NORTH-CERT
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT o.cb_id, 'NC-0001', o.id, 'ISO/IEC 27001:2022', 'Warehouse systems'
  FROM isms.organisation o WHERE o.name = 'Northwind KK';
RESET ROLE;
SET ROLE bob;
INSERT INTO isms.organisation (name, confidential) VALUES ('Southern Foods KK', true);
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT o.cb_id, 'SC-0001', o.id, 'ISO/IEC 27001:2022', 'Food safety systems'
  FROM isms.organisation o;
SELECT o.name, c.certificate_number, c.status FROM isms.certificate c
  JOIN isms.organisation o ON o.id = c.organisation_id;             -- South's only
UPDATE isms.certificate SET scope_statement = 'x' WHERE certificate_number = 'NC-0001';   -- UPDATE 0
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT cb.id, 'NC-0002', o.id, 'ISO/IEC 27001:2022', 'x'
  FROM isms.certification_body cb, isms.organisation o WHERE cb.code = 'NORTH-CERT';
-- ERROR:  new row violates row-level security policy for table "certificate"
INSERT INTO isms.edition_transition (from_standard, to_standard, published)
VALUES ('ISO/IEC 27001:2022', 'ISO/IEC 27001:2022/Amd 1:2024', '2024-02-23');
-- ERROR:  permission denied for table edition_transition
TRUNCATE isms.decision;
-- ERROR:  permission denied for table decision
RESET ROLE;

-- doc: Reference data: TRUNCATE
TRUNCATE isms.edition_transition, isms.audit_time;
-- ERROR:  table "edition_transition" cannot be truncated

-- doc: Reference data: changes that alter recorded histories
-- (fixture) a scheme of the registry's own, and a certificate of it,
-- granted 200 days ago
SET ROLE ab_officer;
INSERT INTO isms.scheme (code, name) VALUES ('QMS', 'Quality management systems');
INSERT INTO isms.standard (ref, number, edition, scheme) VALUES ('ISO 9001:2015', 'ISO 9001', 2015, 'QMS');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT ab.id, cb.id, 'QMS', '2015-04-01' FROM isms.accreditation_body ab, isms.certification_body cb
 WHERE ab.code = 'NORTH-AB' AND cb.code = 'NORTH-CERT';
RESET ROLE;
SET ROLE alice;
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT o.cb_id, 'NC-Q001', o.id, 'ISO 9001:2015', 'Warehouse operations' FROM isms.organisation o;
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
SELECT c.id, k::isms.audit_kind, isms.today() - d, isms.today() - d + 1
  FROM isms.certificate c, (VALUES ('stage1', 300), ('stage2', 250)) v(k, d)
 WHERE c.certificate_number = 'NC-Q001';
INSERT INTO isms.decision (certificate_id, kind, decision_date)
SELECT id, 'grant', isms.today() - 200 FROM isms.certificate WHERE certificate_number = 'NC-Q001';
SELECT certificate_number, status FROM isms.certificate WHERE certificate_number = 'NC-Q001';
RESET ROLE;
-- doc (the example itself)
SET ROLE ab_officer;
BEGIN;
INSERT INTO isms.standard (ref, number, edition, scheme) VALUES ('ISO 9001:2026', 'ISO 9001', 2026, 'QMS');
INSERT INTO isms.edition_transition (from_standard, to_standard, published, last_old_audit_start, old_valid_until)
VALUES ('ISO 9001:2015', 'ISO 9001:2026', isms.today() - 400, isms.today() - 100, isms.today() - 1);
SELECT certificate_number, status FROM isms.certificate WHERE certificate_number = 'NC-Q001';   -- active
COMMIT;
SELECT certificate_number, status, isms.status_at(id, isms.today()) AS status_today
  FROM isms.certificate WHERE certificate_number = 'NC-Q001';                                 -- expired, expired
RESET ROLE;

-- doc: The sweep
SET ROLE nightly;
SELECT count(*) AS changed FROM isms.sweep() WHERE certificate_number LIKE 'NC-%';
RESET ROLE;

-- doc: Checking the grants
GRANT ALL ON isms.audit_time TO alice;
SELECT * FROM isms.dangerous_grants() WHERE grantee = 'alice';
--      object      | grantee |       issue
-- -----------------+---------+--------------------
--  isms.audit_time | alice   | REFERENCES granted
--  isms.audit_time | alice   | TRIGGER granted
--  isms.audit_time | alice   | TRUNCATE granted
REVOKE ALL ON isms.audit_time FROM alice;
SELECT count(*) FROM isms.dangerous_grants() WHERE grantee = 'alice';   -- 0

-- (cleanup) the roles are cluster-wide
DELETE FROM isms.registry_role;
DROP OWNED BY isms_accreditation_body, isms_cb_writers, isms_bi_reader, isms_public, isms_sweep,
              isms_cb_north_cert, south_writers, ab_officer, alice, bob, nightly;
DROP ROLE isms_accreditation_body, isms_cb_writers, isms_bi_reader, isms_public, isms_sweep,
          isms_cb_north_cert, south_writers, ab_officer, alice, bob, nightly;
