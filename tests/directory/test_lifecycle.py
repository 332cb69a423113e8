"""Reminders, expiry and retention, with a frozen clock."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from directory import lifecycle, verification
from directory.models import Advisor, AdvisorStatus
from tests.factories import AdvisorFactory

pytestmark = pytest.mark.django_db
BERLIN = datetime.timezone(datetime.timedelta(hours=1))


def published_on(day):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), tzinfo=BERLIN), tick=False):
        advisor = AdvisorFactory(status=AdvisorStatus.SUBMITTED)
        verification.transition(advisor, AdvisorStatus.IN_REVIEW)
        verification.transition(advisor, AdvisorStatus.PUBLISHED)
    return advisor


def on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(6), tzinfo=BERLIN), tick=False)


def test_reminders_60_and_14_days_before_then_expiry():
    advisor = published_on(datetime.date(2024, 1, 10))
    until = advisor.verified_until
    assert until == datetime.date(2026, 1, 9)

    with on(until - datetime.timedelta(days=61)):
        assert lifecycle.send_expiry_reminders() == 0
    with on(until - datetime.timedelta(days=60)):
        assert lifecycle.send_expiry_reminders() == 1
    with on(until - datetime.timedelta(days=59)):
        assert lifecycle.send_expiry_reminders() == 0  # not twice
    with on(until - datetime.timedelta(days=10)):  # the 14-day run was missed: still sent
        assert lifecycle.send_expiry_reminders() == 1
    assert [m.subject for m in mail.outbox].count("Mittelstand gut beraten: Ihr Eintrag läuft bald ab") == 2
    assert "09.01.2026" in mail.outbox[-1].body

    with on(until):
        assert lifecycle.expire_profiles() == 0  # valid through its last day
    with on(until + datetime.timedelta(days=1)):
        call_command("run_directory_daily", stdout=StringIO())
    advisor.refresh_from_db()
    assert advisor.status == AdvisorStatus.EXPIRED
    assert advisor.verification_events.first().to_status == AdvisorStatus.EXPIRED


def test_rejected_applications_and_files_are_deleted_after_six_months(settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from directory.models import Qualification

    settings.PRIVATE_MEDIA_ROOT = tmp_path
    with on(datetime.date(2025, 1, 10)):
        advisor = AdvisorFactory(status=AdvisorStatus.IN_REVIEW)
        proof = Qualification(advisor=advisor, title="Q", issuer="I")
        proof.proof.save("q.pdf", SimpleUploadedFile("q.pdf", b"%PDF-1.4 x"), save=True)
        verification.transition(advisor, AdvisorStatus.REJECTED, reason="Nachweise unvollständig.")
    file_path = tmp_path / proof.proof.name
    with on(datetime.date(2025, 7, 1)):
        assert lifecycle.purge_rejected() == 0  # under six months
    with on(datetime.date(2025, 7, 20)):
        assert lifecycle.purge_rejected() == 1
    assert not Advisor.objects.filter(pk=advisor.pk).exists()
    assert not file_path.exists()


def test_renewal_in_the_last_60_days_keeps_the_profile_public_until_om_decides(client, verifier):
    from directory.models import ClientReference, Consent, EntryCriteria, FederalState, Qualification

    advisor = published_on(datetime.date(2024, 1, 10))
    Qualification.objects.create(advisor=advisor, title="Q", issuer="I", proof="p.pdf", review="anerkannt")
    for year in (2022, 2023):
        ClientReference.objects.create(
            advisor=advisor, company="K", contact_name="K", contact_email="k@k.invalid", engagement="-", year=year
        )
    advisor.topics.add("Digitalisierung")
    advisor.states_served = [FederalState.objects.get(code="NW")]
    advisor.save()
    until = advisor.verified_until
    client.force_login(advisor.user)

    with on(until - datetime.timedelta(days=61)):
        response = client.get("/mein-profil/einreichen/", follow=True)
        assert "Erneuern können Sie ihn in den letzten 60 Tagen vor Ablauf" in response.content.decode()
    with on(until - datetime.timedelta(days=30)):
        assert "Erneuerung beantragen" in client.get("/mein-profil/").content.decode()
        assert client.post("/mein-profil/einreichen/", {"confirm": "on"}).status_code == 302
    advisor.refresh_from_db()
    assert advisor.status == AdvisorStatus.PUBLISHED and advisor.renewal_requested_at is not None
    assert Consent.objects.filter(user=advisor.user, purpose="pruefung_veroeffentlichung").exists()

    with on(until + datetime.timedelta(days=5)):  # OM is late: the profile does not expire meanwhile
        assert lifecycle.expire_profiles() == 0 and lifecycle.send_expiry_reminders() == 0
        client.force_login(verifier)
        client.post(
            f"/admin/beraterverzeichnis/pruefung/{advisor.pk}/",
            {
                "action": "aenderungen_uebernehmen",
                "reason": "",
                **{f"qualifikation_{q.pk}": q.review for q in advisor.qualifications.all()},
            },
        )
    advisor.refresh_from_db()
    assert advisor.verified_until == until + datetime.timedelta(days=5 + 730)
    assert advisor.renewal_requested_at is None and advisor.criteria == EntryCriteria.current("standard")
    assert "gültig bis" in advisor.verification_events.first().reason
