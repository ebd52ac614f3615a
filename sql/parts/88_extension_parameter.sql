/* ====================================================================
 * REC-6: the most months extensions add to a cycle's own expiry date
 * ==================================================================== */

-- After the columns of 87_as_known_at.sql, as the upgrade adds them: the
-- shipped schemes' rows are then the same in both.
ALTER TABLE isms.scheme
    ADD COLUMN extension_months integer NOT NULL DEFAULT 6 CHECK (extension_months BETWEEN 0 AND 6);
COMMENT ON COLUMN isms.scheme.extension_months IS
    'REC-6: months beyond the cycle''s own expiry date up to which extraordinary-event extensions may set the expiry date (0 to 6; 0: none)';
ALTER TABLE isms.scheme_setting
    ADD COLUMN extension_months integer CHECK (extension_months BETWEEN 0 AND 6);
COMMENT ON COLUMN isms.scheme_setting.extension_months IS 'REC-6 override';
