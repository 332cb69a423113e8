#!/usr/bin/env bash
# A throwaway PostgreSQL server from Debian's package, on loopback, for tests.
#
#   scripts/postgres.sh start   install if needed, initdb a fresh cluster, start on 127.0.0.1:$OM_POSTGRES_PORT
#   scripts/postgres.sh stop    stop it and remove its data
#   scripts/postgres.sh restart restart it with its data (fault drill)
#   scripts/postgres.sh url     print the DATABASE_URL to use
#
# PostgreSQL refuses to run as root, so the cluster belongs to the "postgres" system user.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"  # apt_install

PORT="${OM_POSTGRES_PORT:-5433}"
ROOT="${OM_SERVICE_DIR:-/var/lib/om-site}"
DATA_DIR="$ROOT/postgres-$PORT"
RUN_USER=postgres

log() { echo "[postgres] $*"; }

pg_bin() {
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    if [ -z "$dir" ]; then
        log "installing PostgreSQL from Debian" >&2
        apt_install postgresql
        dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
    fi
    echo "$dir"
}

as_pg() { runuser -u "$RUN_USER" -- "$@"; }

start() {
    local bin
    bin=$(pg_bin)
    if [ -f "$DATA_DIR/postmaster.pid" ] && as_pg "$bin/pg_ctl" -D "$DATA_DIR" status >/dev/null 2>&1; then
        log "already running on port $PORT"
        return
    fi
    mkdir -p "$ROOT"
    rm -rf "$DATA_DIR"
    install -d -o "$RUN_USER" "$DATA_DIR"
    as_pg "$bin/initdb" -D "$DATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # Test server: durability off for speed; loopback only; socket inside the data dir.
    as_pg "$bin/pg_ctl" -D "$DATA_DIR" -l "$DATA_DIR/server.log" -w -t 60 start \
        -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DATA_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        >/dev/null
    as_pg "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -qc "CREATE DATABASE omsite" >/dev/null
    log "$(as_pg "$bin/psql" -h 127.0.0.1 -p "$PORT" -U postgres -tAc 'SHOW server_version' | cut -d' ' -f1) up on 127.0.0.1:$PORT"
}

stop() {
    local bin
    bin=$(pg_bin)
    if [ -f "$DATA_DIR/postmaster.pid" ]; then
        log "stopping PostgreSQL on port $PORT"
        as_pg "$bin/pg_ctl" -D "$DATA_DIR" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$DATA_DIR"
}

# A restart keeps the data (as a production server's restart does); the fault drill uses it.
restart() {
    log "restarting PostgreSQL on port $PORT"
    as_pg "$(pg_bin)/pg_ctl" -D "$DATA_DIR" -m fast -w -t 60 restart >/dev/null
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    restart) restart ;;
    url) echo "postgres://postgres@127.0.0.1:$PORT/omsite" ;;
    *) echo "usage: $0 start|stop|restart|url" >&2; exit 2 ;;
esac
