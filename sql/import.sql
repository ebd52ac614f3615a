-- import: files of decisions with per-row errors, all or nothing per
-- certificate, dry runs that write nothing, and plain COPY
SET datestyle = ISO;
SET timezone = 'UTC';
SET isms.today = '2026-06-30';
\set VERBOSITY default

CREATE SCHEMA imp;
SELECT regress.fixture('imp', 'IMP');
INSERT INTO isms.certification_body (code, name) VALUES ('IMP-OTHER', 'imp other body');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, 'ISMS', '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b
WHERE a.code = 'IMP-AB' AND b.code IN ('IMP-CB', 'IMP-OTHER');
-- a register that receives reported decisions (EVD-1): no audits needed
UPDATE isms.certification_body SET evidence_level = 'reported' WHERE code IN ('IMP-CB', 'IMP-OTHER');
SELECT imp.new_cert(n) FROM unnest('{IMP-1,IMP-2,IMP-3,IMP-4,IMP-5}'::text[]) n;
SELECT imp.new_cert('IMP-X1', cb => 'IMP-OTHER');

-- the CSV reader: line numbers of records, quoted commas, quotes and line
-- breaks, NULL (unquoted empty) and the empty string (quoted empty)
SELECT * FROM isms.csv_rows(E'a,b,c\r\n1,"x, y",\n\n2,"say ""hi""",""\n3,"two\nlines",z\n4,last,row');
SELECT regress.try($$SELECT * FROM isms.csv_rows(E'a,b\n1,"open')$$) AS "unterminated quote";
SELECT regress.try($$SELECT * FROM isms.csv_rows(E'a,b\n1,"x"y')$$) AS "text after a quote";
SELECT isms.import_date('2024-04-01') AS iso, isms.import_date('20240401') AS certsearch,
       isms.import_date(' ') AS empty,
       regress.try($$SELECT isms.import_date('01/04/2024')$$) AS "other form",
       regress.try($$SELECT isms.import_date('2024-02-30')$$) AS "no such day";

-- a file with good and bad rows: every good certificate applied, every bad
-- row reported with its line, SQLSTATE and rule; the rows of a certificate
-- go in together or not at all
\set csv 'cb_code,certificate_number,kind,decision_date,new_expiry,reason\nIMP-CB,IMP-1,grant,2023-04-01,2026-03-31,\nIMP-CB,IMP-2,grant,2023-04-01,2026-04-01,\nIMP-CB,IMP-1,suspend,2024-06-10,,"missed surveillance, twice"\nIMP-CB,IMP-2,suspend,2024-06-10,,\nIMP-CB,IMP-3,grant,2023-13-01,,\nIMP-CB,IMP-9,grant,2023-04-01,,\nNOPE,IMP-1,grant,2023-04-01,,\nIMP-CB,IMP-3,suspend,2024-01-01,,\nIMP-CB,IMP-4,grant,2023-04-01,,"a reason\non two lines"\nIMP-CB,IMP-4,suspend,2030-01-01,,\nIMP-CB,IMP-5,grant,2023-05-01,,\nIMP-CB,IMP-5,granted,2023-05-01,,\nIMP-CB,IMP-1,reinstate,2024-08-01,,\n'
SELECT count(*) AS decisions_before FROM isms.decision \gset
SELECT line, cb_code, certificate_number, sqlstate, rule, message, failed_line
  FROM isms.import_decisions(replace(:'csv', '\n', E'\n'));
SELECT e.line, e.detail, e.hint FROM isms.import_error e
 WHERE e.run_id = (SELECT max(id) FROM isms.import_run) AND e.failed_line IS NULL ORDER BY e.line;
SELECT shape, cb_id, rows_read, rows_applied, rows_refused, certificates_applied,
       certificates_refused, decisions_recorded, run_by = CURRENT_USER AS run_by_me
  FROM isms.import_run ORDER BY id DESC LIMIT 1;
SELECT count(*) - :decisions_before AS decisions_recorded FROM isms.decision;
SELECT n AS certificate, isms.status_at(imp.cert(n), '2024-07-01') AS "2024-07-01",
       isms.status_at(imp.cert(n), '2024-09-01') AS "2024-09-01",
       (SELECT count(*) FROM isms.decision d WHERE d.certificate_id = imp.cert(n)) AS decisions
  FROM unnest('{IMP-1,IMP-2,IMP-3,IMP-4,IMP-5}'::text[]) n;
SELECT reason FROM isms.decision WHERE certificate_id = imp.cert('IMP-1') AND kind = 'suspend';

