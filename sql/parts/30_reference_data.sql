/* ====================================================================
 * Reference data: schemes, their parameters, standards
 * ==================================================================== */

-- The bounds of the scheme parameters that SQL functions take as arguments
-- as well: written once, in these domains, whose CHECK both the tables and
-- the functions (src/windows.c) apply.
CREATE DOMAIN isms.cycle_years AS integer
    CONSTRAINT "CYC-3" CHECK (VALUE BETWEEN 1 AND 10);
COMMENT ON DOMAIN isms.cycle_years IS 'CYC-3: length of a certification cycle in years (1 to 10)';
CREATE DOMAIN isms.expiry_offset_days AS integer
    CONSTRAINT "CYC-3" CHECK (VALUE BETWEEN 0 AND 366);
COMMENT ON DOMAIN isms.expiry_offset_days IS 'CYC-3: days subtracted from decision date + cycle for an initial expiry (0 to 366)';
CREATE DOMAIN isms.first_surveillance_months AS integer
    CONSTRAINT "SUR-1" CHECK (VALUE BETWEEN 1 AND 120);
COMMENT ON DOMAIN isms.first_surveillance_months IS 'SUR-1: months after an initial grant by which the first surveillance audit ends (1 to 120)';
CREATE DOMAIN isms.restoration_months AS integer
    CONSTRAINT "REC-3" CHECK (VALUE BETWEEN 0 AND 120);
COMMENT ON DOMAIN isms.restoration_months IS 'REC-3: months after expiry within which a certificate may be restored (0 to 120)';

CREATE TABLE isms.scheme (
    code text PRIMARY KEY,
    name text NOT NULL,
    accreditation_standard text,
    cycle_years isms.cycle_years NOT NULL DEFAULT 3,
    expiry_offset_days isms.expiry_offset_days NOT NULL DEFAULT 1,
    first_surveillance_months isms.first_surveillance_months NOT NULL DEFAULT 12,
    restoration_months isms.restoration_months NOT NULL DEFAULT 6,
    stage2_decision_months integer NOT NULL DEFAULT 6 CHECK (stage2_decision_months BETWEEN 1 AND 120),
    max_stage_gap_days integer CHECK (max_stage_gap_days >= 0),
    suspension_warning_months integer NOT NULL DEFAULT 6 CHECK (suspension_warning_months BETWEEN 1 AND 120),
    auto_suspend_overdue boolean NOT NULL DEFAULT false,
    withdrawn_listing_months integer NOT NULL DEFAULT 3 CHECK (withdrawn_listing_months BETWEEN 0 AND 120),
    shipped boolean NOT NULL DEFAULT false,
    base_scheme text REFERENCES isms.scheme
);
COMMENT ON TABLE isms.scheme IS
    'Certification schemes on the ISO/IEC 17021-1 cycle and their default parameters; rows marked shipped come with the extension and are read-only';
COMMENT ON COLUMN isms.scheme.code IS 'Scheme code, e.g. ISMS';
COMMENT ON COLUMN isms.scheme.name IS 'Scheme name';
COMMENT ON COLUMN isms.scheme.accreditation_standard IS 'Standard against which certification bodies are accredited for the scheme (ACC-1)';
COMMENT ON COLUMN isms.scheme.cycle_years IS 'CYC-3: length of a certification cycle in years';
COMMENT ON COLUMN isms.scheme.expiry_offset_days IS 'CYC-3: days subtracted from decision date + cycle for an initial expiry (certification bodies may override)';
COMMENT ON COLUMN isms.scheme.first_surveillance_months IS 'SUR-1: months after an initial grant by which the first surveillance audit ends';
COMMENT ON COLUMN isms.scheme.restoration_months IS 'REC-3: months after expiry within which a certificate may be restored';
COMMENT ON COLUMN isms.scheme.stage2_decision_months IS 'CYC-5: months after the end of stage 2 within which the grant is decided';
COMMENT ON COLUMN isms.scheme.max_stage_gap_days IS 'CYC-6: most days between the end of stage 1 and the start of stage 2; NULL for no limit';
COMMENT ON COLUMN isms.scheme.suspension_warning_months IS 'SUS-2: a reinstatement after a longer suspension raises a warning';
COMMENT ON COLUMN isms.scheme.auto_suspend_overdue IS 'SUR-3: true if isms.sweep() suspends certificates with an overdue surveillance audit; false to report only';
COMMENT ON COLUMN isms.scheme.withdrawn_listing_months IS 'ACC-3: months after the end of a withdrawn accreditation (its last active or suspended period) during which the body''s certificates stay listed';
COMMENT ON COLUMN isms.scheme.base_scheme IS 'ADD-1: for a scheme whose standards include add-on editions (needs_base), the scheme of their base certificates; NULL for other schemes';
COMMENT ON COLUMN isms.scheme.shipped IS 'True for rows shipped with the extension (read-only, recreated by CREATE EXTENSION, not dumped)';

