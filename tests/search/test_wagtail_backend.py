"""The configured Wagtail search backend (database or the real engine) finds published pages."""

import pytest
from wagtail.models import Page

from tests.factories import make_site_with_home

pytestmark = pytest.mark.django_db


def test_published_page_is_found_and_draft_is_not(search_index):
    home = make_site_with_home(title="Offensive Mittelstand")
    draft = home.add_child(instance=Page(title="Geheimer Entwurf Umweltcheck", slug="entwurf", live=False))
    published = home.add_child(instance=Page(title="Umweltcheck für Betriebe", slug="umweltcheck"))
    search_index()

    found = list(Page.objects.live().search("Umweltcheck"))
    assert published in found
    assert draft not in found


def test_backend_answers_wagtails_whole_search_api(search_index):
    """What the admin and the site search use: counts, slices, facets, ordering by a field,
    autocomplete. On SQLite this is our backend subclass."""
    home = make_site_with_home(title="Offensive Mittelstand")
    for number in range(12):
        home.add_child(instance=Page(title=f"Netzwerktreffen Nummer {number}", slug=f"treffen-{number}"))
    search_index()
    results = Page.objects.live().search("Netzwerktreffen")
    assert results.count() == 12 and len(results[:5]) == 5 and len(results[10:]) == 2
    assert {p.pk for p in results[:6]} | {p.pk for p in results[6:]} == {p.pk for p in results}
    ordered = Page.objects.live().order_by("-title").search("Netzwerktreffen", order_by_relevance=False)
    assert [p.title for p in ordered[:2]] == ["Netzwerktreffen Nummer 9", "Netzwerktreffen Nummer 8"]
    assert dict(Page.objects.live().search("Netzwerktreffen").facet("depth")) == {3: 12}
    assert len(Page.objects.live().autocomplete("Netzwerktr")) == 12
    scored = Page.objects.live().search("Netzwerktreffen").annotate_score("_score")
    assert all(page._score > 0 for page in scored)
