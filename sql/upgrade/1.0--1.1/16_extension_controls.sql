/*
 * REC-6: extraordinary-event extensions (the decision kind extend, its
 * authority, the parameter extension_months, the hash chain's encoding of
 * the authority) and STD-2: the controls of the standards by identifier
 * (sql/parts/31_controls.sql, 51_extension.sql, 88_extension_parameter.sql;
 * src/rules_extension.c).
 *
 * The new label is not used as an enum value in this script: ALTER
 * EXTENSION UPDATE runs in one transaction, where PostgreSQL refuses the use
 * of a label added in it.  The constraints compare it as text.
 */
ALTER TYPE isms.decision_kind ADD VALUE 'extend';

ALTER TABLE isms.decision DROP CONSTRAINT decision_new_expiry,
    ADD CONSTRAINT decision_new_expiry CHECK (
        new_expiry IS NULL OR kind IN ('grant', 'recertify', 'restore') OR kind::text IN ('open', 'extend'));
COMMENT ON CONSTRAINT decision_new_expiry ON isms.decision IS 'only grant, recertify, restore, open and extend decisions set a new expiry date';
COMMENT ON COLUMN isms.decision.new_expiry IS 'New expiry date for grant, recertify and restore (CYC-3); when left NULL, the latest date CYC-3 allows; for open, the expiry date in force (required, EVD-2); for extend, the extended expiry date (required, REC-6); forbidden for other kinds';
COMMENT ON COLUMN isms.decision.reason IS 'Reason (e.g. for a suspension: missed surveillance, serious failure, client request); required for extend: the extraordinary event (REC-6)';

-- An "extend" decision (src/kinds.def) carries the extended expiry date in
-- new_expiry, the event in reason and who allowed it in authority.  The
-- label is compared as text: the upgrade script adds it in the same
-- transaction, where PostgreSQL refuses its use as an enum value.
ALTER TABLE isms.decision ADD COLUMN authority text;
COMMENT ON COLUMN isms.decision.authority IS
    'REC-6: for extend, required: the decision of the accreditation body or of IAF that allowed the extension (its reference); forbidden for other kinds';
ALTER TABLE isms.decision
    ADD CONSTRAINT decision_authority CHECK (authority IS NULL OR kind::text = 'extend'),
    ADD CONSTRAINT decision_extension CHECK (
        kind::text <> 'extend' OR (new_expiry IS NOT NULL AND reason IS NOT NULL AND authority IS NOT NULL));
COMMENT ON CONSTRAINT decision_authority ON isms.decision IS 'only extend decisions name an authority (REC-6)';
COMMENT ON CONSTRAINT decision_extension ON isms.decision IS 'an extend decision gives the extended expiry date, a reason and the authority that allowed it (REC-6)';

COMMENT ON FUNCTION isms.cert_latest_expiry(bigint, isms.decision_kind, date) IS
    'CYC-3: latest expiry date a decision on this certificate may set, with its scheme''s and body''s parameters and its expiry on the decision date (for extend, the REC-6 limit: the cycle''s own expiry date plus extension_months); NULL if the kind sets no expiry or the certificate is withdrawn or cancelled';

-- The hash chain: the authority follows the other columns where it is given
-- (sql/parts/87_chain.sql).
-- isms.decision_hash() is re-created with the columns of all of 1.1 in
-- 17_transfer.sql.

ALTER TABLE isms.scheme
    ADD COLUMN extension_months integer NOT NULL DEFAULT 6 CHECK (extension_months BETWEEN 0 AND 6);
COMMENT ON COLUMN isms.scheme.extension_months IS
    'REC-6: months beyond the cycle''s own expiry date up to which extraordinary-event extensions may set the expiry date (0 to 6; 0: none)';
ALTER TABLE isms.scheme_setting
    ADD COLUMN extension_months integer CHECK (extension_months BETWEEN 0 AND 6);
COMMENT ON COLUMN isms.scheme_setting.extension_months IS 'REC-6 override';

/*
 * STD-2 (sql/parts/31_controls.sql, and the guards and grants of reference
 * data: 60_triggers.sql, 90_dump.sql, 95_security.sql).  The shipped rows
 * go in before the guard that keeps them read-only.
 */
