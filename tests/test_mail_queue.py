"""Every e-mail is queued and delivered by a task (core/mail_queue.py); an unreachable mail server
means a later attempt, a refusal for good means none. The real worker and mail server:
tests/test_worker.py."""

import email
import email.policy
import smtplib
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail as outbox
from django.core.mail import EmailMessage
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import mail, mail_queue
from core.models import QueuedMail
from tests.test_worker import free_port
from tests.worker import DATABASE_BACKEND

pytestmark = pytest.mark.django_db
INVITATION = {"name": "Dr. Erika Muster", "source": "IHK Musterstadt", "link": "https://om.example/einladung"}


def parsed(raw):
    return email.message_from_bytes(raw, policy=email.policy.default)


def test_a_queued_mail_is_delivered_as_it_was_written(settings):
    settings.EMAIL_BACKEND = "core.mail_queue.QueuedEmailBackend"
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    written = EmailMessage(
        "Rückfrage zu Ihrer Bewertung – Jürgen Groß", "Grüße aus Köln.\n" + "ä" * 1200,
        "OM <om@example.org>", ["Ada Bäcker <ada@example.org>"], bcc=["archiv@example.org"],
        cc=["kollegin@example.org"], reply_to=["Zoë Öztürk <zoe@example.org>"],
    )  # fmt: skip
    written.attach("übersicht.pdf", b"%PDF-1.4 \x00\xff binary", "application/pdf")

    written.send()  # queued, and delivered at once by the tests' immediate tasks

    [delivered] = outbox.outbox
    message = parsed(delivered.message().as_bytes(linesep="\r\n"))
    original = parsed(written.message().as_bytes())
    made_anew = ("Date", "Message-ID", "Content-Type")  # each message() call: a new date, id and boundary
    assert [(k, v) for k, v in message.items() if k not in made_anew] == [
        (k, v) for k, v in original.items() if k not in made_anew
    ]
    assert message["Subject"].strip() == written.subject and message["Reply-To"] == "Zoë Öztürk <zoe@example.org>"
    assert message["To"] == "Ada Bäcker <ada@example.org>" and message["Cc"] == "kollegin@example.org"
    assert "Bcc" not in message and "archiv@example.org" in delivered.recipients()  # envelope only
    body, attachment = (part for part in message.iter_parts())
    assert body.get_content().replace("\r\n", "\n") == written.body  # as sent: CRLF line ends
    assert attachment.get_filename() == "übersicht.pdf" and attachment.get_content() == b"%PDF-1.4 \x00\xff binary"
    assert not QueuedMail.objects.exists()  # delivered: the text is gone from the database


@pytest.fixture
def unreachable_server(settings):
    settings.TASKS = DATABASE_BACKEND  # the retry is queued for later, as for the worker
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
    settings.MAIL_RETRY_SECONDS = 60


def queued_mail():
    return QueuedMail.objects.create(
        from_email="om@example.org", recipients=["ada@example.org"], message=b"Subject: Test\r\n\r\nText\r\n"
    ).pk


def test_an_unreachable_server_means_another_attempt_later_with_a_longer_delay(unreachable_server):
    before = timezone.now()
    mail_queue.deliver.call(queued_mail(), 3, priority=-10)

    [retry] = DBTaskResult.objects.all()
    assert retry.args_kwargs["args"][1] == 4 and retry.priority == -10  # a bulk mail stays behind the others
    assert QueuedMail.objects.count() == 1  # kept for the next attempt
    assert timedelta(seconds=240) <= retry.run_after - before < timedelta(seconds=250)  # 60 s doubled twice


def test_the_last_attempt_gives_up_and_fails_the_task(unreachable_server):
    with pytest.raises(OSError):
        mail_queue.deliver.call(queued_mail(), mail_queue.ATTEMPTS)
    assert not DBTaskResult.objects.exists() and not QueuedMail.objects.exists()


class RefusesEveryRecipient:
    def __init__(self, answer):
        self.answer = answer

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's name
        return self.answer


@pytest.mark.parametrize(
    ("answer", "retried"), [("550 5.1.1 Postfach unbekannt", False), ("451 4.7.1 Greylisting, bitte später", True)]
)
def test_a_refusal_for_good_is_not_retried_greylisting_is(settings, answer, retried):
    settings.TASKS = DATABASE_BACKEND
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    server = Controller(RefusesEveryRecipient(answer), hostname="127.0.0.1", port=free_port())
    settings.EMAIL_HOST, settings.EMAIL_PORT = server.hostname, server.port
    server.start()
    try:
        if retried:
            mail_queue.deliver.call(queued_mail())
        else:
            with pytest.raises(smtplib.SMTPRecipientsRefused):
                mail_queue.deliver.call(queued_mail())
    finally:
        server.stop()
    assert DBTaskResult.objects.exists() is retried and QueuedMail.objects.exists() is retried


def test_a_mail_a_person_waits_for_goes_before_an_imports_invitations(settings):
    settings.TASKS = DATABASE_BACKEND
    settings.EMAIL_BACKEND = "core.mail_queue.QueuedEmailBackend"
    for n in range(3):
        mail.send([f"person{n}@example.org"], "claim_invitation", INVITATION, bulk=True)
    mail.send(["ada.beispiel@example.org"], "claim_invitation", INVITATION)

    from wagtail.tasks import update_reference_index_task  # one of the many tasks an import queues

    update_reference_index_task.enqueue("directory", "advisor", "1")

    order = [
        QueuedMail.objects.get(pk=task.args_kwargs["args"][0]) if task.task_path.endswith(".deliver") else None
        for task in DBTaskResult.objects.ready()
    ]
    assert order[0].recipients == ["ada.beispiel@example.org"]  # the worker takes it first
    assert order[1] is None  # then the index, then the invitations
    assert all(b"Precedence: bulk" in bytes(queued.message) for queued in order[2:]) and len(order) == 5
