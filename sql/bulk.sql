--
-- Bulk writes: a statement that writes more certificates than one batch
-- (ISMS_BATCH_CERTS, 1,000) is replayed and stored a batch at a time, each
-- batch holding whole families (a base with its add-ons).  The outcome must
-- be the outcome of one batch: every rule, the stored status, the add-ons'
-- cascade (ADD-5), the change feed and the hash chain.
--
-- In a database of its own, so that ids are fixed.
--
SET client_min_messages = warning;
DROP DATABASE IF EXISTS isms_bulk_regress;
CREATE DATABASE isms_bulk_regress;
\c isms_bulk_regress
SET client_min_messages = warning;
CREATE EXTENSION isms CASCADE;
SET datestyle = ISO;
SET isms.today = '2026-06-30';

INSERT INTO isms.accreditation_body (code, name, country, iaf_mla) VALUES ('BULK-AB', 'Bulk AB', 'JP', true);
INSERT INTO isms.certification_body (code, name, country) VALUES ('BULK-CB', 'Bulk CB', 'JP');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, accreditation_number, valid_from)
SELECT ab.id, cb.id, s.scheme, 'ACC-' || s.scheme, date '2000-01-01'
FROM isms.accreditation_body ab, isms.certification_body cb, (VALUES ('ISMS'), ('ISMS-CLOUD')) s(scheme);
INSERT INTO isms.organisation (name, country, city)
SELECT 'Bulk organisation ' || i, 'JP', 'Tokyo' FROM generate_series(1, 1500) i;
-- 1,500 certificates (ids 1..1500), and cloud add-ons (ids 1501..1900) on
-- the first 400 of them
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT 1, 'BULK-' || lpad(o.id::text, 4, '0'), o.id, 'ISO/IEC 27001:2022', 'Scope of ' || o.name
FROM isms.organisation o ORDER BY o.id;
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement, base_certificate_id)
SELECT 1, 'BULK-CL-' || lpad(b.id::text, 4, '0'), b.organisation_id, 'ISO/IEC 27017:2015', 'Cloud services', b.id
FROM isms.certificate b WHERE b.id <= 400 ORDER BY b.id;

-- the initial audits of all 1,900 certificates, in one statement
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, persons_in_scope)
SELECT c.id, a.kind::isms.audit_kind, a.s, a.s + 2, 4, 10
FROM isms.certificate c
CROSS JOIN (VALUES ('stage1', date '2025-01-06'), ('stage2', date '2025-02-03')) a(kind, s)
ORDER BY c.id, a.s;

-- the grants of all 1,900, in one statement (bases first: an add-on's
-- decision on the same day is recorded after its base's)
INSERT INTO isms.decision (certificate_id, kind, decision_date)
SELECT id, 'grant', date '2025-03-03' FROM isms.certificate ORDER BY id;
SELECT status, base_certificate_id IS NOT NULL AS addon, count(*), min(expiry_date), max(expiry_date)
FROM isms.certificate GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) AS stale FROM isms.certificate WHERE status IS DISTINCT FROM isms.status_at(id, isms.today());
SELECT cause, count(*), count(DISTINCT certificate_id) AS certificates FROM isms.change_event GROUP BY 1 ORDER BY 1;
SELECT count(*) AS broken_chains FROM isms.verify_chains();

-- one statement that breaks a rule in its last certificate: nothing of it is
-- kept, whichever batch the certificate falls into
INSERT INTO isms.decision (certificate_id, kind, decision_date)
SELECT id, 'suspend'::isms.decision_kind, date '2026-04-01' FROM isms.certificate WHERE id <= 1500
UNION ALL SELECT 1500, 'suspend', date '2026-04-02'
ORDER BY 1, 3;
SELECT count(*) AS decisions FROM isms.decision;

-- the suspension of the 1,500 bases in one statement: the 400 add-ons follow
-- their bases (ADD-5), each with one change event caused by its base
INSERT INTO isms.decision (certificate_id, kind, decision_date)
SELECT id, 'suspend', date '2026-04-01' FROM isms.certificate WHERE id <= 1500 ORDER BY id;
SELECT status, base_certificate_id IS NOT NULL AS addon, count(*) FROM isms.certificate GROUP BY 1, 2 ORDER BY 1, 2;
SELECT cause, count(*), count(DISTINCT certificate_id) AS certificates FROM isms.change_event GROUP BY 1 ORDER BY 1;
SELECT count(*) AS stale FROM isms.certificate WHERE status IS DISTINCT FROM isms.status_at(id, isms.today());

-- the surveillance audits of all 1,900, in one statement
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, persons_in_scope)
SELECT id, 'surveillance', date '2026-02-02', date '2026-02-03', 2, 10 FROM isms.certificate ORDER BY id;
-- an add-on suspended only because its base is (ADD-5) is not itself
-- suspended: reinstating it is refused, in whichever batch it falls
INSERT INTO isms.decision (certificate_id, kind, decision_date)
SELECT id, 'reinstate', date '2026-05-04' FROM isms.certificate WHERE id BETWEEN 2 AND 1501
ORDER BY id;
SELECT count(*) AS decisions FROM isms.decision;
-- reinstating the 1,500 bases in one statement brings the add-ons back too
INSERT INTO isms.decision (certificate_id, kind, decision_date)
SELECT id, 'reinstate', date '2026-05-04' FROM isms.certificate WHERE id <= 1500 ORDER BY id;
SELECT status, count(*) FROM isms.certificate GROUP BY 1 ORDER BY 1;
SELECT cause, count(*), count(DISTINCT certificate_id) AS certificates FROM isms.change_event GROUP BY 1 ORDER BY 1;
SELECT count(*) AS stale FROM isms.certificate WHERE status IS DISTINCT FROM isms.status_at(id, isms.today());
SELECT count(*) AS broken_chains FROM isms.verify_chains();

\c contrib_regression
DROP DATABASE isms_bulk_regress;
