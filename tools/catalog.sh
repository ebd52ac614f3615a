#!/usr/bin/env bash
# Prints, sorted, every object of the isms extension in a fresh database:
# definitions with their labels, operators, operator classes and their
# members, types, enum labels, casts, comments and dependencies, a digest
# of the rows of every table and the sequences.  Two builds
# whose outputs are equal install the same catalog (whatever the order or
# the layout of the install script).  Runs against the server of the
# environment (PGHOST, ...), e.g. inside tools/cluster.sh:
#   PG_CONFIG=... bash tools/cluster.sh bash tools/catalog.sh > before.txt
set -euo pipefail
db=isms_catalog_$$
psql -X -q -c "CREATE DATABASE $db" >/dev/null
trap 'psql -X -q -c "DROP DATABASE IF EXISTS $db" >/dev/null' EXIT
# ISMS_CATALOG_CREATE: the SQL that installs the extension (tools/upgrade.sh
# installs an older version and updates it)
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "SET client_min_messages = warning" \
    -c "${ISMS_CATALOG_CREATE:-CREATE EXTENSION isms CASCADE}" >/dev/null
psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$db" <<'SQL' | sort
-- a hash of a table's rows (without query_to_xml: a server built without
-- libxml has none)
CREATE FUNCTION pg_temp.rows_hash(r regclass) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE h text;
BEGIN
    EXECUTE format('SELECT md5(coalesce(string_agg(t::text, E''\n'' ORDER BY t::text), '''')) FROM %s t', r)
        INTO h;
    RETURN h;
END $f$;
-- the extension's members
WITH m AS (
    SELECT classid, objid FROM pg_depend
    WHERE refclassid = 'pg_extension'::regclass AND deptype = 'e'
      AND refobjid = (SELECT oid FROM pg_extension WHERE extname = 'isms'))
SELECT 'object|' || pg_describe_object(classid, objid, 0) FROM m
UNION ALL
SELECT 'function|' || pg_get_functiondef(p.oid) || '|leakproof=' || p.proleakproof
       || '|cost=' || p.procost || '|rows=' || p.prorows
FROM pg_proc p JOIN m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid WHERE p.prokind <> 'a'
UNION ALL
SELECT 'aggregate|' || a.aggfnoid::regprocedure || '|' || a.aggtransfn || '|' || a.aggcombinefn
       || '|' || a.aggsortop::regoperator || '|' || a.aggtranstype::regtype
FROM pg_aggregate a JOIN m ON m.classid = 'pg_proc'::regclass AND m.objid = a.aggfnoid
UNION ALL
SELECT 'operator|' || o.oid::regoperator || '|' || o.oprcode || '|' || o.oprcom::regoperator
       || '|' || o.oprnegate::regoperator || '|' || o.oprrest || '|' || o.oprjoin
       || '|' || o.oprcanhash || o.oprcanmerge || '|' || o.oprresult::regtype
FROM pg_operator o JOIN m ON m.classid = 'pg_operator'::regclass AND m.objid = o.oid
UNION ALL
SELECT 'opclass|' || c.opcname || '|' || c.opcdefault || '|' || c.opcintype::regtype
       || '|' || c.opckeytype::regtype || '|' || f.opfname
FROM pg_opclass c JOIN m ON m.classid = 'pg_opclass'::regclass AND m.objid = c.oid
JOIN pg_opfamily f ON f.oid = c.opcfamily
UNION ALL
SELECT 'amop|' || pg_describe_object('pg_amop'::regclass, a.oid, 0) || '|' || a.amoppurpose::text
FROM pg_amop a JOIN pg_opclass c ON c.opcfamily = a.amopfamily
JOIN m ON m.classid = 'pg_opclass'::regclass AND m.objid = c.oid
UNION ALL
SELECT 'amproc|' || pg_describe_object('pg_amproc'::regclass, a.oid, 0)
FROM pg_amproc a JOIN pg_opclass c ON c.opcfamily = a.amprocfamily
JOIN m ON m.classid = 'pg_opclass'::regclass AND m.objid = c.oid
UNION ALL
SELECT 'type|' || t.oid::regtype || '|' || t.typlen || t.typbyval || t.typtype::text
       || t.typcategory::text || t.typalign::text || t.typstorage::text
       || '|' || t.typinput || t.typoutput || t.typreceive || t.typsend
FROM pg_type t JOIN m ON m.classid = 'pg_type'::regclass AND m.objid = t.oid
UNION ALL
SELECT 'enum|' || enumtypid::regtype || '|' || string_agg(enumlabel, ',' ORDER BY enumsortorder)
FROM pg_enum WHERE enumtypid IN (SELECT objid FROM m WHERE classid = 'pg_type'::regclass)
GROUP BY enumtypid
UNION ALL
SELECT 'cast|' || c.castsource::regtype || '->' || c.casttarget::regtype || '|'
       || c.castfunc::regprocedure || c.castcontext::text || c.castmethod::text
FROM pg_cast c JOIN m ON m.classid = 'pg_cast'::regclass AND m.objid = c.oid
UNION ALL
-- the tables' columns, constraints, indexes and triggers
SELECT 'column|' || a.attrelid::regclass || '.' || a.attname || '|' || format_type(a.atttypid, a.atttypmod)
       || '|' || a.attnotnull || '|' || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
FROM pg_attribute a JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = a.attrelid
LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped
UNION ALL
SELECT 'constraint|' || c.conrelid::regclass || '|' || c.conname || '|' || pg_get_constraintdef(c.oid)
FROM pg_constraint c JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = c.conrelid
UNION ALL
SELECT 'index|' || pg_get_indexdef(i.indexrelid)
FROM pg_index i JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = i.indrelid
UNION ALL
SELECT 'trigger|' || pg_get_triggerdef(t.oid)
FROM pg_trigger t JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = t.tgrelid
WHERE NOT t.tgisinternal
UNION ALL
-- the rows the install script ships (reference data) and the sequences
SELECT 'rows|' || c.oid::regclass || '|' || pg_temp.rows_hash(c.oid::regclass)
FROM pg_class c JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid
WHERE c.relkind IN ('r', 'p')
UNION ALL
SELECT 'sequence|' || s.seqrelid::regclass || '|' || s.seqtypid::regtype || '|' || s.seqstart
       || '|' || s.seqincrement || '|' || s.seqcycle || '|' || coalesce(q.last_value::text, '')
FROM pg_sequence s JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = s.seqrelid
LEFT JOIN pg_sequences q ON format('%I.%I', q.schemaname, q.sequencename)::regclass = s.seqrelid
UNION ALL
-- dependencies and comments
SELECT 'dependency|' || pg_describe_object(d.classid, d.objid, d.objsubid) || '|'
       || pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid) || '|' || d.deptype::text
FROM pg_depend d WHERE (d.classid, d.objid) IN (SELECT classid, objid FROM m) AND d.deptype <> 'e'
UNION ALL
SELECT 'comment|' || pg_describe_object(d.classoid, d.objoid, d.objsubid) || '|' || d.description
FROM pg_description d
WHERE (d.classoid, d.objoid) IN (SELECT classid, objid FROM m)
   OR d.objoid IN (SELECT c.opcfamily FROM pg_opclass c
                   JOIN m ON m.classid = 'pg_opclass'::regclass AND m.objid = c.oid)
   OR d.objoid IN (SELECT c.oid FROM pg_constraint c
                   JOIN m ON m.classid = 'pg_class'::regclass AND m.objid = c.conrelid)
ORDER BY 1;
SQL
