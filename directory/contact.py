"""The contact form on a public profile: the visitor writes to the advisor without ever seeing
their e-mail address. The message is passed on by e-mail and not stored (data minimisation)."""

import time

from django import forms
from django.core import signing

from core import mail, ratelimit
from core.clientip import client_ip

HONEYPOT = "homepage"  # a field people never see; bots fill it
STARTED_SALT = "directory.contact.started"
MIN_SECONDS = 3  # people need longer than this to write a message
MAX_AGE = 24 * 3600
LIMITS = [  # (scope, limit, seconds)
    ("contact-ip", 5, 3600),  # one visitor: 5 messages an hour
    ("contact-advisor", 20, 24 * 3600),  # one advisor: 20 messages a day
]


def started_at(token):
    """The time a signed start token was issued, or None if it is forged or older than a day."""
    try:
        return signing.loads(token or "", salt=STARTED_SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None


def started_token(previous=None):
    """A signed start time. A form shown again after an error keeps its first one: correcting a
    mistake quickly is not "too fast"."""
    return previous if started_at(previous) is not None else signing.dumps(time.time(), salt=STARTED_SALT)


class ContactForm(forms.Form):
    name = forms.CharField(label="Ihr Name", max_length=120)
    email = forms.EmailField(label="Ihre E-Mail-Adresse (für die Antwort)")
    company = forms.CharField(label="Unternehmen", max_length=160, required=False)
    message = forms.CharField(label="Ihre Nachricht", widget=forms.Textarea(attrs={"rows": 6}), max_length=3000)
    privacy = forms.BooleanField(
        label="Ich bin einverstanden, dass meine Angaben per E-Mail an diese beratende Person weitergeleitet "
        "werden. Die Offensive Mittelstand speichert die Nachricht nicht.",
        error_messages={"required": "Bitte stimmen Sie der Weiterleitung zu – sonst können wir nichts senden."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.is_spam = False

    def clean(self):
        cleaned = super().clean()
        if self.data.get(HONEYPOT):
            self.is_spam = True
            return cleaned
        started = started_at(self.data.get("started"))
        if started is None or time.time() - started < MIN_SECONDS:
            raise forms.ValidationError(
                "Das Formular konnte nicht geprüft werden. Bitte senden Sie es noch einmal – "
                "Ihre Eingaben sind erhalten."
            )
        return cleaned


def over_limit(request, advisor):
    """Counts this message against the visitor's and the advisor's limits."""
    keys = {"contact-ip": client_ip(request), "contact-advisor": str(advisor.pk)}
    # A list, not a generator: every counter is asked; each counts the message unless it is the one
    # that is over (so a visitor refused for flooding still uses up the advisor's daily allowance).
    return any([ratelimit.exceeded(scope, keys[scope], limit, seconds) for scope, limit, seconds in LIMITS])


def send(advisor, data):
    """Passes the message on to the advisor; their answer goes straight to the visitor (reply-to)."""
    mail.send(
        [advisor.user.email],
        "contact_message",
        {
            "name": advisor.name,
            "sender_name": data["name"],
            "company": data["company"],
            "email": data["email"],
            "message": data["message"],
        },
        reply_to=[data["email"]],
    )
