"""An advisor signs up, confirms the address, fills the steps and submits; nothing else."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.models import Advisor, AdvisorStatus, Consent, ConsultingTopic, FederalState, Qualification
from tests.factories import PROOF_PDF, AdvisorFactory, make_site_with_home

pytestmark = pytest.mark.django_db
PDF = PROOF_PDF  # a real PDF: proofs are parsed before they are stored
PASSWORD = "ein-sehr-langes-passwort-2026"


@pytest.fixture(autouse=True)
def site():
    make_site_with_home()


def sign_up(client, email="neu@beispiel.invalid"):
    response = client.post("/konto/signup/", {"email": email, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    client.get(link)
    response = client.post(link)  # confirming logs the advisor in
    assert response.status_code == 302


PROFILE = {
    "name": "Nina Neumann",
    "organisation": "",
    "short_profile": "Arbeitsschutz für Handwerksbetriebe.",
    "description": "",
    "postcode": "53113",
    "city": "Bonn",
    "years_experience": "7",
    "fee_model": "",
    "website": "",
    "track": "standard",
}


def test_sign_up_confirm_fill_steps_and_submit(client, django_capture_on_commit_callbacks):
    sign_up(client)
    assert client.get("/mein-profil/").status_code == 200
    assert client.post("/mein-profil/profil/", PROFILE).status_code == 302
    advisor = Advisor.objects.get(name="Nina Neumann")
    assert advisor.status == AdvisorStatus.DRAFT and advisor.user.email == "neu@beispiel.invalid"

    topic = ConsultingTopic.objects.get(name="Arbeitsschutz und Gesundheit")
    nrw = FederalState.objects.get(code="NW")
    assert client.post("/mein-profil/themen/", {"topics": [topic.pk], "states_served": [nrw.pk]}).status_code == 302
    proof = SimpleUploadedFile("zertifikat.pdf", PDF, content_type="application/pdf")
    data = {"title": "Fachkraft für Arbeitssicherheit", "issuer": "BG", "issued_on": "2019-05-01", "proof": proof}
    assert client.post("/mein-profil/qualifikationen/", data).status_code == 302
    assert advisor.qualifications.count() == 1

    for n in range(2):
        reference = {
            "formular": "referenz",
            "referenz-company": f"Tischlerei {n}",
            "referenz-contact_name": "Frau Beispiel",
            "referenz-contact_email": f"kontakt{n}@beispiel.invalid",
            "referenz-engagement": "Gefährdungsbeurteilung",
            "referenz-year": "2024",
        }
        assert client.post("/mein-profil/register-und-referenzen/", reference).status_code == 302
    register = {
        "formular": "register",
        "register-register": "bafa",
        "register-identifier": "BAFA-1",
        "register-consent_to_show": "on",
    }
    assert client.post("/mein-profil/register-und-referenzen/", register).status_code == 302
    assert advisor.registrations.get().consent_at is not None  # consent recorded with its time

    response = client.post("/mein-profil/einreichen/", {})
    assert "Bitte bestätigen Sie die Einwilligung" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/mein-profil/einreichen/", {"confirm": "on"}).status_code == 302
    advisor.refresh_from_db()
    assert advisor.status == AdvisorStatus.SUBMITTED
    assert Consent.objects.filter(user=advisor.user, purpose="pruefung_veroeffentlichung").exists()
    assert client.get(advisor.get_absolute_url()).status_code == 404  # not public before verification
    assert "eingereicht" in mail.outbox[-1].subject


def test_bad_input_is_explained_in_german_and_kept(client):
    sign_up(client)
    bad = {**PROFILE, "postcode": "99999", "years_experience": "viele", "website": "kein link"}
    response = client.post("/mein-profil/profil/", bad)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Diese Postleitzahl ist uns nicht bekannt." in html
    assert "Ganze Zahl" in html or "ganze Zahl" in html
    assert 'value="Nina Neumann"' in html and "Arbeitsschutz für Handwerksbetriebe." in html
    assert not Advisor.objects.exists()


def test_submission_is_refused_while_criteria_are_missing(client):
    sign_up(client)
    client.post("/mein-profil/profil/", {**PROFILE, "years_experience": "1"})
    response = client.post("/mein-profil/einreichen/", {"confirm": "on"})
    html = response.content.decode()
    assert "Noch sind nicht alle Aufnahmekriterien erfüllt" in html
    assert "fehlt: Mindestens 3 Jahre Beratungserfahrung" in html
    assert Advisor.objects.get().status == AdvisorStatus.DRAFT


def test_crafted_post_cannot_set_status_dates_or_badges(client):
    sign_up(client)
    crafted = {
        **PROFILE,
        "status": "veroeffentlicht",
        "verified_at": "2026-01-01",
        "authorised_products": ["1"],
        "user": "1",
        "slug": "gekapert",
    }
    client.post("/mein-profil/profil/", crafted)
    advisor = Advisor.objects.get()
    assert advisor.status == AdvisorStatus.DRAFT and advisor.verified_at is None
    assert advisor.slug != "gekapert" and not advisor.authorised_products.exists()


def test_an_advisor_cannot_touch_another_advisors_items(client):
    from directory.models import ClientReference, ExternalRegistration

    other = AdvisorFactory(slug="fremd")
    foreign = {
        "qualifikation": Qualification.objects.create(advisor=other, title="Fremd", issuer="X"),
        "register": ExternalRegistration.objects.create(advisor=other, register="dena"),
        "referenz": ClientReference.objects.create(
            advisor=other,
            company="Fremd GmbH",
            contact_name="X",
            contact_email="x@beispiel.invalid",
            engagement="-",
            year=2024,
        ),
    }
    sign_up(client)
    client.post("/mein-profil/profil/", PROFILE)
    for kind, item in foreign.items():
        assert client.post(f"/mein-profil/{kind}/{item.pk}/loeschen/").status_code == 404
        assert type(item).objects.filter(pk=item.pk).exists()
    assert client.post(f"/mein-profil/unbekannt/{foreign['referenz'].pk}/loeschen/").status_code == 404


def test_reference_with_bad_input_is_explained_and_kept(client):
    sign_up(client)
    client.post("/mein-profil/profil/", PROFILE)
    bad = {
        "formular": "referenz",
        "referenz-company": "Bäckerei Korn",
        "referenz-contact_name": "Herr Korn",
        "referenz-contact_email": "kein-at-zeichen",
        "referenz-engagement": "Energie",
        "referenz-year": "1850",
    }
    html = client.post("/mein-profil/register-und-referenzen/", bad).content.decode()
    assert "gültige E-Mail-Adresse" in html and "zwischen 1970 und heute" in html
    assert 'value="Bäckerei Korn"' in html


def test_self_service_needs_a_login(client):
    for url in ("/mein-profil/", "/mein-profil/profil/", "/mein-profil/einreichen/"):
        response = client.get(url)
        assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_weak_passwords_are_refused(client):
    response = client.post(
        "/konto/signup/", {"email": "x@beispiel.invalid", "password1": "passwort", "password2": "passwort"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "zu kurz" in html or "mindestens 12 Zeichen" in html
