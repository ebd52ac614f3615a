-- TRF-1: transfers of a certificate between certification bodies.
-- The new label is used nowhere else in the update (it cannot be, until
-- the update commits): the CHECK below compares the kind as text.
ALTER TYPE isms.decision_kind ADD VALUE 'transfer';

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

-- The hash of a transfer covers the cycle it takes over (87_chain.sql).
CREATE OR REPLACE FUNCTION isms.decision_hash(d isms.decision, prev bytea) RETURNS bytea
    LANGUAGE sql STABLE PARALLEL SAFE
    RETURN pg_catalog.sha256(
        pg_catalog.convert_to('isms.decision.v1', 'UTF8')
        OPERATOR(pg_catalog.||) CASE WHEN pg_catalog.octet_length(prev) OPERATOR(pg_catalog.=) 32 THEN prev
                                     ELSE '\xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff'::bytea END
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.int8send(d.id))
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.int8send(d.certificate_id))
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.int4send(d.chain_seq))
        OPERATOR(pg_catalog.||) isms.chain_text(d.kind::pg_catalog.text)
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.date_send(d.decision_date))
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.date_send(d.effective_date))
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.date_send(d.new_expiry))
        OPERATOR(pg_catalog.||) isms.chain_text(d.new_scope_statement)
        OPERATOR(pg_catalog.||) isms.chain_text(d.new_scope::pg_catalog.text)
        OPERATOR(pg_catalog.||) isms.chain_text(d.new_standard::pg_catalog.text)
        OPERATOR(pg_catalog.||) isms.chain_text(d.reason)
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.int8send(d.corrects))
        OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.timestamptz_send(d.recorded_at))
        -- an opening's facts (EVD-2), only where one is set: every other
        -- decision keeps the encoding it had before these columns existed
        OPERATOR(pg_catalog.||) CASE WHEN d.original_date IS NULL AND d.cycle_start IS NULL
                                          AND d.opening_status IS NULL AND d.suspended_since IS NULL
                                     THEN ''::bytea
                                     ELSE isms.chain_field(pg_catalog.date_send(d.original_date))
                                          OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.date_send(d.cycle_start))
                                          OPERATOR(pg_catalog.||) isms.chain_text(d.opening_status::pg_catalog.text)
                                          OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.date_send(d.suspended_since)) END
        -- an extension's authority (REC-6), only where it is given
        OPERATOR(pg_catalog.||) CASE WHEN d.authority IS NULL THEN '\x'::bytea
                                     ELSE isms.chain_text(d.authority) END
        -- a transfer (TRF-1): the cycle it takes over; nothing for other decisions
        OPERATOR(pg_catalog.||) CASE WHEN d.transfer_expiry IS NULL THEN '\x'::bytea
            ELSE isms.chain_field(pg_catalog.date_send(d.transfer_cycle_start))
                 OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.date_send(d.transfer_expiry))
                 OPERATOR(pg_catalog.||) isms.chain_field(pg_catalog.date_send(d.transfer_original_date)) END);
COMMENT ON FUNCTION isms.decision_hash(isms.decision, bytea) IS
    'Tamper evidence: the chain hash of a decision row chained onto prev, the previous decision''s chain_hash (32 zero bytes for a certificate''s first decision; anything but 32 bytes counts as 32 0xff bytes); an opening''s four columns are encoded only where one of them is set, an extension''s authority only where it is given, a transfer''s cycle only for a transfer';

-- A certificate that takes over another body's (95_security.sql).
CREATE OR REPLACE FUNCTION isms.rls_links() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    col text;
    val bigint;
