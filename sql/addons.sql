-- addons: add-on certificates (ISO/IEC 27017 cloud, ISO/IEC 27701 privacy)
-- on an ISO/IEC 27001 base certificate: ADD-1..7, through suspensions,
-- reinstatements, scope changes, recertification, withdrawal, cancellation
-- and expiry of the base.
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default

CREATE SCHEMA ao;

-- try(stmt): regress.try (sql/helpers.sql), DETAIL and HINT always shown.
CREATE FUNCTION ao.try(stmt text) RETURNS text LANGUAGE sql AS $$
    SELECT regress.try(stmt, dashes => true)
$$;
CREATE FUNCTION ao.cid(num text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT id FROM isms.certificate WHERE certificate_number = num
$$;
-- the latest decision of a certificate
CREATE FUNCTION ao.last_decision(num text) RETURNS bigint LANGUAGE sql STABLE AS $$
    SELECT max(id) FROM isms.decision WHERE certificate_id = ao.cid(num)
$$;
-- a certificate of org (an organisation name) from cb, against std, with scope
CREATE FUNCTION ao.cert(num text, std text, scope text, base text DEFAULT NULL,
                        org text DEFAULT 'AO org', cb text DEFAULT 'AO-CB')
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE c bigint;
BEGIN
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard,
                                  scope_statement, scope, base_certificate_id)
    SELECT b.id, num, o.id, std, 'statement of ' || num, scope, ao.cid(base)
    FROM isms.certification_body b, isms.organisation o
    WHERE b.code = cb AND o.name = org
    RETURNING id INTO c;
    RETURN c;
END
$$;
CREATE FUNCTION ao.audit(num text, kind text, s date, e date, combined bigint DEFAULT NULL)
RETURNS bigint LANGUAGE sql AS $$
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, combined_with)
    VALUES (ao.cid(num), kind::isms.audit_kind, s, e, combined) RETURNING id
$$;
-- status of some certificates on a day, their stored scope and base, and
-- whether their stored status is the one status_at gives today (the
-- stored status is a cache, kept by the triggers in the same transaction)
CREATE FUNCTION ao.show(nums text[], on_date date) RETURNS TABLE (certificate text,
    status isms.cert_status, scope isms.scope, base text, cache_exact boolean)
LANGUAGE sql STABLE AS $$
    SELECT c.certificate_number, isms.status_at(c.id, on_date), c.scope, b.certificate_number,
           c.status = isms.status_at(c.id, isms.today())
    FROM isms.certificate c LEFT JOIN isms.certificate b ON b.id = c.base_certificate_id
    WHERE c.certificate_number = ANY (nums) ORDER BY c.certificate_number
$$;

INSERT INTO isms.accreditation_body (code, name, recognised) VALUES ('AO-AB', 'addons accreditation body', true);
INSERT INTO isms.certification_body (code, name) VALUES ('AO-CB', 'addons certification body'),
    ('AO-CB2', 'addons second certification body');
-- AO-CB is accredited for all three schemes, AO-CB2 for ISMS only (ACC-1)
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT ab.id, cb.id, s.scheme, '2015-01-01'
FROM isms.accreditation_body ab, isms.certification_body cb,
     (VALUES ('ISMS'), ('ISMS-CLOUD'), ('ISMS-PIMS')) s(scheme)
WHERE ab.code = 'AO-AB' AND (cb.code = 'AO-CB' OR s.scheme = 'ISMS');
INSERT INTO isms.organisation (name) VALUES ('AO org'), ('AO other org');

--
-- The base: an ISO/IEC 27001:2022 certificate with four scope elements,
-- granted 2023-03-01 (expires 2026-02-28).
--
SELECT ao.cert('AO-B1', 'ISO/IEC 27001:2022',
    '{site:Tokyo, site:Osaka, service:cloud/IaaS, service:cloud/SaaS}') IS NOT NULL AS base;
SELECT ao.audit('AO-B1', 'stage1', '2023-01-10', '2023-01-11') IS NOT NULL,
       ao.audit('AO-B1', 'stage2', '2023-02-01', '2023-02-03') IS NOT NULL,
       ao.audit('AO-B1', 'surveillance', '2024-01-15', '2024-01-16') IS NOT NULL,
       ao.audit('AO-B1', 'surveillance', '2025-01-15', '2025-01-16') IS NOT NULL,
       ao.audit('AO-B1', 'recertification', '2025-12-01', '2025-12-03') IS NOT NULL;

--
-- ADD-1: the base is a 27001 certificate of the same organisation and body.
--
-- the cloud add-on: its scope names the cloud service and the role; roles
-- are the add-on's own and are not looked for in the base
SELECT ao.cert('AO-C1', 'ISO/IEC 27017:2015',
    '{service:cloud/IaaS, service:cloud/SaaS, role:provider}', 'AO-B1') IS NOT NULL AS cloud;
SELECT ao.try($$SELECT ao.cert('AO-X1', 'ISO/IEC 27017:2015', NULL, 'AO-B1', org => 'AO other org')$$)
    AS other_organisation;
SELECT ao.cert('AO-B9', 'ISO/IEC 27001:2022', NULL, cb => 'AO-CB2') IS NOT NULL AS other_body_base;
SELECT ao.try($$SELECT ao.cert('AO-X2', 'ISO/IEC 27017:2015', NULL, 'AO-B9')$$) AS other_body;
SELECT ao.try($$SELECT ao.cert('AO-X3', 'ISO/IEC 27701:2019', NULL, 'AO-C1')$$) AS base_is_add_on;
SELECT ao.try($$SELECT ao.cert('AO-X4', 'ISO/IEC 27001:2022', NULL, 'AO-B1')$$) AS base_27001_on_27001;
SELECT ao.try($$UPDATE isms.certificate SET base_certificate_id = id WHERE certificate_number = 'AO-C1'$$)
    AS own_base;
