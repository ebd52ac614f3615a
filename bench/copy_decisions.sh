#!/bin/bash
# bench/copy_decisions.sh: what the isms decision triggers cost on a bulk load.
#
# Run from the repository root, after building and installing the extension:
#
#     make -s && make -s install && bench/copy_decisions.sh
#
# The script re-runs itself inside a throw-away cluster
# (pg_virtualenv -v 15, fsync=off so that timings measure CPU, not disk
# flushes) and takes about a minute on 2 cores.  Environment knobs:
#     REPEAT=7         COPY runs per mode (triggers on / off), alternated
#     REPEAT_INSERT=5  single-row INSERT runs per mode
#     PROFILE=1        also print each trigger query's duration for one COPY
#     CLOCK=cpu        time the COPY and INSERT runs by the backend's CPU time
#                      (user + system, from /proc) instead of the elapsed time:
#                      on a shared machine it leaves out the waits for a core
#                      (auto_explain, nested statements of >= 5 ms)
#
# What it measures (see bench/README.md for the figures):
#   1. COPY isms.decision (...) FROM '<file>' of 100,000 legal decisions
#      (5 per certificate for 20,000 certificates: grant, suspend, reinstate,
#      recertify, then withdraw / cancel / suspend; bench/decisions.sql) into
#      a fresh copy of a prepared database (bench/setup.sql), once with the
#      extension's triggers on, once with ALTER TABLE isms.decision DISABLE
#      TRIGGER USER (foreign keys still checked), alternating; medians.
#   2. 2,000 single-statement INSERTs of decisions (400 more certificates)
#      into a registry already holding those 100,000 decisions, on/off.
#   3. isms.sweep() over the 20,400 certificates.
# and checks that the triggers-on COPY ran the checks (stored status equals
# isms.status_at() for every certificate; a COPY with one illegal row fails).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)

if [ -z "${ISMS_BENCH_CLUSTER:-}" ]; then
	export ISMS_BENCH_CLUSTER=1
	exec pg_virtualenv -v 15 \
		-o fsync=off -o synchronous_commit=off -o full_page_writes=off \
		-o shared_buffers=256MB -o max_wal_size=4GB -o checkpoint_timeout=30min \
		"$0" "$@"
fi

REPEAT=${REPEAT:-7}
REPEAT_INSERT=${REPEAT_INSERT:-5}
PROFILE=${PROFILE:-0}

WORK=$(mktemp -d /tmp/isms-bench.XXXXXX)
chmod 777 "$WORK"			# the server (user postgres) writes the CSV here
trap 'rm -rf "$WORK"' EXIT

COLS="certificate_id, kind, decision_date, effective_date, new_expiry, reason"
PSQL=(psql -X -q -v ON_ERROR_STOP=1)

# run SQL in a database with \timing; print the last "Time:" in ms
# CLOCK=cpu: the CPU time (user + system, from /proc) the backend spent on
# SQL (a statement, or \i FILE), in ms: on a machine shared with other
# work it does not count the time the backend waited for a core
cpu_ms() {							# cpu_ms <db> <sql>
	local f="$WORK/cpu.$$"
	printf '%s\n' 'SELECT pg_backend_pid() AS pid \gset' '\setenv BENCH_PID :pid' \
		"\\! awk '{print \$14 + \$15}' /proc/\$BENCH_PID/stat > $f.0" "$2" \
		"\\! awk '{print \$14 + \$15}' /proc/\$BENCH_PID/stat > $f.1" |
		"${PSQL[@]}" -d "$1" >/dev/null
	echo $(( ($(cat "$f.1") - $(cat "$f.0")) * 1000 / $(getconf CLK_TCK) ))
}
timed() {
	if [ "${CLOCK:-wall}" = cpu ]; then
		cpu_ms "$1" "$2;"
		return
	fi
	"${PSQL[@]}" -d "$1" -c '\timing on' -c "$2" |
		sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
}
# one value from a query
val() { "${PSQL[@]}" -At -d "$1" -c "$2"; }
# the generator query, restricted to some certificates
decisions() { printf 'SELECT * FROM (\n%s\n) q WHERE %s ORDER BY certificate_id, decided' "$(cat "$HERE/decisions.sql")" "$1"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
fresh() {							# fresh <db> <template>
	"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1"
	createdb -T "$2" "$1"
	"${PSQL[@]}" -d postgres -c CHECKPOINT
}
fail() { echo "FAILED: $*" >&2; exit 1; }

echo "== isms COPY benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
val postgres "SELECT version()"
val postgres "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings
              WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'work_mem', 'max_wal_size')"

