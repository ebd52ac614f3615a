--
-- rules_cycle: the certification-cycle rules CYC-1 .. CYC-6 (doc/lifecycle.md,
-- "The rules it enforces"), each accepted on its last allowed day and
-- rejected on the day after.
--
-- Rejections go through pg_temp.rejected(statement), which runs the
-- statement and reports its error as
--     NOTICE:  <SQLSTATE> <constraint name>: <message>
--     DETAIL:  ...
--     HINT:  ...
-- so that the SQLSTATE (23514 check_violation) and the constraint name
-- (the rule ID) are asserted together with the message, detail and hint,
-- which are part of the contract.  It fails if the statement is accepted.
-- Surrogate ids in messages are masked as <id>.
--
-- Every decision is dated in the past (2021-2026), so the derived columns
-- of isms.certificate shown here (all but status) no longer change with
-- the date the test runs; statuses are shown with isms.timeline().
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

-- Bodies: default parameters; expiry offset 0 days (CYC-3); at most 30
-- days from stage 1 to stage 2 (CYC-6).  All accredited since 2010 (ACC-1).
INSERT INTO isms.accreditation_body (code, name, country, iaf_mla)
VALUES ('rules_cycle-AB', 'rules_cycle accreditation body', 'JP', true);
INSERT INTO isms.certification_body (code, name, country, expiry_offset_days, max_stage_gap_days)
VALUES ('rules_cycle-CB', 'rules_cycle default body', 'JP', NULL, NULL),
       ('rules_cycle-CB0', 'rules_cycle body with offset 0', 'JP', 0, NULL),
       ('rules_cycle-GAP', 'rules_cycle body with a 30-day stage gap', 'JP', NULL, 30);
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT ab.id, cb.id, 'ISMS', '2010-01-01'
FROM isms.accreditation_body ab, isms.certification_body cb
WHERE ab.code = 'rules_cycle-AB' AND cb.code LIKE 'rules_cycle-%';
INSERT INTO isms.organisation (name, country) VALUES ('rules_cycle KK', 'JP');

-- helpers: create a certificate, find it by number, record an audit
CREATE PROCEDURE pg_temp.new_cert(cb text, num text)
LANGUAGE sql AS $$
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
    SELECT b.id, num, o.id, 'ISO/IEC 27001:2022', 'Operation of the rules_cycle registry'
    FROM isms.certification_body b, isms.organisation o
    WHERE b.code = cb AND o.name = 'rules_cycle KK'
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
-- derived columns (not status: it depends on the day the test runs)
CREATE TEMP VIEW cert AS
SELECT certificate_number AS number, original_certification_date AS original,
       cycle_start, expiry_date, revision
FROM isms.certificate WHERE certificate_number LIKE 'rules_cycle-%';
-- status history, naming the decision kind instead of its id
CREATE FUNCTION pg_temp.timeline(num text)
RETURNS TABLE (valid_from date, valid_until date, status isms.cert_status, set_by text)
LANGUAGE sql STABLE AS $$
    SELECT t.valid_from, t.valid_until, t.status, coalesce(d.kind::text, '(expiry date)')
    FROM isms.timeline(pg_temp.cid(num)) AS t
    LEFT JOIN isms.decision d ON d.id = t.decision_id
    ORDER BY t.valid_from
$$;

--------------------------------------------------------------------------
-- CYC-1: an initial grant needs a stage 1 and a stage 2 audit, stage 2
-- starting on or after the end of stage 1, and the grant on or after the
-- end of stage 2.
--------------------------------------------------------------------------
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-1A');
-- no audits at all
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-1A'), 'grant', '2023-04-01', '2026-03-31')$$);
-- a stage 1 audit only
CALL pg_temp.audit('rules_cycle-1A', 'stage1', '2023-03-01', '2023-03-06');
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-1A'), 'grant', '2023-04-01', '2026-03-31')$$);
-- stage 2 starts 2023-03-05, the day before stage 1 ends: rejected
CALL pg_temp.audit('rules_cycle-1A', 'stage2', '2023-03-05', '2023-03-08');
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-1A'), 'grant', '2023-04-01', '2026-03-31')$$);
-- stage 1 ending on the day stage 2 starts: accepted
UPDATE isms.audit SET end_date = '2023-03-05'
WHERE certificate_id = pg_temp.cid('rules_cycle-1A') AND kind = 'stage1';
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-1A'), 'grant', '2023-04-01', '2026-03-31');
SELECT * FROM cert WHERE number = 'rules_cycle-1A';
-- the audits are now the grant's evidence: they cannot be moved or removed
CALL pg_temp.rejected($$
    UPDATE isms.audit SET end_date = '2023-03-06'
    WHERE certificate_id = pg_temp.cid('rules_cycle-1A') AND kind = 'stage1'$$);
