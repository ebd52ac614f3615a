/* ====================================================================
 * Triggers (C)
 * ==================================================================== */

CREATE FUNCTION isms.decision_before_insert() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_decision_before_insert' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.decision_after_insert() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_decision_after_insert' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.decision_immutable() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_decision_immutable' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.audit_after_change() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_audit_after_change' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.certificate_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_certificate_guard' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.accreditation_after_change() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_accreditation_after_change' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.accreditation_body_after_change() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_accreditation_body_after_change' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.reference_guard() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_reference_guard' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.no_truncate() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_no_truncate' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.reference_changed() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_reference_changed' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.addon_check() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_addon_check' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.audit_rules_check() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_audit_rules_check' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.auditor_registration_after_change() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_auditor_registration_after_change' LANGUAGE C VOLATILE PARALLEL UNSAFE;
CREATE FUNCTION isms.audit_time_check() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_audit_time_check' LANGUAGE C VOLATILE PARALLEL UNSAFE;

COMMENT ON FUNCTION isms.decision_before_insert() IS
    'Trigger: fills effective_date from decision_date and checks CYC-4 on each new decision';
COMMENT ON FUNCTION isms.decision_after_insert() IS
    'Trigger: checks a statement''s new decisions against the scheme (legal transitions, CYC, SUR, REC, SUS, SCO, ACC-1, LOG-1) and updates the certificates';
COMMENT ON FUNCTION isms.decision_immutable() IS
    'Trigger: LOG-1, decisions are never updated, deleted or truncated';
COMMENT ON FUNCTION isms.audit_after_change() IS
    'Trigger: after audits change, every decision of their certificates still has its evidence';
COMMENT ON FUNCTION isms.certificate_guard() IS
    'Trigger: derived certificate columns are written by isms only; body, organisation, standard and scope change by decisions once there are any';
COMMENT ON FUNCTION isms.accreditation_after_change() IS
    'Trigger: ACC-1, accreditation changes never leave a recorded decision uncovered';
COMMENT ON FUNCTION isms.accreditation_body_after_change() IS
    'Trigger: ACC-1, an accreditation body losing its recognition never leaves a recorded decision uncovered';
COMMENT ON FUNCTION isms.reference_changed() IS
    'Trigger: sessions drop their cached copy of the standards and edition transitions when these change';
COMMENT ON FUNCTION isms.no_truncate() IS
    'Trigger: no table of isms is truncated (decisions aside, refused by LOG-1); DELETE checks what depends on each row';
COMMENT ON FUNCTION isms.audit_rules_check() IS
    'Trigger: ACC-4 (registered lead auditor), TIME-2 (audit time below the table needs a justification) and TRN-4 (time of a transition audit) on a statement''s new or changed audits, and on the stage 2 and transition audits that depend on its new, changed or deleted stage 1 and recertification audits; ADD-6 on the add-on audits combined with its new or changed audits; locks their certificates first';
COMMENT ON FUNCTION isms.auditor_registration_after_change() IS
    'Trigger: ACC-4, registration changes never leave a recorded audit''s lead auditor unregistered';
COMMENT ON FUNCTION isms.audit_time_check() IS
    'Trigger: TIME-1, a registry''s own audit-time table gives no fewer auditor-days to more persons, figure by figure';
COMMENT ON FUNCTION isms.addon_check() IS
    'Trigger: ADD-7, at commit the add-ons of a changed base certificate are consistent with it (ADD-2..4)';
COMMENT ON FUNCTION isms.reference_guard() IS
    'Trigger: reference rows shipped with the extension are read-only, and only the extension ships rows';

-- Each trigger that a COPY fires stands aside for a restore (isms.restoring(),
-- 55_operations.sql).
CREATE TRIGGER decision_10_fill BEFORE INSERT ON isms.decision
    FOR EACH ROW WHEN (NOT isms.restoring())
    EXECUTE FUNCTION isms.decision_before_insert();
CREATE TRIGGER decision_20_check AFTER INSERT ON isms.decision
    REFERENCING NEW TABLE AS new_decisions
    FOR EACH STATEMENT WHEN (NOT isms.restoring())
    EXECUTE FUNCTION isms.decision_after_insert();
CREATE TRIGGER decision_log_1 BEFORE UPDATE OR DELETE OR TRUNCATE ON isms.decision
    FOR EACH STATEMENT EXECUTE FUNCTION isms.decision_immutable();

CREATE TRIGGER audit_update AFTER UPDATE ON isms.audit
    REFERENCING OLD TABLE AS old_audits NEW TABLE AS new_audits
    FOR EACH STATEMENT EXECUTE FUNCTION isms.audit_after_change();
