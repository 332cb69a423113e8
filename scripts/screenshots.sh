#!/usr/bin/env bash
# Desktop (1366 px) and phone (390 px) screenshots of every public template and of the verifiers'
# screens in the admin, for people to look at (the list: tests/browser/public_pages.py).
# A throwaway SQLite database with the demo content; nothing else needs to run.
#   bash scripts/screenshots.sh [FOLDER (default ./screenshots)] [NAME-PART, e.g. berater-]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

ensure_venv
ensure_node_tools
ensure_chromium
"$PY" -m tests.browser.screenshots "$@"
