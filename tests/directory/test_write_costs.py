"""What each self-service edit and each verifier decision costs: queries, advisor UPDATEs,
search-outbox rows and index applications, counted from the SQL that really runs (the request
and its commit callbacks, as a commit runs them). One outbox row and one index application per
advisor and transaction at most, and none where nothing the index reads has changed."""

import io
import re
from typing import NamedTuple

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from PIL import Image

from directory import verification
from directory.models import Advisor, AdvisorStatus, ConsultingTopic, FederalState, Qualification, SearchOutbox
from directory.search import sync
from tests.factories import PROOF_PDF, AdvisorFactory, RatingFactory, make_site_with_home, published_advisor

pytestmark = pytest.mark.django_db


class Cost(NamedTuple):
    queries: int
    advisor_updates: int
    outbox_rows: int
    index_applications: int


def cost_of(action):
    """Runs `action`, then its commit callbacks, and counts the SQL. An index application ends
    with one statement on the advisor's outbox rows (sync._apply): DELETE once the engine (if
    any) took the document, else UPDATE of the attempts."""
    with CaptureQueriesContext(connection) as captured, TestCase.captureOnCommitCallbacks(execute=True):
        response = action()
    assert response is None or response.status_code == 302, response
    sql = [query["sql"] for query in captured.captured_queries]

    def count(start):
        return sum(statement.startswith(start) for statement in sql)

    outbox_rows = sum(
        len(re.findall(r"\(\d+, '", statement)) for statement in sql if statement.startswith(OUTBOX_INSERT)
    )
    applications = count('DELETE FROM "directory_searchoutbox"') + count('UPDATE "directory_searchoutbox"')
    return Cost(len(sql), count('UPDATE "directory_advisor" '), outbox_rows, applications)


OUTBOX_INSERT = 'INSERT INTO "directory_searchoutbox"'


def settle():
    """Everything so far in the database index and nothing waiting (the engine of the PostgreSQL
    pass has no index in these tests and keeps its rows)."""
    sync.drain()
    SearchOutbox.objects.all().delete()


@pytest.fixture(autouse=True)
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_site_with_home()


@pytest.fixture
def advisor():
    advisor = published_advisor(name="Anna Albers", slug="anna-albers", years_experience=5)
    Qualification.objects.create(advisor=advisor, title="Fachkraft", issuer="BG", review="anerkannt")
    settle()
    return advisor


def profile_data(advisor, **changes):
    fields = ["name", "organisation", "short_profile", "description", "postcode", "city", "fee_model", "website"]
    data = {field: getattr(advisor, field) for field in fields}
    return {**data, "years_experience": advisor.years_experience, "track": advisor.track, **changes}


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (320, 320), "navy").save(buffer, "PNG")
    return SimpleUploadedFile("portrait.png", buffer.getvalue(), content_type="image/png")


def topics(advisor):
    topic = ConsultingTopic.objects.create(name="Arbeitsschutz", slug="arbeitsschutz")
    return {"topics": [topic.pk], "states_served": [FederalState.objects.first().pk]}


def qualification(advisor):
    proof = SimpleUploadedFile("zertifikat.pdf", PROOF_PDF, content_type="application/pdf")
    return {"title": "KI-Managerin", "issuer": "IHK", "issued_on": "", "proof": proof}


# Each edit of a published advisor and what it may cost (queries at most: the higher figure of
# SQLite and PostgreSQL; the rest exactly).
OWN_EDITS = {
    "contact only (address, website)": (
        "/mein-profil/profil/",
        lambda a: profile_data(a, postcode="53721", city="Siegburg", website="https://albers.example"),
        Cost(24, 1, 1, 1),
    ),
    "nothing the index reads (website, fee)": (
        "/mein-profil/profil/",
        lambda a: profile_data(a, website="https://albers.example", fee_model="Tagessatz"),
        Cost(7, 1, 0, 0),
    ),
    "profile text": (
        "/mein-profil/profil/",
        lambda a: profile_data(a, short_profile="Arbeitsschutz für Handwerksbetriebe."),
        Cost(35, 1, 1, 1),
    ),
    # The second UPDATE is Wagtail's own: save_revision() points the row at its latest revision.
    "name, waiting for OM": (
        "/mein-profil/profil/",
        lambda a: profile_data(a, name="Anna Albers-Berg"),
        Cost(42, 2, 0, 0),
    ),
    "name and website": (
        "/mein-profil/profil/",
        lambda a: profile_data(a, name="Anna Albers-Berg", website="https://albers.example"),
        Cost(42, 2, 0, 0),
    ),
    "photo": ("/mein-profil/profil/", lambda a: profile_data(a, photo_upload=png()), Cost(44, 2, 0, 0)),
    "topics": ("/mein-profil/themen/", topics, Cost(51, 1, 1, 1)),
    "new qualification, waiting for OM": ("/mein-profil/qualifikationen/", qualification, Cost(5, 1, 0, 0)),
}


@pytest.mark.parametrize("edit", OWN_EDITS)
def test_own_edit_costs(client, advisor, edit):
    url, data, expected = OWN_EDITS[edit]
    client.force_login(advisor.user)
    client.get(url)  # warms per-process caches (content types, site root paths)
    posted = data(advisor)
    cost = cost_of(lambda: client.post(url, posted))
    assert cost.queries <= expected.queries
    assert cost._replace(queries=expected.queries) == expected


