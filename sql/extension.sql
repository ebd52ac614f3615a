-- extension: REC-6, extraordinary-event extensions of the expiry date (the
-- decision kind extend), and STD-2, the controls of the standards
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default
-- the register's today, so that the stored statuses do not depend on the day
SET isms.today = '2030-01-01';

CREATE SCHEMA extension;
SELECT regress.fixture('extension', 'EXT');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, 'ISMS', '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b
WHERE a.code = 'EXT-AB' AND b.code = 'EXT-CB';

-- an extension through regress.try, with a reason and an authority by default
CREATE FUNCTION extension.extend(num text, decided date, new_expiry date,
    reason text DEFAULT 'pandemic: travel bans prevented the on-site recertification audit',
    authority text DEFAULT 'EXT-AB decision 2026-02 under IAF ID 3',
    effective date DEFAULT NULL, keep boolean DEFAULT true)
RETURNS text LANGUAGE sql AS $$
    SELECT regress.try(format(
        'INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date,'
        ' new_expiry, reason, authority) VALUES (%L, %L, %L, %L, %L, %L, %L)',
        extension.cert(num), 'extend', decided, effective, new_expiry, reason, authority), keep)
$$;
CREATE FUNCTION extension.stored(num text)
RETURNS TABLE (status isms.cert_status, cycle_start date, expiry_date date, revision integer)
LANGUAGE sql STABLE AS $$
    SELECT c.status, c.cycle_start, c.expiry_date, c.revision
    FROM isms.certificate c WHERE c.id = extension.cert(num)
$$;

-- EXT-A: granted 2023-04-01 until 2026-03-31, surveilled
SELECT extension.granted('EXT-A', '2023-04-01');
SELECT extension.audit('EXT-A', 'surveillance', '2024-03-04', '2024-03-05'),
       extension.audit('EXT-A', 'surveillance', '2025-03-03', '2025-03-04');
-- the latest expiry date an extension may set: 6 months after the cycle's own one
SELECT isms.cert_latest_expiry(extension.cert('EXT-A'), 'extend', '2026-03-02') AS "latest extended expiry";

-- what an extension carries
SELECT extension.extend('EXT-A', '2026-03-02', '2026-10-01') AS "6 months and a day";
SELECT extension.extend('EXT-A', '2026-03-02', '2026-09-30', reason => NULL) AS "no reason";
SELECT extension.extend('EXT-A', '2026-03-02', '2026-09-30', reason => '  ') AS "blank reason";
SELECT extension.extend('EXT-A', '2026-03-02', '2026-09-30', authority => NULL) AS "no authority";
SELECT extension.extend('EXT-A', '2026-03-02', NULL) AS "no new expiry";
SELECT extension.extend('EXT-A', '2026-03-02', '2026-03-31') AS "not later than the expiry date";
SELECT extension.extend('EXT-A', '2026-03-02', '2026-09-30', effective => '2026-04-01') AS "effective after the expiry date";
SELECT extension.extend('EXT-A', '2026-03-02', '2026-09-30', effective => '2026-10-01') AS "effective after the extended date";
SELECT regress.try(format($$INSERT INTO isms.decision (certificate_id, kind, decision_date, reason, authority)
                            VALUES (%s, 'suspend', '2026-03-02', 'client request', 'EXT-AB')$$,
                          extension.cert('EXT-A'))) AS "authority on a suspension";
SELECT count(*) AS "decisions after the refusals" FROM isms.decision WHERE certificate_id = extension.cert('EXT-A');

-- exactly 6 months: accepted; valid until the extended date, the cycle unchanged
SELECT extension.extend('EXT-A', '2026-03-02', '2026-09-30') AS "exactly 6 months";
SELECT * FROM extension.stored('EXT-A');
SELECT isms.status_at(extension.cert('EXT-A'), '2026-09-30') AS "on 2026-09-30",
       isms.status_at(extension.cert('EXT-A'), '2026-10-01') AS "on 2026-10-01",
       isms.valid_periods(extension.cert('EXT-A')) AS "valid periods";
SELECT * FROM extension.timeline('EXT-A');
-- the recertification audit is due by the extended date; no surveillance year is added
SELECT rule, audit_kind, due_from, due_by, state
FROM isms.audit_programme(extension.cert('EXT-A'), '2026-06-01') ORDER BY due_by;
-- the limit holds for the total: a second extension gains nothing beyond it
SELECT extension.extend('EXT-A', '2026-06-01', '2026-10-01') AS "second extension past the limit";
SELECT isms.cert_latest_expiry(extension.cert('EXT-A'), 'extend', '2026-06-01') AS "still the limit";

