"""Every rating form refuses bad input with a German message, keeps what was entered, and no
script or markup ever reaches a page unescaped."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.tokens import token_hash
from ratings import service
from ratings.models import Engagement, Rating, RatingStatus
from tests.factories import AdvisorFactory, RatingFactory
from tests.ratings.conftest import form_data

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"axis_fachkompetenz": "6"}, "Bitte für „Fachkompetenz“ 1 bis 5 Punkte wählen."),
        ({"axis_nutzen": "0"}, "Bitte für „Nutzen für das Unternehmen“ 1 bis 5 Punkte wählen."),
        ({"axis_praxisnaehe": "viel"}, "Bitte für „Praxisnähe und Umsetzbarkeit“ 1 bis 5 Punkte wählen."),
        ({"axis_transparenz": ""}, "Bitte für „Transparenz zu Kosten und Förderung“ 1 bis 5 Punkte wählen."),
        ({"comment": "x" * 10_000}, "höchstens 2000 Zeichen"),
        ({"comment": "<script>alert(1)</script>"}, "Bitte schreiben Sie einfachen Text ohne HTML-Code"),
        ({"comment": 'Gut <img src=x onerror="alert(1)">'}, "Bitte schreiben Sie einfachen Text ohne HTML-Code"),
        ({"month": "13/2026"}, "Bitte den Monat als MM/JJJJ angeben"),
        ({"month": "2099-01"}, "Der Monat darf nicht in der Zukunft liegen."),
        ({"email": "keine-adresse"}, "Bitte gültige E-Mail-Adresse eingeben."),
        ({"consent": ""}, "Ohne Ihr Einverständnis können wir die Bewertung nicht veröffentlichen."),
    ],
)
def test_bad_ratings_are_explained_and_nothing_is_lost(client, invited, changes, message):
    engagement, token = invited
    data = form_data(**{"comment": "Mein Kommentar bleibt.", **changes})
    response = client.post(f"/bewertung/{token}/", data)
    assert response.status_code == 400
    assert message in response.text
    if "comment" not in changes:
        assert "Mein Kommentar bleibt." in response.text
    assert 'value="4" id="id_axis_beteiligung_3" required checked' in response.text  # chosen points kept
    assert "<script>alert" not in response.text and "<img src=x" not in response.text
    assert not Rating.objects.exists()
    engagement.refresh_from_db()
    assert engagement.used_at is None


def test_markup_from_advisors_and_reporters_is_refused_or_escaped(client, invite, advisor):
    client.force_login(advisor.user)
    page = client.post(
        "/mein-profil/bewertungen/",
        {"company": "<b>Fett GmbH</b>", "contact_email": "kunde@fett.example", "month": "2026-05", "confirm": "on"},
    )
    assert page.status_code == 302  # the company name is never public; shown to the advisor escaped
    assert "&lt;b&gt;Fett GmbH&lt;/b&gt;" in client.get("/mein-profil/bewertungen/").text

    rating = RatingFactory(engagement__advisor=advisor)
    field = f"antwort-{rating.pk}-reply"
    reply = client.post(f"/mein-profil/bewertungen/{rating.pk}/antwort/", {field: "<script>x()</script>"})
    assert reply.status_code == 400 and "ohne HTML-Code" in reply.text and "<script>x()" not in reply.text

    report = client.post(f"/bewertung/melden/{rating.pk}/", {"reason": "erfunden", "explanation": "Text"})
    assert report.status_code == 400 and "Bitte eine gültige Auswahl treffen." in report.text
    assert not rating.reports.exists()


def test_the_engagement_form_explains_its_errors(client, advisor):
    client.force_login(advisor.user)
    response = client.post(
        "/mein-profil/bewertungen/", {"company": "Bäckerei Korn", "contact_email": "falsch", "month": "2099-05"}
    )
    assert response.status_code == 400
    assert "Bitte gültige E-Mail-Adresse eingeben." in response.text
    assert "Der Monat darf nicht in der Zukunft liegen." in response.text
    assert "Bitte bestätigen Sie den Auftrag" in response.text
    assert 'value="Bäckerei Korn"' in response.text
    assert not Engagement.objects.exists()


def test_unpublished_advisors_cannot_invite(client):
    draft = AdvisorFactory()
    client.force_login(draft.user)
    response = client.post("/mein-profil/bewertungen/", {"company": "X", "contact_email": "a@b.example"})
    assert response.status_code == 302 and not Engagement.objects.exists()


def test_a_statement_with_a_wrong_file_is_refused(client, advisor):
    rating = RatingFactory(engagement__advisor=advisor)
    service.object_to(rating, "Kenne ich nicht.")
    token = "stellungnahme-test"
    Rating.objects.filter(pk=rating.pk).update(statement_token_hash=token_hash(token))
    exe = SimpleUploadedFile("beleg.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client.post(f"/bewertung/stellungnahme/{token}/", {"statement": "Es gab den Auftrag.", "proof": exe})
    assert response.status_code == 400 and "Bitte einen Nachweis als PDF, JPEG oder PNG hochladen" in response.text
    assert "Es gab den Auftrag." in response.text
    rating.refresh_from_db()
    assert rating.statement == "" and rating.status == RatingStatus.DISPUTED
