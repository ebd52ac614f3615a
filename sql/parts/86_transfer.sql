/* ====================================================================
 * TRF-1: transfers of a certificate between certification bodies
 * ==================================================================== */

-- The receiving body's certificate names the one it takes over.
ALTER TABLE isms.certificate
    ADD COLUMN transferred_from bigint REFERENCES isms.certificate,
    ADD CONSTRAINT certificate_transfer_other CHECK (transferred_from <> id);
CREATE INDEX certificate_transferred_from ON isms.certificate (transferred_from)
    WHERE transferred_from IS NOT NULL;
COMMENT ON COLUMN isms.certificate.transferred_from IS
    'TRF-1: the certificate of another certification body (of the same organisation) that this one takes over by a transfer decision; NULL for a certificate that is not a transfer; fixed once the certificate has decisions';
COMMENT ON CONSTRAINT certificate_transfer_other ON isms.certificate IS
    'a certificate does not take itself over (TRF-1)';
COMMENT ON INDEX isms.certificate_transferred_from IS
    'the certificate that took a certificate over, for the checks of its history (TRF-1)';

-- The cycle a transfer decision takes over, written by isms into the
-- decision row (and its hash) so that the receiving certificate's history
-- holds it.  (The label is compared as text: it is added in the same
-- update as this constraint.)
ALTER TABLE isms.decision
    ADD COLUMN transfer_cycle_start date,
    ADD COLUMN transfer_expiry date,
    ADD COLUMN transfer_original_date date,
    ADD CONSTRAINT decision_transfer CHECK (
        CASE WHEN kind::text = 'transfer'
             THEN transfer_cycle_start IS NOT NULL AND transfer_expiry IS NOT NULL
                  AND transfer_original_date IS NOT NULL
             ELSE transfer_cycle_start IS NULL AND transfer_expiry IS NULL
                  AND transfer_original_date IS NULL END);
COMMENT ON COLUMN isms.decision.transfer_cycle_start IS
    'TRF-1, transfer decisions only: the start of the cycle taken over from the certificate named in transferred_from (set by isms)';
COMMENT ON COLUMN isms.decision.transfer_expiry IS
    'TRF-1, transfer decisions only: the expiry date taken over (set by isms)';
COMMENT ON COLUMN isms.decision.transfer_original_date IS
    'TRF-1, transfer decisions only: the original certification date taken over (set by isms)';
COMMENT ON CONSTRAINT decision_transfer ON isms.decision IS
    'transfer decisions, and only they, carry the cycle they take over (TRF-1)';
