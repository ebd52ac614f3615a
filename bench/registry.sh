#!/usr/bin/env bash
# bench/registry.sh: a whole registry loaded with isms's rules, without them,
# and with a hand-written PL/pgSQL peer; readers and the sweep.
#
#     make PG_CONFIG=... install && PG_CONFIG=... bash bench/registry.sh 100000
#
# Argument: about how many certificates (default 10000; 10000, 100000,
# 1000000).  The script re-runs itself in a throwaway cluster
# (tools/cluster.sh: fsync off) after giving it shared_buffers (SB, default
# 1GB), maintenance_work_mem 512MB, max_wal_size 16GB and checkpoint_timeout
# 1h, so that the figures are CPU, not disk flushes or checkpoints.
# Environment:
#   PAIRS=3            alternated runs of each mode (min / median / max)
#   METHODS="copy insert"  load methods: one COPY per table, and/or
#                      multi-row INSERTs of BATCH (1000) rows per statement
#   PGBENCH_SECONDS=10 length of each pgbench run (single-row decisions)
#   SEED=1             the generator's seed (bench/registry_gen.sql)
#   MODES="on off peer"  the modes loaded (alternated in this order)
#   LOADS_ONLY=1       only the loads: print them and stop (no checks,
#                      readers, pgbench or sweep)
#   CLOCK=cpu          time each load by the CPU time (user + system, from
#                      /proc) its backend spent, not by the wall clock: on
#                      a machine shared with other work it leaves out the
#                      waits for a core (the trigger-less mode's time then
#                      leaves out its waits too, so the ratios stay fair)
#   PROFILE=1          also (PROFILE=only: nothing else) bench/registry_profile.sh:
#                      perf record -g of the backend during the triggers-on
#                      audit and decision COPYs and status_at, and the queries
#                      through pg_stat_statements and auto_explain; reports
#                      go to PROFILE_DIR (default /tmp/isms-profile)
#
# Modes: "on" = isms with its triggers; "off" = the same database with every
# isms trigger of isms.certificate, isms.audit and isms.decision dropped
# (same keys, indexes, foreign keys, internal triggers); "peer" = the
# PL/pgSQL peer of bench/registry_peer.sql (plain tables, row triggers).
# Each load goes into a fresh copy of a template holding the reference rows
# and the organisations; the three tables are loaded one after the other,
# each by its own connection, and ANALYZEd after its load (not timed).
# While a table loads, the loading backend's /proc/<pid>/status (its pid
# from pg_backend_pid()) is sampled every 50 ms: the peak RssAnon (private
# memory: palloc'd, the after-trigger queue, transition tables) and VmHWM
# (with the shared buffers it touched).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)

if [ -z "${ISMS_REGISTRY_CLUSTER:-}" ]; then
	export ISMS_REGISTRY_CLUSTER=1
	exec bash "$ROOT/tools/cluster.sh" bash "$0" "$@"
fi

N=${1:-10000}
PAIRS=${PAIRS:-3}
METHODS=${METHODS:-copy insert}
BATCH=${BATCH:-1000}
PGBENCH_SECONDS=${PGBENCH_SECONDS:-10}
SEED=${SEED:-1}
PROFILE=${PROFILE:-0}
PROFILE_DIR=${PROFILE_DIR:-/tmp/isms-profile}
SB=${SB:-1GB}
HORIZON=2026-06-30
NB=$(( (N * 100 + 57) / 115 ))          # base certificates; about 15% more are add-ons

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
val() { "${PSQL[@]}" -At -d "$1" -c "$2"; }
now_ns() { date +%s%N; }
fail() { echo "FAILED: $*" >&2; exit 1; }
as_server() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

WORK=$(mktemp -d /tmp/isms-registry.XXXXXX)
chmod 777 "$WORK"                        # the server writes the CSV files here
trap 'rm -rf "$WORK"' EXIT