# ------------------------------------------------------------------ setup
t0=$(now_ms)
createdb bench_on
"${PSQL[@]}" -d bench_on -f "$HERE/setup.sql"
"${PSQL[@]}" -d bench_on -c "COPY ($(decisions 'certificate_id <= 20000')) TO '$WORK/decisions.csv' (FORMAT csv)"
rows=$(wc -l < "$WORK/decisions.csv")
[ "$rows" -eq 100000 ] || fail "expected 100000 decision rows, got $rows"

# the same file with one illegal row: certificate 12345's reinstatement
# turned into a second suspension (SUS-1: a suspended certificate)
awk -F, -v OFS=, 'NR == (12345 - 1) * 5 + 3 { if ($1 != 12345 || $2 != "reinstate") exit 1; $2 = "suspend" } { print }' \
	"$WORK/decisions.csv" > "$WORK/illegal.csv" || fail "illegal.csv"
chmod 644 "$WORK/illegal.csv"

# 2,000 single-row INSERT statements: the decisions of certificates 20001..20400
"${PSQL[@]}" -At -d bench_on -c "SELECT format('INSERT INTO isms.decision ($COLS) VALUES (%s, %L, %L, %L, %L, %L);',
        certificate_id, kind, decided, effective, new_expiry, reason)
   FROM ($(decisions 'certificate_id > 20000')) q" > "$WORK/inserts.sql"
[ "$(wc -l < "$WORK/inserts.sql")" -eq 2000 ] || fail "inserts.sql"

COPY_SQL="COPY isms.decision ($COLS) FROM '$WORK/decisions.csv' (FORMAT csv)"
createdb -T bench_on bench_off
"${PSQL[@]}" -d bench_off -c "ALTER TABLE isms.decision DISABLE TRIGGER USER"
# the loaded registry for the single-row INSERTs: bench_on with the 100,000
# decisions already COPYed in (triggers on), analyzed
createdb -T bench_on loaded_on
"${PSQL[@]}" -d loaded_on -c "$COPY_SQL"
echo "certificate updates by that COPY (HOT of all): $(val loaded_on "SELECT n_tup_hot_upd || ' of ' || n_tup_upd
      FROM pg_stat_user_tables WHERE relid = 'isms.certificate'::regclass")"
"${PSQL[@]}" -d loaded_on -c "VACUUM ANALYZE"
createdb -T loaded_on loaded_off
"${PSQL[@]}" -d loaded_off -c "ALTER TABLE isms.decision DISABLE TRIGGER USER"
echo "triggers of isms.decision in bench_off:" \
	"$(val bench_off "SELECT string_agg(tgname || '=' || tgenabled::text, ' ' ORDER BY tgname)
	                  FROM pg_trigger WHERE tgrelid = 'isms.decision'::regclass AND NOT tgisinternal")"
t1=$(now_ms)
echo "setup (not timed below): $(val bench_on "SELECT count(*) FROM isms.certificate") certificates," \
	"$(val bench_on "SELECT count(*) FROM isms.audit") audits, $rows decisions to load," \
	"database $(val bench_on "SELECT pg_size_pretty(pg_database_size('bench_on'))"), $(( (t1 - t0) / 1000 )) s"

# ------------------------------------------------------------------ 1. COPY
copy_on=(); copy_off=()
for i in $(seq 1 "$REPEAT"); do
	if [ $((i % 2)) -eq 1 ]; then order="on off"; else order="off on"; fi
	line="COPY run $i:"
	for m in $order; do
		fresh "copy_$m" "bench_$m"
		t=$(timed "copy_$m" "$COPY_SQL")
		if [ "$m" = on ]; then copy_on+=("$t"); else copy_off+=("$t"); fi
		line="$line $m ${t} ms"
	done
	echo "$line"
done

