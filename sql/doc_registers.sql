-- doc_registers: the SQL examples of doc/registers.md, as written
-- (tools/doc_examples.sh checks that each one appears here), in a database
-- of its own, so that the ids are the ones the page shows, on the
-- register's day 2026-06-30.
SET client_min_messages = warning;
CREATE DATABASE isms_doc_registers;
RESET client_min_messages;
\c isms_doc_registers
SET timezone = 'UTC';
SET client_min_messages = warning;
CREATE EXTENSION isms CASCADE;
RESET client_min_messages;
SET datestyle = ISO;
SET isms.today = '2026-06-30';
-- (example)
-- doc: the accreditation body, its two certification bodies, reported decisions
INSERT INTO isms.accreditation_body (code, name, country, iaf_mla)
VALUES ('JAB', 'Japan Accreditation Board', 'JP', true);
INSERT INTO isms.certification_body (code, name, country, evidence_level)
VALUES ('ACME-CERT', 'Acme Certification', 'JP', 'reported'),
       ('KITE-QA', 'Kite Quality Assurance', 'JP', 'reported');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
VALUES (1, 1, 'ISMS', '2010-04-01'), (1, 2, 'ISMS', '2012-04-01');
-- (example)
-- doc: the bodies' lists of 2026-04-30, the register's opening balances
SELECT line, certificate_number, sqlstate, message FROM isms.import_certsearch($csv$Certificate Number,Certification Status,Certification Standard,Certification Scope,Certification Original Issue Date,Certification Issue Date,Certification Expiry Date,Certified Entity English Name,Country/Economy
AC-0001,Active,ISO/IEC 27001:2022,Payroll SaaS,20110715,20230715,20260714,Example Systems KK,JP
AC-0002,Suspended,ISO/IEC 27001:2022,Data centre operation,20190401,20250401,20280331,Northwind KK,JP
AC-0003,Active,ISO/IEC 27001:2022,Logistics platform,20240901,20240901,20270831,Harbour Freight KK,JP
$csv$, 'ACME-CERT', '2026-04-30');
SELECT line, certificate_number, sqlstate, message FROM isms.import_certsearch($csv$Certificate Number,Certification Status,Certification Standard,Certification Scope,Certification Original Issue Date,Certification Issue Date,Certification Expiry Date,Certified Entity English Name,Country/Economy
KQ-100,Active,ISO/IEC 27001:2022,Design and hosting of web shops,20200110,20250110,20280109,Kite Retail KK,JP
KQ-101,Active,ISO/IEC 27001:2022,Municipal IT services,20170601,20230601,20260530,City Systems KK,JP
$csv$, 'KITE-QA', '2026-04-30');
SELECT shape, report_date, rows_read, rows_applied, certificates_opened, decisions_recorded
  FROM isms.import_run ORDER BY id;
-- (example)
-- doc: before the opening, the register does not know
SELECT isms.status_at('ACME-CERT', 'AC-0001', '2025-01-15') AS "2025-01-15",
       isms.status_at('ACME-CERT', 'AC-0001', '2026-05-01') AS "2026-05-01",
       original_certification_date
  FROM isms.certificate WHERE certificate_number = 'AC-0001';
-- (example)
-- doc: the lists of 2026-05-31: what changed since is recorded
SELECT line, certificate_number, sqlstate, message FROM isms.import_certsearch($csv$Certificate Number,Certification Status,Certification Standard,Certification Scope,Certification Original Issue Date,Certification Issue Date,Certification Expiry Date,Certified Entity English Name,Country/Economy
AC-0001,Active,ISO/IEC 27001:2022,Payroll SaaS,20110715,20260520,20290714,Example Systems KK,JP
AC-0002,Active,ISO/IEC 27001:2022,Data centre operation,20190401,20250401,20280331,Northwind KK,JP
AC-0003,Withdrawn,ISO/IEC 27001:2022,Logistics platform,20240901,20240901,20270831,Harbour Freight KK,JP
$csv$, 'ACME-CERT', '2026-05-31');
SELECT line, certificate_number, sqlstate, message FROM isms.import_certsearch($csv$Certificate Number,Certification Status,Certification Standard,Certification Scope,Certification Original Issue Date,Certification Issue Date,Certification Expiry Date,Certified Entity English Name,Country/Economy
KQ-100,Active,ISO/IEC 27001:2022,Design of web shops,20200110,20250110,20280109,Kite Retail KK,JP
KQ-101,Expired,ISO/IEC 27001:2022,Municipal IT services,20170601,20230601,20260530,City Systems KK,JP
$csv$, 'KITE-QA', '2026-05-31');
SELECT b.code, c.certificate_number, d.kind, d.decision_date, d.new_expiry, d.new_scope_statement
  FROM isms.decision d JOIN isms.certificate c ON c.id = d.certificate_id
  JOIN isms.certification_body b ON b.id = c.cb_id
 WHERE d.kind::text <> 'open' ORDER BY c.certificate_number, d.id;
