#!/usr/bin/env bash
# Runs every test suite of isms on a throwaway PostgreSQL 15 cluster:
# pg_regress (sql/, expected/), isolation specs (specs/), pgTAP (test/).
# Usage (as root, from anywhere): bash tools/test.sh
# Another server: PG_CONFIG=/path/to/pg_config bash tools/test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/deps.sh

make -s clean
make -s PG_CONFIG="$PG_CONFIG" PROFILE="-Werror"
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null

# The suites run against a throwaway cluster (tools/cluster.sh), which sets
# PGHOST/PGPORT/PGUSER and drops the cluster afterwards.
bash tools/cluster.sh bash tools/suites.sh
