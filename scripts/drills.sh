#!/usr/bin/env bash
# Security and resilience drills (issue 9): bandit, the project's semgrep rules, and attacks on the
# site served like production (gunicorn + TLS, PostgreSQL, OpenSearch). Prints a report table and
# fails on any breach. Starts PostgreSQL and OpenSearch (and stops them again at the end).
#   bash scripts/drills.sh [--only bandit,semgrep,headers,abuse,formulas,xss,scanners,load] [--serve]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

ensure_venv
ensure_drill_tools
export OM_OPENSEARCH_PORT="${OM_OPENSEARCH_PORT:-9250}"
export OM_POSTGRES_PORT="${OM_POSTGRES_PORT:-5433}"
# Standalone it starts the services and stops them at the end; scripts/test.sh manages its own.
if [ -z "${OM_SERVICES_RUNNING:-}" ]; then
    trap 'bash scripts/opensearch.sh stop; bash scripts/postgres.sh stop' EXIT
    bash scripts/postgres.sh start
    bash scripts/opensearch.sh start
fi
"$PY" -m drills.run "$@"
