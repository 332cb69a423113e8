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