-- Identifiers only: which controls an edition's annexes list and how they
-- are grouped, never their text (which is the standard's).
CREATE TABLE isms.control (
    standard isms.stdref NOT NULL REFERENCES isms.standard,
    annex text NOT NULL CHECK (annex ~ '^[A-Z]$'),
    identifier text NOT NULL CHECK (identifier ~ '^[A-Z0-9]+(\.[0-9]+)+$'),
    clause text NOT NULL GENERATED ALWAYS AS (regexp_replace(identifier, '\.[0-9]+$', '')) STORED,
    theme text CHECK (theme IN ('organizational', 'people', 'physical', 'technological')),
    shipped boolean NOT NULL DEFAULT false,
    PRIMARY KEY (standard, identifier)
);
COMMENT ON TABLE isms.control IS
    'STD-2: the controls of an edition''s annexes by identifier (never their text); rows marked shipped come with the extension and are read-only';
COMMENT ON COLUMN isms.control.standard IS 'Edition whose annex lists the control (its amended versions and IDT adoptions list the same controls)';
COMMENT ON COLUMN isms.control.annex IS 'Annex of the edition that lists the control, e.g. A';
COMMENT ON COLUMN isms.control.identifier IS 'Identifier of the control as the edition numbers it, e.g. 5.1, CLD.6.3.1, A.7.2.1';
COMMENT ON COLUMN isms.control.clause IS 'Identifier of the clause that groups the control: the identifier without its last number, e.g. 5, CLD.6.3, A.7.2 (generated)';
COMMENT ON COLUMN isms.control.theme IS 'Theme of an ISO/IEC 27001:2022 Annex A control (organizational, people, physical, technological); NULL where the edition names none';
COMMENT ON COLUMN isms.control.shipped IS 'True for rows shipped with the extension (read-only, recreated by CREATE EXTENSION, not dumped)';

-- ISO/IEC 27001:2022 Annex A: 93 controls in four themes (Amendment 1:2024
-- changes clauses 4.1 and 4.2 only, no control)
INSERT INTO isms.control (standard, annex, identifier, theme, shipped)
SELECT 'ISO/IEC 27001:2022', 'A', t.clause || '.' || n, t.theme, true
  FROM (VALUES ('5', 'organizational', 37), ('6', 'people', 8),
               ('7', 'physical', 14), ('8', 'technological', 34)) AS t(clause, theme, controls)
 CROSS JOIN LATERAL generate_series(1, t.controls) AS n;
-- ISO/IEC 27017:2015 Annex A: the 7 cloud service controls it adds
INSERT INTO isms.control (standard, annex, identifier, shipped)
SELECT 'ISO/IEC 27017:2015', 'A', c.identifier, true
  FROM (VALUES ('CLD.6.3.1'), ('CLD.8.1.5'), ('CLD.9.5.1'), ('CLD.9.5.2'),
               ('CLD.12.1.5'), ('CLD.12.4.5'), ('CLD.13.1.4')) AS c(identifier);
-- ISO/IEC 27701:2019 Annex A (PII controllers, 31 controls) and Annex B
-- (PII processors, 18)
INSERT INTO isms.control (standard, annex, identifier, shipped)
SELECT 'ISO/IEC 27701:2019', left(t.clause, 1), t.clause || '.' || n, true
  FROM (VALUES ('A.7.2', 8), ('A.7.3', 10), ('A.7.4', 9), ('A.7.5', 4),
               ('B.8.2', 6), ('B.8.3', 1), ('B.8.4', 3), ('B.8.5', 8)) AS t(clause, controls)
 CROSS JOIN LATERAL generate_series(1, t.controls) AS n;

CREATE TRIGGER control_shipped BEFORE INSERT OR UPDATE OR DELETE ON isms.control
    FOR EACH ROW EXECUTE FUNCTION isms.reference_guard();
COMMENT ON TRIGGER control_shipped ON isms.control IS 'shipped controls are read-only (STD-2)';
CREATE TRIGGER control_truncate BEFORE TRUNCATE ON isms.control
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
COMMENT ON TRIGGER control_truncate ON isms.control IS 'controls are deleted, not truncated';
SELECT pg_catalog.pg_extension_config_dump('isms.control', 'WHERE NOT shipped');

ALTER TABLE isms.control ENABLE ROW LEVEL SECURITY;
CREATE POLICY control_read ON isms.control FOR SELECT USING (true);
CREATE POLICY control_ab ON isms.control USING ((SELECT isms.acts_as('accreditation_body')));
COMMENT ON POLICY control_read ON isms.control IS 'reference data: readable by every role granted SELECT';
COMMENT ON POLICY control_ab ON isms.control IS 'reference data: written by the accreditation body';

-- isms.setup_roles() is re-created with the grants of all of 1.1 in 18_import.sql.

-- isms.dangerous_grants() is re-created with the policies of all of 1.1 in
-- 19_readers_index.sql.
