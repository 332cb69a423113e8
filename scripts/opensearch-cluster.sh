#!/usr/bin/env bash
# A real three-node OpenSearch cluster on loopback (the same Maven-assembled distribution as
# scripts/opensearch.sh, 512 MB heap a node), for the tests of search beyond one machine.
#
#   scripts/opensearch-cluster.sh start              start every node (fresh data), wait until green with all
#   scripts/opensearch-cluster.sh stop               stop every node
#   scripts/opensearch-cluster.sh stop-node PORT     stop one node (fault tests)
#   scripts/opensearch-cluster.sh start-node PORT    start it again with its data, wait until it has rejoined
#   scripts/opensearch-cluster.sh urls               print SEARCH_ENGINE_URL for the cluster (comma-separated)
#   scripts/opensearch-cluster.sh status             print the cluster health or "down"
#
# Ports: OM_OPENSEARCH_CLUSTER_PORTS (default "9270 9271 9272"); transport ports are 100 higher.
set -euo pipefail

export OM_OPENSEARCH_CLUSTER_PORTS="${OM_OPENSEARCH_CLUSTER_PORTS:-9270 9271 9272}"
read -r -a PORTS <<<"$OM_OPENSEARCH_CLUSTER_PORTS"
NODE="$(dirname "${BASH_SOURCE[0]}")/opensearch.sh"

log() { echo "[opensearch-cluster] $*"; }

node() { OM_OPENSEARCH_PORT=$1 bash "$NODE" "${@:2}"; }

health() {
    local port
    for port in "${PORTS[@]}"; do
        curl -fsS "http://127.0.0.1:$port/_cluster/health?$1" 2>/dev/null && return
    done
    return 1
}

# Waits until every node has joined and every shard is placed.
wait_for_green() {
    local started=$SECONDS answer
    until answer=$(health "wait_for_status=green&wait_for_nodes=${#PORTS[@]}&timeout=2s") &&
        grep -q '"status":"green"' <<<"$answer" && grep -q "\"number_of_nodes\":${#PORTS[@]}," <<<"$answer"; do
        if [ $((SECONDS - started)) -gt 180 ]; then
            log "the cluster did not become green with ${#PORTS[@]} nodes within 180 s: ${answer:-no answer}"
            exit 1
        fi
        sleep 1
    done
    log "green with ${#PORTS[@]} nodes after $((SECONDS - started)) s"
}

case "${1:-}" in
    start)
        for port in "${PORTS[@]}"; do node "$port" start; done
        wait_for_green
        ;;
    stop)
        for port in "${PORTS[@]}"; do node "$port" stop; done
        ;;
    stop-node) node "$2" stop ;;
    start-node)
        node "$2" start --keep-data
        wait_for_green
        ;;
    urls)
        urls=()
        for port in "${PORTS[@]}"; do urls+=("http://127.0.0.1:$port"); done
        (IFS=,; echo "${urls[*]}")
        ;;
    status) health "" || echo "down" ;;
    *) echo "usage: $0 start|stop|stop-node PORT|start-node PORT|urls|status" >&2; exit 2 ;;
esac
