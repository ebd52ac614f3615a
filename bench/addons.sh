#!/bin/bash
# bench/addons.sh: what add-on certificates (ADD-1..7) cost on bulk loads.
#
# Run from the repository root, after building and installing the extension:
#
#     make -s && make -s install && bench/addons.sh
#
# Like bench/copy_decisions.sh it re-runs itself in a throw-away cluster
# (fsync off) and uses the same registry (bench/setup.sql: 20,400 ISO/IEC
# 27001 certificates with their audits) and decisions (bench/decisions.sql).
# On top of it, certificates 1..10,000 get a cloud add-on (ISO/IEC
# 27017:2015, ids 20401..30400) with the same audits as its base.
#   1. COPY of the 100,000 base decisions into the registry with the 10,000
#      add-ons still drafts: every statement also locks and replays the
#      add-ons of the bases it writes and has their consistency checked at
#      commit (ADD-7).  Compared with the same COPY into the registry without
#      add-ons (bench/copy_decisions.sh's case), triggers on both times.
#   2. COPY of the 50,000 add-on decisions (each add-on's history mirrors
#      its base's: grant, suspend, reinstate, recertify and the end, on the
#      same days) into the registry whose bases are loaded: triggers on (the
#      add-on rules ADD-1..6 against each base) vs off.
#   3. The whole load in one COPY: the 100,000 base and the 50,000 add-on
#      decisions into the registry with the draft add-ons, triggers on vs
#      off (with ADD-7 checking the 10,000 bases with their add-ons at
#      commit, in one batch).
# Environment: REPEAT=5 (runs per case, alternated; medians); CLOCK=cpu times
# the COPYs by the backend's CPU time instead of the elapsed time (as in
# bench/copy_decisions.sh).
# Afterwards it checks that no add-on is valid where its base is not
# (valid_periods) and that the stored status of every certificate is
# isms.status_at(id, isms.today()).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)

if [ -z "${ISMS_BENCH_CLUSTER:-}" ]; then
	export ISMS_BENCH_CLUSTER=1
	exec pg_virtualenv -v 15 \
		-o fsync=off -o synchronous_commit=off -o full_page_writes=off \
		-o shared_buffers=256MB -o max_wal_size=4GB -o checkpoint_timeout=30min \
		"$0" "$@"
fi

REPEAT=${REPEAT:-5}
WORK=$(mktemp -d /tmp/isms-bench.XXXXXX)
chmod 777 "$WORK"
trap 'rm -rf "$WORK"' EXIT

COLS="certificate_id, kind, decision_date, effective_date, new_expiry, reason"
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
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
val() { "${PSQL[@]}" -At -d "$1" -c "$2"; }
decisions() { printf 'SELECT * FROM (\n%s\n) q WHERE %s ORDER BY certificate_id, decided' "$(cat "$HERE/decisions.sql")" "$1"; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
fresh() {
	"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $1"
	createdb -T "$2" "$1"
	"${PSQL[@]}" -d postgres -c CHECKPOINT
}
fail() { echo "FAILED: $*" >&2; exit 1; }

echo "== isms add-on benchmark: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores"
val postgres "SELECT version()"

# ------------------------------------------------------------------ setup
createdb plain
"${PSQL[@]}" -d plain -f "$HERE/setup.sql"
"${PSQL[@]}" -d plain -c "COPY ($(decisions 'certificate_id <= 20000')) TO '$WORK/base.csv' (FORMAT csv)"
[ "$(wc -l < "$WORK/base.csv")" -eq 100000 ] || fail "base.csv"

# the same registry with a draft cloud add-on on each of certificates 1..10000
createdb -T plain drafts
"${PSQL[@]}" -d drafts <<'SQL'
INSERT INTO isms.accreditation (ab_id, cb_id, scheme, accreditation_number, valid_from)
SELECT ab.id, cb.id, 'ISMS-CLOUD', 'CLD-' || cb.code, date '2000-01-01'
FROM isms.accreditation_body ab, isms.certification_body cb WHERE ab.code = 'BENCH-AB';
INSERT INTO isms.certificate (cb_id, certificate_number, organisation_id, standard, scope_statement,
                              base_certificate_id)
SELECT b.cb_id, 'BENCH-CL-' || lpad(b.id::text, 6, '0'), b.organisation_id, 'ISO/IEC 27017:2015',
       'Cloud services of organisation ' || b.id, b.id
FROM isms.certificate b WHERE b.id <= 10000 ORDER BY b.id;
INSERT INTO isms.audit (certificate_id, kind, start_date, end_date, auditor_days, persons_in_scope)
SELECT a.id, x.kind, x.start_date, x.end_date, x.auditor_days, x.persons_in_scope
FROM isms.certificate a JOIN isms.audit x ON x.certificate_id = a.base_certificate_id
ORDER BY a.id, x.start_date;
VACUUM ANALYZE;
SQL
echo "setup: $(val drafts "SELECT count(*) FROM isms.certificate WHERE base_certificate_id IS NOT NULL") add-ons," \
	"$(val drafts "SELECT count(*) FROM isms.audit") audits"

# 2. the registry with its base decisions loaded, and the add-on decisions
createdb -T drafts loaded
"${PSQL[@]}" -d loaded -c "COPY isms.decision ($COLS) FROM '$WORK/base.csv' (FORMAT csv)"
"${PSQL[@]}" -d loaded -c "VACUUM ANALYZE"
"${PSQL[@]}" -d loaded -c "COPY (SELECT a.id, d.kind, d.decision_date, d.effective_date, d.new_expiry, d.reason
        FROM isms.decision d JOIN isms.certificate a ON a.base_certificate_id = d.certificate_id
        ORDER BY a.id, d.effective_date, d.id) TO '$WORK/addons.csv' (FORMAT csv)"
