/* ====================================================================
 * Security: roles, row-level security, protected reference data
 *
 * Roles are cluster-wide and cannot belong to an extension, so
 * isms.setup_roles() creates them (run by a superuser, again after each
 * upgrade) and isms.registry_role maps them, by name, to what they do.
 * The policies below are part of the extension: they name no role, but ask
 * isms.registry_role whether the current user holds a role mapped to a
 * purpose (and, for writers of a certification body, to which body), so
 * they survive pg_dump and a restore into another cluster, where the same
 * role names are created by running isms.setup_roles() again.
 *
 * Roles without a mapping see no row of the registry tables; superusers
 * and the extension's owner bypass row-level security.
 * ==================================================================== */

CREATE TABLE isms.registry_role (
    role_name text PRIMARY KEY CHECK (role_name OPERATOR(pg_catalog.<>) ''),
    purpose text NOT NULL CHECK (purpose IN ('accreditation_body', 'cb_writers', 'cb_writer',
                                             'bi_reader', 'public', 'sweep')),
    cb_id bigint REFERENCES isms.certification_body,
    CONSTRAINT registry_role_cb CHECK ((purpose OPERATOR(pg_catalog.=) 'cb_writer') OPERATOR(pg_catalog.=) (cb_id IS NOT NULL))
);
COMMENT ON TABLE isms.registry_role IS
    'Roles of the registry, by name (so that the mapping survives a dump restored into another cluster): what each does, and for a certification body''s writer, which body; written by isms.setup_roles() and isms.setup_cb_writer(); each role sees its own rows';
COMMENT ON COLUMN isms.registry_role.role_name IS 'Name of the role (NOLOGIN; granted to the users who act in it)';
COMMENT ON COLUMN isms.registry_role.purpose IS 'accreditation_body, cb_writers (the group of all writers), cb_writer (the writer of one body), bi_reader, public or sweep';
COMMENT ON COLUMN isms.registry_role.cb_id IS 'For a cb_writer role: the certification body whose rows it reads and writes';
COMMENT ON CONSTRAINT registry_role_cb ON isms.registry_role IS 'exactly the cb_writer roles name a certification body';
SELECT pg_catalog.pg_extension_config_dump('isms.registry_role', '');

/*
 * The purposes of the current user: the mapped roles whose privileges it
 * has (pg_has_role USAGE: itself, or a role it inherits), by name; a name
 * of a role that does not exist (after a restore) counts for nothing.
 * Superusers bypass row-level security and act in no mapped role.
 */
CREATE FUNCTION isms.acts_as(purpose text) RETURNS boolean
    LANGUAGE plpgsql STABLE STRICT PARALLEL SAFE
    AS $$
BEGIN
    -- PL/pgSQL, whose plan is kept per session, and without a SET clause
    -- (every name is qualified): the policies call it once per query, and
    -- the rule triggers run many small queries.  Superusers bypass the
    -- policies, so what it says for them does not matter.
    RETURN EXISTS (
        SELECT 1 FROM isms.registry_role r
         WHERE r.purpose OPERATOR(pg_catalog.=) acts_as.purpose
           AND pg_catalog.pg_has_role(pg_catalog.to_regrole(pg_catalog.quote_ident(r.role_name)), 'USAGE'));
END $$;
COMMENT ON FUNCTION isms.acts_as(text) IS
    'Whether the current user has the privileges of a role that isms.registry_role maps to this purpose';

CREATE FUNCTION isms.acting_cbs() RETURNS bigint[]
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    AS $$
BEGIN
    RETURN (SELECT COALESCE(pg_catalog.array_agg(DISTINCT r.cb_id), '{}'::bigint[])
              FROM isms.registry_role r
             WHERE r.purpose OPERATOR(pg_catalog.=) 'cb_writer'
               AND pg_catalog.pg_has_role(pg_catalog.to_regrole(pg_catalog.quote_ident(r.role_name)), 'USAGE'));
END $$;
COMMENT ON FUNCTION isms.acting_cbs() IS
    'Certification bodies whose writer roles (isms.registry_role) the current user has the privileges of';

CREATE FUNCTION isms.acting_cb() RETURNS bigint
    LANGUAGE plpgsql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    cbs bigint[] := isms.acting_cbs();
BEGIN
    -- a superuser (who has every role) writes for no body by default
    IF (SELECT u.rolsuper FROM pg_roles u WHERE u.rolname = CURRENT_USER) THEN
        RETURN NULL;
    END IF;
    RETURN CASE WHEN cardinality(cbs) = 1 THEN cbs[1] END;
END $$;
COMMENT ON FUNCTION isms.acting_cb() IS
    'The certification body the current user writes for, if it writes for exactly one; else NULL, and NULL for superusers (default of isms.organisation.cb_id)';

-- Which certification body keeps an organisation's record.
ALTER TABLE isms.organisation
    ADD COLUMN cb_id bigint REFERENCES isms.certification_body DEFAULT isms.acting_cb();
COMMENT ON COLUMN isms.organisation.cb_id IS
    'Certification body that keeps this record: its writers read and change it (row-level security); NULL for a record kept by the accreditation body; defaults to the writer''s own body';
CREATE INDEX organisation_cb ON isms.organisation (cb_id);
COMMENT ON INDEX isms.organisation_cb IS 'organisations kept by a certification body, for row-level security';
CREATE INDEX certificate_cb ON isms.certificate (cb_id);
COMMENT ON INDEX isms.certificate_cb IS 'certificates of a certification body, for row-level security';

/* --------------------------------------------------------------------
 * Row-level security.  Policies are permissive and apply TO PUBLIC; each
 * says which purposes see or write which rows:
 *   AB  = isms.acts_as('accreditation_body'): every row (bodies,
 *         accreditations, reference data, imports for any CB);
 *   CB  = a certification body's writer: the rows of its bodies;
 *   SW  = the sweep: reads every row, writes derived certificate columns
 *         and SUR-3 suspensions.
 * The rule checks read and lock what they need (accreditations, auditor
 * registrations, other certificates' histories) as the owner of the
 * tables (spi_util.c), whoever writes: no role needs a privilege or a
 * policy for the checks' sake, and no policy hides a row from them.
 * -------------------------------------------------------------------- */

-- Reference data and bodies: anyone granted SELECT reads them; only the
-- accreditation body writes them (shipped rows stay read-only for all).
ALTER TABLE isms.scheme ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.scheme_setting ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.standard ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.edition_transition ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.audit_time ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.control ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.accreditation_body ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.certification_body ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.personnel_body ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.auditor ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.auditor_registration ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.accreditation ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.organisation ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.certificate ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.decision ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.registry_role ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.site ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.certificate_site ENABLE ROW LEVEL SECURITY;
ALTER TABLE isms.register_confirmation ENABLE ROW LEVEL SECURITY;