CREATE TABLE isms.scheme_setting (
    scheme text PRIMARY KEY REFERENCES isms.scheme ON DELETE CASCADE,
    cycle_years isms.cycle_years,
    expiry_offset_days isms.expiry_offset_days,
    first_surveillance_months isms.first_surveillance_months,
    restoration_months isms.restoration_months,
    stage2_decision_months integer CHECK (stage2_decision_months BETWEEN 1 AND 120),
    max_stage_gap_days integer CHECK (max_stage_gap_days >= 0),
    suspension_warning_months integer CHECK (suspension_warning_months BETWEEN 1 AND 120),
    auto_suspend_overdue boolean,
    withdrawn_listing_months integer CHECK (withdrawn_listing_months BETWEEN 0 AND 120)
);
COMMENT ON TABLE isms.scheme_setting IS
    'Local overrides of a scheme''s parameters; a NULL column keeps the scheme default. Kept by pg_dump.';
COMMENT ON COLUMN isms.scheme_setting.scheme IS 'Scheme whose parameters are overridden';
COMMENT ON COLUMN isms.scheme_setting.cycle_years IS 'CYC-3 override';
COMMENT ON COLUMN isms.scheme_setting.expiry_offset_days IS 'CYC-3 override';
COMMENT ON COLUMN isms.scheme_setting.first_surveillance_months IS 'SUR-1 override';
COMMENT ON COLUMN isms.scheme_setting.restoration_months IS 'REC-3 override';
COMMENT ON COLUMN isms.scheme_setting.stage2_decision_months IS 'CYC-5 override';
COMMENT ON COLUMN isms.scheme_setting.max_stage_gap_days IS 'CYC-6 override';
COMMENT ON COLUMN isms.scheme_setting.suspension_warning_months IS 'SUS-2 override';
COMMENT ON COLUMN isms.scheme_setting.auto_suspend_overdue IS 'SUR-3 override';
COMMENT ON COLUMN isms.scheme_setting.withdrawn_listing_months IS 'ACC-3 override';

CREATE TABLE isms.standard (
    ref isms.stdref PRIMARY KEY,
    number text NOT NULL,
    edition integer NOT NULL CHECK (edition BETWEEN 1900 AND 2999),
    scheme text NOT NULL REFERENCES isms.scheme,
    title text,
    idt_of isms.stdref REFERENCES isms.standard,
    needs_base boolean NOT NULL DEFAULT false,
    shipped boolean NOT NULL DEFAULT false,
    CONSTRAINT standard_idt CHECK (idt_of <> ref)
);
COMMENT ON TABLE isms.standard IS
    'Standards and editions that certificates are issued against, each in a scheme; rows marked shipped come with the extension and are read-only';
