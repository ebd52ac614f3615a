/*
 * REC-6: extraordinary-event extensions (the decision kind extend, its
 * authority, the parameter extension_months, the hash chain's encoding of
 * the authority) and STD-2: the controls of the standards by identifier
 * (sql/parts/31_controls.sql, 51_extension.sql, 88_extension_parameter.sql;
 * src/rules_extension.c).
 *
 * The new label is not used as an enum value in this script: ALTER
 * EXTENSION UPDATE runs in one transaction, where PostgreSQL refuses the use
 * of a label added in it.  The constraints compare it as text.
 */
ALTER TYPE isms.decision_kind ADD VALUE 'extend';

ALTER TABLE isms.decision DROP CONSTRAINT decision_new_expiry,
    ADD CONSTRAINT decision_new_expiry CHECK (
        new_expiry IS NULL OR kind IN ('grant', 'recertify', 'restore') OR kind::text IN ('open', 'extend'));
COMMENT ON CONSTRAINT decision_new_expiry ON isms.decision IS 'only grant, recertify, restore, open and extend decisions set a new expiry date';
COMMENT ON COLUMN isms.decision.new_expiry IS 'New expiry date for grant, recertify and restore (CYC-3); when left NULL, the latest date CYC-3 allows; for open, the expiry date in force (required, EVD-2); for extend, the extended expiry date (required, REC-6); forbidden for other kinds';
COMMENT ON COLUMN isms.decision.reason IS 'Reason (e.g. for a suspension: missed surveillance, serious failure, client request); required for extend: the extraordinary event (REC-6)';

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

COMMENT ON FUNCTION isms.cert_latest_expiry(bigint, isms.decision_kind, date) IS
    'CYC-3: latest expiry date a decision on this certificate may set, with its scheme''s and body''s parameters and its expiry on the decision date (for extend, the REC-6 limit: the cycle''s own expiry date plus extension_months); NULL if the kind sets no expiry or the certificate is withdrawn or cancelled';

-- The hash chain: the authority follows the other columns where it is given
-- (sql/parts/87_chain.sql).
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
                                     ELSE isms.chain_text(d.authority) END);
COMMENT ON FUNCTION isms.decision_hash(isms.decision, bytea) IS
    'Tamper evidence: the chain hash of a decision row chained onto prev, the previous decision''s chain_hash (32 zero bytes for a certificate''s first decision; anything but 32 bytes counts as 32 0xff bytes); an opening''s four columns are encoded only where one of them is set, an extension''s authority only where it is given';

ALTER TABLE isms.scheme
    ADD COLUMN extension_months integer NOT NULL DEFAULT 6 CHECK (extension_months BETWEEN 0 AND 6);
COMMENT ON COLUMN isms.scheme.extension_months IS
    'REC-6: months beyond the cycle''s own expiry date up to which extraordinary-event extensions may set the expiry date (0 to 6; 0: none)';
ALTER TABLE isms.scheme_setting
    ADD COLUMN extension_months integer CHECK (extension_months BETWEEN 0 AND 6);
COMMENT ON COLUMN isms.scheme_setting.extension_months IS 'REC-6 override';

/*
 * STD-2 (sql/parts/31_controls.sql, and the guards and grants of reference
 * data: 60_triggers.sql, 90_dump.sql, 95_security.sql).  The shipped rows
 * go in before the guard that keeps them read-only.
 */