CREATE POLICY scheme_read ON isms.scheme FOR SELECT USING (true);
CREATE POLICY scheme_ab ON isms.scheme USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY scheme_setting_read ON isms.scheme_setting FOR SELECT USING (true);
CREATE POLICY scheme_setting_ab ON isms.scheme_setting USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY standard_read ON isms.standard FOR SELECT USING (true);
CREATE POLICY standard_ab ON isms.standard USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY edition_transition_read ON isms.edition_transition FOR SELECT USING (true);
CREATE POLICY edition_transition_ab ON isms.edition_transition USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY audit_time_read ON isms.audit_time FOR SELECT USING (true);
CREATE POLICY audit_time_ab ON isms.audit_time USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY control_read ON isms.control FOR SELECT USING (true);
CREATE POLICY control_ab ON isms.control USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY accreditation_body_read ON isms.accreditation_body FOR SELECT USING (true);
CREATE POLICY accreditation_body_ab ON isms.accreditation_body USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY certification_body_read ON isms.certification_body FOR SELECT USING (true);
CREATE POLICY certification_body_ab ON isms.certification_body USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY personnel_body_read ON isms.personnel_body FOR SELECT USING (true);
CREATE POLICY personnel_body_ab ON isms.personnel_body USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY auditor_read ON isms.auditor FOR SELECT USING (true);
CREATE POLICY auditor_ab ON isms.auditor USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY auditor_registration_read ON isms.auditor_registration FOR SELECT USING (true);
CREATE POLICY auditor_registration_ab ON isms.auditor_registration USING ((SELECT isms.acts_as('accreditation_body')));

-- Accreditations: the accreditation body writes them; a writer reads
-- those of its bodies; the sweep reads them all.
CREATE POLICY accreditation_read ON isms.accreditation FOR SELECT
    USING ((SELECT isms.acts_as('sweep'))
           OR cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[]));
CREATE POLICY accreditation_ab ON isms.accreditation USING ((SELECT isms.acts_as('accreditation_body')));

-- Organisations: those a writer's body keeps, and those it certifies.
CREATE POLICY organisation_read ON isms.organisation FOR SELECT
    USING (cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])
           OR EXISTS (SELECT 1 FROM isms.certificate c
                       WHERE c.organisation_id OPERATOR(pg_catalog.=) organisation.id
                         AND c.cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])
                    OFFSET 0));
CREATE POLICY organisation_ab ON isms.organisation USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY organisation_cb ON isms.organisation
    USING (cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[]));

-- Certificates: a writer's body's own; the sweep reads all and writes the
-- derived columns (the certificate guard lets only isms write them).
CREATE POLICY certificate_ab ON isms.certificate USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY certificate_cb ON isms.certificate
    USING (cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[]));
CREATE POLICY certificate_sweep_read ON isms.certificate FOR SELECT USING ((SELECT isms.acts_as('sweep')));
CREATE POLICY certificate_sweep_update ON isms.certificate FOR UPDATE
    USING ((SELECT isms.acts_as('sweep'))) WITH CHECK ((SELECT isms.acts_as('sweep')));

-- Audits and decisions: those of the certificates a writer may see.  The
-- subqueries are correlated and kept so by OFFSET 0 (which stops the
-- planner from turning them into a hash of every visible certificate):
-- the rule triggers' queries for one certificate probe one row.
CREATE POLICY audit_ab ON isms.audit USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY audit_cb ON isms.audit
    USING (EXISTS (SELECT 1 FROM isms.certificate c
                    WHERE c.id OPERATOR(pg_catalog.=) audit.certificate_id
                      AND c.cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])
                    OFFSET 0));
CREATE POLICY audit_sweep_read ON isms.audit FOR SELECT USING ((SELECT isms.acts_as('sweep')));
CREATE POLICY decision_ab ON isms.decision USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY decision_cb ON isms.decision
    USING (EXISTS (SELECT 1 FROM isms.certificate c
                    WHERE c.id OPERATOR(pg_catalog.=) decision.certificate_id
                      AND c.cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])
                    OFFSET 0));
CREATE POLICY decision_sweep_read ON isms.decision FOR SELECT USING ((SELECT isms.acts_as('sweep')));
-- SUR-3: the sweep's suspensions are recorded by isms.sweep() itself, as
-- the tables' owner (sweep.c): the sweep role inserts no decision.

-- Sites: those of the organisations a writer's body keeps (written), and
-- of those it certifies (read), as for the organisations themselves.
CREATE POLICY site_read ON isms.site FOR SELECT
    USING (organisation_id IN (SELECT o.id FROM isms.organisation o
                                WHERE o.cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[]))
           OR organisation_id IN (SELECT c.organisation_id FROM isms.certificate c
                                   WHERE c.cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])));
CREATE POLICY site_ab ON isms.site USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY site_cb ON isms.site
    USING (organisation_id IN (SELECT o.id FROM isms.organisation o
                                WHERE o.cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])));

-- The sites a certificate covers: those of a writer's body's certificates.
CREATE POLICY certificate_site_ab ON isms.certificate_site USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY certificate_site_cb ON isms.certificate_site
    USING (certificate_id IN (SELECT c.id FROM isms.certificate c
                               WHERE c.cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[])));

-- Confirmations of the register (PUB-2): a writer reads and records its
-- body's; the accreditation body reads them all.
CREATE POLICY register_confirmation_ab ON isms.register_confirmation
    USING ((SELECT isms.acts_as('accreditation_body')));
CREATE POLICY register_confirmation_cb ON isms.register_confirmation
    USING (cb_id OPERATOR(pg_catalog.=) ANY ((SELECT isms.acting_cbs())::bigint[]));

-- The role mapping: each role sees its own rows; only superusers write.
CREATE POLICY registry_role_own ON isms.registry_role FOR SELECT
    USING (pg_catalog.pg_has_role(pg_catalog.to_regrole(pg_catalog.quote_ident(role_name)), 'USAGE'));
GRANT SELECT ON isms.registry_role TO PUBLIC;

