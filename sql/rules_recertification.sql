-- rules_recertification: REC-1 to REC-5: recertification, expiry, restoration, new cycle
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default

-- Test helpers, in schema rules_recertification (dropped at the end of this file).
CREATE SCHEMA rules_recertification;

-- regress.try() and regress.mask() come from sql/helpers.sql.

-- The bodies, organisation and helpers of this file (regress.fixture).
SELECT regress.fixture('rules_recertification', 'REC');

INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, 'ISMS', '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b
WHERE a.code = 'REC-AB' AND b.code = 'REC-CB';

-- Every certificate of this file is granted on 2020-04-01 and expires on
-- 2023-03-31 (CYC-3), with its surveillance audits (SUR-1, SUR-2 for 2021
-- and 2022) held.
CREATE FUNCTION rules_recertification.cycle(num text) RETURNS text LANGUAGE sql AS $$
    SELECT rules_recertification.granted(num, '2020-04-01');
    SELECT rules_recertification.audit(num, 'surveillance', '2021-03-01', '2021-03-02');
    SELECT rules_recertification.audit(num, 'surveillance', '2022-06-01', '2022-06-02');
    SELECT num || ': ' || isms.status_at(rules_recertification.cert(num), '2023-03-31')::text
           || ' until ' || c.expiry_date
    FROM isms.certificate c WHERE c.id = rules_recertification.cert(num);
$$;

/*
 * REC-1: recertification is decided before expiry, after a
 * recertification audit of the current cycle; the new expiry counts from
 * the old one (CYC-3).
 */
SELECT rules_recertification.cycle('REC1-A');
SELECT rules_recertification.audit('REC1-A', 'recertification', '2023-01-16', '2023-01-18');
SELECT isms.cert_latest_expiry(rules_recertification.cert('REC1-A'), 'recertify', '2023-03-31') AS "latest new expiry";
-- decided on the expiry date: accepted; the day after: rejected
SELECT rules_recertification.probe('REC1-A', 'recertify', '2023-03-31', '2026-03-31') AS "recertify on the expiry date";
SELECT rules_recertification.probe('REC1-A', 'recertify', '2023-04-01', '2026-03-31') AS "recertify the day after";
-- effective on expiry + 1 (no gap): accepted; expiry + 2: rejected
SELECT rules_recertification.probe('REC1-A', 'recertify', '2023-03-20', '2026-03-31', effective => '2023-04-01') AS "effective on expiry + 1";
SELECT rules_recertification.probe('REC1-A', 'recertify', '2023-03-20', '2026-03-31', effective => '2023-04-02') AS "effective on expiry + 2";
-- the recertification audit must have ended by the decision date
SELECT rules_recertification.probe('REC1-A', 'recertify', '2023-01-17', '2026-03-31') AS "recertify during the audit";
SELECT rules_recertification.probe('REC1-A', 'recertify', '2023-01-18', '2026-03-31') AS "recertify when the audit ends";
-- CYC-3: new expiry at most previous expiry + 3 years
SELECT rules_recertification.probe('REC1-A', 'recertify', '2023-03-31', '2026-04-01') AS "new expiry a day too late";
SELECT rules_recertification.decide('REC1-A', 'recertify', '2023-03-31', '2026-03-31') AS "recertified";
SELECT * FROM rules_recertification.timeline('REC1-A');
SELECT isms.valid_periods(rules_recertification.cert('REC1-A'));
-- the new cycle started with the recertification: no SUR-1; the audit of
-- the previous cycle does not count for the next recertification
SELECT cycle_start, rule, due_from, due_by, done_on, state
FROM isms.audit_programme(rules_recertification.cert('REC1-A'), '2024-01-10') ORDER BY due_by, rule;
SELECT rules_recertification.probe('REC1-A', 'recertify', '2024-01-10', '2029-03-31') AS "next recertify, no new audit";

-- REC1-C: decided before expiry, effective the day after it: no gap.
SELECT rules_recertification.cycle('REC1-C');
SELECT rules_recertification.audit('REC1-C', 'recertification', '2023-01-16', '2023-01-18');
SELECT rules_recertification.decide('REC1-C', 'recertify', '2023-03-20', '2026-03-31', effective => '2023-04-01') AS "recertified, effective on expiry + 1";
SELECT * FROM rules_recertification.timeline('REC1-C');
SELECT isms.valid_periods(rules_recertification.cert('REC1-C'));
SELECT isms.status_at(rules_recertification.cert('REC1-C'), '2023-04-01') AS "on expiry + 1";

-- REC1-B: no recertification audit at all.
SELECT rules_recertification.cycle('REC1-B');
SELECT rules_recertification.probe('REC1-B', 'recertify', '2023-03-01', '2026-03-31') AS "recertify without the audit";

/*
 * REC-2: without recertification the certificate is expired on
 * expiry + 1 day, by date, with no decision.
 */
SELECT rules_recertification.cycle('REC2-A');
SELECT isms.status_at(rules_recertification.cert('REC2-A'), '2023-03-31') AS "on the expiry date",
       isms.status_at(rules_recertification.cert('REC2-A'), '2023-04-01') AS "the day after";