-- recertification after the extension: decided by the extended date, its
-- expiry counted from the original one (2026-03-31 + 3 years)
SELECT extension.audit('EXT-A', 'recertification', '2026-08-03', '2026-08-05');
SELECT isms.cert_latest_expiry(extension.cert('EXT-A'), 'recertify', '2026-09-30') AS "latest recertified expiry";
SELECT extension.decide('EXT-A', 'recertify', '2026-09-30', '2029-09-30') AS "anchored on the extended date";
SELECT extension.decide('EXT-A', 'recertify', '2026-09-30', '2029-04-01') AS "a day after the original anchor";
SELECT extension.decide('EXT-A', 'recertify', '2026-09-30', '2029-03-31') AS "original anchor";
SELECT * FROM extension.stored('EXT-A');
-- annulling the extension now would leave the recertification after expiry
SELECT extension.decide('EXT-A', 'annul', '2026-10-01',
                        corrects => (SELECT id FROM isms.decision WHERE certificate_id = extension.cert('EXT-A')
                                       AND kind = 'extend')) AS "annul the extension after the recertification";

-- only an active or suspended certificate, on or before its expiry date
SELECT extension.granted('EXT-B', '2020-04-01');
SELECT extension.extend('EXT-B', '2023-04-01', '2023-06-30') AS "extension of an expired certificate";
SELECT extension.granted('EXT-C', '2023-04-01');
SELECT extension.decide('EXT-C', 'withdraw', '2025-01-10') AS "withdrawn";
SELECT extension.extend('EXT-C', '2026-03-02', '2026-06-30') AS "extension of a withdrawn certificate";
SELECT extension.new_cert('EXT-D');
SELECT extension.extend('EXT-D', '2026-03-02', '2026-06-30') AS "extension of a draft";

-- a suspended certificate is extended and stays suspended
SELECT extension.granted('EXT-E', '2023-04-01');
SELECT extension.decide('EXT-E', 'suspend', '2026-01-12') AS "suspended";
SELECT extension.extend('EXT-E', '2026-03-02', '2026-09-30') AS "extension while suspended";
SELECT isms.status_at(extension.cert('EXT-E'), '2026-06-01') AS "on 2026-06-01",
       isms.status_at(extension.cert('EXT-E'), '2026-10-01') AS "on 2026-10-01";
-- the sweep of a day follows the extended date (a sweep of another day than
-- the register's today reports what it would store)
SELECT * FROM extension.run_sweep('2026-09-30', 'EXT-E');
SELECT * FROM extension.run_sweep('2026-10-01', 'EXT-E');

-- annulment of an extension: the expiry date goes back
SELECT extension.granted('EXT-F', '2023-04-01');
SELECT extension.extend('EXT-F', '2026-03-02', '2026-07-31') AS "extension";
SELECT extension.decide('EXT-F', 'annul', '2026-03-03',
                        corrects => (SELECT id FROM isms.decision WHERE certificate_id = extension.cert('EXT-F')
                                       AND kind = 'extend')) AS "annulled";
SELECT * FROM extension.stored('EXT-F');
SELECT isms.status_at(extension.cert('EXT-F'), '2026-05-01') AS "on 2026-05-01";
SELECT * FROM extension.timeline('EXT-F');

-- restoration after an extended expiry: the window from the extended date,
-- the new expiry from the original one
SELECT extension.granted('EXT-G', '2023-04-01');
SELECT extension.audit('EXT-G', 'surveillance', '2024-03-04', '2024-03-05'),
       extension.audit('EXT-G', 'surveillance', '2025-03-03', '2025-03-04');
SELECT extension.extend('EXT-G', '2026-03-02', '2026-09-30') AS "extension";
SELECT extension.audit('EXT-G', 'recertification', '2026-11-02', '2026-11-04');
SELECT isms.cert_restoration_window(extension.cert('EXT-G')) AS "restoration window";
SELECT extension.probe('EXT-G', 'restore', '2027-03-31', '2029-03-31') AS "a day after the window";
SELECT extension.probe('EXT-G', 'restore', '2027-03-30', '2029-04-01') AS "a day past the original anchor";
SELECT extension.decide('EXT-G', 'restore', '2027-03-30', '2029-03-31') AS "last day of the window";
SELECT * FROM extension.timeline('EXT-G');

-- an add-on (ISO/IEC 27017) is extended within its base's expiry date (ADD-4);
-- a base's extension does not extend its add-ons
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, 'ISMS-CLOUD', '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b
WHERE a.code = 'EXT-AB' AND b.code = 'EXT-CB';
SELECT extension.granted('EXT-J', '2023-04-01');
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement,
                              base_certificate_id)
