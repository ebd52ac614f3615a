#!/usr/bin/env bash
# Runs the pg_regress and isolation suites with every server process under
# valgrind's memcheck, on a PostgreSQL built for it (--enable-cassert,
# --enable-debug, -DUSE_VALGRIND, so memcheck also sees the insides of memory
# contexts), and counts the errors whose stack passes through isms.so.  Exits
# non-zero if there is any such error, or if a suite fails.
#
# Usage (as root; slow: see doc/proof.md for the time it takes), e.g.
#   bash tools/valgrind.sh /path/to/postgresql-18.3.tar.gz
#
# The tarball defaults to $ISMS_PG_TARBALL.  The server is built once per
# tarball into $ISMS_VALGRIND_CACHE (default /var/cache/isms-valgrind), in a
# folder named after the tarball's sha256, and reused by later runs.
# ISMS_VALGRIND_ONLY=build stops after the build; REGRESS=... / ISOLATION=...
# (make variables) narrow the suites, and ISMS_VALGRIND_SUITES=regress or
# =isolation runs only one of them; so the suites can be run in parts, each
# part in a cluster of its own, side by side (doc/proof.md).
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=$(readlink -f "${1:-${ISMS_PG_TARBALL:?give the PostgreSQL source tarball}}")
cache=${ISMS_VALGRIND_CACHE:-/var/cache/isms-valgrind}
sum=$(sha256sum "$tarball" | cut -c1-16)
prefix=$cache/pg-$sum
mkdir -p "$cache"

# --- build (once per tarball) -------------------------------------------------
exec 9>"$cache/.lock"
flock 9
if [ ! -f "$prefix/.complete" ]; then
    command -v bison >/dev/null && command -v flex >/dev/null && command -v valgrind >/dev/null || {
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends bison flex valgrind >/dev/null
    }
    rm -rf "$prefix"
    start=$SECONDS
    echo "building $(basename "$tarball") for valgrind into $prefix" >&2
    mkdir -p "$prefix/src"
    tar xzf "$tarball" -C "$prefix/src" --strip-components=1
    (
        cd "$prefix/src"
        ./configure --prefix="$prefix" --enable-cassert --enable-debug \
            --without-icu --without-readline \
            CFLAGS="-Og -ggdb -fno-omit-frame-pointer -DUSE_VALGRIND" >configure.log 2>&1 ||
            { tail -50 configure.log; exit 1; }
        make -j"$(nproc)" -s world-bin >make.log 2>&1 || { tail -50 make.log; exit 1; }
        make -s install-world-bin >install.log 2>&1 || { tail -50 install.log; exit 1; }
    ) >&2
    touch "$prefix/.complete"
    echo "built in $((SECONDS - start)) s" >&2
fi
flock -u 9
[ "${ISMS_VALGRIND_ONLY:-}" = build ] && exit 0
pg_config=$prefix/bin/pg_config
bindir=$prefix/bin
supp=$prefix/src/src/tools/valgrind.supp
grep -q '^#define USE_VALGRIND\|-DUSE_VALGRIND' "$prefix/src/src/Makefile.global" ||
    { echo "$prefix is not built with USE_VALGRIND" >&2; exit 1; }

# --- isms, built against it in a copy of the tree ----------------------------
start=$SECONDS
work=$(mktemp -d "${TMPDIR:-/tmp}/isms-valgrind.XXXXXX")
chmod 755 "$work"
as_server() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
stop() {
    as_server "$bindir/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1 || true
    [ -n "${ISMS_VALGRIND_KEEP:-}" ] || rm -rf "$work"
}
trap stop EXIT
tar cf - --exclude=.git --exclude='*.o' --exclude='*.so' --exclude='*.bc' \
    --exclude=results --exclude=output_iso . | tar xf - -C "$work" --one-top-level=isms
src=$work/isms
make -s -C "$src" PG_CONFIG="$pg_config" >/dev/null
make -s -C "$src" PG_CONFIG="$pg_config" install >/dev/null
[ "$(id -u)" -eq 0 ] && chown -R postgres "$work"

