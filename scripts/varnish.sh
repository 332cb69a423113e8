#!/usr/bin/env bash
# Varnish from Debian's package, on loopback: the full-page cache in front of an app server, with
# OM-Site's rules (scripts/varnish/om-site.vcl).
#
#   scripts/varnish.sh start APP_PORT   install if needed, start on 127.0.0.1:$OM_VARNISH_PORT in front of 127.0.0.1:APP_PORT
#   scripts/varnish.sh stop             stop it
#   scripts/varnish.sh url              print the FRONTEND_CACHE_URL to use (the purge address)
#
# Visitors use 127.0.0.1:$OM_VARNISH_PORT; purges (BAN) are taken only on 127.0.0.1:$OM_VARNISH_PURGE_PORT.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"  # apt_install, REPO_ROOT

PORT="${OM_VARNISH_PORT:-6090}"
PURGE_PORT="${OM_VARNISH_PURGE_PORT:-$((PORT + 100))}"
ROOT="${OM_SERVICE_DIR:-/var/lib/om-site}"
WORK_DIR="$ROOT/varnish-$PORT"

log() { echo "[varnish] $*"; }

pid() { cat "$WORK_DIR/varnishd.pid" 2>/dev/null; }
running() { local p; p=$(pid) && kill -0 "$p" 2>/dev/null; }

start() {
    local app_port=${1:?usage: $0 start APP_PORT}
    ensure_varnish
    stop >/dev/null
    mkdir -p "$WORK_DIR"
    sed "s/\.port = \"8000\";/.port = \"$app_port\";/" "$REPO_ROOT/scripts/varnish/om-site.vcl" >"$WORK_DIR/om-site.vcl"
    # -j none: no jail users (a throwaway instance under the caller's account); 64 MB of pages.
    varnishd -j none -a "127.0.0.1:$PORT" -a "purge=127.0.0.1:$PURGE_PORT" -T none -f "$WORK_DIR/om-site.vcl" -n "$WORK_DIR/state" \
        -s malloc,64m -P "$WORK_DIR/varnishd.pid" -p default_grace=0s >"$WORK_DIR/start.log" 2>&1 ||
        { log "Varnish did not start:"; cat "$WORK_DIR/start.log"; exit 1; }
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break; sleep 0.1; done
    log "$(varnishd -V 2>&1 | sed -n '1s/.*(varnish-\([^ ]*\).*/Varnish \1/p') up on 127.0.0.1:$PORT (purges: $PURGE_PORT) in front of 127.0.0.1:$app_port"
}

stop() {
    if running; then
        log "stopping Varnish on port $PORT"
        kill "$(pid)" 2>/dev/null || true
        for _ in $(seq 50); do running || break; sleep 0.1; done
    fi
    rm -rf "$WORK_DIR"
}

case "${1:-}" in
    start) start "${2:-}" ;;
    stop) stop ;;
    url) echo "http://127.0.0.1:$PURGE_PORT" ;;
    *) echo "usage: $0 start APP_PORT|stop|url" >&2; exit 2 ;;
esac
