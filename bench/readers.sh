#!/usr/bin/env bash
# bench/readers.sh: the readers' questions and the daily sweep over a
# generated registry loaded with isms's rules (bench/registry_gen.sql, one
# COPY per table), each against the way it is answered without the derived
# dates of isms.certificate_dates.
#
#     make PG_CONFIG=... install && PG_CONFIG=... bash bench/readers.sh 20000
#
# Argument: about how many certificates (default 20000).  The script re-runs
# itself in a throwaway cluster (tools/cluster.sh: fsync off) with
# shared_buffers SB (default 512MB).  Environment: RUNS=3 (alternated runs
# of each pair: min / median / max), SEED=1, BASELINES=1 (0: time only the
# indexed forms, the twin of status_at and the sweeps, not the per-certificate
# functions they replace nor the audit COPY without its trigger: at 1,000,000
# certificates those take hours).
# It prints, for each question, the time of the indexed query and of the
# per-certificate function it replaces (the ratio of the medians; for the
# periods of validity, isms.valid_periods(id, now()), which replays the
# history as isms.valid_periods(id) did before it read the stored ones), the
# plans of the indexed queries (EXPLAIN, no per-row function call), and
# checks that both give the same answer.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)

if [ -z "${ISMS_READERS_CLUSTER:-}" ]; then
	export ISMS_READERS_CLUSTER=1
	exec bash "$ROOT/tools/cluster.sh" bash "$0" "$@"
fi

N=${1:-20000}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
SB=${SB:-512MB}
BASELINES=${BASELINES:-1}
HORIZON=2026-06-30
NB=$(( (N * 100 + 57) / 115 ))

PSQL=(psql -X -q -v ON_ERROR_STOP=1)
val() { "${PSQL[@]}" -At -d "$1" -c "$2"; }
fail() { echo "FAILED: $*" >&2; exit 1; }
as_server() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
WORK=$(mktemp -d /tmp/isms-readers.XXXXXX)
chmod 777 "$WORK"
trap 'rm -rf "$WORK"' EXIT

"${PSQL[@]}" -d postgres -c "ALTER SYSTEM SET shared_buffers = '$SB'" \
	-c "ALTER SYSTEM SET max_wal_size = '8GB'" -c "ALTER SYSTEM SET checkpoint_timeout = '1h'"
as_server pg_ctl -D "$ISMS_PGDATA" -l "$PGHOST/server.log" -w -m fast restart >/dev/null

echo "== isms readers benchmark: $N certificates, seed $SEED, $RUNS runs"
echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
val postgres "SELECT version()"

# ------------------------------------------------------------------ the registry, loaded with the rules
createdb r
"${PSQL[@]}" -d r -v nb="$NB" -f "$HERE/registry_ref.sql"
"${PSQL[@]}" -d r -f "$HERE/registry_peer.sql"          # for twin.status_at
"${PSQL[@]}" -d r -v nb="$NB" -v seed="$SEED" -v horizon="$HORIZON" -f "$HERE/registry_gen.sql"
CERT_COLS="id, cb_id, certificate_number, organisation_id, standard, scope_statement, scope, base_certificate_id, persons_in_scope, sites, sampling_allowed"
AUDIT_COLS="id, certificate_id, kind, start_date, end_date, auditor_days, persons_in_scope, combined_with, lead_auditor_id, time_justification"
DEC_COLS="certificate_id, kind, decision_date, effective_date, new_expiry, reason"
declare -A COLS=([certificate]=$CERT_COLS [audit]=$AUDIT_COLS [decision]=$DEC_COLS)
declare -A ORDER=([certificate]="id" [audit]="id" [decision]="sort_b, decision_date, ord")
for t in certificate audit decision; do
	"${PSQL[@]}" -d r -c "COPY (SELECT ${COLS[$t]} FROM gen.$t ORDER BY ${ORDER[$t]}) TO '$WORK/$t.csv' (FORMAT csv)"
