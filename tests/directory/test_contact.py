"""Visitors write to a published advisor through the profile; the address stays hidden."""

import time

import pytest
from django.core import mail, signing

from directory.contact import STARTED_SALT
from directory.models import AdvisorStatus
from tests.factories import AdvisorFactory, make_site_with_home, published_advisor

pytestmark = pytest.mark.django_db
URL = "/berater/anna-albers/"


@pytest.fixture
def advisor():
    make_site_with_home()
    return published_advisor(name="Anna Albers", slug="anna-albers")


def message(seconds_ago=30, **fields):
    """What a visitor's browser sends after `seconds_ago` seconds on the page."""
    started = signing.dumps(time.time() - seconds_ago, salt=STARTED_SALT)
    data = {
        "name": "Karl Kunde",
        "email": "karl@kunde.invalid",
        "company": "Kunde Metallbau GmbH",
        "message": "Wir suchen Unterstützung bei der Gefährdungsbeurteilung.",
        "privacy": "on",
        "started": started,
    }
    return {**data, **fields}


def test_message_reaches_the_advisor_without_revealing_the_address(client, advisor):
    page = client.get(URL).content.decode()
    assert "Kontakt aufnehmen" in page and advisor.user.email not in page
    response = client.post(URL, message())
    assert response.status_code == 302 and response["Location"] == f"{URL}?gesendet=1#kontakt"
    sent = mail.outbox[-1]
    assert sent.to == [advisor.user.email] and sent.reply_to == ["karl@kunde.invalid"]
    assert "Gefährdungsbeurteilung" in sent.body and "Kunde Metallbau GmbH" in sent.body
    assert "weitergeleitet" in client.get(f"{URL}?gesendet=1").content.decode()


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"email": "kein-at"}, "gültige E-Mail-Adresse"),
        ({"message": ""}, "Dieses Feld muss ausgefüllt werden"),
        ({"message": "x" * 3001}, "höchstens 3000 Zeichen"),
        ({"privacy": ""}, "Bitte stimmen Sie der Weiterleitung zu"),
        ({"started": "manipuliert"}, "Bitte senden Sie es noch einmal"),
    ],
)
def test_bad_input_is_explained_in_german_and_kept(client, advisor, fields, error):
    response = client.post(URL, message(**fields))
    html = response.content.decode()
    assert response.status_code == 200 and error in html
    assert 'value="Kunde Metallbau GmbH"' in html  # nothing entered is lost
    assert not mail.outbox


def test_too_fast_submissions_are_refused_and_bots_get_no_mail(client, advisor):
    response = client.post(URL, message(seconds_ago=0))
    assert "Bitte senden Sie es noch einmal" in response.content.decode()
    response = client.post(URL, message(homepage="http://spam.invalid"))
    assert response.status_code == 302  # the bot sees success ...
    assert not mail.outbox  # ... but nobody is bothered


def test_one_visitor_may_send_five_messages_an_hour(client, advisor):
    for _ in range(5):
        assert client.post(URL, message()).status_code == 302
    response = client.post(URL, message())
    assert response.status_code == 429
    html = response.content.decode()
    assert "Zu viele Nachrichten in kurzer Zeit" in html and "Gefährdungsbeurteilung" in html
    assert len(mail.outbox) == 5
    other_visitor = client.post(URL, message(), REMOTE_ADDR="198.51.100.7")
    assert other_visitor.status_code == 302


def test_an_advisor_receives_at_most_twenty_messages_a_day(client, advisor):
    for n in range(20):
        assert client.post(URL, message(), REMOTE_ADDR=f"198.51.100.{n}").status_code == 302
    assert client.post(URL, message(), REMOTE_ADDR="203.0.113.1").status_code == 429


@pytest.mark.parametrize("status", [AdvisorStatus.SUBMITTED, AdvisorStatus.BLOCKED, AdvisorStatus.EXPIRED])
def test_hidden_profiles_take_no_messages(client, status):
    make_site_with_home()
    AdvisorFactory(slug="versteckt", status=status)
    assert client.post("/berater/versteckt/", message()).status_code == 404
    assert not mail.outbox


def test_correcting_a_mistake_quickly_is_not_too_fast(client, advisor):
    first = message(privacy="")
    html = client.post(URL, first).content.decode()
    assert f'name="started" value="{first["started"]}"' in html  # the form keeps its start time
    assert client.post(URL, {**first, "privacy": "on"}).status_code == 302


def test_the_contact_form_is_one_click_from_the_top_of_the_profile(client, advisor):
    html = client.get(advisor.get_absolute_url()).content.decode()

    jump = html.index('href="#kontakt"')
    assert jump < html.index("<h1") and 'id="kontakt"' in html
