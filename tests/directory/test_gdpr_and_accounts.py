import json
import logging

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile

from directory import verification
from directory.models import Advisor, AdvisorStatus, Qualification
from engine.client import client as engine_client
from tests.factories import AdvisorFactory, make_site_with_home

pytestmark = pytest.mark.django_db
PASSWORD = "ein-sehr-langes-passwort-2026"


@pytest.fixture
def advisor(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    make_site_with_home()
    advisor = AdvisorFactory(name="Nina Neumann", slug="nina", status=AdvisorStatus.PUBLISHED)
    advisor.user.set_password(PASSWORD)
    advisor.user.save()
    proof = Qualification(advisor=advisor, title="Fachkraft", issuer="BG")
    proof.proof.save("p.pdf", SimpleUploadedFile("p.pdf", b"%PDF-1.4 x"), save=True)
    return advisor


def test_export_contains_what_the_advisor_provided(client, advisor):
    client.force_login(advisor.user)
    response = client.get("/mein-profil/meine-daten.json")
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["konto"]["email"] == advisor.user.email
    assert data["profil"]["name"] == "Nina Neumann"
    assert data["profil"]["qualifikationen"][0]["titel"] == "Fachkraft"


def refresh_engine():
    client = engine_client()
    if client is not None:
        from django.conf import settings

        client.indices.refresh(index=f"{settings.SEARCH_INDEX_PREFIX}*")


def test_deletion_removes_rows_files_index_entry_sessions_and_account(client, advisor, tmp_path, search_index):
    search_index()
    assert Advisor.objects.search("Neumann").count() == 1  # indexed before
    proof_file = tmp_path / advisor.qualifications.get().proof.name
    client.force_login(advisor.user)
    response = client.post("/mein-profil/konto-loeschen/", {"password": PASSWORD})
    assert response.status_code == 302
    refresh_engine()
    assert not Advisor.objects.filter(pk=advisor.pk).exists()
    assert not Qualification.objects.exists()
    assert not proof_file.exists()
    assert not get_user_model().objects.filter(pk=advisor.user_id).exists()
    assert not Session.objects.exists()
    assert Advisor.objects.search("Neumann").count() == 0  # gone from the index as well


def test_deletion_needs_the_password(client, advisor):
    client.force_login(advisor.user)
    response = client.post("/mein-profil/konto-loeschen/", {"password": "falsch"})
    assert "Das Passwort stimmt nicht. Es wurde nichts gelöscht." in response.content.decode()
    assert Advisor.objects.filter(pk=advisor.pk).exists()


def test_blocking_ends_sessions_and_locks_the_account(client, advisor):
    client.force_login(advisor.user)
    assert client.get("/mein-profil/").status_code == 200
    verification.transition(advisor, AdvisorStatus.BLOCKED, reason="Täuschungsversuch bei Nachweisen.")
    response = client.get("/mein-profil/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    advisor.user.refresh_from_db()
    assert not advisor.user.is_active
    assert client.get(advisor.get_absolute_url()).status_code == 404


def test_login_is_throttled_after_five_failures_and_each_failure_is_logged(client, advisor, caplog):
    email = advisor.user.email
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=advisor.user, email=email, verified=True, primary=True)
    with caplog.at_level(logging.WARNING, logger="om_site.security"):
        for _ in range(5):
            response = client.post("/konto/login/", {"login": email, "password": "falsch-falsch-falsch"})
            assert response.status_code == 200
        assert sum("Anmeldung fehlgeschlagen" in r.getMessage() for r in caplog.records) == 5
        response = client.post("/konto/login/", {"login": email, "password": PASSWORD})  # right, but locked
    assert response.status_code in (200, 429)
    assert f"Anmeldung abgewiesen (gesperrt): konto={email} adresse=127.0.0.1" in caplog.text
    assert "_auth_user_id" not in client.session
    assert "Zu viele" in response.content.decode()


def test_long_passphrases_are_accepted(client):
    make_site_with_home()
    long_password = "ein satz aus vielen woertern ist ein gutes passwort " * 2  # > 64 characters
    response = client.post(
        "/konto/signup/", {"email": "lang@beispiel.invalid", "password1": long_password, "password2": long_password}
    )
    assert response.status_code == 302


def test_after_deletion_the_next_page_confirms_it(client, advisor):
    client.force_login(advisor.user)
    response = client.post("/mein-profil/konto-loeschen/", {"password": PASSWORD}, follow=True)

    assert response.redirect_chain
    assert "Ihr Konto und alle Ihre Daten wurden gelöscht." in response.content.decode()