CALL pg_temp.rejected($$
    UPDATE isms.audit SET end_date = '2023-04-02'
    WHERE certificate_id = pg_temp.cid('rules_cycle-1A') AND kind = 'stage2'$$);
CALL pg_temp.rejected($$
    DELETE FROM isms.audit
    WHERE certificate_id = pg_temp.cid('rules_cycle-1A') AND kind = 'stage2'$$);
SELECT kind, start_date, end_date FROM isms.audit
WHERE certificate_id = pg_temp.cid('rules_cycle-1A') ORDER BY start_date;

-- stage 2 ends 2023-04-02: a grant on 2023-04-01 is rejected, on the last
-- day of stage 2 accepted
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-1B');
CALL pg_temp.audit('rules_cycle-1B', 'stage1', '2023-02-01', '2023-02-02');
CALL pg_temp.audit('rules_cycle-1B', 'stage2', '2023-03-20', '2023-04-02');
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-1B'), 'grant', '2023-04-01', '2026-03-31')$$);
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-1B'), 'grant', '2023-04-02', '2026-04-01');
SELECT * FROM cert WHERE number = 'rules_cycle-1B';

-- an audit of another certificate is no evidence
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-1C');
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-1C'), 'grant', '2023-04-02', '2026-04-01')$$);

--------------------------------------------------------------------------
-- CYC-2: a cycle starts at the decision date of a grant, recertification
-- (or restoration, see CYC-3 below), not at its effective date.
-- CYC-3 for a recertification: expiry <= previous expiry + 3 years
-- (JQA register entry: first registered 2023-05-26, expires 2026-05-25,
-- valid after recertification until 2029-05-25).
--------------------------------------------------------------------------
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-2');
CALL pg_temp.audit('rules_cycle-2', 'stage1', '2023-04-10', '2023-04-11');
CALL pg_temp.audit('rules_cycle-2', 'stage2', '2023-05-15', '2023-05-17');
SELECT isms.cert_latest_expiry(pg_temp.cid('rules_cycle-2'), 'grant', '2023-05-26') AS latest_expiry;
-- decided 2023-05-26, issued 2023-06-01
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-2'), 'grant', '2023-05-26', '2023-06-01', '2026-05-25');
SELECT * FROM cert WHERE number = 'rules_cycle-2';
-- surveillance (SUR-1, SUR-2) and the recertification audit (REC-1)
CALL pg_temp.audit('rules_cycle-2', 'surveillance', '2024-05-10', '2024-05-11');
CALL pg_temp.audit('rules_cycle-2', 'surveillance', '2025-05-12', '2025-05-13');
CALL pg_temp.audit('rules_cycle-2', 'recertification', '2026-03-10', '2026-03-12');
SELECT isms.cert_latest_expiry(pg_temp.cid('rules_cycle-2'), 'recertify', '2026-04-20') AS latest_expiry;
-- CYC-3: one day beyond previous expiry + 3 years: rejected
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-2'), 'recertify', '2026-04-20', '2029-05-26')$$);
-- previous expiry + 3 years exactly: accepted; the new cycle starts on the
-- decision date, the original certification date stays (REC-5)
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-2'), 'recertify', '2026-04-20', '2029-05-25');
SELECT * FROM cert WHERE number = 'rules_cycle-2';
SELECT * FROM pg_temp.timeline('rules_cycle-2');
-- the programme as of a day of the new cycle starts at its decision date
SELECT DISTINCT cycle_start FROM isms.audit_programme(pg_temp.cid('rules_cycle-2'), '2026-06-01');
SELECT DISTINCT cycle_start FROM isms.audit_programme(pg_temp.cid('rules_cycle-2'), '2026-04-19');
-- the next recertification counts from the new expiry
SELECT isms.cert_latest_expiry(pg_temp.cid('rules_cycle-2'), 'recertify', '2029-01-10') AS latest_expiry;