# --- a cluster whose postmaster runs under memcheck --------------------------
# As PostgreSQL's developers run it: every process the postmaster forks is
# traced, errors are delimited by markers and written to one log per
# process; --fullpath-after= keeps whole source paths, so that the frames
# in isms (compiled in $src) are told from the server's own.
as_server "$bindir/initdb" -D "$work/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$work/initdb.log" 2>&1 || { cat "$work/initdb.log"; exit 1; }
cat >>"$work/data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$work'
port = 5432
fsync = off
max_prepared_transactions = 10
max_wal_senders = 4
wal_level = logical
CONF
mkdir -p "$work/vg"
[ "$(id -u)" -eq 0 ] && chown postgres "$work/vg"
as_server valgrind --tool=memcheck --trace-children=yes --track-origins=yes \
    --leak-check=no --read-var-info=yes --num-callers=40 --fullpath-after= \
    --suppressions="$supp" --error-exitcode=128 \
    --error-markers=VALGRINDERROR-BEGIN,VALGRINDERROR-END \
    --log-file="$work/vg/%p.log" \
    "$bindir/postgres" -D "$work/data" >"$work/server.log" 2>&1 &
export PGHOST=$work PGPORT=5432 PGUSER=postgres PGDATABASE=postgres
# (a backend under valgrind takes seconds to answer: a generous timeout)
ready=no
for _ in $(seq 600); do
    "$bindir/pg_isready" -q -t 60 && { ready=yes; break; }
    sleep 1
done
[ "$ready" = yes ] || { cat "$work/server.log"; exit 1; }
echo "server under valgrind ready after $((SECONDS - start)) s" >&2

# --- the suites ---------------------------------------------------------------
failed=0
suites=${ISMS_VALGRIND_SUITES:-regress isolation}
suite_start=$SECONDS
[[ " $suites " != *" regress "* ]] ||
make -s -C "$src" PG_CONFIG="$pg_config" installcheck ISOLATION= ${REGRESS:+REGRESS="$REGRESS"} ||
    { failed=1; head -n 100 "$src/regression.diffs" 2>/dev/null || true; }
echo "pg_regress: $((SECONDS - suite_start)) s" >&2
suite_start=$SECONDS
[[ " $suites " != *" isolation "* ]] ||
make -s -C "$src" PG_CONFIG="$pg_config" installcheck REGRESS= ${ISOLATION:+ISOLATION="$ISOLATION"} ||
    { failed=1; head -n 100 "$src/output_iso/regression.diffs" 2>/dev/null || true; }
echo "isolation: $((SECONDS - suite_start)) s" >&2
as_server "$bindir/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null || failed=1
wait || true

# --- the errors ---------------------------------------------------------------
# One error is the text between the markers; it is isms's if one of its
# frames lies in isms's sources.
errors=$(cat "$work"/vg/*.log | awk '/VALGRINDERROR-BEGIN/ {n++} END {print n + 0}')
ours=$(cat "$work"/vg/*.log | awk -v src="$src/src/" '
    /VALGRINDERROR-BEGIN/ {inerr = 1; hit = 0; block = ""; next}
    /VALGRINDERROR-END/ {if (hit) {n++; print block > "/dev/stderr"}; inerr = 0; next}
    inerr {block = block $0 "\n"; if (index($0, src) || index($0, "isms.so")) hit = 1}
    END {print n + 0}')
crashes=$(cat "$work/server.log" "$work"/data/log/* 2>/dev/null | grep -c 'terminated by signal\|exited with exit code 128' || true)
echo "valgrind: $errors errors in all, $ours in isms; $crashes processes ended by an error or a signal; $((SECONDS - start)) s"
[ "$failed" = 0 ] || { echo "a suite failed" >&2; exit 1; }
[ "$ours" = 0 ] || exit 1
[ "$crashes" = 0 ] || { echo "server processes failed: $work/server.log" >&2; exit 1; }