SELECT c.cb_id, 'EXT-K', c.organisation_id, 'ISO/IEC 27017:2015', 'Cloud services of EXT-J', c.id
FROM isms.certificate c WHERE c.id = extension.cert('EXT-J');
SELECT extension.audit('EXT-K', 'stage1', '2023-02-01', '2023-02-02'),
       extension.audit('EXT-K', 'stage2', '2023-03-01', '2023-03-02');
SELECT extension.decide('EXT-K', 'grant', '2023-04-01', '2026-03-31') AS "add-on granted";
SELECT extension.extend('EXT-K', '2026-03-02', '2026-06-30') AS "add-on beyond its base";
SELECT extension.extend('EXT-J', '2026-03-02', '2026-09-30') AS "base extended";
SELECT isms.status_at(extension.cert('EXT-K'), '2026-04-01') AS "add-on on 2026-04-01";
SELECT extension.extend('EXT-K', '2026-03-03', '2026-06-30') AS "add-on within its base";
SELECT isms.status_at(extension.cert('EXT-K'), '2026-06-30') AS "add-on on 2026-06-30",
       isms.status_at(extension.cert('EXT-K'), '2026-07-01') AS "on 2026-07-01";

-- reported decisions (EVD-1): no audits needed, the same date rules
UPDATE isms.certification_body SET evidence_level = 'reported' WHERE code = 'EXT-CB';
SELECT extension.new_cert('EXT-H');
SELECT extension.decide('EXT-H', 'grant', '2023-04-01', '2026-03-31') AS "reported grant";
SELECT extension.extend('EXT-H', '2026-03-02', '2026-10-01') AS "reported: 6 months and a day";
SELECT extension.extend('EXT-H', '2026-03-02', '2026-09-30') AS "reported: 6 months";
SELECT extension.decide('EXT-H', 'recertify', '2026-10-01', '2029-03-31') AS "reported: after the extended date";
SELECT extension.decide('EXT-H', 'recertify', '2026-09-30', '2029-04-01') AS "reported: past the original anchor";
SELECT extension.decide('EXT-H', 'recertify', '2026-09-30', '2029-03-31') AS "reported: recertified";
UPDATE isms.certification_body SET evidence_level = NULL WHERE code = 'EXT-CB';

-- the parameter: a registry may allow less (0 to 6 months)
INSERT INTO isms.scheme_setting (scheme, extension_months) VALUES ('ISMS', 3);
SELECT extension.granted('EXT-I', '2023-04-01');
SELECT isms.cert_latest_expiry(extension.cert('EXT-I'), 'extend', '2026-03-02') AS "limit with 3 months";
SELECT extension.extend('EXT-I', '2026-03-02', '2026-07-01') AS "3 months and a day";
SELECT extension.extend('EXT-I', '2026-03-02', '2026-06-30') AS "3 months";
SELECT regress.try($$UPDATE isms.scheme_setting SET extension_months = 7 WHERE scheme = 'ISMS'$$) AS "7 months";
DELETE FROM isms.scheme_setting WHERE scheme = 'ISMS';

-- the hash chain covers the authority; the chains hold
SELECT count(*) AS "broken chains" FROM isms.verify_chains();
SELECT d.chain_hash = isms.decision_hash(d, p.chain_hash) AS "extension's hash",
       d.chain_hash <> isms.decision_hash(jsonb_populate_record(d, '{"authority": "another authority"}'),
                                          p.chain_hash) AS "another authority, another hash"
FROM isms.decision d
JOIN isms.decision p ON p.certificate_id = d.certificate_id AND p.chain_seq = d.chain_seq - 1
WHERE d.certificate_id = extension.cert('EXT-I') AND d.kind = 'extend';

SELECT extension.granted('EXT-DOC', '2023-04-01');
-- doc: an extraordinary-event extension of the expiry date (REC-6)
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, reason, authority)
VALUES (isms.certificate_id('EXT-CB', 'EXT-DOC'), 'extend', '2026-03-02', '2026-09-30',
        'earthquake: the site could not be audited before expiry',
        'accreditation body decision AB-2026-014');
