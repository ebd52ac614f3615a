#!/usr/bin/env bash
# Released scripts are unchanged (sql/released.sha256) and META.json gives
# the version of isms.control.  Upgrading equals installing fresh.  For
# every released version R of isms
# (an install script listed in sql/released.sha256, other than the version
# under development),
# against the server of the environment (run it inside tools/cluster.sh):
#   1. the catalog of "CREATE EXTENSION isms VERSION 'R'; ALTER EXTENSION
#      isms UPDATE" equals the catalog of a fresh "CREATE EXTENSION isms"
#      (tools/catalog.sh: every object, label, comment, dependency, and a
#      digest of every table's rows);
#   2. a registry recorded under R (demo/sample_registry.sql) keeps its
#      meaning through the update: the independent checker
#      (check/invariants.sql) finds nothing and the stored status equals
#      status_at for every certificate, and the rules are enforced after it;
#   3. a dump of that registry restored into a fresh install verifies once
#      isms.seal_chains() has chained what R did not.
# ISMS_UPGRADE_BASE=<git commit>: test the fragments of sql/upgrade/next/
# against the install script built from that commit's parts instead (a
# developer's check before the next version exists); installs the two
# scripts as version "base" and the next, and removes them afterwards.
# Usage: PG_CONFIG=... bash tools/cluster.sh bash tools/upgrade.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
ext=$("$PG_CONFIG" --sharedir)/extension
current=$(sed -n "s/^default_version *= *'\(.*\)'/\1/p" isms.control)
# META.json (PGXN) describes the version of isms.control (1.0 as 1.0.0)
meta=$(sed -n 's/^ *"version": "\([0-9.]*\)",*$/\1/p' META.json | sed -n 1,2p | sort -u)
case $meta in
"$current" | "$current.0") ;;
*) echo "upgrade: META.json gives version $meta for isms, isms.control $current"; exit 1 ;;
esac
# a released install or upgrade script is never edited
if ! sha256sum --quiet -c sql/released.sha256; then
    echo "upgrade: a released script differs from its checksum in sql/released.sha256"
    exit 1
fi
work=$(mktemp -d)
installed=()
cleanup() {
    for f in "${installed[@]}"; do rm -f "$ext/$f"; done
    rm -rf "$work"
}
trap cleanup EXIT