-- A recertification decided before expiry may take effect on the day
-- after the expiry date, so that the certificate stays valid without a
-- gap (REC-1: rejected only when effective after expiry + 1 day).
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-2E');
CALL pg_temp.audit('rules_cycle-2E', 'stage1', '2023-04-10', '2023-04-11');
CALL pg_temp.audit('rules_cycle-2E', 'stage2', '2023-05-15', '2023-05-17');
CALL pg_temp.audit('rules_cycle-2E', 'surveillance', '2024-05-10', '2024-05-11');
CALL pg_temp.audit('rules_cycle-2E', 'surveillance', '2025-05-12', '2025-05-13');
CALL pg_temp.audit('rules_cycle-2E', 'recertification', '2026-03-10', '2026-03-12');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-2E'), 'grant', '2023-05-26', '2026-05-25');
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-2E'), 'recertify', '2026-04-20', '2026-05-27', '2029-05-25')$$);
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-2E'), 'recertify', '2026-04-20', '2026-05-26', '2029-05-25');
SELECT * FROM cert WHERE number = 'rules_cycle-2E';
SELECT * FROM pg_temp.timeline('rules_cycle-2E');

--------------------------------------------------------------------------
-- CYC-3, initial grant: expiry <= decision + 3 years - offset (default 1
-- day): decided 2023-04-01, expires 2026-03-31 at the latest.
--------------------------------------------------------------------------
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-3A');
CALL pg_temp.audit('rules_cycle-3A', 'stage1', '2023-02-01', '2023-02-02');
CALL pg_temp.audit('rules_cycle-3A', 'stage2', '2023-03-01', '2023-03-03');
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-3A'), 'grant', '2023-04-01', '2026-04-01')$$);
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-3A'), 'grant', '2023-04-01', '2026-03-31');
SELECT * FROM cert WHERE number = 'rules_cycle-3A';

-- a grant on a leap day: + 3 years = 2027-02-28 (PostgreSQL date +
-- interval), less 1 day
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-3L');
CALL pg_temp.audit('rules_cycle-3L', 'stage1', '2024-01-10', '2024-01-11');
CALL pg_temp.audit('rules_cycle-3L', 'stage2', '2024-02-01', '2024-02-02');
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-3L'), 'grant', '2024-02-29', '2027-02-28')$$);
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-3L'), 'grant', '2024-02-29', '2027-02-27');
SELECT * FROM cert WHERE number = 'rules_cycle-3L';

-- a body with expiry_offset_days = 0: decided 2023-04-01, 2026-04-01
CALL pg_temp.new_cert('rules_cycle-CB0', 'rules_cycle-3Z');
CALL pg_temp.audit('rules_cycle-3Z', 'stage1', '2023-02-01', '2023-02-02');
CALL pg_temp.audit('rules_cycle-3Z', 'stage2', '2023-03-01', '2023-03-03');
SELECT isms.cert_latest_expiry(pg_temp.cid('rules_cycle-3Z'), 'grant', '2023-04-01') AS latest_expiry;
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-3Z'), 'grant', '2023-04-01', '2026-04-02')$$);
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-3Z'), 'grant', '2023-04-01', '2026-04-01');
SELECT * FROM cert WHERE number = 'rules_cycle-3Z';

-- a grant without new_expiry gets the latest expiry CYC-3 allows, with the
-- body's offset
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-3D');
CALL pg_temp.audit('rules_cycle-3D', 'stage1', '2023-02-01', '2023-02-02');
CALL pg_temp.audit('rules_cycle-3D', 'stage2', '2023-03-01', '2023-03-03');
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (pg_temp.cid('rules_cycle-3D'), 'grant', '2023-04-01');
CALL pg_temp.new_cert('rules_cycle-CB0', 'rules_cycle-3DZ');
CALL pg_temp.audit('rules_cycle-3DZ', 'stage1', '2023-02-01', '2023-02-02');
CALL pg_temp.audit('rules_cycle-3DZ', 'stage2', '2023-03-01', '2023-03-03');
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (pg_temp.cid('rules_cycle-3DZ'), 'grant', '2023-04-01');
SELECT c.number, d.decision_date, d.new_expiry, c.expiry_date
FROM cert c JOIN isms.decision d ON d.certificate_id = pg_temp.cid(c.number)
WHERE c.number IN ('rules_cycle-3D', 'rules_cycle-3DZ') ORDER BY c.number;