-- a file without a usable header is refused whole
SELECT regress.try($$SELECT * FROM isms.import_decisions(E'cb_code,certificate_number,kind,decided\nIMP-CB,IMP-2,grant,2023-04-01')$$) AS "unknown column";
SELECT regress.try($$SELECT * FROM isms.import_decisions(E'cb_code,certificate_number,kind\nIMP-CB,IMP-2,grant')$$) AS "no decision_date";
SELECT regress.try($$SELECT * FROM isms.import_decisions(E'cb_code,kind,kind,decision_date\n')$$) AS "a column twice";
SELECT regress.try($$SELECT * FROM isms.import_decisions('')$$) AS "no header";
-- a row with too few fields
SELECT line, sqlstate, message FROM isms.import_decisions(
    E'cb_code,certificate_number,kind,decision_date\nIMP-CB,IMP-2,grant\n', dry_run => true);

-- a dry run writes nothing: no decision, change event, feed position,
-- chain position or run, and returns what would be refused
SELECT (SELECT count(*) FROM isms.decision) AS decisions_before,
       (SELECT count(*) FROM isms.change_event) AS events_before,
       (SELECT count(*) FROM isms.change_commit) AS commits_before,
       (SELECT count(*) FROM isms.import_run) AS runs_before,
       (SELECT coalesce(max(chain_seq), 0) FROM isms.decision WHERE certificate_id = imp.cert('IMP-1')) AS chain_before \gset
SELECT line, certificate_number, sqlstate, rule, message, failed_line
  FROM isms.import_decisions(E'cb_code,certificate_number,kind,decision_date,new_expiry\n'
                             'IMP-CB,IMP-2,grant,2023-04-01,2026-03-31\n'
                             'IMP-CB,IMP-2,suspend,2024-06-10,\n'
                             'IMP-CB,IMP-1,suspend,2024-09-10,\n'
                             'IMP-CB,IMP-3,grant,2023-04-01,2026-04-01\n', dry_run => true);
SELECT (SELECT count(*) FROM isms.decision) - :decisions_before AS decisions,
       (SELECT count(*) FROM isms.change_event) - :events_before AS events,
       (SELECT count(*) FROM isms.change_commit) - :commits_before AS commits,
       (SELECT count(*) FROM isms.import_run) - :runs_before AS runs,
       (SELECT coalesce(max(chain_seq), 0) FROM isms.decision WHERE certificate_id = imp.cert('IMP-1'))
           = :chain_before AS chain_unchanged,
       isms.status_at(imp.cert('IMP-2'), '2024-07-01') AS "IMP-2";
-- one decision, tried
SELECT * FROM isms.try_decision(imp.cert('IMP-2'), 'grant', '2023-04-01', new_expiry => '2026-04-01');
SELECT * FROM isms.try_decision(imp.cert('IMP-2'), 'grant', '2023-04-01', new_expiry => '2026-03-31');
SELECT * FROM isms.try_decision(imp.cert('IMP-1'), 'reinstate', '2024-08-02');
SELECT (SELECT count(*) FROM isms.decision) - :decisions_before AS decisions,
       (SELECT count(*) FROM isms.change_event) - :events_before AS events,
       (SELECT count(*) FROM isms.change_commit) - :commits_before AS commits,
       isms.status_at(imp.cert('IMP-2'), '2024-07-01') AS "IMP-2";
-- the same file, imported: as the dry run said
SELECT line, certificate_number, sqlstate, rule, failed_line
  FROM isms.import_decisions(E'cb_code,certificate_number,kind,decision_date,new_expiry\n'
                             'IMP-CB,IMP-2,grant,2023-04-01,2026-03-31\n'
                             'IMP-CB,IMP-2,suspend,2024-06-10,\n'
                             'IMP-CB,IMP-1,suspend,2024-09-10,\n'
                             'IMP-CB,IMP-3,grant,2023-04-01,2026-04-01\n');
SELECT (SELECT count(*) FROM isms.decision) - :decisions_before AS decisions,
       (SELECT count(*) FROM isms.change_commit) - :commits_before AS commits,
       isms.status_at(imp.cert('IMP-2'), '2024-07-01') AS "IMP-2",
       (SELECT array_agg(chain_seq ORDER BY chain_seq) FROM isms.decision
         WHERE certificate_id = imp.cert('IMP-1')) AS "IMP-1 chain positions";

