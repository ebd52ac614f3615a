-- sweep: isms.sweep(): date-driven changes over a small registry
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default

-- Test helpers, in schema sweep (dropped at the end of this file).
CREATE SCHEMA sweep;

-- regress.try() and regress.mask() come from sql/helpers.sql.

-- The bodies, organisation and helpers of this file (regress.fixture).
SELECT regress.fixture('sweep', 'SWP');

INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, 'ISMS', '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b
WHERE a.code = 'SWP-AB' AND b.code = 'SWP-CB';

-- A sweep as of a day: the number of certificates (of every test) whose
-- status on that day by the sweep (reported, or else stored) is not their
-- status_at that day, which must be 0, and the number whose stored status
-- or expiry the sweep changed, which must be 0 for a day that is not
-- today (a sweep of another day only reports) and for a second sweep of
-- today.
CREATE FUNCTION sweep.verify(as_of date)
RETURNS TABLE (wrong bigint, stored_changed bigint) LANGUAGE plpgsql AS $$
DECLARE
    bf jsonb;
BEGIN
    SELECT jsonb_object_agg(c.id, jsonb_build_array(c.status, c.expiry_date)) INTO bf
    FROM isms.certificate c;
    SELECT count(*) INTO wrong FROM isms.certificate c LEFT JOIN isms.sweep(as_of) s ON s.certificate_id = c.id
    WHERE coalesce(s.new_status, c.status) <> isms.status_at(c.id, as_of);
    SELECT count(*) INTO stored_changed FROM isms.certificate c
    WHERE bf -> c.id::text IS DISTINCT FROM jsonb_build_array(c.status, c.expiry_date);
    RETURN NEXT;
END
$$;
-- This file's certificates as stored (the status as a check that it is
-- today's), and their status on a day.
CREATE FUNCTION sweep.registry(as_of date)
RETURNS TABLE (certificate_number text, stored_today boolean, status_at isms.cert_status,
               cycle_start date, expiry_date date, revision integer)
LANGUAGE sql STABLE AS $$
    SELECT c.certificate_number, c.status = isms.status_at(c.id, isms.today()),
           isms.status_at(c.id, as_of), c.cycle_start, c.expiry_date, c.revision
    FROM isms.certificate c JOIN isms.certification_body b ON b.id = c.cb_id
    WHERE b.code = 'SWP-CB' ORDER BY c.certificate_number
$$;

/*
 * A small registry (granted 2021-04-01, expiring 2024-03-31, unless said).
 */
