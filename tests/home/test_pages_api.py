"""Wagtail's API v2 for partners: live, public news, events and products only, German errors."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    MeetingIndexPageFactory,
    MeetingPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    ProductIndexPageFactory,
    ProductPageFactory,
    make_site_with_home,
)

pytestmark = pytest.mark.django_db
PAGES = "/api/v2/pages/"


@pytest.fixture
def site():
    home = make_site_with_home()
    news = NewsIndexPageFactory(parent=home)
    NewsArticlePageFactory(parent=news, title="Musternetzwerke gegründet", teaser="Fünf Netzwerke.")
    NewsArticlePageFactory(parent=news, title="Entwurf einer Meldung", live=False)
    private = NewsArticlePageFactory(parent=news, title="Nur für Mitglieder")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="geheim")
    EventPageFactory(parent=EventIndexPageFactory(parent=home), title="Strategiekreis 2021")
    ProductPageFactory(parent=ProductIndexPageFactory(parent=home), title="Umweltcheck", status="verfuegbar")
    MeetingPageFactory(parent=MeetingIndexPageFactory(parent=home), title="Sitzung des Strategiekreises")
    return home


def titles(response):
    return sorted(item["title"] for item in response.json()["items"])


def test_partners_get_live_public_news_events_and_products_only(client, site):
    assert titles(client.get(PAGES)) == ["Musternetzwerke gegründet", "Strategiekreis 2021", "Umweltcheck"]
    assert titles(client.get(PAGES, {"type": "committees.MeetingPage"})) == []


def test_each_type_carries_its_fields(client, site):
    news = client.get(PAGES, {"type": "news.NewsArticlePage", "fields": "*"}).json()["items"][0]
    assert news["teaser"] == "Fünf Netzwerke." and news["date"] == "2021-04-23"
    product = client.get(PAGES, {"type": "products.ProductPage", "fields": "*"}).json()["items"][0]
    assert product["status_label"] == "verfügbar"
    event = client.get(PAGES, {"type": "event_calendar.EventPage", "fields": "start,location"}).json()["items"][0]
    assert datetime.datetime.fromisoformat(event["start"]).year == 2021 and event["location"] == "Bonn"


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"type": "gibt.EsNicht"}, "Diesen Seitentyp gibt es hier nicht."),
        ({"limit": "-1"}, "Bitte eine positive ganze Zahl angeben."),
        ({"limit": "500"}, "Der Wert ist zu groß."),
        ({"fields": "geheim"}, "Unbekanntes Feld."),
        ({"order": "passwort"}, "Nach diesem Feld kann nicht sortiert werden."),
        ({"search": "Bonn", "offset": "9990", "limit": "20"}, "Suchergebnisse reichen nur bis zum 10.000. Treffer."),
    ],
)
def test_bad_parameters_get_german_messages(client, site, params, message):
    response = client.get(PAGES, params)
    assert response.status_code == 400 and response.json()["message"] == message


def test_an_unknown_page_is_a_german_404(client, site):
    response = client.get(f"{PAGES}999999/")
    assert response.status_code == 404 and response.json() == {"message": "Nicht gefunden."}


def test_pages_api_is_rate_limited(client, site, settings):
    settings.PARTNER_API_RATE = "2/m"
    assert [client.get(PAGES).status_code for _ in range(3)] == [200, 200, 429]


def test_the_site_root_can_be_named_as_wagtail_documents_it(client, site):
    response = client.get(PAGES, {"descendant_of": "root"})
    assert response.status_code == 200
    assert titles(response) == ["Musternetzwerke gegründet", "Strategiekreis 2021", "Umweltcheck"]
