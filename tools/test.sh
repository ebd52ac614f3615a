#!/usr/bin/env bash
# Runs every test suite of isms (tools/suites.sh) on a throwaway
# PostgreSQL 15 cluster: pg_regress (sql/, expected/), isolation specs
# (specs/), pgTAP (test/), dump and restore, replicas, the documentation's
# examples, fuzzing.
# Usage (as root, from anywhere): bash tools/test.sh
# Another server: PG_CONFIG=/path/to/pg_config bash tools/test.sh (e.g. the
# PostgreSQL 18 that tools/build_pg.sh builds; pgTAP, pure SQL, is copied
# into it from Debian's PostgreSQL 15 package)
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/deps.sh

make -s clean
make -s PG_CONFIG="$PG_CONFIG" PROFILE="-Werror"
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null
ext=$("$PG_CONFIG" --sharedir)/extension
[ -f "$ext/pgtap.control" ] || cp /usr/share/postgresql/15/extension/pgtap* "$ext/"

# The suites run against a throwaway cluster (tools/cluster.sh), which sets
# PGHOST/PGPORT/PGUSER and drops the cluster afterwards.
bash tools/cluster.sh bash tools/suites.sh
