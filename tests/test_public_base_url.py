"""One configured public base URL: every e-mail's links, the sitemap (with the published
profiles), canonical and og:url, iCal UIDs and JSON-LD name it, whatever host served the request
or ran the job. The base URL is written the way an operator might: with a trailing slash."""

import datetime
import json
import re
import time
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import icalendar
import pytest
import time_machine
import wagtail_factories
from django.core import mail, signing
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.utils import timezone

from directory import lifecycle, mentoring, notifications, verification
from directory.contact import STARTED_SALT
from directory.importing import service as importing
from directory.models import AdvisorStatus
from ratings import service as ratings
from ratings.models import CriteriaVersion, Rating
from tests.factories import (
    AdvisorFactory,
    CommitteeFactory,
    EventIndexPageFactory,
    EventPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    make_site_with_home,
    member_of,
    published_advisor,
)
from tests.test_mail import BASE, INFORMAL, SIGN_OFF

pytestmark = pytest.mark.django_db
ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$")


@pytest.fixture
def configured(settings):
    settings.WAGTAILADMIN_BASE_URL = f"{BASE}/"
    return make_site_with_home()


def deploy():
    """What every deploy runs; it brings the Wagtail Site record to the configured base URL."""
    call_command("migrate", verbosity=0)


# --- Every e-mail the site sends itself, each through its real sending path --------------------


def contact(client, commit):
    advisor = published_advisor(name="Anna Albers", slug="anna-albers")
    mail.outbox.clear()
    started = signing.dumps(time.time() - 30, salt=STARTED_SALT)
    data = {"name": "Karl Kunde", "email": "karl@kunde.invalid", "company": "", "privacy": "on", "started": started}
    client.post(advisor.get_absolute_url(), {**data, "message": "Wir suchen Unterstützung beim Arbeitsschutz."})


def rating_paths(client, commit):
    """Invitation, the advisor's notice, the moderators' mails, the rater's statement request, the decision."""
    advisor = published_advisor(name="Petra Prüfer")
    moderator = member_of("Verifizierung", "pruefer", email="pruefer@om-site.invalid")
    with commit(execute=True):
        ratings.record_engagement(
            advisor, "Tischlerei Beispiel GmbH", "hof@tischlerei.example", datetime.date(2026, 5, 1)
        )
    token = re.search(r"/bewertung/([\w-]+)/", mail.outbox[-1].body).group(1)
    scores = {criterion.key: 4 for criterion in CriteriaVersion.current().criteria.all()}
    with commit(execute=True):
        ratings.submit_rating(token, "hof@tischlerei.example", scores, comment="Sehr hilfreich.")
    rating = Rating.objects.get()
    with commit(execute=True):
        ratings.object_to(rating, "Diesen Auftrag gab es nicht.")
    rating.refresh_from_db()
    ratings.give_statement(rating, "Der Auftrag lief von Mai bis Juni.")
    ratings.report(rating, "falsch", "Stimmt nicht.", email="hinweis@beispiel.example")
    with commit(execute=True):
        ratings.decide(rating, True, "Der Auftrag ist belegt.", moderator, comment_ok=True)


def claim_invitation(client, commit):
    data = "Name;E-Mail;PLZ;Ort;Firma\nOlga Ott;olga@beratung.example;50667;Köln;Ott Consulting\n".encode()
    run = importing.prepare("liste.csv", data, source="Handwerkskammer Musterstadt")
    importing.dry_run(run)
    with commit(execute=True):
        importing.import_rows(run)


def mentoring_request(client, commit):
    mentee = AdvisorFactory(name="Jana Jung", track="junior", years_experience=1)
    mentor = AdvisorFactory(name="Martin Meister", status=AdvisorStatus.PUBLISHED)
    with commit(execute=True):
        mentoring.request_confirmation(mentee, mentor)


def expiry_reminder(client, commit):
    advisor = published_advisor(name="Rita Rahn")
    day = advisor.verified_until - datetime.timedelta(days=30)
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(6)), tick=False):
        assert lifecycle.send_expiry_reminders() == 1


def profile_notifications(client, commit):
    advisor = AdvisorFactory(name="Nina Neu", status=AdvisorStatus.SUBMITTED)
    with commit(execute=True):
        verification.transition(advisor, AdvisorStatus.IN_REVIEW)
        verification.transition(advisor, AdvisorStatus.PUBLISHED)
    notifications.notify_change_decision(advisor, False, "Der Nachweis fehlt.")


SENDING_PATHS = [contact, rating_paths, claim_invitation, mentoring_request, expiry_reminder, profile_notifications]