# ------------------------------------------------------------------ cluster
"${PSQL[@]}" -d postgres <<SQL
ALTER SYSTEM SET shared_buffers = '$SB';
ALTER SYSTEM SET maintenance_work_mem = '512MB';
ALTER SYSTEM SET max_wal_size = '16GB';
ALTER SYSTEM SET checkpoint_timeout = '1h';
ALTER SYSTEM SET wal_level = 'minimal';
ALTER SYSTEM SET max_wal_senders = 0;
SQL
if [ "$PROFILE" != 0 ]; then
	val postgres "ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'" >/dev/null
fi
as_server pg_ctl -D "$ISMS_PGDATA" -l "$PGHOST/server.log" -w -m fast restart >/dev/null

echo "== isms registry benchmark: $N certificates ($NB bases), seed $SEED, $PAIRS pairs, methods: $METHODS"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores ($(sed -n 's/^model name.*: //p' /proc/cpuinfo | head -1)); load $(cut -d' ' -f1-3 /proc/loadavg)"
val postgres "SELECT version()"
val postgres "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name) FROM pg_settings
              WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers', 'work_mem', 'maintenance_work_mem', 'max_wal_size', 'autovacuum')"

# ------------------------------------------------------------------ templates and data
t0=$(now_ns)
createdb tmpl
"${PSQL[@]}" -d tmpl -v nb="$NB" -f "$HERE/registry_ref.sql"
# the reference tables analyzed; the registry tables of isms and of the peer
# never (as after CREATE EXTENSION or CREATE TABLE): plans made while they
# are empty must not assume they stay empty
"${PSQL[@]}" -d tmpl -c "VACUUM ANALYZE isms.organisation, isms.certification_body, isms.accreditation_body,
                         isms.accreditation, isms.auditor, isms.auditor_registration, isms.personnel_body"
"${PSQL[@]}" -d tmpl -f "$HERE/registry_peer.sql"
"${PSQL[@]}" -d tmpl -c "ANALYZE peer.standard"
createdb -T tmpl gen
"${PSQL[@]}" -d gen -v nb="$NB" -v seed="$SEED" -v horizon="$HORIZON" -f "$HERE/registry_gen.sql"
t1=$(now_ns)

CERT_COLS="id, cb_id, certificate_number, organisation_id, standard, scope_statement, scope, base_certificate_id, persons_in_scope, sites, sampling_allowed"
AUDIT_COLS="id, certificate_id, kind, start_date, end_date, auditor_days, persons_in_scope, combined_with, lead_auditor_id, time_justification"
DEC_COLS="certificate_id, kind, decision_date, effective_date, new_expiry, reason"
declare -A COLS=([certificate]=$CERT_COLS [audit]=$AUDIT_COLS [decision]=$DEC_COLS)
declare -A ORDER=([certificate]="id" [audit]="id" [decision]="sort_b, decision_date, ord")
declare -A ROWS
TABLES="certificate audit decision"
for t in $TABLES; do
	"${PSQL[@]}" -d gen -c "COPY (SELECT ${COLS[$t]} FROM gen.$t ORDER BY ${ORDER[$t]}) TO '$WORK/$t.csv' (FORMAT csv)"
	ROWS[$t]=$(wc -l < "$WORK/$t.csv")
	case " $METHODS " in *" insert "*)
		# multi-row INSERTs of $BATCH rows, unqualified (search_path picks isms or peer)
		lits=$(sed 's/[a-z_][a-z_]*/%L/g' <<< "${COLS[$t]}")
		"${PSQL[@]}" -At -d gen -o "$WORK/$t.sql" -c "
			SELECT format('INSERT INTO $t (${COLS[$t]}) VALUES %s;', string_agg(r, ', ' ORDER BY n))
			FROM (SELECT format('($lits)', ${COLS[$t]}) AS r, row_number() OVER (ORDER BY ${ORDER[$t]}) - 1 AS n
			      FROM gen.$t) q
			GROUP BY n / $BATCH ORDER BY n / $BATCH"
		;;
	esac
