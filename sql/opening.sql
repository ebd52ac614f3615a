-- opening: EVD-2, opening balances (a certificate entered in the state it
-- has now, its history before the opening not invented)
SET datestyle = ISO;
SET timezone = 'UTC';
SET isms.today = '2027-12-31';
\set VERBOSITY default

CREATE SCHEMA opening;
SELECT regress.fixture('opening', 'OPN');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, 'ISMS', '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b
WHERE a.code = 'OPN-AB' AND b.code = 'OPN-CB';

-- open(num, decided, original, cycle_start, new_expiry, status, since,
-- effective, corrects, keep): an opening through regress.try
CREATE FUNCTION opening.open(num text, decided date, original date, cycle_start date,
    new_expiry date, status isms.cert_status DEFAULT 'active', since date DEFAULT NULL,
    effective date DEFAULT NULL, corrects bigint DEFAULT NULL, keep boolean DEFAULT true)
RETURNS text LANGUAGE sql AS $$
    SELECT regress.try(format(
        'INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry,'
        ' original_date, cycle_start, opening_status, suspended_since, corrects)'
        ' VALUES (%L, ''open'', %L, %L, %L, %L, %L, %L, %L, %L)',
        opening.cert(num), decided, effective, new_expiry, original, cycle_start, status, since,
        corrects), keep)
$$;
-- the derived columns of a certificate
CREATE FUNCTION opening.derived(num text)
RETURNS TABLE (status isms.cert_status, original_certification_date date, cycle_start date,
               expiry_date date, revision integer)
LANGUAGE sql STABLE AS $$
    SELECT c.status, c.original_certification_date, c.cycle_start, c.expiry_date, c.revision
    FROM isms.certificate c WHERE c.id = opening.cert(num)
