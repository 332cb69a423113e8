"""X-Search-Answer (engine.middleware): which implementation answered a request's searches — only
when SEARCH_ANSWER_HEADER is on (the load drill), never by default."""

import pytest

from engine import breaker
from tests.factories import AdvisorFactory, make_site_with_home

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site():
    make_site_with_home()
    AdvisorFactory(name="Ida Imhof", city="Bonn")


def test_the_header_is_not_sent_by_default(client):
    assert "X-Search-Answer" not in client.get("/berater/?q=Bonn").headers


@pytest.mark.parametrize("url", ["/berater/?q=Bonn", "/suche/?q=Bonn"])
def test_the_header_names_who_answered(client, settings, url):
    settings.SEARCH_ANSWER_HEADER = True
    expected = "database" if settings.SEARCH_ENGINE == "database" else "engine"
    assert client.get(url).headers["X-Search-Answer"] == expected


def test_an_open_circuit_makes_the_database_answer(client, settings):
    settings.SEARCH_ANSWER_HEADER = True
    settings.SEARCH_ENGINE = "opensearch"  # configured; the open circuit sends the search to the database
    breaker.open_circuit(ConnectionError("Zeitüberschreitung"))
    assert client.get("/berater/?q=Bonn").headers["X-Search-Answer"] == "database"


def test_pages_without_a_search_carry_no_header(client, settings):
    settings.SEARCH_ANSWER_HEADER = True
    assert "X-Search-Answer" not in client.get("/").headers
