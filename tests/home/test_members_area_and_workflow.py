"""Members' area (TOP 3 of the seed) and the editorial groups and workflow."""

import pytest
from django.contrib.auth.models import Group
from wagtail.documents.models import Document
from wagtail.models import Page, Workflow

from news.models import NewsArticlePage, NewsIndexPage

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Nutzenpapiere der Partner"


@pytest.fixture
def demo(search_index, demo_snapshot):
    demo_snapshot.restore(index=True)


@pytest.fixture
def member(django_user_model):
    user = django_user_model.objects.create_user("mitglied", password="ein-langes-passwort-123")
    user.groups.add(Group.objects.get(name="Strategiekreis"))
    return user


@pytest.fixture
def outsider(django_user_model):
    return django_user_model.objects.create_user("aussen", password="ein-langes-passwort-123")


def members_document():
    return Document.objects.get(title__startswith="Nutzenpapiere")


@pytest.mark.parametrize("who", ["anonymous", "outsider"])
def test_members_pages_and_documents_are_closed_to_others(client, demo, outsider, who):
    if who == "outsider":
        client.force_login(outsider)
    for url in ("/mitglieder/", "/mitglieder/nutzenpapiere/", members_document().url):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert "/_util/login/" in response["Location"] or "/admin/login/" in response["Location"]
        assert b"Nutzenpapiere der Partner" not in response.content


def test_members_see_pages_and_documents(client, demo, member):
    client.force_login(member)
    assert SECRET_TITLE in client.get("/mitglieder/nutzenpapiere/").content.decode()
    response = client.get(members_document().url)
    assert response.status_code == 200
    assert b"nur f\xc3\xbcr Mitglieder" in b"".join(response.streaming_content)


def test_members_area_never_in_navigation_feeds_sitemap_or_search(client, demo):
    for url in ("/", "/neuigkeiten/", "/neuigkeiten/feed/", "/sitemap.xml"):
        body = client.get(url).content.decode()
        assert "/mitglieder/" not in body and SECRET_TITLE not in body, url
    assert client.get("/sitemap.xml").content.decode().count("<loc>") > 10  # the public site is there
    public_hits = {p.title for p in Page.objects.live().public().search("Nutzenpapiere")}
    assert SECRET_TITLE not in public_hits
    assert SECRET_TITLE in {p.title for p in Page.objects.live().search("Nutzenpapiere")}  # it is indexed


def test_robots_txt_points_to_sitemap_and_hides_admin(client, settings):
    body = client.get("/robots.txt").content.decode()
    # The sitemap on the public base URL, not on whatever host asked.
    assert "Disallow: /admin/" in body and f"Sitemap: {settings.WAGTAILADMIN_BASE_URL}/sitemap.xml" in body


def test_redaktion_submits_and_freigabe_publishes(demo, django_user_model):
    news_index = NewsIndexPage.objects.get()
    article = NewsArticlePage.objects.first()
    editor = django_user_model.objects.create_user("redaktion", password="x" * 16)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    approver = django_user_model.objects.create_user("freigabe", password="y" * 16)
    approver.groups.add(Group.objects.get(name="Freigabe"))

    assert article.permissions_for_user(editor).can_edit()
    assert not article.permissions_for_user(editor).can_publish()
    assert article.permissions_for_user(approver).can_publish()
    workflow = news_index.get_workflow()
    assert workflow == Workflow.objects.get(name="Redaktion → Freigabe")
    assert article.get_workflow() == workflow  # inherited by every article
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
