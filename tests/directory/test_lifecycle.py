"""Reminders, expiry and retention, with a frozen clock."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from directory import lifecycle
from directory.models import Advisor, AdvisorStatus
from tests.factories import AdvisorFactory

pytestmark = pytest.mark.django_db
BERLIN = datetime.timezone(datetime.timedelta(hours=1))


def published_on(day):
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(12), tzinfo=BERLIN), tick=False):
        advisor = AdvisorFactory(status=AdvisorStatus.SUBMITTED)
        advisor.transition(AdvisorStatus.IN_REVIEW)
        advisor.transition(AdvisorStatus.PUBLISHED)
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
        call_command("run_directory_daily", stdout=open("/dev/null", "w"))  # noqa: SIM115
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
        advisor.transition(AdvisorStatus.REJECTED, reason="Nachweise unvollständig.")
    file_path = tmp_path / proof.proof.name
    with on(datetime.date(2025, 7, 1)):
        assert lifecycle.purge_rejected() == 0  # under six months
    with on(datetime.date(2025, 7, 20)):
        assert lifecycle.purge_rejected() == 1
    assert not Advisor.objects.filter(pk=advisor.pk).exists()
    assert not file_path.exists()
