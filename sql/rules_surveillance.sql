-- rules_surveillance: SUR-1, SUR-2, SUR-3: the surveillance programme of a certification cycle
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default

-- Test helpers, in schema rules_surveillance (dropped at the end of this file).
CREATE SCHEMA rules_surveillance;

-- regress.try() and regress.mask() come from sql/helpers.sql.

-- The bodies, organisation and helpers of this file (regress.fixture).
SELECT regress.fixture('rules_surveillance', 'SUR');

INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, 'ISMS', '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b
WHERE a.code = 'SUR-AB' AND b.code = 'SUR-CB';

-- Every certificate of this file is granted on 2021-04-01 and expires on
-- 2024-03-31 (CYC-3).  Its programme:
--   SUR-1  first surveillance audit ending by 2022-04-01 (grant + 12 months)
--   SUR-2  one surveillance audit ending in 2022 and one in 2023 (not in
--          2021, the start year, nor in 2024, the expiry year)
--   REC-1  recertification audit by 2024-03-31
SELECT * FROM isms.cycle_programme('2021-04-01', '2024-03-31');
-- SUR-2: a recertification audit held in 2023 bounds the years: only 2022.
SELECT * FROM isms.cycle_programme('2021-04-01', '2024-03-31', true, '2023-11-22');
-- A cycle opened by a recertification has no SUR-1.
SELECT * FROM isms.cycle_programme('2023-12-01', '2027-03-31', false);

/*
 * SUR-1: first surveillance audit ends no later than grant + 12 months.
 */

-- SUR1-ON: the audit ends exactly on the deadline: done.
SELECT rules_surveillance.granted('SUR1-ON', '2021-04-01');
SELECT rules_surveillance.audit('SUR1-ON', 'surveillance', '2022-03-31', '2022-04-01');
SELECT rules_surveillance.audit('SUR1-ON', 'special', '2022-03-01', '2022-03-02');
SELECT rule, due_from, due_by, done_on, state
FROM isms.audit_programme(rules_surveillance.cert('SUR1-ON'), '2022-04-02') ORDER BY due_by, rule;
SELECT rules_surveillance.probe('SUR1-ON', 'extend_scope', '2022-04-02') AS "SUR-1 done: extend_scope after the deadline";
-- on 2022-03-31 that audit (2022-03-31 to 2022-04-01) has not ended: due
SELECT rule, due_by, done_on, state
FROM isms.audit_programme(rules_surveillance.cert('SUR1-ON'), '2022-03-31') WHERE rule = 'SUR-1';

-- SUR1-LATE: no surveillance audit yet: due on the deadline, overdue the day after.
SELECT rules_surveillance.granted('SUR1-LATE', '2021-04-01');
SELECT rules_surveillance.audit('SUR1-LATE', 'special', '2022-03-01', '2022-03-02');
SELECT rule, due_from, due_by, done_on, state
FROM isms.audit_programme(rules_surveillance.cert('SUR1-LATE'), '2022-04-01') ORDER BY due_by, rule;
SELECT rule, due_from, due_by, done_on, state
FROM isms.audit_programme(rules_surveillance.cert('SUR1-LATE'), '2022-04-02') ORDER BY due_by, rule;
-- Decisions that affirm the certificate: accepted on the deadline,
-- rejected (SUR-1) the day after while the audit is missing.
SELECT rules_surveillance.probe('SUR1-LATE', 'extend_scope', '2022-04-01') AS "extend_scope on the deadline";
SELECT rules_surveillance.probe('SUR1-LATE', 'extend_scope', '2022-04-02') AS "extend_scope the day after";
SELECT rules_surveillance.probe('SUR1-LATE', 'reduce_scope', '2022-04-02', scope => 'Smaller scope') AS "reduce_scope the day after";
-- Suspending is what SUR-3 asks for: never blocked by an overdue audit.
SELECT rules_surveillance.probe('SUR1-LATE', 'suspend', '2022-04-02') AS "suspend the day after";
-- Reinstatement of a certificate suspended before the deadline.
SELECT rules_surveillance.decide('SUR1-LATE', 'suspend', '2022-01-10');
SELECT rules_surveillance.probe('SUR1-LATE', 'reinstate', '2022-04-01') AS "reinstate on the deadline";
SELECT rules_surveillance.probe('SUR1-LATE', 'reinstate', '2022-04-02') AS "reinstate the day after";
-- A late audit, ending 2022-05-10: the obligation is late (satisfied) from
-- the day the audit ends, not before.
SELECT rules_surveillance.audit('SUR1-LATE', 'surveillance', '2022-05-09', '2022-05-10');
SELECT rule, due_by, done_on, state
FROM isms.audit_programme(rules_surveillance.cert('SUR1-LATE'), '2022-05-09') WHERE rule = 'SUR-1';
SELECT rule, due_by, done_on, state
FROM isms.audit_programme(rules_surveillance.cert('SUR1-LATE'), '2022-05-10') WHERE rule = 'SUR-1';
SELECT rules_surveillance.probe('SUR1-LATE', 'reinstate', '2022-05-09') AS "reinstate before the late audit ends";
SELECT rules_surveillance.decide('SUR1-LATE', 'reinstate', '2022-05-10') AS "reinstate when the late audit ends";
SELECT rules_surveillance.probe('SUR1-LATE', 'extend_scope', '2022-05-11') AS "extend_scope after the late audit";
SELECT * FROM rules_surveillance.timeline('SUR1-LATE');

