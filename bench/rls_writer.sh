#!/bin/bash
# bench/rls_writer.sh: what row-level security costs a certification body's
# writer, against the same statements run by a superuser (who bypasses it).
#
# Run from the repository root, after building and installing the extension,
# inside a throwaway cluster of the server PG_CONFIG names:
#
#     PG_CONFIG=... bash tools/cluster.sh bash bench/rls_writer.sh
#
# N (default 5000) certificates of one body, each with a stage 1 and a
# stage 2 audit; then, into a fresh copy of that database per run, one
# INSERT ... SELECT of N grants and one of N suspensions, as the writer
# role of the body (isms.setup_cb_writer) and as the superuser, alternated,
# REPEAT (default 3) runs each; every timing is printed.
set -euo pipefail
N=${N:-5000}
REPEAT=${REPEAT:-3}

dropdb --if-exists rls_bench
createdb rls_bench
psql -X -q -v ON_ERROR_STOP=1 -d rls_bench -c "SET client_min_messages = warning" \
     -c "CREATE EXTENSION isms CASCADE"
psql -X -q -v ON_ERROR_STOP=1 -v N="$N" -d rls_bench >/dev/null <<'SQL'
SELECT isms.setup_roles('rls_bench_');
INSERT INTO isms.accreditation_body (code, name, iaf_mla) VALUES ('AB', 'AB', true);
INSERT INTO isms.certification_body (code, name) VALUES ('B1', 'B1');
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, valid_from)
SELECT ab.id, cb.id, 'ISMS', '2000-01-01' FROM isms.accreditation_body ab, isms.certification_body cb;
SELECT isms.setup_cb_writer('B1', 'rls_bench_b1', 'rls_bench_');
INSERT INTO isms.organisation (name, cb_id)
SELECT 'org ' || i, (SELECT id FROM isms.certification_body) FROM generate_series(1, :N) i;
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement)
SELECT o.cb_id, 'C-' || o.id, o.id, 'ISO/IEC 27001:2022', 'scope' FROM isms.organisation o;
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date)
SELECT c.id, k::isms.audit_kind, d, d + 1 FROM isms.certificate c,
  (VALUES ('stage1', date '2023-01-10'), ('stage2', date '2023-02-10')) v(k, d);
ANALYZE;
SQL
for r in $(seq "$REPEAT"); do
    for who in writer superuser; do
        dropdb --if-exists rls_bench_run
        createdb -T rls_bench rls_bench_run
        if [ "$who" = writer ]; then role="SET ROLE rls_bench_b1"; else role="RESET ROLE"; fi
        psql -X -q -v ON_ERROR_STOP=1 -d rls_bench_run -c "$role" -c '\timing on' \
             -c "INSERT INTO isms.decision (certificate_id, kind, decision_date) SELECT id, 'grant', date '2023-03-01' FROM isms.certificate" \
             -c "INSERT INTO isms.decision (certificate_id, kind, decision_date) SELECT id, 'suspend', date '2023-06-01' FROM isms.certificate" |
            sed "s/^/run $r $who: /"
    done
done
dropdb rls_bench_run
psql -X -q -d rls_bench -c "DELETE FROM isms.registry_role" \
     -c "DROP OWNED BY rls_bench_accreditation_body, rls_bench_cb_writers, rls_bench_bi_reader, rls_bench_public, rls_bench_sweep, rls_bench_b1" \
     -c "DROP ROLE rls_bench_accreditation_body, rls_bench_cb_writers, rls_bench_bi_reader, rls_bench_public, rls_bench_sweep, rls_bench_b1"
dropdb rls_bench
