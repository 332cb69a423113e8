"""Every e-mail is queued and delivered by a task (core/mail_queue.py); an unreachable mail server
means a later attempt, a refusal for good means none. The real worker and mail server:
tests/test_worker.py."""

import base64
import smtplib
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail as outbox
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import mail, mail_queue
from tests.test_worker import free_port
from tests.worker import DATABASE_BACKEND

pytestmark = pytest.mark.django_db
INVITATION = {"name": "Dr. Erika Muster", "source": "IHK Musterstadt", "link": "https://om.example/einladung"}


def test_a_queued_mail_is_delivered_as_it_was_written(settings):
    settings.EMAIL_BACKEND = "core.mail_queue.QueuedEmailBackend"
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    mail.send(["ada.beispiel@example.org"], "claim_invitation", INVITATION)  # run at once in the tests

    [delivered] = outbox.outbox
    message = delivered.message()
    subject, body = mail.render("claim_invitation", INVITATION)
    assert message["To"] == "ada.beispiel@example.org" and delivered.recipients() == ["ada.beispiel@example.org"]
    assert message.get_payload(decode=True).decode() == body
    assert b"\r\n" in message.as_bytes(linesep="\r\n")  # as the SMTP backend asks for it
    assert subject.startswith(mail.SUBJECT_PREFIX)


@pytest.fixture
def unreachable_server(settings):
    settings.TASKS = DATABASE_BACKEND  # the retry is queued for later, as for the worker
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.MAIL_RETRY_SECONDS = 60


def raw_message():
    return base64.b64encode(b"Subject: Test\r\n\r\nText\r\n").decode()


def test_an_unreachable_server_means_another_attempt_later_with_a_longer_delay(unreachable_server):
    before = timezone.now()
    mail_queue.deliver.call("om@example.org", ["ada@example.org"], raw_message(), 3, priority=-10)

    [retry] = DBTaskResult.objects.all()
    assert retry.args_kwargs["args"][3] == 4 and retry.priority == -10  # a bulk mail stays behind the others
    assert timedelta(seconds=240) <= retry.run_after - before < timedelta(seconds=250)  # 60 s doubled twice


def test_the_last_attempt_gives_up_and_fails_the_task(unreachable_server):
    with pytest.raises(OSError):
        mail_queue.deliver.call("om@example.org", ["ada@example.org"], raw_message(), mail_queue.ATTEMPTS)
    assert not DBTaskResult.objects.exists()


class RefusesEveryRecipient:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's name
        return "550 5.1.1 Postfach unbekannt"


def test_a_refusal_for_good_is_not_retried(settings):
    settings.TASKS = DATABASE_BACKEND
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    server = Controller(RefusesEveryRecipient(), hostname="127.0.0.1", port=free_port())
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.hostname, server.port
    server.start()
    try:
        with pytest.raises(smtplib.SMTPRecipientsRefused):
            mail_queue.deliver.call("om@example.org", ["ada@example.org"], raw_message())
    finally:
        server.stop()
    assert not DBTaskResult.objects.exists()


def test_a_mail_a_person_waits_for_goes_before_an_imports_invitations(settings):
    settings.TASKS = DATABASE_BACKEND
    settings.EMAIL_BACKEND = "core.mail_queue.QueuedEmailBackend"
    for n in range(3):
        mail.send([f"person{n}@example.org"], "claim_invitation", INVITATION, bulk=True)
    mail.send(["ada.beispiel@example.org"], "claim_invitation", INVITATION)

    first = DBTaskResult.objects.ready().first()  # the worker's order
    assert first.args_kwargs["args"][1] == ["ada.beispiel@example.org"]
    assert b"Precedence: bulk" in base64.b64decode(DBTaskResult.objects.ready().last().args_kwargs["args"][2])
