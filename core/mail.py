"""The one way the site sends its own e-mails (allauth sends its account mails itself).

Every mail is one German text template templates/mail/<name>.txt that extends mail/_base.txt: its
`subject` block becomes the subject (after the common prefix), its `body` block the text between
the formal greeting (mail/_greeting.txt) and the one sign-off (mail/_signoff.txt, with the public
base URL); allauth's account mails include the same two. Files starting with "_" are these
building blocks, every other file in templates/mail/ is a mail the site sends; no subject or
sentence is written in Python. Links in a mail come from core.public_url.absolute_url(), so they
name the configured public base URL, also when a daily job sends the mail.
"""

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from core import mail_queue

__all__ = ["render", "send"]

SUBJECT_PREFIX = "Mittelstand gut beraten: "
SEPARATOR = "\n--- body ---\n"  # mail/_base.txt puts it between subject and body


def render(template: str, context: Mapping[str, Any] | None = None) -> tuple[str, str]:
    """(subject, body) of templates/mail/<template>.txt."""
    text = render_to_string(f"mail/{template}.txt", context or {})
    subject, body = text.split(SEPARATOR, 1)
    body = re.sub(r"[ \t]+\n", "\n", body)  # template tags leave trailing blanks behind
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return SUBJECT_PREFIX + " ".join(subject.split()), body


def send(
    recipients: Iterable[str],
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    reply_to: list[str] | None = None,
    on_commit: bool = False,
    bulk: bool = False,
) -> None:
    """Sends the mail to the given addresses (empty ones are left out; none left, no mail).
    on_commit: only once the current transaction has committed, so that no mail announces what a
    rollback undid (the database queue of production is part of the transaction anyway, so its
    mails are queued at once: a worker that dies between commit and queueing loses none). The text
    is rendered now either way. bulk: one of many alike (an import's
    invitations): marked as such, and the worker delivers it after the mails a person waits for."""
    addresses = [address for address in recipients if address]
    if not addresses:
        return
    subject, body = render(template, context)
    headers = {"Precedence": "bulk"} if bulk else None
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, addresses, reply_to=reply_to, headers=headers)
    if on_commit and not mail_queue.queued_with_the_transaction():
        transaction.on_commit(message.send)
    else:  # queued in this transaction (or not asked to wait): committed or rolled back with it
        message.send()
