/* ====================================================================
 * EVD-2: opening balances
 * ==================================================================== */

/*
 * A decision of kind "open" enters a certificate in the state it has on the
 * opening day (its effective date), from the facts a register holds.  The
 * engine checks them (src/rules_opening.c, from the BEFORE INSERT trigger);
 * the constraint is the backstop.  The new label is named as text: the
 * upgrade adds it in the same transaction (sql/upgrade/1.0--1.1/15_opening.sql).
 */
ALTER TABLE isms.decision
    ADD COLUMN original_date date,
    ADD COLUMN cycle_start date,
    ADD COLUMN opening_status isms.cert_status,
    ADD COLUMN suspended_since date,
    ADD CONSTRAINT decision_opening CHECK (
        CASE WHEN kind::text = 'open'
             THEN original_date IS NOT NULL AND cycle_start IS NOT NULL AND opening_status IS NOT NULL AND new_expiry IS NOT NULL
                  AND (opening_status = 'suspended'::isms.cert_status) = (suspended_since IS NOT NULL)
             ELSE original_date IS NULL AND cycle_start IS NULL AND opening_status IS NULL
                  AND suspended_since IS NULL END);
COMMENT ON COLUMN isms.decision.original_date IS
    'EVD-2: for an opening, the original certification date (REC-5), on or before cycle_start: the one claim the register makes about the time before the opening; required for kind open, NULL for every other kind';
COMMENT ON COLUMN isms.decision.cycle_start IS
    'EVD-2: for an opening, the start of the current cycle (the issue date of the certificate in force, CYC-2), on or before the opening day; required for kind open, NULL for every other kind';
COMMENT ON COLUMN isms.decision.opening_status IS
    'EVD-2: for an opening, the status on the opening day: active or suspended (a certificate already withdrawn, cancelled or expired is not opened); required for kind open, NULL for every other kind';
COMMENT ON COLUMN isms.decision.suspended_since IS
    'EVD-2: for an opening in suspension, the first day of the suspension in force, from cycle_start to the opening day; required exactly when opening_status is suspended';
COMMENT ON CONSTRAINT decision_opening ON isms.decision IS
    'EVD-2: an opening gives original_date, cycle_start, opening_status and new_expiry, and suspended_since exactly when it opens suspended; no other kind sets these columns';
