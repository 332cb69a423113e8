import pytest
from django.db import connection

pytestmark = pytest.mark.django_db
TESTED_VERSIONS = {"opensearch": "2.19.", "elasticsearch": "8.19."}  # scripts/opensearch.sh, elasticsearch.sh


def test_healthz_reports_database_and_active_search_backend(client, settings):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == {"vendor": connection.vendor, "ok": True}
    assert body["search"]["backend"] == settings.SEARCH_ENGINE
    assert body["search"]["ok"] is True
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_healthz_rejects_writes(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.engine
def test_healthz_names_the_real_engine_version(client, search_engine, settings):
    body = client.get("/healthz").json()
    assert body["search"]["backend"] == settings.SEARCH_ENGINE
    assert body["search"]["version"] == search_engine.info()["version"]["number"]
    assert body["search"]["version"].startswith(TESTED_VERSIONS[settings.SEARCH_ENGINE])


@pytest.mark.engine
def test_healthz_reports_engine_down_when_node_is_stopped(client, stopped_engine):
    response = client.get("/healthz")
    assert response.status_code == 200  # pages still work without the engine
    body = response.json()
    assert body["status"] == "degraded"
    assert body["search"]["ok"] is False
    assert body["database"]["ok"] is True