COMMENT ON COLUMN isms.standard.ref IS 'Reference with edition, e.g. ISO/IEC 27001:2022';
COMMENT ON COLUMN isms.standard.number IS 'Reference without edition, e.g. ISO/IEC 27001';
COMMENT ON COLUMN isms.standard.edition IS 'Year of the edition';
COMMENT ON COLUMN isms.standard.scheme IS 'Scheme under which certificates against this standard are issued and accredited';
COMMENT ON COLUMN isms.standard.title IS 'Short title';
COMMENT ON COLUMN isms.standard.idt_of IS 'STD-1: the standard this one is an identical (IDT) adoption of, e.g. JIS Q 27001:2023 of ISO/IEC 27001:2022; every rule treats the two alike';
COMMENT ON COLUMN isms.standard.needs_base IS 'ADD-1: a certificate against this standard and edition is an add-on that needs a base ISO/IEC 27001 certificate';
COMMENT ON COLUMN isms.standard.shipped IS 'True for rows shipped with the extension';
COMMENT ON CONSTRAINT standard_idt ON isms.standard IS 'a standard is not an adoption of itself';

INSERT INTO isms.scheme (code, name, accreditation_standard, base_scheme, shipped) VALUES
    ('ISMS', 'Information security management systems', 'ISO/IEC 27006-1', NULL, true),
    ('ISMS-CLOUD', 'ISMS cloud security certification (add-on)', 'JIP-ISAC101-1.0', 'ISMS', true),
    ('ISMS-PIMS', 'Privacy information management systems', 'ISO/IEC TS 27006-2', 'ISMS', true),
    ('ITSMS', 'IT service management systems', 'ISO/IEC 20000-6', NULL, true),
    ('BCMS', 'Business continuity management systems', 'ISO/IEC TS 17021-6', NULL, true),
    ('CSMS', 'Cyber security management systems for industrial automation', NULL, NULL, true);

INSERT INTO isms.standard (ref, number, edition, scheme, title, needs_base, shipped) VALUES
    ('ISO/IEC 27001:2013', 'ISO/IEC 27001', 2013, 'ISMS', 'Information security management systems - Requirements', false, true),
    ('ISO/IEC 27001:2022', 'ISO/IEC 27001', 2022, 'ISMS', 'Information security, cybersecurity and privacy protection - Information security management systems - Requirements', false, true),
    ('ISO/IEC 27001:2022/Amd 1:2024', 'ISO/IEC 27001', 2022, 'ISMS', 'ISO/IEC 27001:2022 with Amendment 1: climate action changes (clauses 4.1, 4.2)', false, true),
    ('ISO/IEC 27017:2015', 'ISO/IEC 27017', 2015, 'ISMS-CLOUD', 'Code of practice for information security controls based on ISO/IEC 27002 for cloud services', true, true),
    ('ISO/IEC 27701:2019', 'ISO/IEC 27701', 2019, 'ISMS-PIMS', 'Extension to ISO/IEC 27001 and ISO/IEC 27002 for privacy information management', true, true),
    ('ISO/IEC 27701:2025', 'ISO/IEC 27701', 2025, 'ISMS-PIMS', 'Privacy information management systems - Requirements and guidance', false, true),
    ('ISO/IEC 20000-1:2018', 'ISO/IEC 20000-1', 2018, 'ITSMS', 'Service management system requirements', false, true),
    ('ISO 22301:2019', 'ISO 22301', 2019, 'BCMS', 'Business continuity management systems - Requirements', false, true),
    ('IEC 62443-2-1:2010', 'IEC 62443-2-1', 2010, 'CSMS', 'Establishing an industrial automation and control system security program', false, true);
-- STD-1: the Japanese Industrial Standards adopting them identically
INSERT INTO isms.standard (ref, number, edition, scheme, title, idt_of, needs_base, shipped) VALUES
    ('JIS Q 27001:2014', 'JIS Q 27001', 2014, 'ISMS', 'IDT ISO/IEC 27001:2013', 'ISO/IEC 27001:2013', false, true),
    ('JIS Q 27001:2023', 'JIS Q 27001', 2023, 'ISMS', 'IDT ISO/IEC 27001:2022', 'ISO/IEC 27001:2022', false, true),
    ('JIS Q 27017:2016', 'JIS Q 27017', 2016, 'ISMS-CLOUD', 'IDT ISO/IEC 27017:2015', 'ISO/IEC 27017:2015', true, true);

