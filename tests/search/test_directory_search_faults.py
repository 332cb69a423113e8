"""Against the real node (OpenSearch or Elasticsearch): while it is down, 200 changes through the
application all succeed and visitors still get answers (from the database); once the node is back,
one drain makes the index equal to the database, document for document."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from directory.models import AdvisorStatus, SearchOutbox
from directory.search import backends
from directory.search.documents import advisor_document, searchable_advisors
from directory.search.query import SearchQuery
from engine import breaker, errors
from tests.factories import AdvisorFactory, make_site_with_home

pytestmark = [pytest.mark.django_db, pytest.mark.engine]
# The error type each engine gives a document its mapping refuses.
REFUSED_DOCUMENT = {"opensearch": "mapper_parsing_exception", "elasticsearch": "document_parsing_exception"}


def index_equals_database():
    index = backends.engine()
    index.refresh()
    expected = {a.pk: index._source(advisor_document(a)) for a in searchable_advisors()}
    return index.documents() == expected


def test_no_update_is_lost_while_the_engine_is_down(
    client, engine_node, django_capture_on_commit_callbacks, monkeypatch
):
    # The circuit must stay open for the whole outage: on a busy machine the 200 changes take about
    # BREAK_SECONDS, and a circuit closing between the searches and /healthz made the test flaky.
    monkeypatch.setattr(breaker, "BREAK_SECONDS", 3600)
    make_site_with_home()
    published = [AdvisorFactory(name=f"Beraterin {n}", status=AdvisorStatus.PUBLISHED) for n in range(40)]
    drafts = [AdvisorFactory(name=f"Entwurf {n}", status=AdvisorStatus.DRAFT) for n in range(10)]
    call_command("rebuild_directory_index", stdout=StringIO())
    assert index_equals_database()

    engine_node.stop()
    edited, blocked, deleted = published[:20], published[20:30], published[30:40]
    changes = [*(edited * 8), *drafts, *blocked, *deleted]  # 160 edits, 10 publishes, 10 blocks, 10 deletes
    assert len(changes) == 190
    for n, advisor in enumerate(changes):
        with django_capture_on_commit_callbacks(execute=True):  # each change is its own request
            if advisor in deleted:
                advisor.delete()
            elif advisor in blocked:
                advisor.status = AdvisorStatus.BLOCKED
                advisor.save()
            elif advisor in drafts:
                advisor.status = AdvisorStatus.PUBLISHED
                advisor.save()
            else:
                advisor.name = f"Beraterin {n} geändert"
                advisor.save()
    for advisor in edited[:10]:  # and 10 more edits: 200 in all
        with django_capture_on_commit_callbacks(execute=True):
            advisor.short_profile = "Neu: Arbeitsschutz"
            advisor.save()

    assert SearchOutbox.objects.values("advisor_id").distinct().count() == 50  # the engine owes all of them
    result = backends.search(SearchQuery(text="geändert"))
    assert result.backend == "database" and result.total == 20  # visitors still get current answers
    assert backends.search(SearchQuery()).total == 30  # 40 - 10 blocked - 10 deleted + 10 newly published
    assert client.get("/healthz").json()["search"]["directory"]["answering"] == "database"

    engine_node.start()
    breaker.close_circuit()
    call_command("drain_search_outbox", stdout=StringIO())
    assert not SearchOutbox.objects.exists()
    assert index_equals_database()
    assert backends.search(SearchQuery(text="geändert")).backend == settings.SEARCH_ENGINE


def test_a_request_the_engine_refuses_is_a_logged_error_not_an_outage(client, search_engine, monkeypatch, caplog):
    """A bug in what we send (here: an unparsable date in the text query) must not pass for an
    outage: the visitor gets the database's answer, the log an error, and the circuit stays closed."""
    from directory.search import engine_backend

    make_site_with_home()
    # verified_at has a value: Elasticsearch 8 answers a range on a date field without values with no hits.
    AdvisorFactory(name="Ida Imhof", status=AdvisorStatus.PUBLISHED, verified_at=datetime.date(2026, 1, 1))
    call_command("rebuild_directory_index", stdout=StringIO())
    monkeypatch.setattr(
        engine_backend, "text_query", lambda dsl, words: dsl.Q("range", verified_at={"gte": "kein Datum"})
    )

    response = client.get("/berater/", {"q": "Imhof"})

    assert response.status_code == 200 and "Ida Imhof" in response.text
    assert not breaker.circuit_open()
    assert any(r.levelname == "ERROR" and "lehnt die Anfrage ab" in r.message for r in caplog.records)
    with pytest.raises(errors.EngineError) as refused:
        backends.engine().search(SearchQuery(text="Imhof"))
    assert not isinstance(refused.value, errors.EngineUnavailable)


def test_a_document_the_engine_refuses_waits_and_the_others_go_on(
    search_engine, django_capture_on_commit_callbacks, monkeypatch
):
    from directory.search import documents, sync

    make_site_with_home()
    kept, refused = (AdvisorFactory(name=n, status=AdvisorStatus.PUBLISHED) for n in ("Jana Jung", "Kai Kern"))
    call_command("rebuild_directory_index", stdout=StringIO())
    real_document = documents.advisor_document

    def document(advisor):  # a bug that only hits one advisor's document (the slug only the engine keeps)
        doc = real_document(advisor)
        return {**doc, "slug": {"kaputt": True}} if advisor.pk == refused.pk else doc

    monkeypatch.setattr(sync, "advisor_document", document)
    with django_capture_on_commit_callbacks(execute=True):
        kept.city, refused.city = "Kassel", "Kassel"
        kept.save()
        refused.save()

    assert not breaker.circuit_open()
    assert list(SearchOutbox.objects.values_list("advisor_id", flat=True)) == [refused.pk]
    assert REFUSED_DOCUMENT[settings.SEARCH_ENGINE] in SearchOutbox.objects.get().last_error
    backends.engine().refresh()
    assert backends.engine().documents()[kept.pk]["city"] == "Kassel"