-- in one statement, the base after its add-on: checked once the statement
-- is done (an add-on of another organisation refused, a right one kept)
SELECT ao.try($$INSERT INTO isms.certificate (id, cb_id, certificate_number, organisation_id,
        standard, scope_statement, base_certificate_id)
    SELECT 920002, b.id, 'AO-X8', o.id, 'ISO/IEC 27017:2015', 'statement of AO-X8', 920001
      FROM isms.certification_body b, isms.organisation o WHERE b.code = 'AO-CB' AND o.name = 'AO other org'
    UNION ALL
    SELECT 920001, b.id, 'AO-B8', o.id, 'ISO/IEC 27001:2022', 'statement of AO-B8', NULL
      FROM isms.certification_body b, isms.organisation o WHERE b.code = 'AO-CB' AND o.name = 'AO org'$$)
    AS other_organisation_one_statement;
BEGIN;
INSERT INTO isms.certificate (id, cb_id, certificate_number, organisation_id,
        standard, scope_statement, base_certificate_id)
    SELECT 920004, b.id, 'AO-C8', o.id, 'ISO/IEC 27017:2015', 'statement of AO-C8', 920003
      FROM isms.certification_body b, isms.organisation o WHERE b.code = 'AO-CB' AND o.name = 'AO org'
    UNION ALL
    SELECT 920003, b.id, 'AO-B8', o.id, 'ISO/IEC 27001:2022', 'statement of AO-B8', NULL
      FROM isms.certification_body b, isms.organisation o WHERE b.code = 'AO-CB' AND o.name = 'AO org';
SELECT c.certificate_number, b.certificate_number AS base
FROM isms.certificate c LEFT JOIN isms.certificate b ON b.id = c.base_certificate_id
WHERE c.id IN (920003, 920004) ORDER BY 1;
ROLLBACK;
-- only certificates of add-on standards (an edition with needs_base) have a base
SELECT ao.try($$SELECT ao.cert('AO-X7', 'ISO/IEC 20000-1:2018', NULL, 'AO-B1')$$) AS not_an_add_on_standard;
-- an add-on standard cannot be granted without a base
SELECT ao.cert('AO-X5', 'ISO/IEC 27017:2015', NULL) IS NOT NULL AS no_base;
SELECT ao.audit('AO-X5', 'stage1', '2023-02-05', '2023-02-06') IS NOT NULL,
       ao.audit('AO-X5', 'stage2', '2023-02-10', '2023-02-11') IS NOT NULL;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-X5'), 'grant', '2023-03-01')$$) AS grant_without_base;
-- ISO/IEC 27701:2025 stands alone (needs_base is false for that edition)
SELECT ao.cert('AO-P25', 'ISO/IEC 27701:2025', '{site:Nagoya}') IS NOT NULL AS standalone;
SELECT ao.audit('AO-P25', 'stage1', '2025-11-01', '2025-11-02') IS NOT NULL,
       ao.audit('AO-P25', 'stage2', '2025-11-10', '2025-11-11') IS NOT NULL;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-P25'), 'grant', '2025-12-01')$$) AS standalone_grant;
-- ACC-1 holds for add-ons per scheme: AO-CB2 is not accredited for the cloud scheme
SELECT ao.audit('AO-B9', 'stage1', '2023-01-10', '2023-01-11') IS NOT NULL,
       ao.audit('AO-B9', 'stage2', '2023-02-01', '2023-02-03') IS NOT NULL;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ao.cid('AO-B9'), 'grant', '2023-03-01');
SELECT ao.cert('AO-X6', 'ISO/IEC 27017:2015', NULL, 'AO-B9', cb => 'AO-CB2') IS NOT NULL AS cloud_of_cb2;
SELECT ao.audit('AO-X6', 'stage1', '2023-02-05', '2023-02-06') IS NOT NULL,
       ao.audit('AO-X6', 'stage2', '2023-02-10', '2023-02-11') IS NOT NULL;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-X6'), 'grant', '2023-03-01')$$) AS cb_not_accredited_for_cloud;

--
-- ADD-2: the base is active on the add-on's grant date, or granted that day.
--
SELECT ao.audit('AO-C1', 'stage1', '2023-02-05', '2023-02-06') IS NOT NULL,
       ao.audit('AO-C1', 'stage2', '2023-02-10', '2023-02-11') IS NOT NULL;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-C1'), 'grant', '2023-02-20')$$) AS base_still_draft;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ao.cid('AO-B1'), 'grant', '2023-03-01');
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-C1'), 'grant', '2023-03-01')$$) AS same_day_as_base;
-- once it has decisions, an add-on keeps its base
SELECT ao.try($$UPDATE isms.certificate SET base_certificate_id = NULL WHERE certificate_number = 'AO-C1'$$)
    AS base_locked;
SELECT * FROM ao.show('{AO-B1,AO-C1}', '2023-03-01');

--
-- ADD-6: the privacy add-on's first audit rides on the base's surveillance
-- audit; ADD-3: its own scope lies within the base's; ADD-4: it expires no
-- later than the base.
--
SELECT ao.cert('AO-P1', 'ISO/IEC 27701:2019', '{site:Tokyo}', 'AO-B1') IS NOT NULL AS privacy;
-- a combined audit names an overlapping surveillance or recertification audit of the base
SELECT ao.try($$SELECT ao.audit('AO-P1', 'stage2', '2024-01-15', '2024-01-16',
    (SELECT id FROM isms.audit WHERE certificate_id = ao.cid('AO-B1') AND kind = 'stage2'))$$) AS with_stage2;
SELECT ao.try($$SELECT ao.audit('AO-P1', 'stage2', '2024-01-15', '2024-01-16',
    (SELECT id FROM isms.audit WHERE certificate_id = ao.cid('AO-C1') AND kind = 'stage2'))$$) AS not_the_base;
SELECT ao.try($$SELECT ao.audit('AO-P1', 'stage2', '2024-02-15', '2024-02-16',
    (SELECT id FROM isms.audit WHERE certificate_id = ao.cid('AO-B1') AND start_date = '2024-01-15'))$$) AS not_together;
-- ADD-6 holds within one statement (a multi-row INSERT or a COPY), the
-- base's audit before or after the add-on's, and when the base's audit changes
SELECT ao.try($$INSERT INTO isms.audit (id, certificate_id, kind, start_date, end_date, combined_with)
    VALUES (910001, ao.cid('AO-B1'), 'stage1', '2024-03-10', '2024-03-11', NULL),
           (910002, ao.cid('AO-P1'), 'stage2', '2024-03-10', '2024-03-11', 910001)$$) AS one_statement_stage1;
