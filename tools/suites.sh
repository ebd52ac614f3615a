#!/usr/bin/env bash
# The test suites; run by tools/test.sh inside a throwaway cluster:
# pg_regress, isolation, pgTAP, a pg_dump round trip of the demo registry,
# the engine's unit tests (plain C, no server), and the fuzz harnesses of
# the parsers and the engine (for a bounded time).
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
suite unit bash -c "make -s -C tests/unit clean check | tail -n 1 | grep -x 'engine: [0-9]* passed, 0 failed'"
suite fuzz bash tools/fuzz.sh

[ ${#failed[@]} -gt 0 ] && show_diffs
echo
echo "suites: ${#passed[@]} passed, ${#failed[@]} failed${failed:+ (${failed[*]})}"
[ ${#failed[@]} -eq 0 ]
