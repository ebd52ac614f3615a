#!/usr/bin/env bash
# Runs every test suite of isms on a throwaway PostgreSQL 15 cluster:
# pg_regress (sql/, expected/), isolation specs (specs/), pgTAP (test/).
# Usage (as root, from anywhere): bash tools/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/deps.sh

make -s clean
make -s PG_CONFIG="$PG_CONFIG" PROFILE="-Werror"
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null

# The suites run inside pg_virtualenv, which creates the cluster, sets
# PGHOST/PGPORT/PGUSER, and drops the cluster afterwards.
pg_virtualenv -t -v 15 bash tools/suites.sh
