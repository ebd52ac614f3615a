#!/usr/bin/env bash
# Replicas, as doc/operations.md describes them:
# 1. a streaming hot standby (pg_basebackup -R) of the cluster this runs in:
#    status_at, the readers and every view of schema isms answer there as on
#    the primary; writes and the sweep fail with SQLSTATE 25006;
# 2. logical replication of the public register (publication
#    isms_public_register) into a database of plain tables in a second
#    cluster, which follows inserts, updates (the sweep's too) and an
#    organisation that becomes confidential.
# Runs inside a cluster (tools/suites.sh); needs PGHOST/PGPORT/PGUSER and
# ISMS_PGDATA.  "bash tools/replica.sh subscriber" is the second half, run
# by the first inside a second cluster, with $primary naming the first's
# socket folder.
set -euo pipefail
cd "$(dirname "$0")/.."
export PGOPTIONS="-c client_min_messages=warning"
repo=$PWD
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bindir=$("$PG_CONFIG" --bindir)
as_server() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# wait_for DESCRIPTION SQL [psql args]: until SQL returns t (30 s at most)
wait_for() {
    local what=$1 sql=$2; shift 2
    for _ in $(seq 300); do
        [ "$(psql -X -At "$@" -c "$sql")" = t ] && return 0
        sleep 0.1
    done
    echo "timed out waiting for $what"; return 1
}

if [ "${1:-}" = subscriber ]; then
    # The subscriber: a database of another service, with plain tables.
    createdb public_register
    psql -X -q -v ON_ERROR_STOP=1 -d public_register <<'SQL'
CREATE SCHEMA isms;
CREATE TABLE isms.accreditation_body (id bigint PRIMARY KEY, code text, name text,
    country text, iaf_mla boolean, recognised boolean);
CREATE TABLE isms.certification_body (id bigint PRIMARY KEY, code text, name text,
    name_local text, country text, expiry_offset_days integer, max_stage_gap_days integer,
    evidence_level text);
CREATE TABLE isms.accreditation (id bigint PRIMARY KEY, ab_id bigint, cb_id bigint,
    scheme text, accreditation_number text, valid_from date, valid_until date, status text);
CREATE TABLE isms.organisation (id bigint PRIMARY KEY, name text, name_local text,
    country text, city text, address text, postal_code text, confidential boolean,
    cb_id bigint, external_id uuid, updated_at timestamptz);
CREATE TABLE isms.certificate (id bigint PRIMARY KEY, cb_id bigint, certificate_number text,
    organisation_id bigint, standard text, scope_statement text, status text,
    original_certification_date date, cycle_start date, expiry_date date, revision integer,
    scope text, base_certificate_id bigint, sites integer);
SQL
    psql -X -q -v ON_ERROR_STOP=1 -d public_register \
         -v registry_conninfo="host=$primary dbname=registry user=postgres" <<'SQL'
CREATE SUBSCRIPTION isms_public
    CONNECTION :'registry_conninfo'
    PUBLICATION isms_public_register;