BEGIN
    IF NOT pg_catalog.row_security_active(TG_RELID) THEN
        RETURN NEW;
    END IF;
    IF TG_TABLE_NAME = 'certificate' THEN
        -- The sweep writes back derived columns only: what it may not
        -- change on a certificate of another body, isms does not change
        -- there either (a certificate without decisions keeps its scope,
        -- standard and links; one with decisions is guarded by
        -- isms.certificate_guard).
        IF TG_OP = 'UPDATE' AND NOT NEW.cb_id OPERATOR(pg_catalog.=) ANY (isms.acting_cbs())
           AND NOT isms.acts_as('accreditation_body')
           AND NOT EXISTS (SELECT 1 FROM isms.decision d WHERE d.certificate_id = NEW.id) THEN
            RAISE EXCEPTION USING
                ERRCODE = 'insufficient_privilege',
                MESSAGE = pg_catalog.format('role "%s" cannot change certificate "%s"', CURRENT_USER, NEW.certificate_number),
                DETAIL = 'Row-level security: the sweep writes back the columns isms derives from decisions; the scope, standard and links of a certificate are changed by its certification body''s writers.',
                HINT = 'Write as the certification body''s writer role.',
                TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
        END IF;
        -- A certificate that takes over another body's (TRF-1) is of the
        -- organisation of that certificate, which isms.certificate_guard
        -- checks as the tables' owner; the writer need not see it before.
        IF (TG_OP = 'INSERT' OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id)
           AND NEW.transferred_from IS NULL
           AND NOT EXISTS (SELECT 1 FROM isms.organisation o WHERE o.id = NEW.organisation_id) THEN
            col := 'organisation_id'; val := NEW.organisation_id;
        ELSIF NEW.base_certificate_id IS NOT NULL
           AND (TG_OP = 'INSERT' OR NEW.base_certificate_id IS DISTINCT FROM OLD.base_certificate_id)
           AND NOT EXISTS (SELECT 1 FROM isms.certificate b WHERE b.id = NEW.base_certificate_id) THEN
            col := 'base_certificate_id'; val := NEW.base_certificate_id;
        END IF;
    ELSIF TG_TABLE_NAME = 'audit' THEN
        IF NEW.combined_with IS NOT NULL
           AND (TG_OP = 'INSERT' OR NEW.combined_with IS DISTINCT FROM OLD.combined_with)
           AND NOT EXISTS (SELECT 1 FROM isms.audit a WHERE a.id = NEW.combined_with) THEN
            col := 'combined_with'; val := NEW.combined_with;
        END IF;
    ELSIF TG_TABLE_NAME = 'decision' THEN
        IF NEW.corrects IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM isms.decision d WHERE d.id = NEW.corrects) THEN
            col := 'corrects'; val := NEW.corrects;
        END IF;
    END IF;
    IF col IS NOT NULL THEN
        RAISE EXCEPTION USING
            ERRCODE = 'insufficient_privilege',
            MESSAGE = pg_catalog.format('column "%s" of table "%s" names row %s, which role "%s" may not read',
                                        col, TG_TABLE_NAME, val, CURRENT_USER),
            DETAIL = 'Row-level security: a certification body''s writer links only rows of its own body (its organisations, certificates, audits and decisions).',
            HINT = 'Name a row of your certification body; an organisation is your body''s when its cb_id is your body.',
            TABLE = TG_TABLE_NAME, COLUMN = col, SCHEMA = TG_TABLE_SCHEMA;
    END IF;
    RETURN NEW;
END $$;
COMMENT ON FUNCTION isms.rls_links() IS
    'Trigger: under row-level security, a row links only rows its writer may read (organisation and base of a certificate, combined audit, corrected decision); a certificate that takes over another body''s names that body''s certificate and its organisation (TRF-1, checked by isms.certificate_guard)';

