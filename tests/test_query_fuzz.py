"""Audit finding 6: no query string makes a public GET view answer 5xx. Hypothesis sends every
view its own parameters (and a few foreign ones), repeated, with out-of-range years, huge numbers,
Unicode digits, NUL, control characters and long text. The news year 10000 was a 500."""

import datetime
from urllib.parse import urlencode

import pytest
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from committees.models import Committee
from tests.factories import (
    DecisionRegisterPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    MeetingIndexPageFactory,
    MeetingPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    add_decision,
    make_site_with_home,
    published_advisor,
)

pytestmark = pytest.mark.django_db
FACETS = ["thema", "branche", "land", "produkt", "register", "sprache", "zugang"]
DIRECTORY = ["q", "plz", "umkreis", "seite", "sortierung", "sterne", *FACETS]
VIEWS = {  # path (pages are looked up in the fixture) → its parameters
    "news": ["tag", "jahr", "seite"],
    "events": ["seite", "jahr", "monat"],
    "meetings": ["gremium"],
    "register": ["status", "gremium", "jahr"],
    "/suche/": ["q", "art", "von", "bis", "seite", "typ"],
    "/suche/vorschlaege/": ["q"],
    "/berater/": DIRECTORY,
    "/berater/vorschlaege/": ["q"],
    "/berater/widget/": DIRECTORY,
    "/api/v1/berater": [*DIRECTORY, "pro_seite"],
    "/api/v2/pages/": ["type", "fields", "limit", "offset", "order", "search", "child_of", "slug"],
}
NASTY = st.sampled_from(
    [
        "10000",
        "0",
        "-1",
        "99999999999999999999999999",
        "1e9",
        "²",
        "٣",
        "１２",
        " 7",
        "2021\x00",
        "\x00",
        "",
        "NaN",
        "-0",
        "9" * 400,
        "ä" * 300,
        "<script>",
        "%00",
        "\ud7ff",
        "\u202e",
        "null",
        "[]",
        "1,2",
        "2021-02-30",
        "*",
        "id",
        "-title",
        "news.NewsArticlePage",
        "wagtailcore.Page",
        "..",
        "../..",
        "NW",
        "energieeffizienz",
    ]
)
VALUES = st.one_of(
    NASTY,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40),
)


def queries(keys):
    return st.lists(st.tuples(st.sampled_from([*keys, "x"]), VALUES), min_size=1, max_size=6).map(urlencode)


@pytest.fixture
def site(settings):
    settings.SEARCH_RATE = settings.PARTNER_API_RATE = "100000/m"  # this test is about answers, not limits
    home = make_site_with_home()
    news = NewsIndexPageFactory(parent=home)
    NewsArticlePageFactory(parent=news)
    events = EventIndexPageFactory(parent=home)
    EventPageFactory(parent=events)
    meetings = MeetingIndexPageFactory(parent=home)
    body = Committee.objects.create(name="Strategiekreis")
    meeting = MeetingPageFactory(parent=meetings, body=body, date=datetime.date(2021, 4, 22))
    add_decision(meeting)
    register = DecisionRegisterPageFactory(parent=meetings)
    published_advisor(name="Anna Albers")
    return {"news": news.url, "events": events.url, "meetings": meetings.url, "register": register.url}


@pytest.mark.parametrize("view", VIEWS)
def test_no_query_string_makes_a_public_view_fail(site, view):
    path = site.get(view, view)
    client = Client()
    failures = []

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(queries(VIEWS[view]))
    @example(urlencode([(key, value) for key in VIEWS[view] for value in ("10000", "²", "9" * 30)]))  # the audit's
    def check(query):
        status = client.get(f"{path}?{query}").status_code
        if status >= 500:
            failures.append((query, status))
        assert status < 500, f"{path}?{query} → {status}"

    check()
    assert not failures


@pytest.mark.parametrize("path", ["/neuigkeiten/", "/berater/", "/suche/", "/termine/"])
def test_a_nul_byte_in_any_parameter_is_refused_in_german_before_any_view(client, path):
    response = client.get(path, {"tag": "a\x00b", "q": "x"})

    assert response.status_code == 400
    assert "unzulässiges Steuerzeichen" in response.content.decode()
