#!/bin/bash
# demo/run.sh: build and install the isms extension, load the sample registry
# into a throw-away PostgreSQL 15 cluster and print the status report.
# Run as root on Debian 12; installs PostgreSQL 15, its headers and pgTAP if missing.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
pg_config=/usr/lib/postgresql/15/bin/pg_config

# 1. PostgreSQL 15 server and headers, pgTAP, a C compiler
if [ ! -x "$pg_config" ] || [ ! -f /usr/include/postgresql/15/server/postgres.h ] ||
   [ ! -f /usr/share/postgresql/15/extension/pgtap.control ] ||
   ! command -v pg_virtualenv >/dev/null || ! command -v gcc >/dev/null || ! command -v make >/dev/null; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap build-essential
fi

# 2. build and install the extension
make -s -C "$repo" PG_CONFIG="$pg_config"
make -s -C "$repo" PG_CONFIG="$pg_config" install

# 3. a throw-away cluster.  Run by root, pg_virtualenv always names its cluster
# 15/regress and refuses to start while one exists (another run); run by the
# postgres user, it keeps the cluster in a private temporary directory.  It
# then needs a free port and a copy of the SQL files that postgres can read.
as_postgres=()
[ "$(id -u)" -eq 0 ] && as_postgres=(runuser -u postgres --)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/demo"
cp "$repo/demo/sample_registry.sql" "$repo/demo/report.sql" "$work/demo/"
chmod -R a+rX "$work"
port=25432
while [ -e "/var/run/postgresql/.s.PGSQL.$port" ]; do port=$((port + 1)); done

cd "$work"
"${as_postgres[@]}" env PGPORT="$port" pg_virtualenv -v 15 sh -c '
    psql -X -q -v ON_ERROR_STOP=1 -c "SET client_min_messages = warning" -c "CREATE EXTENSION isms CASCADE" &&
    psql -X -q -v ON_ERROR_STOP=1 -f demo/sample_registry.sql &&
    psql -X -q -f demo/report.sql'
