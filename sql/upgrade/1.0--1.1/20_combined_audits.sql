/* ====================================================================
 * ADD-6 per statement: the audits combined with a statement's new or
 * changed audits are checked once the statement is done (the statement
 * trigger of ACC-4 and TIME-2), so that an add-on's audit and the base's
 * audit it names may come in one statement, in either order, and a change
 * of the base's audit is checked too.  The row trigger of 1.0 goes.
 * ==================================================================== */

DROP TRIGGER audit_combined ON isms.audit;
DROP FUNCTION isms.audit_combined();

COMMENT ON FUNCTION isms.audit_rules_check() IS
    'Trigger: ACC-4 (registered lead auditor), TIME-2 (audit time below the table needs a justification) and TRN-4 (time of a transition audit) on a statement''s new or changed audits, and on the stage 2 and transition audits that depend on its new, changed or deleted stage 1 and recertification audits; ADD-6 on the add-on audits combined with its new or changed audits; locks their certificates first';
COMMENT ON TRIGGER audit_rules_insert ON isms.audit IS 'ACC-4, TIME-2 and TRN-4 (audit time) on each statement''s new audits; ADD-6 on its combined add-on audits';
COMMENT ON TRIGGER audit_rules_update ON isms.audit IS 'ACC-4, TIME-2 and TRN-4 (audit time) on each statement''s changed audits, and the stage 2 and transition audits that depend on them; ADD-6 on the add-on audits combined with them';
