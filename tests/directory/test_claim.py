"""An imported person takes the draft over into their own account (consent first) or has it
deleted; the personal link works once and for nobody without it."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from directory import lifecycle
from directory.importing import service
from directory.models import Advisor, AdvisorStatus, ClaimInvitation, Consent, ImportRun
from tests.factories import AdvisorFactory, UserFactory, make_site_with_home

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site():
    make_site_with_home()


def imported(django_capture_on_commit_callbacks, email="olga.ott@beratung.example", name="Olga Ott"):
    """One person imported from a partner file; returns (advisor, path of the personal link)."""
    data = f"Name;E-Mail;PLZ;Ort;Firma\n{name};{email};50667;Köln;Ott Consulting\n".encode()
    run = service.prepare("liste.csv", data, source="Handwerkskammer Musterstadt")
    service.dry_run(run)
    with django_capture_on_commit_callbacks(execute=True):
        service.import_rows(run)
    link = re.search(r"https?://[^/\s]+(/mein-profil/uebernehmen/\S+/)", mail.outbox[-1].body).group(1)
    return Advisor.objects.get(claim_invitation__email=email), link


def test_the_invitation_says_nothing_is_public_and_links_once(client, django_capture_on_commit_callbacks):
    advisor, link = imported(django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    assert message.to == ["olga.ott@beratung.example"]
    assert "Handwerkskammer Musterstadt" in message.body and "NICHT öffentlich" in message.body
    page = client.get(link).content.decode()
    assert "Olga Ott" in page and "Ott Consulting" in page and "legen Sie ein Konto an" in page
    assert ClaimInvitation.objects.get().token_hash not in message.body


def test_claiming_needs_consent_and_then_belongs_to_the_account(client, django_capture_on_commit_callbacks):
    advisor, link = imported(django_capture_on_commit_callbacks)
    user = UserFactory()
    client.force_login(user)

    refused = client.post(link, {"action": "uebernehmen"})
    assert refused.status_code == 200
    assert "Bitte bestätigen Sie die Einwilligung" in refused.content.decode()
    advisor.refresh_from_db()
    assert advisor.user is None and not Consent.objects.exists()

    response = client.post(link, {"action": "uebernehmen", "confirm": "on"})

    assert response.status_code == 302 and response["Location"] == "/mein-profil/profil/"
    advisor.refresh_from_db()
    assert advisor.user == user and advisor.status == AdvisorStatus.DRAFT  # still not public: submit + review
    consent = Consent.objects.get(user=user)
    assert consent.purpose == "uebernahme_import" and "willige ein" in consent.text
    assert client.get(link).status_code == 404  # used up
    assert client.get("/mein-profil/profil/").context["form"].initial["name"] == "Olga Ott"


def test_an_account_with_a_profile_cannot_take_a_second_one(client, django_capture_on_commit_callbacks):
    advisor, link = imported(django_capture_on_commit_callbacks)
    owner = AdvisorFactory().user
    client.force_login(owner)

    client.post(link, {"action": "uebernehmen", "confirm": "on"})

    advisor.refresh_from_db()
    assert advisor.user is None
    assert "kann nur ein Profil führen" in client.get(link).content.decode()


def test_the_person_can_have_the_imported_data_deleted_without_an_account(client, django_capture_on_commit_callbacks):
    advisor, link = imported(django_capture_on_commit_callbacks)

    response = client.post(link, {"action": "loeschen"})

    assert "wurden gelöscht" in response.content.decode()
    assert not Advisor.objects.filter(pk=advisor.pk).exists() and not ClaimInvitation.objects.exists()


@pytest.mark.parametrize("token", ["falsch", "x" * 43])
def test_a_wrong_link_gets_a_german_404(client, django_capture_on_commit_callbacks, token):
    advisor, _ = imported(django_capture_on_commit_callbacks)
    response = client.post(f"/mein-profil/uebernehmen/{token}/", {"action": "loeschen"})
    assert response.status_code == 404 and "Dieser Link ist ungültig" in response.content.decode()
    assert Advisor.objects.filter(pk=advisor.pk).exists()


def test_unclaimed_imports_are_deleted_after_90_days(client, django_capture_on_commit_callbacks):
    unclaimed, _ = imported(django_capture_on_commit_callbacks)
    claimed, link = imported(django_capture_on_commit_callbacks, email="vera.voigt@beratung.example", name="Vera Voigt")
    client.force_login(UserFactory())
    client.post(link, {"action": "uebernehmen", "confirm": "on"})

    assert lifecycle.purge_unclaimed(now=timezone.now() + datetime.timedelta(days=89)) == 0
    with time_machine.travel(timezone.now() + datetime.timedelta(days=91)):
        assert lifecycle.purge_unclaimed() == 1

    assert not Advisor.objects.filter(pk=unclaimed.pk).exists() and Advisor.objects.filter(pk=claimed.pk).exists()


def test_the_import_log_forgets_people_but_keeps_counts(django_capture_on_commit_callbacks):
    imported(django_capture_on_commit_callbacks)
    waiting = service.prepare("liegen-geblieben.csv", b"Name;PLZ;Ort\nUwe Uhl;53113;Bonn\n", source="IHK")
    killed = service.prepare("abgebrochen.csv", b"Name;PLZ;Ort\nUta Ott;53113;Bonn\n", source="HWK")
    killed.state = ImportRun.State.RUNNING  # its worker was killed: nobody will finish it
    killed.save()
    executed = ImportRun.objects.exclude(pk__in=[waiting.pk, killed.pk]).get()
    executed.problems = [{"row": 3, "field": "E-Mail", "message": "„uwe@“: keine gültige E-Mail-Adresse"}]
    executed.save()

    assert lifecycle.purge_import_details(now=timezone.now() + datetime.timedelta(days=6)) == (0, 0)
    assert lifecycle.purge_import_details(now=timezone.now() + datetime.timedelta(days=8)) == (1, 0)
    waiting.refresh_from_db()
    killed.refresh_from_db()
    assert (waiting.state, waiting.content) == (ImportRun.State.DISCARDED, "")
    assert (killed.state, killed.content) == (ImportRun.State.FAILED, "")

    lifecycle.purge_import_details(now=timezone.now() + datetime.timedelta(days=91))
    executed.refresh_from_db()
    assert executed.problems == [] and executed.rows_created == 1
