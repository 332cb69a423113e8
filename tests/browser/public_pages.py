"""Every public template of OM-Site, one entry each, with how to reach it: the one list that
tests/browser/test_every_page.py checks (axe, id references, sideways scrolling, Nu HTML Checker)
and scripts/screenshots.sh photographs. A new template gets its entry here and is checked and
photographed from then on.

`build()` makes the data (the demo content plus a few objects from the factories: a fresh rating
invitation, an e-mail to confirm, logins); `Visitor` opens an entry in Chromium on a running
server and keeps the HTML the server sent for the final document (the validator checks that, not
the DOM after scripts). Both run in the server's process: a few entries change settings or read
tokens while they are visited.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from io import StringIO

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse
from wagtail.models import Page

from core.tokens import token_hash
from directory.models import Advisor, AdvisorStatus
from ratings.models import Rating, RatingStatus
from tests import factories

WIDTHS = {"desktop": 1366, "phone": 390}
NARROWEST = 320  # no sideways scrolling at this width (WCAG 1.4.10 Reflow)
PASSWORD = "ein-langes-passwort-fuer-die-seitenpruefung"
BAD_TOKEN = "kein-gueltiges-token"


@dataclass(frozen=True)
class Entry:
    """One template in one state. `path` is a string or a function of the Demo; `user` names the
    login ("advisor", "new_advisor", "published_advisor", "verifier") or None for a visitor;
    `action` runs in the browser after loading (e.g. send a form empty to see its errors);
    `settings` are overridden while the entry is visited; `template` is rendered and served
    instead of asking the server (the 500 page, which only appears when the server fails)."""

    name: str
    path: str | Callable = "/"
    status: int = 200
    user: str | None = None
    action: Callable | None = None
    settings: dict = field(default_factory=dict)
    template: str | None = None

    def url(self, demo):
        return self.path(demo) if callable(self.path) else self.path


def send_form(selector="main form[method=post]", **fields):
    """An action: fill `fields` (CSS selector → value) and send the form without the browser's
    own checks (the server's error messages are what the entry is about)."""

    def act(page):
        for target, value in fields.items():
            page.fill(target, value)
        with page.expect_navigation():
            page.evaluate(
                "s => { const f = document.querySelector(s); f.noValidate = true; f.requestSubmit(); }", selector
            )

    return act


# --- The list -------------------------------------------------------------------------------


def _wagtail_entries():
    """One live public page of every Wagtail page type (a tree walk, so new page types are
    included without an edit here)."""
    return [Entry(f"seite-{key}", path=lambda demo, key=key: demo.page_types[key]) for key in PAGE_TYPES]


# The page types of the demo (kept literal so the test ids exist before the data does; the
# test checks that the demo has exactly these).
PAGE_TYPES = [
    "homepage",
    "standardpage",
    "newsindexpage",
    "newsarticlepage",
    "productindexpage",
    "productpage",
    "meetingindexpage",
    "meetingpage",
    "decisionregisterpage",
    "eventindexpage",
    "eventpage",
    "networkindexpage",
    "networkpage",
    "transferlistpage",
]

PUBLIC = [
    *_wagtail_entries(),
    Entry("neuigkeiten-schlagwort", path=lambda demo: demo.news_tag_url),
    Entry("beschlussregister-gefiltert", path=lambda demo: demo.page_types["decisionregisterpage"] + "?status=offen"),
    Entry("mitgliederbereich-anmeldung", path=lambda demo: demo.private_page),  # Wagtail's front-end login
    Entry(
        "mitgliederbereich-anmeldung-fehler",
        path=lambda demo: demo.private_page,
        action=send_form(**{"#id_username": "niemand", "#id_password": "falsch"}),
    ),
    # The advisor directory.
    Entry("berater-suche", path="/berater/"),
    Entry("berater-suche-treffer", path="/berater/?q=Arbeitsschutz&plz=53113&umkreis=100"),
    Entry("berater-suche-keine-treffer", path="/berater/?q=Quantenchromodynamik"),
    Entry("berater-suche-fehler", path="/berater/?plz=12ab&seite=0"),
    Entry("berater-profil", path=lambda demo: demo.profile),
    Entry("berater-profil-kontakt-fehler", path=lambda demo: demo.profile, action=send_form('form[action="#kontakt"]')),
    Entry("berater-widget", path="/berater/widget/?thema=digitalisierung"),
    # The site search.
    Entry("suche-leer", path="/suche/"),
    Entry("suche-treffer", path="/suche/?q=Compliance"),
    Entry("suche-keine-treffer", path="/suche/?q=Quantenchromodynamik"),
    # Ratings.
    Entry("bewertung-formular", path=lambda demo: f"/bewertung/{demo.rating_token}/"),
    Entry(
        "bewertung-formular-fehler",
        path=lambda demo: f"/bewertung/{demo.rating_token}/",
        status=400,
        action=send_form(),
    ),
    Entry("bewertung-abgelehnt", path=f"/bewertung/{BAD_TOKEN}/", status=410),
    Entry("bewertung-stellungnahme", path=lambda demo: f"/bewertung/stellungnahme/{demo.statement_token}/"),
    Entry("bewertung-melden", path=lambda demo: f"/bewertung/melden/{demo.rating_pk}/"),
    Entry(
        "bewertung-melden-fehler",
        path=lambda demo: f"/bewertung/melden/{demo.rating_pk}/",
        status=400,
        action=send_form(),
    ),
    Entry(
        "bewertung-melden-danke",
        path=lambda demo: f"/bewertung/melden/{demo.rating_pk}/",
        action=send_form(**{"#id_explanation": "Der Kommentar nennt einen Namen."}),
    ),
    # Accounts (django-allauth).
    Entry("konto-anmelden", path="/konto/login/"),
    Entry("konto-anmelden-fehler", path="/konto/login/", action=send_form("main form")),
    Entry("konto-registrieren", path="/konto/signup/"),
    Entry("konto-registrieren-fehler", path="/konto/signup/", action=send_form("main form")),
    Entry("konto-bestaetigung-gesendet", path="/konto/confirm-email/"),
    Entry("konto-email-bestaetigen", path=lambda demo: demo.confirm_email_url),
    Entry("konto-email-bestaetigen-ungueltig", path=f"/konto/confirm-email/{BAD_TOKEN}/"),
    Entry("konto-passwort-vergessen", path="/konto/password/reset/"),
    Entry("konto-passwort-vergessen-gesendet", path="/konto/password/reset/done/"),
    Entry("konto-passwort-neu", path=lambda demo: demo.password_reset_url),
    Entry("konto-passwort-neu-ungueltig", path="/konto/password/reset/key/1-kein-schluessel/"),
    Entry("konto-inaktiv", path="/konto/inactive/"),
    Entry("konto-abmelden", path="/konto/logout/", user="advisor"),
    Entry("konto-email-adressen", path="/konto/email/", user="advisor"),
    Entry("konto-passwort-aendern", path="/konto/password/change/", user="advisor"),
    Entry("konto-erneut-anmelden", path="/konto/reauthenticate/", user="advisor"),
    Entry("konto-zwei-faktoren", path="/konto/2fa/", user="advisor"),
    Entry("konto-zwei-faktoren-einrichten", path="/konto/2fa/totp/activate/", user="advisor"),
    Entry(
        "konto-zweiter-faktor-mitarbeitende",
        path="/konto/zweiter-faktor/?next=/admin/",
        user="verifier",
        settings={"OM_REQUIRE_STAFF_MFA": True},
    ),
    # Self-service of advisors (/mein-profil/).
    Entry("mein-profil-uebersicht", path="/mein-profil/", user="advisor"),
    Entry("mein-profil-neu", path="/mein-profil/", user="new_advisor"),
    Entry("mein-profil-profil", path="/mein-profil/profil/", user="advisor"),
    Entry(
        "mein-profil-profil-fehler",
        path="/mein-profil/profil/",
        user="advisor",
        action=send_form(**{"#id_name": "", "#id_postcode": "5311"}),
    ),
    Entry("mein-profil-themen", path="/mein-profil/themen/", user="advisor"),
    Entry("mein-profil-qualifikationen", path="/mein-profil/qualifikationen/", user="advisor"),
    Entry("mein-profil-register-und-referenzen", path="/mein-profil/register-und-referenzen/", user="advisor"),
    Entry("mein-profil-einreichen", path="/mein-profil/einreichen/", user="advisor"),
    Entry("mein-profil-veroeffentlicht", path="/mein-profil/profil/", user="published_advisor"),
    Entry("mein-profil-bewertungen", path="/mein-profil/bewertungen/", user="published_advisor"),
    Entry("mein-profil-konto-loeschen", path="/mein-profil/konto-loeschen/", user="advisor"),
    Entry("mein-profil-uebernehmen-ungueltig", path=f"/mein-profil/uebernehmen/{BAD_TOKEN}/", status=404),
    # Error pages.
    Entry("fehler-404", path="/gibt-es-nicht/", status=404),
    Entry("fehler-429", path="/suche/?q=Compliance", status=429, settings={"SEARCH_RATE": "0/m"}),
    Entry("fehler-500", path="/__fehlerseite-500__/", status=500, template="500.html"),
]

# Not public, but people should see them beside the public pages (screenshots only): the
# verifiers' queue and review screens in the Wagtail admin.
STAFF = [
    Entry("admin-pruefung-warteschlange", path=lambda demo: demo.review_queue, user="verifier"),
    Entry("admin-pruefung-antrag", path=lambda demo: demo.review_submitted, user="verifier"),
    Entry("admin-pruefung-aenderungen", path=lambda demo: demo.review_changes, user="verifier"),
    Entry("admin-bewertungen", path=lambda demo: demo.ratings_moderation, user="verifier"),
]


# --- The data -------------------------------------------------------------------------------


class Demo:
    """Addresses and logins of the data `build()` made."""


def build(demo_snapshot=None):
    """The demo content (with its search indices) plus what the list needs beyond it: from the run's
    snapshot in tests (tests/demo_snapshot.py), through the loader elsewhere."""
    if demo_snapshot is None:
        factories.tree_root()  # transactional tests flush Wagtail's root page; the demo loader needs it
        call_command("load_demo_content", stdout=StringIO())
    else:
        demo_snapshot.restore(index=True)
        call_command("rebuild_directory_index", stdout=StringIO())
    demo = Demo()

    demo.page_types = {}
    for page in Page.objects.live().public().filter(depth__gt=1).order_by("path").specific():
        demo.page_types.setdefault(type(page).__name__.lower(), page.url)
    private = Page.objects.live().filter(depth__gt=1).exclude(pk__in=Page.objects.public()).order_by("path").first()
    demo.private_page = private.url
    demo.news_tag_url = demo.page_types["newsindexpage"] + "?jahr=2021"

    published = Advisor.objects.filter(status=AdvisorStatus.PUBLISHED, ratings__status=RatingStatus.PUBLISHED)
    published = published.distinct().order_by("pk").first()
    demo.profile = reverse("directory:profile", args=[published.slug])
    rating = Rating.objects.filter(advisor=published, status=RatingStatus.PUBLISHED).order_by("pk").first()
    demo.rating_pk = rating.pk
    demo.rating_token = "seitenpruefung-einladung"
    factories.EngagementFactory(advisor=published, token_hash=token_hash(demo.rating_token))
    demo.statement_token = "seitenpruefung-stellungnahme"  # a rating the advisor objected to
    factories.RatingFactory(
        engagement__advisor=published,
        status=RatingStatus.DISPUTED,
        statement_token_hash=token_hash(demo.statement_token),
    )

    # The account pages that need a key: an unconfirmed address and a password reset.
    newcomer = factories.UserFactory(username="neu", email="neu@beispiel.invalid")
    address = EmailAddress.objects.create(user=newcomer, email=newcomer.email, verified=False, primary=True)
    demo.confirm_email_url = reverse("account_confirm_email", args=[EmailConfirmationHMAC(address).key])
    demo.password_reset_url = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(newcomer), "key": default_token_generator.make_token(newcomer)},
    )

    draft = Advisor.objects.filter(status=AdvisorStatus.DRAFT).order_by("pk").first()
    demo.users = {
        "advisor": draft.user,
        "new_advisor": factories.UserFactory(username="ohne-profil"),
        "published_advisor": published.user,
        "verifier": factories.member_of(
            "Verifizierung", "pruefer-seitencheck", password=PASSWORD, email="pruefer@om-site.invalid"
        ),
    }
    for user in demo.users.values():
        EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})

    submitted = Advisor.objects.filter(status=AdvisorStatus.SUBMITTED).order_by("pk").first()
    changed = Advisor.objects.filter(status=AdvisorStatus.PUBLISHED, pending_revision__isnull=False).first()
    demo.review_queue = reverse("wagtailsnippets_directory_advisor:list") + "?status=eingereicht"
    demo.review_submitted = reverse("directory_review", args=[submitted.pk])
    demo.review_changes = reverse("directory_review", args=[(changed or published).pk])
    demo.ratings_moderation = reverse("wagtailsnippets_ratings_rating:list")
    return demo