$$;
CREATE FUNCTION opening.last_decision(num text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT max(id) FROM isms.decision WHERE certificate_id = opening.cert(num)
$$;

-- 1. An opening in a register that holds the body's audits: no audit is
-- asked of it.  The cycle started on 2024-04-01 (CYC-3: the expiry in force
-- is at most 2027-03-31), the register knows the certificate from 2026-06-01.
SELECT opening.new_cert('OPN-1');
SELECT opening.open('OPN-1', '2026-06-01', '2011-05-01', '2024-04-01', '2026-05-31') AS "expiry before the opening day";
SELECT opening.open('OPN-1', '2026-06-01', '2011-05-01', '2024-04-01', '2027-04-01') AS "CYC-3: expiry a day late";
SELECT opening.open('OPN-1', '2026-06-01', '2011-05-01', '2024-04-01', '2027-03-31') AS "opening on the last day CYC-3 allows";
SELECT * FROM opening.derived('OPN-1');
-- nothing is claimed before the opening day, not even validity since the original date
SELECT isms.status_at(opening.cert('OPN-1'), '2011-05-01') AS "on the original date",
       isms.status_at(opening.cert('OPN-1'), '2026-05-31') AS "the day before the opening",
       isms.status_at(opening.cert('OPN-1'), '2026-06-01') AS "the opening day",
       isms.status_at(opening.cert('OPN-1'), '2027-03-31') AS "the expiry date",
       isms.status_at(opening.cert('OPN-1'), '2027-04-01') AS "the day after (REC-2)";
SELECT isms.valid_periods(opening.cert('OPN-1'));
SELECT * FROM opening.timeline('OPN-1');
SELECT * FROM isms.state_at(opening.cert('OPN-1'), '2026-05-31', now());
SELECT status, valid_from, valid_until, expiry_date, initial_registration_date
FROM isms.state_at(opening.cert('OPN-1'), '2026-06-01', now());
-- the surveillance programme: what fell due before the opening is not recorded, never overdue
SELECT rule, due_by, state FROM isms.audit_programme(opening.cert('OPN-1'), '2026-06-10') ORDER BY due_by;
SELECT rule, due_by, state FROM isms.audit_programme(opening.cert('OPN-1'), '2027-01-10') ORDER BY due_by;
-- an opening is the first decision of a draft certificate only
SELECT opening.open('OPN-1', '2026-07-01', '2011-05-01', '2024-04-01', '2027-03-31') AS "a second opening";
SELECT opening.decide('OPN-1', 'grant', '2026-07-01', '2029-06-30') AS "a grant after the opening";
SELECT opening.granted('OPN-G', '2025-04-01');
SELECT opening.open('OPN-G', '2026-06-01', '2025-04-01', '2025-04-01', '2028-03-31') AS "an opening after a grant";

-- 2. The opening's own columns (checked before anything else), on their boundary days
SELECT opening.new_cert('OPN-3');
SELECT opening.open('OPN-3', '2026-06-01', '2011-05-01', '2024-04-01', '2027-03-31', 'withdrawn') AS "a withdrawn opening";
SELECT opening.open('OPN-3', '2026-06-01', '2011-05-01', '2024-04-01', '2027-03-31', 'expired') AS "an expired opening";
SELECT opening.open('OPN-3', '2026-06-01', NULL, '2024-04-01', '2027-03-31') AS "no original date";
SELECT opening.open('OPN-3', '2026-06-01', '2011-05-01', NULL, '2027-03-31') AS "no cycle start";
SELECT opening.open('OPN-3', '2026-06-01', '2011-05-01', '2024-04-01', NULL) AS "no expiry";
SELECT opening.open('OPN-3', '2026-06-01', '2024-04-02', '2024-04-01', '2027-03-31') AS "original date after the cycle start";
SELECT opening.open('OPN-3', '2026-06-01', '2024-04-01', '2024-04-01', '2027-03-31', keep => false) AS "original date on the cycle start";
SELECT opening.open('OPN-3', '2026-06-01', '2011-05-01', '2026-06-02', '2029-05-31') AS "cycle start after the opening day";
SELECT opening.open('OPN-3', '2026-06-01', '2011-05-01', '2026-06-01', '2029-05-31', keep => false) AS "cycle start on the opening day";
SELECT opening.open('OPN-3', '2026-06-01', '2011-05-01', '2024-04-01', '2027-03-31', 'suspended') AS "suspended without suspended_since";
SELECT opening.open('OPN-3', '2026-06-01', '2011-05-01', '2024-04-01', '2027-03-31', 'active', '2026-05-01') AS "active with suspended_since";
SELECT opening.open('OPN-3', '2026-06-01', '2011-05-01', '2024-04-01', '2027-03-31', 'suspended', '2024-03-31') AS "suspended before the cycle start";
SELECT opening.open('OPN-3', '2026-06-01', '2011-05-01', '2024-04-01', '2027-03-31', 'suspended', '2024-04-01', keep => false) AS "suspended since the cycle start";
SELECT opening.open('OPN-3', '2026-06-01', '2011-05-01', '2024-04-01', '2027-03-31', 'suspended', '2026-06-02') AS "suspended after the opening day";
SELECT opening.open('OPN-3', '2026-06-01', '2011-05-01', '2024-04-01', '2027-03-31', 'suspended', '2026-06-01', keep => false) AS "suspended since the opening day";
SELECT regress.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, cycle_start)
                            VALUES (%s, 'grant', '2026-06-01', '2029-05-31', '2026-06-01')$$, opening.cert('OPN-3'))) AS "a grant with cycle_start";
SELECT count(*) AS "decisions of OPN-3" FROM isms.decision WHERE certificate_id = opening.cert('OPN-3');

-- An opening against an old edition whose validity had ended by the opening
-- day (TRN-3: ISO/IEC 27001:2013 certificates are valid until 2025-10-31)
-- has no state in force to carry: refused, on the day after the limit only.
SELECT opening.new_cert('OPN-13', 'ISO/IEC 27001:2013');
SELECT opening.open('OPN-13', '2025-11-01', '2020-06-01', '2024-06-01', '2027-05-31') AS "2013 edition, day after its end";
SELECT opening.open('OPN-13', '2025-10-31', '2020-06-01', '2024-06-01', '2027-05-31', keep => false) AS "2013 edition, its last day";
SELECT count(*) AS "decisions of OPN-13" FROM isms.decision WHERE certificate_id = opening.cert('OPN-13');

