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

-- the check of grants and policies knows the new policy
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

-- An existing registry: every certificate's derived dates, computed as a
-- write computes them (the stored columns brought up to date on the way,
-- as isms.refresh does).
SELECT isms.refresh(pg_catalog.array_agg(c.id ORDER BY c.id)) FROM isms.certificate c;