done
t2=$(now_ns)
createdb -T tmpl tmpl_off
"${PSQL[@]}" -d tmpl_off -At -c "
	SELECT format('DROP TRIGGER %I ON %s;', tgname, tgrelid::regclass) FROM pg_trigger
	WHERE tgrelid IN ('isms.certificate'::regclass, 'isms.audit'::regclass, 'isms.decision'::regclass)
	  AND NOT tgisinternal" | "${PSQL[@]}" -d tmpl_off
echo "generated: ${ROWS[certificate]} certificates ($(val gen "SELECT count(*) FROM gen.addon") add-ons)," \
	"${ROWS[audit]} audits, ${ROWS[decision]} decisions; per certificate" \
	"$(awk -v a="${ROWS[audit]}" -v d="${ROWS[decision]}" -v c="${ROWS[certificate]}" 'BEGIN { printf "%.1f audits, %.1f decisions", a / c, d / c }');" \
	"generator $(( (t1 - t0) / 1000000 )) ms (with the templates), files $(( (t2 - t1) / 1000000 )) ms"
echo "decisions by kind: $(val gen "SELECT string_agg(kind || ' ' || n, ', ' ORDER BY n DESC) FROM (SELECT kind, count(*) n FROM gen.decision GROUP BY kind) q")"
echo "isms triggers dropped in mode off: $(val tmpl "SELECT count(*) FROM pg_trigger WHERE tgrelid IN ('isms.certificate'::regclass, 'isms.audit'::regclass, 'isms.decision'::regclass) AND NOT tgisinternal")" \
	"(left: $(val tmpl_off "SELECT count(*) FROM pg_trigger WHERE tgrelid IN ('isms.certificate'::regclass, 'isms.audit'::regclass, 'isms.decision'::regclass) AND NOT tgisinternal"))"
dropdb gen

if [ "$PROFILE" = only ]; then
	bash "$HERE/registry_profile.sh" "$WORK" "$PROFILE_DIR"
	exit 0
fi

# ------------------------------------------------------------------ memory sampler
# sample <pidfile> <outfile> <stopfile>: until <stopfile> exists, the peak
# RssAnon and the last VmHWM (kB) of the backend whose pid the load's
# session writes into <pidfile> before it starts
sample() {
	local pid="" maxa=0 hwm=0 k v u
	while [ ! -e "$3" ]; do
		if [ -z "$pid" ] && [ -s "$1" ]; then pid=$(cat "$1"); fi
		if [ -n "$pid" ]; then
			{ while read -r k v u; do
				case $k in
				RssAnon:) [ "$v" -gt "$maxa" ] && maxa=$v ;;
				VmHWM:) hwm=$v ;;
				esac
			done < "/proc/$pid/status"; } 2>/dev/null || true
		fi
		sleep 0.05
	done
	echo "$maxa $hwm" > "$2"
}

