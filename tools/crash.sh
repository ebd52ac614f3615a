#!/usr/bin/env bash
# Crashes: kill -9 of the server at moments chosen by the script, then a
# restart (crash recovery) and checks that every committed row is there,
# nothing half-written is, and the independent checker (check/invariants.sql)
# finds no violation.
#
#   1. during a large COPY of decisions, while it reads its rows (half of
#      them read), and again once it has read all of them (its checks run);
#   2. during a cascade to add-ons: a base's suspension, with CRASH_ADDONS
#      add-ons whose stored status the same statement rewrites (ADD-5);
#   3. during a sweep (isms.sweep()), half way through the time it takes on
#      a copy of the database;
#   4. a sweep cancelled half way by statement_timeout leaves the registry as
#      it was, and rerun ends in the same state as an uninterrupted sweep of a
#      copy of the database.
#
# "kill -9 of the server" kills the postmaster and then its processes by id,
# as a machine crash or the OOM killer would; the server runs with
# synchronous_commit on, so a COPY or INSERT that returned has committed.
# The script runs its own server (initdb in a temporary folder, as user
# postgres when run as root) and needs the extension installed in the
# server PG_CONFIG names.
#
# Usage: bash tools/crash.sh        (run by tools/suites.sh)
#        CRASH_CERTS=20000 CRASH_ADDONS=3000 bash tools/crash.sh   (larger)
set -euo pipefail
cd "$(dirname "$0")/.."
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bindir=$("$PG_CONFIG" --bindir)
N=${CRASH_CERTS:-4000}
M=${CRASH_ADDONS:-1500}

dir=$(mktemp -d "${TMPDIR:-/tmp}/isms-crash.XXXXXX")
chmod 755 "$dir"
as_server() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"
cleanup() {
    as_server "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap cleanup EXIT

as_server "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; exit 1; }
cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = ''
unix_socket_directories = '$dir'
port = 5432
fsync = off                 # the machine does not crash, the server does
synchronous_commit = on     # a statement that returned has committed
restart_after_crash = off
EOF
start() {
    as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >>"$dir/pg_ctl.log" 2>&1 ||
        { tail -20 "$dir/server.log"; exit 1; }
}
# kill -9 of the postmaster, then of its processes; wait until all are gone
crash() {
    local pm kids p
    pm=$(head -1 "$dir/data/postmaster.pid")
    kids=$(ps -o pid= --ppid "$pm" || true)
    kill -9 "$pm"
    for p in $kids; do kill -9 "$p" 2>/dev/null || true; done
    for p in $pm $kids; do while kill -0 "$p" 2>/dev/null; do sleep 0.05; done; done
    echo "    killed the server (postmaster $pm and $(echo $kids | wc -w) processes)"
}
export PGHOST=$dir PGPORT=5432 PGUSER=postgres PGDATABASE=crash
export PATH="$bindir:$PATH"
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
val() { "${PSQL[@]}" -At -c "$1"; }
# server time of a statement in ms (psql's \timing), running it in database $1
timed() { psql -X -q -d "$1" -c '\timing on' -c "$2" | sed -n 's/^Time: \([0-9]*\).*/\1/p' | tail -1; }
# wait (in the server, every 5 ms, at most 20 s) until the SQL condition $1 holds
wait_for() {
    psql -X -q -c "DO \$\$ BEGIN
        FOR i IN 1..4000 LOOP
            PERFORM pg_stat_clear_snapshot();
            EXIT WHEN $1;
            PERFORM pg_sleep(0.005);
        END LOOP; END \$\$"
}
# a statement like $1 has run for $2 ms
running() {
    echo "EXISTS (SELECT 1 FROM pg_stat_activity WHERE state = 'active' AND query LIKE '$1'
                  AND clock_timestamp() - query_start >= interval '$2 ms')"
}
fail() { echo "crash: FAILED: $*"; exit 1; }
# no violation as of day $1 (an SQL date expression)
checker() {
    local n
    n=$(val "SELECT count(*) FROM isms_check.violations($1) WHERE class = 'violation'")
    if [ "$n" -ne 0 ]; then
        "${PSQL[@]}" -c "SELECT * FROM isms_check.violations($1) WHERE class = 'violation' LIMIT 20"
        fail "the checker finds $n violations $2"
    fi
    echo "    checker: no violation $2"
}
# run the statement $2 in the background (output in $3), kill -9 the server
# once the condition $1 holds (watched from a session opened before the
# statement starts), wait for the client and restart
kill_when() {
    wait_for "$1" &
    local w=$!
    until [ "$(val "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'DO % pg_stat_clear_snapshot()%'
                    AND pid <> pg_backend_pid()")" -gt 0 ]; do sleep 0.02; done
    ( psql -X -q -c "$2" >"$3" 2>&1; echo "rc=$?" >>"$3" ) &
    local bg=$!
    wait "$w"
    crash
    wait "$bg" || true
    start
}
fingerprint() { val "SELECT md5(string_agg(c::text, '|' ORDER BY c.id)) FROM isms.certificate c"; }
decisions() { val "SELECT count(*) FROM isms.decision"; }