# --- The browser ----------------------------------------------------------------------------


@dataclass
class Visit:
    """What one entry showed: the page (still open), the answer's status and the HTML the server
    sent for the final document, and the Content-Security-Policy complaints of the console."""

    page: object
    status: int | None
    html: str
    csp_violations: list


class Visitor:
    """Opens entries in Chromium: one browser context per login, cookies from Django's own login."""

    def __init__(self, browser, base_url, demo):
        self.browser, self.base_url, self.demo = browser, base_url, demo
        self.contexts = {}

    def context(self, user):
        if user not in self.contexts:
            context = self.browser.new_context(base_url=self.base_url, locale="de-DE")
            if user is not None:
                client = Client()
                client.force_login(self.demo.users[user], backend="django.contrib.auth.backends.ModelBackend")
                cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
                context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": self.base_url}])
            self.contexts[user] = context
        return self.contexts[user]

    @contextlib.contextmanager
    def visit(self, entry, width=WIDTHS["desktop"]):
        page = self.context(entry.user).new_page()
        page.set_viewport_size({"width": width, "height": 900})
        documents, csp = [], []
        page.on(
            "response",
            lambda r: r.request.is_navigation_request() and r.frame == page.main_frame and documents.append(r),
        )
        page.on("console", lambda msg: "Content Security Policy" in msg.text and csp.append(msg.text))
        url = entry.url(self.demo)
        try:
            with override_settings(**entry.settings):
                if entry.template:
                    body = render_to_string(entry.template)
                    page.route(
                        f"**{url}",
                        lambda route: route.fulfill(
                            status=entry.status, body=body, content_type="text/html; charset=utf-8"
                        ),
                    )
                page.goto(url)
                if entry.action:
                    entry.action(page)
                page.wait_for_load_state("load")
            final = documents[-1] if documents else None
            html = final.text() if final is not None else page.content()
            yield Visit(page, final.status if final else None, html, csp)
        finally:
            page.close()

    def close(self):
        for context in self.contexts.values():
            context.close()
