"""Every e-mail leaves through the worker: the site's own (core.mail), allauth's and Wagtail's.

EMAIL_BACKEND only queues the finished message, rendered as it will be sent (core.models.QueuedMail),
in the same database transaction as the change that wrote it (a rollback takes the mail with it). The worker hands it to
the real backend (MAIL_DELIVERY_BACKEND, from EMAIL_URL). When the mail server cannot be reached, the
task queues itself again for later, with a doubling delay, so a mail written while the server is
down arrives once it is back; a mail the server refuses for good is logged, not retried.
"""

import logging
import smtplib
from collections.abc import Sequence
from datetime import timedelta
from email import message_from_bytes
from email.message import Message
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import task

from core.models import QueuedMail

logger = logging.getLogger(__name__)

THIS_BACKEND, DATABASE_TASKS = f"{__name__}.QueuedEmailBackend", "django_tasks_db.DatabaseBackend"
# django-tasks runs higher priorities first; Wagtail's and the index's tasks have 0.
BULK_PRIORITY, PERSONAL_PRIORITY = -10, 10
ATTEMPTS = 12  # with a first delay of a minute, doubling up to an hour: about six hours of retries
LONGEST_DELAY = 3600


def queued_with_the_transaction() -> bool:
    """Whether a mail sent now is written into the database transaction (this queue, a database task
    backend): then a rollback takes it back, and nothing needs to wait for the commit."""
    return settings.EMAIL_BACKEND == THIS_BACKEND and settings.TASKS["default"]["BACKEND"] == DATABASE_TASKS


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            queued = QueuedMail.objects.create(
                from_email=message.from_email, recipients=message.recipients(), message=message.message().as_bytes()
            )
            # A bulk mail (an import's invitations) waits behind everything else, the index updates
            # included; a mail a person waits for (a login link) goes before them.
            priority = BULK_PRIORITY if message.extra_headers.get("Precedence") == "bulk" else PERSONAL_PRIORITY
            deliver.using(priority=priority).enqueue(queued.pk, priority=priority)
        return len(email_messages)


class _SentAsWritten(Message):
    """The queued bytes, serialised the way Django's SMTP backend asks for them (with its linesep)."""

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:  # type: ignore[override]
        return super().as_bytes(unixfrom, policy=self.policy.clone(linesep=linesep))


class _Queued(EmailMessage):
    def __init__(self, queued: QueuedMail) -> None:
        super().__init__(from_email=queued.from_email, to=queued.recipients)
        self.raw = bytes(queued.message)

    def message(self, *args: Any, **kwargs: Any) -> Any:
        return message_from_bytes(self.raw, _class=_SentAsWritten)


def _refused_for_good(error: Exception) -> bool:
    """A 5xx answer (unknown recipient, message refused); greylisting (4xx) and a refused login
    (a password changed on the relay) are worth another attempt."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return False
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


@task()
def deliver(mail_id: int, attempt: int = 1, priority: int = PERSONAL_PRIORITY) -> None:
    queued = QueuedMail.objects.filter(pk=mail_id).first()
    if queued is None:  # delivered already
        return
    try:
        get_connection(settings.MAIL_DELIVERY_BACKEND, fail_silently=False).send_messages([_Queued(queued)])
    except (smtplib.SMTPException, OSError) as error:
        if attempt >= ATTEMPTS or _refused_for_good(error):
            queued.delete()
            logger.error("e-mail %d not delivered, given up after %d attempt(s): %s", mail_id, attempt, error)
            raise
        delay = min(settings.MAIL_RETRY_SECONDS * 2 ** (attempt - 1), LONGEST_DELAY)
        deliver.using(run_after=timezone.now() + timedelta(seconds=delay), priority=priority).enqueue(
            mail_id, attempt + 1, priority=priority
        )
        logger.warning(
            "e-mail %d not delivered (%s); attempt %d of %d in %d s", mail_id, error, attempt + 1, ATTEMPTS, delay
        )
    else:
        queued.delete()
