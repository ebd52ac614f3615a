/* ====================================================================
 * EVD-2: opening balances (sql/parts/52_opening.sql; src/rules_opening.c)
 * ==================================================================== */

-- The new label is never used as an enum value in this script (it runs in
-- the transaction that adds it): SQL names it as text.
ALTER TYPE isms.decision_kind ADD VALUE 'open';
COMMENT ON TYPE isms.decision_kind IS
    'Kind of a certification decision: the transitions of the scheme, annul, which voids the decision it corrects (LOG-1), and open, which enters a certificate in its current state (EVD-2)';

-- an opening sets the expiry date in force
ALTER TABLE isms.decision DROP CONSTRAINT decision_new_expiry,
    ADD CONSTRAINT decision_new_expiry CHECK (
        new_expiry IS NULL OR kind IN ('grant', 'recertify', 'restore') OR kind::text = 'open');
COMMENT ON CONSTRAINT decision_new_expiry ON isms.decision IS 'only grant, recertify, restore and open decisions set a new expiry date';
COMMENT ON COLUMN isms.certificate.original_certification_date IS 'Derived (REC-5): effective date of the first grant, or the original date an opening gives (EVD-2)';
COMMENT ON COLUMN isms.certificate.cycle_start IS 'Derived (CYC-2): decision date of the grant, recertification or restoration that opened the current cycle, or the cycle start an opening gives (EVD-2)';
COMMENT ON COLUMN isms.decision.decision_date IS 'Day the decision was taken; for an opening (EVD-2), the day the register records it';
COMMENT ON COLUMN isms.decision.effective_date IS 'Day the decision takes effect, on or after the decision date (CYC-4); defaults to the decision date; for an opening (EVD-2), the opening day, the first day whose state the register knows';
COMMENT ON COLUMN isms.decision.new_expiry IS 'New expiry date for grant, recertify and restore (CYC-3); when left NULL, the latest date CYC-3 allows; for open, the expiry date in force (required, EVD-2); forbidden for other kinds';

-- the opening's columns
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

COMMENT ON FUNCTION isms.status_at(bigint, date) IS
    'Status of the certificate on that day, from its decisions and expiry dates; NULL if there is no such certificate, and for a day before the opening of a certificate entered by an opening (EVD-2: the register knows nothing of it then)';

-- the hash chain encodes the opening's columns where one is set
-- isms.decision_hash() is re-created with the columns of all of 1.1 in
-- 17_transfer.sql.