-- scheme_setting overrides: a 4-year cycle and a 10-day offset for the
-- ISMS scheme; the body's own offset (0) still wins over the scheme's.
-- (In a transaction that is rolled back: the setting is global.)
BEGIN;
INSERT INTO isms.scheme_setting (scheme, cycle_years, expiry_offset_days)
VALUES ('ISMS', 4, 10)
ON CONFLICT (scheme) DO UPDATE SET cycle_years = 4, expiry_offset_days = 10;
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-3S');
CALL pg_temp.audit('rules_cycle-3S', 'stage1', '2023-02-01', '2023-02-02');
CALL pg_temp.audit('rules_cycle-3S', 'stage2', '2023-03-01', '2023-03-03');
SELECT isms.cert_latest_expiry(pg_temp.cid('rules_cycle-3S'), 'grant', '2023-04-01') AS default_body,
       isms.cert_latest_expiry(pg_temp.cid('rules_cycle-3Z'), 'grant', '2023-04-01') AS offset_0_body;
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-3S'), 'grant', '2023-04-01', '2027-03-23')$$);
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-3S'), 'grant', '2023-04-01', '2027-03-22');
SELECT * FROM cert WHERE number = 'rules_cycle-3S';
-- the default new_expiry follows the settings too
CALL pg_temp.new_cert('rules_cycle-CB0', 'rules_cycle-3SZ');
CALL pg_temp.audit('rules_cycle-3SZ', 'stage1', '2023-02-01', '2023-02-02');
CALL pg_temp.audit('rules_cycle-3SZ', 'stage2', '2023-03-01', '2023-03-03');
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (pg_temp.cid('rules_cycle-3SZ'), 'grant', '2023-04-01');
SELECT * FROM cert WHERE number = 'rules_cycle-3SZ';
-- a recertification then counts 4 years from the previous expiry
SELECT isms.cert_latest_expiry(pg_temp.cid('rules_cycle-3S'), 'recertify', '2027-01-10') AS latest_expiry;
ROLLBACK;
-- back to the shipped parameters
SELECT isms.cert_latest_expiry(pg_temp.cid('rules_cycle-3A'), 'grant', '2023-04-01') AS default_body,
       isms.cert_latest_expiry(pg_temp.cid('rules_cycle-3Z'), 'grant', '2023-04-01') AS offset_0_body;

-- CYC-3 for a restoration: expiry <= old expiry + 3 years (REC-3), and
-- the restoration opens a new cycle on its decision date (CYC-2).
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-3R');
CALL pg_temp.audit('rules_cycle-3R', 'stage1', '2022-12-01', '2022-12-02');
CALL pg_temp.audit('rules_cycle-3R', 'stage2', '2022-12-20', '2022-12-21');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-3R'), 'grant', '2023-01-10', '2026-01-09');
CALL pg_temp.audit('rules_cycle-3R', 'surveillance', '2023-12-05', '2023-12-06');
CALL pg_temp.audit('rules_cycle-3R', 'surveillance', '2024-11-05', '2024-11-06');
CALL pg_temp.audit('rules_cycle-3R', 'recertification', '2025-12-15', '2025-12-16');
-- no recertification decision: expired on 2026-01-10 (REC-2)
SELECT isms.cert_latest_expiry(pg_temp.cid('rules_cycle-3R'), 'restore', '2026-03-02') AS latest_expiry;
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-3R'), 'restore', '2026-03-02', '2029-01-10')$$);
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-3R'), 'restore', '2026-03-02', '2029-01-09');
SELECT * FROM cert WHERE number = 'rules_cycle-3R';
SELECT * FROM pg_temp.timeline('rules_cycle-3R');
SELECT isms.valid_periods(pg_temp.cid('rules_cycle-3R'));

--------------------------------------------------------------------------
-- CYC-4: a decision takes effect on or after its decision date.  Checked
-- by the BEFORE INSERT trigger (23514, constraint "CYC-4").
--------------------------------------------------------------------------
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-4');
CALL pg_temp.audit('rules_cycle-4', 'stage1', '2023-02-01', '2023-02-02');
CALL pg_temp.audit('rules_cycle-4', 'stage2', '2023-03-01', '2023-03-03');
-- one day before the decision: rejected
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-4'), 'grant', '2023-04-01', '2023-03-31', '2026-03-31')$$);
-- equal: accepted
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-4'), 'grant', '2023-04-01', '2023-04-01', '2026-03-31');
-- any kind of decision: a suspension too
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, reason)
    VALUES (pg_temp.cid('rules_cycle-4'), 'suspend', '2023-06-01', '2023-05-31', 'client request')$$);
