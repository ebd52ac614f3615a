/* ====================================================================
 * EVD-1: whether the register holds a certification body's audits
 * ==================================================================== */

CREATE TYPE isms.evidence_level AS ENUM ('audits', 'reported');
COMMENT ON TYPE isms.evidence_level IS
    'EVD-1: audits (the register records the audits, and every rule is checked) or reported (decisions are reported facts: the rules that need audit records are not checked, every date and state rule is)';

ALTER TABLE isms.scheme_setting ADD COLUMN evidence_level isms.evidence_level;
COMMENT ON COLUMN isms.scheme_setting.evidence_level IS
    'EVD-1: the registry''s default evidence level for the certification bodies of the scheme; NULL for audits';

ALTER TABLE isms.certification_body ADD COLUMN evidence_level isms.evidence_level;
COMMENT ON COLUMN isms.certification_body.evidence_level IS
    'EVD-1: whether the register holds this body''s audits (audits) or receives its decisions as reported facts (reported); NULL for the registry''s default (isms.scheme_setting.evidence_level); set by the accreditation body only';