-- Identifiers only: which controls an edition's annexes list and how they
-- are grouped, never their text (which is the standard's).
CREATE TABLE isms.control (
    standard isms.stdref NOT NULL REFERENCES isms.standard,
    annex text NOT NULL CHECK (annex ~ '^[A-Z]$'),
    identifier text NOT NULL CHECK (identifier ~ '^[A-Z0-9]+(\.[0-9]+)+$'),
    clause text NOT NULL GENERATED ALWAYS AS (regexp_replace(identifier, '\.[0-9]+$', '')) STORED,
    theme text CHECK (theme IN ('organizational', 'people', 'physical', 'technological')),
    shipped boolean NOT NULL DEFAULT false,
    PRIMARY KEY (standard, identifier)
);
COMMENT ON TABLE isms.control IS
    'STD-2: the controls of an edition''s annexes by identifier (never their text); rows marked shipped come with the extension and are read-only';
COMMENT ON COLUMN isms.control.standard IS 'Edition whose annex lists the control (its amended versions and IDT adoptions list the same controls)';
COMMENT ON COLUMN isms.control.annex IS 'Annex of the edition that lists the control, e.g. A';
COMMENT ON COLUMN isms.control.identifier IS 'Identifier of the control as the edition numbers it, e.g. 5.1, CLD.6.3.1, A.7.2.1';
COMMENT ON COLUMN isms.control.clause IS 'Identifier of the clause that groups the control: the identifier without its last number, e.g. 5, CLD.6.3, A.7.2 (generated)';
COMMENT ON COLUMN isms.control.theme IS 'Theme of an ISO/IEC 27001:2022 Annex A control (organizational, people, physical, technological); NULL where the edition names none';
COMMENT ON COLUMN isms.control.shipped IS 'True for rows shipped with the extension (read-only, recreated by CREATE EXTENSION, not dumped)';

-- ISO/IEC 27001:2022 Annex A: 93 controls in four themes (Amendment 1:2024
-- changes clauses 4.1 and 4.2 only, no control)
INSERT INTO isms.control (standard, annex, identifier, theme, shipped)
SELECT 'ISO/IEC 27001:2022', 'A', t.clause || '.' || n, t.theme, true
  FROM (VALUES ('5', 'organizational', 37), ('6', 'people', 8),
               ('7', 'physical', 14), ('8', 'technological', 34)) AS t(clause, theme, controls)
 CROSS JOIN LATERAL generate_series(1, t.controls) AS n;
-- ISO/IEC 27017:2015 Annex A: the 7 cloud service controls it adds
INSERT INTO isms.control (standard, annex, identifier, shipped)
SELECT 'ISO/IEC 27017:2015', 'A', c.identifier, true
  FROM (VALUES ('CLD.6.3.1'), ('CLD.8.1.5'), ('CLD.9.5.1'), ('CLD.9.5.2'),
               ('CLD.12.1.5'), ('CLD.12.4.5'), ('CLD.13.1.4')) AS c(identifier);
-- ISO/IEC 27701:2019 Annex A (PII controllers, 31 controls) and Annex B
-- (PII processors, 18)
INSERT INTO isms.control (standard, annex, identifier, shipped)
SELECT 'ISO/IEC 27701:2019', left(t.clause, 1), t.clause || '.' || n, true
  FROM (VALUES ('A.7.2', 8), ('A.7.3', 10), ('A.7.4', 9), ('A.7.5', 4),
               ('B.8.2', 6), ('B.8.3', 1), ('B.8.4', 3), ('B.8.5', 8)) AS t(clause, controls)
 CROSS JOIN LATERAL generate_series(1, t.controls) AS n;

CREATE TRIGGER control_shipped BEFORE INSERT OR UPDATE OR DELETE ON isms.control
    FOR EACH ROW EXECUTE FUNCTION isms.reference_guard();
COMMENT ON TRIGGER control_shipped ON isms.control IS 'shipped controls are read-only (STD-2)';
CREATE TRIGGER control_truncate BEFORE TRUNCATE ON isms.control
    FOR EACH STATEMENT EXECUTE FUNCTION isms.no_truncate();
COMMENT ON TRIGGER control_truncate ON isms.control IS 'controls are deleted, not truncated';
SELECT pg_catalog.pg_extension_config_dump('isms.control', 'WHERE NOT shipped');

ALTER TABLE isms.control ENABLE ROW LEVEL SECURITY;
CREATE POLICY control_read ON isms.control FOR SELECT USING (true);
CREATE POLICY control_ab ON isms.control USING ((SELECT isms.acts_as('accreditation_body')));
COMMENT ON POLICY control_read ON isms.control IS 'reference data: readable by every role granted SELECT';
COMMENT ON POLICY control_ab ON isms.control IS 'reference data: written by the accreditation body';

-- The roles read the controls (run isms.setup_roles() again after the
-- update), and their policies are the extension's.
CREATE OR REPLACE FUNCTION isms.setup_roles(prefix text DEFAULT 'isms_')
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

    RETURN QUERY SELECT m.role_name, m.purpose FROM isms.registry_role m
                  WHERE m.role_name IN (ab, cbw, bi, pub, sw) ORDER BY m.role_name;
END $$;

CREATE OR REPLACE FUNCTION isms.dangerous_grants()
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
            'sweep_run.sweep_run_read', 'watchlist.watchlist_own'])
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
