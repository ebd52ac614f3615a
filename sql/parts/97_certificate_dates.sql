/* ====================================================================
 * Derived dates of each certificate, for readers and the sweep: its
 * timeline, its periods of validity, the deadline of its first audit
 * obligation not met, and the next day on which the passing of time may
 * change it.  Written by isms wherever it writes the stored status
 * (store.c, derived.c), read by isms.status_at, the sweep and by queries
 * over the whole registry through indexes.
 * ==================================================================== */

-- No foreign key to isms.certificate: isms writes a row only for a
-- certificate that has decisions, under that certificate's lock, and such a
-- certificate is never deleted (the decisions' own foreign key refuses it,
-- LOG-1), so a row cannot outlive its certificate.  A foreign key would
-- check every row written: 4% of a decision COPY at 1,000,000 certificates.
CREATE TABLE isms.certificate_dates (
    certificate_id bigint PRIMARY KEY,
    derived_on date NOT NULL,
    valid_periods pg_catalog.datemultirange NOT NULL,
    timeline_from date[] NOT NULL,
    timeline_status isms.cert_status[] NOT NULL,
    next_change date,
    next_due date
);
CREATE INDEX certificate_dates_valid ON isms.certificate_dates USING gist (valid_periods);
CREATE INDEX certificate_dates_next_change ON isms.certificate_dates (next_change);
CREATE INDEX certificate_dates_derived_on ON isms.certificate_dates (derived_on);
CREATE INDEX certificate_dates_next_due ON isms.certificate_dates (next_due);
COMMENT ON TABLE isms.certificate_dates IS
    'Derived, written by isms with the stored status: each certificate''s timeline, periods of validity, first audit deadline not met and next date-driven change, for indexed readers and the daily sweep';
COMMENT ON COLUMN isms.certificate_dates.certificate_id IS 'Certificate (isms.certificate.id): one with decisions, which is never deleted';
COMMENT ON COLUMN isms.certificate_dates.derived_on IS 'The day the row was computed on (the register''s today of the write that stored it)';
COMMENT ON COLUMN isms.certificate_dates.valid_periods IS 'Days on which the certificate is active by its recorded decisions and expiry dates (equals isms.valid_periods(id)); suspensions and lapses are holes';
COMMENT ON COLUMN isms.certificate_dates.timeline_from IS 'First day of each segment of the timeline (isms.timeline), in order';
COMMENT ON COLUMN isms.certificate_dates.timeline_status IS 'Status of each segment of the timeline, beside timeline_from';
COMMENT ON COLUMN isms.certificate_dates.next_change IS 'First day after derived_on on which the passing of time may change what isms stores for the certificate (an expiry, the end of an old edition, a decision taking effect, a surveillance deadline); NULL: none';
COMMENT ON COLUMN isms.certificate_dates.next_due IS 'Deadline of the first audit obligation of the cycle in force not met on derived_on (SUR-1, SUR-2 or the recertification audit), for an active or suspended certificate whose audits the register holds; NULL: none';
COMMENT ON INDEX isms.certificate_dates_valid IS 'certificates valid on a day: valid_periods @> day';
COMMENT ON INDEX isms.certificate_dates_next_change IS 'the certificates the daily sweep looks at: next_change <= today';
COMMENT ON INDEX isms.certificate_dates_derived_on IS 'rows computed after a given day (a register whose today moved back)';
COMMENT ON INDEX isms.certificate_dates_next_due IS 'audit deadlines in a window of days';
SELECT pg_catalog.pg_extension_config_dump('isms.certificate_dates', '');

CREATE TRIGGER certificate_dates_truncate BEFORE TRUNCATE ON isms.certificate_dates
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
COMMENT ON TRIGGER certificate_dates_truncate ON isms.certificate_dates IS 'derived rows go with their certificate, never by TRUNCATE';

-- An audit recorded moves its certificate's deadlines (next_due,
-- next_change): the certificates of each statement's new audits are
-- replayed and their derived dates stored.
CREATE TRIGGER audit_stored_insert AFTER INSERT ON isms.audit
    REFERENCING NEW TABLE AS new_audits
    FOR EACH STATEMENT WHEN (NOT isms.restoring()) EXECUTE FUNCTION isms.audit_after_change();
COMMENT ON TRIGGER audit_stored_insert ON isms.audit IS
    'the derived dates of the certificates of each statement''s new audits (isms.certificate_dates)';
COMMENT ON FUNCTION isms.audit_after_change() IS
    'Trigger: after audits change, every decision of their certificates still has its evidence; after audits are recorded, their certificates'' derived dates are stored';

-- Only isms writes the rows (as the tables' owner); a role reads those of
-- the certificates it may read.
ALTER TABLE isms.certificate_dates ENABLE ROW LEVEL SECURITY;
CREATE POLICY certificate_dates_read ON isms.certificate_dates FOR SELECT
    USING (EXISTS (SELECT 1 FROM isms.certificate c
                    WHERE c.id OPERATOR(pg_catalog.=) certificate_dates.certificate_id
                    OFFSET 0));
COMMENT ON POLICY certificate_dates_read ON isms.certificate_dates IS
    'derived dates: those of the certificates the role may read';
