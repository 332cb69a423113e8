"""The account pages (django-allauth), their messages and e-mails speak the site's formal "Sie",
sit in the site's layout with valid, linked form markup, and login and sign-up say what an advisor
account is for and link the data protection notice. The members' area login (Wagtail's front-end
login) and the password prompt of protected pages likewise."""

import re
import time
from html import unescape
from html.parser import HTMLParser

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import translation
from wagtail.models import PageViewRestriction

from tests.factories import make_site_with_home

pytestmark = pytest.mark.django_db

PASSWORD = "ein-sehr-langes-passwort-2026"
EMAIL = "nina@beispiel.invalid"
INFORMAL = re.compile(
    r"\b(du|dein|deine|deinen|deinem|deiner|deines|dich|dir|euch|euer|eure|euren|eurem|eurer)\b", re.I
)
ENGLISH = re.compile(r"\b(Sign|Password|Email|Hello|Thank|Please|Remember|Forgot|Confirm|Account)\b")


class Markup(HTMLParser):
    """Collects ids and the ids that labels and aria attributes point at, and block elements that
    sit inside <p> or <span> (invalid HTML: the browser breaks the paragraph open)."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    BLOCK = {"div", "ul", "ol", "p", "form", "table", "section", "aside", "nav", "fieldset", "h1", "h2", "h3"}

    def __init__(self, html):
        super().__init__()
        self.ids, self.references, self.misplaced, self.open = set(), [], [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        for name in ("aria-describedby", "aria-labelledby", "for"):
            if attrs.get(name):
                self.references += [(tag, name, ref) for ref in attrs[name].split()]
        if tag in self.BLOCK and any(parent in ("p", "span") for parent in self.open):
            self.misplaced.append(f"<{tag}> inside <{'/'.join(self.open[-2:])}>")
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.open:
            del self.open[len(self.open) - 1 - self.open[::-1].index(tag) :]


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", html))


def assert_formal_german(text, where):
    assert not INFORMAL.search(text), f"informal word {INFORMAL.search(text).group(0)!r} in {where}"
    assert not ENGLISH.search(text), f"English word {ENGLISH.search(text).group(0)!r} in {where}"
    assert "Hallo von" not in text and "testserver" not in text.replace("http://testserver/", ""), where


def assert_site_page(response, where=""):
    """Rendered in the site's layout, formal German, valid and linked form markup."""
    where = where or response.request["PATH_INFO"]
    assert response.status_code == 200, where
    html = response.content.decode()
    assert 'class="site-header"' in html and 'class="site-footer"' in html, f"{where} is outside the site layout"
    assert_formal_german(visible_text(html), where)
    markup = Markup(html)
    assert not markup.misplaced, f"{where}: {markup.misplaced}"
    dangling = [ref for ref in markup.references if ref[2] not in markup.ids]
    assert not dangling, f"{where}: references to missing ids {dangling}"
    return html


def assert_formal_mail(message):
    where = f"mail {message.subject!r}"
    assert message.subject.startswith("[Mittelstand gut beraten] "), where
    assert_formal_german(message.subject + "\n" + message.body, where)
    assert message.body.startswith("Guten Tag,") and "Ihre Offensive Mittelstand" in message.body, where


@pytest.fixture
def site():
    return make_site_with_home()


@pytest.fixture
def advisor_user(site, django_user_model):
    user = django_user_model.objects.create_user("nina", EMAIL, PASSWORD)
    EmailAddress.objects.create(user=user, email=EMAIL, verified=True, primary=True)
    return user


def log_in(client, email=EMAIL, password=PASSWORD):
    response = client.post("/konto/login/", {"login": email, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return response


def reauthenticate(client):
    """allauth asks for the password again before security settings change (not after a login)."""
    assert client.post("/konto/reauthenticate/", {"password": PASSWORD}).status_code == 302


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_the_compiled_catalog_says_what_the_po_file_says():
    """locale/de/LC_MESSAGES/django.mo is compiled from the .po next to it (msgfmt): an edit of the
    .po without compiling would silently bring allauth's "du" back."""
    po = (django_settings.BASE_DIR / "locale" / "de" / "LC_MESSAGES" / "django.po").read_text()
    entries = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', po, re.M)
    assert len(entries) > 10
    with translation.override("de"):
        for msgid, msgstr in entries:
            assert translation.gettext(msgid) == msgstr


# --- Pages before login --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/konto/login/",
        "/konto/signup/",
        "/konto/password/reset/",
        "/konto/password/reset/done/",
        "/konto/password/reset/key/1-falscher-schluessel/",
        "/konto/password/reset/key/done/",
        "/konto/confirm-email/",
        "/konto/confirm-email/abgelaufen/",
        "/konto/inactive/",
    ],
)
def test_entrance_pages_are_formal_german_in_the_site_layout(client, site, url):
    assert_site_page(client.get(url))