-- a certification body's writer imports its own body's rows only; it reads
-- its own runs; the accreditation body reads them all
BEGIN;
SET client_min_messages = warning;
SELECT count(*) > 0 AS roles FROM isms.setup_roles('imp_');
SELECT isms.setup_cb_writer('IMP-CB', 'imp_cb_writer', 'imp_') AS writer;
RESET client_min_messages;
GRANT USAGE ON SCHEMA regress, imp TO imp_cb_writer, imp_accreditation_body;
SET ROLE imp_cb_writer;
SELECT line, cb_code, certificate_number, sqlstate, rule, message
  FROM isms.import_decisions(E'cb_code,certificate_number,kind,decision_date\n'
                             'IMP-CB,IMP-2,reinstate,2024-07-01\n'
                             'IMP-OTHER,IMP-X1,grant,2023-04-01\n');
SELECT shape, cb_id = (SELECT id FROM isms.certification_body WHERE code = 'IMP-CB') AS own_body,
       rows_applied, rows_refused FROM isms.import_run;
SELECT count(*) AS errors_seen FROM isms.import_error;
SELECT regress.try($$TRUNCATE isms.import_error$$) AS "truncate",
       regress.try($$DELETE FROM isms.import_run$$) AS "delete a run";
RESET ROLE;
SET ROLE imp_accreditation_body;
SELECT count(*) > 1 AS "the accreditation body reads every run" FROM isms.import_run;
SELECT line, certificate_number, sqlstate
  FROM isms.import_decisions(E'cb_code,certificate_number,kind,decision_date\n'
                             'IMP-OTHER,IMP-X1,grant,2023-04-01\n', dry_run => true);
RESET ROLE;
ROLLBACK;
SELECT regress.try($$TRUNCATE isms.import_run CASCADE$$) AS "truncate as owner";

-- a base's rows that would break its add-on (ADD-7, checked at commit) are
-- refused with their certificate, not with the file
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, 'ISMS-CLOUD', '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b
WHERE a.code = 'IMP-AB' AND b.code = 'IMP-CB';
SELECT imp.new_cert('IMP-B1'), imp.new_cert('IMP-A1', 'ISO/IEC 27017:2015');
UPDATE isms.certificate SET base_certificate_id = imp.cert('IMP-B1') WHERE id = imp.cert('IMP-A1');
SELECT imp.decide('IMP-B1', 'grant', '2023-01-10', '2026-01-09') AS base,
       imp.decide('IMP-A1', 'grant', '2024-01-10', '2026-01-09') AS "add-on";
SELECT line, certificate_number, sqlstate, rule, message, failed_line FROM isms.import_decisions(
    E'cb_code,certificate_number,kind,decision_date\n'
    'IMP-CB,IMP-B1,suspend,2023-06-01\n'
    'IMP-CB,IMP-B1,reinstate,2024-06-01\n'
    'IMP-CB,IMP-2,reinstate,2024-07-01\n');
SELECT n, isms.status_at(imp.cert(n), '2024-07-15') FROM unnest('{IMP-B1,IMP-A1,IMP-2}'::text[]) n;

-- the IAF CertSearch shape: a known certificate gets what changed since,
-- dated by the report; a row that matches the register records nothing
SELECT imp.new_cert(n) FROM unnest('{IMP-CS1,IMP-CS2,IMP-CS3,IMP-CS4,IMP-CS5,IMP-CS6}'::text[]) n;
SELECT imp.decide(n, 'grant', '2024-01-10', '2027-01-09') FROM unnest('{IMP-CS1,IMP-CS2,IMP-CS3,IMP-CS4,IMP-CS5,IMP-CS6}'::text[]) n;
SELECT $csv$Certification Identity Number,Certificate Number,Certification Status,Certification Standard,Certification Scope,Certification Original Issue Date,Certification Issue Date,Certification Expiry Date,cb_code
I-1,IMP-CS1,Suspended,ISO/IEC 27001:2022,Scope of IMP-CS1,20240110,20240110,20270109,IMP-CB
I-2,IMP-CS2,Active,ISO/IEC 27001:2022,Scope of IMP-CS2,20240110,20260520,20300109,IMP-CB
I-3,IMP-CS3,withdrawn,ISO/IEC 27001:2022,Scope of IMP-CS3,20240110,20240110,20270109,imp-cb
I-4,IMP-CS4,Active,ISO/IEC 27001:2022,Part of the scope of IMP-CS4,20240110,20240110,20270109,IMP-CB
I-5,IMP-CS5,Active,ISO/IEC 27001:2022,Scope of IMP-CS5,20240110,20240110,20270109,IMP-CB
I-6,IMP-CS6,Active,ISO/IEC 27001:2022,Scope of IMP-CS6,20240110,20260520,20300110,IMP-CB
I-7,IMP-CS7,Valid,ISO/IEC 27001:2022,Scope,20260101,20260101,20281231,IMP-CB
I-8,IMP-CS8,Active,ISO/IEC 27001:2022,Scope,20260101,20260101,20280230,IMP-CB
I-9,IMP-CS9,Active,ISO/IEC 27001:2022,Scope,20260101,20260101,20281231,NOPE
I-10,IMP-CS10,Active,ISO/IEC 27001:2022,Scope,20260101,20260101,20281231,IMP-CB
I-10,IMP-CS11,Active,ISO/IEC 27001:2022,Scope,20260101,20260101,20281231,IMP-CB
I-12,IMP-CS12,Active,ISO 37001:2016,Scope,20260101,20260101,20281231,IMP-CB
I-13,IMP-CS5,Active,ISO/IEC 27001:2022,Scope of IMP-CS5,20240110,20240110,20270109,IMP-CB
$csv$ AS may \gset
SELECT count(*) AS decisions_before FROM isms.decision \gset
SELECT line, cb_code, certificate_number, sqlstate, rule, message
  FROM isms.import_certsearch(:'may', report_date => '2026-05-31');