-- SUR1-RC: recertification with the first surveillance audit missing.  The
-- recertification audit is held early (allowed), so SUR-2 has no years.
SELECT rules_surveillance.granted('SUR1-RC', '2021-04-01');
SELECT rules_surveillance.audit('SUR1-RC', 'recertification', '2022-03-14', '2022-03-15');
SELECT rule, due_from, due_by, done_on, state
FROM isms.audit_programme(rules_surveillance.cert('SUR1-RC'), '2022-04-02') ORDER BY due_by, rule;
SELECT rules_surveillance.probe('SUR1-RC', 'recertify', '2022-04-01', '2027-03-31') AS "recertify on the deadline";
SELECT rules_surveillance.probe('SUR1-RC', 'recertify', '2022-04-02', '2027-03-31') AS "recertify the day after";
SELECT rules_surveillance.audit('SUR1-RC', 'surveillance', '2022-05-09', '2022-05-10');
SELECT rules_surveillance.probe('SUR1-RC', 'recertify', '2022-05-09', '2027-03-31') AS "recertify before the late audit ends";
SELECT rules_surveillance.probe('SUR1-RC', 'recertify', '2022-05-10', '2027-03-31') AS "recertify when the late audit ends";

/*
 * SUR-2: a surveillance audit in every calendar year after the start year
 * and before the year of the recertification audit (the expiry year while
 * there is none).  The audit's end date counts.
 */

-- SUR2-DEC31: the 2023 audit ends on 2023-12-31: done.
SELECT rules_surveillance.granted('SUR2-DEC31', '2021-04-01');
SELECT rules_surveillance.audit('SUR2-DEC31', 'surveillance', '2022-03-01', '2022-03-02');
SELECT rules_surveillance.audit('SUR2-DEC31', 'surveillance', '2023-12-30', '2023-12-31');
SELECT rules_surveillance.audit('SUR2-DEC31', 'special', '2023-11-06', '2023-11-07');
SELECT rule, due_from, due_by, done_on, state
FROM isms.audit_programme(rules_surveillance.cert('SUR2-DEC31'), '2024-01-01') ORDER BY due_by, rule;
SELECT rules_surveillance.probe('SUR2-DEC31', 'extend_scope', '2024-01-01') AS "SUR-2 done: extend_scope on Jan 1";

-- SUR2-JAN1: no audit ending in 2023.
SELECT rules_surveillance.granted('SUR2-JAN1', '2021-04-01');
SELECT rules_surveillance.audit('SUR2-JAN1', 'surveillance', '2022-03-01', '2022-03-02');
SELECT rules_surveillance.audit('SUR2-JAN1', 'special', '2023-11-06', '2023-11-07');
SELECT rule, due_from, due_by, done_on, state
FROM isms.audit_programme(rules_surveillance.cert('SUR2-JAN1'), '2023-12-31') WHERE rule = 'SUR-2' ORDER BY due_by;
SELECT rule, due_from, due_by, done_on, state
FROM isms.audit_programme(rules_surveillance.cert('SUR2-JAN1'), '2024-01-01') WHERE rule = 'SUR-2' ORDER BY due_by;
SELECT rules_surveillance.probe('SUR2-JAN1', 'extend_scope', '2023-12-31') AS "extend_scope on Dec 31";
SELECT rules_surveillance.probe('SUR2-JAN1', 'extend_scope', '2024-01-01') AS "extend_scope on Jan 1";
-- The audit ending on 2024-01-01 is late for 2023 (and 2024, the expiry
-- year, needs none).
SELECT rules_surveillance.audit('SUR2-JAN1', 'surveillance', '2023-12-31', '2024-01-01');
SELECT rule, due_from, due_by, done_on, state
FROM isms.audit_programme(rules_surveillance.cert('SUR2-JAN1'), '2024-01-01') ORDER BY due_by, rule;
SELECT rules_surveillance.probe('SUR2-JAN1', 'extend_scope', '2024-01-01') AS "extend_scope with the late audit";

-- SUR2-MISS: recertification audit in 2024, so 2023 needs its
-- surveillance audit, and recertification without it is rejected.
SELECT rules_surveillance.granted('SUR2-MISS', '2021-04-01');
SELECT rules_surveillance.audit('SUR2-MISS', 'surveillance', '2022-03-01', '2022-03-02');
SELECT rules_surveillance.audit('SUR2-MISS', 'recertification', '2024-01-15', '2024-01-17');
SELECT rule, due_from, due_by, done_on, state
FROM isms.audit_programme(rules_surveillance.cert('SUR2-MISS'), '2024-01-18') ORDER BY due_by, rule;
SELECT rules_surveillance.probe('SUR2-MISS', 'recertify', '2024-01-18', '2027-03-31') AS "recertify, 2023 missing";