@pytest.mark.parametrize("url", ["/konto/login/", "/konto/signup/"])
def test_login_and_signup_say_what_the_account_is_for_and_link_privacy(client, site, url):
    html = assert_site_page(client.get(url))
    assert 'href="/datenschutz/"' in html
    text = visible_text(html)
    assert "Mittelstand gut beraten" in text
    assert "weisen Ihre Qualifikationen nach" in text and "Offensive Mittelstand prüft" in text


def test_signup_errors_are_linked_to_their_fields_and_the_password_help_is_a_block(client, site):
    response = client.post("/konto/signup/", {"email": "keine-adresse", "password1": "kurz", "password2": "kurz"})
    html = assert_site_page(response, "sign-up with errors")
    assert 'aria-describedby="id_password1_helptext id_password1_error"' in html
    assert 'aria-invalid="true"' in html
    assert re.search(r'<div class="help" id="id_password1_helptext"><ul>', html)  # not in a <p>/<span>
    assert 'value="keine-adresse"' in html  # nothing entered is lost
    mismatch = client.post("/konto/signup/", {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD + "x"})
    assert "Bitte geben Sie zweimal dasselbe Passwort ein." in assert_site_page(mismatch, "sign-up, two passwords")


def test_wrong_password_and_lockout_messages_are_formal(client, advisor_user):
    response = client.post("/konto/login/", {"login": EMAIL, "password": "falsch-falsch-falsch"})
    assert "E-Mail-Adresse oder Passwort stimmen nicht." in assert_site_page(response, "failed login")
    for _ in range(5):
        response = client.post("/konto/login/", {"login": EMAIL, "password": "falsch-falsch-falsch"})
    html = response.content.decode()
    assert "Bitte versuchen Sie es später erneut." in html
    assert_formal_german(visible_text(html), "locked login")


def test_password_reset_with_an_invalid_address_keeps_the_input(client, site):
    html = assert_site_page(client.post("/konto/password/reset/", {"email": "nina@"}), "reset with error")
    assert 'value="nina@"' in html and "has-error" in html


# --- Pages after login ---------------------------------------------------------------------


def test_account_management_pages_and_their_errors(client, advisor_user):
    log_in(client)
    for url in ("/konto/email/", "/konto/password/change/", "/konto/logout/", "/konto/reauthenticate/", "/konto/2fa/"):
        assert_site_page(client.get(url))
    wrong = client.post("/konto/password/change/", {"oldpassword": "falsch", "password1": "x", "password2": "y"})
    assert "Bitte geben Sie Ihr aktuelles Passwort ein." in assert_site_page(wrong, "password change with errors")
    reauthenticate(client)
    added = client.post("/konto/email/", {"action_add": "", "email": "keine-adresse"})
    assert "has-error" in assert_site_page(added, "add address with error")


def test_a_user_without_password_gets_the_set_password_page(client, site, django_user_model, settings):
    settings.ACCOUNT_REAUTHENTICATION_REQUIRED = False  # without a password there is nothing to ask again
    user = django_user_model.objects.create_user("ohne", "ohne@beispiel.invalid")
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    assert "Passwort festlegen" in assert_site_page(client.get("/konto/password/set/"))


def test_second_factor_pages_from_setup_to_login(client, advisor_user):
    log_in(client)
    reauthenticate(client)
    assert_site_page(client.get("/konto/2fa/totp/activate/"))
    wrong = client.post("/konto/2fa/totp/activate/", {"code": "000000"})
    assert "has-error" in assert_site_page(wrong, "TOTP setup with wrong code")

    secret = generate_totp_secret()
    TOTP.activate(advisor_user, secret)
    RecoveryCodes.activate(advisor_user)
    client.logout()
    assert log_in(client)["Location"].startswith("/konto/2fa/authenticate/")
    assert_site_page(client.get("/konto/2fa/authenticate/"))
    wrong = client.post("/konto/2fa/authenticate/", {"code": "000000"})
    assert "has-error" in assert_site_page(wrong, "second factor with wrong code")
    assert client.post("/konto/2fa/authenticate/", {"code": current_code(secret)}).status_code == 302
    assert_site_page(client.get("/konto/2fa/"))
    assert_site_page(client.get("/konto/2fa/reauthenticate/"))
    assert "Andere Möglichkeiten" in assert_site_page(client.get("/konto/reauthenticate/"))  # password or code
    reauthenticate(client)
    for url in ("/konto/2fa/recovery-codes/", "/konto/2fa/recovery-codes/generate/", "/konto/2fa/totp/deactivate/"):
        assert_site_page(client.get(url))


