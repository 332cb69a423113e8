"""The demo content carries the seed protocol of 22 April 2021 faithfully and loads idempotently."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from wagtail.models import Page

from committees.models import Committee, Decision, MeetingPage, Person
from demo import event_calendar as events_demo
from event_calendar.models import EventPage
from home.models import HomePage
from networks.models import NetworkPage, PartnerOrganisation
from news.models import NewsArticlePage
from products.models import ProductPage

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo site, loaded once for the module (as Django's setUpTestData does): inside a
    transaction in which every test's own transaction is a savepoint, rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo_content", "--skip-index", verbosity=0)
        yield
        transaction.set_rollback(True)


def snapshot():
    return {
        "pages": sorted((p.url_path, p.title) for p in Page.objects.all()),
        "decisions": sorted(Decision.objects.values_list("title", "status")),
        "people": Person.objects.count(),
        "organisations": PartnerOrganisation.objects.count(),
    }


def test_running_twice_gives_the_same_site_and_an_admin_only_when_asked(demo, django_user_model):
    before = snapshot()
    assert not django_user_model.objects.filter(username="admin").exists()

    call_command("load_demo_content", "--skip-index", "--admin-password", "ein-langes-demo-passwort", verbosity=0)

    assert snapshot() == before
    assert HomePage.objects.count() == 1
    assert not Page.objects.filter(title__startswith="Welcome").exists()  # Wagtail's installer page is gone
    admin = django_user_model.objects.get(username="admin")
    assert admin.is_superuser and admin.check_password("ein-langes-demo-passwort")


def test_the_demo_serves_the_home_page(demo, client):
    response = client.get("/")
    assert response.status_code == 200 and "Offensive Mittelstand" in response.content.decode()


def test_meeting_of_22_april_2021_as_printed(demo, client):
    meeting = MeetingPage.objects.get(date=datetime.date(2021, 4, 22))
    assert meeting.participants == 42 and meeting.format == "video"
    numbered = [item for item in meeting.agenda if item.number]
    assert [item.number for item in numbered] == [str(n) for n in range(1, 9)]
    top6 = next(item for item in numbered if item.number == "6")
    assert {p.name for p in top6.speakers.all()} == {"Bruno Schmalen", "Sebastian Terstegen"}
    assert (top6.start_time, top6.end_time) == (datetime.time(14, 10), datetime.time(14, 40))
    assert meeting.decisions.count() == 7
    assert set(meeting.decisions.values_list("vote_result", flat=True)) == {"ohne Gegenstimmen"}
    html = client.get(meeting.url).content.decode()
    assert "Dr. Henning Krassen (BMBF)" in html


def test_products_networks_events_and_news_from_the_protocol(demo):
    assert set(ProductPage.objects.values_list("slug", flat=True)) >= {"zusatzqualifikation-ki", "umweltcheck"}
    ki = ProductPage.objects.get(slug="zusatzqualifikation-ki")
    assert ki.implements_decisions.filter(title__contains="Zusatzqualifikation KI").exists()
    regions = set(NetworkPage.objects.values_list("title", flat=True))
    assert {"Offensive Harzwirtschaft", "Musternetzwerk OWL", "Musternetzwerk München"} <= regions
    ag = EventPage.objects.get(slug="ag-umweltcheck-2021-05-28")
    assert (ag.start.astimezone(datetime.UTC).hour, ag.end.astimezone(datetime.UTC).hour) == (10, 13)  # 12–15 CEST
    assert EventPage.objects.get(slug="plenum-2021-11-11").all_day
    assert NewsArticlePage.objects.count() >= 3


def test_demo_content_has_no_real_email_addresses(demo):
    from django.contrib.auth import get_user_model

    dumped = " ".join(str(v) for p in Page.objects.all() for v in p.specific.__dict__.values())
    assert "@" not in dumped.replace("@om-site.invalid", "")
    assert not get_user_model().objects.exclude(email__endswith=".invalid").exclude(email="").exists()


def test_every_page_links_the_legal_pages_in_the_footer(demo, client):
    for url in ("/", "/neuigkeiten/", "/sitzungen/beschluesse/", "/termine/"):
        html = client.get(url).content.decode()
        footer = html[html.index('<footer class="site-footer">') :]
        for path in ("/impressum/", "/datenschutz/", "/barrierefreiheit/"):
            assert f'href="{path}"' in footer, (url, path)
    assert "BITV 2.0" in client.get("/barrierefreiheit/").content.decode()


def test_demo_directory_is_alive_in_every_status_and_track(demo):
    from directory.models import Advisor, AdvisorStatus, Track

    assert Advisor.objects.count() == 50
    assert set(Advisor.objects.values_list("status", flat=True)) == set(AdvisorStatus.values)
    assert set(Advisor.objects.values_list("track", flat=True)) == set(Track.values)
    assert Advisor.objects.filter(status__in=["eingereicht", "in_pruefung"]).count() >= 5  # a review queue


def test_the_termine_page_shows_upcoming_dates_and_keeps_the_protocols_dates_as_history(demo, client):
    response = client.get("/termine/")
    upcoming = list(response.context["upcoming"])
    assert len(upcoming) >= 3 and all(event.start > timezone.now() for event in upcoming)
    assert "Plenum des Strategiekreises" in [event.title for event in upcoming]
    past = {event.slug for event in response.context["past"]}
    assert {"ag-umweltcheck-2021-05-28", "plenum-2021-11-11"} <= past
    html = response.content.decode()
    assert "Zurzeit sind keine Termine geplant" not in html and "Uhr, online" in html and "Uhr ," not in html
    assert "Nächste Termine" in client.get("/").content.decode()


def test_upcoming_dates_move_with_the_week_and_are_never_duplicated(demo):
    home = HomePage.objects.get()
    committees = {c.name: c for c in Committee.objects.all()}
    count = EventPage.objects.count()
    events_demo.load(home, committees, today=datetime.date(2031, 3, 5))  # a Wednesday
    plenum = EventPage.objects.get(slug="plenum-naechstes")
    events_demo.load(home, committees, today=datetime.date(2031, 3, 8))  # the same week: nothing changes
    assert EventPage.objects.get(slug="plenum-naechstes").start == plenum.start
    assert plenum.start.date() > datetime.date(2031, 3, 8)
    events_demo.load(home, committees, today=datetime.date(2031, 5, 1))  # weeks later: moved, not added
    assert EventPage.objects.count() == count
    assert EventPage.objects.get(slug="plenum-naechstes").start > plenum.start


def test_news_articles_have_bodies_beyond_their_teasers(demo, client):
    for article in NewsArticlePage.objects.all():
        body = strip_tags(str(article.body)).strip()
        assert body != article.teaser and article.teaser not in body and len(body) > 2 * len(article.teaser)
        html = client.get(article.url).content.decode()
        first_body_sentence = body.split(". ")[0]
        assert first_body_sentence in html, article.slug


def test_the_home_page_title_names_the_site_once(demo, client):
    html = client.get("/").content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert title == "Gut für Deutschland – Offensive Mittelstand"
    assert "Offensive Mittelstand – Offensive Mittelstand" not in html
    assert '<meta property="og:title" content="Offensive Mittelstand – Gut für Deutschland">' in html