# load <mode> <method> <db>: a fresh database, the three tables loaded one
# after the other; appends "<mode> <method> <table> <us> <rssanon kB> <hwm kB>"
# to $WORK/loads
load() {
	local mode=$1 method=$2 db=$3 t a b sp
	"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $db"
	if [ "$mode" = off ]; then createdb -T tmpl_off "$db"; else createdb -T tmpl "$db"; fi
	if [ "$mode" = peer ]; then sp=peer; else sp=isms; fi
	"${PSQL[@]}" -d postgres -c CHECKPOINT
	for t in $TABLES; do
		rm -f "$WORK/stop-$db" "$WORK/pid-$db" "$WORK/cpu0" "$WORK/cpu1"
		# one session: its pid for the sampler, its CPU time (user + system
		# ticks of /proc/<pid>/stat) before and after the load, the load
		{
			echo "SELECT pg_backend_pid() \\g $WORK/pid-$db"
			echo 'SELECT pg_backend_pid() AS bench_pid \gset'
			echo '\setenv BENCH_PID :bench_pid'
			echo "\\! awk '{print \$14 + \$15}' /proc/\$BENCH_PID/stat > $WORK/cpu0"
			if [ "$method" = copy ]; then
				echo "COPY $t (${COLS[$t]}) FROM '$WORK/$t.csv' (FORMAT csv);"
			else
				echo "\\i $WORK/$t.sql"
			fi
			echo "\\! awk '{print \$14 + \$15}' /proc/\$BENCH_PID/stat > $WORK/cpu1"
		} > "$WORK/load-$db.sql"
		sample "$WORK/pid-$db" "$WORK/mem" "$WORK/stop-$db" &
		a=$(now_ns)
		PGOPTIONS="-c search_path=$sp -c client_min_messages=warning" "${PSQL[@]}" -At -d "$db" \
			-f "$WORK/load-$db.sql" >/dev/null
		b=$(now_ns)
		touch "$WORK/stop-$db"; wait
		if [ "${CLOCK:-wall}" = cpu ]; then
			a=0; b=$(( ($(cat "$WORK/cpu1") - $(cat "$WORK/cpu0")) * 1000000000 / $(getconf CLK_TCK) ))
		fi
		echo "$mode $method $t $(( (b - a) / 1000 )) $(cat "$WORK/mem")" >> "$WORK/loads"
		# explicit ids were loaded: move the identity sequence past them
		"${PSQL[@]}" -d "$db" -c "ANALYZE $sp.$t" \
			-c "SELECT setval(pg_get_serial_sequence('$sp.$t', 'id'), max(id)) FROM $sp.$t HAVING max(id) IS NOT NULL" >/dev/null
	done
}

# ------------------------------------------------------------------ 1. loads
: > "$WORK/loads"
read -r -a MODES <<< "${MODES:-on off peer}"
NM=${#MODES[@]}
for i in $(seq 1 "$PAIRS"); do
	for method in $METHODS; do
		line="pair $i $method:"
		for j in $(seq 0 $(( NM - 1 ))); do
			mode=${MODES[$(( (i - 1 + j) % NM ))]}
			load "$mode" "$method" "r_${mode}_$method"
			line="$line $mode $(awk -v m="$mode" -v me="$method" '$1 == m && $2 == me { s[$3] = $4 } END { printf "%.0f+%.0f+%.0f ms", s["certificate"] / 1000, s["audit"] / 1000, s["decision"] / 1000 }' "$WORK/loads")"
		done
		echo "$line"
	done
done

if [ -n "${LOADS_ONLY:-}" ]; then
	echo "== loads (ms, min / median / max over $PAIRS pairs)"
	for method in $METHODS; do
		for t in $TABLES; do
			line="$method $t:"
			for mode in "${MODES[@]}"; do
				line="$line $mode $(awk -v m="$mode" -v me="$method" -v t="$t" '$1 == m && $2 == me && $3 == t { print $4 / 1000 }' "$WORK/loads" | sort -n |
					awk '{ v[NR] = $1 } END { printf "%.0f / %.0f / %.0f", v[1], (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2), v[NR] }')"
				line="$line ($(awk -v m="$mode" -v me="$method" -v t="$t" '$1 == m && $2 == me && $3 == t && $5 > x { x = $5 } END { printf "%.0f", x / 1024 }' "$WORK/loads") MB)"
			done
			echo "$line"
		done
	done
	exit 0
fi

