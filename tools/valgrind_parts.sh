#!/usr/bin/env bash
# Runs tools/valgrind.sh in parts side by side, one cluster each, so that a
# machine with several cores takes the whole run in a fraction of the time:
# the pg_regress files but audit_time, audit_time on its own (its 45,000
# calls of isms.audit_days() are the longest file), and the isolation specs
# dealt into the remaining parts.  Each part's memcheck summary is printed;
# exits non-zero if any part fails.
#
# Usage (as root; slow, see doc/proof.md), e.g.
#   bash tools/valgrind_parts.sh /path/to/postgresql-18.3.tar.gz
# ISMS_VALGRIND_JOBS (default: the number of cores, at least 3) parts run;
# ISMS_VALGRIND_LIST=1 only prints the parts.
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=$(readlink -f "${1:-${ISMS_PG_TARBALL:?give the PostgreSQL source tarball}}")
jobs=${ISMS_VALGRIND_JOBS:-$(nproc)}
[ "$jobs" -ge 3 ] || jobs=3
ISMS_VALGRIND_ONLY=build bash tools/valgrind.sh "$tarball"
sum=$(sha256sum "$tarball" | cut -c1-16)
pg_config=${ISMS_VALGRIND_CACHE:-/var/cache/isms-valgrind}/pg-$sum/bin/pg_config
list() { make -s --no-print-directory PG_CONFIG="$pg_config" -f Makefile -f - "print-$1" <<<'print-%: ; @echo $($*)'; }
regress=$(list REGRESS)
isolation=($(list ISOLATION))

parts=()
parts+=("regress|$(echo " $regress " | sed 's/ audit_time / /; s/^ //; s/ $//')")
parts+=("regress|install helpers audit_time uninstall")
# the specs dealt by their number of permutations (each drops and creates
# the extension again), the largest first, each to the lightest part
nspec=$((jobs - 2))
while IFS= read -r specs; do
    [ -n "$specs" ] && parts+=("isolation|$specs")
done < <(for s in "${isolation[@]}"; do echo "$(grep -c '^permutation' "specs/$s.spec") $s"; done |
    sort -rn | awk -v n="$nspec" '
        { k = 0; for (i = 1; i < n; i++) if (w[i] < w[k]) k = i; w[k] += $1; l[k] = l[k] " " $2 }
        END { for (i = 0; i < n; i++) { sub(/^ /, "", l[i]); print l[i] } }')

if [ -n "${ISMS_VALGRIND_LIST:-}" ]; then
    printf '%s\n' "${parts[@]}"
    exit 0
fi
out=$(mktemp -d "${TMPDIR:-/tmp}/isms-valgrind-parts.XXXXXX")
start=$SECONDS
pids=()
for ((p = 0; p < ${#parts[@]}; p++)); do
    suite=${parts[$p]%%|*}
    names=${parts[$p]#*|}
    if [ "$suite" = regress ]; then
        ISMS_VALGRIND_SUITES=regress REGRESS="$names" bash tools/valgrind.sh "$tarball" >"$out/$p.log" 2>&1 &
    else
        ISMS_VALGRIND_SUITES=isolation ISOLATION="$names" bash tools/valgrind.sh "$tarball" >"$out/$p.log" 2>&1 &
    fi
    pids+=($!)
done
failed=0
for ((p = 0; p < ${#parts[@]}; p++)); do
    rc=0
    wait "${pids[$p]}" || rc=$?
    echo "part $((p + 1)) (${parts[$p]%%|*}: ${parts[$p]#*|}): exit $rc"
    grep '^valgrind: ' "$out/$p.log" || tail -n 20 "$out/$p.log"
    [ "$rc" = 0 ] || { failed=1; tail -n 40 "$out/$p.log"; }
done
echo "all parts: $((SECONDS - start)) s; logs in $out"
exit $failed