CREATE TRIGGER audit_delete AFTER DELETE ON isms.audit
    REFERENCING OLD TABLE AS old_audits
    FOR EACH STATEMENT EXECUTE FUNCTION isms.audit_after_change();

CREATE TRIGGER audit_truncate BEFORE TRUNCATE ON isms.audit
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();

-- ACC-4, TIME-2, TRN-4 (audit time), ADD-6: one check per statement, after
-- locking the certificates of its old and new rows
CREATE TRIGGER audit_rules_insert AFTER INSERT ON isms.audit
    REFERENCING NEW TABLE AS new_audits
    FOR EACH STATEMENT WHEN (NOT isms.restoring())
    EXECUTE FUNCTION isms.audit_rules_check();
CREATE TRIGGER audit_rules_update AFTER UPDATE ON isms.audit
    REFERENCING OLD TABLE AS old_audits NEW TABLE AS new_audits
    FOR EACH STATEMENT EXECUTE FUNCTION isms.audit_rules_check();
CREATE TRIGGER audit_rules_delete AFTER DELETE ON isms.audit
    REFERENCING OLD TABLE AS old_audits
    FOR EACH STATEMENT EXECUTE FUNCTION isms.audit_rules_check();

-- ACC-4 at commit, like ACC-1 (accreditation_cover)
CREATE CONSTRAINT TRIGGER auditor_registration_cover AFTER UPDATE OR DELETE ON isms.auditor_registration
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION isms.auditor_registration_after_change();
CREATE TRIGGER auditor_registration_truncate BEFORE TRUNCATE ON isms.auditor_registration
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();

CREATE TRIGGER certificate_guard BEFORE INSERT OR UPDATE ON isms.certificate
    FOR EACH ROW WHEN (NOT isms.restoring())
    EXECUTE FUNCTION isms.certificate_guard();

-- ADD-7: queued for base certificates that got decisions (and for relinked
-- drafts); checked when the transaction commits, so that a base and its
-- add-ons can be brought into line in several statements.
CREATE CONSTRAINT TRIGGER "ADD-7" AFTER UPDATE OF base_certificate_id ON isms.certificate
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION isms.addon_check();

-- Checked when the transaction commits, so that a period can be ended and
-- the next one inserted in two statements.
CREATE CONSTRAINT TRIGGER accreditation_cover AFTER UPDATE OR DELETE ON isms.accreditation
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION isms.accreditation_after_change();

-- Only accreditations by recognised bodies (or IAF MLA signatories) count
-- for ACC-1: a body that loses both is checked at commit.
CREATE CONSTRAINT TRIGGER accreditation_body_cover AFTER UPDATE OF recognised, iaf_mla ON isms.accreditation_body
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN ((OLD.recognised OR OLD.iaf_mla) AND NOT (NEW.recognised OR NEW.iaf_mla))
    EXECUTE FUNCTION isms.accreditation_body_after_change();

CREATE TRIGGER accreditation_truncate BEFORE TRUNCATE ON isms.accreditation
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();

CREATE TRIGGER scheme_shipped BEFORE INSERT OR UPDATE OR DELETE ON isms.scheme
    FOR EACH ROW EXECUTE FUNCTION isms.reference_guard();
CREATE TRIGGER standard_shipped BEFORE INSERT OR UPDATE OR DELETE ON isms.standard
    FOR EACH ROW EXECUTE FUNCTION isms.reference_guard();
CREATE TRIGGER edition_transition_shipped BEFORE INSERT OR UPDATE OR DELETE ON isms.edition_transition
    FOR EACH ROW EXECUTE FUNCTION isms.reference_guard();
CREATE TRIGGER audit_time_shipped BEFORE INSERT OR UPDATE OR DELETE ON isms.audit_time
    FOR EACH ROW EXECUTE FUNCTION isms.reference_guard();
CREATE TRIGGER control_shipped BEFORE INSERT OR UPDATE OR DELETE ON isms.control
    FOR EACH ROW EXECUTE FUNCTION isms.reference_guard();
-- TIME-1: the figures of a table do not fall as persons grow
CREATE TRIGGER audit_time_rising AFTER INSERT OR UPDATE ON isms.audit_time
    FOR EACH STATEMENT EXECUTE FUNCTION isms.audit_time_check();
CREATE TRIGGER standard_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON isms.standard
    FOR EACH STATEMENT EXECUTE FUNCTION isms.reference_changed();
CREATE TRIGGER edition_transition_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON isms.edition_transition
    FOR EACH STATEMENT EXECUTE FUNCTION isms.reference_changed();