# ------------------------------------------------------------------ checks: the rules were on
echo "== checks"
NC=${ROWS[certificate]}
for method in $METHODS; do
	db=r_on_$method
	n=$(val "$db" "SELECT (SELECT count(*) FROM isms.certificate) || ' ' || (SELECT count(*) FROM isms.audit) || ' ' || (SELECT count(*) FROM isms.decision)")
	[ "$n" = "$NC ${ROWS[audit]} ${ROWS[decision]}" ] || fail "on/$method: rows $n"
	bad=$(val "$db" "SELECT count(*) FROM isms.certificate WHERE status IS DISTINCT FROM isms.status_at(id, isms.today())")
	[ "$bad" -eq 0 ] || fail "on/$method: $bad certificates whose stored status is not status_at(id, isms.today())"
	n=$(val "r_off_$method" "SELECT count(*) FROM isms.certificate WHERE status <> 'draft'")
	[ "$n" -eq 0 ] || fail "off/$method: $n certificates not draft"
	n=$(val "r_peer_$method" "SELECT (SELECT count(*) FROM peer.certificate) || ' ' || (SELECT count(*) FROM peer.audit) || ' ' || (SELECT count(*) FROM peer.decision)")
	[ "$n" = "$NC ${ROWS[audit]} ${ROWS[decision]}" ] || fail "peer/$method: rows $n"
done
echo "on: every row loaded; stored status = isms.status_at(id, isms.today()) for all $NC certificates ($METHODS):" \
	"$(val r_on_copy "SELECT string_agg(status || ' ' || n, ', ' ORDER BY status) FROM (SELECT status, count(*) n FROM isms.certificate GROUP BY status) s")"
echo "off: every row loaded, every certificate still draft (nothing checked or derived); peer: every row loaded"
for d in "isms.today()" "date '2020-06-30'"; do
	bad=$(val r_on_copy "SELECT count(*) FROM isms.certificate WHERE isms.status_at(id, $d)::text IS DISTINCT FROM twin.status_at(id, $d)")
	[ "$bad" -eq 0 ] || fail "twin.status_at differs from isms.status_at on $d for $bad certificates"
done
echo "twin.status_at = isms.status_at for all $NC certificates on isms.today() and 2020-06-30"

# illegal rows: refused, with their SQLSTATEs, by isms and by the peer
sus=$(val r_on_copy "SELECT min(id) FROM isms.certificate WHERE status = 'suspended' AND base_certificate_id IS NULL")
aud=$(val r_on_copy "SELECT min(id) FROM isms.certificate WHERE status = 'active' AND base_certificate_id IS NULL AND persons_in_scope >= 8")
illegal() {					# illegal <db> <search_path> <sql>: the SQLSTATE of the error
	local out
	if out=$(PGOPTIONS="-c search_path=$2" psql -X -q -d "$1" -v VERBOSITY=verbose -v ON_ERROR_STOP=1 \
			-c '\set VERBOSITY verbose' -c "BEGIN" -c "$3" -c "ROLLBACK" 2>&1); then
		echo "accepted"
	else
		sed -n 's/^ERROR:  \([0-9A-Z]\{5\}\): .*/\1/p' <<< "$out" | head -1
	fi
}
SQL_DEC="INSERT INTO decision (certificate_id, kind, decision_date, effective_date) VALUES ($sus, 'suspend', isms.today(), isms.today())"
SQL_AUD="INSERT INTO audit (certificate_id, kind, start_date, end_date, auditor_days, lead_auditor_id) VALUES ($aud, 'surveillance', isms.today() - 3, isms.today() - 2, 0.5, 1)"
e1=$(illegal r_on_copy isms "$SQL_DEC"); e2=$(illegal r_on_copy isms "$SQL_AUD")
e3=$(illegal r_peer_copy peer "$SQL_DEC"); e4=$(illegal r_peer_copy peer "$SQL_AUD")
e5=$(illegal r_off_copy isms "$SQL_DEC")
echo "illegal rows: a suspension of suspended certificate $sus: on $e1 (SUS-1), peer $e3, off $e5;" \
	"a surveillance audit of 0.5 auditor-days without justification (certificate $aud): on $e2 (TIME-2), peer $e4"
[ "$e1" = 55000 ] && [ "$e2" = 23514 ] && [ "$e3" = 55000 ] && [ "$e4" = 23514 ] && [ "$e5" = accepted ] ||
	fail "illegal rows: $e1 $e2 $e3 $e4 $e5"