COMMENT ON POLICY scheme_read ON isms.scheme IS 'reference data: readable by every role granted SELECT';
COMMENT ON POLICY scheme_ab ON isms.scheme IS 'reference data: written by the accreditation body';
COMMENT ON POLICY scheme_setting_read ON isms.scheme_setting IS 'reference data: readable by every role granted SELECT';
COMMENT ON POLICY scheme_setting_ab ON isms.scheme_setting IS 'reference data: written by the accreditation body';
COMMENT ON POLICY standard_read ON isms.standard IS 'reference data: readable by every role granted SELECT';
COMMENT ON POLICY standard_ab ON isms.standard IS 'reference data: written by the accreditation body';
COMMENT ON POLICY edition_transition_read ON isms.edition_transition IS 'reference data: readable by every role granted SELECT';
COMMENT ON POLICY edition_transition_ab ON isms.edition_transition IS 'reference data: written by the accreditation body';
COMMENT ON POLICY audit_time_read ON isms.audit_time IS 'reference data: readable by every role granted SELECT';
COMMENT ON POLICY audit_time_ab ON isms.audit_time IS 'reference data: written by the accreditation body';
COMMENT ON POLICY control_read ON isms.control IS 'reference data: readable by every role granted SELECT';
COMMENT ON POLICY control_ab ON isms.control IS 'reference data: written by the accreditation body';
COMMENT ON POLICY accreditation_body_read ON isms.accreditation_body IS 'bodies: readable by every role granted SELECT';
COMMENT ON POLICY accreditation_body_ab ON isms.accreditation_body IS 'bodies: written by the accreditation body';
COMMENT ON POLICY certification_body_read ON isms.certification_body IS 'bodies: readable by every role granted SELECT';
COMMENT ON POLICY certification_body_ab ON isms.certification_body IS 'bodies: written by the accreditation body';
COMMENT ON POLICY personnel_body_read ON isms.personnel_body IS 'bodies: readable by every role granted SELECT';
COMMENT ON POLICY personnel_body_ab ON isms.personnel_body IS 'bodies: written by the accreditation body';
COMMENT ON POLICY auditor_read ON isms.auditor IS 'auditors: readable by every role granted SELECT';
COMMENT ON POLICY auditor_ab ON isms.auditor IS 'auditors: written by the accreditation body';
COMMENT ON POLICY auditor_registration_read ON isms.auditor_registration IS 'registrations: readable by every role granted SELECT';
COMMENT ON POLICY auditor_registration_ab ON isms.auditor_registration IS 'registrations: written by the accreditation body';
COMMENT ON POLICY accreditation_read ON isms.accreditation IS 'a writer reads the accreditations of its bodies, the sweep all';
COMMENT ON POLICY accreditation_ab ON isms.accreditation IS 'accreditations: written by the accreditation body';
COMMENT ON POLICY organisation_read ON isms.organisation IS 'a writer reads the organisations its body keeps or certifies';
COMMENT ON POLICY organisation_ab ON isms.organisation IS 'organisations: the accreditation body reads and writes all';
COMMENT ON POLICY organisation_cb ON isms.organisation IS 'a writer writes the organisations its body keeps';
COMMENT ON POLICY certificate_ab ON isms.certificate IS 'certificates: the accreditation body reads and writes all (imports)';
COMMENT ON POLICY certificate_cb ON isms.certificate IS 'a writer reads and writes its body''s certificates';
COMMENT ON POLICY certificate_sweep_read ON isms.certificate IS 'the sweep reads every certificate';
COMMENT ON POLICY certificate_sweep_update ON isms.certificate IS 'the sweep stores derived columns of every certificate';
COMMENT ON POLICY audit_ab ON isms.audit IS 'audits: the accreditation body reads and writes all (imports)';
COMMENT ON POLICY audit_cb ON isms.audit IS 'a writer reads and writes the audits of its body''s certificates';
COMMENT ON POLICY audit_sweep_read ON isms.audit IS 'the sweep reads every audit';
COMMENT ON POLICY decision_ab ON isms.decision IS 'decisions: the accreditation body reads and records all (imports)';
COMMENT ON POLICY decision_cb ON isms.decision IS 'a writer reads and records the decisions of its body''s certificates';
COMMENT ON POLICY decision_sweep_read ON isms.decision IS 'the sweep reads every decision';
COMMENT ON POLICY registry_role_own ON isms.registry_role IS 'each role sees its own mapping';
COMMENT ON POLICY site_read ON isms.site IS 'a writer reads the sites of the organisations its body keeps or certifies';
COMMENT ON POLICY site_ab ON isms.site IS 'sites: the accreditation body reads and writes all';
COMMENT ON POLICY site_cb ON isms.site IS 'a writer writes the sites of the organisations its body keeps';
COMMENT ON POLICY certificate_site_ab ON isms.certificate_site IS 'sites of certificates: the accreditation body reads and writes all';
COMMENT ON POLICY certificate_site_cb ON isms.certificate_site IS 'a writer reads and writes the sites of its body''s certificates';
COMMENT ON POLICY register_confirmation_ab ON isms.register_confirmation IS 'confirmations: the accreditation body reads and writes all';
COMMENT ON POLICY register_confirmation_cb ON isms.register_confirmation IS 'a writer reads and records its body''s confirmations (PUB-2)';

/* --------------------------------------------------------------------
 * Links a row-level security check cannot see: the foreign keys are
 * checked by PostgreSQL as the table owner, so a writer could otherwise
 * name a row it may not read (another body's organisation as its client,
 * another body's certificate as a base, audit to combine with or decision
 * to correct).  The rule checks read as the tables' owner too (spi_util.c),
 * so these triggers are named to fire first: a link to a row the writer
 * may not read is refused before a check could read that row or quote it
 * in a message.
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.rls_links() RETURNS trigger
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

CREATE TRIGGER certificate_05_rls_links BEFORE INSERT ON isms.certificate
    FOR EACH ROW EXECUTE FUNCTION isms.rls_links();
CREATE TRIGGER certificate_05_rls_changes BEFORE UPDATE ON isms.certificate
    FOR EACH ROW WHEN (NEW.organisation_id IS DISTINCT FROM OLD.organisation_id
                       OR NEW.base_certificate_id IS DISTINCT FROM OLD.base_certificate_id
                       OR NEW.scope_statement IS DISTINCT FROM OLD.scope_statement
                       OR NEW.standard IS DISTINCT FROM OLD.standard
                       OR NEW.scope IS DISTINCT FROM OLD.scope)
    EXECUTE FUNCTION isms.rls_links();
CREATE TRIGGER audit_05_rls_links BEFORE INSERT OR UPDATE OF combined_with ON isms.audit
    FOR EACH ROW WHEN (NEW.combined_with IS NOT NULL) EXECUTE FUNCTION isms.rls_links();
CREATE TRIGGER decision_05_rls_links BEFORE INSERT ON isms.decision
    FOR EACH ROW WHEN (NEW.corrects IS NOT NULL) EXECUTE FUNCTION isms.rls_links();
COMMENT ON TRIGGER certificate_05_rls_links ON isms.certificate IS 'under row-level security, the organisation and base certificate are rows the writer may read';
COMMENT ON TRIGGER certificate_05_rls_changes ON isms.certificate IS 'under row-level security, a changed organisation or base is a row the writer may read, and only the certificate''s body (or the accreditation body) changes the scope, standard or links of a certificate without decisions';
COMMENT ON TRIGGER audit_05_rls_links ON isms.audit IS 'under row-level security, the audit combined with is one the writer may read';
COMMENT ON TRIGGER decision_05_rls_links ON isms.decision IS 'under row-level security, the corrected decision is one the writer may read';

/* --------------------------------------------------------------------
 * TRUNCATE: every table holds rows that others rely on (shipped reference
 * rows, bodies, the registry); TRUNCATE skips the row triggers and the
 * foreign keys' checks, so it is refused on all of them by one trigger
 * function, isms.no_truncate() (trg_reference.c), with one message.
 * (isms.audit, isms.accreditation and isms.auditor_registration get theirs
 * in 60_triggers.sql; isms.decision is refused by LOG-1.)
 * -------------------------------------------------------------------- */
