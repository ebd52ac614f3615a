#!/usr/bin/env bash
# Dump and restore, as doc/operations.md tells an operator, with no special
# settings: the demo registry (with rows in every table) is dumped with
# pg_dump and restored by psql (plain format) and by pg_restore (custom
# format) into new databases of the same cluster, and by pg_restore into a
# second cluster.  Every copy must hold the same registry (every column of
# every row, recorded_at and the derived columns included, and the
# positions of the identity sequences), stored statuses equal to status_at,
# and the rules must hold again afterwards.
# Runs inside a cluster (tools/suites.sh); needs PGHOST/PGPORT/PGUSER.
# With ISMS_OTHER_PG_CONFIG, the second cluster is of that server (.ci/run:
# from PostgreSQL 15 to 18).
# "bash tools/dump_roundtrip.sh into-other" is the second half, run by the
# first inside a second cluster (tools/cluster.sh) with PGHOST pointing back
# at the first and $newhost at the second.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGOPTIONS="-c client_min_messages=warning"
repo=$PWD
if [ -n "${ISMS_DUMP_WORK:-}" ]; then
    work=$ISMS_DUMP_WORK
else
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
fi
chmod 755 "$work"
cd "$work"

fingerprint() {
    psql -X -At -v ON_ERROR_STOP=1 "$@" <<'SQL'
SELECT md5(string_agg(t, '|' ORDER BY t)) FROM (
  SELECT format('certificate %s', c.*) AS t FROM isms.certificate c
  UNION ALL SELECT format('audit %s', a.*) FROM isms.audit a
  UNION ALL SELECT format('decision %s', d.*) FROM isms.decision d
  UNION ALL SELECT format('scheme_setting %s', s.*) FROM isms.scheme_setting s
  UNION ALL SELECT format('scheme %s', s.*) FROM isms.scheme s
  UNION ALL SELECT format('standard %s', s.*) FROM isms.standard s
  UNION ALL SELECT format('edition_transition %s', s.*) FROM isms.edition_transition s
  UNION ALL SELECT format('accreditation_body %s', x.*) FROM isms.accreditation_body x
  UNION ALL SELECT format('certification_body %s', x.*) FROM isms.certification_body x
  UNION ALL SELECT format('accreditation %s', x.*) FROM isms.accreditation x
  UNION ALL SELECT format('organisation %s', o.*) FROM isms.organisation o
  UNION ALL SELECT format('audit_time %s', t.*) FROM isms.audit_time t
  UNION ALL SELECT format('control %s', t.*) FROM isms.control t
  UNION ALL SELECT format('personnel_body %s', p.*) FROM isms.personnel_body p
  UNION ALL SELECT format('auditor %s', u.*) FROM isms.auditor u
  UNION ALL SELECT format('auditor_registration %s', r.*) FROM isms.auditor_registration r
  UNION ALL SELECT format('site %s', s.*) FROM isms.site s
  UNION ALL SELECT format('certificate_site %s', s.*) FROM isms.certificate_site s
  UNION ALL SELECT format('register_confirmation %s', r.*) FROM isms.register_confirmation r
  UNION ALL SELECT format('sequence %s %s', s.sequencename, s.last_value)
              FROM pg_catalog.pg_sequences s WHERE s.schemaname = 'isms') q;
SQL
}

# After a restore: stored statuses equal status_at, the rules are enforced
# again, recorded_at of a new decision is set by isms, identities continue.
check_copy() {
    local n
    n=$(psql -X -At -v ON_ERROR_STOP=1 "$@" <<'SQL'
SELECT count(*) FROM isms.certificate WHERE status <> isms.status_at(id, isms.today());
SQL
)
    [ "$n" = 0 ] || { echo "$n certificates differ from status_at after the restore"; return 1; }
    # the hash chains came back whole (tamper evidence, doc/proof.md)
    n=$(psql -X -At -v ON_ERROR_STOP=1 "$@" -c 'SELECT count(*) FROM isms.verify_chains()')
    [ "$n" = 0 ] || { echo "$n hash chains broken after the restore"; return 1; }
    psql -X -q -v ON_ERROR_STOP=1 "$@" <<'SQL'
DO $$
DECLARE
  n bigint;
  c bigint;
  r timestamptz;
BEGIN
  BEGIN
    INSERT INTO isms.decision (certificate_id, kind, decision_date)
    SELECT id, 'reinstate', isms.today() FROM isms.certificate WHERE status = 'withdrawn' LIMIT 1;
    RAISE EXCEPTION 'an illegal decision was accepted after the restore';
  EXCEPTION WHEN object_not_in_prerequisite_state THEN NULL;
  END;
  SELECT id INTO c FROM isms.certificate WHERE status = 'active' ORDER BY id LIMIT 1;
  INSERT INTO isms.decision (certificate_id, kind, decision_date, reason, recorded_at)
  VALUES (c, 'suspend', isms.today(), 'after the restore', '2001-01-01')
  RETURNING recorded_at INTO r;
  IF r <> now() THEN RAISE EXCEPTION 'recorded_at % was not set by isms', r; END IF;
  IF isms.status_at(c, isms.today()) <> 'suspended'
     OR (SELECT status FROM isms.certificate WHERE id = c) <> 'suspended' THEN
    RAISE EXCEPTION 'the suspension of certificate % did not take effect', c;
  END IF;
  SELECT max(id) INTO n FROM isms.organisation;
  INSERT INTO isms.organisation (name) VALUES ('after the restore') RETURNING id INTO c;
  IF c <> n + 1 THEN RAISE EXCEPTION 'organisation ids restart at % after %', c, n; END IF;
  INSERT INTO isms.site (organisation_id, name) VALUES (c, 'after the restore');
  INSERT INTO isms.register_confirmation (cb_id) SELECT min(id) FROM isms.certification_body;
  -- the new decision is chained onto the restored ones
  IF EXISTS (SELECT 1 FROM isms.verify_chains()) THEN
    RAISE EXCEPTION 'a decision recorded after the restore breaks its chain';
  END IF;
  -- number keys came back as they were
  IF (SELECT count(*) FROM isms.certificate x
       WHERE x.number_key IS DISTINCT FROM isms.number_key(x.certificate_number)) <> 0 THEN
    RAISE EXCEPTION 'number_key differs after the restore';
  END IF;
END $$;
SQL
}

