"""Against the real node: "Meinten Sie …" from the engine, an exact title first whatever the
engine's scores, and a stopped engine during a search answered by the database with HTTP 200."""

from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from directory.models import AdvisorStatus
from directory.search.engine_backend import alias_name
from engine import breaker
from tests.factories import AdvisorFactory, make_site_with_home
from tests.search.site_helpers import add_page, get, titles, umweltcheck_pages

pytestmark = [pytest.mark.django_db, pytest.mark.engine]


@pytest.fixture
def home():
    return make_site_with_home(title="Offensive Mittelstand")


def test_a_typo_gets_a_did_you_mean_from_the_engine(client, home, search_engine, search_index):
    add_page(home, "Umweltcheck", "Der Umweltcheck ist ein Fragebogen zur Selbstbewertung.")
    search_index()
    response = get(client, q="Umweltchek")
    result = response.context["result"]
    assert result.backend == settings.SEARCH_ENGINE and result.suggestion == "Umweltcheck"
    body = response.content.decode()
    assert "Meinten Sie" in body and "q=Umweltcheck" in body
    assert titles(get(client, q=result.suggestion)) == ["Umweltcheck"]


def test_known_words_get_no_suggestion(client, home, search_engine, search_index):
    add_page(home, "Umweltcheck", "Der Umweltcheck ist ein Fragebogen.")
    search_index()
    assert get(client, q="Umweltcheck").context["result"].suggestion == ""


def test_an_exact_title_match_comes_first_on_the_engine(client, home, search_engine, search_index):
    umweltcheck_pages(home)
    search_index()
    response = get(client, q="Umweltcheck")
    assert response.context["result"].backend == settings.SEARCH_ENGINE
    assert titles(response) == ["OM-Potenzialanalyse Umweltschutz (Umweltcheck)", "Treffen der AG Umweltcheck"]


def test_stopped_engine_the_database_answers(client, home, stopped_engine):
    # Saved while the engine is down: Wagtail indexes every page in both backends.
    add_page(home, "Umweltcheck", "Der Umweltcheck ist ein Fragebogen.")
    response = get(client, q="Umweltcheck")
    assert response.context["result"].backend == "database"
    assert titles(response) == ["Umweltcheck"]
    assert breaker.circuit_open()  # the next visitors do not wait for the engine's timeout
    assert client.get("/suche/vorschlaege/", {"q": "Umwelt"}).json() == {"vorschlaege": ["Umweltcheck"]}


def test_a_missing_advisor_index_leaves_the_site_search_on_the_engine(
    client, home, search_engine, search_index, django_capture_on_commit_callbacks, settings
):
    """The advisor index exists only after rebuild_directory_index: until then the advisor block comes
    from the database, while the engine keeps answering the site search."""
    settings.SEARCH_INDEX_PREFIX += "neu_"  # the advisor index of a new installation (the pages' index stays)
    assert not search_engine.indices.exists_alias(name=alias_name())
    add_page(home, "Prüfung", "Die Prüfung der Beratenden.")
    with django_capture_on_commit_callbacks(execute=True):  # the directory's own sync: the database's index
        AdvisorFactory(name="Erika Muster", short_profile="Prüfung von Förderanträgen.", status=AdvisorStatus.PUBLISHED)
    search_index()
    for typed in ["Prüfung", "Pruefung"]:  # the second needs the engine's German normalisation
        result = get(client, q=typed).context["result"]
        assert (result.backend, result.total) == (settings.SEARCH_ENGINE, 1), typed
    block = get(client, q="Prüfung").context["advisors"]
    assert [advisor.name for advisor in block.advisors] == ["Erika Muster"]
    assert not breaker.circuit_open()


@pytest.fixture
def engine_requests(monkeypatch):
    """The paths of the requests the Wagtail backend sends to the engine (they still reach it)."""
    from wagtail.search.backends import get_search_backend

    transport = type(get_search_backend("default").es.transport)
    sent = []
    send = transport.perform_request

    def counted(self, method, path, *args, **kwargs):
        sent.append(path)
        return send(self, method, path, *args, **kwargs)

    monkeypatch.setattr(transport, "perform_request", counted)
    return sent


@pytest.mark.parametrize("kind", ["", "seiten"])
def test_one_request_to_the_engine_for_every_types_count_and_hits_and_the_advisors(
    client, home, search_engine, search_index, engine_requests, kind
):
    umweltcheck_pages(home)
    AdvisorFactory(name="Erika Muster", short_profile="Begleitet den Umweltcheck.", status=AdvisorStatus.PUBLISHED)
    AdvisorFactory(name="Nur Eingereicht", short_profile="Umweltcheck.", status=AdvisorStatus.SUBMITTED)
    call_command("rebuild_directory_index", stdout=StringIO())
    search_index()
    engine_requests.clear()
    response = get(client, q="Umweltcheck", art=kind)
    assert response.context["result"].total == 2
    assert engine_requests == ["/_msearch"]  # the advisor block's search goes along
    block = response.context["advisors"]
    assert (block.total, [advisor.name for advisor in block.advisors]) == (1, ["Erika Muster"])
    assert "Die passende beratende Person im Verzeichnis" in response.content.decode()
