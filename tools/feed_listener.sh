#!/usr/bin/env bash
# The change feed through a real client: a listener over a socket
# (tools/feed/listener.py, psycopg2) that drops its connection at random
# moments while pgbench writers (the soak's, tools/soak/) record decisions,
# cascades to add-ons and sweeps; it must end with exactly the events of the
# outbox, each once, chained per certificate from draft to the stored status.
# FEED_SECONDS (default 12) of writing.  Without psycopg2 the suite is
# skipped, except in CI (CI=true or ISMS_FEED=1).
# Outside a cluster it runs itself in a throwaway one (tools/cluster.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's python3-psycopg2 is for the system python3 (not one first on PATH)
PY=${ISMS_PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo python3 )}
if ! "$PY" -c 'import psycopg2' 2>/dev/null; then
    if [ "${CI:-}" = true ] || [ "${ISMS_FEED:-}" = 1 ]; then
        echo "feed: python3-psycopg2 is not installed"; exit 1
    fi
    echo "feed: skipped (no python3-psycopg2; apt-get install python3-psycopg2)"; exit 0
fi
if [ -z "${ISMS_PGDATA:-}" ]; then
    exec bash tools/cluster.sh bash tools/feed_listener.sh "$@"
fi

DB=isms_feed
SECS=${FEED_SECONDS:-12}
SEED=${FEED_SEED:-$RANDOM}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dropdb --if-exists "$DB" 2>/dev/null
createdb "$DB"
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -v bases=20 -v addons=15 -f tools/soak/setup.sql >/dev/null
# SUR-3 suspensions by the sweep too
psql -X -q -v ON_ERROR_STOP=1 -d "$DB" -c "INSERT INTO isms.scheme_setting (scheme, auto_suspend_overdue)
    VALUES ('ISMS', true) ON CONFLICT (scheme) DO UPDATE SET auto_suspend_overdue = true"

PYTHONPATH= "$PY" tools/feed/listener.py "$DB" --stop "$work/stop" --seed "$SEED" >"$work/listener.out" 2>&1 &
lpid=$!
pgbench -n -c 4 -j 2 -T "$SECS" --random-seed="$SEED" -D slots=35 --max-tries=5 \
    -f tools/soak/step.pgbench@20 -f tools/soak/sweep.pgbench@2 "$DB" >"$work/pgbench.out" 2>&1 ||
    { cat "$work/pgbench.out"; kill "$lpid"; echo "feed: pgbench failed"; exit 1; }
grep -E "^number of transactions actually processed" "$work/pgbench.out" || true
# a last sweep after the writers, then the listener catches up and checks
psql -X -q -At -d "$DB" -c "SELECT count(*) || ' changed by the last sweep' FROM isms.sweep()"
touch "$work/stop"
status=0
wait "$lpid" || status=1
cat "$work/listener.out"
# doc/feed.md: the catch-up query, from three positions before the last
n=$(psql -X -q -At -v ON_ERROR_STOP=1 -d "$DB" \
        -v last_seq="$(psql -X -At -d "$DB" -c "SELECT isms.latest_seq() - 3")" <<'SQL' | wc -l
SELECT seq, certificate_number, cause, old_status, new_status, effective_date
  FROM isms.events_after(:last_seq)
 ORDER BY seq, event_id;
SQL
)
[ "$n" -ge 3 ] || { echo "feed: the catch-up query of doc/feed.md returned $n rows"; status=1; }
exit $status