if [ "${1:-}" = into-other ]; then
    # Into a second cluster ($newhost), from the first ($PGHOST).
createdb -h $newhost registry
pg_dump -Fc registry | pg_restore -h $newhost -d registry
    [ "$(fingerprint -h "$newhost" -d registry)" = "$(fingerprint -d registry)" ] ||
        { echo "the registry restored into a second cluster differs"; exit 1; }
    check_copy -h "$newhost" -d registry
    echo "dump round trip: second cluster ($(psql -X -At -h "$newhost" -d registry -c 'SHOW server_version')) identical"
    exit 0
fi

for db in registry registry_copy registry_restored; do dropdb --if-exists "$db"; done
createdb registry
psql -X -q -v ON_ERROR_STOP=1 -d registry -c "SET client_min_messages = warning" \
     -c "CREATE EXTENSION isms CASCADE"
psql -X -q -v ON_ERROR_STOP=1 -d registry -f "$repo/demo/sample_registry.sql" >/dev/null
# rows in every table that pg_dump keeps (an own control, STD-2; an extension with its authority, REC-6)
psql -X -q -v ON_ERROR_STOP=1 -d registry \
     -c "INSERT INTO isms.scheme_setting (scheme, restoration_months) VALUES ('ISMS', 5)" \
     -c "INSERT INTO isms.scheme (code, name) VALUES ('LOCAL', 'a scheme of our own')" \
     -c "INSERT INTO isms.standard (ref, number, edition, scheme) VALUES ('ISO 9001:2015', 'ISO 9001', 2015, 'LOCAL'), ('ISO 9001:2026', 'ISO 9001', 2026, 'LOCAL')" \
     -c "INSERT INTO isms.edition_transition (from_standard, to_standard, published) VALUES ('ISO 9001:2015', 'ISO 9001:2026', '2026-09-01')" \
     -c "INSERT INTO isms.audit_time (scheme, persons_max, initial_days, surveillance_days, recertification_days) VALUES ('LOCAL', 50, 3, 1, 2)" \
     -c "INSERT INTO isms.control (standard, annex, identifier) VALUES ('ISO 9001:2015', 'A', 'A.1')" \
     -c "INSERT INTO isms.decision (certificate_id, kind, decision_date, new_expiry, reason, authority) VALUES (29, 'extend', '2026-11-25', '2027-07-19', 'flood', 'AB decision 2026-11')" \
     -c "INSERT INTO isms.personnel_body (code, name) VALUES ('PB', 'a personnel body')" \
     -c "INSERT INTO isms.auditor (name) VALUES ('an auditor')" \
     -c "INSERT INTO isms.auditor_registration (auditor_id, body_id, grade, valid_from) SELECT a.id, b.id, 'lead auditor', '2020-01-01' FROM isms.auditor a, isms.personnel_body b" \
     -c "INSERT INTO isms.site (organisation_id, name, street, city, postal_code, country) SELECT id, 'Head office', '1-1', city, '100-0001', 'JP' FROM isms.organisation" \
     -c "INSERT INTO isms.certificate_site (certificate_id, site_id, organisation_id) SELECT c.id, s.id, s.organisation_id FROM isms.certificate c JOIN isms.site s USING (organisation_id)" \
     -c "INSERT INTO isms.register_confirmation (cb_id, note) SELECT id, 'current' FROM isms.certification_body" \
     -c "UPDATE isms.audit SET lead_auditor_id = (SELECT id FROM isms.auditor) WHERE id IN (SELECT id FROM isms.audit WHERE start_date >= '2020-01-01' ORDER BY id LIMIT 3)"
