"""Several app servers share one cache (CACHE_URL naming Redis, as in the PostgreSQL + OpenSearch + Redis
pass of scripts/test.sh): what one server process counted or met, every other one knows. Here the
other server is a second Python process with the same settings."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import override_settings

from engine import breaker
from tests.conftest import REPO_ROOT

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"),
        reason="needs the shared cache (CACHE_URL=redis://…): the PostgreSQL + OpenSearch + Redis pass",
    ),
]
ADDRESS = "198.51.100.8"


def in_another_server_process(code):
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=REPO_ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "om_site.settings.test"},
        check=True,
        capture_output=True,
    )


@override_settings(SEARCH_RATE="5/m")
def test_searches_another_app_server_let_through_count_against_the_limit_here(client):
    in_another_server_process(
        f"from core import ratelimit\nfor _ in range(4): ratelimit.exceeded('directory-search', '{ADDRESS}', 5, 60)"
    )
    assert client.get("/berater/?q=Energie", REMOTE_ADDR=ADDRESS).status_code == 200  # the fifth
    assert client.get("/berater/?q=Energie", REMOTE_ADDR=ADDRESS).status_code == 429


def test_an_engine_outage_one_app_server_met_sends_every_servers_searches_to_the_database(settings):
    settings.SEARCH_ENGINE = "opensearch"  # configured; the circuit, not the node, is under test
    assert not breaker.circuit_open()
    in_another_server_process("from engine import breaker\nbreaker.open_circuit(ConnectionError('Zeitüberschreitung'))")

    assert breaker.circuit_open()
    assert breaker.answering() == {
        "answering": "database",
        "reason": "Suchmaschine nicht erreichbar: Zeitüberschreitung",
    }