-- later than the decision: accepted, the status changes on that day;
-- no effective date: the decision date
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, reason)
VALUES (pg_temp.cid('rules_cycle-4'), 'suspend', '2023-06-01', '2023-06-15', 'client request');
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
VALUES (pg_temp.cid('rules_cycle-4'), 'withdraw', '2023-07-03', 'client request');
SELECT kind, decision_date, effective_date, new_expiry FROM isms.decision
WHERE certificate_id = pg_temp.cid('rules_cycle-4') ORDER BY effective_date, id;
SELECT * FROM pg_temp.timeline('rules_cycle-4');
SELECT d, isms.status_at(pg_temp.cid('rules_cycle-4'), d) AS status
FROM unnest(ARRAY['2023-03-31', '2023-04-01', '2023-06-14', '2023-06-15', '2023-07-02', '2023-07-03']::date[]) AS d
ORDER BY d;
-- dates must be finite (22008)
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-4I');
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-4I'), 'grant', '2023-04-01', 'infinity', 'infinity')$$);
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-4I'), 'grant', '-infinity', '2026-03-31')$$);
-- What each kind carries, checked by the same trigger with its rule (the
-- table's CHECK constraints repeat it): a new expiry date not before the
-- effective date (CYC-3), a new edition on a transition only (TRN-5), a new
-- scope on a scope decision only (SCO-1), a transferred cycle on a transfer
-- only (TRF-1)
CALL pg_temp.audit('rules_cycle-4I', 'stage1', '2023-02-01', '2023-02-02');
CALL pg_temp.audit('rules_cycle-4I', 'stage2', '2023-03-01', '2023-03-03');
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-4I'), 'grant', '2023-04-01', '2023-05-01', '2023-04-30')$$);
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (pg_temp.cid('rules_cycle-4I'), 'transition', '2023-04-01')$$);
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard)
    VALUES (pg_temp.cid('rules_cycle-4I'), 'grant', '2023-04-01', 'ISO/IEC 27001:2022')$$);
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope_statement)
    VALUES (pg_temp.cid('rules_cycle-4I'), 'grant', '2023-04-01', 'A larger scope')$$);
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, transfer_expiry)
    VALUES (pg_temp.cid('rules_cycle-4I'), 'grant', '2023-04-01', '2026-03-31')$$);
-- the same grant with none of them: accepted, expiring on the last day the cycle allows
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date)
VALUES (pg_temp.cid('rules_cycle-4I'), 'grant', '2023-04-01', '2023-05-01');
SELECT kind, decision_date, effective_date, new_expiry FROM isms.decision
WHERE certificate_id = pg_temp.cid('rules_cycle-4I');

--------------------------------------------------------------------------
-- CYC-5: a grant no later than 6 months after the last day of stage 2.
-- Stage 2 ended 2023-08-31: + 6 months = 2024-02-29.
--------------------------------------------------------------------------
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-5');
CALL pg_temp.audit('rules_cycle-5', 'stage1', '2023-08-01', '2023-08-02');
CALL pg_temp.audit('rules_cycle-5', 'stage2', '2023-08-29', '2023-08-31');
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-5'), 'grant', '2024-03-01', '2027-02-27')$$);
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-5'), 'grant', '2024-02-29', '2027-02-27');
SELECT * FROM cert WHERE number = 'rules_cycle-5';

-- too late after stage 2: a new stage 2 makes the grant possible
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-5N');
CALL pg_temp.audit('rules_cycle-5N', 'stage1', '2023-01-05', '2023-01-06');
CALL pg_temp.audit('rules_cycle-5N', 'stage2', '2023-01-30', '2023-01-31');
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-5N'), 'grant', '2023-08-01', '2026-07-31')$$);
CALL pg_temp.audit('rules_cycle-5N', 'stage2', '2023-07-20', '2023-07-21');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-5N'), 'grant', '2023-08-01', '2026-07-31');
SELECT * FROM cert WHERE number = 'rules_cycle-5N';

