#!/usr/bin/env bash
# bench/surfaces.sh: time of the reader surfaces on the registry of the COPY
# benchmark (bench/setup.sql and the 100,000 decisions of bench/decisions.sql:
# 20,000 certificates with 5 decisions each), median of REPEAT runs.
# Figures in bench/README.md.
# Usage: bash bench/surfaces.sh        (in a throwaway cluster, pg_virtualenv)
#        ISMS_BENCH_CLUSTER=1 bash bench/surfaces.sh   (in the cluster of PGHOST/PGPORT)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
if [ -z "${ISMS_BENCH_CLUSTER:-}" ]; then
	export ISMS_BENCH_CLUSTER=1
	exec pg_virtualenv -v 15 -o fsync=off -o shared_buffers=256MB "$0" "$@"
fi
REPEAT=${REPEAT:-5}
PSQL=(psql -X -q -v ON_ERROR_STOP=1)
# each query twice in one session: the second time, without the session's
# start-up (loading the library, caching the catalogs and plans)
timed() {
	"${PSQL[@]}" -d bench_surfaces -c "$1" -c '\timing on' -c "$1" |
		sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' | tail -1
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

"${PSQL[@]}" -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS bench_surfaces"
createdb bench_surfaces
"${PSQL[@]}" -d bench_surfaces -f "$HERE/setup.sql"
"${PSQL[@]}" -d bench_surfaces -c "INSERT INTO isms.decision (certificate_id, kind, decision_date, effective_date, new_expiry, reason)
    SELECT * FROM ($(cat "$HERE/decisions.sql")) q WHERE certificate_id <= 20000" -c "VACUUM ANALYZE"
echo "== isms reader surfaces: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores," \
     "$("${PSQL[@]}" -At -d bench_surfaces -c "SELECT count(*) FROM isms.decision") decisions, median of $REPEAT (ms)"

while IFS='|' read -r label query; do
	t=()
	for _ in $(seq "$REPEAT"); do t+=("$(timed "$query")"); done
	printf '%-58s %10s\n' "$label" "$(median "${t[@]}")"
done <<'QUERIES'
isms_public.verify (one certificate, number as printed)|SELECT * FROM isms_public.verify('bench-cb2', 'bench 012345')
isms.status_at by (body, number)|SELECT isms.status_at('BENCH-CB2', 'bench-012345', isms.today())
isms.find_certificates (number alone)|SELECT * FROM isms.find_certificates('ｂｅｎｃｈ－０１２３４５')
isms.find_organisations (trigram)|SELECT * FROM isms.find_organisations('bench organisation 12345')
count(*) of isms_bi.certificates (20,400 status_at)|SELECT count(*) FROM isms_bi.certificates
isms_bi.certificates of one body, status active|SELECT count(*) FROM isms_bi.certificates WHERE cb_code = 'BENCH-CB1' AND status = 'active'
isms_bi.expiring|SELECT count(*) FROM isms_bi.expiring
isms_bi.obligations|SELECT count(*) FROM isms_bi.obligations
isms_bi.monthly_status_counts (all months)|SELECT count(*) FROM isms_bi.monthly_status_counts
isms_bi.certsearch (COPY to CSV)|COPY (SELECT * FROM isms_bi.certsearch) TO '/dev/null' (FORMAT csv, HEADER)
isms_bi.certsearch_changed_since (a month)|SELECT count(*) FROM isms_bi.certsearch_changed_since(now() - interval '1 month')
isms_public.register|SELECT count(*) FROM isms_public.register
QUERIES
