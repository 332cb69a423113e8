#!/usr/bin/env bash
# Sets everything up and serves the demo site on the embedded default (SQLite + database search).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

ADDR="${OM_RUN_ADDR:-127.0.0.1:8000}"
ADMIN_PASSWORD="${OM_DEMO_ADMIN_PASSWORD:-om-demo-2026}"
export DJANGO_SETTINGS_MODULE=om_site.settings.dev

ensure_venv
say "migrating the database"
"$PY" manage.py migrate --noinput -v 0
say "loading demo content"
"$PY" manage.py load_demo_content --admin-password "$ADMIN_PASSWORD"

cat <<MSG

  OM-Site läuft:      http://$ADDR/
  Redaktion (Admin):  http://$ADDR/admin/   Benutzer: admin   Passwort: $ADMIN_PASSWORD

MSG
exec "$PY" manage.py runserver "$ADDR"