SELECT ao.try($$INSERT INTO isms.audit (id, certificate_id, kind, start_date, end_date, combined_with)
    VALUES (910003, ao.cid('AO-P1'), 'stage2', '2024-03-10', '2024-03-11', 910004),
           (910004, ao.cid('AO-B1'), 'surveillance', '2024-04-10', '2024-04-11', NULL)$$) AS one_statement_apart;
SELECT ao.try($$INSERT INTO isms.audit (id, certificate_id, kind, start_date, end_date, combined_with)
    VALUES (910005, ao.cid('AO-P1'), 'stage2', '2024-03-10', '2024-03-11', 910006),
           (910006, ao.cid('AO-C1'), 'surveillance', '2024-03-10', '2024-03-11', NULL)$$) AS one_statement_not_the_base;
SELECT count(*) AS none_kept FROM isms.audit WHERE id BETWEEN 910001 AND 910006;
BEGIN;
INSERT INTO isms.audit (id, certificate_id, kind, start_date, end_date, combined_with)
    VALUES (910008, ao.cid('AO-P1'), 'stage2', '2024-03-10', '2024-03-11', 910007),
           (910007, ao.cid('AO-B1'), 'surveillance', '2024-03-10', '2024-03-12', NULL);
SELECT ao.try($$UPDATE isms.audit SET start_date = '2024-05-01', end_date = '2024-05-02'
    WHERE id = 910007$$) AS base_audit_moved;
SELECT ao.try($$UPDATE isms.audit SET kind = 'stage1' WHERE id = 910007$$) AS base_audit_kind;
SELECT ao.try($$UPDATE isms.audit SET combined_with = (SELECT id FROM isms.audit
    WHERE certificate_id = ao.cid('AO-B1') AND kind = 'stage2') WHERE id = 910008$$) AS addon_audit_renamed;
-- a change that keeps the audits together passes
UPDATE isms.audit SET end_date = '2024-03-11' WHERE id = 910007;
SELECT id, kind, start_date, end_date, combined_with IS NOT NULL AS combined
FROM isms.audit WHERE id IN (910007, 910008) ORDER BY id;
ROLLBACK;
-- a statement naming more base audits than one query looks at (8,192): the
-- refusal names the first offending audit of the statement by id (it names
-- the last base audit, which a later query reads), not the first one found
BEGIN;
SELECT ao.cert('AO-D2', 'ISO/IEC 27701:2019', '{site:Tokyo}', 'AO-B1') IS NOT NULL AS draft_add_on;
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
VALUES (ao.cid('AO-B1'), 'stage1', '1990-01-01', '1990-01-01');
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
SELECT ao.cid('AO-B1'), 'surveillance', d, d
FROM generate_series(date '1991-01-01', date '1991-01-01' + 8199, interval '1 day') d;
SELECT ao.try($$INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, combined_with)
    SELECT ao.cid('AO-D2'), 'surveillance', s, e, w FROM (
        SELECT 1 AS k, o.start_date + 1 AS s, o.end_date + 1 AS e, o.id AS w FROM isms.audit o
        WHERE o.certificate_id = ao.cid('AO-B1') AND o.start_date = date '1991-01-01' + 8199
        UNION ALL
        SELECT 2, o.start_date, o.end_date, o.id FROM isms.audit o
        WHERE o.certificate_id = ao.cid('AO-B1') AND o.kind = 'surveillance'
          AND o.start_date BETWEEN '1991-01-01' AND date '1991-01-01' + 8198
        UNION ALL
        SELECT 3, o.start_date, o.end_date, o.id FROM isms.audit o
        WHERE o.certificate_id = ao.cid('AO-B1') AND o.start_date = '1990-01-01') r
    ORDER BY k, s$$) AS first_offender_in_a_later_query;
ROLLBACK;
-- an add-on (a draft) moved to another base keeps no audit combined with
-- one of its former base's: checked when the transaction commits (ADD-7's
-- constraint trigger), so that the audit can be changed in the same transaction
BEGIN;
SELECT ao.cert('AO-B7', 'ISO/IEC 27001:2022', '{site:Tokyo}') IS NOT NULL AS second_base;
SELECT ao.cert('AO-D1', 'ISO/IEC 27701:2019', '{site:Tokyo}', 'AO-B1') IS NOT NULL AS draft_add_on;
SELECT ao.audit('AO-D1', 'stage2', '2024-01-15', '2024-01-16',
    (SELECT id FROM isms.audit WHERE certificate_id = ao.cid('AO-B1') AND start_date = '2024-01-15')) IS NOT NULL
    AS combined_with_b1;
SELECT regress.try($$UPDATE isms.certificate SET base_certificate_id = ao.cid('AO-B7')
    WHERE certificate_number = 'AO-D1'$$, immediate => true, dashes => true) AS moved_to_b7;
SELECT b.certificate_number AS base_still FROM isms.certificate c JOIN isms.certificate b ON b.id = c.base_certificate_id
WHERE c.certificate_number = 'AO-D1';
-- moved together with its audit, in one transaction: accepted
SELECT ao.audit('AO-B7', 'surveillance', '2024-01-15', '2024-01-16') IS NOT NULL AS b7_surveillance;
SELECT regress.try($$WITH m AS (UPDATE isms.certificate SET base_certificate_id = ao.cid('AO-B7')
        WHERE certificate_number = 'AO-D1' RETURNING id)
    UPDATE isms.audit SET combined_with = (SELECT id FROM isms.audit WHERE certificate_id = ao.cid('AO-B7'))
    WHERE certificate_id = (SELECT id FROM m)$$, immediate => true, dashes => true) AS moved_with_its_audit;
ROLLBACK;
-- without a combined audit (or stage 1 and stage 2) there is no initial audit
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-P1'), 'grant', '2024-02-01')$$) AS no_audit;
SELECT ao.try($$SELECT ao.audit('AO-P1', 'stage2', '2024-01-15', '2024-01-16',
    (SELECT id FROM isms.audit WHERE certificate_id = ao.cid('AO-B1') AND start_date = '2024-01-15'))$$) AS combined;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
    VALUES (ao.cid('AO-P1'), 'grant', '2024-02-01', '2027-01-31')$$) AS expires_after_base;