SELECT count(*) AS decisions FROM isms.decision WHERE certificate_id = rules_recertification.cert('REC2-A');
SELECT * FROM rules_recertification.timeline('REC2-A');
SELECT isms.valid_periods(rules_recertification.cert('REC2-A'));

/*
 * REC-3: an expired certificate may be restored until old expiry
 * + 6 months, once the outstanding recertification audit is done; the new
 * expiry counts from the old one; the lapse stays a gap.
 */
SELECT rules_recertification.cycle('REC3-A');
SELECT rules_recertification.audit('REC3-A', 'recertification', '2023-05-08', '2023-05-10');
SELECT isms.cert_restoration_window(rules_recertification.cert('REC3-A'));
SELECT rules_recertification.probe('REC3-A', 'restore', '2023-09-30', '2026-03-31') AS "restore on expiry + 6 months";
SELECT rules_recertification.probe('REC3-A', 'restore', '2023-10-01', '2026-03-31') AS "restore the day after";
-- the audit must have ended by the decision date
SELECT rules_recertification.probe('REC3-A', 'restore', '2023-05-09', '2026-03-31') AS "restore during the audit";
-- restoration is for expired certificates only
SELECT rules_recertification.probe('REC3-A', 'restore', '2023-03-31', '2026-03-31') AS "restore on the expiry date";
SELECT rules_recertification.probe('REC3-A', 'restore', '2023-03-30', '2026-03-31', effective => '2023-04-01') AS "restore decided before expiry";
-- CYC-3: anchored at the old expiry
SELECT isms.cert_latest_expiry(rules_recertification.cert('REC3-A'), 'restore', '2023-06-15') AS "latest new expiry";
SELECT rules_recertification.probe('REC3-A', 'restore', '2023-06-15', '2026-04-01') AS "new expiry a day too late";
-- new_expiry left empty: the latest date CYC-3 allows
SELECT rules_recertification.decide('REC3-A', 'restore', '2023-06-15') AS "restored";
SELECT new_expiry FROM rules_recertification.decisions('REC3-A') WHERE kind = 'restore';
SELECT * FROM rules_recertification.timeline('REC3-A');
SELECT isms.valid_periods(rules_recertification.cert('REC3-A'));
SELECT isms.status_at(rules_recertification.cert('REC3-A'), '2023-06-14') AS "the day before",
       isms.status_at(rules_recertification.cert('REC3-A'), '2023-06-15') AS "the restoration day";

-- REC3-B: no recertification audit.
SELECT rules_recertification.cycle('REC3-B');
SELECT rules_recertification.probe('REC3-B', 'restore', '2023-06-15', '2026-03-31') AS "restore without the audit";

/*
 * REC-4: after the restoration window only a new cycle: a grant after a
 * stage 2 audit that starts after the old expiry, anchored at its own
 * decision date (CYC-3, one day offset).
 */
SELECT rules_recertification.cycle('REC4-A');
SELECT rules_recertification.probe('REC4-A', 'restore', '2023-10-01', '2026-03-31') AS "restore after the window";
SELECT rules_recertification.probe('REC4-A', 'grant', '2023-10-01', '2026-09-30') AS "grant without a new stage 2";
-- a stage 2 audit starting on the old expiry date is not new
SELECT rules_recertification.audit('REC4-A', 'stage2', '2023-03-31', '2023-04-03');
SELECT rules_recertification.probe('REC4-A', 'grant', '2023-10-01', '2026-09-30') AS "stage 2 started on the expiry date";

-- REC4-B: the stage 2 audit starts the day after the old expiry.
SELECT rules_recertification.cycle('REC4-B');
SELECT rules_recertification.audit('REC4-B', 'stage2', '2023-04-01', '2023-04-03');
SELECT isms.cert_latest_expiry(rules_recertification.cert('REC4-B'), 'grant', '2023-10-01') AS "latest new expiry";
SELECT rules_recertification.probe('REC4-B', 'grant', '2023-10-01', '2026-10-01') AS "new expiry a day too late";
SELECT rules_recertification.decide('REC4-B', 'grant', '2023-10-01', '2026-09-30') AS "granted again";
SELECT * FROM rules_recertification.timeline('REC4-B');
SELECT isms.valid_periods(rules_recertification.cert('REC4-B'));
-- a new initial cycle: SUR-1 applies again
SELECT cycle_start, rule, due_from, due_by, state
FROM isms.audit_programme(rules_recertification.cert('REC4-B'), '2023-10-02') ORDER BY due_by, rule;

/*
 * REC-5: the original certification date stays while the cycle start
 * moves with recertification, restoration and a new grant.
 */
SELECT certificate_number, original_certification_date, cycle_start, expiry_date, revision
FROM isms.certificate WHERE id IN (SELECT rules_recertification.cert(n)
                                   FROM unnest(ARRAY['REC1-A', 'REC1-C', 'REC2-A', 'REC3-A', 'REC4-B']) n)
ORDER BY certificate_number;

SET client_min_messages = warning;
DROP SCHEMA rules_recertification CASCADE;
RESET client_min_messages;
