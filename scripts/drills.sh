#!/usr/bin/env bash
# Security and resilience drills (issues 9 and 21): bandit, the project's semgrep rules, and attacks on
# the site served in the production topology: nginx (TLS) → two gunicorn app servers → PostgreSQL, Redis
# as the shared cache, a three-node OpenSearch cluster. Prints a report table and fails on any breach.
#   bash scripts/drills.sh [--only bandit,semgrep,headers,abuse,formulas,servers,xss,scanners,load] [--serve]
#   bash scripts/drills.sh stop     stop what an aborted run left (its Redis, cluster, nginx, app servers)
# Starts the drills' own Redis (OM_DRILL_REDIS_PORT, 6381) and cluster (OM_DRILL_CLUSTER_PORTS, 9275–9277)
# always, and PostgreSQL (OM_POSTGRES_PORT) unless OM_SERVICES_RUNNING says scripts/test.sh runs it; stops
# them at the end. nginx and gunicorn run from drills/site.py (pid files in the work dir).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

export OM_POSTGRES_PORT="${OM_POSTGRES_PORT:-5433}"
export OM_DRILL_PORT="${OM_DRILL_PORT:-8443}"
export OM_DRILL_APP_PORTS="${OM_DRILL_APP_PORTS:-8454 8455}"
export OM_DRILL_REDIS_PORT="${OM_DRILL_REDIS_PORT:-6381}"
export OM_DRILL_CLUSTER_PORTS="${OM_DRILL_CLUSTER_PORTS:-9275 9276 9277}"
RUN_DIR="${OM_SERVICE_DIR:-/var/lib/om-site}/drills-$OM_DRILL_PORT"  # pid files of nginx and gunicorn

redis() { OM_REDIS_PORT=$OM_DRILL_REDIS_PORT bash scripts/redis.sh "$@"; }
CLUSTER=(env OM_OPENSEARCH_CLUSTER_PORTS="$OM_DRILL_CLUSTER_PORTS" bash scripts/opensearch-cluster.sh)
cluster() { "${CLUSTER[@]}" "$@"; }

stop_services() {
    local pid_file
    # A cluster still starting would start its remaining nodes after the stop below: its whole process group ends first.
    [ -n "${cluster_starting:-}" ] && kill -- "-$cluster_starting" 2>/dev/null && sleep 1
    for pid_file in "$RUN_DIR"/*.pid; do
        [ -f "$pid_file" ] && kill "$(cat "$pid_file")" 2>/dev/null || true
        rm -f "$pid_file"
    done
    cluster stop >/dev/null 2>&1 || true
    redis stop >/dev/null 2>&1 || true
}

if [ "${1:-}" = stop ]; then
    stop_services
    exit 0
fi

ensure_venv
ensure_drill_tools
ensure_nginx
mkdir -p "$RUN_DIR"
export OM_DRILL_RUN_DIR="$RUN_DIR"
trap 'stop_services; [ -n "${OM_SERVICES_RUNNING:-}" ] || bash scripts/postgres.sh stop' EXIT
[ -n "${OM_SERVICES_RUNNING:-}" ] || bash scripts/postgres.sh start
redis start
# The cluster gets green while the static drills run; drills/site.py waits for it.
setsid "${CLUSTER[@]}" start >"$RUN_DIR/cluster-start.log" 2>&1 &
cluster_starting=$!  # its own process group, which stop_services can end with every node launcher in it
"$PY" -m drills.run "$@"
