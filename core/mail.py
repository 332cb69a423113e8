"""The one way the site sends its own e-mails (allauth sends its account mails itself).

A mail is a text template under templates/mail/ that extends mail/base.txt: its `subject` block
becomes the subject (after the common prefix), its `body` block the text between the formal
greeting and the one sign-off. Links in it come from absolute_url(), so they name the configured
public base URL, also when a daily job sends the mail.
"""

import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string

from core.public_url import absolute_url, base_url

__all__ = ["absolute_url", "render", "send"]

SUBJECT_PREFIX = "Mittelstand gut beraten: "
SEPARATOR = "\n--- body ---\n"  # mail/base.txt puts it between subject and body


def render(template, context=None):
    """(subject, body) of templates/mail/<template>.txt."""
    text = render_to_string(f"mail/{template}.txt", {"site_url": base_url() + "/", **(context or {})})
    subject, body = text.split(SEPARATOR, 1)
    body = re.sub(r"[ \t]+\n", "\n", body)  # template tags leave trailing blanks behind
    body = re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"
    return SUBJECT_PREFIX + " ".join(subject.split()), body


def send(recipients, template, context=None, *, reply_to=None, on_commit=False):
    """Sends the mail to the given addresses (empty ones are left out; none left, no mail).
    on_commit: only once the current transaction has committed, so that no mail announces what a
    rollback undid. The text is rendered now either way."""
    recipients = [address for address in recipients if address]
    if not recipients:
        return
    subject, body = render(template, context)
    message = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, reply_to=reply_to)
    if on_commit:
        transaction.on_commit(message.send)
    else:
        message.send()
