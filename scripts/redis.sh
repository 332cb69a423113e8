#!/usr/bin/env bash
# A throwaway Redis server from Debian's package, on loopback: the shared cache of the app servers
# (rate limits, the search engine's circuit, menus) in the test pass that runs like production.
#
#   scripts/redis.sh start   install if needed, start on 127.0.0.1:$OM_REDIS_PORT (nothing kept on disk)
#   scripts/redis.sh stop    stop it
#   scripts/redis.sh url     print the CACHE_URL to use
#
# It runs as Debian's "redis" system user, which the package creates.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"  # apt_install

PORT="${OM_REDIS_PORT:-6380}"
ROOT="${OM_SERVICE_DIR:-/var/lib/om-site}"
DATA_DIR="$ROOT/redis-$PORT"
RUN_USER=redis

log() { echo "[redis] $*"; }

ensure_installed() {
    command -v redis-server >/dev/null && return
    log "installing Redis from Debian"
    apt_install redis-server
    # On a machine with systemd the package starts a Redis of its own on 6379: not ours to run.
    if command -v systemctl >/dev/null; then systemctl disable --now redis-server >/dev/null 2>&1 || true; fi
}

running() { redis-cli -h 127.0.0.1 -p "$PORT" ping 2>/dev/null | grep -q PONG; }

start() {
    ensure_installed
    if running; then
        log "already running on port $PORT"
        return
    fi
    mkdir -p "$ROOT"
    rm -rf "$DATA_DIR"
    install -d -o "$RUN_USER" "$DATA_DIR"
    # A cache: no snapshots, no append-only file; loopback only.
    runuser -u "$RUN_USER" -- redis-server --port "$PORT" --bind 127.0.0.1 --dir "$DATA_DIR" \
        --save "" --appendonly no --daemonize yes --pidfile "$DATA_DIR/redis.pid" --logfile "$DATA_DIR/server.log"
    for _ in $(seq 50); do running && break; sleep 0.1; done
    running || { log "Redis did not start:"; cat "$DATA_DIR/server.log"; exit 1; }
    log "$(redis-cli -h 127.0.0.1 -p "$PORT" info server | sed -n 's/^redis_version:\(.*\)\r$/\1/p') up on 127.0.0.1:$PORT"
}

stop() {
    if running; then
        log "stopping Redis on port $PORT"
        redis-cli -h 127.0.0.1 -p "$PORT" shutdown nosave >/dev/null 2>&1 || true
        for _ in $(seq 50); do running || break; sleep 0.1; done
    fi
    rm -rf "$DATA_DIR"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) echo "redis://127.0.0.1:$PORT/0" ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
