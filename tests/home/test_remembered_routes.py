"""A remembered route (home.routing) saves the routing queries, but never serves what a change
took away: the next request after an unpublish, a move, a new slug or a view restriction sees it."""

import pytest
from wagtail.models import PageViewRestriction

from home import frame
from home.models import StandardPage
from tests.editorial_helpers import count_queries
from tests.factories import make_site_with_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def home():
    return make_site_with_home()


def publish(parent, title, slug):
    page = parent.add_child(instance=StandardPage(title=title, slug=slug, live=False))
    page.save_revision().publish()
    return StandardPage.objects.get(pk=page.pk)  # live, as publishing left it in the database


def test_a_remembered_route_saves_the_routing_queries(client, home):
    page = publish(publish(home, "Bereich", "bereich"), "Tief unten", "tief")
    client.get("/")  # the frame is cached: only routing differs between the two reads below
    first = count_queries(client, "/bereich/tief/")  # warmed once: the route is remembered now
    client.get("/")
    page.save_revision().publish()  # a new generation: the route is forgotten ...
    client.get("/")
    with_routing = count_queries(client, "/bereich/tief/", warm=False)  # ... found again by Wagtail's routing
    assert with_routing >= first + 4  # the site, two queries per tree level


def test_unpublished_moved_renamed_and_restricted_pages_are_seen_at_once(client, home):
    section = publish(home, "Bereich", "bereich")
    other = publish(home, "Anderer Bereich", "anderer")
    page = publish(section, "Seite", "seite")
    for _ in range(2):
        assert client.get("/bereich/seite/").status_code == 200

    page.unpublish()
    assert client.get("/bereich/seite/").status_code == 404
    page.save_revision().publish()
    assert client.get("/bereich/seite/").status_code == 200

    page.move(other, pos="last-child")
    assert client.get("/bereich/seite/")["Location"] == "/anderer/seite/"  # Wagtail's redirect
    assert client.get("/anderer/seite/").status_code == 200

    page = StandardPage.objects.get(pk=page.pk)
    page.slug = "neu"
    page.save_revision().publish()
    assert client.get("/anderer/seite/").status_code == 404
    assert client.get("/anderer/neu/").status_code == 200

    PageViewRestriction.objects.create(page=other, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/anderer/neu/")
    assert response.status_code == 302 and "/login/?next=" in response["Location"]


def test_a_new_restriction_holds_even_if_the_shared_cache_lost_the_new_generation(client, home, monkeypatch):
    page = publish(home, "Intern", "intern")
    for _ in range(2):
        assert client.get("/intern/").status_code == 200  # remembered
    monkeypatch.setattr(frame, "_new_generation", lambda: None)  # Redis dropped the writes
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/intern/")
    assert response.status_code == 302 and "/login/?next=" in response["Location"]


def test_a_restricted_page_is_checked_on_every_request(client, home, django_user_model):
    members = publish(home, "Mitglieder", "mitglieder")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    user = django_user_model.objects.create_user("mitglied", password="ein-langes-passwort-1")
    client.force_login(user)
    for _ in range(2):
        assert client.get("/mitglieder/").status_code == 200
    client.logout()
    response = client.get("/mitglieder/")
    assert response.status_code == 302 and "/login/?next=" in response["Location"]


def test_a_new_restriction_of_an_aliased_page_holds_for_its_remembered_alias(client, home, monkeypatch):
    source = publish(home, "Intern", "intern")
    public_section = publish(home, "Öffentlich", "oeffentlich")
    source.create_alias(parent=public_section, update_slug="kopie")
    for _ in range(2):
        assert client.get("/oeffentlich/kopie/").status_code == 200  # remembered
    monkeypatch.setattr(frame, "_new_generation", lambda: None)  # the route stays remembered
    PageViewRestriction.objects.create(page=source, restriction_type=PageViewRestriction.LOGIN)
    response = client.get("/oeffentlich/kopie/")  # Wagtail resolves the alias to its source's restriction
    assert response.status_code == 302 and "/login/?next=" in response["Location"]