@pytest.mark.parametrize("send", SENDING_PATHS, ids=lambda send: send.__name__)
def test_every_mail_links_to_the_configured_base_url_and_speaks_formally(
    client, configured, send, django_capture_on_commit_callbacks
):
    send(client, django_capture_on_commit_callbacks)
    assert mail.outbox, "the path sent no mail"
    for message in mail.outbox:
        links = re.findall(r"https?://\S+", message.body)
        assert links and all(link.startswith(f"{BASE}/") for link in links), (message.subject, links)
        for link in links:  # each leads to a page that knows it (or the login in front of it; a used token: 410)
            path = urlsplit(link).path
            assert not path.startswith("//") and client.get(path).status_code in (200, 302, 410), link
        assert message.subject.startswith("Mittelstand gut beraten: ")
        assert message.body.startswith("Guten Tag") and message.body.endswith(SIGN_OFF + "\n"), message.body
        assert not INFORMAL.search(message.body), INFORMAL.search(message.body)


# --- Public metadata -----------------------------------------------------------------------


# 23:30 UTC is already the next day in Germany: the sitemap gives the German date, as the profile does.
@time_machine.travel(datetime.datetime(2026, 12, 2, 23, 30, tzinfo=datetime.UTC), tick=True)
def test_sitemap_names_the_configured_host_and_every_published_profile_with_lastmod(client, configured):
    news = NewsIndexPageFactory(parent=configured, slug="neuigkeiten")
    NewsArticlePageFactory(parent=news, slug="meldung")
    shown = [published_advisor(name=name, slug=slug) for name, slug in [("Anna A", "anna-a"), ("Bert B", "bert-b")]]
    AdvisorFactory(name="Entwurf", slug="entwurf", status=AdvisorStatus.DRAFT)
    deploy()

    response = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1:8102")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {
        u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
        for u in ET.fromstring(response.content)
    }
    assert all(loc.startswith(f"{BASE}/") for loc in urls), list(urls)
    assert f"{BASE}/neuigkeiten/meldung/" in urls
    for advisor in shown:
        assert urls[f"{BASE}/berater/{advisor.slug}/"] == "2026-12-03"
    assert f"{BASE}/berater/entwurf/" not in urls
    assert f"Sitemap: {BASE}/sitemap.xml" in client.get("/robots.txt", HTTP_HOST="127.0.0.1:8102").text


def test_canonical_and_og_url_use_the_configured_host(client, configured):
    news = NewsIndexPageFactory(parent=configured, slug="neuigkeiten")
    NewsArticlePageFactory(parent=news, slug="meldung")
    deploy()
    html = client.get("/neuigkeiten/meldung/", HTTP_HOST="127.0.0.1:8102").text
    assert f'<link rel="canonical" href="{BASE}/neuigkeiten/meldung/">' in html
    assert f'<meta property="og:url" content="{BASE}/neuigkeiten/meldung/">' in html


def test_ical_uids_end_in_the_configured_host(client, configured):
    events = EventIndexPageFactory(parent=configured, slug="termine")
    EventPageFactory(parent=events, slug="plenum")
    cal = icalendar.Calendar.from_ical(client.get("/termine/ical/").content)
    (event,) = cal.walk("VEVENT")
    assert str(event["UID"]).endswith("@om.example.org")


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_news_article_json_ld_has_image_author_and_full_publication_time(client, configured):
    news = NewsIndexPageFactory(parent=configured, slug="neuigkeiten")
    article = NewsArticlePageFactory(
        parent=news, slug="meldung", date=timezone.localdate(), image=wagtail_factories.ImageFactory()
    )
    article.save_revision().publish()
    data = json_ld(client.get("/neuigkeiten/meldung/").text)
    assert data["image"] and all(url.startswith(f"{BASE}/") for url in data["image"])
    assert data["author"]["name"] == "Offensive Mittelstand" and data["author"]["url"].startswith("https://")
    assert ISO_TIME.match(data["datePublished"]) and ISO_TIME.match(data["dateModified"])
    assert data["datePublished"].startswith(timezone.localdate().isoformat())


def test_event_json_ld_names_an_organizer_with_url(client, configured):
    events = EventIndexPageFactory(parent=configured, slug="termine")
    EventPageFactory(parent=events, slug="ag-treffen", organiser=CommitteeFactory(name="AG Umweltcheck"))
    data = json_ld(client.get("/termine/ag-treffen/").text)
    assert data["organizer"]["name"] == "AG Umweltcheck" and data["organizer"]["url"].startswith("https://")


def test_profile_json_ld_names_the_configured_host(client, configured):
    advisor = published_advisor(name="Anna Albers", slug="anna-albers")
    data = json_ld(client.get(advisor.get_absolute_url(), HTTP_HOST="127.0.0.1:8102").text)
    assert data["url"] == f"{BASE}/berater/anna-albers/"


@pytest.mark.parametrize("value", ["127.0.0.1:8000", "https://om.example.org/verzeichnis/", "om.example.org"])
def test_a_base_url_that_is_no_origin_stops_the_start(settings, value):
    settings.WAGTAILADMIN_BASE_URL = value
    with pytest.raises(SystemCheckError, match="WAGTAILADMIN_BASE_URL must be the public origin"):
        call_command("check")