# ------------------------------------------------------------------ sanity
echo "== sanity checks"
n=$(val copy_on "SELECT count(*) FROM isms.decision")
[ "$n" -eq 100000 ] || fail "triggers on: $n decisions stored"
bad=$(val copy_on "SELECT count(*) FROM isms.certificate
                   WHERE status::text IS DISTINCT FROM isms.status_at(id, isms.today())::text")
[ "$bad" -eq 0 ] || fail "triggers on: $bad certificates whose stored status differs from status_at()"
bad=$(val copy_on "SELECT count(*) FROM isms.certificate c JOIN bench.plan p ON p.certificate_id = c.id
                   WHERE c.id <= 20000 AND (c.expiry_date IS DISTINCT FROM (p.e1 + interval '3 years')::date
                      OR c.cycle_start IS DISTINCT FROM p.r
                      OR c.original_certification_date IS DISTINCT FROM p.d0
                      OR c.revision <> 2)")
[ "$bad" -eq 0 ] || fail "triggers on: $bad certificates with wrong derived dates"
echo "triggers on : 100000 decisions; stored status = status_at(id, isms.today()) for all 20400 certificates;" \
	"expiry/cycle/original/revision as planned; statuses:" \
	"$(val copy_on "SELECT string_agg(status::text || ' ' || n, ', ' ORDER BY status::text)
	                FROM (SELECT status, count(*) n FROM isms.certificate GROUP BY status) s")"
n=$(val copy_off "SELECT count(*) FROM isms.decision")
drafts=$(val copy_off "SELECT count(*) FROM isms.certificate WHERE status::text = 'draft'")
[ "$n" -eq 100000 ] && [ "$drafts" -eq 20400 ] || fail "triggers off: $n decisions, $drafts drafts"
echo "triggers off: 100000 decisions; all 20400 certificates still 'draft' (nothing derived, nothing checked)"

fresh copy_bad bench_on
t_bad0=$(now_ms)
if err=$("${PSQL[@]}" -d copy_bad -c "COPY isms.decision ($COLS) FROM '$WORK/illegal.csv' (FORMAT csv)" 2>&1); then
	fail "the COPY with an illegal row succeeded"
fi
t_bad1=$(now_ms)
n=$(val copy_bad "SELECT count(*) FROM isms.decision")
[ "$n" -eq 0 ] || fail "the failed COPY left $n decisions"
echo "illegal row : COPY of the same 100000 rows with certificate 12345's reinstate turned into a suspend" \
	"fails after $((t_bad1 - t_bad0)) ms, 0 rows stored:"
echo "$err" | sed -n '1,2s/^/    /p'
echo "$err" | grep -q 'SUS-1' || fail "expected a SUS-1 error"
dropdb copy_bad

# ------------------------------------------------------------------ 2. INSERT
ins_on=(); ins_off=()
for i in $(seq 1 "$REPEAT_INSERT"); do
	if [ $((i % 2)) -eq 1 ]; then order="on off"; else order="off on"; fi
	line="INSERT run $i:"
	for m in $order; do
		fresh "ins_$m" "loaded_$m"
		if [ "${CLOCK:-wall}" = cpu ]; then
			t=$(cpu_ms "ins_$m" "\\i $WORK/inserts.sql")
		else
			a=$(now_ms)
			"${PSQL[@]}" -d "ins_$m" -f "$WORK/inserts.sql"
			b=$(now_ms)
			t=$((b - a))
		fi
		if [ "$m" = on ]; then ins_on+=("$t"); else ins_off+=("$t"); fi
		line="$line $m $t ms"
	done
	echo "$line"
done
n=$(val ins_on "SELECT count(*) FROM isms.decision")
bad=$(val ins_on "SELECT count(*) FROM isms.certificate WHERE id > 20000
                  AND (status::text IS DISTINCT FROM isms.status_at(id, isms.today())::text OR revision <> 2)")
[ "$n" -eq 102000 ] && [ "$bad" -eq 0 ] || fail "single-row inserts: $n decisions, $bad mismatches"
dropdb ins_on; dropdb ins_off

# ------------------------------------------------------------------ 3. sweep
echo "== sweep over the 20400 certificates of the triggers-on COPY (400 of them drafts)"
sweep() {							# sweep <as_of>: prints "<rows changed> <ms>"
	"${PSQL[@]}" -At -d copy_on -c '\timing on' -c "SELECT count(*) FROM isms.sweep($1)" |
		awk '/^Time:/ { t = $2; next } { n = $1 } END { print n, t }'
}
sw_now=()
for i in 1 2 3; do
	read -r n t < <(sweep "isms.today()")
	[ "$n" -eq 0 ] || fail "sweep(isms.today()) after the COPY changed $n rows"
	sw_now+=("$t")
done
# a sweep of another day only reports: it stores nothing, so a second one
# reports the same rows and today's sweep has nothing to change
read -r n_past sw_past < <(sweep "'2016-06-30'")
read -r n_again t_again < <(sweep "'2016-06-30'")
read -r n_back sw_back < <(sweep "isms.today()")
[ "$n_again" -eq "$n_past" ] && [ "$n_past" -gt 0 ] && [ "$n_back" -eq 0 ] || fail "sweep: $n_past $n_again $n_back"
bad=$(val copy_on "SELECT count(*) FROM isms.certificate
                   WHERE status::text IS DISTINCT FROM isms.status_at(id, isms.today())::text")
[ "$bad" -eq 0 ] || fail "after the sweeps: $bad mismatches"
echo "sweep(isms.today()): ${sw_now[*]} ms, 0 rows changed (already current)"
echo "sweep('2016-06-30'): $sw_past ms, $n_past rows reported, none stored; again: $t_again ms, the same rows"
echo "sweep(isms.today()): $sw_back ms, 0 rows changed; stored status = status_at() still"

# ------------------------------------------------------------------ profile
if [ "$PROFILE" = 1 ]; then
	echo "== trigger queries of one triggers-on COPY (auto_explain, >= 5 ms, with ANALYZE overhead)"
	fresh copy_prof bench_on
	printf '%s\n' "LOAD 'auto_explain';" \
		"SET auto_explain.log_min_duration = 5;" \
		"SET auto_explain.log_analyze = on;" \
		"SET auto_explain.log_timing = off;" \
		"SET auto_explain.log_nested_statements = on;" \
		"SET auto_explain.log_level = notice;" \
		'\timing on' "$COPY_SQL;" > "$WORK/profile.sql"
	"${PSQL[@]}" -d copy_prof -f "$WORK/profile.sql" 2>&1 | awk '
		/duration:/ { d = $(NF - 2) }
		/Query Text:/ { sub(/.*Query Text: /, ""); printf "  %9.1f ms  %.100s\n", d, $0 }
		/^Time:/ { print "  total COPY " $2 " ms" }'
	dropdb copy_prof
fi

# ------------------------------------------------------------------ table
m_on=$(median "${copy_on[@]}"); m_off=$(median "${copy_off[@]}")
i_on=$(median "${ins_on[@]}"); i_off=$(median "${ins_off[@]}")
awk -v con="$m_on" -v coff="$m_off" -v ion="$i_on" -v ioff="$i_off" \
	-v swn="$(median "${sw_now[@]}")" -v swp="$sw_past" -v np="$n_past" -v r="$REPEAT" -v ri="$REPEAT_INSERT" '
BEGIN {
	printf "\n%-44s %12s %12s %7s\n", "median of " r " (COPY) / " ri " (INSERT) runs", "triggers on", "off", "on/off"
	printf "%-44s %9.0f ms %9.0f ms %6.2fx\n", "COPY 100,000 decisions (one statement)", con, coff, con / coff
	printf "%-44s %9.1f us %9.1f us\n", "  per decision", con / 100, coff / 100
	printf "%-44s %9.0f ms %9.0f ms %6.2fx\n", "2,000 single-row INSERTs, loaded registry", ion, ioff, ion / ioff
	printf "%-44s %9.2f ms %9.2f ms\n", "  per INSERT", ion / 2000, ioff / 2000
	printf "%-44s %9.0f ms\n", "sweep(isms.today()), 20,400 certs, 0 changed", swn
	printf "%-44s %9.0f ms\n", "sweep(2016-06-30), " np " reported", swp
	printf "target: COPY with triggers at most 1.50x without; measured %.2fx\n", con / coff
}'