def test_a_contact_edit_is_one_index_application_within_thirty_queries(client, advisor):
    client.force_login(advisor.user)
    client.get("/mein-profil/profil/")
    data = profile_data(advisor, postcode="53721", city="Siegburg", website="https://albers.example")
    cost = cost_of(lambda: client.post("/mein-profil/profil/", data))
    assert cost.queries <= 30 and cost.index_applications == 1
    assert Advisor.objects.get(pk=advisor.pk).search_entry.latitude is not None  # the new office is indexed


def test_a_change_waiting_for_om_applies_nothing_to_the_index(client, advisor):
    client.force_login(advisor.user)
    client.get("/mein-profil/profil/")
    cost = cost_of(lambda: client.post("/mein-profil/profil/", profile_data(advisor, name="Anna Albers-Berg")))
    assert (cost.outbox_rows, cost.index_applications) == (0, 0)
    assert Advisor.objects.get(pk=advisor.pk).search_entry.name == "Anna Albers"  # the verified name stays


def test_a_draft_edit_costs(client):
    draft = AdvisorFactory()
    client.force_login(draft.user)
    client.get("/mein-profil/profil/")
    cost = cost_of(lambda: client.post("/mein-profil/profil/", profile_data(draft, city="Siegburg")))
    assert cost.queries <= 31 and cost._replace(queries=0) == Cost(0, 1, 1, 1)


def test_a_reply_to_a_rating_changes_no_index(client, advisor):
    rating = RatingFactory(engagement__advisor=advisor)
    client.force_login(advisor.user)
    client.get("/mein-profil/bewertungen/")
    url = f"/mein-profil/bewertungen/{rating.pk}/antwort/"
    cost = cost_of(lambda: client.post(url, {f"antwort-{rating.pk}-reply": "Danke."}))
    assert cost.queries <= 9 and cost._replace(queries=0) == Cost(0, 0, 0, 0)


# --- Verifier decisions ---------------------------------------------------------------------


def decide(client, verifier, advisor, action, reason=""):
    url = f"/admin/beraterverzeichnis/pruefung/{advisor.pk}/"
    client.force_login(verifier)
    client.get(url)
    decisions = {f"qualifikation_{q.pk}": q.review for q in advisor.qualifications.all()}
    return cost_of(lambda: client.post(url, {"action": action, "reason": reason, **decisions}))


def applicant(status):
    advisor = AdvisorFactory(status=AdvisorStatus.SUBMITTED)
    Qualification.objects.create(advisor=advisor, title="Fachkraft", issuer="BG", review="anerkannt")
    if status == AdvisorStatus.IN_REVIEW:
        verification.transition(advisor, AdvisorStatus.IN_REVIEW)
    return advisor


@pytest.mark.parametrize(
    ("status", "action", "reason", "expected"),
    [
        (AdvisorStatus.SUBMITTED, "in_pruefung", "", Cost(49, 1, 1, 1)),
        (AdvisorStatus.SUBMITTED, "zurueckgeben", "", Cost(48, 1, 1, 1)),
        (AdvisorStatus.IN_REVIEW, "freigeben", "", Cost(68, 1, 1, 1)),
        (AdvisorStatus.IN_REVIEW, "ablehnen", "Nachweise unvollständig.", Cost(48, 1, 1, 1)),
    ],
)
def test_status_decision_costs(client, verifier, status, action, reason, expected):
    cost = decide(client, verifier, applicant(status), action, reason)
    assert cost.queries <= expected.queries
    assert cost._replace(queries=expected.queries) == expected


@pytest.mark.parametrize(
    ("action", "reason", "expected"),
    [("aenderungen_uebernehmen", "", Cost(73, 1, 1, 1)), ("aenderungen_ablehnen", "Bitte Urkunde.", Cost(44, 1, 0, 0))],
)
def test_change_decision_costs(client, verifier, advisor, action, reason, expected):
    client.force_login(advisor.user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/mein-profil/profil/", profile_data(advisor, name="Anna Albers-Berg"))
    cost = decide(client, verifier, Advisor.objects.get(pk=advisor.pk), action, reason)
    assert cost.queries <= expected.queries
    assert cost._replace(queries=expected.queries) == expected


# --- The outbox per transaction ---------------------------------------------------------------


def test_one_transaction_writes_one_row_per_advisor_and_applies_them_once(advisor):
    other = published_advisor(name="Bea Berg")
    settle()

    def edits():
        with transaction.atomic():
            for name in ("Anna A.", "Anna B."):
                advisor.name = name
                advisor.save(update_fields=["name"])
            sync.enqueue(advisor.pk, other.pk)

    assert cost_of(edits)._replace(queries=0) == Cost(0, 2, 2, 2)
    assert Advisor.objects.get(pk=advisor.pk).search_entry.name == "Anna B."


def test_a_row_rolled_back_with_its_savepoint_is_written_again(advisor):
    def edits():
        with transaction.atomic():
            sync.enqueue(other.pk)  # the batch opens outside the savepoint
            try:
                with transaction.atomic():
                    sync.enqueue(advisor.pk)
                    raise RuntimeError
            except RuntimeError:
                pass
            assert list(SearchOutbox.objects.values_list("advisor_id", flat=True)) == [other.pk]
            sync.enqueue(advisor.pk)
            assert SearchOutbox.objects.filter(advisor_id=advisor.pk).count() == 1

    other = published_advisor(name="Bea Berg")
    settle()
    assert cost_of(edits).index_applications == 2


def test_a_change_after_a_drain_in_the_same_transaction_is_written_again(advisor):
    rows = SearchOutbox.objects.filter(advisor_id=advisor.pk)
    with transaction.atomic():
        sync.enqueue(advisor.pk)
        sync.drain()
        drained = rows.count()  # none, or the engine's owed one
        sync.enqueue(advisor.pk)
        assert rows.count() == drained + 1
