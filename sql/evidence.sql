-- evidence: EVD-1, registers that hold no audits of a certification body
SET datestyle = ISO;
SET timezone = 'UTC';
\set VERBOSITY default

CREATE SCHEMA evidence;
SELECT regress.fixture('evidence', 'EVD');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT a.id, b.id, 'ISMS', '2000-01-01'
FROM isms.accreditation_body a, isms.certification_body b
WHERE a.code = 'EVD-AB' AND b.code = 'EVD-CB';

-- audits (the default): a grant needs its initial audit
SELECT evidence.new_cert('EVD-A');
SELECT evidence.decide('EVD-A', 'grant', '2023-04-01', '2026-03-31') AS "audits: grant without audits";

-- reported: decisions are reported facts; the rules that need audits are not checked
-- doc: a register that receives reported decisions of a certification body
UPDATE isms.certification_body SET evidence_level = 'reported' WHERE code = 'EVD-CB';
SELECT evidence.decide('EVD-A', 'grant', '2023-04-01', '2026-04-01') AS "CYC-3 still applies";
SELECT evidence.decide('EVD-A', 'grant', '2023-04-01', '2026-03-31') AS "reported: grant without audits";
SELECT isms.status_at(evidence.cert('EVD-A'), '2024-07-01') AS "EVD-A on 2024-07-01",
       isms.status_at(evidence.cert('EVD-A'), '2026-04-01') AS "on 2026-04-01 (REC-2)";
-- the surveillance programme: obligations past their deadline are not recorded, not overdue
SELECT rule, due_by, state FROM isms.audit_programme(evidence.cert('EVD-A'), '2025-06-01') ORDER BY due_by;
-- a suspension without any surveillance audit, SUS-1 on a second one, reinstatement
SELECT evidence.decide('EVD-A', 'suspend', '2024-05-01') AS "suspend (no SUR-1 gate)";
SELECT evidence.decide('EVD-A', 'suspend', '2024-05-02') AS "SUS-1 still applies";
SELECT evidence.decide('EVD-A', 'reinstate', '2024-06-01') AS "reinstate (no surveillance gate)";
SELECT evidence.decide('EVD-A', 'extend_scope', '2024-07-01', scope => 'Scope of EVD-A and more') AS "extension without a special audit";
-- REC-1: before expiry still applies, the recertification audit does not
SELECT evidence.decide('EVD-A', 'recertify', '2026-04-02', '2029-03-31') AS "recertify after expiry";
SELECT evidence.decide('EVD-A', 'restore', '2026-10-02', '2029-03-31') AS "restore after the REC-3 window";
SELECT evidence.decide('EVD-A', 'restore', '2026-04-02', '2029-03-31') AS "restore without a recertification audit";
SELECT * FROM evidence.timeline('EVD-A');

-- the registry's default (isms.scheme_setting), and a body's own level over it
UPDATE isms.certification_body SET evidence_level = NULL WHERE code = 'EVD-CB';
SELECT evidence.new_cert('EVD-B');
SELECT evidence.decide('EVD-B', 'grant', '2023-04-01') AS "default audits";
INSERT INTO isms.scheme_setting (scheme, evidence_level) VALUES ('ISMS', 'reported')
    ON CONFLICT (scheme) DO UPDATE SET evidence_level = 'reported';
SELECT evidence.decide('EVD-B', 'grant', '2023-04-01') AS "default reported";
SELECT evidence.new_cert('EVD-C');
UPDATE isms.certification_body SET evidence_level = 'audits' WHERE code = 'EVD-CB';
SELECT evidence.decide('EVD-C', 'grant', '2023-04-01') AS "the body's audits over the default";
DELETE FROM isms.scheme_setting WHERE scheme = 'ISMS';

-- only the accreditation body sets it: a certification body's writer is refused
BEGIN;
SET client_min_messages = warning;
SELECT count(*) > 0 AS roles FROM isms.setup_roles('evd_');
SELECT isms.setup_cb_writer('EVD-CB', 'evd_cb_writer', 'evd_') AS writer;
RESET client_min_messages;
GRANT USAGE ON SCHEMA regress TO evd_cb_writer, evd_accreditation_body;
SET ROLE evd_cb_writer;
SELECT regress.try($$UPDATE isms.certification_body SET evidence_level = 'reported' WHERE code = 'EVD-CB'$$) AS "writer sets its body's level",
       regress.try($$UPDATE isms.scheme_setting SET evidence_level = 'reported'$$) AS "writer sets the default";
RESET ROLE;
SET ROLE evd_accreditation_body;
SELECT regress.try($$UPDATE isms.certification_body SET evidence_level = 'reported' WHERE code = 'EVD-CB'$$) AS "accreditation body sets it";
SELECT evidence_level FROM isms.certification_body WHERE code = 'EVD-CB';
RESET ROLE;
ROLLBACK;

SET client_min_messages = warning;
DROP SCHEMA evidence CASCADE;
RESET client_min_messages;