SELECT expiry_date, cycle_start FROM isms.certificate
WHERE id = isms.certificate_id('EXT-CB', 'EXT-DOC');                  -- 2026-09-30, 2023-04-01
SELECT isms.cert_latest_expiry(isms.certificate_id('EXT-CB', 'EXT-DOC'), 'recertify', '2026-09-01');  -- 2029-03-31
-- the change feed reports the extended expiry date
SELECT cause, old_status, new_status, old_expiry, new_expiry, effective_date FROM isms.change_event
WHERE certificate_id = isms.certificate_id('EXT-CB', 'EXT-DOC') ORDER BY id DESC LIMIT 1;

/*
 * STD-2: the controls, by identifier
 */
SELECT standard, annex, count(*) AS controls FROM isms.control WHERE shipped
GROUP BY standard, annex ORDER BY standard, annex;
SELECT theme, clause, count(*) AS controls,
       min(split_part(identifier, '.', 2)::int) AS first, max(split_part(identifier, '.', 2)::int) AS last
FROM isms.control WHERE standard = 'ISO/IEC 27001:2022' GROUP BY theme, clause ORDER BY clause;
SELECT clause, count(*) AS controls FROM isms.control
WHERE standard = 'ISO/IEC 27701:2019' GROUP BY clause ORDER BY clause;
SELECT string_agg(identifier, ', ' ORDER BY identifier COLLATE "C") AS "cloud controls"
FROM isms.control WHERE standard = 'ISO/IEC 27017:2015';
-- doc: the controls of an edition, by theme
SELECT theme, count(*) FROM isms.control
WHERE standard = 'ISO/IEC 27001:2022' GROUP BY theme ORDER BY min(clause);
-- shipped rows are read-only; a registry's own rows are not
SELECT regress.try($$UPDATE isms.control SET theme = 'people' WHERE identifier = '5.1'$$) AS "change a shipped control",
       regress.try($$DELETE FROM isms.control WHERE identifier = '8.34'$$) AS "delete a shipped control",
       regress.try($$INSERT INTO isms.control (standard, annex, identifier, shipped)
                     VALUES ('ISO/IEC 27001:2013', 'A', 'A.5.1.1', true)$$) AS "claim to ship one",
       regress.try($$TRUNCATE isms.control$$) AS "truncate";
SELECT regress.try($$INSERT INTO isms.control (standard, annex, identifier, clause)
                     VALUES ('ISO/IEC 27001:2013', 'A', 'A.5.1.1', 'A.5')$$) AS "clause given",
       regress.try($$INSERT INTO isms.control (standard, annex, identifier)
                     VALUES ('ISO/IEC 27001:2013', 'A', 'A.5.1.1 Policies')$$) AS "text in the identifier",
       regress.try($$INSERT INTO isms.control (standard, annex, identifier)
                     VALUES ('ISO/IEC 27001:2013', 'A', 'A.5.1.1')$$, keep => false) AS "a registry's own control";

-- only the accreditation body writes controls; writers read them
BEGIN;
SET client_min_messages = warning;
SELECT count(*) > 0 AS roles FROM isms.setup_roles('ext_');
SELECT isms.setup_cb_writer('EXT-CB', 'ext_cb_writer', 'ext_') AS writer;
RESET client_min_messages;
GRANT USAGE ON SCHEMA regress TO ext_cb_writer, ext_accreditation_body;
SET ROLE ext_cb_writer;
SELECT count(*) AS "controls a writer reads" FROM isms.control;
SELECT regress.try($$INSERT INTO isms.control (standard, annex, identifier)
                     VALUES ('ISO/IEC 27001:2013', 'A', 'A.5.1.1')$$) AS "writer adds a control";
RESET ROLE;
SET ROLE ext_accreditation_body;
SELECT regress.try($$INSERT INTO isms.control (standard, annex, identifier)
                     VALUES ('ISO/IEC 27001:2013', 'A', 'A.5.1.1')$$) AS "accreditation body adds one";
SELECT clause FROM isms.control WHERE identifier = 'A.5.1.1';
SELECT regress.try($$DELETE FROM isms.control WHERE shipped$$) AS "accreditation body deletes shipped ones";
RESET ROLE;
SELECT count(*) AS "dangerous grants" FROM isms.dangerous_grants() WHERE object = 'isms.control';
ROLLBACK;

SET client_min_messages = warning;
DROP SCHEMA extension CASCADE;
RESET client_min_messages;
RESET isms.today;