-- the default expiry is the earlier of CYC-3's bound and the base's expiry
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-P1'), 'grant', '2024-02-01')$$) AS grant_default_expiry;
-- a cloud add-on whose service the base does not cover
SELECT ao.cert('AO-C2', 'ISO/IEC 27017:2015', '{service:cloud/PaaS, role:customer}', 'AO-B1') IS NOT NULL;
SELECT ao.audit('AO-C2', 'stage1', '2024-02-05', '2024-02-06') IS NOT NULL,
       ao.audit('AO-C2', 'stage2', '2024-02-10', '2024-02-11') IS NOT NULL;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-C2'), 'grant', '2024-03-01')$$) AS scope_outside_base;
-- no scope of its own: the add-on has exactly the base's scope
SELECT ao.cert('AO-C3', 'ISO/IEC 27017:2015', NULL, 'AO-B1') IS NOT NULL;
SELECT ao.audit('AO-C3', 'stage1', '2024-02-05', '2024-02-06') IS NOT NULL,
       ao.audit('AO-C3', 'stage2', '2024-02-10', '2024-02-11') IS NOT NULL;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-C3'), 'grant', '2024-03-01')$$) AS inherits_scope;
SELECT certificate_number, scope, isms.effective_scope(id) FROM isms.certificate
WHERE certificate_number IN ('AO-C1', 'AO-C3', 'AO-P1') ORDER BY 1;
-- SCO-1 for an add-on without a scope of its own: its scope in force is the base's
SELECT ao.audit('AO-C3', 'special', '2024-03-05', '2024-03-05') IS NOT NULL;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
    VALUES (ao.cid('AO-C3'), 'extend_scope', '2024-03-10', '{service:cloud/IaaS}')$$) AS extension_dropping_scope;
SELECT * FROM ao.show('{AO-B1,AO-C1,AO-C3,AO-P1}', '2024-03-01');

--
-- ADD-5: a suspended base suspends its add-ons; reinstated, it reactivates
-- those suspended only because of it.
--
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ao.cid('AO-B1'), 'suspend', '2024-06-01');
SELECT * FROM ao.show('{AO-B1,AO-C1,AO-C3,AO-P1}', '2024-06-01');
-- the privacy add-on is also suspended on its own account
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ao.cid('AO-P1'), 'suspend', '2024-06-10');
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ao.cid('AO-B1'), 'reinstate', '2024-08-01');
SELECT * FROM ao.show('{AO-B1,AO-C1,AO-C3,AO-P1}', '2024-08-01');
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ao.cid('AO-P1'), 'reinstate', '2024-09-01');
SELECT c, d, isms.status_at(ao.cid(c), d::date)
FROM unnest('{AO-B1,AO-C1,AO-P1}'::text[]) c,
     unnest('{2024-05-31,2024-06-01,2024-06-10,2024-08-01,2024-09-01}'::text[]) d
ORDER BY 1, 2;
SELECT valid_from, valid_until, status FROM isms.timeline(ao.cid('AO-C1'));
SELECT isms.valid_periods(ao.cid('AO-P1'));

--
-- ADD-7: a base's scope reduction that leaves an add-on outside is refused
-- at commit, unless the add-on is reduced in the same transaction.
--
SELECT ao.audit('AO-C1', 'surveillance', '2024-01-15', '2024-01-16') IS NOT NULL,
       ao.audit('AO-C1', 'surveillance', '2025-01-15', '2025-01-16') IS NOT NULL,
       ao.audit('AO-C1', 'recertification', '2025-12-01', '2025-12-03') IS NOT NULL,
       ao.audit('AO-C3', 'surveillance', '2025-01-15', '2025-01-16') IS NOT NULL,
       ao.audit('AO-C3', 'recertification', '2025-12-01', '2025-12-03') IS NOT NULL,
       ao.audit('AO-P1', 'surveillance', '2025-01-15', '2025-01-16') IS NOT NULL,
       ao.audit('AO-P1', 'recertification', '2025-12-01', '2025-12-03') IS NOT NULL;
BEGIN;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
VALUES (ao.cid('AO-B1'), 'reduce_scope', '2025-02-01', '{site:Tokyo, site:Osaka, service:cloud/IaaS}');
SELECT ao.try('SET CONSTRAINTS isms."ADD-7" IMMEDIATE') AS reduction_alone;
ROLLBACK;
-- without the check forced early, COMMIT itself refuses it
BEGIN;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
VALUES (ao.cid('AO-B1'), 'reduce_scope', '2025-02-01', '{site:Tokyo, site:Osaka, service:cloud/IaaS}');
COMMIT;
SELECT * FROM ao.show('{AO-B1,AO-C1}', '2025-02-01');
-- brought into line in the same transaction: accepted
BEGIN;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
VALUES (ao.cid('AO-B1'), 'reduce_scope', '2025-02-01', '{site:Tokyo, site:Osaka, service:cloud/IaaS}');
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
VALUES (ao.cid('AO-C1'), 'reduce_scope', '2025-02-01', '{service:cloud/IaaS, role:provider}');
COMMIT;
SELECT * FROM ao.show('{AO-B1,AO-C1,AO-C3}', '2025-02-01');
-- the inheriting add-on's scope followed the base
SELECT isms.effective_scope(ao.cid('AO-C3'));
-- an add-on cannot be extended beyond its base (ADD-3), checked at once
SELECT ao.audit('AO-C1', 'special', '2025-03-01', '2025-03-02') IS NOT NULL;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
    VALUES (ao.cid('AO-C1'), 'extend_scope', '2025-03-10', '{service:cloud, role:provider}')$$) AS beyond_base;