SELECT e.line, e.detail FROM isms.import_error e
 WHERE e.run_id = (SELECT max(id) FROM isms.import_run) ORDER BY e.line;
SELECT shape, report_date, rows_read, rows_applied, rows_refused, certificates_opened, decisions_recorded
  FROM isms.import_run ORDER BY id DESC LIMIT 1;
SELECT c.certificate_number, d.kind, d.decision_date, d.new_expiry, d.new_scope_statement, d.reason
  FROM isms.decision d JOIN isms.certificate c ON c.id = d.certificate_id
 WHERE c.certificate_number LIKE 'IMP-CS%' AND d.kind <> 'grant' ORDER BY c.certificate_number, d.id;
SELECT n AS certificate, isms.status_at(imp.cert(n), '2026-05-31') AS status, c.expiry_date, c.scope_statement
  FROM unnest('{IMP-CS1,IMP-CS2,IMP-CS3,IMP-CS4,IMP-CS5,IMP-CS6}'::text[]) n
  JOIN isms.certificate c ON c.id = imp.cert(n);
-- the same file again: nothing changes (the bad rows are refused again)
SELECT count(*) AS decisions_now FROM isms.decision \gset
SELECT line, sqlstate FROM isms.import_certsearch(:'may', report_date => '2026-05-31');
SELECT rows_read, rows_applied, rows_refused, decisions_recorded
  FROM isms.import_run ORDER BY id DESC LIMIT 1;
SELECT count(*) - :decisions_now AS "decisions recorded again" FROM isms.decision;
-- a dry run of a later report writes nothing
SELECT (SELECT count(*) FROM isms.change_commit) AS commits_before,
       (SELECT count(*) FROM isms.import_run) AS runs_before \gset
SELECT line, certificate_number, sqlstate, rule FROM isms.import_certsearch(
    E'Certificate Number,Certification Status,Certification Standard,Certification Expiry Date\n'
    'IMP-CS5,Suspended,ISO/IEC 27001:2022,20270109\n'
    'IMP-CS4,Active,ISO/IEC 27001:2022,20260109\n', 'IMP-CB', '2026-06-15', dry_run => true);
SELECT (SELECT count(*) FROM isms.decision) - :decisions_now AS decisions,
       (SELECT count(*) FROM isms.change_commit) - :commits_before AS commits,
       (SELECT count(*) FROM isms.import_run) - :runs_before AS runs,
       isms.status_at(imp.cert('IMP-CS5'), '2026-06-15') AS "IMP-CS5";
-- a file without the fields it needs is refused whole; a row without a report date
SELECT regress.try($$SELECT * FROM isms.import_certsearch(E'Certificate Number,Certification Status\nIMP-CS5,Active\n', 'IMP-CB', '2026-06-15')$$) AS "missing fields";
SELECT line, sqlstate, message FROM isms.import_certsearch(
    E'Certificate Number,Certification Status,Certification Standard,Certification Expiry Date\n'
    'IMP-CS5,Active,ISO/IEC 27001:2022,20270109\n', 'IMP-CB', dry_run => true);