-- 1: never granted
SELECT sweep.new_cert('SWP-01-DRAFT');
SELECT sweep.audit('SWP-01-DRAFT', 'stage1', '2021-02-01', '2021-02-02');
-- 2: recertified on 2024-02-15 until 2027-03-31
SELECT sweep.granted('SWP-02-RECERT', '2021-04-01');
SELECT sweep.audit('SWP-02-RECERT', 'surveillance', '2022-03-01', '2022-03-02');
SELECT sweep.audit('SWP-02-RECERT', 'surveillance', '2023-06-01', '2023-06-02');
SELECT sweep.audit('SWP-02-RECERT', 'recertification', '2024-01-15', '2024-01-17');
SELECT sweep.decide('SWP-02-RECERT', 'recertify', '2024-02-15', '2027-03-31');
-- 3: expires (REC-2)
SELECT sweep.granted('SWP-03-EXPIRES', '2021-04-01');
SELECT sweep.audit('SWP-03-EXPIRES', 'surveillance', '2022-03-01', '2022-03-02');
-- 4: suspension decided 2022-05-01, effective 2022-06-01; reinstated 2022-09-01
SELECT sweep.granted('SWP-04-SUSPENDED', '2021-04-01');
SELECT sweep.audit('SWP-04-SUSPENDED', 'surveillance', '2022-03-01', '2022-03-02');
SELECT sweep.decide('SWP-04-SUSPENDED', 'suspend', '2022-05-01', effective => '2022-06-01');
SELECT sweep.decide('SWP-04-SUSPENDED', 'reinstate', '2022-09-01');
-- 5: suspended 2023-10-01, expires while suspended (SUS-3)
SELECT sweep.granted('SWP-05-SUSP-EXPIRES', '2021-04-01');
SELECT sweep.audit('SWP-05-SUSP-EXPIRES', 'surveillance', '2022-03-01', '2022-03-02');
SELECT sweep.decide('SWP-05-SUSP-EXPIRES', 'suspend', '2023-10-01');
-- 6: withdrawn 2022-07-01 (never audited after the grant)
SELECT sweep.granted('SWP-06-WITHDRAWN', '2021-04-01');
SELECT sweep.decide('SWP-06-WITHDRAWN', 'withdraw', '2022-07-01');
-- 7: cancellation decided 2022-11-15, effective 2022-12-31
SELECT sweep.granted('SWP-07-CANCELLED', '2021-04-01');
SELECT sweep.audit('SWP-07-CANCELLED', 'surveillance', '2022-03-01', '2022-03-02');
SELECT sweep.decide('SWP-07-CANCELLED', 'cancel', '2022-11-15', effective => '2022-12-31');
-- 8: expired, restored 2024-06-03 until 2027-03-31 (REC-3)
SELECT sweep.granted('SWP-08-RESTORED', '2021-04-01');
SELECT sweep.audit('SWP-08-RESTORED', 'surveillance', '2022-03-01', '2022-03-02');
SELECT sweep.audit('SWP-08-RESTORED', 'surveillance', '2023-06-01', '2023-06-02');
SELECT sweep.audit('SWP-08-RESTORED', 'recertification', '2024-05-06', '2024-05-08');
SELECT sweep.decide('SWP-08-RESTORED', 'restore', '2024-06-03', '2027-03-31');
-- 9: granted 2022-10-03, expiring 2025-10-02
SELECT sweep.granted('SWP-09-LATER', '2022-10-03');
-- 10: no surveillance audit at all (SUR-1 overdue from 2022-04-02)
SELECT sweep.granted('SWP-10-OVERDUE', '2021-04-01');

/*
 * Sweeps of past days, forward in time.  Only the sweep of the register's
 * today stores statuses: each of these reports what it would change, and
 * run_sweep shows each certificate's status and expiry on that day by the
 * sweep (the reported one, or the stored one where nothing is reported)
 * and that nothing stored changed.
 */
SELECT count(*) AS swept FROM sweep.run_sweep('2021-01-01');
SELECT * FROM sweep.verify('2021-01-01');
SELECT * FROM sweep.registry('2021-01-01');
-- the grants come into force
SELECT * FROM sweep.run_sweep('2021-04-01');
SELECT * FROM sweep.verify('2021-04-01');
-- the suspension of SWP-4 is decided (2022-05-01) but not yet effective;
-- SWP-10 is overdue, which is only reported (auto_suspend_overdue is off)
SELECT * FROM sweep.run_sweep('2022-05-15');
SELECT * FROM sweep.verify('2022-05-15');
SELECT rule, due_by, state FROM isms.audit_programme(sweep.cert('SWP-10-OVERDUE'), '2022-05-15')
WHERE rule = 'SUR-1';
-- SUR-3 with auto_suspend_overdue on (rolled back): SWP-10 is overdue
-- since 2022-04-02, but a sweep of a past day records no suspension (see
-- the end of this file for the sweep of today)
BEGIN;
INSERT INTO isms.scheme_setting (scheme, auto_suspend_overdue) VALUES ('ISMS', true)
ON CONFLICT (scheme) DO UPDATE SET auto_suspend_overdue = true;
SELECT * FROM sweep.run_sweep('2022-05-15');
SELECT * FROM sweep.decisions('SWP-10-OVERDUE');
SELECT count(*) AS suspensions FROM isms.decision
WHERE certificate_id = sweep.cert('SWP-06-WITHDRAWN') AND kind = 'suspend';
SELECT * FROM sweep.verify('2022-05-15');
ROLLBACK;
-- the suspension of SWP-4 comes into force
SELECT * FROM sweep.run_sweep('2022-06-01');
SELECT * FROM sweep.verify('2022-06-01');
-- SWP-4 reinstated, SWP-6 withdrawn, SWP-9 granted; the cancellation of
-- SWP-7 is decided but takes effect tomorrow
SELECT * FROM sweep.run_sweep('2022-12-30');
SELECT * FROM sweep.verify('2022-12-30');
SELECT * FROM sweep.run_sweep('2022-12-31');
SELECT * FROM sweep.verify('2022-12-31');
-- SWP-2 recertified (same status, new expiry), SWP-5 suspended
SELECT * FROM sweep.run_sweep('2024-03-31');
SELECT * FROM sweep.verify('2024-03-31');
SELECT * FROM sweep.registry('2024-03-31');
-- expiry by date (REC-2, SUS-3)
SELECT * FROM sweep.run_sweep('2024-04-01');
SELECT * FROM sweep.verify('2024-04-01');
-- the restoration of SWP-8
SELECT * FROM sweep.run_sweep('2024-06-03');
SELECT * FROM sweep.verify('2024-06-03');
-- SWP-9 expires
SELECT * FROM sweep.run_sweep('2025-10-03');
SELECT * FROM sweep.verify('2025-10-03');
SELECT * FROM sweep.registry('2025-10-03');