--
-- ADD-4 and ADD-7: recertification; a correction that shortens the base's
-- expiry below an add-on's is refused unless the add-on follows.
--
-- a base recertified by a decision that takes effect later (the day after its
-- expiry): an add-on recertified to take effect that day gets, by default,
-- the base's new expiry date, not the one the base has until then
BEGIN;
SELECT expiry_date FROM isms.certificate WHERE certificate_number = 'AO-B1';
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date)
VALUES (ao.cid('AO-B1'), 'recertify', '2026-01-15', '2026-03-01');
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date)
VALUES (ao.cid('AO-C1'), 'recertify', '2026-01-20', '2026-03-01');
SELECT c.certificate_number, d.effective_date, d.new_expiry
FROM isms.decision d JOIN isms.certificate c ON c.id = d.certificate_id
WHERE c.certificate_number IN ('AO-B1', 'AO-C1') AND d.kind = 'recertify' ORDER BY 1;
ROLLBACK;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ao.cid('AO-B1'), 'recertify', '2026-01-15');
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ao.cid('AO-C1'), 'recertify', '2026-01-20');
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ao.cid('AO-P1'), 'recertify', '2026-01-20');
SELECT * FROM ao.show('{AO-B1,AO-C1,AO-C3,AO-P1}', '2026-03-01');
SELECT certificate_number, expiry_date FROM isms.certificate
WHERE certificate_number IN ('AO-B1', 'AO-C1', 'AO-C3', 'AO-P1') ORDER BY 1;
BEGIN;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, corrects)
VALUES (ao.cid('AO-B1'), 'recertify', '2026-01-15', '2028-12-31', ao.last_decision('AO-B1'));
SELECT ao.try('SET CONSTRAINTS isms."ADD-7" IMMEDIATE') AS shorter_base_expiry;
ROLLBACK;
BEGIN;
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, corrects)
VALUES (ao.cid('AO-B1'), 'recertify', '2026-01-15', '2028-12-31', ao.last_decision('AO-B1'));
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, corrects)
VALUES (ao.cid('AO-C1'), 'recertify', '2026-01-20', '2028-12-31', ao.last_decision('AO-C1')),
       (ao.cid('AO-P1'), 'recertify', '2026-01-20', '2028-12-31', ao.last_decision('AO-P1'));
-- AO-C3 was not recertified: it expired on 2026-02-28, before the base
SELECT ao.try('SET CONSTRAINTS isms."ADD-7" IMMEDIATE') AS add_ons_follow;
ROLLBACK;

--
-- ADD-5: a withdrawn base withdraws its add-ons; an add-on cannot be
-- recertified, restored or extended while its base is not active.
--
BEGIN;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ao.cid('AO-B1'), 'suspend', '2026-03-01');
SELECT ao.audit('AO-C1', 'special', '2026-03-02', '2026-03-03') IS NOT NULL;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_scope)
    VALUES (ao.cid('AO-C1'), 'extend_scope', '2026-03-10', '{service:cloud/IaaS, role:provider, role:customer}')$$)
    AS extend_while_base_suspended;
ROLLBACK;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ao.cid('AO-B1'), 'withdraw', '2026-06-01');
SELECT * FROM ao.show('{AO-B1,AO-C1,AO-C3,AO-P1}', '2026-06-01');
SELECT c, d, isms.status_at(ao.cid(c), d::date)
FROM unnest('{AO-C1,AO-C3,AO-P1}'::text[]) c, unnest('{2026-05-31,2026-06-01}'::text[]) d
ORDER BY 1, 2;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-C3'), 'restore', '2026-07-01')$$) AS restore_after_base_withdrawn;
-- withdrawn with its base, an add-on takes no further decision (WDR-1)
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-C1'), 'suspend', '2026-07-01')$$) AS suspend_after_base_withdrawn;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-P1'), 'cancel', '2026-07-01')$$) AS cancel_after_base_withdrawn;

--
-- ADD-5: a cancelled base withdraws its add-ons; an expired base (here by
-- the end of the 2013 edition, TRN-3) expires them.
--
SELECT ao.cert('AO-B2', 'ISO/IEC 27001:2013', NULL) IS NOT NULL,
       ao.cert('AO-C4', 'ISO/IEC 27017:2015', NULL, 'AO-B2') IS NOT NULL,
       ao.cert('AO-B3', 'ISO/IEC 27001:2022', NULL) IS NOT NULL,
       ao.cert('AO-C5', 'ISO/IEC 27017:2015', NULL, 'AO-B3') IS NOT NULL;
SELECT ao.audit(c, 'stage1', '2023-01-10', '2023-01-11') IS NOT NULL,
       ao.audit(c, 'stage2', '2023-02-01', '2023-02-03') IS NOT NULL
FROM unnest('{AO-B2,AO-C4,AO-B3,AO-C5}'::text[]) c;
INSERT INTO isms.decision (certificate_id, kind, decision_date)
SELECT ao.cid(c), 'grant', '2023-03-01' FROM unnest('{AO-B2,AO-C4,AO-B3,AO-C5}'::text[]) c;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ao.cid('AO-B3'), 'cancel', '2024-05-01');
SELECT c, d, isms.status_at(ao.cid(c), d::date)
FROM unnest('{AO-B2,AO-C4,AO-B3,AO-C5}'::text[]) c,
     unnest('{2024-04-30,2024-05-01,2025-10-31,2025-11-01}'::text[]) d
ORDER BY 1, 2;
SELECT * FROM ao.show('{AO-B2,AO-C4,AO-B3,AO-C5}', '2025-11-01');
-- a sweep of a past day reports (and stores nothing): each add-on's status
-- on that day by the sweep (the reported one, else the stored one) follows
-- its base's (ADD-5)
SELECT c.certificate_number, coalesce(s.new_status, c.status) AS by_sweep,
       isms.status_at(c.id, '2026-07-01') AS status_at
FROM isms.certificate c LEFT JOIN isms.sweep('2026-07-01') s ON s.certificate_id = c.id
WHERE c.certificate_number IN ('AO-B1', 'AO-B9', 'AO-C1', 'AO-C3', 'AO-P1', 'AO-P25') ORDER BY 1;
SELECT count(*) AS stored_not_today FROM isms.certificate c
WHERE c.certificate_number LIKE 'AO-%' AND c.status <> isms.status_at(c.id, isms.today());

