"""Every e-mail leaves through the worker: the site's own (core.mail), allauth's and Wagtail's.

EMAIL_BACKEND only queues the finished message, rendered as it will be sent, in the same database
transaction as the change that wrote it (a rollback takes the mail with it). The worker hands it to
the real backend (MAIL_DELIVERY_BACKEND, from EMAIL_URL). When the mail server cannot be reached, the
task queues itself again for later, with a doubling delay, so a mail written while the server is
down arrives once it is back; a mail the server refuses for good is logged, not retried.
"""

import base64
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

logger = logging.getLogger(__name__)

BULK_PRIORITY, DEFAULT_PRIORITY = -10, 0  # django-tasks runs higher priorities first
ATTEMPTS = 12  # with a first delay of a minute, doubling up to an hour: about seven hours of retries
LONGEST_DELAY = 3600


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            raw = base64.b64encode(message.message().as_bytes()).decode("ascii")
            # A person waiting for a login link must not wait behind an import's thousand invitations.
            bulk = message.extra_headers.get("Precedence") == "bulk"
            priority = BULK_PRIORITY if bulk else DEFAULT_PRIORITY
            deliver.using(priority=priority).enqueue(message.from_email, message.recipients(), raw, priority=priority)
        return len(email_messages)


class _SentAsWritten(Message):
    """The queued bytes, serialised the way Django's SMTP backend asks for them (with its linesep)."""

    def as_bytes(self, unixfrom: bool = False, linesep: str = "\n") -> bytes:  # type: ignore[override]
        return super().as_bytes(unixfrom, policy=self.policy.clone(linesep=linesep))


class _Queued(EmailMessage):
    def __init__(self, from_email: str, recipients: list[str], raw: bytes) -> None:
        super().__init__(from_email=from_email, to=recipients)
        self.raw = raw

    def message(self, *args: Any, **kwargs: Any) -> Any:
        return message_from_bytes(self.raw, _class=_SentAsWritten)


def _refused_for_good(error: Exception) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


@task()
def deliver(
    from_email: str, recipients: list[str], raw: str, attempt: int = 1, priority: int = DEFAULT_PRIORITY
) -> None:
    message = _Queued(from_email, recipients, base64.b64decode(raw))
    try:
        get_connection(settings.MAIL_DELIVERY_BACKEND, fail_silently=False).send_messages([message])
    except (smtplib.SMTPException, OSError) as error:
        if attempt >= ATTEMPTS or _refused_for_good(error):
            logger.error("e-mail to %d recipient(s) not delivered, given up: %s", len(recipients), error)
            raise
        delay = min(settings.MAIL_RETRY_SECONDS * 2 ** (attempt - 1), LONGEST_DELAY)
        deliver.using(run_after=timezone.now() + timedelta(seconds=delay), priority=priority).enqueue(
            from_email, recipients, raw, attempt + 1, priority=priority
        )
        logger.warning("e-mail not delivered (%s); attempt %d of %d in %d s", error, attempt + 1, ATTEMPTS, delay)
