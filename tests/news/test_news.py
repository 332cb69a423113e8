import datetime
import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from news.models import PAGE_SIZE, NewsArticlePage
from tests.editorial_helpers import count_queries
from tests.factories import NewsArticlePageFactory, NewsIndexPageFactory, make_site_with_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def news_index():
    return NewsIndexPageFactory(parent=make_site_with_home(), slug="neuigkeiten")


def article(index, title, date, tags=(), live=True):
    page = NewsArticlePageFactory(parent=index, title=title, date=date, live=live)
    if tags:
        page.tags.set(list(tags))
        page.save_revision().publish()
    return page


def test_articles_only_under_the_news_index(news_index):
    assert NewsArticlePage.can_create_at(news_index)
    assert not NewsArticlePage.can_create_at(news_index.get_parent())


def test_listing_filters_by_tag_and_year(client, news_index):
    article(news_index, "KI-Meldung", datetime.date(2021, 4, 28), tags=["KI"])
    article(news_index, "Netzwerk-Meldung", datetime.date(2022, 1, 10), tags=["Netzwerke"])
    html = client.get("/neuigkeiten/?tag=ki").content.decode()
    assert "KI-Meldung" in html and "Netzwerk-Meldung" not in html
    html = client.get("/neuigkeiten/?jahr=2022").content.decode()
    assert "Netzwerk-Meldung" in html and "KI-Meldung" not in html
    html = client.get("/neuigkeiten/?tag=gibt-es-nicht").content.decode()
    assert "Keine Neuigkeiten für diese Auswahl" in html


def test_listing_paginates_newest_first_and_survives_bad_page_numbers(client, news_index):
    for day in range(1, PAGE_SIZE + 3):
        article(news_index, f"Meldung vom {day:02d}.", datetime.date(2021, 3, day))
    first = client.get("/neuigkeiten/").content.decode()
    assert f"Meldung vom {PAGE_SIZE + 2:02d}." in first and "Meldung vom 01." not in first
    assert "Seite 1 von 2" in first
    second = client.get("/neuigkeiten/?seite=2").content.decode()
    assert "Meldung vom 01." in second
    for bad in ("abc", "999", "-1"):
        assert client.get(f"/neuigkeiten/?seite={bad}").status_code == 200


def test_drafts_are_not_listed_or_in_feeds(client, news_index):
    article(news_index, "Öffentliche Meldung", datetime.date(2021, 4, 1))
    article(news_index, "Geheimer Entwurf", datetime.date(2021, 4, 2), live=False)
    for url in ("/neuigkeiten/", "/neuigkeiten/feed/", "/neuigkeiten/atom/"):
        body = client.get(url).content.decode()
        assert "Öffentliche Meldung" in body and "Geheimer Entwurf" not in body


def test_a_restricted_article_leaves_no_trace_in_the_listing_or_its_filters(client, news_index):
    article(news_index, "Öffentliche Meldung", datetime.date(2021, 4, 1), tags=["Netzwerke"])
    members_only = article(news_index, "Interne Meldung", datetime.date(2019, 6, 1), tags=["Vorstand"])
    PageViewRestriction.objects.create(page=members_only, restriction_type=PageViewRestriction.LOGIN)
    html = client.get("/neuigkeiten/").content.decode()
    assert "Öffentliche Meldung" in html and "Netzwerke" in html and "2021" in html
    assert "Interne Meldung" not in html and "Vorstand" not in html and "2019" not in html


def test_rss_and_atom_feeds_parse(client, news_index):
    article(news_index, "KI-Meldung", datetime.date(2021, 4, 28), tags=["KI"])
    rss = client.get("/neuigkeiten/feed/")
    assert rss["Content-Type"].startswith("application/rss+xml")
    channel = ET.fromstring(rss.content).find("channel")
    item = channel.find("item")
    assert item.findtext("title") == "KI-Meldung"
    assert item.findtext("link").endswith("/neuigkeiten/ki-meldung/")
    assert item.findtext("category") == "KI"
    atom = ET.fromstring(client.get("/neuigkeiten/atom/").content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.find("a:entry/a:title", ns).text == "KI-Meldung"


def test_listing_query_count_does_not_grow_with_articles(client, news_index):
    for i in range(2):
        article(news_index, f"A{i}", datetime.date(2021, 1, 1 + i), tags=["KI", f"T{i}"])
    small = count_queries(client, "/neuigkeiten/"), count_queries(client, "/neuigkeiten/feed/")
    for i in range(2, 9):
        article(news_index, f"A{i}", datetime.date(2021, 1, 1 + i), tags=["KI", f"T{i}"])
    large = count_queries(client, "/neuigkeiten/"), count_queries(client, "/neuigkeiten/feed/")
    assert small == large


def test_article_links_related_pages_the_public_may_see(client, news_index):
    from tests.factories import ProductIndexPageFactory, ProductPageFactory

    products = ProductIndexPageFactory(parent=news_index.get_parent(), slug="produkte")
    public = ProductPageFactory(parent=products, slug="ki", title="Zusatzqualifikation KI")
    draft = ProductPageFactory(parent=products, slug="entwurf", title="Unveröffentlichtes Produkt", live=False)
    page = article(news_index, "KI-Meldung", datetime.date(2021, 4, 28))
    page.related_products = [public, draft]
    page.save_revision().publish()
    html = client.get("/neuigkeiten/ki-meldung/").content.decode()
    assert 'href="/produkte/ki/"' in html
    assert "Unveröffentlichtes Produkt" not in html