SQL
    # what the publisher publishes, as text
    published() {
        psql -X -At -v ON_ERROR_STOP=1 "$@" <<'SQL'
SELECT md5(string_agg(t, '|' ORDER BY t)) FROM (
  SELECT format('certificate %s', (c.id, c.cb_id, c.certificate_number, c.organisation_id,
                c.standard::text, c.scope_statement, c.status::text, c.original_certification_date,
                c.cycle_start, c.expiry_date, c.revision, c.scope::text, c.base_certificate_id,
                c.sites)) AS t
    FROM isms.certificate c
  UNION ALL SELECT format('organisation %s', (o.id, o.name, o.name_local, o.country, o.city,
                o.address, o.postal_code, o.confidential, o.cb_id, o.external_id, o.updated_at))
    FROM isms.organisation o WHERE NOT o.confidential
  UNION ALL SELECT format('accreditation %s', (a.id, a.ab_id, a.cb_id, a.scheme,
                a.accreditation_number, a.valid_from, a.valid_until, a.status::text))
    FROM isms.accreditation a
  UNION ALL SELECT format('certification_body %s', b.*) FROM isms.certification_body b
  UNION ALL SELECT format('accreditation_body %s', b.*) FROM isms.accreditation_body b) q;
SQL
    }
    in_sync() {
        local want got
        want=$(published -h "$primary" -d registry)
        for _ in $(seq 300); do
            got=$(published -d public_register)
            [ "$got" = "$want" ] && return 0
            sleep 0.1
        done
        echo "the public register did not follow the registry ($1)"; return 1
    }
    in_sync "initial copy"
    [ "$(psql -X -At -d public_register -c 'SELECT count(*) FROM isms.organisation WHERE confidential')" = 0 ] ||
        { echo "a confidential organisation was published"; exit 1; }
    # a decision, the sweep, an organisation that becomes confidential
    psql -X -q -v ON_ERROR_STOP=1 -h "$primary" -d registry <<'SQL' >/dev/null
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
SELECT id, 'suspend', isms.today(), 'logical replication test' FROM isms.certificate
 WHERE status = 'active' ORDER BY id LIMIT 1;
SELECT count(*) FROM isms.sweep(isms.today() + 400);
UPDATE isms.organisation SET confidential = true
 WHERE id = (SELECT min(id) FROM isms.organisation WHERE NOT confidential);
SQL
    in_sync "a decision, a sweep and an organisation that became confidential"
    psql -X -q -d public_register -c "DROP SUBSCRIPTION isms_public"
    echo "logical replication: the public register follows the registry"
    exit 0
fi

# ---- the primary: the cluster this runs in
dropdb --if-exists registry
createdb registry
psql -X -q -v ON_ERROR_STOP=1 -d registry -c "SET client_min_messages = warning" \
     -c "CREATE EXTENSION isms CASCADE"
psql -X -q -v ON_ERROR_STOP=1 -d registry -f demo/sample_registry.sql >/dev/null

# ---- 1. a streaming hot standby
standby=$(mktemp -d "${TMPDIR:-/tmp}/isms-standby.XXXXXX")
chmod 755 "$standby"
[ "$(id -u)" -eq 0 ] && chown postgres "$standby"
stop_standby() {
    as_server "$bindir/pg_ctl" -D "$standby/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$standby"
}
trap stop_standby EXIT
as_server "$bindir/pg_basebackup" -h "$PGHOST" -U postgres -D "$standby/data" -R -X stream -c fast
cat >>"$standby/data/postgresql.conf" <<EOF
unix_socket_directories = '$standby'
EOF
as_server "$bindir/pg_ctl" -D "$standby/data" -l "$standby/server.log" -w start >/dev/null ||
    { cat "$standby/server.log"; exit 1; }

# readers on both, compared after the standby has replayed everything
readers() {
    psql -X -At -v ON_ERROR_STOP=1 "$@" <<'SQL'
SELECT md5(string_agg(t, '|' ORDER BY t)) FROM (
  SELECT format('%s %s %s %s %s', c.id, isms.status_at(c.id, isms.today()),
                isms.status_at(c.id, '2025-01-01'), isms.valid_periods(c.id),
                isms.effective_scope(c.id)) AS t
    FROM isms.certificate c
  UNION ALL SELECT format('timeline %s', t.*) FROM isms.certificate c, isms.timeline(c.id) t
  UNION ALL SELECT format('programme %s', p.*) FROM isms.certificate c,
                isms.audit_programme(c.id, isms.today()) p
  UNION ALL SELECT format('listing %s', a.*) FROM isms.certificate c,
                isms.cert_accreditation(c.id, isms.today()) a
  UNION ALL SELECT format('audit days %s', isms.audit_days(40, 'surveillance'))) q;
SQL
}
views() {
    # every view of the extension's schema, as rows of text
    local v sum=
    for v in $(psql -X -At -v ON_ERROR_STOP=1 "$@" -c \
        "SELECT format('%I.%I', schemaname, viewname) FROM pg_catalog.pg_views WHERE schemaname = 'isms' ORDER BY 1"); do
        sum+="$v:$(psql -X -At -v ON_ERROR_STOP=1 "$@" -c "SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) FROM $v x");"
    done
    echo "$sum"
}
# the insert position: with synchronous_commit off the write position can lag
# behind the commit record the standby must replay
lsn=$(psql -X -At -d registry -c "SELECT pg_current_wal_insert_lsn()")
wait_for "the standby to replay $lsn" \
    "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn" -h "$standby" -d registry