-- a certification body's writer imports its own body's list only
BEGIN;
SET client_min_messages = warning;
SELECT count(*) > 0 AS roles FROM isms.setup_roles('imp_');
SELECT isms.setup_cb_writer('IMP-CB', 'imp_cb_writer', 'imp_') AS writer;
RESET client_min_messages;
SET ROLE imp_cb_writer;
SELECT line, cb_code, certificate_number, sqlstate, message FROM isms.import_certsearch(
    E'Certificate Number,Certification Status,Certification Standard,Certification Expiry Date,cb_code\n'
    'IMP-CS5,Suspended,ISO/IEC 27001:2022,20270109,IMP-CB\n'
    'IMP-X1,Active,ISO/IEC 27001:2022,20270109,IMP-OTHER\n', report_date => '2026-06-15');
SELECT shape, cb_id, rows_applied, rows_refused, decisions_recorded FROM isms.import_run;
RESET ROLE;
ROLLBACK;

-- openings (EVD-2): a certificate seen for the first time is opened as the
-- file gives it, with its organisation; one that has ended is not entered
SELECT $csv$Certification Identity Number,Certificate Number,Certification Status,Certification Standard,Certification Scope,Certification Original Issue Date,Certification Issue Date,Certification Expiry Date,Certified Entity Unique ID,Certified Entity Name,Certified Entity English Name,Street Address,City,Post Code,Country/Economy,Confidential
6f1b1d36-9c59-4f43-8f0e-0f6a7d9e1a01,IMP-O1,Active,ISO/IEC 27001:2022,Payroll services,20110715,20240701,20270630,0b7e5a52-3c1e-4a8e-9d7f-2f1e6c0a9b11,株式会社オーワン,O-One KK,1-1 Chiyoda,Tokyo,100-0001,JP,false
,IMP-O2,Suspended,ISO/IEC 27001:2022,Hosting,20190401,20250401,20280331,,,P-Two KK,,Osaka,,Japan,true
,IMP-O3,Withdrawn,ISO/IEC 27001:2022,Hosting,20190401,20250401,20280331,,,P-Two KK,,Osaka,,JP,
,IMP-O4,Active,ISO/IEC 27001:2022,Hosting,20240701,20240701,20270701,,,P-Two KK,,Osaka,,JP,
,IMP-O5,Active,ISO/IEC 27001:2022,Hosting,20260601,20260601,20290531,,,P-Two KK,,Osaka,,JP,
,IMP-5,Active,ISO/IEC 27001:2022,Scope of IMP-5,20230501,20250501,20280430,,,imp organisation,,,,,
,IMP-O6,Active,ISO/IEC 27001:2022,Hosting,20240701,20240701,,,,P-Two KK,,Osaka,,JP,
$csv$ AS opening \gset
SELECT line, certificate_number, sqlstate, rule, message
  FROM isms.import_certsearch(:'opening', 'IMP-CB', '2026-05-31');
SELECT rows_read, rows_applied, rows_refused, certificates_opened, decisions_recorded
  FROM isms.import_run ORDER BY id DESC LIMIT 1;
SELECT c.certificate_number, c.status, c.original_certification_date, c.cycle_start, c.expiry_date,
       c.external_id = '6f1b1d36-9c59-4f43-8f0e-0f6a7d9e1a01' AS identity_kept,
       o.name, o.name_local, o.address, o.city, o.postal_code, o.country, o.confidential,
       o.cb_id = c.cb_id AS kept_by_the_body
  FROM isms.certificate c JOIN isms.organisation o ON o.id = c.organisation_id
 WHERE c.certificate_number IN ('IMP-O1', 'IMP-O2', 'IMP-5') ORDER BY c.certificate_number;
SELECT n AS certificate, isms.status_at(imp.cert(n), '2026-05-30') AS "before the opening",
       isms.status_at(imp.cert(n), '2026-05-31') AS "the opening day"
  FROM unnest('{IMP-O1,IMP-O2,IMP-5}'::text[]) n;
SELECT d.kind, d.decision_date, d.effective_date, d.new_expiry, d.original_date, d.cycle_start,
       d.opening_status, d.suspended_since
  FROM isms.decision d WHERE d.certificate_id = imp.cert('IMP-O2');
-- the same file again: nothing is opened twice, nothing changes
SELECT line, certificate_number, sqlstate FROM isms.import_certsearch(:'opening', 'IMP-CB', '2026-05-31');
SELECT rows_applied, rows_refused, certificates_opened, decisions_recorded
  FROM isms.import_run ORDER BY id DESC LIMIT 1;