-- 3. A register of reported decisions: a suspended opening, then reinstatement
UPDATE isms.certification_body SET evidence_level = 'reported' WHERE code = 'OPN-CB';
SELECT opening.new_cert('OPN-2');
SELECT opening.open('OPN-2', '2026-06-01', '2025-04-01', '2025-04-01', '2028-03-31', 'suspended', '2026-05-01') AS "suspended opening";
SELECT * FROM opening.derived('OPN-2');
SELECT isms.status_at(opening.cert('OPN-2'), '2026-05-15') AS "suspended, before the opening",
       isms.status_at(opening.cert('OPN-2'), '2026-06-01') AS "the opening day";
SELECT opening.decide('OPN-2', 'suspend', '2026-06-15') AS "SUS-1 still applies";
SELECT opening.decide('OPN-2', 'reinstate', '2026-07-01') AS "reinstatement";
SELECT * FROM opening.timeline('OPN-2');

-- the example of doc/lifecycle.md
SELECT opening.new_cert('OPN-6');
-- doc: an opening balance, recorded by the accreditation body
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry,
                           original_date, cycle_start, opening_status, suspended_since)
VALUES (isms.certificate_id('OPN-CB', 'OPN-6'), 'open', '2026-06-01', '2026-06-01', '2028-03-31',
        '2019-04-01', '2025-04-01', 'suspended', '2026-05-01');
SELECT isms.status_at(isms.certificate_id('OPN-CB', 'OPN-6'), '2026-05-31');   -- NULL: not known
SELECT isms.status_at(isms.certificate_id('OPN-CB', 'OPN-6'), '2026-06-01');   -- suspended

-- 4. Expiry by date, then restoration within the window (REC-3), after an opening
SELECT opening.decide('OPN-1', 'recertify', '2027-04-01', '2030-03-31') AS "REC-1: recertification after expiry";
SELECT opening.decide('OPN-1', 'restore', '2027-10-01', '2030-03-31') AS "REC-3: restoration a day after the window";
SELECT opening.decide('OPN-1', 'restore', '2027-09-30', '2030-04-01') AS "CYC-3: restoration expiry a day late";
SELECT opening.decide('OPN-1', 'restore', '2027-09-30', '2030-03-31') AS "restoration on the window's last day";
SELECT * FROM opening.derived('OPN-1');
SELECT * FROM opening.timeline('OPN-1');
SELECT * FROM opening.run_sweep('2027-12-31', 'OPN-_');

-- 5. Add-ons: the base valid on the opening day, the add-on within its validity
SELECT opening.new_cert('OPN-B');
SELECT opening.open('OPN-B', '2026-06-01', '2020-10-01', '2024-10-01', '2027-09-30') AS "base opened";
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement, base_certificate_id)
SELECT b.cb_id, x.num, b.organisation_id, 'ISO/IEC 27017:2015', 'Cloud services of ' || x.num, b.id
FROM isms.certificate b, (VALUES ('OPN-C'), ('OPN-D')) x(num)
WHERE b.id = opening.cert('OPN-B');
SELECT opening.open('OPN-C', '2026-06-01', '2022-10-01', '2024-10-15', '2027-10-01') AS "ADD-4: add-on opened expiring after its base";
SELECT opening.open('OPN-C', '2026-06-01', '2022-10-01', '2024-10-15', '2027-09-30') AS "add-on opened within its base";
SELECT opening.open('OPN-D', '2026-05-31', '2022-10-01', '2024-10-01', '2027-09-30') AS "ADD-5: add-on opened before its base";
SELECT isms.status_at(opening.cert('OPN-C'), '2026-05-31') AS "add-on before its opening",
       isms.status_at(opening.cert('OPN-C'), '2026-06-01') AS "add-on on its opening day";
SELECT opening.decide('OPN-B', 'suspend', '2026-08-01') AS "base suspended";
SELECT isms.status_at(opening.cert('OPN-C'), '2026-08-01') AS "add-on with its base (ADD-5)";

-- 6. Corrections and annulments of an opening (LOG-1)
SELECT opening.new_cert('OPN-4');
SELECT opening.open('OPN-4', '2026-06-01', '2019-04-01', '2025-04-01', '2028-03-31') AS "opening";
SELECT opening.open('OPN-4', '2026-06-01', '2018-04-01', '2025-04-01', '2028-03-30',
                    corrects => opening.last_decision('OPN-4')) AS "corrected the same day";