# ------------------------------------------------------------------ 2. status_at over every certificate
timed() {				# timed <db> <sql>: server time in ms of the last statement
	"${PSQL[@]}" -d "$1" -c '\timing on' -c "$2" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
}
: > "$WORK/readers"
Q_ISMS="SELECT count(*) FILTER (WHERE isms.status_at(id, isms.today()) = 'active') FROM isms.certificate"
Q_TWIN="SELECT count(*) FILTER (WHERE twin.status_at(id, isms.today()) = 'active') FROM isms.certificate"
for i in $(seq 1 "$PAIRS"); do
	if [ $((i % 2)) -eq 1 ]; then order="isms twin"; else order="twin isms"; fi
	for w in $order; do
		if [ "$w" = isms ]; then q=$Q_ISMS; else q=$Q_TWIN; fi
		echo "status_at_$w $(timed r_on_copy "$q")" >> "$WORK/readers"
	done
done

# ------------------------------------------------------------------ 3. the sweep
sweep() {				# sweep <as_of>: "<rows changed> <ms>"
	"${PSQL[@]}" -At -d r_on_copy -c '\timing on' -c "SELECT count(*) FROM isms.sweep($1)" |
		awk '/^Time:/ { t = $2; next } { n = $1 } END { print n, t }'
}
d1=$(val r_on_copy "SELECT expiry_date + 1 FROM isms.certificate WHERE status = 'active' AND expiry_date >= isms.today()
                    ORDER BY expiry_date OFFSET (SELECT count(*) / 100 FROM isms.certificate) LIMIT 1")
changed=""
for i in $(seq 1 "$PAIRS"); do
	read -r n t < <(sweep "isms.today()")
	[ "$n" -eq 0 ] || fail "sweep(isms.today()) changed $n certificates"
	echo "sweep_0 $t" >> "$WORK/readers"
	read -r n t < <(sweep "'$d1'")
	echo "sweep_1 $t" >> "$WORK/readers"; changed="$changed $n"
	read -r n t < <(sweep "isms.today()")
	echo "sweep_1 $t" >> "$WORK/readers"; changed="$changed $n"
done
bad=$(val r_on_copy "SELECT count(*) FROM isms.certificate WHERE status IS DISTINCT FROM isms.status_at(id, isms.today())")
[ "$bad" -eq 0 ] || fail "after the sweeps: $bad mismatches"
echo "sweep: nothing to change at isms.today(); a sweep of $d1 reports (stores nothing), today's after it changes nothing:$changed certificates; stored status = status_at afterwards"

# ------------------------------------------------------------------ 4. single-row decisions (pgbench)
# a pool of certificates without add-ons, active today; each transaction
# suspends one of them today, or reinstates it if it is suspended (in mode
# off the status never changes: always a suspension, nothing checked)
"${PSQL[@]}" -d r_on_copy -c "CREATE TABLE public.bench_pool AS
	SELECT row_number() OVER (ORDER BY id) AS k, id AS certificate_id FROM isms.certificate c
	WHERE status = 'active' AND base_certificate_id IS NULL
	  AND NOT EXISTS (SELECT FROM isms.certificate a WHERE a.base_certificate_id = c.id)"
NPOOL=$(val r_on_copy "SELECT count(*) FROM public.bench_pool")
"${PSQL[@]}" -d r_on_copy -c "COPY public.bench_pool TO '$WORK/pool.csv' (FORMAT csv)"
for db in r_off_copy r_peer_copy; do
	"${PSQL[@]}" -d "$db" -c "CREATE TABLE public.bench_pool (k bigint, certificate_id bigint)" \
		-c "COPY public.bench_pool FROM '$WORK/pool.csv' (FORMAT csv)"
done
for db in r_on_copy r_off_copy r_peer_copy; do
	"${PSQL[@]}" -d "$db" -c "ALTER TABLE public.bench_pool ADD PRIMARY KEY (k)" -c "VACUUM ANALYZE"
done
for sp in isms peer; do
	if [ "$sp" = isms ]; then cast="::isms.decision_kind"; else cast=""; fi
	cat > "$WORK/pgbench_$sp.sql" <<EOF
\set k random(1, $NPOOL)
INSERT INTO decision (certificate_id, kind, decision_date, effective_date, reason)
SELECT c.id, (CASE WHEN c.status = 'active' THEN 'suspend' ELSE 'reinstate' END)$cast, isms.today(), isms.today(), 'pgbench'
FROM public.bench_pool p JOIN certificate c ON c.id = p.certificate_id WHERE p.k = :k;
EOF
done
for i in $(seq 1 "$PAIRS"); do
	for j in 0 1 2; do
		mode=${MODES[$(( (i - 1 + j) % 3 ))]}
		if [ "$mode" = peer ]; then sp=peer; else sp=isms; fi
		out=$(PGOPTIONS="-c search_path=$sp -c client_min_messages=warning" \
			pgbench -n -c 1 -T "$PGBENCH_SECONDS" -f "$WORK/pgbench_$sp.sql" "r_${mode}_copy" 2>&1) ||
			{ echo "$out"; fail "pgbench $mode"; }
		lat=$(sed -n 's/^latency average = \([0-9.]*\) ms.*/\1/p' <<< "$out")
		tps=$(sed -n 's/^tps = \([0-9.]*\) .*/\1/p' <<< "$out")
		fails=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' <<< "$out")
		[ "${fails:-0}" -eq 0 ] || fail "pgbench $mode: $fails failed transactions"
		echo "pgbench_lat $mode $lat" >> "$WORK/readers"
		echo "pgbench_tps $mode $tps" >> "$WORK/readers"
	done
done
bad=$(val r_on_copy "SELECT count(*) FROM isms.certificate WHERE status IS DISTINCT FROM isms.status_at(id, isms.today())")
[ "$bad" -eq 0 ] || fail "after pgbench: $bad mismatches"
echo "pgbench: $NPOOL certificates in the pool; $(val r_on_copy "SELECT count(*) FROM isms.decision WHERE reason = 'pgbench'") single-row decisions with the rules on, stored status = status_at afterwards"

# ------------------------------------------------------------------ profile
if [ "$PROFILE" = 1 ]; then
	bash "$HERE/registry_profile.sh" "$WORK" "$PROFILE_DIR"
fi

# ------------------------------------------------------------------ the table
echo
awk -v N="$NC" -v A="${ROWS[audit]}" -v D="${ROWS[decision]}" -v P="$PAIRS" -v B="$BATCH" '
function sortv(arr, n,   i, j, t) { for (i = 2; i <= n; i++) { t = arr[i]; for (j = i - 1; j >= 1 && arr[j] > t; j--) arr[j + 1] = arr[j]; arr[j + 1] = t } }
function stat(key, scale,   n, i, v) {	# "min/median/max" of values[key] / scale
	n = cnt[key]; if (n == 0) { med[key] = 0; return "-" }
	for (i = 1; i <= n; i++) v[i] = vals[key, i] / scale
	sortv(v, n)
	med[key] = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
	return sprintf(scale == 1000 ? "%.0f/%.0f/%.0f" : "%.2f/%.2f/%.2f", v[1], med[key], v[n])
}
function add(key, v) { vals[key, ++cnt[key]] = v }
FILENAME ~ /loads$/ {
	add($1 " " $2 " " $3, $4); add($1 " " $2 " mem " $3, $5); add($1 " " $2 " hwm " $3, $6)
	tot[$1 " " $2, ++tn[$1 " " $2 " " $3]] += $4
	next
}
/^pgbench/ { add($1 " " $2, $3); next }
{ add($1, $2) }
END {
	rows["certificate"] = N; rows["audit"] = A; rows["decision"] = D
	printf "%-40s %22s %22s %22s %7s %7s\n", "min/median/max of " P " runs", "isms (on)", "triggers dropped (off)", "PL/pgSQL peer", "on/off", "peer/on"
	split("copy insert", ms, " ")
	for (mi = 1; mi <= 2; mi++) {
		me = ms[mi]
		if (cnt["on " me " certificate"] == 0) continue
		label = (me == "copy") ? "COPY" : "INSERT " B " rows/stmt"
		split("certificate audit decision", ts, " ")
		for (ti = 1; ti <= 3; ti++) {
			t = ts[ti]
			s1 = stat("on " me " " t, 1000); s2 = stat("off " me " " t, 1000); s3 = stat("peer " me " " t, 1000)
			printf "%-40s %19s ms %19s ms %19s ms %6.2fx %6.2fx\n", label " " rows[t] " " t "s", s1, s2, s3,
				med["on " me " " t] / med["off " me " " t], med["peer " me " " t] / med["on " me " " t]
			printf "%-40s %19.1f us %19.1f us %19.1f us\n", "  per row (median)", med["on " me " " t] * 1000 / rows[t], med["off " me " " t] * 1000 / rows[t], med["peer " me " " t] * 1000 / rows[t]
		}
		for (mo = 1; mo <= 3; mo++) {
			m = (mo == 1) ? "on" : (mo == 2) ? "off" : "peer"
			for (i = 1; i <= tn[m " " me " decision"]; i++) add(m " " me " whole", tot[m " " me, i])
		}
		s1 = stat("on " me " whole", 1000); s2 = stat("off " me " whole", 1000); s3 = stat("peer " me " whole", 1000)
		printf "%-40s %19s ms %19s ms %19s ms %6.2fx %6.2fx\n", label " whole registry", s1, s2, s3,
			med["on " me " whole"] / med["off " me " whole"], med["peer " me " whole"] / med["on " me " whole"]
		for (ti = 2; ti <= 3; ti++) {
			t = ts[ti]
			s1 = stat("on " me " mem " t, 1024); s2 = stat("off " me " mem " t, 1024); s3 = stat("peer " me " mem " t, 1024)
			printf "%-40s %19s MB %19s MB %19s MB\n", "  peak RssAnon, " t " load", s1, s2, s3
			s1 = stat("on " me " hwm " t, 1024); s2 = stat("off " me " hwm " t, 1024); s3 = stat("peer " me " hwm " t, 1024)
			printf "%-40s %19s MB %19s MB %19s MB\n", "  peak VmHWM, " t " load", s1, s2, s3
		}
	}
	s1 = stat("pgbench_lat on", 1); s2 = stat("pgbench_lat off", 1); s3 = stat("pgbench_lat peer", 1)
	printf "%-40s %19s ms %19s ms %19s ms %6.2fx %6.2fx\n", "single-row decision (pgbench -c 1)", s1, s2, s3,
		med["pgbench_lat on"] / med["pgbench_lat off"], med["pgbench_lat peer"] / med["pgbench_lat on"]
	s1 = stat("pgbench_tps on", 1); s2 = stat("pgbench_tps off", 1); s3 = stat("pgbench_tps peer", 1)
	printf "%-40s %18s tps %18s tps %18s tps\n", "  TPS", s1, s2, s3
	s1 = stat("status_at_isms", 1); s3 = stat("status_at_twin", 1)
	printf "%-40s %19s ms %22s %19s ms %7s %6.2fx\n", "status_at(id, today), all " N, s1, "", s3, "", med["status_at_twin"] / med["status_at_isms"]
	printf "%-40s %19s ms\n", "sweep(today), nothing to change", stat("sweep_0", 1)
	printf "%-40s %19s ms\n", "sweep, about 1% to change", stat("sweep_1", 1)
	printf "(peer/on for status_at: twin / isms; below 1 means the PL/pgSQL twin is faster)\n"
}' "$WORK/loads" "$WORK/readers"
