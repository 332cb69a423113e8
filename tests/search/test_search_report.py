"""The editors' admin screens of the search: the report of frequent searches and searches without
results, and the list of documents with what the search could read from them."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from wagtail.contrib.search_promotions.models import Query

from demo.helpers import demo_document, demo_pdf
from search.models import UnansweredQuery
from tests.factories import make_site_with_home, member_of
from tests.search.site_helpers import add_page

pytestmark = pytest.mark.django_db


def test_editors_see_what_visitors_search_and_miss(client, search_index):
    add_page(make_site_with_home(), "Umweltcheck", "Ein Fragebogen.")
    search_index()
    for _ in range(3):
        client.get("/suche/", {"q": "Umweltcheck"})
    client.get("/suche/", {"q": "Raumfahrt"})
    client.force_login(member_of("Redaktion", "redakteurin"))
    page = client.get("/admin/suchanfragen/")
    assert page.status_code == 200
    frequent, missing = page.text.split("Suchen ohne Treffer", 1)
    assert "umweltcheck</a></td><td>3</td>" in frequent
    assert "<td>raumfahrt</td><td>1</td>" in missing and "umweltcheck" not in missing


@pytest.mark.parametrize("who", ["visitor", "verifier"])
def test_others_do_not_see_the_report(client, who):
    if who == "verifier":
        client.force_login(member_of("Verifizierung", "pruefer"))
    response = client.get("/admin/suchanfragen/")
    assert response.status_code in (302, 403)


def test_the_log_is_forgotten_after_90_days(client):
    make_site_with_home()
    with time_machine.travel(datetime.date(2026, 1, 1)):
        client.get("/suche/", {"q": "Raumfahrt"})
    with time_machine.travel(datetime.date(2026, 3, 15)):
        client.get("/suche/", {"q": "Raumfahrt"})
    with time_machine.travel(datetime.date(2026, 4, 10)):
        call_command("prune_search_log", stdout=StringIO())
    assert list(UnansweredQuery.objects.values_list("date", flat=True)) == [datetime.date(2026, 3, 15)]
    assert Query.get("raumfahrt").hits == 1


def test_editors_see_which_documents_the_search_cannot_read(client):
    readable = demo_document("Leitfaden", "leitfaden.pdf", demo_pdf("Leitfaden", ["Mit Text."]))
    demo_document("Eingescannt", "scan.pdf", demo_pdf("", []))
    client.force_login(member_of("Redaktion", "redakteurin"))
    listing = client.get("/admin/snippets/search/documenttext/")
    assert listing.status_code == 200
    assert "Eingescannt" in listing.text and "enthält keinen lesbaren Text" in listing.text
    edit = f"/admin/snippets/search/documenttext/edit/{readable.pk}/"
    assert client.get(edit).status_code in (302, 403)  # the text comes from the file, not from a form


@pytest.mark.parametrize(("old_rows", "summary"), [(1, "(1 Eintrag ohne Treffer)"), (2, "(2 Einträge ohne Treffer)")])
def test_pruning_counts_in_german(old_rows, summary):
    from io import StringIO

    from django.utils import timezone

    for n in range(old_rows):
        long_ago = timezone.localdate() - datetime.timedelta(days=400)
        UnansweredQuery.objects.create(query_string=f"alt {n}", date=long_ago)
    out = StringIO()
    call_command("prune_search_log", stdout=out)
    assert summary in out.getvalue()