[ "$(psql -X -At -h "$standby" -d registry -c 'SELECT pg_is_in_recovery()')" = t ] ||
    { echo "the standby is not in recovery"; exit 1; }
[ "$(readers -h "$standby" -d registry)" = "$(readers -d registry)" ] ||
    { echo "the readers answer differently on the standby"; exit 1; }
[ "$(views -h "$standby" -d registry)" = "$(views -d registry)" ] ||
    { echo "the views answer differently on the standby"; exit 1; }

# writes and the sweep fail cleanly on the standby: 25006
psql -X -q -v ON_ERROR_STOP=1 -h "$standby" -d registry <<'SQL'
DO $$
DECLARE
  stmt text;
  state text;
BEGIN
  FOREACH stmt IN ARRAY ARRAY[
    $s$INSERT INTO isms.decision (certificate_id, kind, decision_date)
       SELECT id, 'suspend', isms.today() FROM isms.certificate WHERE status = 'active' LIMIT 1$s$,
    $s$INSERT INTO isms.organisation (name) VALUES ('on the standby')$s$,
    $s$UPDATE isms.certificate SET soa_version = 'v2' WHERE id = 1$s$,
    $s$SELECT count(*) FROM isms.sweep()$s$]
  LOOP
    BEGIN
      EXECUTE stmt;
      RAISE EXCEPTION 'accepted on the standby: %', stmt;
    EXCEPTION WHEN read_only_sql_transaction THEN
      NULL;
    END;
  END LOOP;
END $$;
SQL

# a sweep of another day only reports: it answers on the standby as on the primary
[ "$(psql -X -At -h "$standby" -d registry -c 'SELECT count(*) FROM isms.sweep(isms.today() + 400)')" = \
  "$(psql -X -At -d registry -c 'SELECT count(*) FROM isms.sweep(isms.today() + 400)')" ] ||
    { echo "the sweep of another day reports differently on the standby"; exit 1; }

# a change on the primary reaches the standby's readers
psql -X -q -v ON_ERROR_STOP=1 -d registry <<'SQL' >/dev/null
INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
SELECT id, 'suspend', isms.today(), 'streaming replication test' FROM isms.certificate
 WHERE status = 'active' ORDER BY id LIMIT 1;
SQL
lsn=$(psql -X -At -d registry -c "SELECT pg_current_wal_insert_lsn()")
wait_for "the standby to replay $lsn" \
    "SELECT pg_last_wal_replay_lsn() >= '$lsn'::pg_lsn" -h "$standby" -d registry
[ "$(readers -h "$standby" -d registry)" = "$(readers -d registry)" ] ||
    { echo "the readers answer differently on the standby after a decision"; exit 1; }
stop_standby
trap - EXIT
echo "streaming replication: readers and views answer on the standby, writes and the sweep fail with 25006"

# ---- 2. logical replication of the public register
psql -X -q -v ON_ERROR_STOP=1 -d registry <<'SQL'
CREATE PUBLICATION isms_public_register FOR TABLE
    isms.accreditation_body, isms.certification_body, isms.accreditation,
    isms.organisation WHERE (NOT confidential),
    isms.certificate (id, cb_id, certificate_number, organisation_id, standard,
                      scope_statement, status, original_certification_date, cycle_start,
                      expiry_date, revision, scope, base_certificate_id, sites);
SQL
PG_CONFIG=$PG_CONFIG bash tools/cluster.sh bash -c 'export primary=$0; exec bash "$1" subscriber' \
    "$PGHOST" "$repo/tools/replica.sh"
psql -X -q -d registry -c "DROP PUBLICATION isms_public_register"
