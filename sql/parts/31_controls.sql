/* ====================================================================
 * STD-2: the controls of the standards, by identifier
 * ==================================================================== */

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