-- another body's file naming that organisation's Unique ID: the id finds
-- organisations of the reporting body only, so a new one is recorded for it
-- (with an id of its own); the other body's is neither linked nor read
BEGIN;
INSERT INTO isms.certification_body (code, name) VALUES ('IMP-CB2', 'import second certification body');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.ab_id, b.id, a.scheme, a.valid_from FROM isms.accreditation a, isms.certification_body b
WHERE a.cb_id = (SELECT id FROM isms.certification_body WHERE code = 'IMP-CB') AND b.code = 'IMP-CB2';
SELECT line, sqlstate FROM isms.import_certsearch(
    E'Certificate Number,Certification Status,Certification Standard,Certification Scope,Certification Original Issue Date,Certification Issue Date,Certification Expiry Date,Certified Entity Unique ID,Certified Entity English Name,Country/Economy\n'
    'IMP-X1,Active,ISO/IEC 27001:2022,Anything,20250101,20250101,20271231,0b7e5a52-3c1e-4a8e-9d7f-2f1e6c0a9b11,Some Other Name KK,JP\n',
    'IMP-CB2', '2026-05-31');
SELECT c.certificate_number, o.name, ob.code AS kept_by,
       o.external_id = '0b7e5a52-3c1e-4a8e-9d7f-2f1e6c0a9b11' AS same_id
  FROM isms.certificate c JOIN isms.organisation o ON o.id = c.organisation_id
  JOIN isms.certification_body ob ON ob.id = o.cb_id
 WHERE c.certificate_number IN ('IMP-O1', 'IMP-X1') ORDER BY 1;
ROLLBACK;
-- a certification body's writer does not record openings
BEGIN;
SET client_min_messages = warning;
SELECT count(*) > 0 AS roles FROM isms.setup_roles('imp_');
SELECT isms.setup_cb_writer('IMP-CB', 'imp_cb_writer', 'imp_') AS writer;
RESET client_min_messages;
SET ROLE imp_cb_writer;
SELECT line, certificate_number, sqlstate, message FROM isms.import_certsearch(
    E'Certificate Number,Certification Status,Certification Standard,Certification Scope,Certification Original Issue Date,Certification Issue Date,Certification Expiry Date,Certified Entity English Name\n'
    'IMP-O7,Active,ISO/IEC 27001:2022,Hosting,20240701,20240701,20270630,Q KK\n', 'IMP-CB', '2026-05-31');
RESET ROLE;
ROLLBACK;
-- isms' own file of decisions takes the opening's columns too
SELECT imp.new_cert('IMP-O8');
SELECT line, sqlstate, rule, message FROM isms.import_decisions(
    E'cb_code,certificate_number,kind,decision_date,new_expiry,original_date,cycle_start,opening_status,suspended_since\n'
    'IMP-CB,IMP-O8,open,2026-05-31,2027-06-30,2011-07-15,2024-07-01,suspended,2026-05-01\n'
    'IMP-CB,IMP-O8,reinstate,2026-06-15,,,,,\n');
SELECT isms.status_at(imp.cert('IMP-O8'), '2026-05-31') AS "opened", isms.status_at(imp.cert('IMP-O8'), '2026-06-15') AS "reinstated";

-- plain COPY keeps its meaning: all or nothing; a rule error names the certificate
INSERT INTO isms.certificate (id, cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT 990001 + g, b.id, 'IMP-C' || g, o.id, 'ISO/IEC 27001:2022', 'Scope of IMP-C' || g
  FROM generate_series(0, 1) g, isms.certification_body b, isms.organisation o
 WHERE b.code = 'IMP-CB' AND o.name = 'imp organisation';
\set VERBOSITY default
COPY isms.decision (certificate_id, kind, decision_date, new_expiry) FROM STDIN WITH (FORMAT csv);
990001,grant,2023-04-01,2026-03-31
990002,grant,2023-04-01,2026-04-01
\.
COPY isms.decision (certificate_id, kind, decision_date, new_expiry) FROM STDIN WITH (FORMAT csv);
990001,grant,2023-04-01,2026-03-31
990002,suspend,2030-04-01,
\.
COPY isms.decision (certificate_id, kind, decision_date, effective_date) FROM STDIN WITH (FORMAT csv);
990001,grant,2023-04-01,2023-03-01
\.
SELECT count(*) AS "decisions of the COPYs" FROM isms.decision WHERE certificate_id IN (990001, 990002);

SET client_min_messages = warning;
DROP SCHEMA imp CASCADE;
RESET client_min_messages;
RESET isms.today;