--
-- ADD-7 by decision dates: a base change that was not in force when an
-- add-on decision was taken breaks it (an annulled reinstatement, a
-- backdated suspension); a later one overtakes it (the add-on follows).
-- And a lapse: the base expires, so does the add-on; the add-on is restored
-- after its base (ADD-5), with the default expiry capped at the base's.
--
SELECT ao.cert('AO-B6', 'ISO/IEC 27001:2022', '{site:Kobe, service:ec}') IS NOT NULL,
       ao.cert('AO-C7', 'ISO/IEC 27017:2015', NULL, 'AO-B6') IS NOT NULL,
       ao.cert('AO-C8', 'ISO/IEC 27017:2015', '{role:customer}', 'AO-B6') IS NOT NULL;
SELECT ao.audit(c, 'stage1', '2023-01-10', '2023-01-11') IS NOT NULL,
       ao.audit(c, 'stage2', '2023-02-01', '2023-02-03') IS NOT NULL,
       ao.audit(c, 'surveillance', '2024-01-15', '2024-01-16') IS NOT NULL,
       ao.audit(c, 'surveillance', '2025-01-15', '2025-01-16') IS NOT NULL,
       ao.audit(c, 'recertification', '2026-03-10', '2026-03-12') IS NOT NULL
FROM unnest('{AO-B6,AO-C8}'::text[]) c;
SELECT ao.audit('AO-C7', 'stage1', '2024-04-01', '2024-04-02') IS NOT NULL,
       ao.audit('AO-C7', 'stage2', '2024-04-15', '2024-04-16') IS NOT NULL,
       ao.audit('AO-C7', 'surveillance', '2025-01-15', '2025-01-16') IS NOT NULL,
       ao.audit('AO-C7', 'recertification', '2026-03-10', '2026-03-12') IS NOT NULL;
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (ao.cid('AO-B6'), 'grant', '2023-03-01'), (ao.cid('AO-C8'), 'grant', '2023-03-01'),
       (ao.cid('AO-B6'), 'suspend', '2024-03-01'), (ao.cid('AO-B6'), 'reinstate', '2024-04-01'),
       (ao.cid('AO-C7'), 'grant', '2024-05-01');
-- a role-only scope stands for the base's whole scope in that role
SELECT isms.effective_scope(ao.cid('AO-C8'));
BEGIN;
INSERT INTO isms.decision (certificate_id, kind, decision_date, corrects)
SELECT certificate_id, 'annul', '2024-06-01', id FROM isms.decision
WHERE certificate_id = ao.cid('AO-B6') AND kind = 'reinstate';
SELECT ao.try('SET CONSTRAINTS isms."ADD-7" IMMEDIATE') AS reinstatement_annulled;
ROLLBACK;
BEGIN;
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date)
VALUES (ao.cid('AO-B6'), 'suspend', '2024-04-20', '2024-04-20');
SELECT ao.try('SET CONSTRAINTS isms."ADD-7" IMMEDIATE') AS backdated_suspension;
ROLLBACK;
-- the lapse: both expire on 2026-02-28 (AO-C7 no later than its base)
SELECT c, isms.status_at(ao.cid(c), '2026-03-01') FROM unnest('{AO-B6,AO-C7}'::text[]) c;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-C7'), 'restore', '2026-04-01')$$) AS add_on_restored_before_base;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ao.cid('AO-B6'), 'restore', '2026-04-01');
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-C7'), 'restore', '2026-04-02')$$) AS add_on_restored_after_base;
SELECT d.certificate_id = ao.cid('AO-C7') AS add_on, d.new_expiry
FROM isms.decision d WHERE d.kind = 'restore' AND d.certificate_id IN (ao.cid('AO-B6'), ao.cid('AO-C7'))
ORDER BY 1;
SELECT isms.valid_periods(ao.cid('AO-C7'));

-- the base is active on the day an add-on's grant is decided, not only when it
-- takes effect: decided during the suspension, effective after it
SELECT ao.cert('AO-C10', 'ISO/IEC 27017:2015', NULL, 'AO-B6') IS NOT NULL;
SELECT ao.audit('AO-C10', 'stage1', '2024-02-01', '2024-02-02') IS NOT NULL,
       ao.audit('AO-C10', 'stage2', '2024-02-15', '2024-02-16') IS NOT NULL;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date)
    VALUES (ao.cid('AO-C10'), 'grant', '2024-03-15', '2024-04-15')$$) AS decided_while_base_suspended;

-- a base with add-ons stays an ISO/IEC 27001 certificate: no transition to an
-- edition a registry put in another scheme (ADD-1)
BEGIN;
INSERT INTO isms.standard (ref, number, edition, scheme, title)
VALUES ('ISO/IEC 27001:2030', 'ISO/IEC 27001', 2030, 'ITSMS', 'a hypothetical edition in another scheme');
INSERT INTO isms.edition_transition (from_standard, to_standard, published, last_old_audit_start, old_valid_until)
VALUES ('ISO/IEC 27001:2022', 'ISO/IEC 27001:2030', '2024-03-01', '2028-12-31', '2029-12-31');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT ab.id, cb.id, 'ITSMS', '2015-01-01' FROM isms.accreditation_body ab, isms.certification_body cb
WHERE ab.code = 'AO-AB' AND cb.code = 'AO-CB';
SELECT ao.audit('AO-B6', 'transition', '2024-12-02', '2024-12-02') IS NOT NULL;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, new_standard)
    VALUES (ao.cid('AO-B6'), 'transition', '2024-12-20', 'ISO/IEC 27001:2030')$$) AS base_leaves_isms;
