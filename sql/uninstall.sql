--
-- uninstall: DROP EXTENSION isms leaves nothing behind.  In a database of
-- its own, every catalog object is listed before CREATE EXTENSION isms
-- CASCADE and again after the extension has been used and dropped (with
-- btree_gist, which CASCADE installed); the two lists are equal.  The
-- schema isms, which CREATE EXTENSION creates because isms.control names
-- it, is not a member of the extension (PostgreSQL does not let an
-- extension contain its own schema): it stays, empty, and DROP SCHEMA
-- without CASCADE removes it.
--
SELECT current_database() AS regress_db \gset
CREATE DATABASE isms_uninstall;
\c isms_uninstall
SET client_min_messages = warning;

-- Every object of the database's catalogs, described.
CREATE TEMP TABLE snapshot (phase text, object text);
CREATE TEMP VIEW catalog_objects AS
SELECT pg_describe_object(c.classid, c.objid, 0) AS object
FROM (SELECT 'pg_class'::regclass AS classid, oid AS objid FROM pg_class
      UNION ALL SELECT 'pg_proc'::regclass, oid FROM pg_proc
      UNION ALL SELECT 'pg_type'::regclass, oid FROM pg_type
      UNION ALL SELECT 'pg_operator'::regclass, oid FROM pg_operator
      UNION ALL SELECT 'pg_opclass'::regclass, oid FROM pg_opclass
      UNION ALL SELECT 'pg_opfamily'::regclass, oid FROM pg_opfamily
      UNION ALL SELECT 'pg_amop'::regclass, oid FROM pg_amop
      UNION ALL SELECT 'pg_amproc'::regclass, oid FROM pg_amproc
      UNION ALL SELECT 'pg_cast'::regclass, oid FROM pg_cast
      UNION ALL SELECT 'pg_namespace'::regclass, oid FROM pg_namespace
      UNION ALL SELECT 'pg_constraint'::regclass, oid FROM pg_constraint
      UNION ALL SELECT 'pg_trigger'::regclass, oid FROM pg_trigger
      UNION ALL SELECT 'pg_event_trigger'::regclass, oid FROM pg_event_trigger
      UNION ALL SELECT 'pg_rewrite'::regclass, oid FROM pg_rewrite
      UNION ALL SELECT 'pg_attrdef'::regclass, oid FROM pg_attrdef
      UNION ALL SELECT 'pg_policy'::regclass, oid FROM pg_policy
      UNION ALL SELECT 'pg_collation'::regclass, oid FROM pg_collation
      UNION ALL SELECT 'pg_conversion'::regclass, oid FROM pg_conversion
      UNION ALL SELECT 'pg_language'::regclass, oid FROM pg_language
      UNION ALL SELECT 'pg_extension'::regclass, oid FROM pg_extension
      UNION ALL SELECT 'pg_ts_config'::regclass, oid FROM pg_ts_config
      UNION ALL SELECT 'pg_ts_dict'::regclass, oid FROM pg_ts_dict
      UNION ALL SELECT 'pg_statistic_ext'::regclass, oid FROM pg_statistic_ext
      UNION ALL SELECT 'pg_publication'::regclass, oid FROM pg_publication
      UNION ALL SELECT 'pg_foreign_server'::regclass, oid FROM pg_foreign_server
      UNION ALL SELECT 'pg_default_acl'::regclass, oid FROM pg_default_acl) c
UNION ALL SELECT 'label ' || enumlabel || ' of ' || enumtypid::regtype FROM pg_enum
UNION ALL SELECT 'comment on ' || pg_describe_object(classoid, objoid, objsubid) FROM pg_description
UNION ALL SELECT 'initial privileges of ' || pg_describe_object(classoid, objoid, objsubid) FROM pg_init_privs
UNION ALL SELECT 'dependency of ' || pg_describe_object(classid, objid, objsubid) || ' on '
                 || pg_describe_object(refclassid, refobjid, refobjsubid) || ' (' || deptype::text || ')'
          FROM pg_depend WHERE classid <> 0
UNION ALL SELECT 'setting ' || name FROM pg_settings WHERE name LIKE 'isms.%';
-- the settings of the library (isms.today, isms.time_zone) last as long as
-- the session that loaded it: load it before the snapshot
LOAD 'isms';
INSERT INTO snapshot SELECT 'before', object FROM catalog_objects;

CREATE EXTENSION isms CASCADE;
SELECT count(*) > 100 AS "installed objects" FROM catalog_objects
WHERE object NOT IN (SELECT object FROM snapshot);

-- Use it: reference data, a certificate with its audits and a grant, the
-- read functions and the sweep.
INSERT INTO isms.accreditation_body (code, name, recognised) VALUES ('U-AB', 'uninstall AB', true);
INSERT INTO isms.certification_body (code, name) VALUES ('U-CB', 'uninstall CB');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT ab.id, cb.id, 'ISMS', '2015-01-01' FROM isms.accreditation_body ab, isms.certification_body cb;
INSERT INTO isms.organisation (name) VALUES ('uninstall organisation');
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement, scope)
SELECT cb.id, 'U-1', o.id, 'ISO/IEC 27001:2022', 'Scope of U-1', '{site:Tokyo}'
FROM isms.certification_body cb, isms.organisation o;
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
SELECT id, k::isms.audit_kind, s::date, e::date FROM isms.certificate,
    (VALUES ('stage1', '2023-01-10', '2023-01-11'), ('stage2', '2023-02-01', '2023-02-03')) v(k, s, e);
INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry)
SELECT id, 'grant', '2023-03-01', '2026-02-28' FROM isms.certificate;
SELECT isms.status_at(id, '2024-01-01') FROM isms.certificate;
SELECT count(*) > 0 AS programme FROM isms.certificate, isms.audit_programme(id, '2024-01-01');
SELECT count(*) >= 0 AS swept FROM isms.sweep('2024-01-01');

-- the registry holds a certificate: confirm the drop (doc/operations.md)
SET isms.allow_drop = on;
DROP EXTENSION isms CASCADE;
DROP EXTENSION btree_gist;
DROP EXTENSION pg_trgm;
DROP SCHEMA isms;

-- What is left or missing (none)
(SELECT 'left', object FROM catalog_objects EXCEPT SELECT 'left', object FROM snapshot)
UNION ALL
(SELECT 'missing', object FROM snapshot EXCEPT SELECT 'missing', object FROM catalog_objects)
ORDER BY 1, 2;

\c :regress_db
DROP DATABASE isms_uninstall;
