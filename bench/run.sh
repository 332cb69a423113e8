#!/usr/bin/env bash
# Runs a benchmark with the project's venv: bash bench/run.sh pages [options]  (see bench/README.md)
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
cd "$REPO_ROOT"
ensure_venv
name="${1:?usage: bash bench/run.sh pages [options]}"
shift
exec "$PY" "bench/$name.py" "$@"