/*
 * A sweep of a day that is not the register's today reports what it would
 * change and stores nothing: SWP-3 (expired since 2024-04-01) and SWP-6
 * (withdrawn 2022-12-30) were active on 2022-01-01.
 */
SELECT certificate_number, old_status, new_status, old_expiry, new_expiry, rule
FROM isms.sweep('2022-01-01')
WHERE certificate_number IN ('SWP-03-EXPIRES', 'SWP-06-WITHDRAWN') ORDER BY 1;
SELECT certificate_number, status, expiry_date FROM isms.certificate
WHERE certificate_number IN ('SWP-03-EXPIRES', 'SWP-06-WITHDRAWN') ORDER BY 1;

/*
 * SUR-3 suspensions are recorded only by the sweep of today: a sweep of
 * another day, past or future, records none (a suspension is neither
 * backdated nor decided ahead of time).  Dates relative to today; the
 * transaction is rolled back.
 */
SELECT sweep.granted('SWP-T1', isms.today() - 500);   -- no surveillance audit: SUR-1 overdue today
BEGIN;
INSERT INTO isms.scheme_setting (scheme, auto_suspend_overdue) VALUES ('ISMS', true)
ON CONFLICT (scheme) DO UPDATE SET auto_suspend_overdue = true;
SELECT rule, state FROM isms.audit_programme(sweep.cert('SWP-T1'), isms.today() - 1) WHERE rule = 'SUR-1';
SELECT count(*) FILTER (WHERE rule = 'SUR-3') AS "SUR-3 yesterday" FROM isms.sweep(isms.today() - 1);
SELECT count(*) FILTER (WHERE rule = 'SUR-3') AS "SUR-3 tomorrow" FROM isms.sweep(isms.today() + 1);
SELECT count(*) AS suspensions FROM isms.decision WHERE certificate_id = sweep.cert('SWP-T1') AND kind = 'suspend';
-- run by the sweep role, which records the suspension through isms.sweep()
-- though it may insert no decision itself
SELECT count(*) AS roles FROM isms.setup_roles('swt_');
SET LOCAL ROLE swt_sweep;
SAVEPOINT direct;
INSERT INTO isms.decision (certificate_id, kind, decision_date)
SELECT id, 'suspend', isms.today() - 30 FROM isms.certificate WHERE certificate_number = 'SWP-T1';
ROLLBACK TO direct;
SELECT certificate_number, new_status, rule FROM isms.sweep(isms.today()) WHERE certificate_number = 'SWP-T1';
RESET ROLE;
SELECT count(*) AS suspensions, bool_and(decision_date = isms.today()) AS "decided today" FROM isms.decision
WHERE certificate_id = sweep.cert('SWP-T1') AND kind = 'suspend';
SELECT status FROM isms.certificate WHERE id = sweep.cert('SWP-T1');
ROLLBACK;
-- the sweep skips what a writer holds (specs/sweep_locks.spec); here nothing
SELECT certificate_number FROM isms.sweep() WHERE rule = 'locked';

SET client_min_messages = warning;
DROP SCHEMA sweep CASCADE;
RESET client_min_messages;
