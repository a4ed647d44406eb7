#!/usr/bin/env bash
# A private PostgreSQL server for the tests: a fresh cluster (initdb) in a temporary folder, listening only on
# a unix socket in that folder (no TCP port). Usage:
#   postgres.sh start INFO_FILE   writes the socket folder to INFO_FILE
#   postgres.sh stop INFO_FILE
# PostgreSQL refuses to run as root; as root the server runs as the "postgres" user (made by the postgresql
# package).
set -euo pipefail
cmd=$1
info=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

if [ "$cmd" = stop ]; then
    [ -f "$info" ] || exit 0
    dir=$(cat "$info")
    as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir" "$info"
    exit 0
fi

[ -f "$info" ] && "$0" stop "$info"
dir=$(mktemp -d /tmp/ow-pg.XXXXXX)
chmod 755 "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
as_pg "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log"; exit 1; }
as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
    -o "-c listen_addresses='' -k $dir -c max_connections=300 -c fsync=on -c shared_buffers=64MB" start >/dev/null ||
    { cat "$dir/server.log"; exit 1; }
echo "$dir" > "$info"
echo "PostgreSQL on unix socket $dir"