# --- Messages and e-mails ------------------------------------------------------------------


def test_signup_mail_confirmation_and_messages_are_formal(client, site):
    response = client.post("/konto/signup/", {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert_site_page(client.get(response["Location"]), "confirmation sent")
    (message,) = mail.outbox
    assert_formal_mail(message)
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in message.subject
    link = re.search(r"http://testserver(/konto/confirm-email/\S+/)", message.body).group(1)
    assert_site_page(client.get(link), "confirm e-mail")
    confirmed = client.post(link, follow=True)
    text = visible_text(confirmed.content.decode())
    assert "Ihre E-Mail-Adresse nina@beispiel.invalid ist bestätigt" in text and "Sie sind angemeldet" in text
    assert_formal_german(text, "messages after confirmation")


def test_signup_with_a_known_address_sends_a_formal_hint_instead(client, advisor_user):
    client.post("/konto/signup/", {"email": EMAIL, "password1": PASSWORD, "password2": PASSWORD})
    (message,) = mail.outbox
    assert_formal_mail(message)
    assert "/konto/password/reset/" in message.body


@pytest.mark.parametrize("known", [True, False])
def test_password_reset_mails_are_formal(client, advisor_user, known):
    address = EMAIL if known else "fremd@beispiel.invalid"
    response = client.post("/konto/password/reset/", {"email": address})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert_formal_mail(message)
    assert ("/konto/password/reset/key/" in message.body) is known
    assert ("/konto/signup/" in message.body) is not known
    if known:
        link = re.search(r"http://testserver(/konto/password/reset/key/\S+/)", message.body).group(1)
        form = client.get(link, follow=True)
        assert "Neues Passwort festlegen" in assert_site_page(form, "new password form")


def test_adding_an_address_and_notifications_are_formal(client, advisor_user, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    log_in(client)
    reauthenticate(client)
    client.post("/konto/email/", {"action_add": "", "email": "neu@beispiel.invalid"})
    client.post(
        "/konto/password/change/", {"oldpassword": PASSWORD, "password1": PASSWORD + "!", "password2": PASSWORD + "!"}
    )
    subjects = [message.subject for message in mail.outbox]
    assert any("Bitte bestätigen Sie" in s for s in subjects) and any("Passwort wurde geändert" in s for s in subjects)
    for message in mail.outbox:
        assert_formal_mail(message)


# --- Members' area and password-protected pages --------------------------------------------


@pytest.fixture
def members_home(site):
    restriction = PageViewRestriction.objects.create(page=site, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.set([Group.objects.get(name="Strategiekreis")])
    return site


def test_members_login_is_german_in_the_layout_and_takes_an_email_address(client, members_home, django_user_model):
    member = django_user_model.objects.create_user("mitglied", "mitglied@beispiel.invalid", PASSWORD)
    member.groups.add(Group.objects.get(name="Strategiekreis"))
    redirect = client.get("/")
    assert redirect.status_code == 302 and redirect["Location"].startswith("/_util/login/")
    html = assert_site_page(client.get(redirect["Location"]), "members' login")
    assert "Benutzername oder E-Mail-Adresse" in html and "Mitgliederbereich" in html

    wrong = client.post("/_util/login/", {"username": "mitglied@beispiel.invalid", "password": "falsch", "next": "/"})
    assert "Passwort stimmen nicht" in assert_site_page(wrong, "members' login with error")
    right = client.post("/_util/login/", {"username": "mitglied@beispiel.invalid", "password": PASSWORD, "next": "/"})
    assert right.status_code == 302 and right["Location"] == "/"
    assert client.get("/").status_code == 200


def test_password_protected_page_asks_in_german(client, site):
    PageViewRestriction.objects.create(page=site, restriction_type=PageViewRestriction.PASSWORD, password="geheim")
    assert "Passwort erforderlich" in assert_site_page(client.get("/"), "password prompt")
