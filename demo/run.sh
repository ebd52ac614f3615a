#!/usr/bin/env bash
# The demo: build and install isms, load the sample registry into a throwaway
# PostgreSQL 15 cluster and print its status report as of today.
# Usage (as root on Debian 12, from anywhere): bash demo/run.sh
# Installs PostgreSQL 15, its headers and pgTAP with apt-get if they are missing.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/deps.sh

make -s clean   # objects of another server version must not be reused
make -s PG_CONFIG="$PG_CONFIG"
make -s PG_CONFIG="$PG_CONFIG" install >/dev/null

# tools/cluster.sh creates a throwaway cluster of that server, sets
# PGHOST/PGPORT/PGUSER for the command, and drops the cluster afterwards.
bash tools/cluster.sh sh -c '
    psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" \
         -c "CREATE EXTENSION isms CASCADE" &&
    psql -X -q -v ON_ERROR_STOP=1 -f demo/sample_registry.sql &&
    psql -X -q -f demo/report.sql'