done
"${PSQL[@]}" -d r -c "DROP SCHEMA gen CASCADE" >/dev/null 2>&1
# what storing the derived dates after each audit statement costs the audit
# COPY: the same audits into a copy with that trigger disabled (r0), first
copy() {				# copy <db> <table>: ms
	local a b
	a=$(date +%s%N)
	"${PSQL[@]}" -d "$1" -c "COPY isms.$2 (${COLS[$2]}) FROM '$WORK/$2.csv' (FORMAT csv)"
	b=$(date +%s%N)
	"${PSQL[@]}" -d "$1" -c "ANALYZE isms.$2"
	echo $(( (b - a) / 1000000 ))
}
a0=skipped
if [ "$BASELINES" != 0 ]; then
	createdb -T r r0
	"${PSQL[@]}" -d r0 -c "ALTER TABLE isms.audit DISABLE TRIGGER audit_stored_insert"
	copy r0 certificate >/dev/null
	a0="$(copy r0 audit) ms"
	dropdb r0
fi
t0=$(date +%s%N)
declare -A MS
for t in certificate audit decision; do
	MS[$t]=$(copy r "$t")
done
echo "COPY with the rules: certificates ${MS[certificate]} ms, audits ${MS[audit]} ms, decisions ${MS[decision]} ms;" \
	"audits without storing their certificates' derived dates (trigger audit_stored_insert disabled): $a0"
"${PSQL[@]}" -d r -c "VACUUM ANALYZE isms.certificate, isms.audit, isms.decision, isms.certificate_dates"
t1=$(date +%s%N)
NC=$(val r "SELECT count(*) FROM isms.certificate")
echo "loaded with the rules: $NC certificates, $(val r "SELECT count(*) FROM isms.audit") audits," \
	"$(val r "SELECT count(*) FROM isms.decision") decisions in $(( (t1 - t0) / 1000000 )) ms;" \
	"derived rows: $(val r "SELECT count(*) FROM isms.certificate_dates")"

TODAY=$(val r "SELECT isms.today()")
D=$HORIZON
SITE='{site:JP/Branch7/Office}'
timed() {				# timed <sql>: "<result> <server ms>"
	"${PSQL[@]}" -At -d r -c '\timing on' -c "$1" |
		awk '/^Time:/ { t = $2; next } { v = $0 } END { print v, t }'
}
: > "$WORK/t"
pair() {				# pair <name> <new sql> <old sql>: alternated runs, same answer
	local i a b
	if [ "$BASELINES" = 0 ] && [ "${5:-}" != always ]; then
		for i in $(seq 1 "$RUNS"); do
			read -r a ta < <(timed "$2")
			echo "$1 new $ta" >> "$WORK/t"
		done
		echo "$1: answer $a (indexed; per certificate not run, BASELINES=0)"
		return
	fi
	for i in $(seq 1 "$RUNS"); do
		if [ $((i % 2)) -eq 1 ]; then
			read -r a ta < <(timed "$2"); read -r b tb < <(timed "$3")
		else
			read -r b tb < <(timed "$3"); read -r a ta < <(timed "$2")
		fi
		[ "$a" = "$b" ] || [ -n "${4:-}" ] || fail "$1: the indexed query gives $a, the per-certificate one $b"
		echo "$1 new $ta" >> "$WORK/t"; echo "$1 old $tb" >> "$WORK/t"
	done
	if [ "$a" = "$b" ]; then echo "$1: answer $a (both)"; else echo "$1: answers $a (indexed), $b (per certificate)"; fi
}

# ------------------------------------------------------------------ the three questions
pair "valid on $D" \
	"SELECT count(*) FROM isms.certificate_dates d WHERE d.valid_periods @> DATE '$D'" \
	"SELECT count(*) FROM isms.certificate c WHERE isms.valid_periods(c.id, now()) @> DATE '$D'"
pair "covering $SITE, valid on $D" \
	"SELECT count(*) FROM isms.certificate c JOIN isms.certificate_dates d ON d.certificate_id = c.id
	  WHERE c.scope @> '$SITE'::isms.scope AND d.valid_periods @> DATE '$D'" \
	"SELECT count(*) FROM isms.certificate c WHERE c.scope @> '$SITE'::isms.scope AND isms.valid_periods(c.id, now()) @> DATE '$D'"
