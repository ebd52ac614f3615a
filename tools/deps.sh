#!/usr/bin/env bash
# Installs what building and testing isms needs on Debian 12, if missing:
# PostgreSQL 15 server and headers, contrib (btree_gist), pgTAP and pg_prove,
# psycopg2 and pg_cron, clang with libFuzzer.
set -euo pipefail

need=()
command -v pg_virtualenv >/dev/null || need+=(postgresql-common)
[ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15)
[ -x /usr/lib/postgresql/15/bin/pg_config ] && [ -f /usr/include/postgresql/15/server/postgres.h ] \
    || need+=(postgresql-server-dev-15)
[ -f /usr/share/postgresql/15/extension/pgtap.control ] || need+=(postgresql-15-pgtap)
command -v pg_prove >/dev/null || need+=(libtap-parser-sourcehandler-pgtap-perl)
# the change feed's listener (Debian's python3 with psycopg2) and the sweep
# scheduled by pg_cron
/usr/bin/python3 -c 'import psycopg2' 2>/dev/null || need+=(python3-psycopg2)
[ -f /usr/share/postgresql/15/extension/pg_cron.control ] || need+=(postgresql-15-cron)
command -v make >/dev/null && command -v gcc >/dev/null || need+=(build-essential)
# the fuzz harnesses: clang with libFuzzer and the sanitizers
command -v clang >/dev/null || need+=(clang)
ls /usr/lib/llvm-14/lib/clang/14*/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 || need+=(libclang-rt-14-dev)

if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# pg_config of PostgreSQL 15 unless the caller names another server
export PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/15/bin/pg_config}