CREATE FUNCTION isms.std_canonical(ref isms.stdref) RETURNS isms.stdref
    LANGUAGE sql STABLE STRICT PARALLEL SAFE
    BEGIN ATOMIC
        SELECT coalesce(s.idt_of, s.ref) FROM isms.standard s WHERE s.ref OPERATOR(pg_catalog.=) std_canonical.ref;
    END;
COMMENT ON FUNCTION isms.std_canonical(isms.stdref) IS
    'STD-1: the international standard a reference stands for (JIS Q 27001:2023 gives ISO/IEC 27001:2022); NULL for a reference not in isms.standard';

/*
 * TRN-1..5: edition transitions as data.  A certificate against the old
 * edition (or an IDT adoption of it) moves to the new one by a "transition"
 * decision after a transition audit, keeping its cycle; no initial or
 * recertification audit against the old edition starts after
 * last_old_audit_start (TRN-2); no certificate against it is valid after
 * old_valid_until (TRN-3).
 */
CREATE TABLE isms.edition_transition (
    from_standard isms.stdref PRIMARY KEY REFERENCES isms.standard,
    to_standard isms.stdref NOT NULL REFERENCES isms.standard,
    published date NOT NULL,
    last_old_audit_start date,
    old_valid_until date,
    surveillance_extra_days numeric(4,2) NOT NULL DEFAULT 0 CHECK (surveillance_extra_days >= 0),
    recertification_extra_days numeric(4,2) NOT NULL DEFAULT 0 CHECK (recertification_extra_days >= 0),
    shipped boolean NOT NULL DEFAULT false,
    CONSTRAINT edition_transition_dates CHECK (last_old_audit_start >= published
        AND old_valid_until >= last_old_audit_start),
    CONSTRAINT edition_transition_other CHECK (from_standard OPERATOR(pg_catalog.~=) to_standard
        AND isms.std_edition(to_standard) > isms.std_edition(from_standard))
);
COMMENT ON TABLE isms.edition_transition IS
    'TRN-1..5: edition transitions, one row per old edition; rows marked shipped come with the extension and are read-only';
COMMENT ON COLUMN isms.edition_transition.from_standard IS 'The old edition (its amended versions and its IDT adoptions follow it; give the international edition)';
COMMENT ON COLUMN isms.edition_transition.to_standard IS 'The new edition (its IDT adoptions are accepted too)';
COMMENT ON COLUMN isms.edition_transition.published IS 'TRN-1: publication of the new edition';
COMMENT ON COLUMN isms.edition_transition.last_old_audit_start IS 'TRN-2: last day on which an initial (stage 2) or recertification audit against the old edition may start';
COMMENT ON COLUMN isms.edition_transition.old_valid_until IS 'TRN-3: last day on which a certificate against the old edition is valid';
COMMENT ON COLUMN isms.edition_transition.surveillance_extra_days IS 'TRN-4: auditor-days a transition audit adds to a surveillance audit';
COMMENT ON COLUMN isms.edition_transition.recertification_extra_days IS 'TRN-4: auditor-days a transition audit adds to a recertification audit';
COMMENT ON COLUMN isms.edition_transition.shipped IS 'True for rows shipped with the extension';
COMMENT ON CONSTRAINT edition_transition_dates ON isms.edition_transition IS 'publication, last old-edition audit and end of validity come in that order';
COMMENT ON CONSTRAINT edition_transition_other ON isms.edition_transition IS 'a transition goes to a newer edition of the same standard';

-- IAF MD 26: ISO/IEC 27001:2013 -> 2022 (TRN-1..4)
INSERT INTO isms.edition_transition (from_standard, to_standard, published, last_old_audit_start,
    old_valid_until, surveillance_extra_days, recertification_extra_days, shipped)