SELECT * FROM opening.derived('OPN-4');
SELECT opening.open('OPN-4', '2026-07-01', '2018-04-01', '2025-04-01', '2028-03-30',
                    corrects => opening.last_decision('OPN-4')) AS "corrected a month later";
SELECT isms.status_at(opening.cert('OPN-4'), '2026-06-15') AS "before the corrected opening day",
       isms.status_at(opening.cert('OPN-4'), '2026-07-01') AS "from it";
SELECT opening.decide('OPN-4', 'annul', '2026-07-02', corrects => opening.last_decision('OPN-4')) AS "annulment";
SELECT * FROM opening.derived('OPN-4');
SELECT isms.status_at(opening.cert('OPN-4'), '2026-07-15') AS "a draft again";
SELECT * FROM opening.decisions('OPN-4');

-- 7. Only the accreditation body records openings: a certification body's writer is refused
BEGIN;
SET client_min_messages = warning;
SELECT count(*) > 0 AS roles FROM isms.setup_roles('opn_');
SELECT isms.setup_cb_writer('OPN-CB', 'opn_cb_writer', 'opn_') AS writer;
RESET client_min_messages;
GRANT USAGE ON SCHEMA regress, opening TO opn_cb_writer, opn_accreditation_body;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA opening TO opn_cb_writer, opn_accreditation_body;
SELECT opening.new_cert('OPN-5');
SET ROLE opn_cb_writer;
SELECT opening.open('OPN-5', '2026-06-01', '2019-04-01', '2025-04-01', '2028-03-31') AS "writer records an opening";
RESET ROLE;
SET ROLE opn_accreditation_body;
SELECT opening.open('OPN-5', '2026-06-01', '2019-04-01', '2025-04-01', '2028-03-31') AS "accreditation body records it";
RESET ROLE;
SELECT * FROM opening.derived('OPN-5');
ROLLBACK;

-- 8. The change feed, the hash chain and the independent checker follow
SELECT e.certificate_number, e.cause, e.old_status, e.new_status, e.new_expiry, e.effective_date
FROM isms.change_event e WHERE e.certificate_number IN ('OPN-1', 'OPN-2') ORDER BY e.id;
SELECT count(*) AS "broken chains" FROM isms.verify_chains();
SELECT d.kind, isms.decision_hash(d, '\x0000000000000000000000000000000000000000000000000000000000000000') = d.chain_hash AS "first hash"
FROM isms.decision d WHERE d.certificate_id = opening.cert('OPN-2') AND d.chain_seq = 1;
\set ECHO none
\i check/invariants.sql
\set ECHO all
RESET client_min_messages;
SELECT v.rule, v.detail
FROM isms_check.violations() v JOIN isms.certificate c ON c.id = v.certificate_id
WHERE c.certificate_number LIKE 'OPN-%' AND v.class = 'violation';
-- a changed opening column breaks the chain
BEGIN;
SET LOCAL session_replication_role = replica;
UPDATE isms.decision SET suspended_since = '2026-05-02' WHERE certificate_id = opening.cert('OPN-2') AND kind = 'open';
SELECT c.certificate_number FROM isms_check.chain_breaks() b JOIN isms.certificate c ON c.id = b.certificate_id;
SELECT c.certificate_number FROM isms.verify_chains() b JOIN isms.certificate c ON c.id = b.certificate_id;
ROLLBACK;
-- the public verification, from the opening on
SELECT found, status, valid, valid_from, valid_until, expiry_date, initial_registration_date
FROM isms_public.verify('OPN-CB', 'OPN-2', '2026-06-01');
SELECT found, status, valid, valid_from, expiry_date, initial_registration_date
FROM isms_public.verify('OPN-CB', 'OPN-2', '2026-05-31');

SET client_min_messages = warning;
DROP SCHEMA isms_check CASCADE;
DROP SCHEMA opening CASCADE;
RESET client_min_messages;
UPDATE isms.certification_body SET evidence_level = NULL WHERE code = 'OPN-CB';
RESET isms.today;