-- the base scheme of a scheme whose certificates have bases stays as their
-- links were judged (ADD-1); one whose certificates have none may change
INSERT INTO isms.scheme (code, name, base_scheme) VALUES ('AO-ADD', 'a registry''s own add-on scheme', 'ISMS');
INSERT INTO isms.standard (ref, number, edition, scheme, title, needs_base)
VALUES ('ISO/IEC 27799:2016', 'ISO/IEC 27799', 2016, 'AO-ADD', 'a registry''s own add-on', true);
SELECT ao.try($$UPDATE isms.scheme SET base_scheme = 'ITSMS' WHERE code = 'AO-ADD'$$) AS no_certificates_yet;
UPDATE isms.scheme SET base_scheme = 'ISMS' WHERE code = 'AO-ADD';
SELECT ao.cert('AO-H1', 'ISO/IEC 27799:2016', NULL, 'AO-B6') IS NOT NULL AS linked;
SELECT ao.try($$UPDATE isms.scheme SET base_scheme = 'ITSMS' WHERE code = 'AO-ADD'$$) AS other_base_scheme;
SELECT ao.try($$UPDATE isms.scheme SET base_scheme = NULL WHERE code = 'AO-ADD'$$) AS no_base_scheme;
SELECT ao.try($$UPDATE isms.scheme SET name = 'renamed' WHERE code = 'AO-ADD'$$) AS renamed;
-- nor is an add-on linked to a base whose recorded transition to such an
-- edition takes effect later (the base keeps its scheme while it has add-ons)
SET LOCAL isms.today = '2024-12-21';
SELECT ao.cert('AO-BT', 'ISO/IEC 27001:2022', NULL) IS NOT NULL;
SELECT ao.audit('AO-BT', 'stage1', '2023-01-10', '2023-01-11') IS NOT NULL,
       ao.audit('AO-BT', 'stage2', '2023-02-01', '2023-02-03') IS NOT NULL,
       ao.audit('AO-BT', 'surveillance', '2024-01-15', '2024-01-16') IS NOT NULL,
       ao.audit('AO-BT', 'transition', '2024-12-02', '2024-12-02') IS NOT NULL;
INSERT INTO isms.decision (certificate_id, kind, decision_date) VALUES (ao.cid('AO-BT'), 'grant', '2023-03-01');
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_standard)
VALUES (ao.cid('AO-BT'), 'transition', '2024-12-20', '2025-02-01', 'ISO/IEC 27001:2030');
SELECT standard, status FROM isms.certificate WHERE certificate_number = 'AO-BT';
SELECT ao.try($$SELECT ao.cert('AO-CT', 'ISO/IEC 27017:2015', NULL, 'AO-BT')$$) AS base_leaving_isms;
ROLLBACK;

-- the sweep's SUR-3 suspension (auto_suspend_overdue) of a base is decided on
-- its day; it is not decided while an add-on has a grant (recertification,
-- restoration, extension) decided after that day (the suspension would have
-- been in force when it was taken, ADD-7), and is once it has none; only the
-- sweep of today records it, so the sweeps of past days below record none
BEGIN;
INSERT INTO isms.scheme_setting (scheme, auto_suspend_overdue) VALUES ('ISMS', true);
SELECT ao.cert('AO-B7', 'ISO/IEC 27001:2022', NULL) IS NOT NULL,
       ao.cert('AO-C11', 'ISO/IEC 27017:2015', NULL, 'AO-B7') IS NOT NULL,
       ao.cert('AO-C12', 'ISO/IEC 27017:2015', NULL, 'AO-B7') IS NOT NULL;
SELECT ao.audit(c, 'stage1', '2024-04-01', '2024-04-02') IS NOT NULL,
       ao.audit(c, 'stage2', '2024-05-06', '2024-05-07') IS NOT NULL,
       ao.audit(c, 'surveillance', '2025-03-03', '2025-03-04') IS NOT NULL
FROM unnest('{AO-B7,AO-C11}'::text[]) c;
SELECT ao.audit('AO-C12', 'stage1', '2025-06-02', '2025-06-03') IS NOT NULL,
       ao.audit('AO-C12', 'stage2', '2025-07-07', '2025-07-08') IS NOT NULL;
DELETE FROM isms.audit WHERE certificate_id = ao.cid('AO-B7') AND kind = 'surveillance';
-- (AO-C12's grant is decided on 2025-08-01)
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (ao.cid('AO-B7'), 'grant', '2024-06-03'), (ao.cid('AO-C11'), 'grant', '2024-06-03'),
       (ao.cid('AO-C12'), 'grant', '2025-08-01');
SELECT c.certificate_number, coalesce(s.new_status, c.status) AS by_sweep
FROM isms.certificate c LEFT JOIN isms.sweep('2025-07-01') s ON s.certificate_id = c.id
WHERE c.certificate_number IN ('AO-B7', 'AO-C11', 'AO-C12') ORDER BY 1;
SELECT isms.status_at(ao.cid('AO-B7'), '2025-07-01') AS base_not_suspended;
SELECT c.certificate_number, coalesce(s.new_status, c.status) AS by_sweep
FROM isms.certificate c LEFT JOIN isms.sweep('2025-09-01') s ON s.certificate_id = c.id
WHERE c.certificate_number IN ('AO-B7', 'AO-C11', 'AO-C12') ORDER BY 1;
SELECT c, isms.status_at(ao.cid(c), '2025-09-01') FROM unnest('{AO-B7,AO-C11,AO-C12}'::text[]) c;
ROLLBACK;

-- the same day: a base withdrawn on the day an add-on is granted, recorded
-- after the grant, overtakes it (the add-on follows); and an add-on decision
-- overtaken by a later base suspension can still be corrected (LOG-1)
SELECT ao.cert('AO-B10', 'ISO/IEC 27001:2022', NULL) IS NOT NULL,
       ao.cert('AO-C13', 'ISO/IEC 27017:2015', NULL, 'AO-B10') IS NOT NULL,
       ao.cert('AO-C14', 'ISO/IEC 27017:2015', NULL, 'AO-B10') IS NOT NULL;
SELECT ao.audit('AO-B10', 'stage1', '2024-03-04', '2024-03-05') IS NOT NULL,
       ao.audit('AO-B10', 'stage2', '2024-04-08', '2024-04-09') IS NOT NULL,
       ao.audit('AO-B10', 'surveillance', '2025-01-15', '2025-01-16') IS NOT NULL;
SELECT ao.audit(c, 'stage1', '2025-01-06', '2025-01-07') IS NOT NULL,
       ao.audit(c, 'stage2', '2025-02-03', '2025-02-04') IS NOT NULL
FROM unnest('{AO-C13,AO-C14}'::text[]) c;
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (ao.cid('AO-B10'), 'grant', '2024-05-02');
INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date)
VALUES (ao.cid('AO-C14'), 'grant', '2025-03-03', '2025-04-01');
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-B10'), 'suspend', '2025-03-10')$$) AS suspension_overtakes_grant;
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (ao.cid('AO-B10'), 'reinstate', '2025-05-05'), (ao.cid('AO-C14'), 'suspend', '2025-06-02');
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date, corrects)
    SELECT certificate_id, 'annul', '2025-06-05', id FROM isms.decision
    WHERE certificate_id = ao.cid('AO-C14') AND kind = 'suspend'$$) AS add_on_mistake_annulled;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-C13'), 'grant', '2025-06-02')$$) AS add_on_granted;
