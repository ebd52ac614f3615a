/* ====================================================================
 * REC-6: extraordinary-event extensions of a certificate's expiry date
 * ==================================================================== */

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
