#!/usr/bin/env bash
# Sets everything up and serves the demo site on the embedded default (SQLite + database search).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

ADDR="${OM_RUN_ADDR:-127.0.0.1:8000}"
[[ "$ADDR" == *:* ]] || ADDR="127.0.0.1:$ADDR"  # runserver also takes a bare port
# Links in e-mails, the sitemap and canonical URLs name the address served here (migrate and the
# demo content write it into Wagtail's Site record). A proxy in front sets WAGTAILADMIN_BASE_URL itself.
export WAGTAILADMIN_BASE_URL="${WAGTAILADMIN_BASE_URL:-http://$ADDR}"
ADMIN_PASSWORD="${OM_DEMO_ADMIN_PASSWORD:-om-demo-2026}"
export DJANGO_SETTINGS_MODULE=om_site.settings.dev

ensure_venv
say "migrating the database"
"$PY" manage.py migrate --noinput -v 0
say "loading demo content"
"$PY" manage.py load_demo_content --admin-password "$ADMIN_PASSWORD"

cat <<MSG

  OM-Site läuft:      http://$ADDR/   (Links in E-Mails: $WAGTAILADMIN_BASE_URL/)
  Redaktion (Admin):  http://$ADDR/admin/   Benutzer: admin   Passwort: $ADMIN_PASSWORD

MSG
# The worker beside the server: e-mails (printed here), document texts, imports, recurring jobs.
"$PY" manage.py run_worker &
trap 'kill $! 2>/dev/null' EXIT
"$PY" manage.py runserver "$ADDR"
