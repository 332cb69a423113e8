"""`manage.py check --deploy` must pass with the production settings and production env vars."""

import os
import subprocess
import sys

from tests.conftest import REPO_ROOT

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "om_site.settings.production",
    "SECRET_KEY": "k3y-" + "x7Qp9vLm2Zr8Tn4Wb6Yc1Hd5Jf0Gs3Ka" * 2,
    "ALLOWED_HOSTS": "www.offensive-mittelstand.de",
    "WAGTAILADMIN_BASE_URL": "https://www.offensive-mittelstand.de",
}


def manage(*args, env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=REPO_ROOT, env={**clean, **env}, capture_output=True, text=True
    )


def test_check_deploy_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_unknown_search_engine_is_a_clear_configuration_error():
    result = manage("check", env={**PRODUCTION_ENV, "SEARCH_ENGINE": "solr"})
    assert result.returncode != 0
    assert "SEARCH_ENGINE must be one of" in result.stderr