CREATE TRIGGER scheme_truncate BEFORE TRUNCATE ON isms.scheme
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER scheme_setting_truncate BEFORE TRUNCATE ON isms.scheme_setting
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER standard_truncate BEFORE TRUNCATE ON isms.standard
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER edition_transition_truncate BEFORE TRUNCATE ON isms.edition_transition
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER audit_time_truncate BEFORE TRUNCATE ON isms.audit_time
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER control_truncate BEFORE TRUNCATE ON isms.control
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER accreditation_body_truncate BEFORE TRUNCATE ON isms.accreditation_body
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER certification_body_truncate BEFORE TRUNCATE ON isms.certification_body
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER organisation_truncate BEFORE TRUNCATE ON isms.organisation
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER personnel_body_truncate BEFORE TRUNCATE ON isms.personnel_body
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER auditor_truncate BEFORE TRUNCATE ON isms.auditor
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER certificate_truncate BEFORE TRUNCATE ON isms.certificate
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER registry_role_truncate BEFORE TRUNCATE ON isms.registry_role
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER site_truncate BEFORE TRUNCATE ON isms.site
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER certificate_site_truncate BEFORE TRUNCATE ON isms.certificate_site
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
CREATE TRIGGER register_confirmation_truncate BEFORE TRUNCATE ON isms.register_confirmation
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
COMMENT ON TRIGGER scheme_truncate ON isms.scheme IS 'schemes are deleted, not truncated';
COMMENT ON TRIGGER scheme_setting_truncate ON isms.scheme_setting IS 'scheme settings are deleted, not truncated';
COMMENT ON TRIGGER standard_truncate ON isms.standard IS 'standards are deleted, not truncated';
COMMENT ON TRIGGER edition_transition_truncate ON isms.edition_transition IS 'edition transitions are deleted, not truncated (TRN-2, TRN-3)';
COMMENT ON TRIGGER audit_time_truncate ON isms.audit_time IS 'audit-time rows are deleted, not truncated (TIME-2)';
COMMENT ON TRIGGER control_truncate ON isms.control IS 'controls are deleted, not truncated';
COMMENT ON TRIGGER accreditation_body_truncate ON isms.accreditation_body IS 'accreditation bodies are deleted, not truncated';
COMMENT ON TRIGGER certification_body_truncate ON isms.certification_body IS 'certification bodies are deleted, not truncated';
COMMENT ON TRIGGER organisation_truncate ON isms.organisation IS 'organisations are deleted, not truncated';
COMMENT ON TRIGGER personnel_body_truncate ON isms.personnel_body IS 'personnel certification bodies are deleted, not truncated';
COMMENT ON TRIGGER auditor_truncate ON isms.auditor IS 'auditors are deleted, not truncated';
COMMENT ON TRIGGER certificate_truncate ON isms.certificate IS 'certificates are deleted, not truncated';
COMMENT ON TRIGGER registry_role_truncate ON isms.registry_role IS 'role mappings are deleted, not truncated';
COMMENT ON TRIGGER site_truncate ON isms.site IS 'sites are deleted, not truncated';
COMMENT ON TRIGGER certificate_site_truncate ON isms.certificate_site IS 'sites of certificates are deleted, not truncated';
COMMENT ON TRIGGER register_confirmation_truncate ON isms.register_confirmation IS 'confirmations of the register are deleted, not truncated (PUB-2)';

