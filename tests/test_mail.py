"""Every mail the site sends is a German text template (subject and body) under templates/mail/,
rendered by core.mail with the one greeting and the one sign-off, formal ("Sie") and linking to the
configured public base URL only; allauth's account mails greet and sign off the same way. The
real sending paths are driven in test_public_base_url.py; here every template is rendered, so a
mail no test path reaches (a rare status, a moderation event) is checked as well."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail as outbox
from django.template.loader import render_to_string

from core import mail
from directory import notifications
from directory.models import AdvisorStatus
from tests.factories import AdvisorFactory

BASE = "https://om.example.org"
SIGN_OFF = (
    "Mit freundlichen Grüßen\nIhre Offensive Mittelstand\n"
    f"„Mittelstand gut beraten“ – das Beraterverzeichnis der Offensive Mittelstand\n{BASE}/"
)
INFORMAL = re.compile(r"\b(du|dein|deine|deinen|deinem|deiner|deines|dich|dir|euch|euer|eure)\b", re.I)
FORMAL = re.compile(r"\b(Sie|Ihr|Ihre|Ihrem|Ihren|Ihrer|Ihres)\b")
TEMPLATES = Path(settings.BASE_DIR) / "templates"
MAILS = sorted(path.stem for path in (TEMPLATES / "mail").glob("*.txt") if not path.name.startswith("_"))
ALLAUTH_MAILS = sorted(
    str(path.relative_to(TEMPLATES)) for path in TEMPLATES.glob("*/email/*_message.txt") if path.stem != "base_message"
)
DAY = datetime.date(2026, 5, 4)
SAMPLE = {  # every variable a mail template names, with a value as the senders pass it
    "name": "Anna Albers",
    "advisor_name": "Anna Albers",
    "mentee_name": "Jana Jung",
    "sender_name": "Karl Kunde",
    "company": "Tischlerei Beispiel GmbH",
    "email": "karl@kunde.invalid",
    "message": "Wir suchen Unterstützung.",
    "source": "Handwerkskammer Musterstadt",
    "objection": "Diesen Auftrag gab es nicht.",
    "reason": "Der Nachweis fehlt.",
    "status_label": "veröffentlicht",
    "kept": True,
    "comment_approved": True,
    "month": DAY,
    "rated_at": DAY,
    "expires_at": DAY,
    "verified_until": DAY,
    "link": f"{BASE}/bewertung/token/",
    "renewal_url": f"{BASE}/mein-profil/einreichen/",
    "profile_url": f"{BASE}/berater/anna-albers/",
}


@pytest.fixture(autouse=True)
def configured(settings):
    settings.WAGTAILADMIN_BASE_URL = f"{BASE}/"


def test_the_sample_names_every_variable_the_mail_templates_use():
    variable = re.compile(r"{{\s*(\w+)|{%\s*(?:el)?if (\w+)")
    texts = [path.read_text() for path in (TEMPLATES / "mail").glob("*.txt")]
    used = {name for text in texts for match in variable.findall(text) for name in match if name}
    assert used and used <= set(SAMPLE), used - set(SAMPLE)


@pytest.mark.parametrize("template", MAILS)
def test_every_mail_has_subject_and_body_from_its_template_formal_with_the_one_sign_off(template):
    subject, body = mail.render(template, SAMPLE)
    assert subject.startswith(mail.SUBJECT_PREFIX) and len(subject) > len(mail.SUBJECT_PREFIX) + 10, subject
    assert "\n" not in subject and "{" not in subject + body and "None" not in subject + body, (subject, body)
    assert body.startswith("Guten Tag Anna Albers,\n\n") and body.endswith(SIGN_OFF + "\n"), body
    assert body.count("Guten Tag") == 1 and body.count("Mit freundlichen Grüßen") == 1, body
    text = subject + body.removesuffix(SIGN_OFF + "\n")  # the sign-off's "Ihre" proves nothing
    assert not INFORMAL.search(text) and FORMAL.search(text), text
    links = re.findall(r"https?://\S+", body)
    assert all(link.startswith(f"{BASE}/") for link in links) and "127.0.0.1" not in body, links


@pytest.mark.parametrize("template", ALLAUTH_MAILS)
def test_allauth_mails_greet_and_sign_off_like_ours(template):
    context = {
        "activate_url": f"{BASE}/konto/bestaetigen/key/",
        "password_reset_url": f"{BASE}/konto/passwort/key/",
        "signup_url": f"{BASE}/konto/registrieren/",
        "code": "ABC123",
        "email": "nina@beispiel.invalid",
        "ip": "192.0.2.1",
        "user_agent": "Firefox",
        "timestamp": "1. Mai 2026",
    }
    body = render_to_string(template, context).strip()  # allauth strips, too
    assert body.startswith("Guten Tag,\n\n") and body.endswith(SIGN_OFF), body
    assert body.count("Guten Tag") == 1 and body.count("Mit freundlichen Grüßen") == 1, body
    text = body.removesuffix(SIGN_OFF)
    assert not INFORMAL.search(text) and FORMAL.search(text) and "127.0.0.1" not in body, body


@pytest.mark.django_db
@pytest.mark.parametrize("status", AdvisorStatus, ids=str)
def test_each_status_an_advisor_is_told_of_has_its_own_subject(status):
    advisor = AdvisorFactory(name="Nina Neu", status=status)
    event = type("Event", (), {"to_status": status, "reason": "Weil.", "actor_id": None})
    notifications.notify_status_change(advisor, event)
    (message,) = outbox.outbox
    assert message.subject == mail.render(f"profile_status_{status.value}")[0]
    assert f"ist jetzt: {status.label}." in message.body and "Begründung:\nWeil." in message.body
