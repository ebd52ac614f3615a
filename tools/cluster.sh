#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster of the server that
# $PG_CONFIG names (default: Debian's PostgreSQL 15), then drops the cluster.
# The cluster listens only on a Unix socket in its own temporary folder, so
# several clusters (and several PostgreSQL versions) can run side by side.
# Inside the command PGHOST, PGPORT, PGUSER and PGDATABASE point at it, and
# ISMS_PGDATA names its data directory.
#
# ISMS_SERVER_CONF, if set, is appended to its postgresql.conf (e.g.
# shared_preload_libraries for tools/cron.sh).
#
# With ISMS_TCP_PORT set, it also listens on 127.0.0.1 at that port (and
# PGPORT is that port), for clients that speak only TCP, such as JDBC.
#
# Usage: bash tools/cluster.sh COMMAND [ARG...]
#   PG_CONFIG=/opt/pg18/bin/pg_config bash tools/cluster.sh psql -c 'SELECT version()'
set -euo pipefail
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
bindir=$("$PG_CONFIG" --bindir)

dir=$(mktemp -d "${TMPDIR:-/tmp}/isms-cluster.XXXXXX")
chmod 755 "$dir"

# The server refuses to run as root: run it as the postgres user then.
as_server() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
[ "$(id -u)" -eq 0 ] && chown postgres "$dir"

stop() {
    as_server "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT

as_server "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log"; exit 1; }
cat >>"$dir/data/postgresql.conf" <<EOF
listen_addresses = '${ISMS_TCP_PORT:+127.0.0.1}'
unix_socket_directories = '$dir'
port = ${ISMS_TCP_PORT:-5432}
fsync = off
synchronous_commit = off
full_page_writes = off
max_prepared_transactions = 10
max_wal_senders = 4
wal_level = logical
${ISMS_SERVER_CONF:-}
EOF
as_server "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w start >/dev/null ||
    { cat "$dir/server.log"; exit 1; }

export PGHOST=$dir PGPORT=${ISMS_TCP_PORT:-5432} PGUSER=postgres PGDATABASE=postgres ISMS_PGDATA=$dir/data
export PATH="$bindir:$PATH"
"$@"
