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

# A Python 3.11 venv with a requirements file installed (reinstalled only when the file changes).
venv_with() {
    local venv=$1 requirements=$2 python stamp want
    python=$(command -v python3.11 || command -v python3)
    if ! "$python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
        say "Python 3.11 is required, found $("$python" --version)"; return 1
    fi
    [ -x "$venv/bin/python" ] || { say "creating virtualenv ${venv#"$REPO_ROOT"/}"; "$python" -m venv "$venv"; }
    stamp="$venv/.requirements.sha256"
    want=$(sha256sum "$requirements" | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "installing Python packages (${requirements#"$REPO_ROOT"/})"
        "$venv/bin/python" -m pip install -q --disable-pip-version-check -r "$requirements"
        echo "$want" >"$stamp"
    fi
}

ensure_venv() { venv_with "$VENV" "$REPO_ROOT/requirements.txt"; }

# Security tools (bandit, semgrep, scanners) in their own venv: they pin their own dependencies.
DRILLS_VENV="$REPO_ROOT/.venv-drills"
ensure_drill_tools() { venv_with "$DRILLS_VENV" "$REPO_ROOT/drills/requirements.txt"; }

# axe-core for accessibility checks and vnu-jar (the Nu HTML Checker), from npm, exactly as locked.
# --ignore-scripts: vnu-jar's postinstall would download a Java runtime; ensure_java installs Debian's.
ensure_node_tools() {
    command -v npm >/dev/null || apt_install nodejs npm
    local stamp="$REPO_ROOT/node_modules/.lock.sha256" want
    want=$(sha256sum "$REPO_ROOT/package-lock.json" | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        say "installing npm packages (axe-core, vnu-jar)"
        (cd "$REPO_ROOT" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
        echo "$want" >"$stamp"
    fi
}

# Debian's Chromium for Playwright (never a browser download of Playwright's own).
ensure_chromium() {
    command -v chromium >/dev/null || { say "installing chromium from Debian"; apt_install chromium; }
}

# Java for the Nu HTML Checker (vnu.jar, tests/browser/test_every_page.py): Debian's OpenJDK 17,
# the runtime scripts/opensearch.sh uses too.
ensure_java() {
    command -v java >/dev/null || { say "installing Java (OpenJDK 17) from Debian"; apt_install openjdk-17-jre-headless; }
}

# nginx for the drills' production topology (scripts/drills.sh runs it from its own configuration):
# Debian's package, whose own service is not ours to run.
ensure_nginx() {
    command -v nginx >/dev/null && return
    say "installing nginx from Debian"
    apt_install nginx-light
    if command -v systemctl >/dev/null; then systemctl disable --now nginx >/dev/null 2>&1 || true; fi
}

# Varnish for the full-page cache tests (scripts/varnish.sh runs it from its own configuration):
# Debian's package, whose own service is not ours to run.
ensure_varnish() {
    command -v varnishd >/dev/null && return
    say "installing Varnish from Debian"
    apt_install varnish
    if command -v systemctl >/dev/null; then systemctl disable --now varnish varnishncsa >/dev/null 2>&1 || true; fi
}
