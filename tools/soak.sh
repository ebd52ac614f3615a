#!/usr/bin/env bash
# Soak: concurrent writers on a small registry, then the independent checker.
#
# Eight pgbench clients (SOAK_CLIENTS) for SOAK_SECONDS (default 25) run
# grants, audits and audit changes, suspensions, reinstatements,
# withdrawals, cancellations, recertifications, restorations, add-ons,
# scope changes, corrections and annulments, imports (a certificate with its
# history in one statement) and sweeps (tools/soak/*.pgbench, the writers in
# tools/soak/setup.sql), drawn with a skew so that clients collide on the
# same certificates and on the bases of add-ons; some run two actions in one
# REPEATABLE READ transaction.  Every refused action is counted by SQLSTATE.
# Then the run fails if
#   - any action failed with a SQLSTATE doc/lifecycle.md does not document for a
#     rule or a lock (allowed: 23514, 55000, 23505, 23P01, 40001, 40P01, 55P03),
#   - the checker (check/invariants.sql) finds a violation, before and after
#     a sweep,
#   - pgbench reports a failed transaction, or too few actions succeeded.
#
# Usage: bash tools/soak.sh                      (25 s, run by tools/suites.sh)
#        SOAK_SECONDS=600 bash tools/soak.sh     (the long soak)
# Other knobs: SOAK_CLIENTS (8), SOAK_BASES (40), SOAK_ADDONS (30), SOAK_SEED,
# SOAK_RR_WEIGHT (4: weight of the REPEATABLE READ script), and
# SOAK_CORRECT_ANY (1: corrections and annulments of any decision in force;
# 0: only of the latest one).
# Outside a cluster it builds and installs the extension and runs itself in
# a throwaway cluster (tools/cluster.sh); PG_CONFIG names the server.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${ISMS_PGDATA:-}" ]; then
    . tools/deps.sh
    make -s PG_CONFIG="$PG_CONFIG"
    make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
    exec bash tools/cluster.sh bash tools/soak.sh "$@"
fi

SECONDS_=${SOAK_SECONDS:-25}
CLIENTS=${SOAK_CLIENTS:-8}
BASES=${SOAK_BASES:-40}
ADDONS=${SOAK_ADDONS:-30}
SEED=${SOAK_SEED:-$RANDOM}
DB=isms_soak
CORRECT_ANY=$([ "${SOAK_CORRECT_ANY:-1}" = 1 ] && echo on || echo off)
PSQL=(psql -X -q -v ON_ERROR_STOP=1 -d "$DB")

dropdb --if-exists "$DB" 2>/dev/null
createdb "$DB"
"${PSQL[@]}" -v bases="$BASES" -v addons="$ADDONS" -f tools/soak/setup.sql >/dev/null
"${PSQL[@]}" -f check/invariants.sql >/dev/null

echo "soak: $CLIENTS clients, $SECONDS_ s, $BASES bases and $ADDONS add-ons, seed $SEED"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
PGOPTIONS="${PGOPTIONS:-} -c soak.correct_any=$CORRECT_ANY" pgbench -n -c "$CLIENTS" -j 2 -T "$SECONDS_" --random-seed="$SEED" \
    -D slots=$((BASES + ADDONS)) --max-tries=5 --failures-detailed \
    -f tools/soak/step.pgbench@20 -f tools/soak/step_rr.pgbench@"${SOAK_RR_WEIGHT:-4}" -f tools/soak/sweep.pgbench@1 \
    "$DB" >"$out" 2>&1 || { cat "$out"; echo "soak: pgbench failed"; exit 1; }
grep -E "^(number of (transactions actually processed|failed transactions)|tps)" "$out" || true

status=0
"${PSQL[@]}" -c "
    SELECT action, count(*) FILTER (WHERE sqlstate = '00000') AS ok,
           string_agg(DISTINCT sqlstate, ' ' ORDER BY sqlstate) FILTER (WHERE sqlstate <> '00000') AS refused_with,
           count(*) AS tried
    FROM soak.outcome GROUP BY 1 ORDER BY 1" \
    -c "SELECT sqlstate, isolation, count(*) FROM soak.outcome GROUP BY 1, 2 ORDER BY 1, 2"

bad=$("${PSQL[@]}" -At -c "
    SELECT count(*) FROM soak.outcome
    WHERE sqlstate NOT IN ('00000', '23514', '55000', '23505', '23P01', '40001', '40P01', '55P03')")
if [ "$bad" -ne 0 ]; then
    echo "soak: $bad actions failed with an undocumented SQLSTATE:"
    "${PSQL[@]}" -c "SELECT action, sqlstate, message, count(*) FROM soak.outcome
        WHERE sqlstate NOT IN ('00000', '23514', '55000', '23505', '23P01', '40001', '40P01', '55P03')
        GROUP BY 1, 2, 3 ORDER BY 4 DESC LIMIT 20"
    status=1
fi
if grep -Eq "^number of failed transactions: [1-9]" "$out"; then
    echo "soak: pgbench reports failed transactions"; status=1
fi
few=$("${PSQL[@]}" -At -c "
    SELECT string_agg(a, ' ') FROM unnest('{grant,suspend,reinstate,recertify,correct,audit,import,sweep}'::text[]) a
    WHERE (SELECT count(*) FROM soak.outcome o WHERE o.action = a AND o.sqlstate = '00000') = 0")
if [ -n "$few" ]; then
    echo "soak: no action of these kinds succeeded: $few"; status=1
fi

check() {
    local n
    n=$("${PSQL[@]}" -At -c "SELECT count(*) FROM isms_check.violations() WHERE class = 'violation'")
    "${PSQL[@]}" -c "SELECT rule, class, n FROM isms_check.summary()"
    if [ "$n" -ne 0 ]; then
        echo "soak: the checker finds $n violations $1:"
        "${PSQL[@]}" -c "SELECT * FROM isms_check.violations() WHERE class = 'violation' LIMIT 30"
        status=1
    else
        echo "soak: no violation $1"
    fi
}
"${PSQL[@]}" -At -c "SELECT count(*) || ' certificates, ' || (SELECT count(*) FROM isms.decision) || ' decisions, '
    || (SELECT count(*) FROM isms.audit) || ' audits' FROM isms.certificate"
check "as the writers left the registry"
"${PSQL[@]}" -c "SELECT count(*) AS swept FROM isms.sweep()" >/dev/null
check "after a sweep"
[ $status -eq 0 ] && echo "soak: passed" || echo "soak: FAILED (seed $SEED)"
exit $status
