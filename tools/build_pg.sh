#!/usr/bin/env bash
# Builds a PostgreSQL server from a source tarball, once per tarball: the
# install lives in a cache folder named after the tarball's sha256, and a run
# that finds a complete install there (marked by the file .complete, written
# last) builds nothing.  Prints the path of its pg_config on stdout.
#
# Usage (as root): bash tools/build_pg.sh postgresql-18.3.tar.gz
# ISMS_PG_CACHE sets the cache folder (default /var/cache/isms-ci).
set -euo pipefail
tarball=$(readlink -f "$1")
cache=${ISMS_PG_CACHE:-/var/cache/isms-ci}
sum=$(sha256sum "$tarball" | cut -c1-16)
prefix=$cache/pg-$sum
mkdir -p "$cache"

# One builder at a time per cache folder; the others wait and reuse.
exec 9>"$cache/.lock"
flock 9

if [ ! -f "$prefix/.complete" ]; then
    command -v bison >/dev/null && command -v flex >/dev/null || {
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends bison flex >/dev/null
    }
    rm -rf "$prefix"
    src=$(mktemp -d "${TMPDIR:-/tmp}/isms-pgbuild.XXXXXX")
    trap 'rm -rf "$src"' EXIT
    start=$SECONDS
    echo "building $(basename "$tarball") into $prefix" >&2
    tar xzf "$tarball" -C "$src" --strip-components=1
    (
        cd "$src"
        ./configure --prefix="$prefix" --without-icu --without-readline >configure.log 2>&1 ||
            { tail -50 configure.log; exit 1; }
        make -j"$(nproc)" -s world-bin >make.log 2>&1 || { tail -50 make.log; exit 1; }
        make -s install-world-bin >install.log 2>&1 || { tail -50 install.log; exit 1; }
    ) >&2
    touch "$prefix/.complete"
    echo "built in $((SECONDS - start)) s" >&2
fi
echo "$prefix/bin/pg_config"
