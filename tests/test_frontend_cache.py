"""The full-page cache for real: Varnish (scripts/varnish.sh, the site's own VCL) in front of the
live server with the demo site. Anonymous visitors get Wagtail's pages from the cache; a logged-in
member never does, and never sees a page another person got; after a page is published,
unpublished, moved or deleted, or a snippet or the footer changes, a crawl of every address through
the cache finds no page that differs from what the app server says now."""

import os
import re
import subprocess
import time
from urllib.parse import urljoin, urlsplit

import pytest
import urllib3
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import transaction
from django.test import Client
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page, PageViewRestriction, Site

from committees.models import Committee
from core import frontend_cache
from event_calendar.models import EventPage
from home.models import FooterSettings, StandardPage
from networks.models import NetworkPage
from news.models import NewsArticlePage
from products.models import ProductPage
from tests.conftest import REPO_ROOT
from tests.factories import UserFactory

# Its own database state for the server thread (committed), emptied afterwards. The cache works the
# same on either database: once per test command, in the SQLite pass (beside the drills).
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs in the SQLite pass"),
]

VARNISH_PORT = int(os.environ.get("OM_VARNISH_PORT", "6090"))
CACHE_URL = f"http://127.0.0.1:{VARNISH_PORT}"  # the visitors' side
PURGE_URL = f"http://127.0.0.1:{VARNISH_PORT + 100}"  # the app servers' (scripts/varnish.sh)
HREF = re.compile(r'<a\b[^>]*\bhref="([^"#]*)', re.IGNORECASE)
NOT_CRAWLED = ("/admin/", "/konto/", "/static/", "/dokumente/", "/api/", "/mein-profil/", "/berater/", "/suche/")
http = urllib3.PoolManager(retries=False, timeout=30)


def varnish(*args):
    subprocess.run(["bash", "scripts/varnish.sh", *args], cwd=REPO_ROOT, check=True, capture_output=True)


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker):
    """The live server and Varnish in front of it; the database is emptied afterwards."""
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("127.0.0.1")
    try:
        varnish("start", str(urlsplit(server.url).port))
        yield server.url
    finally:
        http.clear()  # its kept-alive connections would be closed by the server's threads at exit
        varnish("stop")
        server.stop()
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)
        cache.clear()


@pytest.fixture
def site(servers, demo_snapshot):
    """The demo, committed (the server thread reads it), and an empty cache."""
    demo_snapshot.restore()
    frontend_cache.ban(frontend_cache.EVERYTHING)
    return servers


@pytest.fixture(autouse=True)
def purging(settings, monkeypatch):
    settings.FRONTEND_CACHE_URL = PURGE_URL
    # Each purge is repeated a moment later (a request in flight may put the old page back): here
    # that moment passes before the next request, so that it cannot empty the cache of the next test.
    monkeypatch.setattr(frontend_cache, "REPEAT_AFTER_SECONDS", 0.1)


def get(base, path, cookie=None):
    """The app server is asked under the cache's host name: feeds and calendars name it in their links."""
    headers = {"Host": urlsplit(CACHE_URL).netloc, **({"Cookie": cookie} if cookie else {})}
    return http.request("GET", base + path, headers=headers, redirect=False)


def directives(response):
    return {part.strip() for part in response.headers["Cache-Control"].split(",")}


def links(path, body):
    found = set()
    for href in HREF.findall(body):
        url = urlsplit(urljoin(path, href.replace("&amp;", "&")))
        if url.netloc or url.path.startswith(NOT_CRAWLED) or (url.query and not url.query.startswith("seite=")):
            continue
        found.add(f"{url.path}?{url.query}" if url.query else url.path)
    return found


def crawl(origin, known):
    """Every known address and every one linked from them, through the cache and straight from the
    app server: (paths answered from the cache, paths where the cache's page differs)."""
    queue, seen, hits, stale = sorted(known), set(known), set(), []
    while queue:
        path = queue.pop(0)
        cached, fresh = get(CACHE_URL, path), get(origin, path)
        if cached.headers.get("X-Cache") == "HIT":
            hits.add(path)
            if (cached.status, cached.data) != (fresh.status, fresh.data):
                stale.append(path)
        if "text/html" in fresh.headers.get("Content-Type", ""):
            for link in links(path, fresh.data.decode()) - seen:
                seen.add(link)
                queue.append(link)
    known |= seen
    return hits, stale


def test_anonymous_pages_come_from_the_cache_and_forms_never_do(site):
    article = NewsArticlePage.objects.live().public().first().url
    first, second = get(CACHE_URL, article), get(CACHE_URL, article)
    assert (first.status, first.headers["X-Cache"], second.headers["X-Cache"]) == (200, "MISS", "HIT")
    assert second.data == first.data
    assert directives(get(site, article)) == {"public", "max-age=0", "s-maxage=600"}  # for Varnish
    assert directives(second) == {"no-cache"}  # for browsers and any cache further out, which nobody purges
    # Purges come only from the app servers' side, never from the visitors'.
    assert http.request("BAN", CACHE_URL + "/", headers={"X-Ban-Path": "^/"}).status == 405
    assert get(CACHE_URL, article).headers["X-Cache"] == "HIT"

    login = "/konto/login/"  # a form: its CSRF cookie makes it personal
    for _ in range(2):
        page = get(CACHE_URL, login)
        assert (page.status, page.headers["X-Cache"]) == (200, "MISS")
        assert {"private", "no-store"} <= directives(page)
        assert "csrftoken" in page.headers["Set-Cookie"]