start
createdb crash
"${PSQL[@]}" -v n="$N" -v m="$M" -v file_a="$dir/a.copy" -v file_b="$dir/b.copy" \
    -f tools/crash/setup.sql >/dev/null
"${PSQL[@]}" -f check/invariants.sql >/dev/null
na=$(wc -l <"$dir/a.copy"); nb=$(wc -l <"$dir/b.copy")
COPY_B="COPY isms.decision (certificate_id, kind, decision_date) FROM '$dir/b.copy'"
echo "crash: $N certificates, $M add-ons; decisions to load: $na + $nb"

echo "1. kill -9 during a COPY of $nb decisions"
val "COPY isms.decision (certificate_id, kind, decision_date) FROM '$dir/a.copy'" >/dev/null
[ "$(decisions)" -eq "$na" ] || fail "first COPY"
copy_crash() {           # $1: rows read before the kill; $2: what the moment is
    local out=$dir/copy.out
    kill_when "(SELECT coalesce(max(tuples_processed), -1) FROM pg_stat_progress_copy) >= $1" "$COPY_B" "$out"
    local got; got=$(decisions)
    if grep -q "^rc=0" "$out"; then
        echo "    the COPY returned before the kill ($2): all its rows must be there"
        [ "$got" -eq $((na + nb)) ] || fail "committed COPY lost rows: $got decisions"
    else
        echo "    the COPY was killed $2"
        [ "$got" -eq "$na" ] || [ "$got" -eq $((na + nb)) ] || fail "partial COPY: $got decisions"
        [ "$got" -eq "$na" ] || echo "    (it had committed: all its rows are there)"
    fi
    echo "    decisions after restart: $got (committed before: $na)"
    checker "isms.today()" "after the restart"
}
copy_crash $((nb / 2)) "while reading its rows"
if [ "$(decisions)" -eq "$na" ]; then
    copy_crash "$nb" "after reading its rows, during its checks"
fi
[ "$(decisions)" -eq "$na" ] && val "$COPY_B" >/dev/null
[ "$(decisions)" -eq $((na + nb)) ] || fail "the COPY rerun"
checker "isms.today()" "with both halves loaded"

echo "2. kill -9 during a cascade to $M add-ons"
"${PSQL[@]}" -c "INSERT INTO isms.decision (certificate_id, kind, decision_date)
    SELECT c.id, 'grant', p.g + 20 FROM isms.certificate c, plan p
    WHERE c.base_certificate_id = 1 AND p.certificate_id = 1 ORDER BY c.id"
SUSPEND="INSERT INTO isms.decision (certificate_id, kind, decision_date, reason)
         VALUES (1, 'suspend', isms.today() - 5, 'crash test')"
t=$(psql -X -q -c "BEGIN" -c '\timing on' -c "$SUSPEND" -c "SET CONSTRAINTS ALL IMMEDIATE" -c '\timing off' -c "ROLLBACK" |
    sed -n 's/^Time: \([0-9]*\).*/\1/p' | awk '{ s += $1 } END { print s }')
