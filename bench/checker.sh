#!/usr/bin/env bash
# bench/checker.sh: what the independent checker (check/invariants.sql) costs
# on a large registry.
#
# Run from the repository root, after building and installing the extension:
#
#     bash bench/checker.sh                 # CERTS=100000 (about 5 minutes on 2 cores)
#
# Builds the registry of bench/setup.sql scaled to CERTS certificates, loads
# bench/decisions.sql's five legal decisions per certificate through the
# triggers (one INSERT), loads the checker and measures, in one backend, the
# CPU time (from /proc, so that other load on the machine does not count)
# and the elapsed time of isms_check.replay() and isms_check.violations().
# Runs in a throwaway cluster (tools/cluster.sh) of the server PG_CONFIG names.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${ISMS_PGDATA:-}" ]; then
    exec bash tools/cluster.sh bash bench/checker.sh "$@"
fi
CERTS=${CERTS:-100000}
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -d isms_bench_check)

dropdb --if-exists isms_bench_check 2>/dev/null
createdb isms_bench_check
sed -e "s/20400/$((CERTS + 400))/g" -e "s/20000/$CERTS/g" bench/setup.sql | "${PSQL[@]}" >/dev/null
"${PSQL[@]}" -c "INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry, reason)
    SELECT * FROM ($(cat bench/decisions.sql)) q ORDER BY 1, 3"
"${PSQL[@]}" -f check/invariants.sql >/dev/null
"${PSQL[@]}" -c "VACUUM ANALYZE"
echo "registry: $("${PSQL[@]}" -At -c "SELECT count(*) FROM isms.certificate") certificates," \
     "$("${PSQL[@]}" -At -c "SELECT count(*) FROM isms.decision") decisions"

# run $1 in one session; print its result, elapsed and backend CPU milliseconds
measure() {
    local pid tick c0 c1 t0 t1 line last
    coproc P { psql -X -q -At -d isms_bench_check 2>&1; }
    echo "SELECT pg_backend_pid();" >&"${P[1]}"; read -r pid <&"${P[0]}"
    tick=$(getconf CLK_TCK)
    c0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat"); t0=$(date +%s%N)
    echo "$1; SELECT 'done';" >&"${P[1]}"
    while read -r line <&"${P[0]}"; do [ "$line" = done ] && break; last=$line; done
    t1=$(date +%s%N); c1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
    echo '\q' >&"${P[1]}"; wait "$P_PID" 2>/dev/null || true
    printf '%-60s %8s rows %7d ms elapsed %7d ms CPU\n' "$1" "$last" \
        $(( (t1 - t0) / 1000000 )) $(( (c1 - c0) * 1000 / tick ))
}
for i in 1 2; do
    measure "SELECT count(*) FROM isms_check.replay(isms.today())"
    measure "SELECT count(*) FROM isms_check.violations()"
done