-- The IAF CertSearch export: a transfer issues the receiving body's certificate
-- (86_surfaces.sql).
CREATE OR REPLACE FUNCTION isms_bi.certsearch_rows()
    RETURNS TABLE ("Certification Identity Number" text, "Certificate Number" text,
                   "Certification Status" text, "Accreditation Status" text,
                   "Certification Type" text, "Certification Standard" text,
                   "Certification Scope" text, "Certification Original Issue Date" text,
                   "Certification Issue Date" text, "Certification Expiry Date" text,
                   "Certified Entity Unique ID" text, "Certified Entity Name" text,
                   "Certified Entity English Name" text, "Street Address" text, "City" text,
                   "Post Code" text, "Country/Economy" text, "Accreditation Body" text,
                   "Certification Body" text, "Sites" text, "Confidential" boolean)
    LANGUAGE sql STABLE PARALLEL SAFE SECURITY DEFINER
    SET search_path = pg_catalog, pg_temp
    BEGIN ATOMIC
        SELECT c.external_id::text AS "Certification Identity Number",
               c.certificate_number AS "Certificate Number",
               isms.status_label(s.status, 'en') AS "Certification Status",
               CASE WHEN acc.listed THEN 'Accredited' ELSE 'Unaccredited' END AS "Accreditation Status",
               'Management System'::text AS "Certification Type",
               c.standard::text AS "Certification Standard",
               c.scope_statement AS "Certification Scope",
               to_char(c.original_certification_date, 'YYYYMMDD') AS "Certification Original Issue Date",
               to_char(coalesce(i.issued, c.original_certification_date), 'YYYYMMDD') AS "Certification Issue Date",
               to_char(c.expiry_date, 'YYYYMMDD') AS "Certification Expiry Date",
               o.external_id::text AS "Certified Entity Unique ID",
               CASE WHEN NOT o.confidential THEN coalesce(o.name_local, o.name) END AS "Certified Entity Name",
               CASE WHEN NOT o.confidential THEN o.name END AS "Certified Entity English Name",
               CASE WHEN NOT o.confidential THEN o.address END AS "Street Address",
               CASE WHEN NOT o.confidential THEN o.city END AS "City",
               CASE WHEN NOT o.confidential THEN o.postal_code END AS "Post Code",
               CASE WHEN NOT o.confidential THEN o.country END AS "Country/Economy",
               ab.codes AS "Accreditation Body",
               b.name AS "Certification Body",
               CASE WHEN NOT o.confidential THEN sites.list END AS "Sites",
               o.confidential AS "Confidential"
          FROM isms.certificate c
          JOIN isms.certification_body b ON b.id = c.cb_id
          JOIN isms.organisation o ON o.id = c.organisation_id
          JOIN isms.standard st ON st.ref = c.standard
         CROSS JOIN LATERAL (SELECT isms.status_today(c) AS status) s
         CROSS JOIN LATERAL (
               -- ACC-3: listed while an active accreditation covers today, else ask
               SELECT CASE WHEN EXISTS (SELECT 1 FROM isms.accreditation a
                                         WHERE a.cb_id = c.cb_id AND a.scheme = st.scheme
                                           AND a.status = 'active' AND a.valid_from <= isms.today()
                                           AND (a.valid_until IS NULL OR a.valid_until >= isms.today()))
                           THEN true
                           ELSE (SELECT x.listed FROM isms.cert_accreditation(c.id, isms.today()) x) END AS listed) acc
         CROSS JOIN LATERAL (
               -- the date of the certificate's current revision: its last grant,
               -- recertification, restoration, scope change, transition or
               -- transfer (TRF-1; its label compared as text) in effect
               SELECT max(d.effective_date) AS issued
                 FROM isms.decision d
                WHERE d.certificate_id = c.id
                  AND (d.kind IN ('grant', 'recertify', 'restore', 'reduce_scope', 'extend_scope', 'transition')
                       OR d.kind::text = 'transfer')
                  AND d.effective_date <= isms.today()
                  AND NOT EXISTS (SELECT 1 FROM isms.decision x WHERE x.corrects = d.id)) i
         CROSS JOIN LATERAL (
               SELECT string_agg(DISTINCT ab.code, '; ') AS codes
                 FROM isms.accreditation a
                 JOIN isms.accreditation_body ab ON ab.id = a.ab_id
                WHERE a.cb_id = c.cb_id AND a.scheme = st.scheme AND a.valid_from <= isms.today()) ab
         CROSS JOIN LATERAL (
               SELECT string_agg(concat_ws(', ', si.name, si.street, concat_ws(' ', si.postal_code, si.city), si.country),
                                 '; ' ORDER BY si.name, si.id) AS list
                 FROM isms.certificate_site cs
                 JOIN isms.site si ON si.id = cs.site_id
                WHERE cs.certificate_id = c.id) sites
         WHERE c.original_certification_date IS NOT NULL;
    END;