VALUES ('ISO/IEC 27001:2013', 'ISO/IEC 27001:2022', '2022-10-25', '2024-04-30', '2025-10-31', 1, 0.5, true);

/*
 * TIME-1: audit time as data.  Each row is a band of persons doing work
 * under the organisation's control: from the previous row's persons_max + 1
 * (the first from 1) to its own persons_max.  A scheme's own rows
 * (shipped = false) replace its shipped rows as a whole as soon as it has
 * one.  Above the last band the table goes on by its progression (see
 * isms.audit_days).
 */
CREATE TABLE isms.audit_time (
    scheme text NOT NULL REFERENCES isms.scheme,
    persons_max integer NOT NULL CHECK (persons_max >= 1),
    initial_days numeric(6,2) NOT NULL CHECK (initial_days > 0),
    surveillance_days numeric(6,2) NOT NULL CHECK (surveillance_days > 0),
    recertification_days numeric(6,2) NOT NULL CHECK (recertification_days > 0),
    shipped boolean NOT NULL DEFAULT false,
    PRIMARY KEY (scheme, shipped, persons_max)
);
COMMENT ON TABLE isms.audit_time IS
    'TIME-1: auditor-days by persons in scope, one row per band; no figure decreases from one band to the next; a scheme''s own rows replace its shipped rows; rows marked shipped come with the extension and are read-only';
COMMENT ON COLUMN isms.audit_time.scheme IS 'Scheme the figures apply to';
COMMENT ON COLUMN isms.audit_time.persons_max IS 'Upper bound of the band (persons, inclusive); the band starts after the previous row''s bound';
COMMENT ON COLUMN isms.audit_time.initial_days IS 'Initial audit (stage 1 and stage 2 together), auditor-days';
COMMENT ON COLUMN isms.audit_time.surveillance_days IS 'Surveillance audit, auditor-days';
COMMENT ON COLUMN isms.audit_time.recertification_days IS 'Recertification audit, auditor-days';
COMMENT ON COLUMN isms.audit_time.shipped IS 'True for rows shipped with the extension';

-- ISO/IEC 27006:2015 Table B.1 (initial audit).  Surveillance is a third and
-- recertification two thirds of the initial figure, each rounded UP to the
-- half day.
INSERT INTO isms.audit_time (scheme, persons_max, initial_days, surveillance_days,
                             recertification_days, shipped) VALUES
    ('ISMS',    10,  5,    2,   3.5, true),
    ('ISMS',    15,  6,    2,   4,   true),
    ('ISMS',    25,  7,    2.5, 5,   true),
    ('ISMS',    45,  8.5,  3,   6,   true),
    ('ISMS',    65, 10,    3.5, 7,   true),
    ('ISMS',    85, 11,    4,   7.5, true),
    ('ISMS',   125, 12,    4,   8,   true),
    ('ISMS',   175, 13,    4.5, 9,   true),
    ('ISMS',   275, 14,    5,   9.5, true),
    ('ISMS',   425, 15,    5,  10,   true),
    ('ISMS',   625, 16.5,  5.5, 11,   true),
    ('ISMS',   875, 17.5,  6,  12,   true),
    ('ISMS',  1175, 18.5,  6.5, 12.5, true),
    ('ISMS',  1550, 19.5,  6.5, 13,   true),
    ('ISMS',  2025, 21,    7,  14,   true),
    ('ISMS',  2675, 22,    7.5, 15,   true),
    ('ISMS',  3450, 23,    8,  15.5, true),
    ('ISMS',  4350, 24,    8,  16,   true),
    ('ISMS',  5450, 25,    8.5, 17,   true),
    ('ISMS',  6800, 26,    9,  17.5, true),
    ('ISMS',  8500, 27,    9,  18,   true),
    ('ISMS', 10700, 28,    9.5, 19,   true);