pair "an audit due by today + 90" \
	"SELECT count(*) FROM isms.certificate_dates d WHERE d.next_due <= DATE '$TODAY' + 90" \
	"SELECT count(*) FROM isms.certificate c
	  WHERE c.status IN ('active', 'suspended')
	    AND (SELECT min(p.due_by) FROM isms.audit_programme(c.id, DATE '$TODAY') p
	          WHERE p.state IN ('overdue', 'due', 'upcoming') AND p.certificate_id = c.id) <= DATE '$TODAY' + 90" \
	lenient
pair "status_at(id, today), all certificates" \
	"SELECT count(*) FILTER (WHERE isms.status_at(id, isms.today()) = 'active') FROM isms.certificate" \
	"SELECT count(*) FILTER (WHERE twin.status_at(id, isms.today()) = 'active') FROM isms.certificate" \
	"" always
# the questions narrowed as a register's page asks them: one body's
# certificates valid on the day, a site's, the audits due within 90 days of
# one body (the answer's size, not the registry's, is their cost)
pair "valid on $D, one body" \
	"SELECT count(*) FROM isms.certificate_dates d JOIN isms.certificate c ON c.id = d.certificate_id
	  WHERE c.cb_id = 2 AND d.valid_periods @> DATE '$D'" \
	"SELECT count(*) FROM isms.certificate c WHERE c.cb_id = 2 AND isms.valid_periods(c.id, now()) @> DATE '$D'"

# the questions as a page of a register or one verification asks them: the
# first 50 rows in the order a page shows them, and one certificate (its
# number looked up as a verification API does); their cost is the page's
: > "$WORK/plans_pages"
# in one session, as a pooled connection asks them: a first run fills the
# session's caches of the catalog, then RUNS runs are timed
page() {				# page <name> <sql>: RUNS runs, the rows it gives, its plan
	local i a args=()
	for i in $(seq 0 "$RUNS"); do args+=(-c "SELECT count(*) FROM ($2) p"); done
	"${PSQL[@]}" -At -d r -c '\timing on' "${args[@]}" |
		awk -v name="$1" '/^Time:/ { if (n++) print name " new " $2; next } { a = $0 }
			END { print a > "/dev/stderr" }' >> "$WORK/t" 2> "$WORK/page_rows"
	a=$(cat "$WORK/page_rows")
	echo "$1: $a rows"
	{ echo "-- $1: $2"; "${PSQL[@]}" -At -d r -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) $2"; } >> "$WORK/plans_pages"
}
NUM=$(val r "SELECT c.certificate_number FROM isms.certificate c WHERE c.cb_id = 2 AND c.status = 'suspended' ORDER BY c.id LIMIT 1")
page "page: one body's 50 valid on $D, by number" \
	"SELECT c.certificate_number FROM isms.certificate c JOIN isms.certificate_dates d ON d.certificate_id = c.id
	  WHERE c.cb_id = 2 AND d.valid_periods @> DATE '$D' ORDER BY c.certificate_number LIMIT 50"
page "page: 50 covering $SITE, valid on $D" \
	"SELECT c.certificate_number FROM isms.certificate c JOIN isms.certificate_dates d ON d.certificate_id = c.id
	  WHERE c.scope @> '$SITE'::isms.scope AND d.valid_periods @> DATE '$D' LIMIT 50"
page "page: the 50 next audit deadlines" \
	"SELECT c.certificate_number, d.next_due FROM isms.certificate_dates d JOIN isms.certificate c ON c.id = d.certificate_id
	  WHERE d.next_due >= DATE '$TODAY' ORDER BY d.next_due, d.certificate_id LIMIT 50"
page "one certificate: valid on $D, by its number" \
	"SELECT d.valid_periods @> DATE '$D' FROM isms.certificate c JOIN isms.certificate_dates d ON d.certificate_id = c.id
	  WHERE c.cb_id = 2 AND c.certificate_number = '$NUM'"