[ "$(wc -l < "$WORK/addons.csv")" -eq 50000 ] || fail "addons.csv"
createdb -T loaded loaded_off
"${PSQL[@]}" -d loaded_off -c "ALTER TABLE isms.decision DISABLE TRIGGER USER"
cat "$WORK/base.csv" "$WORK/addons.csv" > "$WORK/all.csv"
chmod 644 "$WORK/all.csv"
createdb -T drafts drafts_off
"${PSQL[@]}" -d drafts_off -c "ALTER TABLE isms.decision DISABLE TRIGGER USER"

# ------------------------------------------------------------------ runs
plain=(); drafts=(); on=(); off=(); allon=(); alloff=()
for i in $(seq 1 "$REPEAT"); do
	fresh run plain;  plain+=("$(timed run "COPY isms.decision ($COLS) FROM '$WORK/base.csv' (FORMAT csv)")")
	fresh run drafts; drafts+=("$(timed run "COPY isms.decision ($COLS) FROM '$WORK/base.csv' (FORMAT csv)")")
	fresh run loaded; on+=("$(timed run "COPY isms.decision ($COLS) FROM '$WORK/addons.csv' (FORMAT csv)")")
	fresh run loaded_off; off+=("$(timed run "COPY isms.decision ($COLS) FROM '$WORK/addons.csv' (FORMAT csv)")")
	fresh run drafts; allon+=("$(timed run "COPY isms.decision ($COLS) FROM '$WORK/all.csv' (FORMAT csv)")")
	fresh run drafts_off; alloff+=("$(timed run "COPY isms.decision ($COLS) FROM '$WORK/all.csv' (FORMAT csv)")")
	echo "run $i: base COPY without add-ons ${plain[-1]} ms, with 10,000 draft add-ons ${drafts[-1]} ms;" \
		"add-on COPY on ${on[-1]} ms, off ${off[-1]} ms; whole load on ${allon[-1]} ms, off ${alloff[-1]} ms"
done

# ------------------------------------------------------------------ checks (on the last triggers-on run)
fresh run drafts
"${PSQL[@]}" -d run -c "COPY isms.decision ($COLS) FROM '$WORK/all.csv' (FORMAT csv)"
bad=$(val run "SELECT count(*) FROM isms.certificate a JOIN isms.certificate b ON b.id = a.base_certificate_id
               WHERE NOT isms.valid_periods(a.id) <@ isms.valid_periods(b.id)")
inexact=$(val run "SELECT count(*) FROM isms.certificate WHERE status <> isms.status_at(id, isms.today())")
[ "$bad" -eq 0 ] && [ "$inexact" -eq 0 ] || fail "$bad add-ons valid beyond their base, $inexact stored statuses off"
echo "checks: every add-on valid only within its base's validity; every stored status = status_at(today)"

mp=$(median "${plain[@]}"); md=$(median "${drafts[@]}"); mon=$(median "${on[@]}"); moff=$(median "${off[@]}")
mao=$(median "${allon[@]}"); maf=$(median "${alloff[@]}")
echo
printf '%-58s %10s %10s %7s\n' "median of $REPEAT runs" "" "" "ratio"
printf '%-58s %7.0f ms %7.0f ms %6.2fx\n' "COPY 100,000 base decisions: with 10,000 add-ons / without" \
	"$md" "$mp" "$(echo "$md / $mp" | bc -l)"
printf '%-58s %7.0f ms %7.0f ms %6.2fx\n' "COPY 50,000 add-on decisions: triggers on / off" \
	"$mon" "$moff" "$(echo "$mon / $moff" | bc -l)"
printf '%-58s %7.0f ms %7.0f ms %6.2fx\n' "COPY 150,000 base and add-on decisions: triggers on / off" \
	"$mao" "$maf" "$(echo "$mao / $maf" | bc -l)"