echo "    the suspension with its cascade takes $t ms"
before=$(decisions)
out=$dir/cascade.out
kill_when "$(running 'INSERT INTO isms.decision%crash test%' $((t / 10)))" "$SUSPEND" "$out"
got=$(decisions)
states=$(val "SELECT string_agg(DISTINCT status::text, ',') FROM isms.certificate WHERE base_certificate_id = 1")
base=$(val "SELECT status FROM isms.certificate WHERE id = 1")
if grep -q "^rc=0" "$out"; then
    echo "    the suspension returned before the kill: it must be there"
    [ "$got" -eq $((before + 1)) ] || fail "committed suspension lost"
else
    echo "    killed during the cascade"
fi
case "$got:$base:$states" in
    "$before:active:active") echo "    after restart: no suspension, base and add-ons active" ;;
    "$((before + 1)):suspended:suspended") echo "    after restart: the suspension, base and add-ons suspended" ;;
    *) fail "after restart: $got decisions (before $before), base $base, add-ons $states" ;;
esac
checker "isms.today()" "after the restart"

echo "3. kill -9 during a sweep"
# Stale stored statuses, so that today's sweep rewrites most certificates:
# a sweep of another day only reports, so the superuser writes the statuses
# that sweep reports past the triggers (session_replication_role).
# Their derived dates are made due as well (as written before the days
# passed), so that the sweep looks at every certificate.
stale() {
    val "SET session_replication_role = replica;
         UPDATE isms.certificate c SET status = s.new_status
           FROM isms.sweep(isms.today() - 400) s
          WHERE s.certificate_id = c.id AND s.new_status IS NOT NULL
         RETURNING 1" >/dev/null
    val "UPDATE isms.certificate_dates SET next_change = isms.today()" >/dev/null
}
stale
m0=$(fingerprint)
createdb -T crash crash_ref
t=$(timed crash_ref "SELECT count(*) FROM isms.sweep()")
m_ref=$(PGDATABASE=crash_ref fingerprint)
echo "    an uninterrupted sweep (on a copy) takes $t ms"
out=$dir/sweep.out
kill_when "$(running 'SELECT count(*) FROM isms.sweep()%' $((t / 2)))" "SELECT count(*) FROM isms.sweep()" "$out"
if grep -q "^rc=0" "$out"; then
    echo "    the sweep returned before the kill"
    [ "$(fingerprint)" = "$m_ref" ] || fail "committed sweep lost"
    checker "isms.today()" "after the restart"
else
    m=$(fingerprint)
    if [ "$m" = "$m0" ]; then
        echo "    after restart every certificate is as before the sweep"
    elif [ "$m" = "$m_ref" ]; then
        echo "    after restart every certificate is as after the sweep (it had committed)"
    else
        fail "the sweep killed half way left a partial write"
    fi
fi

echo "4. a sweep cancelled by statement_timeout, then rerun"
if [ "$(fingerprint)" != "$m0" ]; then
    stale
    [ "$(fingerprint)" = "$m0" ] || fail "the stale statuses written again"
fi
cancelled=
for frac in 2 4 8 16; do
    if out=$(psql -X -q -c "SET statement_timeout = $(( t / frac + 1 ))" \
                  -c "SELECT count(*) FROM isms.sweep()" 2>&1); then
        stale   # finished: undo, try sooner
        continue
    fi
    echo "$out" | grep -q "canceling statement due to statement timeout" || fail "sweep: $out"
    cancelled=$(( t / frac + 1 )); break
done
[ -n "$cancelled" ] || fail "no sweep was cancelled"
echo "    cancelled after $cancelled ms"
[ "$(fingerprint)" = "$m0" ] || fail "the cancelled sweep left a partial write"
echo "    nothing of it was kept"
val "SELECT count(*) FROM isms.sweep()" >/dev/null
[ "$(fingerprint)" = "$m_ref" ] || fail "the rerun ends in another state than the uninterrupted sweep"
echo "    the rerun ends in the state of the uninterrupted sweep"
checker "isms.today()" "after the rerun"
grep -q "database system was not properly shut down\|database system was interrupted" "$dir/server.log" ||
    fail "the server log shows no crash recovery"
echo "crash: passed"
