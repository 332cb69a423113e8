"""GDPR: the advisor's export lists engagements and ratings; deleting the account removes the
ratings, the raters' proof files and the advisor's documents in the directory index."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.models import SearchEntry
from directory.search import sync
from ratings.models import Engagement, Rating
from tests.factories import PROOF_PDF, RatingFactory

pytestmark = pytest.mark.django_db
PASSWORD = "ein-sehr-langes-passwort-2026"
PDF = PROOF_PDF  # a real PDF: proofs are parsed before they are stored


def test_export_and_erasure_cover_ratings(client, advisor, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    rating = RatingFactory(engagement__advisor=advisor, comment="Gut.", reply="Danke.")
    rating.statement_proof.save("beleg.pdf", SimpleUploadedFile("beleg.pdf", PDF), save=True)
    proof_file = tmp_path / rating.statement_proof.name
    assert proof_file.exists()
    sync.drain()
    assert SearchEntry.objects.get(advisor=advisor).rating_count == 1

    advisor.user.set_password(PASSWORD)
    advisor.user.save()
    client.force_login(advisor.user)
    data = json.loads(client.get("/mein-profil/meine-daten.json").content)
    assert data["profil"]["auftraege"][0]["email"] == rating.engagement.contact_email
    assert data["profil"]["bewertungen"][0] | {"abgegeben_am": None} == {
        "abgegeben_am": None,
        "status": "veroeffentlicht",
        "punkte": dict.fromkeys(
            ["fachkompetenz", "praxisnaehe", "beteiligung", "kommunikation", "transparenz", "nutzen"], 4
        ),
        "kommentar": "Gut.",
        "antwort": "Danke.",
        "beanstandung": "",
        "entscheidung": "",
    }

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post("/mein-profil/konto-loeschen/", {"password": PASSWORD}).status_code == 302
    assert not Rating.objects.exists() and not Engagement.objects.exists()
    assert not proof_file.exists()
    assert not SearchEntry.objects.exists()
