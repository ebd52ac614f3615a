--
-- The independent checker (check/invariants.sql): a legal registry shows no
-- violation; rows changed behind the triggers' back (a superuser with
-- session_replication_role = replica) show up with their rule.
--
-- In a database of its own, so that the sample registry's ids are fixed.
--
SET client_min_messages = warning;
DROP DATABASE IF EXISTS isms_check_regress;
CREATE DATABASE isms_check_regress;
\c isms_check_regress
SET client_min_messages = warning;
CREATE EXTENSION isms CASCADE;
\set ECHO none
\i demo/sample_registry.sql
\i check/invariants.sql
\set ECHO all
SET datestyle = ISO;
-- The sample registry's stored columns as of the day it was extracted, so
-- that nothing below depends on the day the test runs.
SELECT count(*) >= 0 AS swept FROM isms.sweep('2026-11-25');
\set day '''2026-11-25'''

-- A legal registry: nothing to report.
SELECT * FROM isms_check.violations('2026-11-25');   -- as of another day
-- The stored columns are compared with the day asked about: on another day
-- than the last sweep's they differ, the history itself is still legal.
SELECT count(*) > 0 AS stored_columns_differ, count(*) FILTER (WHERE decision_id IS NOT NULL) AS history
FROM isms_check.violations('2024-01-01');

-- After a sweep of today, nothing either.
SELECT count(*) >= 0 AS swept FROM isms.sweep();
SELECT count(*) AS today FROM isms_check.violation;
SELECT * FROM isms_check.violations();               -- as of isms.today()
SELECT rule, class, n FROM isms_check.summary();     -- counts by rule
SELECT count(*) >= 0 AS swept FROM isms.sweep('2026-11-25');

-- Each case changes rows behind the triggers' back and is rolled back.
-- Legal-transition table: a suspension of a draft (SUS-1).
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date)
VALUES (18, 'suspend', '2026-01-10', '2026-01-10');
SELECT certificate_id, rule, class, detail FROM isms_check.violations(:day);
ROLLBACK;

-- WDR-1: a reinstatement decided after the withdrawal.
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date)
VALUES (24, 'reinstate', '2026-02-02', '2026-02-02');
SELECT certificate_id, rule, class, detail FROM isms_check.violations(:day);
ROLLBACK;

-- CYC-3: a grant's expiry moved beyond the cycle (and the stored expiry no
-- longer what the history gives).
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.decision SET new_expiry = new_expiry + 10 WHERE id = 42;
SELECT certificate_id, decision_id, rule, class, detail FROM isms_check.violations(:day);
ROLLBACK;

-- CYC-1: the stage 2 audit of a granted certificate deleted.
BEGIN;
SET LOCAL session_replication_role = replica;
DELETE FROM isms.audit WHERE id = 94;
SELECT certificate_id, decision_id, rule, class, detail FROM isms_check.violations(:day);
-- EVD-1: not where the register holds no audits of the body
UPDATE isms.certification_body SET evidence_level = 'reported'
 WHERE id = (SELECT c.cb_id FROM isms.certificate c
              WHERE c.id = (SELECT v.certificate_id FROM isms_check.violations(:day) v WHERE v.rule = 'CYC-1'));
SELECT count(*) AS "CYC-1 in a register without audits" FROM isms_check.violations(:day) WHERE rule = 'CYC-1';
ROLLBACK;

-- REC-4: a new grant after the lapse without a new stage 2 audit.
BEGIN;
SET LOCAL session_replication_role = replica;
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry)
VALUES (20, 'grant', '2026-06-01', '2026-06-01', '2029-05-31');
SELECT certificate_id, rule, class, detail FROM isms_check.violations(:day);
ROLLBACK;

-- REC-1: the recertification audit deleted; a recertification moved before its audit.
BEGIN;
SET LOCAL session_replication_role = replica;
DELETE FROM isms.audit WHERE id = 195;
SELECT certificate_id, decision_id, rule, class, detail FROM isms_check.violations(:day);
ROLLBACK;
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.decision SET decision_date = '2023-07-20', effective_date = '2023-07-20' WHERE id = 14;
SELECT certificate_id, decision_id, rule, class, detail FROM isms_check.violations(:day);
ROLLBACK;

-- REC-3: a restoration moved out of its window.
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.decision SET decision_date = decision_date + 200, effective_date = effective_date + 200
WHERE id = 10;
SELECT certificate_id, decision_id, rule, class, detail FROM isms_check.violations(:day);
ROLLBACK;