if [ -n "${ISMS_UPGRADE_BASE:-}" ]; then
    git archive "$ISMS_UPGRADE_BASE" sql/parts sql/templates src/kinds.def tools/parts.sh |
        tar -x -C "$work"
    (cd "$work" && sh tools/parts.sh $(ls sql/parts/*.sql sql/parts/*.sql.in | sort)) \
        > "$ext/isms--base.sql"
    sh tools/parts.sh $(ls sql/upgrade/next/*.sql sql/upgrade/next/*.sql.in 2>/dev/null | sort) \
        > "$ext/isms--base--$current.sql"
    installed=("isms--base.sql" "isms--base--$current.sql")
    releases=base
else
    releases=$(sed -n 's/^[0-9a-f]*  sql\/isms--\([0-9.]*\)\.sql$/\1/p' sql/released.sha256 |
        grep -vx "$current" || true)
fi
if [ -z "$releases" ]; then
    echo "upgrade: no released version other than $current: nothing to update from"
    exit 0
fi

status=0
bash tools/catalog.sh > "$work/fresh.txt"
for r in $releases; do
    ISMS_CATALOG_CREATE="CREATE EXTENSION isms VERSION '$r' CASCADE; ALTER EXTENSION isms UPDATE" \
        bash tools/catalog.sh > "$work/updated.txt"
    if diff -u "$work/fresh.txt" "$work/updated.txt" > "$work/diff.txt"; then
        echo "upgrade: $r -> $current: catalog equal to a fresh install ($(wc -l < "$work/fresh.txt") lines)"
    else
        echo "upgrade: $r -> $current: the updated catalog differs from a fresh install:"
        cat "$work/diff.txt"
        status=1
    fi

    db=isms_upgrade_$$
    psql -X -q -c "CREATE DATABASE $db" >/dev/null
    if psql -X -q -v ON_ERROR_STOP=1 -d "$db" >"$work/data.txt" 2>&1 <<SQL
SET client_min_messages = warning;
CREATE EXTENSION isms VERSION '$r' CASCADE;
\i demo/sample_registry.sql
-- this build's library under the old SQL still checks a new add-on's base
-- (before the row, where the SQL lacks the trigger that checks it after)
SET client_min_messages = notice;
DO \$\$
BEGIN
    INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard,
                                  scope_statement, base_certificate_id)
    SELECT b.cb_id, 'UPGRADE-LINK', o.id, 'ISO/IEC 27017:2015', 'an add-on', b.id
      FROM isms.certificate b, isms.organisation o
     WHERE b.base_certificate_id IS NULL AND b.standard::text LIKE 'ISO/IEC 27001:%'
       AND o.id <> b.organisation_id
     ORDER BY b.id, o.id LIMIT 1;
    RAISE EXCEPTION 'before the update: an add-on of another organisation than its base was accepted';
EXCEPTION WHEN sqlstate '23514' THEN
    RAISE NOTICE 'upgrade: ADD-1 enforced before the update (an add-on of another organisation: %)', SQLSTATE;
END
\$\$;
-- and an add-on's combined audit (the row trigger of the old SQL no longer
-- judges it; the statement trigger does)
DO \$\$
BEGIN
    INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, combined_with)
    SELECT a.id, 'surveillance', o.start_date, o.end_date, o.id
      FROM isms.certificate a, isms.audit o
     WHERE a.base_certificate_id IS NOT NULL AND o.certificate_id <> a.base_certificate_id
     ORDER BY a.id, o.id LIMIT 1;
    RAISE EXCEPTION 'before the update: an audit combined with an audit of another certificate than the base was accepted';
EXCEPTION WHEN sqlstate '23514' THEN
    RAISE NOTICE 'upgrade: ADD-6 enforced before the update (an audit combined with another certificate''s: %)', SQLSTATE;
END
\$\$;
SET client_min_messages = warning;
-- as doc/operations.md tells an operator
ALTER EXTENSION isms UPDATE;
SELECT * FROM isms.setup_roles();
\i check/invariants.sql
SET client_min_messages = notice;
DO \$\$
DECLARE n bigint; stale bigint; total bigint;
BEGIN
    SELECT count(*) INTO n FROM isms_check.violations();
    SELECT count(*), count(*) FILTER (WHERE c.status IS DISTINCT FROM isms.status_at(c.id, CURRENT_DATE))
      INTO total, stale FROM isms.certificate c;
    IF n <> 0 OR stale <> 0 OR total = 0 THEN
        RAISE EXCEPTION 'after the update: % violations, % of % stored statuses differ from status_at', n, stale, total;
    END IF;
    -- the derived dates of every certificate with decisions, as a replay gives them
    SELECT count(*) INTO stale FROM isms.certificate c
     WHERE EXISTS (SELECT 1 FROM isms.decision d WHERE d.certificate_id = c.id)
       AND NOT EXISTS (SELECT 1 FROM isms.certificate_dates t
                        WHERE t.certificate_id = c.id
                          AND t.valid_periods = isms.valid_periods(c.id, pg_catalog.clock_timestamp())
                          AND t.derived_on = isms.today());
    IF stale <> 0 THEN
        RAISE EXCEPTION 'after the update: % certificates without their derived dates', stale;
    END IF;
    RAISE NOTICE 'upgrade: % certificates recorded before the update, 0 violations, stored statuses current', total;
END
\$\$;
-- the rules still hold after the update: a grant with no audits is refused
DO \$\$
BEGIN
    INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date)
    SELECT id, 'reinstate', CURRENT_DATE, CURRENT_DATE FROM isms.certificate
    WHERE status = 'withdrawn' ORDER BY id LIMIT 1;
    RAISE EXCEPTION 'a reinstatement of a withdrawn certificate was accepted after the update';
EXCEPTION WHEN sqlstate '55000' THEN
    RAISE NOTICE 'upgrade: rules enforced after the update (a withdrawn certificate is not reinstated: %)', SQLSTATE;
END
\$\$;
SQL
    then
        grep -o "upgrade: .*" "$work/data.txt" | sed "s/^upgrade:/upgrade: $r -> $current:/"
    else
        echo "upgrade: $r -> $current: the registry recorded before the update fails:"
        cat "$work/data.txt"
        status=1
    fi
    psql -X -q -c "DROP DATABASE $db" >/dev/null

    # 3. a dump of a registry recorded under R, restored into a fresh install
    #    (as doc/operations.md tells an operator): where R did not chain its
    #    decisions, isms.seal_chains() seals them, after which the chain and
    #    every rule verify
    src=isms_upgrade_src_$$
    dst=isms_upgrade_dst_$$
    psql -X -q -c "CREATE DATABASE $src" -c "CREATE DATABASE $dst" >/dev/null
    if psql -X -q -v ON_ERROR_STOP=1 -d "$src" >"$work/restore.txt" 2>&1 <<SQL &&
SET client_min_messages = warning;
CREATE EXTENSION isms VERSION '$r' CASCADE;
\i demo/sample_registry.sql
SQL
        pg_dump -Fc -d "$src" -f "$work/registry.dump" 2>>"$work/restore.txt" &&
        pg_restore -d "$dst" "$work/registry.dump" 2>>"$work/restore.txt" &&
        psql -X -q -v ON_ERROR_STOP=1 -d "$dst" >>"$work/restore.txt" 2>&1 <<'SQL'
SET client_min_messages = warning;
\i check/invariants.sql
SET client_min_messages = notice;
DO $$
DECLARE broken bigint; sealed record; n bigint; total bigint;
BEGIN
    SELECT count(*) INTO broken FROM isms.verify_chains();
    SELECT * INTO sealed FROM isms.seal_chains();
    SELECT count(*) INTO n FROM isms_check.violations();
    SELECT count(*) INTO total FROM isms.certificate;
    IF n <> 0 OR EXISTS (SELECT 1 FROM isms.verify_chains()) OR sealed.not_sealed IS NOT NULL THEN
        RAISE EXCEPTION 'after restoring and sealing: % violations, % broken chains', n, (SELECT count(*) FROM isms.verify_chains());
    END IF;
    RAISE NOTICE 'upgrade: a dump restored into a fresh install: % of % certificates unchained, % certificates (% decisions) sealed, 0 violations',
        broken, total, sealed.certificates, sealed.decisions;
END
$$;
SQL
    then
        grep -o "upgrade: .*" "$work/restore.txt" | sed "s/^upgrade:/upgrade: $r -> $current:/"
    else
        echo "upgrade: $r -> $current: a dump restored into a fresh install fails:"
        cat "$work/restore.txt"
        status=1
    fi
    psql -X -q -c "DROP DATABASE $src" -c "DROP DATABASE $dst" >/dev/null
done
exit $status
