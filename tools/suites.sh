#!/usr/bin/env bash
# The test suites; run by tools/test.sh inside a throwaway cluster:
# pg_regress, isolation, pgTAP, dump and restore of the demo registry
# (tools/dump_roundtrip.sh), updates from every release equal a fresh
# install (tools/upgrade.sh), a hot standby and logical replication
# (tools/replica.sh), the doc examples, a JDBC client (optional), the
# engine's unit tests (plain C, no server), the fuzz harnesses of the
# parsers and the engine (for a bounded time), a short soak of concurrent
# writers judged by the independent checker, and the crash tests (a server
# of their own, killed and restarted).
set -uo pipefail
cd "$(dirname "$0")/.."
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
failed=()
passed=()

suite() {
    local name=$1; shift
    echo "=== $name"
    if "$@"; then passed+=("$name"); else failed+=("$name"); fi
}

show_diffs() {
    for f in regression.diffs output_iso/regression.diffs; do
        [ -s "$f" ] && { echo "--- $f"; cat "$f"; }
    done
    return 1
}

rm -f regression.diffs output_iso/regression.diffs
suite regress bash -c "make -s PG_CONFIG=$PG_CONFIG installcheck ISOLATION= || exit 1"
suite isolation bash -c "make -s PG_CONFIG=$PG_CONFIG installcheck REGRESS= || exit 1"

tap() {
    dropdb --if-exists isms_tap && createdb isms_tap &&
    psql -X -q -v ON_ERROR_STOP=1 -d isms_tap \
        -c "SET client_min_messages = warning" \
        -c "CREATE EXTENSION pgtap" -c "CREATE EXTENSION isms CASCADE" &&
    pg_prove -d isms_tap --ext .sql test/
}
suite pgtap tap
suite dump bash tools/dump_roundtrip.sh
suite upgrade bash tools/upgrade.sh
suite replica bash tools/replica.sh
suite docs bash tools/doc_examples.sh
# optional: a JDBC client (skipped without a JDK unless CI=true or ISMS_JDBC=1)
suite jdbc bash tools/jdbc.sh
suite unit bash -c "make -s -C tests/unit clean check | tail -n 1 | grep -x 'engine: [0-9]* passed, 0 failed'"
# The fuzz harnesses are plain C: a run on a second server version may skip them.
if [ -n "${ISMS_SKIP_FUZZ:-}" ]; then echo "=== fuzz: skipped (ISMS_SKIP_FUZZ)"; else suite fuzz bash tools/fuzz.sh; fi
suite soak bash tools/soak.sh
suite crash bash tools/crash.sh

[ ${#failed[@]} -gt 0 ] && show_diffs
echo
echo "suites: ${#passed[@]} passed, ${#failed[@]} failed${failed:+ (${failed[*]})}"
[ ${#failed[@]} -eq 0 ]
