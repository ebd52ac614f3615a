#!/usr/bin/env bash
# bench/registry_profile.sh: where the time of the triggers-on loads goes.
# Called by bench/registry.sh with PROFILE=1 (inside its cluster, after its
# runs, with pg_stat_statements preloaded): registry_profile.sh WORK OUT
#   WORK: the folder with the CSV files of the run; OUT: where the reports go.
# Into fresh copies of the template "tmpl":
#   1. perf record -g of the backend during the audit COPY and during the
#      decision COPY (certificates loaded first, not profiled), then during
#      isms.status_at and twin.status_at over every certificate; reports:
#      OUT/perf-<what>.txt (self time by symbol) and
#      OUT/perf-<what>-children.txt (with callers' inclusive time);
#   2. the same with pg_stat_statements.track = all: every query the
#      triggers (and the foreign keys) and the readers run, with calls,
#      total and mean time: OUT/statements-<what>.txt;
#   3. the same COPYs with auto_explain (nested statements, analyze,
#      buffers; timing off): the plan of every trigger query taking >= 20
#      ms: OUT/explain-<table>.txt.
set -euo pipefail
WORK=$1
OUT=$2
mkdir -p "$OUT"
chmod 777 "$OUT"
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
CERT_COLS="id, cb_id, certificate_number, organisation_id, standard, scope_statement, scope, base_certificate_id, persons_in_scope, sites, sampling_allowed"
AUDIT_COLS="id, certificate_id, kind, start_date, end_date, auditor_days, persons_in_scope, combined_with, lead_auditor_id, time_justification"
DEC_COLS="certificate_id, kind, decision_date, effective_date, new_expiry, reason"
declare -A COLS=([certificate]=$CERT_COLS [audit]=$AUDIT_COLS [decision]=$DEC_COLS)
copy_sql() { echo "COPY isms.$1 (${COLS[$1]}) FROM '$WORK/$1.csv' (FORMAT csv)"; }

fresh() {
	"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1"
	createdb -T tmpl "$1"
}

# perf_run <db> <label> <sql>: perf record -g of the backend while it runs <sql>
perf_run() {
	local db=$1 label=$2 sql=$3 pid psqlpid perfpid
	rm -f "$WORK/pid" "$WORK/go" "$WORK/done" "$WORK/end"
	# the session writes its pid, waits until perf is attached, runs the SQL,
	# and stays until perf has stopped
	printf '%s\n' "SELECT pg_backend_pid() \\g $WORK/pid" \
		"\\! while [ ! -e $WORK/go ]; do sleep 0.1; done" \
		'\timing on' "$sql;" "\\! touch $WORK/done" \
		"\\! while [ ! -e $WORK/end ]; do sleep 0.1; done" > "$WORK/perf-$label.sql"
	"${PSQL[@]}" -d "$db" -At -f "$WORK/perf-$label.sql" > "$WORK/perf-$label.out" &
	psqlpid=$!
	while [ ! -s "$WORK/pid" ]; do sleep 0.1; done
	pid=$(cat "$WORK/pid")
	perf record -F 499 -g -o "$WORK/perf-$label.data" -p "$pid" 2> "$WORK/perf-$label.err" &
	perfpid=$!
	sleep 1
	touch "$WORK/go"
	while [ ! -e "$WORK/done" ]; do sleep 0.1; done
	kill -INT "$perfpid"
	wait "$perfpid" || true
	touch "$WORK/end"
	wait "$psqlpid"
	echo "$label under perf: $(sed -n 's/^Time: //p' "$WORK/perf-$label.out")"
	perf report -i "$WORK/perf-$label.data" --no-children --sort dso,symbol --stdio -g none --percent-limit 0.7 \
		2>/dev/null | grep -E '^ +[0-9]' | sed 's/ *$//' > "$OUT/perf-$label.txt" || true
	perf report -i "$WORK/perf-$label.data" --children --sort symbol --stdio -g none --percent-limit 2 \
		2>/dev/null | grep -E '^ +[0-9]' | grep -v ' 0x0000' | sed 's/ *$//' > "$OUT/perf-$label-children.txt" || true
	echo "$label: $(perf report -i "$WORK/perf-$label.data" --stdio 2>/dev/null | sed -n 's/^# Samples: \([0-9]*\).*/\1/p' | head -1) samples"
}
# statements <db> <label> <sql>: <sql> with pg_stat_statements.track = all
statements() {
	"${PSQL[@]}" -d "$1" -c "SELECT pg_stat_statements_reset()" >/dev/null
	"${PSQL[@]}" -d "$1" -c "SET pg_stat_statements.track = 'all'" -c "$3" >/dev/null
	"${PSQL[@]}" -d "$1" -c "SELECT calls, round(total_exec_time) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
	        rows, shared_blks_hit + shared_blks_read AS blocks, left(regexp_replace(query, '\\s+', ' ', 'g'), 230) AS query
	   FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25" > "$OUT/statements-$2.txt"
}
Q_ISMS="SELECT count(*) FILTER (WHERE isms.status_at(id, isms.today()) = 'active') FROM isms.certificate"
Q_TWIN="SELECT count(*) FILTER (WHERE twin.status_at(id, isms.today()) = 'active') FROM isms.certificate"

echo "== profile (reports in $OUT)"
# ------------------------------------------------------------------ 1. perf
fresh prof
"${PSQL[@]}" -d prof -c "$(copy_sql certificate)" -c "ANALYZE isms.certificate"
for t in audit decision; do
	perf_run prof "$t" "$(copy_sql $t)"
	"${PSQL[@]}" -d prof -c "ANALYZE isms.$t"
done
# five times over, for enough samples
perf_run prof status_at "SELECT count(*) FROM isms.certificate c, generate_series(1, 5) k
                         WHERE isms.status_at(c.id, isms.today()) = 'active'"
perf_run prof twin "SELECT count(*) FROM isms.certificate c, generate_series(1, 5) k
                    WHERE twin.status_at(c.id, isms.today()) = 'active'"

# ------------------------------------------------------------------ 2. pg_stat_statements
fresh prof
"${PSQL[@]}" -d prof -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements"
"${PSQL[@]}" -d prof -c "$(copy_sql certificate)" -c "ANALYZE isms.certificate"
for t in audit decision; do
	statements prof "$t" "$(copy_sql $t)"
	"${PSQL[@]}" -d prof -c "ANALYZE isms.$t"
done
statements prof status_at "$Q_ISMS"
statements prof twin "$Q_TWIN"

# ------------------------------------------------------------------ 3. auto_explain
fresh prof
"${PSQL[@]}" -d prof -c "$(copy_sql certificate)" -c "ANALYZE isms.certificate"
for t in audit decision; do
	"${PSQL[@]}" -d prof -c "LOAD 'auto_explain'" -c "SET auto_explain.log_min_duration = 20" \
		-c "SET auto_explain.log_analyze = on" -c "SET auto_explain.log_timing = off" \
		-c "SET auto_explain.log_buffers = on" -c "SET auto_explain.log_nested_statements = on" \
		-c "SET auto_explain.log_level = notice" -c "SET client_min_messages = notice" \
		-c "$(copy_sql $t)" > /dev/null 2> "$OUT/explain-$t.txt"
	"${PSQL[@]}" -d prof -c "ANALYZE isms.$t"
done
dropdb prof
ls -la "$OUT"
exit 0