-- ADD-4: an add-on's recertification beyond its base's expiry.
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.decision SET new_expiry = '2028-12-09' WHERE id = 134;
SELECT certificate_id, decision_id, rule, class, detail FROM isms_check.violations(:day);
ROLLBACK;

-- ADD-5: an add-on whose base was withdrawn stored with its own status only.
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.certificate SET status = 'expired' WHERE id = 55;
SELECT certificate_id, rule, class, detail FROM isms_check.violations(:day);
ROLLBACK;

-- Stored status: edited (LOG-1), an expired certificate stored as active (REC-2).
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.certificate SET status = 'suspended' WHERE id = 1;
SELECT certificate_id, rule, class, detail FROM isms_check.violations('2026-11-25');
ROLLBACK;
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.certificate SET status = 'suspended' WHERE id = 1;
UPDATE isms.certificate SET status = 'active' WHERE id = 20;
SELECT certificate_id, rule, class, detail FROM isms_check.violations(:day);
ROLLBACK;

-- LOG-1: a decision deleted (the suspension in force), a corrected decision
-- deleted, a correction pointed at another certificate's decision.
BEGIN;
SET LOCAL session_replication_role = replica;
DELETE FROM isms.decision WHERE id = 75;
SELECT certificate_id, rule, class, detail FROM isms_check.violations(:day);
ROLLBACK;
BEGIN;
SET LOCAL session_replication_role = replica;
DELETE FROM isms.decision WHERE id = 45;
SELECT certificate_id, decision_id, rule, class, detail FROM isms_check.violations(:day);
ROLLBACK;
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.decision SET corrects = 44 WHERE id = 125;
SELECT certificate_id, decision_id, rule, class FROM isms_check.violations(:day) WHERE rule = 'LOG-1';
ROLLBACK;
-- LOG-1: a certificate deleted with its decisions left behind.
BEGIN;
SET LOCAL session_replication_role = replica;
DELETE FROM isms.audit WHERE certificate_id = 17;
DELETE FROM isms.certificate WHERE id = 17;
SELECT certificate_id, decision_id, rule, class, detail FROM isms_check.violations(:day);
ROLLBACK;

-- LOG-2 (advisory): decided after the day it was recorded; a correction
-- decided before the decision it corrects.
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.decision SET recorded_at = '2026-01-01 12:00+00' WHERE id = 47;
UPDATE isms.decision SET decision_date = '2025-06-21', effective_date = '2025-06-21' WHERE id = 45;
SELECT certificate_id, decision_id, rule, class, detail FROM isms_check.violations(:day);
ROLLBACK;

-- REC-6: an extension recorded through the triggers is legal; moved past 6
-- months after the cycle's own expiry date behind their back, it is not (and
-- the stored expiry is no longer what the history gives).
BEGIN;
SET LOCAL isms.today = '2026-11-25';
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, reason, authority)
VALUES (29, 'extend', '2026-11-25', '2027-07-19', 'flood: the site is closed', 'AB decision 2026-11');
SELECT count(*) AS "a legal extension" FROM isms_check.violations(:day);
SET LOCAL session_replication_role = replica;
UPDATE isms.decision SET new_expiry = '2027-07-20' WHERE certificate_id = 29 AND kind = 'extend';
SELECT certificate_id, rule, class, detail FROM isms_check.violations(:day);
-- a recertification counted from the extended expiry date
UPDATE isms.decision SET new_expiry = '2027-07-19' WHERE certificate_id = 29 AND kind = 'extend';
UPDATE isms.certificate SET expiry_date = '2027-07-19' WHERE id = 29;
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry)
VALUES (29, 'recertify', '2026-11-25', '2026-11-25', '2030-07-19');
SELECT certificate_id, rule, class, detail FROM isms_check.violations(:day) WHERE rule = 'CYC-3' AND decision_id IS NOT NULL;
ROLLBACK;

-- Nothing was left behind.
SELECT count(*) AS after_the_cases FROM isms_check.violations(:day);

-- summary() counts them by rule and class (as of today, after today's sweep).
SELECT count(*) >= 0 AS swept FROM isms.sweep();
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.decision SET recorded_at = '2026-01-01 12:00+00' WHERE id = 47;
SELECT rule, class, n FROM isms_check.summary();     -- counts by rule
ROLLBACK;

\c contrib_regression
DROP DATABASE isms_check_regress;