/* --------------------------------------------------------------------
 * A change of the standards or edition transitions can change what
 * recorded histories mean today (TRN-3 expiry of an old edition, STD-1
 * adoptions, ADD-5 through a base): when the transaction that makes it
 * commits, the stored columns of the certificates concerned are refreshed
 * (refresh.c), as the tables' owner, so that no stored status is left
 * behind isms.status_at() on the register's today (isms.today()).
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.reference_statuses() RETURNS trigger
    AS 'MODULE_PATHNAME', 'isms_reference_statuses' LANGUAGE C VOLATILE PARALLEL UNSAFE;
COMMENT ON FUNCTION isms.reference_statuses() IS
    'Trigger: at commit, the stored columns of the certificates of changed standards or edition transitions (and of their add-ons) are brought up to date';

CREATE CONSTRAINT TRIGGER standard_statuses AFTER INSERT OR UPDATE OR DELETE ON isms.standard
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION isms.reference_statuses();
CREATE CONSTRAINT TRIGGER edition_transition_statuses AFTER INSERT OR UPDATE OR DELETE ON isms.edition_transition
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION isms.reference_statuses();
COMMENT ON TRIGGER standard_statuses ON isms.standard IS 'at commit, the stored statuses the change concerns are refreshed';
COMMENT ON TRIGGER edition_transition_statuses ON isms.edition_transition IS 'at commit, the stored statuses the change concerns are refreshed';
COMMENT ON CONSTRAINT standard_statuses ON isms.standard IS 'stored statuses are refreshed at commit (constraint trigger)';
COMMENT ON CONSTRAINT edition_transition_statuses ON isms.edition_transition IS 'stored statuses are refreshed at commit (constraint trigger)';

REVOKE EXECUTE ON FUNCTION isms.rls_links(), isms.reference_statuses()
    FROM PUBLIC;

-- The sweep writes every certificate, a refresh those it is given: only
-- the sweep role and the accreditation body run them.
REVOKE EXECUTE ON FUNCTION isms.sweep(date), isms.refresh(bigint[]) FROM PUBLIC;

/* --------------------------------------------------------------------
 * TIME-1: above its last band a table goes on by the ratio of its last
 * two upper bounds (isms.audit_days).  A ratio too close to 1 would need
 * millions of further bands to reach the largest number of persons, and
 * every audit_days() call would compute them: such a table is refused when
 * written.  Each further band's bound is at least the previous one times
 * P2 / P1, so ln(2147483647 / P2) / ln(P2 / P1) bounds their number.
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.audit_time_progression() RETURNS trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    r record;
BEGIN
    SELECT x.scheme, x.p1, x.p2,
           pg_catalog.ceil(pg_catalog.ln(2147483647.0 / x.p2) / pg_catalog.ln(x.p2::numeric / x.p1)) AS bands
      INTO r
      FROM (SELECT t.scheme, t.persons_max AS p2,
                   pg_catalog.lag(t.persons_max) OVER (PARTITION BY t.scheme ORDER BY t.persons_max) AS p1,
                   pg_catalog.row_number() OVER (PARTITION BY t.scheme ORDER BY t.persons_max DESC) AS last
              FROM isms.audit_time t WHERE NOT t.shipped) x
     WHERE x.last = 1 AND x.p1 IS NOT NULL AND x.p2 < 2147483647
       AND pg_catalog.ln(2147483647.0 / x.p2) / pg_catalog.ln(x.p2::numeric / x.p1) > 1000
     ORDER BY x.scheme LIMIT 1;
    IF FOUND THEN
        RAISE EXCEPTION USING
            ERRCODE = 'check_violation',
            MESSAGE = pg_catalog.format('audit-time table of scheme "%s" grows too slowly above its last band', r.scheme),
            DETAIL = pg_catalog.format('Rule TIME-1: above its last band a table goes on by the ratio of its last two upper bounds (%s / %s); it would take %s further bands to reach 2147483647 persons, and at most 1000 are allowed.',
                                       r.p2, r.p1, r.bands),
            HINT = 'Make the last upper bound larger relative to the one before it, or add a last band for the largest organisations.',
            CONSTRAINT = 'TIME-1', TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
    END IF;
    RETURN NULL;
END $$;
COMMENT ON FUNCTION isms.audit_time_progression() IS
    'Trigger: TIME-1, a registry''s own audit-time table whose progression would need more than 1000 further bands is refused';
CREATE TRIGGER audit_time_progression AFTER INSERT OR UPDATE OR DELETE ON isms.audit_time
    FOR EACH STATEMENT EXECUTE FUNCTION isms.audit_time_progression();
COMMENT ON TRIGGER audit_time_progression ON isms.audit_time IS
    'TIME-1: after each statement, the progression of a registry''s own table reaches the largest number of persons in at most 1000 further bands';
REVOKE EXECUTE ON FUNCTION isms.audit_time_progression() FROM PUBLIC;

/* --------------------------------------------------------------------
 * Triggers on the tables of isms run in every writer's transaction (and
 * the sweep's): only superusers create them, whatever privileges a role
 * was granted (GRANT ALL includes TRIGGER).
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.ddl_guard() RETURNS event_trigger
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    r record;
    tbl text;
BEGIN
    IF coalesce((SELECT u.rolsuper FROM pg_catalog.pg_roles u WHERE u.rolname = CURRENT_USER), false) THEN
        RETURN;
    END IF;
    FOR r IN SELECT * FROM pg_catalog.pg_event_trigger_ddl_commands() LOOP
        SELECT c.relname INTO tbl
          FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
         WHERE r.classid = 'pg_catalog.pg_trigger'::pg_catalog.regclass AND t.oid = r.objid
           AND c.relnamespace = 'isms'::pg_catalog.regnamespace;
        IF tbl IS NOT NULL THEN
            RAISE EXCEPTION USING
                ERRCODE = 'insufficient_privilege',
                MESSAGE = pg_catalog.format('permission denied to create a trigger on table "%s"', tbl),
                DETAIL = pg_catalog.format('A trigger on a table of isms runs in every writer''s transaction and could rewrite what the rules checked; role "%s" is not a superuser.', CURRENT_USER),
                HINT = 'Revoke the TRIGGER privilege on the tables of isms (see isms.dangerous_grants()).',
                SCHEMA = 'isms', TABLE = tbl;
        END IF;
    END LOOP;
END $$;
COMMENT ON FUNCTION isms.ddl_guard() IS
    'Event trigger: only superusers create triggers on the tables of isms';
CREATE EVENT TRIGGER isms_ddl_guard ON ddl_command_end
    WHEN TAG IN ('CREATE TRIGGER')
    EXECUTE FUNCTION isms.ddl_guard();
COMMENT ON EVENT TRIGGER isms_ddl_guard IS 'only superusers create triggers on the tables of isms';
REVOKE EXECUTE ON FUNCTION isms.ddl_guard() FROM PUBLIC;

/* --------------------------------------------------------------------
 * Setting up the roles
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.setup_roles(prefix text DEFAULT 'isms_')
    RETURNS TABLE (role_name text, purpose text)
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    ab text := prefix || 'accreditation_body';
    cbw text := prefix || 'cb_writers';
    bi text := prefix || 'bi_reader';
    pub text := prefix || 'public';
    sw text := prefix || 'sweep';
    r record;
    reference_tables text := 'isms.scheme, isms.scheme_setting, isms.standard, isms.edition_transition,'
        ' isms.audit_time, isms.control, isms.accreditation_body, isms.certification_body, isms.personnel_body,'
        ' isms.auditor, isms.auditor_registration, isms.accreditation';
    registry_tables text := 'isms.organisation, isms.certificate, isms.audit, isms.site, isms.certificate_site';
BEGIN
    IF NOT coalesce((SELECT u.rolsuper FROM pg_catalog.pg_roles u WHERE u.rolname = CURRENT_USER), false) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'only a superuser can set up the roles of isms',
            DETAIL = pg_catalog.format('Role "%s" is not a superuser; the setup creates roles and grants privileges on the tables of the extension.', CURRENT_USER),
            HINT = 'Run isms.setup_roles() as the superuser that created the extension.';
    END IF;
    IF prefix IS NULL OR prefix !~ '^[a-z_][a-z0-9_]{0,39}$' THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('invalid role name prefix "%s"', pg_catalog.left(prefix, 64)),
            DETAIL = 'A prefix is a lower-case letter or "_", then up to 39 lower-case letters, digits or "_".',
            HINT = 'Use the default ''isms_'' or a prefix such as ''registry_''.';
    END IF;

    FOR r IN SELECT * FROM (VALUES (ab, 'accreditation_body'), (cbw, 'cb_writers'), (bi, 'bi_reader'),
                                   (pub, 'public'), (sw, 'sweep')) AS v(name, purpose) LOOP
        IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles u WHERE u.rolname = r.name) THEN
            EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', r.name);
            EXECUTE pg_catalog.format('COMMENT ON ROLE %I IS %L', r.name,
                                      'isms: ' || pg_catalog.replace(r.purpose, '_', ' ') || ' (isms.setup_roles)');
        ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_roles u WHERE u.rolname = r.name
                       AND (u.rolsuper OR u.rolbypassrls)) THEN
            RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
                MESSAGE = pg_catalog.format('role "%s" exists and is a superuser or bypasses row-level security', r.name),
                DETAIL = 'The roles of isms are ordinary roles: row-level security must apply to them.',
                HINT = 'Choose another prefix, or remove SUPERUSER and BYPASSRLS from the role.';
        END IF;
        INSERT INTO isms.registry_role AS m (role_name, purpose, cb_id) VALUES (r.name, r.purpose, NULL)
            ON CONFLICT ON CONSTRAINT registry_role_pkey
            DO UPDATE SET purpose = EXCLUDED.purpose, cb_id = NULL;
    END LOOP;

    -- accreditation body: bodies, accreditations, reference data, imports
    EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA isms TO %I, %I, %I', ab, cbw, sw);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s, %s TO %I',
                              reference_tables, registry_tables, ab);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT ON isms.decision TO %I', ab);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE, DELETE ON isms.register_confirmation TO %I', ab);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION isms.sweep(date), isms.refresh(bigint[]) TO %I, %I', ab, sw);
    -- certification body writers: their body's registry rows; reference
    -- data read (the checks lock accreditations and registrations as the
    -- tables' owner: no UPDATE on them, and none left from older setups)
    EXECUTE pg_catalog.format('GRANT SELECT ON %s TO %I', reference_tables, cbw);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO %I', registry_tables, cbw);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT ON isms.decision TO %I', cbw);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT ON isms.register_confirmation TO %I', cbw);
    EXECUTE pg_catalog.format('REVOKE UPDATE (accreditation_number) ON isms.accreditation FROM %I, %I', cbw, sw);
    EXECUTE pg_catalog.format('REVOKE UPDATE (registration_number) ON isms.auditor_registration FROM %I, %I', cbw, sw);
    -- sweep: reads everything, stores derived columns, records SUR-3 suspensions
    EXECUTE pg_catalog.format('GRANT SELECT ON %s, isms.certificate, isms.audit, isms.decision TO %I', reference_tables, sw);
    -- (the derived columns, those the store rewrites, and base_certificate_id,
    -- which queues the ADD-7 check; not the body, organisation or number)
    EXECUTE pg_catalog.format('GRANT UPDATE (status, original_certification_date, cycle_start, expiry_date,'
                              ' revision, scope_statement, standard, scope, base_certificate_id)'
                              ' ON isms.certificate TO %I', sw);
    EXECUTE pg_catalog.format('REVOKE INSERT ON isms.decision FROM %I', sw);
    -- BI reader and public: the views (and functions) of their schemas
    EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA isms_bi TO %I', bi);
    EXECUTE pg_catalog.format('GRANT SELECT ON ALL TABLES IN SCHEMA isms_bi TO %I', bi);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA isms_bi TO %I', bi);
    EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA isms_public TO %I', pub);
    EXECUTE pg_catalog.format('GRANT SELECT ON ALL TABLES IN SCHEMA isms_public TO %I', pub);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA isms_public TO %I', pub);
    -- the change feed (doc/feed.md): row-level security picks the events
    EXECUTE pg_catalog.format('GRANT USAGE ON SCHEMA isms TO %I, %I', bi, pub);
    EXECUTE pg_catalog.format('GRANT SELECT ON isms.change_event, isms.change_commit, isms.sweep_run TO %I, %I, %I, %I, %I',
                              ab, cbw, bi, pub, sw);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT, DELETE ON isms.watchlist TO %I, %I, %I, %I, %I', ab, cbw, bi, pub, sw);
    EXECUTE pg_catalog.format('GRANT SELECT ON isms.sweep_status TO %I, %I, %I', ab, bi, sw);
    EXECUTE pg_catalog.format('GRANT EXECUTE ON FUNCTION isms.prune_events(bigint), isms.prune_events(interval) TO %I, %I', ab, sw);
    -- imports (doc/registers.md): row-level security picks the runs
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT, DELETE ON isms.import_run, isms.import_error TO %I', ab);
    EXECUTE pg_catalog.format('GRANT SELECT, INSERT ON isms.import_run, isms.import_error TO %I', cbw);

    RETURN QUERY SELECT m.role_name, m.purpose FROM isms.registry_role m
                  WHERE m.role_name IN (ab, cbw, bi, pub, sw) ORDER BY m.role_name;
END $$;
COMMENT ON FUNCTION isms.setup_roles(text) IS
    'Creates (if missing) the NOLOGIN roles <prefix>accreditation_body, <prefix>cb_writers, <prefix>bi_reader, <prefix>public and <prefix>sweep, grants what each needs, and maps them in isms.registry_role; idempotent; superuser only; run again after each upgrade';

CREATE FUNCTION isms.setup_cb_writer(cb_code text, role_name text DEFAULT NULL, prefix text DEFAULT 'isms_')
    RETURNS text
    LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    cb bigint;
    name text;
    grp text := prefix || 'cb_writers';
BEGIN
    IF NOT coalesce((SELECT u.rolsuper FROM pg_catalog.pg_roles u WHERE u.rolname = CURRENT_USER), false) THEN
        RAISE EXCEPTION USING ERRCODE = 'insufficient_privilege',
            MESSAGE = 'only a superuser can set up the roles of isms',
            DETAIL = pg_catalog.format('Role "%s" is not a superuser; the setup creates roles and maps them to certification bodies.', CURRENT_USER),
            HINT = 'Run isms.setup_cb_writer() as the superuser that created the extension.';
    END IF;
    SELECT b.id INTO cb FROM isms.certification_body b WHERE b.code = cb_code;
    IF cb IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('certification body "%s" does not exist', pg_catalog.left(cb_code, 64)),
            DETAIL = 'A writer role is mapped to a row of isms.certification_body, named by its code.',
            HINT = 'Record the body in isms.certification_body first.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM isms.registry_role m WHERE m.role_name = grp AND m.purpose = 'cb_writers') THEN
        RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state',
            MESSAGE = pg_catalog.format('role "%s" is not set up', grp),
            DETAIL = 'The writers of each certification body are members of the group of all writers, which holds their privileges.',
            HINT = pg_catalog.format('Call isms.setup_roles(%L) first.', prefix);
    END IF;
    name := coalesce(role_name,
                     prefix || 'cb_' || pg_catalog.lower(pg_catalog.regexp_replace(cb_code, '[^A-Za-z0-9]+', '_', 'g')));
    IF name = '' OR pg_catalog.octet_length(name) > 63 THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('invalid role name "%s"', pg_catalog.left(name, 64)),
            DETAIL = 'A role name has 1 to 63 bytes.',
            HINT = 'Give role_name.';
    END IF;
    IF EXISTS (SELECT 1 FROM isms.registry_role m WHERE m.role_name = name
                AND (m.purpose <> 'cb_writer' OR m.cb_id <> cb)) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('role "%s" already has another purpose in isms', name),
            DETAIL = 'Each role of isms.registry_role has one purpose, and a writer role writes for one certification body.',
            HINT = 'Choose another role name.';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles u WHERE u.rolname = name) THEN
        EXECUTE pg_catalog.format('CREATE ROLE %I NOLOGIN', name);
        EXECUTE pg_catalog.format('COMMENT ON ROLE %I IS %L', name,
                                  'isms: writer of certification body ' || cb_code || ' (isms.setup_cb_writer)');
    ELSIF EXISTS (SELECT 1 FROM pg_catalog.pg_roles u WHERE u.rolname = name
                   AND (u.rolsuper OR u.rolbypassrls)) THEN
        RAISE EXCEPTION USING ERRCODE = 'invalid_parameter_value',
            MESSAGE = pg_catalog.format('role "%s" exists and is a superuser or bypasses row-level security', name),
            DETAIL = 'The roles of isms are ordinary roles: row-level security must apply to them.',
            HINT = 'Choose another role name.';
    END IF;
    IF NOT pg_catalog.pg_has_role(name, grp, 'MEMBER') THEN
        EXECUTE pg_catalog.format('GRANT %I TO %I', grp, name);
    END IF;
    INSERT INTO isms.registry_role (role_name, purpose, cb_id) VALUES (name, 'cb_writer', cb)
        ON CONFLICT ON CONSTRAINT registry_role_pkey DO NOTHING;
    RETURN name;
END $$;
COMMENT ON FUNCTION isms.setup_cb_writer(text, text, text) IS
    'Creates (if missing) the NOLOGIN writer role of a certification body (default <prefix>cb_<code>), makes it a member of <prefix>cb_writers and maps it to the body in isms.registry_role; idempotent; superuser only; returns the role name';

REVOKE EXECUTE ON FUNCTION isms.setup_roles(text), isms.setup_cb_writer(text, text, text) FROM PUBLIC;

/* --------------------------------------------------------------------
 * What an operator checks: grants and objects that would let a role
 * bypass the rules.
 * -------------------------------------------------------------------- */
