#!/usr/bin/env bash
# The daily sweep scheduled by pg_cron (doc/feed.md): in a cluster of its own
# that preloads pg_cron, the documented schedule is created, its command run
# as pg_cron runs it, and a job scheduled every minute must be run by pg_cron
# itself (up to a minute of waiting) and leave isms.sweep_status current.
# Without pg_cron in the server the suite is skipped, except in CI (CI=true
# or ISMS_CRON=1) on PostgreSQL 15, for which Debian ships postgresql-15-cron.
set -euo pipefail
cd "$(dirname "$0")/.."
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
if [ ! -f "$("$PG_CONFIG" --pkglibdir)/pg_cron.so" ]; then
    major=$("$PG_CONFIG" --version | sed 's/^PostgreSQL \([0-9]*\).*/\1/')
    if { [ "${CI:-}" = true ] || [ "${ISMS_CRON:-}" = 1 ]; } && [ "$major" = 15 ]; then
        echo "cron: pg_cron is not installed in this server (apt-get install postgresql-15-cron)"; exit 1
    fi
    echo "cron: skipped (no pg_cron in this server)"; exit 0
fi
if [ -z "${ISMS_CRON_CLUSTER:-}" ]; then
    export ISMS_CRON_CLUSTER=1
    export ISMS_SERVER_CONF="shared_preload_libraries = 'pg_cron'
cron.database_name = 'registry'
cron.use_background_workers = on
max_worker_processes = 16"
    exec bash tools/cluster.sh bash tools/cron.sh "$@"
fi

PSQL=(psql -X -q -v ON_ERROR_STOP=1 -d registry)
createdb registry
"${PSQL[@]}" -c "SET client_min_messages = warning" -c "CREATE EXTENSION isms CASCADE" -c "CREATE EXTENSION pg_cron"

# doc/feed.md: the schedule
"${PSQL[@]}" -At >/dev/null <<'SQL'
SELECT cron.schedule('isms-sweep', '5 0 * * *', 'SELECT count(*) FROM isms.sweep()');
SELECT cron.schedule('isms-prune-events', '15 0 * * *', $$SELECT isms.prune_events(interval '30 days')$$);
SQL
jobs=$("${PSQL[@]}" -At -c "SELECT string_agg(jobname || ' ' || schedule || ' ' || database, ', ' ORDER BY jobname) FROM cron.job")
echo "cron: jobs: $jobs"
[ "$jobs" = "isms-prune-events 15 0 * * * registry, isms-sweep 5 0 * * * registry" ] ||
    { echo "cron: unexpected jobs"; exit 1; }
stale=$("${PSQL[@]}" -At -c "SELECT stale FROM isms.sweep_status")
[ "$stale" = t ] || { echo "cron: sweep_status is not stale before any sweep"; exit 1; }
# the job's command, as pg_cron runs it
"${PSQL[@]}" -c "$("${PSQL[@]}" -At -c "SELECT command FROM cron.job WHERE jobname = 'isms-sweep'")" >/dev/null
"${PSQL[@]}" -c "$("${PSQL[@]}" -At -c "SELECT command FROM cron.job WHERE jobname = 'isms-prune-events'")" >/dev/null
stale=$("${PSQL[@]}" -At -c "SELECT stale FROM isms.sweep_status")
[ "$stale" = f ] || { echo "cron: sweep_status is stale after the sweep"; exit 1; }
# doc/feed.md: monitoring the sweep
"${PSQL[@]}" -c "SELECT last_as_of, days_behind, stale, warning FROM isms.sweep_status;"

# pg_cron itself runs a job scheduled every minute
"${PSQL[@]}" -At -c "SELECT cron.schedule('isms-sweep-test', '* * * * *', 'SELECT count(*) FROM isms.sweep()')" >/dev/null
runs0=$("${PSQL[@]}" -At -c "SELECT count(*) FROM isms.sweep_run")
for _ in $(seq 1 75); do
    ok=$("${PSQL[@]}" -At -c "SELECT count(*) FROM cron.job_run_details d JOIN cron.job j USING (jobid)
                               WHERE j.jobname = 'isms-sweep-test' AND d.status = 'succeeded'")
    [ "$ok" -gt 0 ] && break
    sleep 1
done
runs1=$("${PSQL[@]}" -At -c "SELECT count(*) FROM isms.sweep_run")
"${PSQL[@]}" -At -c "SELECT cron.unschedule('isms-sweep-test')" >/dev/null
if [ "$ok" -gt 0 ] && [ "$runs1" -gt "$runs0" ]; then
    echo "cron: pg_cron ran the sweep ($(( runs1 - runs0 )) run(s) logged in isms.sweep_run); passed"
else
    "${PSQL[@]}" -c "SELECT status, return_message FROM cron.job_run_details"
    echo "cron: pg_cron did not run the sweep within 75 s"; exit 1
fi