-- SUR2-RECAUD: recertification audit in 2023, so 2023 needs no
-- surveillance audit.
SELECT rules_surveillance.granted('SUR2-RECAUD', '2021-04-01');
SELECT rules_surveillance.audit('SUR2-RECAUD', 'surveillance', '2022-03-01', '2022-03-02');
SELECT rules_surveillance.audit('SUR2-RECAUD', 'recertification', '2023-11-20', '2023-11-22');
SELECT rule, due_from, due_by, done_on, state
FROM isms.audit_programme(rules_surveillance.cert('SUR2-RECAUD'), '2023-12-01') ORDER BY due_by, rule;
SELECT rules_surveillance.decide('SUR2-RECAUD', 'recertify', '2023-12-01', '2027-03-31') AS "recertify, recertification audit in 2023";
-- The new cycle (started 2023-12-01 by the recertification): no SUR-1,
-- SUR-2 for 2024 to 2026; audits of the previous cycle do not count.
SELECT cycle_start, rule, due_from, due_by, done_on, state
FROM isms.audit_programme(rules_surveillance.cert('SUR2-RECAUD'), '2024-01-01') ORDER BY due_by, rule;

/*
 * SUR-3: an overdue certificate is reported; with the scheme setting
 * auto_suspend_overdue, only the sweep of today suspends it (see
 * sweep.sql): the sweeps of past days below record no suspension and
 * store no status, they report (run_sweep shows the status on their day).
 */
SELECT rules_surveillance.granted('SUR3-A', '2021-04-01');   -- no surveillance audit
SELECT rules_surveillance.granted('SUR3-B', '2021-04-01');   -- no 2023 audit
SELECT rules_surveillance.audit('SUR3-B', 'surveillance', '2022-03-01', '2022-03-02');
SELECT rules_surveillance.granted('SUR3-C', '2021-05-17');   -- no surveillance audit, SUR-1 due 2022-05-17
BEGIN;
-- the status of the certificates on 2022-03-31
SELECT * FROM rules_surveillance.run_sweep('2022-03-31', 'SUR3-%');
-- default (report only): overdue, reported, not suspended
SELECT rule, due_by, state
FROM isms.audit_programme(rules_surveillance.cert('SUR3-A'), '2022-04-02') WHERE rule = 'SUR-1';
SELECT * FROM rules_surveillance.run_sweep('2022-04-02', 'SUR3-%');
SELECT count(*) AS suspensions FROM isms.decision
WHERE certificate_id = rules_surveillance.cert('SUR3-A') AND kind = 'suspend';
-- auto_suspend_overdue for the scheme ISMS
INSERT INTO isms.scheme_setting (scheme, auto_suspend_overdue) VALUES ('ISMS', true)
ON CONFLICT (scheme) DO UPDATE SET auto_suspend_overdue = true;
SELECT * FROM rules_surveillance.run_sweep('2022-04-01', 'SUR3-%');   -- the deadline: nothing
SELECT * FROM rules_surveillance.run_sweep('2022-04-02', 'SUR3-%');   -- the day after: overdue, not suspended
SELECT * FROM rules_surveillance.decisions('SUR3-A');
SELECT isms.status_at(rules_surveillance.cert('SUR3-A'), '2022-04-01') AS "SUR3-A on 2022-04-01",
       isms.status_at(rules_surveillance.cert('SUR3-A'), '2022-04-02') AS "SUR3-A on 2022-04-02";
-- the stored statuses are still today's
SELECT count(*) AS stale FROM isms.certificate c WHERE c.status <> isms.status_at(c.id, isms.today());
-- swept later than the deadline: still no suspension
SELECT * FROM rules_surveillance.run_sweep('2022-06-15', 'SUR3-%');
SELECT * FROM rules_surveillance.decisions('SUR3-C');
-- a missed SUR-2 year: overdue from January 1, not suspended
SELECT * FROM rules_surveillance.run_sweep('2024-01-01', 'SUR3-%');
SELECT * FROM rules_surveillance.decisions('SUR3-B');
SELECT count(*) AS stale FROM isms.certificate c WHERE c.status <> isms.status_at(c.id, isms.today());
ROLLBACK;
-- the setting is back to its default and no suspension remains
SELECT count(*) AS auto_suspending_schemes FROM isms.scheme_setting WHERE auto_suspend_overdue;
SELECT count(*) AS suspensions FROM isms.decision
WHERE certificate_id IN (SELECT rules_surveillance.cert(n) FROM unnest(ARRAY['SUR3-A', 'SUR3-B', 'SUR3-C']) n)
  AND kind = 'suspend';

SET client_min_messages = warning;
DROP SCHEMA rules_surveillance CASCADE;
RESET client_min_messages;