CREATE FUNCTION isms.dangerous_grants()
    RETURNS TABLE (object text, grantee text, issue text)
    LANGUAGE sql STABLE PARALLEL SAFE
    BEGIN ATOMIC
        WITH ext AS (
            SELECT e.oid, e.extowner FROM pg_catalog.pg_extension e
             WHERE e.extname OPERATOR(pg_catalog.=) 'isms'
        ), rel AS (
            SELECT c.oid, c.relname, c.relkind, c.relowner, c.relacl, c.relrowsecurity
              FROM pg_catalog.pg_class c
             WHERE c.relnamespace OPERATOR(pg_catalog.=) 'isms'::pg_catalog.regnamespace
               AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p,v,m,S,f}'::"char"[])
        ), acl AS (
            SELECT r.relname, r.relkind, r.relowner, a.grantee, a.privilege_type, a.is_grantable
              FROM rel r, pg_catalog.aclexplode(r.relacl) a
        )
        -- TRUNCATE skips the row triggers; TRIGGER lets a role run code in
        -- every writer's transaction; REFERENCES lets a role block deletes
        -- and probe values
        SELECT 'isms.' OPERATOR(pg_catalog.||) a.relname,
               CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                    ELSE a.grantee::pg_catalog.regrole::pg_catalog.text END,
               a.privilege_type OPERATOR(pg_catalog.||) ' granted'
          FROM acl a
         WHERE a.grantee OPERATOR(pg_catalog.<>) a.relowner
           AND a.privilege_type OPERATOR(pg_catalog.=) ANY ('{TRUNCATE,TRIGGER,REFERENCES}'::text[])
        UNION ALL
        -- anything to PUBLIC but reading the role mapping
        SELECT 'isms.' OPERATOR(pg_catalog.||) a.relname, 'PUBLIC',
               a.privilege_type OPERATOR(pg_catalog.||) ' granted to PUBLIC'
          FROM acl a
         WHERE a.grantee OPERATOR(pg_catalog.=) 0
           AND a.privilege_type OPERATOR(pg_catalog.<>) ALL ('{TRUNCATE,TRIGGER,REFERENCES}'::text[])
           AND NOT (a.relname OPERATOR(pg_catalog.=) 'registry_role'
                    AND a.privilege_type OPERATOR(pg_catalog.=) 'SELECT')
        UNION ALL
        SELECT 'isms.' OPERATOR(pg_catalog.||) a.relname,
               a.grantee::pg_catalog.regrole::pg_catalog.text,
               a.privilege_type OPERATOR(pg_catalog.||) ' granted WITH GRANT OPTION'
          FROM acl a
         WHERE a.is_grantable AND a.grantee OPERATOR(pg_catalog.<>) a.relowner
           AND a.grantee OPERATOR(pg_catalog.<>) 0
        UNION ALL
        -- CREATE on the schema: objects that capture names, triggers' helpers
        SELECT 'schema ' OPERATOR(pg_catalog.||) n.nspname,
               CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
                    ELSE a.grantee::pg_catalog.regrole::pg_catalog.text END,
               'CREATE granted'
          FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
         WHERE n.nspname OPERATOR(pg_catalog.=) ANY ('{isms,isms_bi,isms_public}'::name[])
           AND a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'
           AND a.grantee OPERATOR(pg_catalog.<>) n.nspowner
        UNION ALL
        -- objects of the schema owned by a role that is not a superuser
        SELECT 'isms.' OPERATOR(pg_catalog.||) r.relname, r.relowner::pg_catalog.regrole::pg_catalog.text,
               'owned by a role that is not a superuser'
          FROM rel r JOIN pg_catalog.pg_roles o ON o.oid OPERATOR(pg_catalog.=) r.relowner
         WHERE NOT o.rolsuper
        UNION ALL
        SELECT p.oid::pg_catalog.regprocedure::pg_catalog.text, p.proowner::pg_catalog.regrole::pg_catalog.text,
               'owned by a role that is not a superuser'
          FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_roles o ON o.oid OPERATOR(pg_catalog.=) p.proowner
         WHERE p.pronamespace OPERATOR(pg_catalog.=) 'isms'::pg_catalog.regnamespace AND NOT o.rolsuper
        UNION ALL
        SELECT 'schema ' OPERATOR(pg_catalog.||) n.nspname, n.nspowner::pg_catalog.regrole::pg_catalog.text,
               'owned by a role that is not a superuser'
          FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles o ON o.oid OPERATOR(pg_catalog.=) n.nspowner
         WHERE n.nspname OPERATOR(pg_catalog.=) 'isms' AND NOT o.rolsuper
        UNION ALL
        -- SECURITY DEFINER functions without a pinned search_path
        SELECT p.oid::pg_catalog.regprocedure::pg_catalog.text, p.proowner::pg_catalog.regrole::pg_catalog.text,
               'SECURITY DEFINER without SET search_path'
          FROM pg_catalog.pg_proc p
         WHERE p.pronamespace OPERATOR(pg_catalog.=) 'isms'::pg_catalog.regnamespace AND p.prosecdef
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.unnest(p.proconfig) AS g(setting)
                            WHERE g.setting OPERATOR(pg_catalog.~~) 'search\_path=%')
        UNION ALL
        -- triggers that are not the extension's: they run in every
        -- writer's transaction, and in the sweep's
        SELECT 'isms.' OPERATOR(pg_catalog.||) r.relname, NULL::text,
               'trigger ' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(t.tgname::pg_catalog.text)
               OPERATOR(pg_catalog.||) ' runs function ' OPERATOR(pg_catalog.||)
               t.tgfoid::pg_catalog.regprocedure::pg_catalog.text
               OPERATOR(pg_catalog.||) ', which is not part of the extension'
          FROM pg_catalog.pg_trigger t JOIN rel r ON r.oid OPERATOR(pg_catalog.=) t.tgrelid
         WHERE NOT t.tgisinternal
           AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d, ext
                            WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass
                              AND d.objid OPERATOR(pg_catalog.=) t.tgfoid
                              AND d.refclassid OPERATOR(pg_catalog.=) 'pg_catalog.pg_extension'::pg_catalog.regclass
                              AND d.refobjid OPERATOR(pg_catalog.=) ext.oid
                              AND d.deptype OPERATOR(pg_catalog.=) 'e')
        UNION ALL
        -- the extension's triggers, disabled or set to fire only in replica mode
        SELECT 'isms.' OPERATOR(pg_catalog.||) r.relname, NULL::text,
               'trigger ' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(t.tgname::pg_catalog.text)
               OPERATOR(pg_catalog.||) ' is not enabled (tgenabled '
               OPERATOR(pg_catalog.||) t.tgenabled::pg_catalog.text OPERATOR(pg_catalog.||) ')'
          FROM pg_catalog.pg_trigger t JOIN rel r ON r.oid OPERATOR(pg_catalog.=) t.tgrelid
         WHERE NOT t.tgisinternal AND t.tgenabled OPERATOR(pg_catalog.<>) 'O'
        UNION ALL
        -- tables whose row-level security was turned off
        SELECT 'isms.' OPERATOR(pg_catalog.||) r.relname, NULL::text, 'row-level security disabled'
          FROM rel r
         WHERE r.relkind OPERATOR(pg_catalog.=) 'r' AND NOT r.relrowsecurity
        UNION ALL
        -- policies that are not the extension's widen what roles see (a
        -- policy cannot be an extension member: they are known by name)
        SELECT 'isms.' OPERATOR(pg_catalog.||) r.relname, NULL::text,
               'policy ' OPERATOR(pg_catalog.||) pg_catalog.quote_ident(p.polname::pg_catalog.text)
               OPERATOR(pg_catalog.||) ' is not one of the extension''s'
          FROM pg_catalog.pg_policy p JOIN rel r ON r.oid OPERATOR(pg_catalog.=) p.polrelid
         WHERE (r.relname::pg_catalog.text OPERATOR(pg_catalog.||) '.' OPERATOR(pg_catalog.||) p.polname::pg_catalog.text)
               OPERATOR(pg_catalog.<>) ALL (ARRAY[
            'scheme.scheme_read', 'scheme.scheme_ab', 'scheme_setting.scheme_setting_read',
            'scheme_setting.scheme_setting_ab', 'standard.standard_read', 'standard.standard_ab',
            'edition_transition.edition_transition_read',
            'edition_transition.edition_transition_ab', 'audit_time.audit_time_read',
            'audit_time.audit_time_ab', 'control.control_read', 'control.control_ab',
            'accreditation_body.accreditation_body_read',
            'accreditation_body.accreditation_body_ab',
            'certification_body.certification_body_read',
            'certification_body.certification_body_ab', 'personnel_body.personnel_body_read',
            'personnel_body.personnel_body_ab', 'auditor.auditor_read', 'auditor.auditor_ab',
            'auditor_registration.auditor_registration_read',
            'auditor_registration.auditor_registration_ab',
            'accreditation.accreditation_read', 'accreditation.accreditation_ab',
            'organisation.organisation_read', 'organisation.organisation_ab',
            'organisation.organisation_cb', 'certificate.certificate_ab',
            'certificate.certificate_cb', 'certificate.certificate_sweep_read',
            'certificate.certificate_sweep_update', 'audit.audit_ab', 'audit.audit_cb',
            'audit.audit_sweep_read', 'decision.decision_ab', 'decision.decision_cb',
            'decision.decision_sweep_read',
            'registry_role.registry_role_own', 'site.site_read', 'site.site_ab', 'site.site_cb',
            'certificate_site.certificate_site_ab', 'certificate_site.certificate_site_cb',
            'register_confirmation.register_confirmation_ab',
            'register_confirmation.register_confirmation_cb',
            'change_event.change_event_all', 'change_event.change_event_cb',
            'change_event.change_event_watch', 'change_commit.change_commit_read',
            'sweep_run.sweep_run_read', 'watchlist.watchlist_own',
            'certificate_dates.certificate_dates_read',
            'import_run.import_run_ab', 'import_run.import_run_cb', 'import_run.import_run_own',
            'import_error.import_error_run'])
        UNION ALL
        -- roles that bypass row-level security (superusers aside)
        SELECT 'cluster', u.rolname::pg_catalog.text, 'role has BYPASSRLS'
          FROM pg_catalog.pg_roles u
         WHERE u.rolbypassrls AND NOT u.rolsuper
        UNION ALL
        -- the shipped roles must stay ordinary roles
        SELECT 'isms.registry_role', m.role_name, 'mapped role is a superuser or has BYPASSRLS'
          FROM isms.registry_role m JOIN pg_catalog.pg_roles u ON u.rolname OPERATOR(pg_catalog.=) m.role_name
         WHERE u.rolsuper OR u.rolbypassrls
        ORDER BY 1, 2, 3;
    END;
COMMENT ON FUNCTION isms.dangerous_grants() IS
    'Lists what would let a role bypass the rules: TRUNCATE, TRIGGER or REFERENCES on isms tables, privileges granted to PUBLIC or with grant option, CREATE on the schemas, objects owned by non-superusers, SECURITY DEFINER functions without search_path, triggers and policies that are not the extension''s, disabled triggers, row-level security turned off, BYPASSRLS roles; empty when all is well';
