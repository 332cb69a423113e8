"""Everything public can be found by clicking from the home page: the directory, its sign-up, every
live page of the tree (the decision register among them) and the advisors' profiles."""

import re
from io import StringIO
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from wagtail.models import Page

from directory.public import public_advisors

pytestmark = pytest.mark.django_db

HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]*)', re.IGNORECASE)
PAGE_NUMBER = re.compile(r"seite=\d+")
NOT_FOLLOWED = ("/admin/", "/konto/", "/static/", "/dokumente/", "/api/", "/mein-profil/")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, demo_snapshot):
    with django_db_blocker.unblock(), transaction.atomic():
        demo_snapshot.restore()
        call_command("rebuild_directory_index", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def crawl(client, start="/", limit=600):
    """Paths reached by following links. Of links with a query string only page numbers are
    followed: every page must be reachable without filling in a form or choosing a filter."""
    seen, queue, reached = {start}, [start], set()
    while queue and len(seen) < limit:
        target = queue.pop(0)
        response = client.get(target)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        path = urlsplit(target).path
        reached.add(path)
        for href in HREF.findall(response.content.decode()):
            url = urlsplit(urljoin(target, href.replace("&amp;", "&")))
            if url.netloc not in ("", "testserver") or url.path.startswith(NOT_FOLLOWED):
                continue
            if url.query and not PAGE_NUMBER.fullmatch(url.query):
                continue
            link = f"{url.path}?{url.query}" if url.query else url.path
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return reached


def test_every_public_page_and_profile_is_reachable_by_clicks_from_the_home_page(demo, client):
    reached = crawl(client)

    pages = {page.url for page in Page.objects.live().public().filter(depth__gt=1).specific()}
    assert pages - reached == set()
    profiles = {advisor.get_absolute_url() for advisor in public_advisors()}
    assert profiles, "the demo has published advisors"
    assert profiles - reached == set()
    assert reverse("directory:search") in reached


def test_the_home_page_offers_the_directory_search_and_the_sign_up(demo, client):
    html = client.get("/").content.decode()

    assert html.count(f'href="{reverse("directory:search")}"') >= 2  # header and footer
    assert f'href="{reverse("account_signup")}"' in html
    finder = re.search(r'<form class="home-finder" method="get" action="([^"]+)"', html)
    assert finder and finder.group(1) == reverse("directory:search")
    assert 'name="q"' in html and 'name="plz"' in html


def test_the_directory_understands_what_the_finder_on_the_home_page_sends(demo, client):
    response = client.get(reverse("directory:search"), {"q": "Digitalisierung", "plz": "50667"})

    assert response.status_code == 200
    assert (response.context["query"].text, response.context["query"].postcode) == ("Digitalisierung", "50667")


def test_the_directory_product_page_links_the_directory_and_the_sign_up(demo, client):
    product = Page.objects.get(slug="beraterdatenbank")
    html = client.get(product.url).content.decode()

    assert f'href="{reverse("directory:search")}"' in html
    assert f'href="{reverse("account_signup")}"' in html


def test_the_favicon_is_served_at_the_site_root(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")


def test_the_404_page_offers_a_search_and_the_sections(demo, client):
    response = client.get("/gibt-es-nicht/")
    html = response.content.decode()

    assert response.status_code == 404
    assert "Seite nicht gefunden" in html
    assert 'role="search"' in html
    assert f'href="{reverse("directory:search")}"' in html
    for section in Page.objects.live().public().in_menu().filter(depth=3):
        assert f'href="{section.url}"' in html