# every stored status as of today (the daily sweep of doc/operations.md)
psql -X -q -d registry -c 'SELECT count(*) FROM isms.sweep()' >/dev/null
# what doc/operations.md says to monitor
psql -X -q -v ON_ERROR_STOP=1 -d registry <<'SQL' >/dev/null
SELECT c.certificate_number, p.rule, p.audit_kind, p.due_by
  FROM isms.certificate c, isms.audit_programme(c.id, isms.today()) p
 WHERE p.state = 'overdue' AND p.certificate_id = c.id
 ORDER BY p.due_by, c.certificate_number;
SQL
[ "$(psql -X -At -v ON_ERROR_STOP=1 -d registry <<'SQL'
SELECT evtenabled FROM pg_catalog.pg_event_trigger WHERE evtname = 'isms_drop_guard';
SQL
)" = O ] || { echo "the DROP guard is not enabled"; exit 1; }
src=$(fingerprint -d registry)

# 1. plain format, through psql
(
createdb registry_copy
pg_dump registry | psql -X -q -v ON_ERROR_STOP=1 -d registry_copy
) >/dev/null 2>"$work/plain.err" || { cat "$work/plain.err"; exit 1; }
! grep -v '^pg_dump: ' "$work/plain.err" || { echo "the plain restore reported errors"; exit 1; }
[ "$(fingerprint -d registry_copy)" = "$src" ] ||
    { echo "the registry restored by psql differs"; exit 1; }

# 2. custom format, through pg_restore
(
pg_dump -Fc -f registry.dump registry
createdb registry_restored
pg_restore -d registry_restored registry.dump
) 2>"$work/custom.err" || { cat "$work/custom.err"; exit 1; }
[ "$(fingerprint -d registry_restored)" = "$src" ] ||
    { echo "the registry restored by pg_restore differs"; exit 1; }

# 3. custom format into a second cluster: of the same server, or of the
# server ISMS_OTHER_PG_CONFIG names (a major upgrade by dump and restore, with
# that server's pg_dump and pg_restore; isms must be installed there)
PG_CONFIG=${ISMS_OTHER_PG_CONFIG:-${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}} ISMS_DUMP_WORK=$work \
    bash "$repo/tools/cluster.sh" bash -c \
    'export newhost=$PGHOST PGHOST=$0; exec bash "$1" into-other 2>>"$2"' \
    "$PGHOST" "$repo/tools/dump_roundtrip.sh" "$work/other.err" ||
    { cat "$work/other.err"; exit 1; }

# the rules hold again in the copies (after the fingerprints: this writes)
check_copy -d registry_copy
check_copy -d registry_restored

# 4. a tampered dump: one decision's reason edited in the plain dump; the
# restore keeps the stored chain hashes, so verification names that decision
dropdb --if-exists registry_tampered
createdb registry_tampered
pg_dump registry 2>/dev/null | awk '
    /^COPY isms\.decision \(/ {
        incopy = 1
        sub(/^COPY isms\.decision \(/, ""); sub(/\) FROM stdin;$/, "")
        n = split($0, cols, ", ")
        for (i = 1; i <= n; i++) if (cols[i] == "reason") rc = i
        print "COPY isms.decision (" $0 ") FROM stdin;"
        next
    }
    incopy && /^\\\.$/ { incopy = 0 }
    incopy && !done {
        split($0, f, "\t")
        if (f[1] == 2) {
            line = ""
            for (i = 1; i <= n; i++) line = line (i > 1 ? "\t" : "") (i == rc ? "edited in the dump" : f[i])
            print line; done = 1; next
        }
    }
    { print }' | psql -X -q -v ON_ERROR_STOP=1 -d registry_tampered >/dev/null 2>"$work/tampered.err" ||
    { cat "$work/tampered.err"; exit 1; }
[ "$(psql -X -At -d registry_tampered -c "SELECT reason FROM isms.decision WHERE id = 2")" = "edited in the dump" ] ||
    { echo "the dump was not edited"; exit 1; }
found=$(psql -X -At -F ' ' -d registry_tampered -c 'SELECT decision_id, certificate_id, expected <> stored FROM isms.verify_chains()')
[ "$found" = "2 1 t" ] || { echo "the edited decision was not found: $found"; exit 1; }
psql -X -q -v ON_ERROR_STOP=1 -d registry_tampered -f "$repo/check/invariants.sql" >/dev/null
found=$(psql -X -At -F ' ' -d registry_tampered -c "SELECT decision_id, rule FROM isms_check.violations() WHERE detail LIKE '%hash chain%'")
[ "$found" = "2 LOG-1" ] || { echo "the checker did not find the edited decision: $found"; exit 1; }
dropdb registry_tampered

# A copy that is no longer needed is dropped with an explicit confirmation:
psql -X -q -v ON_ERROR_STOP=1 -d registry_copy <<'SQL'
BEGIN;
SET LOCAL isms.allow_drop = on;
DROP EXTENSION isms;
COMMIT;
SQL
echo "dump round trip: registry identical ($src) after psql, pg_restore and pg_restore into another cluster; rules enforced and hash chains whole after restore; an edited decision in a dump found"