SELECT certificate_number, isms.status_at(id, '2026-06-30') AS status, expiry_date
  FROM isms.certificate ORDER BY certificate_number;
-- (example)
-- doc: ACME-CERT's May list imported a second time
SELECT count(*) AS refused FROM isms.import_certsearch($csv$Certificate Number,Certification Status,Certification Standard,Certification Scope,Certification Original Issue Date,Certification Issue Date,Certification Expiry Date,Certified Entity English Name,Country/Economy
AC-0001,Active,ISO/IEC 27001:2022,Payroll SaaS,20110715,20260520,20290714,Example Systems KK,JP
AC-0002,Active,ISO/IEC 27001:2022,Data centre operation,20190401,20250401,20280331,Northwind KK,JP
AC-0003,Withdrawn,ISO/IEC 27001:2022,Logistics platform,20240901,20240901,20270831,Harbour Freight KK,JP
$csv$, 'ACME-CERT', '2026-05-31');
SELECT rows_read, rows_applied, rows_refused, decisions_recorded
  FROM isms.import_run ORDER BY id DESC LIMIT 1;
-- (example)
-- doc: a file with bad rows, tried, then imported, and its error table
SELECT $csv$Certification Identity Number,Certificate Number,Certification Status,Certification Standard,Certification Scope,Certification Original Issue Date,Certification Issue Date,Certification Expiry Date,Certified Entity English Name,cb_code
K-1,KQ-100,Suspended,ISO/IEC 27001:2022,Design of web shops,20200110,20250110,20280109,Kite Retail KK,KITE-QA
K-2,KQ-102,Valid,ISO/IEC 27001:2022,Payments,20260601,20260601,20290531,Pay KK,KITE-QA
K-3,KQ-103,Active,ISO/IEC 27001:2022,Hosting,20260230,20260601,20290531,Host KK,KITE-QA
K-4,KQ-104,Active,ISO/IEC 27001:2022,Hosting,20260601,20260601,20290531,Host KK,KITE-Q
K-5,KQ-105,Active,ISO/IEC 27001:2022,Cloud backup,20260601,20260601,20300531,Backup KK,KITE-QA
K-6,KQ-106,Active,ISO 9001:2015,Catering,20260601,20260601,20290531,Food KK,KITE-QA
K-7,KQ-107,Active,ISO/IEC 27001:2022,Payroll,20260601,20260601,20290531,Pay KK,KITE-QA
K-7,KQ-108,Active,ISO/IEC 27001:2022,Payroll,20260601,20260601,20290531,Pay KK,KITE-QA
K-9,KQ-109,Active,ISO/IEC 27001:2022,Payroll,20260601,20260601,20290531,Pay KK,KITE-QA
$csv$ AS june \gset
SELECT line, sqlstate, rule FROM isms.import_certsearch(:'june', report_date => '2026-06-30', dry_run => true);
SELECT count(*) AS runs_after_the_dry_run FROM isms.import_run;
SELECT count(*) AS refused FROM isms.import_certsearch(:'june', report_date => '2026-06-30');
SELECT line, certificate_number, sqlstate, rule, message
  FROM isms.import_error WHERE run_id = (SELECT max(id) FROM isms.import_run) ORDER BY line;
SELECT certificate_number, isms.status_at(id, '2026-06-30') AS status
  FROM isms.certificate WHERE certificate_number IN ('KQ-100', 'KQ-109');
-- (example)
-- doc: one decision tried
SELECT accepted, sqlstate, rule, message
  FROM isms.try_decision(isms.certificate_id('KITE-QA', 'KQ-100'), 'reinstate', '2026-07-01');
SELECT accepted FROM isms.try_decision(isms.certificate_id('KITE-QA', 'KQ-100'), 'reinstate', '2026-06-30');
\c contrib_regression
DROP DATABASE isms_doc_registers;