SELECT ao.try($$INSERT INTO isms.decision (certificate_id, kind, decision_date)
    VALUES (ao.cid('AO-B10'), 'withdraw', '2025-06-02')$$) AS base_withdrawn_same_day;
SELECT c, isms.status_at(ao.cid(c), '2025-06-02') FROM unnest('{AO-B10,AO-C13,AO-C14}'::text[]) c;

--
-- The audit programme of a base shows its add-ons' obligations too, which
-- of them are combined with the base's (ADD-6), the auditor-days due
-- (TIME-1, for 120 persons: 4 per surveillance, 8 for recertification; plus
-- TRN-4's 1 and 0.5 while a 2013-edition certificate has to transition)
-- and the sites to sample (SMP-1, 9 sites: 2 per surveillance, 3 at
-- recertification).
--
SELECT ao.cert('AO-B4', 'ISO/IEC 27001:2022', '{site:Kyoto, service:cloud/IaaS}') IS NOT NULL,
       ao.cert('AO-C6', 'ISO/IEC 27017:2015', '{service:cloud/IaaS, role:provider}', 'AO-B4') IS NOT NULL,
       ao.cert('AO-P6', 'ISO/IEC 27701:2019', NULL, 'AO-B4') IS NOT NULL,
       ao.cert('AO-B5', 'ISO/IEC 27001:2013', NULL) IS NOT NULL;
UPDATE isms.certificate SET persons_in_scope = 120, sites = 9
WHERE certificate_number IN ('AO-B4', 'AO-B5');
SELECT ao.audit(c, 'stage1', '2024-02-01', '2024-02-02') IS NOT NULL,
       ao.audit(c, 'stage2', '2024-03-01', '2024-03-03') IS NOT NULL
FROM unnest('{AO-B4,AO-C6,AO-B5}'::text[]) c;
SELECT ao.audit('AO-B4', 'surveillance', '2025-02-10', '2025-02-12') IS NOT NULL;
SELECT ao.audit('AO-P6', 'stage2', '2025-02-10', '2025-02-11',
    (SELECT id FROM isms.audit WHERE certificate_id = ao.cid('AO-B4') AND kind = 'surveillance')) IS NOT NULL;
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (ao.cid('AO-B4'), 'grant', '2024-04-01'), (ao.cid('AO-C6'), 'grant', '2024-04-01'),
       (ao.cid('AO-P6'), 'grant', '2025-03-01'), (ao.cid('AO-B5'), 'grant', '2024-04-01');
SELECT certificate_number, rule, audit_kind, due_from, due_by, done_on, state, combined,
       audit_days, sample_sites
FROM isms.audit_programme(ao.cid('AO-B4'), '2025-06-01') ORDER BY certificate_id, due_by, rule;
-- an add-on's own programme
SELECT certificate_number, rule, due_by, state, combined
FROM isms.audit_programme(ao.cid('AO-P6'), '2025-06-01') ORDER BY due_by, rule;
SELECT rule, due_by, audit_days, sample_sites
FROM isms.audit_programme(ao.cid('AO-B5'), '2024-06-01') ORDER BY due_by, rule;

--
-- ADD-2/ADD-7 on the same day: an add-on granted on a day its base was
-- active; a later transaction gives the base a backdated suspension and a
-- reinstatement dated that day.  Decisions of one day are taken in the
-- order they are recorded, so the base was suspended when the add-on's
-- grant was taken: refused at commit, as with the reinstatement a day later.
--
SELECT ao.cert('AO-SD1', 'ISO/IEC 27001:2022', '{site:Tokyo}') IS NOT NULL,
       ao.cert('AO-SD2', 'ISO/IEC 27017:2015', '{site:Tokyo, role:provider}', 'AO-SD1') IS NOT NULL;
SELECT ao.audit(c, 'stage1', '2024-02-01', '2024-02-02') IS NOT NULL,
       ao.audit(c, 'stage2', '2024-03-01', '2024-03-03') IS NOT NULL
FROM unnest('{AO-SD1,AO-SD2}'::text[]) c;
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (ao.cid('AO-SD1'), 'grant', '2024-04-01');
INSERT INTO isms.decision (certificate_id, kind, decision_date)
VALUES (ao.cid('AO-SD2'), 'grant', '2024-06-03');
BEGIN;
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
VALUES (ao.cid('AO-SD1'), 'suspend', '2024-05-20', 'backdated suspension'),
       (ao.cid('AO-SD1'), 'reinstate', '2024-06-03', NULL);
SELECT ao.try('SET CONSTRAINTS isms."ADD-7" IMMEDIATE') AS reinstated_on_the_grant_day;
ROLLBACK;
BEGIN;
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
VALUES (ao.cid('AO-SD1'), 'suspend', '2024-05-20', 'backdated suspension'),
       (ao.cid('AO-SD1'), 'reinstate', '2024-06-04', NULL);
SELECT ao.try('SET CONSTRAINTS isms."ADD-7" IMMEDIATE') AS reinstated_the_day_after;
ROLLBACK;
SELECT * FROM ao.show('{AO-SD1,AO-SD2}', '2024-06-03');

-- every stored status is the one status_at gives today, and no add-on is
-- more valid than its base on any day of its history
SELECT count(*) AS inexact FROM isms.certificate
WHERE certificate_number LIKE 'AO-%' AND status <> isms.status_at(id, isms.today());
SELECT count(*) AS more_valid_than_base
FROM isms.certificate a JOIN isms.certificate b ON b.id = a.base_certificate_id,
     generate_series(date '2023-01-01', date '2030-01-01', interval '7 days') d
WHERE isms.status_at(a.id, d::date) = 'active' AND isms.status_at(b.id, d::date) <> 'active';

DROP SCHEMA ao CASCADE;