-- Trigger functions are not for calling or attaching elsewhere.
REVOKE EXECUTE ON FUNCTION isms.decision_before_insert(), isms.decision_after_insert(),
    isms.decision_immutable(), isms.audit_after_change(), isms.certificate_guard(),
    isms.accreditation_after_change(), isms.accreditation_body_after_change(), isms.reference_guard(), isms.no_truncate(),
    isms.reference_changed(), isms.addon_check(),
    isms.audit_rules_check(), isms.auditor_registration_after_change(),
    isms.audit_time_check()
    FROM PUBLIC;

COMMENT ON TRIGGER decision_10_fill ON isms.decision IS 'fills effective_date and recorded_at, defaults new_expiry (CYC-3), checks CYC-4 and annulments (LOG-1)';
COMMENT ON TRIGGER decision_20_check ON isms.decision IS 'checks each statement''s new decisions against the scheme and updates their certificates';
COMMENT ON TRIGGER decision_log_1 ON isms.decision IS 'LOG-1: decisions are never updated, deleted or truncated';
COMMENT ON TRIGGER audit_update ON isms.audit IS 'recorded decisions keep their evidence when audits change';
COMMENT ON TRIGGER audit_delete ON isms.audit IS 'recorded decisions keep their evidence when audits are deleted';
COMMENT ON TRIGGER audit_truncate ON isms.audit IS 'audits are deleted, not truncated';
COMMENT ON CONSTRAINT "ADD-7" ON isms.certificate IS 'ADD-7: add-ons stay consistent with their base certificate (deferred constraint trigger)';
COMMENT ON TRIGGER "ADD-7" ON isms.certificate IS 'ADD-7: at commit, the add-ons of a base certificate that changed are still consistent with it (ADD-2..4)';
COMMENT ON TRIGGER certificate_guard ON isms.certificate IS 'derived columns are written by isms only; body, organisation, number, scope and standard change by decisions once there are any';
COMMENT ON TRIGGER accreditation_cover ON isms.accreditation IS 'ACC-1: at commit, recorded decisions keep their accreditation when accreditations change or go';
COMMENT ON CONSTRAINT accreditation_cover ON isms.accreditation IS 'ACC-1: at commit, recorded decisions keep their accreditation (constraint trigger)';
COMMENT ON TRIGGER accreditation_body_cover ON isms.accreditation_body IS 'ACC-1: at commit, recorded decisions keep their accreditation when its accreditation body loses its recognition';
COMMENT ON CONSTRAINT accreditation_body_cover ON isms.accreditation_body IS 'ACC-1: at commit, recorded decisions keep their accreditation when its accreditation body loses its recognition (constraint trigger)';
COMMENT ON TRIGGER accreditation_truncate ON isms.accreditation IS 'accreditations are deleted, not truncated';
COMMENT ON TRIGGER scheme_shipped ON isms.scheme IS 'shipped schemes are read-only';
COMMENT ON TRIGGER standard_shipped ON isms.standard IS 'shipped standards are read-only';
COMMENT ON TRIGGER edition_transition_shipped ON isms.edition_transition IS 'shipped edition transitions are read-only';
COMMENT ON TRIGGER standard_changed ON isms.standard IS 'sessions drop their cached copy of the standards';
COMMENT ON TRIGGER edition_transition_changed ON isms.edition_transition IS 'sessions drop their cached copy of the edition transitions';
COMMENT ON TRIGGER audit_time_shipped ON isms.audit_time IS 'shipped audit-time rows are read-only';
COMMENT ON TRIGGER control_shipped ON isms.control IS 'shipped controls are read-only (STD-2)';
COMMENT ON TRIGGER audit_time_rising ON isms.audit_time IS 'TIME-1: after each statement, no figure of a registry''s own table decreases from one band to the next';
COMMENT ON TRIGGER audit_rules_insert ON isms.audit IS 'ACC-4, TIME-2 and TRN-4 (audit time) on each statement''s new audits; ADD-6 on its combined add-on audits';
COMMENT ON TRIGGER audit_rules_update ON isms.audit IS 'ACC-4, TIME-2 and TRN-4 (audit time) on each statement''s changed audits, and the stage 2 and transition audits that depend on them; ADD-6 on the add-on audits combined with them';
COMMENT ON TRIGGER audit_rules_delete ON isms.audit IS 'TIME-2 and TRN-4 (audit time): the stage 2 and transition audits that depended on each statement''s deleted audits';
COMMENT ON TRIGGER auditor_registration_cover ON isms.auditor_registration IS 'ACC-4: at commit, recorded audits keep a registered lead auditor when registrations change or go';
COMMENT ON CONSTRAINT auditor_registration_cover ON isms.auditor_registration IS 'ACC-4: at commit, recorded audits keep a registered lead auditor (constraint trigger)';
COMMENT ON TRIGGER auditor_registration_truncate ON isms.auditor_registration IS 'auditor registrations are deleted, not truncated';