# ------------------------------------------------------------------ the sweep
d1=$(val r "SELECT expiry_date + 1 FROM isms.certificate WHERE status = 'active' AND expiry_date >= isms.today()
            ORDER BY expiry_date OFFSET (SELECT count(*) / 100 FROM isms.certificate) LIMIT 1")
for i in $(seq 1 "$RUNS"); do
	read -r n t < <(timed "SELECT count(*) FROM isms.sweep(isms.today())")
	[ "$n" -eq 0 ] || fail "sweep(isms.today()) changed $n certificates"
	echo "sweep_0 new $t" >> "$WORK/t"
	read -r n1 t < <(timed "SELECT count(*) FROM isms.sweep('$d1')")
	echo "sweep_1 new $t" >> "$WORK/t"
	# the sweep of every certificate (as before the derived dates): all due
	if [ "$BASELINES" != 0 ]; then
		val r "UPDATE isms.certificate_dates SET next_change = isms.today()" >/dev/null
		read -r n t < <(timed "SELECT count(*) FROM isms.sweep(isms.today())")
		[ "$n" -eq 0 ] || fail "the sweep of every certificate changed $n"
		echo "sweep_0 old $t" >> "$WORK/t"
	fi
done
bad=$(val r "SELECT count(*) FROM isms.certificate WHERE status IS DISTINCT FROM isms.status_at(id, isms.today())")
[ "$bad" -eq 0 ] || fail "after the sweeps: $bad stored statuses differ from status_at"
echo "sweep of $d1 (a report): $n1 certificates would change;" \
	"looked at: $(val r "SELECT count(*) FROM isms.certificate_dates WHERE next_change <= DATE '$d1'") of $NC"

echo "== plans (EXPLAIN, the registry analyzed)"
for q in "SELECT c.id, c.certificate_number FROM isms.certificate_dates d JOIN isms.certificate c ON c.id = d.certificate_id WHERE d.valid_periods @> DATE '$D' AND c.cb_id = 2" \
	"SELECT c.id, c.certificate_number FROM isms.certificate c JOIN isms.certificate_dates d ON d.certificate_id = c.id WHERE c.scope @> '$SITE'::isms.scope AND d.valid_periods @> DATE '$D'" \
	"SELECT c.id, c.certificate_number, d.next_due FROM isms.certificate_dates d JOIN isms.certificate c ON c.id = d.certificate_id WHERE d.next_due BETWEEN DATE '$TODAY' AND DATE '$TODAY' + 90" \
	"SELECT DISTINCT coalesce(c.base_certificate_id, c.id) FROM isms.certificate_dates d JOIN isms.certificate c ON c.id = d.certificate_id WHERE d.next_change <= DATE '$TODAY' OR d.derived_on > DATE '$TODAY'"; do
	echo "-- $q"
	"${PSQL[@]}" -At -d r -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) $q"
done

echo "== plans of the pages"
cat "$WORK/plans_pages"

echo "== results (ms, min / median / max of $RUNS; old/new = ratio of the medians)"
awk '
function stats(k,   n, i, j, t, a) {
	n = split(v[k], a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	med[k] = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	return sprintf("%.1f / %.1f / %.1f", a[1], med[k], a[n])
}
{ name = $1; for (i = 2; i < NF - 1; i++) name = name " " $i; k = name SUBSEP $(NF - 1); v[k] = v[k] " " $NF
  if (!(name in seen)) { seen[name] = 1; order[++no] = name } }
END {
	for (i = 1; i <= no; i++) {
		nm = order[i]; s1 = stats(nm SUBSEP "new")
		if ((nm SUBSEP "old") in v) {
			s2 = stats(nm SUBSEP "old")
			printf "%-46s new %24s   old %24s   old/new %6.1fx\n", nm, s1, s2, med[nm SUBSEP "old"] / med[nm SUBSEP "new"]
		} else
			printf "%-46s %28s\n", nm, s1
	}
}' "$WORK/t"
echo "(status_at: old = twin.status_at, the PL/pgSQL replay of bench/registry_peer.sql; sweep_0: sweep(today), nothing to change, old = every certificate due (the sweep before the derived dates); sweep_1: the sweep of the day by which about 1% expire)"