-- the period is a scheme parameter: 3 months (rolled back)
BEGIN;
INSERT INTO isms.scheme_setting (scheme, stage2_decision_months) VALUES ('ISMS', 3)
ON CONFLICT (scheme) DO UPDATE SET stage2_decision_months = 3;
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-5S');
CALL pg_temp.audit('rules_cycle-5S', 'stage1', '2023-01-05', '2023-01-06');
CALL pg_temp.audit('rules_cycle-5S', 'stage2', '2023-01-30', '2023-01-31');
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-5S'), 'grant', '2023-05-01', '2026-04-30')$$);
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-5S'), 'grant', '2023-04-30', '2026-04-29');
SELECT * FROM cert WHERE number = 'rules_cycle-5S';
ROLLBACK;

--------------------------------------------------------------------------
-- CYC-6: the stage 1 to stage 2 gap has no maximum by default; a body
-- (or the scheme setting) may set max_stage_gap_days.
--------------------------------------------------------------------------
-- default: more than two years between the stages is accepted
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-6');
CALL pg_temp.audit('rules_cycle-6', 'stage1', '2021-01-10', '2021-01-11');
CALL pg_temp.audit('rules_cycle-6', 'stage2', '2023-02-01', '2023-02-03');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-6'), 'grant', '2023-03-01', '2026-02-28');
SELECT * FROM cert WHERE number = 'rules_cycle-6';

-- a body allowing 30 days: stage 1 ends 2023-01-10, stage 2 starting
-- 2023-02-10 (31 days) is rejected, 2023-02-09 (30 days) accepted
CALL pg_temp.new_cert('rules_cycle-GAP', 'rules_cycle-6G');
CALL pg_temp.audit('rules_cycle-6G', 'stage1', '2023-01-09', '2023-01-10');
CALL pg_temp.audit('rules_cycle-6G', 'stage2', '2023-02-10', '2023-02-12');
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-6G'), 'grant', '2023-03-01', '2026-02-28')$$);
UPDATE isms.audit SET start_date = '2023-02-09'
WHERE certificate_id = pg_temp.cid('rules_cycle-6G') AND kind = 'stage2';
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-6G'), 'grant', '2023-03-01', '2026-02-28');
SELECT * FROM cert WHERE number = 'rules_cycle-6G';

-- a scheme setting of 10 days applies to bodies without their own limit;
-- the body's 30 days still win over it (rolled back)
BEGIN;
INSERT INTO isms.scheme_setting (scheme, max_stage_gap_days) VALUES ('ISMS', 10)
ON CONFLICT (scheme) DO UPDATE SET max_stage_gap_days = 10;
CALL pg_temp.new_cert('rules_cycle-CB', 'rules_cycle-6S');
CALL pg_temp.audit('rules_cycle-6S', 'stage1', '2023-01-09', '2023-01-10');
CALL pg_temp.audit('rules_cycle-6S', 'stage2', '2023-01-21', '2023-01-23');
CALL pg_temp.rejected($$
    INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (pg_temp.cid('rules_cycle-6S'), 'grant', '2023-03-01', '2026-02-28')$$);
UPDATE isms.audit SET start_date = '2023-01-20'
WHERE certificate_id = pg_temp.cid('rules_cycle-6S') AND kind = 'stage2';
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-6S'), 'grant', '2023-03-01', '2026-02-28');
CALL pg_temp.new_cert('rules_cycle-GAP', 'rules_cycle-6T');
CALL pg_temp.audit('rules_cycle-6T', 'stage1', '2023-01-09', '2023-01-10');
CALL pg_temp.audit('rules_cycle-6T', 'stage2', '2023-01-30', '2023-02-01');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
VALUES (pg_temp.cid('rules_cycle-6T'), 'grant', '2023-03-01', '2026-02-28');
SELECT * FROM cert WHERE number IN ('rules_cycle-6S', 'rules_cycle-6T') ORDER BY number;
ROLLBACK;

-- the decisions of this file that were accepted, per certificate
SELECT c.number, string_agg(d.kind || ' ' || d.decision_date, ', ' ORDER BY d.effective_date, d.id) AS decisions
FROM cert c JOIN isms.decision d ON d.certificate_id = pg_temp.cid(c.number)
GROUP BY c.number ORDER BY c.number;
