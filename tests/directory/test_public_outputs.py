"""What partners and search engines read besides the API: vCard, schema.org JSON-LD on news and
events, and register badges that link to the official register with the advisor's consent."""

import json
import re

import pytest
import vobject

from directory.models import Consent, ExternalRegistration
from tests.factories import (
    AdvisorFactory,
    CommitteeFactory,
    EventIndexPageFactory,
    EventPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    make_site_with_home,
    published_advisor,
)

pytestmark = pytest.mark.django_db


def json_ld(html):
    return json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))


def test_the_vcard_holds_the_public_profile_without_e_mail(client):
    advisor = published_advisor(name="Dr. Jürgen Weiß", organisation="Weiß & Partner", website="https://weiss.example")
    advisor.topics.add("Nachfolge")
    advisor.save()

    response = client.get(f"/berater/{advisor.slug}/visitenkarte.vcf")

    assert response["Content-Type"].startswith("text/vcard")
    card = vobject.readOne(response.content.decode())
    assert card.fn.value == "Dr. Jürgen Weiß" and card.n.value.family == "Weiß"
    assert card.org.value == ["Weiß & Partner"] and card.adr.value.code == "53113"
    assert card.url.value == "https://weiss.example" and card.categories.value == ["Nachfolge"]
    assert "EMAIL" not in response.content.decode() and advisor.user.email not in response.content.decode()
    assert f"/berater/{advisor.slug}/visitenkarte.vcf" in client.get(advisor.get_absolute_url()).content.decode()


def test_no_vcard_for_unpublished_profiles(client):
    draft = AdvisorFactory()
    assert client.get(f"/berater/{draft.slug}/visitenkarte.vcf").status_code == 404


def test_news_and_events_describe_themselves_for_search_engines(client):
    home = make_site_with_home()
    news = NewsArticlePageFactory(parent=NewsIndexPageFactory(parent=home), title="Musternetzwerke </script>")
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home), title="Strategiekreis", is_online=True, organiser=CommitteeFactory()
    )

    article = json_ld(client.get(news.url).content.decode())
    assert article["@type"] == "NewsArticle" and article["headline"] == "Musternetzwerke </script>"
    # A full ISO time (search engines want one): dated before it went online, so the start of that day.
    assert article["datePublished"] == "2021-04-23T00:00:00+02:00"
    assert article["publisher"]["name"] == "Offensive Mittelstand"

    data = json_ld(client.get(event.url).content.decode())
    assert data["@type"] == "Event" and data["startDate"] == "2021-05-28T12:00:00+02:00"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["Place", "VirtualLocation"]
    assert data["organizer"]["name"] == str(event.organiser)


def test_register_badges_link_to_the_official_register_and_show_numbers_only_with_consent(client):
    advisor = published_advisor(name="Anna Albers")
    dena = ExternalRegistration.objects.create(
        advisor=advisor, register="dena", identifier="DENA-9", verified_at=advisor.verified_at
    )
    ExternalRegistration.objects.create(advisor=advisor, register="kammer", identifier="K-1", verified_at=None)
    client.force_login(advisor.user)

    html = client.get(advisor.get_absolute_url()).content.decode()
    assert "https://www.energie-effizienz-experten.de/" in html and "DENA-9" not in html
    assert "Kammermitgliedschaft" not in html  # not yet verified by OM

    client.post(f"/mein-profil/register/{dena.pk}/einwilligung/", {"einwilligung": "erteilen"})

    consent = Consent.objects.get(user=advisor.user, purpose="registernummer_dena")
    assert "DENA-9" in consent.text and consent.withdrawn_at is None
    assert "DENA-9" in client.get(advisor.get_absolute_url()).content.decode()
    assert client.get(f"/api/v1/berater/{advisor.slug}").json()["registrations"][0]["identifier"] == "DENA-9"

    client.post(f"/mein-profil/register/{dena.pk}/einwilligung/", {"einwilligung": "widerrufen"})

    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert "DENA-9" not in client.get(advisor.get_absolute_url()).content.decode()
    assert client.get(f"/api/v1/berater/{advisor.slug}").json()["registrations"][0]["identifier"] is None


def test_consent_for_someone_elses_register_entry_is_404(client):
    other = ExternalRegistration.objects.create(advisor=published_advisor(), register="dena", identifier="D-2")
    client.force_login(AdvisorFactory().user)
    response = client.post(f"/mein-profil/register/{other.pk}/einwilligung/", {"einwilligung": "erteilen"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert not other.consent_to_show and not Consent.objects.exists()


def test_consent_without_a_number_is_explained(client):
    advisor = AdvisorFactory()
    entry = ExternalRegistration.objects.create(advisor=advisor, register="kammer", identifier="")
    client.force_login(advisor.user)
    response = client.post(f"/mein-profil/register/{entry.pk}/einwilligung/", {"einwilligung": "erteilen"}, follow=True)
    assert "Ohne Nummer gibt es nichts anzuzeigen." in response.content.decode()
    assert client.get(f"/mein-profil/register/{entry.pk}/einwilligung/").status_code == 405