def test_a_members_page_is_never_kept_nor_shown_to_anyone_else(site):
    area = Page.objects.live().exclude(pk__in=Page.objects.public()).filter(depth__gt=2).first()
    member = UserFactory(username="mitglied-cache")
    member.groups.add(Group.objects.get(name="Strategiekreis"))
    client = Client()
    client.force_login(member, backend="django.contrib.auth.backends.ModelBackend")
    session = f"sessionid={client.cookies['sessionid'].value}"

    for _ in range(2):
        mine = get(CACHE_URL, area.url, cookie=session)
        assert (mine.status, mine.headers["X-Cache"]) == (200, "MISS")
        assert {"private", "no-store"} <= directives(mine)
        assert area.title in mine.data.decode()
    stranger = get(CACHE_URL, area.url)
    assert stranger.status == 302 and "login" in stranger.headers["Location"]
    assert area.title not in stranger.data.decode()


def test_a_new_redirect_replaces_the_kept_not_found_page(site):
    gone = "/alte-adresse/"
    assert [get(CACHE_URL, gone).headers["X-Cache"] for _ in range(2)] == ["MISS", "HIT"]  # a kept 404
    with transaction.atomic():
        Redirect.objects.create(old_path=gone.rstrip("/"), redirect_link="/neuigkeiten/")
    time.sleep(0.5)  # the repeated purge, too
    moved = get(CACHE_URL, gone)
    assert (moved.status, moved.headers["Location"]) == (301, "/neuigkeiten/")


def publish_with(page, **changes):
    for field, value in changes.items():
        setattr(page, field, value)
    page.save_revision().publish()


def test_no_page_is_stale_after_publish_unpublish_move_delete_and_snippet_changes(site):
    known = {"/"}
    crawl(site, known)  # fills the cache
    hits, stale = crawl(site, known)
    assert stale == [] and len(hits) > 20, (len(hits), stale)

    article = NewsArticlePage.objects.live().public().order_by("-date").first().specific
    product = ProductPage.objects.live().public().filter(news_articles__isnull=False).first().specific
    event = EventPage.objects.live().public().order_by("start").first()
    moved = StandardPage.objects.get(slug="barrierefreiheit")  # a footer link: every page shows it
    impressum = StandardPage.objects.get(slug="impressum")  # so does this one
    # (change, whether only the pages that show it are purged: the others must stay in the cache)
    changes = {
        "an article's new title": (lambda: publish_with(article, title="Neuer Titel der Meldung"), True),
        "a linked product's new title": (lambda: publish_with(product, title="Umbenanntes Produkt"), True),
        "an event unpublished": (lambda: event.unpublish(), True),
        "a page moved": (lambda: moved.move(StandardPage.objects.get(slug="datenschutz"), pos="last-child"), False),
        "a page deleted": (lambda: NewsArticlePage.objects.live().order_by("date").first().delete(), False),
        "a footer page retitled": (lambda: publish_with(impressum, title="Impressum und Kontakt"), False),
        "a page made private": (
            lambda: PageViewRestriction.objects.create(page=product, restriction_type="login"),
            False,
        ),
        "a committee renamed": (lambda: renamed(Committee.objects.order_by("pk").first()), False),
        "the footer changed": (lambda: renamed(FooterSettings.for_site(Site.objects.get(is_default_site=True))), False),
    }
    untouched = NetworkPage.objects.live().first().url
    report = {}
    for name, (change, exact) in changes.items():
        with transaction.atomic():
            change()
        time.sleep(0.5)
        hits, stale = crawl(site, known)
        report[name] = (stale, (untouched in hits) == exact)
    assert report == {name: ([], True) for name in changes}


def renamed(snippet):
    field = "name" if hasattr(snippet, "name") else "text"
    setattr(snippet, field, f"{getattr(snippet, field)} (geändert)")
    snippet.save()


@pytest.mark.parametrize("address", ["http://127.0.0.1:9", "file:///etc/passwd"])
def test_a_purge_that_fails_is_logged_and_the_edit_stands(settings, caplog, address):
    settings.FRONTEND_CACHE_URL = address
    with transaction.atomic():
        frontend_cache.ban_on_commit([frontend_cache.EVERYTHING])
        Committee.objects.create(name="Neue AG")
    assert Committee.objects.filter(name="Neue AG").exists()
    assert "could not purge" in caplog.text


@pytest.mark.parametrize("address", ["file:///etc/passwd", "kein-url", "127.0.0.1:6082"])
def test_a_purge_address_that_is_not_http_stops_the_start(settings, address):
    settings.FRONTEND_CACHE_URL = address
    with pytest.raises(SystemCheckError, match="FRONTEND_CACHE_URL"):
        call_command("check")
