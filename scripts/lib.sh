# Shared setup steps for scripts/run.sh and scripts/test.sh (sourced, not executed).
# Every step is idempotent and cheap when nothing changed: a stamp records what was installed.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$REPO_ROOT/.venv"
PY="$VENV/bin/python"

say() { echo "==> $*"; }

apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1 || {
        apt-get update -qq >/dev/null
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
    }
}

# Python 3.11 venv with requirements.txt installed (reinstalled only when the file changes).
ensure_venv() {
    local python stamp want
    python=$(command -v python3.11 || command -v python3)
    if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
        say "Python 3.11 is required, found $("$python" --version)"; return 1
    fi
    [ -x "$PY" ] || { say "creating virtualenv .venv"; "$python" -m venv "$VENV"; }
    stamp="$VENV/.requirements.sha256"
    want=$(sha256sum "$REPO_ROOT/requirements.txt" | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "installing Python packages"
        "$PY" -m pip install -q --disable-pip-version-check -r "$REPO_ROOT/requirements.txt"
        echo "$want" >"$stamp"
    fi
}

# axe-core for accessibility checks, from npm, exactly as locked.
ensure_node_tools() {
    command -v npm >/dev/null || apt_install nodejs npm
    local stamp="$REPO_ROOT/node_modules/.lock.sha256" want
    want=$(sha256sum "$REPO_ROOT/package-lock.json" | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "installing npm packages (axe-core)"
        (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
        echo "$want" >"$stamp"
    fi
}

# Debian's Chromium for Playwright (never a browser download of Playwright's own).
ensure_chromium() {
    command -v chromium >/dev/null || { say "installing chromium from Debian"; apt_install chromium; }
}
