# What scripts/opensearch.sh and scripts/elasticsearch.sh share (sourced, not executed): the node's pid,
# waiting until it answers, its summary line, stop, status and the command line. The sourcing script sets
# ENGINE (the name shown), URL, PID_FILE and DATA_DIR, and defines install and start.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"  # apt_install

log() { echo "[${ENGINE,,}] $*"; }

running_pid() {
    local pid=""
    [ -f "$PID_FILE" ] && pid=$(cat "$PID_FILE" 2>/dev/null)
    # A node still starting has not written its pid file yet: found by its own config directory, so that
    # a stop right after a start (an aborted run) does not leave it behind.
    [ -n "$pid" ] || pid=$(pgrep -f -- "path.conf=$DATA_DIR/config( |$)" | head -n 1)
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# Waits for cluster health yellow, then prints the version and modules; $1: the second the start began.
wait_until_ready() {
    local started=$1
    until curl -fsS "$URL/_cluster/health?wait_for_status=yellow&timeout=2s" >/dev/null 2>&1; do
        # Under load the daemon writes its pid file late (seen: > 5 s on a busy 2-core machine): only a
        # missing pid after 30 s means it died.
        if ! running_pid >/dev/null && [ $((SECONDS - started)) -gt 30 ]; then
            log "$ENGINE died during start; last log lines:"
            tail -n 40 "$DATA_DIR/logs/"*.log >&2 || true
            exit 1
        fi
        if [ $((SECONDS - started)) -gt 120 ]; then
            log "$ENGINE did not become ready within 120 s"
            tail -n 40 "$DATA_DIR/logs/"*.log >&2 || true
            exit 1
        fi
        sleep 1
    done
    local version modules
    version=$(curl -fsS "$URL" | python3 -c 'import json,sys; print(json.load(sys.stdin)["version"]["number"])')
    modules=$(curl -fsS "$URL/_nodes/plugins" |
        python3 -c 'import json,sys; n=json.load(sys.stdin)["nodes"]; print(",".join(sorted(m["name"] for v in n.values() for m in v["modules"])))')
    log "$ENGINE $version up at $URL after $((SECONDS - started)) s (modules: $modules)"
}

stop() {
    local pid
    if pid=$(running_pid); then
        log "stopping $ENGINE (pid $pid)"
        kill "$pid"
        for _ in $(seq 1 60); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.5
        done
        kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$PID_FILE"
}

status() {
    curl -fsS "$URL/_cluster/health" 2>/dev/null || echo "down"
}

dispatch() {
    case "${1:-}" in
        install) install ;;
        start) start "${2:-}" ;;
        stop) stop ;;
        status) status ;;
        url) echo "$URL" ;;
        *) echo "usage: $0 install|start [--keep-data]|stop|status|url" >&2; exit 2 ;;
    esac
}
