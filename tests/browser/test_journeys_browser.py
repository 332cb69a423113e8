"""The journeys of the site's people, on a desktop and a phone screen, starting at the home page and
moving only by clicks (a mailed link is opened as its reader would; staff start at the admin login,
their bookmark): a visitor finds an advisor and writes to her; a new advisor signs up, completes
every step, previews and submits, and a verifier approves from the dashboard's queue panel; an
advisor invites a client, who rates through the mailed link; an advisor exports the data and
deletes the account. axe on the pages on the way."""

import json
import re
from io import StringIO
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from directory.models import Advisor, AdvisorStatus
from engine.client import client as engine_client
from ratings.models import Rating
from tests.browser.helpers import add_client_references, log_in_to_admin
from tests.factories import PROOF_PDF, published_advisor

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ein-sehr-langes-passwort-2026"
SCREENS = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=SCREENS)
def screen(request, page):
    page.set_viewport_size(SCREENS[request.param])
    return request.param


@pytest.fixture
def demo(demo_snapshot):
    demo_snapshot.restore()
    call_command("rebuild_directory_index", stdout=StringIO())


def mailed_path(pattern):
    """The path of the link in the last e-mail (the e-mail names the configured host)."""
    return urlparse(re.search(pattern, mail.outbox[-1].body).group(0)).path


def advisor_with_password(**fields):
    advisor = published_advisor(**fields)
    advisor.user.set_password(PASSWORD)
    advisor.user.save()
    EmailAddress.objects.create(user=advisor.user, email=advisor.user.email, verified=True, primary=True)
    return advisor


def log_in_from_home(page, email):
    page.goto("/")
    page.get_by_role("contentinfo").get_by_role("link", name="Mein Profil (Anmeldung)").click()
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Anmelden").click()
    page.wait_for_url("**/mein-profil/")


def refresh_search_engine():
    """Makes the engine's latest writes searchable now (its refresh interval would a second later)."""
    client = engine_client()
    if client is not None:
        client.indices.refresh()


def step(page, title):
    page.get_by_role("navigation", name=re.compile("Schritte zum Profil")).get_by_role(
        "link", name=re.compile(title)
    ).click()


def test_a_visitor_finds_an_advisor_by_topic_and_postcode_and_writes_to_her(page, screen, demo, assert_accessible):
    page.goto("/")
    finder = page.get_by_role("search", name=re.compile("Berater:in finden"))
    finder.get_by_label("Thema").fill("Arbeitsschutz")
    finder.get_by_label("Postleitzahl").fill("53113")
    finder.get_by_role("button", name="Berater:in finden").click()
    page.wait_for_url(re.compile(r"/berater/\?.*plz=53113"))
    found = page.locator("#treffer").inner_text()
    assert re.match(r"\d+ (Beratende|beratende Person) gefunden", found), found
    assert_accessible(f"Treffer ({screen})")

    if screen == "phone":
        page.get_by_role("button", name=re.compile("^Filter")).click()
    page.get_by_role("checkbox", name=re.compile("^Nordrhein-Westfalen")).check()
    page.wait_for_url(re.compile(r"land="))
    if screen == "phone":
        page.get_by_role("link", name=re.compile("anzeigen$")).click()
    cards = page.locator(".result-card")
    assert cards.count() > 0
    name = cards.first.get_by_role("heading").inner_text()
    cards.first.get_by_role("link", name=name).click()
    page.wait_for_url(re.compile(r"/berater/[a-z0-9-]+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == name
    assert page.get_by_role("link", name="Zurück zu den Suchergebnissen").is_visible()
    assert_accessible(f"Profil ({screen})")

    page.get_by_label("Ihr Name").fill("Karl Kunde")
    page.get_by_label("Ihre E-Mail-Adresse").fill("karl@kunde.invalid")
    page.get_by_label("Ihre Nachricht").fill("Wir brauchen Hilfe bei der Gefährdungsbeurteilung.")
    page.get_by_label("Ich bin einverstanden").check()
    page.wait_for_timeout(3100)  # people take longer than the form's minimum time to write
    page.get_by_role("button", name="Nachricht senden").click()
    assert page.get_by_text(f"Ihre Nachricht ist an {name} weitergeleitet").is_visible()
    advisor = Advisor.objects.get(name=name, slug=urlparse(page.url).path.split("/")[2])
    assert mail.outbox[-1].to == [advisor.user.email]
    assert mail.outbox[-1].reply_to == ["karl@kunde.invalid"]


def test_a_new_advisor_signs_up_and_submits_and_a_verifier_approves_from_the_dashboard(
    page, screen, demo, django_user_model, assert_accessible, tmp_path
):
    verifier = django_user_model.objects.create_user("pruefer", password=PASSWORD, email="pruefer@om-site.invalid")
    verifier.groups.add(Group.objects.get(name="Verifizierung"))

    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Als Berater:in eintragen").click()
    page.fill("input[name=email]", "nina@beispiel.invalid")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.get_by_role("button", name="Konto anlegen").click()
    page.wait_for_load_state()
    assert_accessible(f"Bestätigungshinweis ({screen})")

    page.goto(mailed_path(r"https?://\S+/konto/confirm-email/\S+/"))
    page.get_by_role("main").get_by_role("button").click()
    page.wait_for_url("**/mein-profil/")
    assert page.get_by_text("Mindestens 2 Kundenreferenzen").first.is_visible()  # the rules before step 1
    page.get_by_role("link", name="Profil anlegen").click()

    page.fill("#id_name", "Nina Neumann")
    page.fill("#id_short_profile", "Arbeitsschutz für Handwerksbetriebe.")
    page.fill("#id_postcode", "53113")
    page.fill("#id_city", "Bonn")
    page.fill("#id_years_experience", "7")
    page.get_by_role("button", name="Speichern und weiter").click()
    page.wait_for_url("**/mein-profil/themen/")
    page.get_by_label("Arbeitsschutz und Gesundheit").check()
    page.get_by_label("Nordrhein-Westfalen").check()
    page.get_by_role("button", name="Speichern und weiter").click()

    page.wait_for_url("**/mein-profil/qualifikationen/")
    proof = tmp_path / "zertifikat.pdf"
    proof.write_bytes(PROOF_PDF)
    page.fill("#id_title", "Fachkraft für Arbeitssicherheit")
    page.fill("#id_issuer", "Beispiel-Berufsgenossenschaft")
    page.set_input_files("#id_proof", str(proof))
    page.get_by_role("button", name="Qualifikation speichern").click()
    assert page.get_by_text("Nachweis herunterladen").is_visible()

    step(page, "Register und Referenzen")
    add_client_references(page)
    assert_accessible(f"Register und Referenzen ({screen})")

    step(page, "Prüfen und einreichen")
    page.get_by_role("link", name="Vorschau: So sieht Ihr Profil nach der Prüfung aus").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Nina Neumann"
    assert_accessible(f"Vorschau ({screen})")
    page.get_by_role("link", name="Zurück zu „Prüfen und einreichen“").click()
    page.locator("#id_confirm").check()
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    page.wait_for_url("**/mein-profil/")
    advisor = Advisor.objects.get(name="Nina Neumann")
    assert advisor.status == AdvisorStatus.SUBMITTED

    # The verifier starts at the admin's dashboard and goes through the queue panel.
    log_in_to_admin(page, "pruefer", PASSWORD)
    page.get_by_role("link", name="eingereicht").click()
    row = page.get_by_role("row").filter(has_text="Nina Neumann")
    row.get_by_role("link", name="Prüfen").click()
    page.select_option("#id_action", "in_pruefung")
    page.get_by_role("button", name="Entscheidung speichern").click()
    page.get_by_role("row").filter(has_text="Nina Neumann").get_by_role("link", name="Prüfen").click()
    page.locator("select[name^=qualifikation_]").select_option("anerkannt")
    page.select_option("#id_action", "freigeben")
    page.fill("#id_reason", "Nachweis geprüft.")
    page.get_by_role("button", name="Entscheidung speichern").click()
    page.wait_for_url("**/admin/snippets/directory/advisor/**")
    advisor.refresh_from_db()
    assert advisor.status == AdvisorStatus.PUBLISHED

    refresh_search_engine()
    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("banner").get_by_role("link", name="Berater:in finden").click()
    search = page.get_by_role("search", name="Beratende suchen")
    search.get_by_label("Was suchen Sie?").fill("Nina Neumann")
    search.get_by_role("button", name="Suchen").click()
    page.locator(".result-card").get_by_role("link", name="Nina Neumann").click()
    assert page.locator(".badge--verified").first.is_visible()


def test_an_advisor_invites_a_client_who_rates_through_the_mailed_link(page, screen, demo, assert_accessible):
    advisor = advisor_with_password(name="Petra Prüfer")

    log_in_from_home(page, advisor.user.email)
    page.get_by_role("link", name=re.compile("^Bewertungen: Kundinnen und Kunden einladen")).click()
    page.get_by_role("textbox", name="Unternehmen", exact=True).fill("Tischlerei Beispiel GmbH")
    page.get_by_label("E-Mail der Ansprechperson im Unternehmen").fill("chefin@tischlerei.example")
    page.get_by_label("Monat des Auftrags").fill("2026-09")
    page.get_by_label(re.compile("^Ich habe diesen Auftrag durchgeführt")).check()
    page.get_by_role("button", name="Einladung senden").click()
    assert page.get_by_role("cell", name="Tischlerei Beispiel GmbH").is_visible()
    assert_accessible(f"Meine Bewertungen ({screen})")
    assert "im September 2026" in mail.outbox[-1].body

    page.context.clear_cookies()
    page.goto(mailed_path(r"https?://\S+/bewertung/\S+/"))
    for radio_group in page.locator("fieldset.rating-axis").all():
        radio_group.get_by_label("4").check()
    page.get_by_label("Ihre E-Mail-Adresse").fill("chefin@tischlerei.example")
    page.get_by_label("Ich bin mit der Veröffentlichung").check()
    page.get_by_role("button", name="Bewertung abgeben").click()
    assert page.get_by_role("heading", name="Vielen Dank!").is_visible()
    assert_accessible(f"Bewertung abgegeben ({screen})")
    assert Rating.objects.filter(advisor=advisor, engagement__company="Tischlerei Beispiel GmbH").exists()


def test_an_advisor_exports_the_data_and_deletes_the_account(page, screen, demo, assert_accessible):
    advisor = advisor_with_password(name="Dora Datensparsam")

    log_in_from_home(page, advisor.user.email)
    with page.expect_download() as download:
        page.get_by_role("link", name="Alle meine Daten herunterladen (JSON)").click()
    exported = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert "Dora Datensparsam" in json.dumps(exported, ensure_ascii=False)

    page.get_by_role("link", name="Konto und alle Daten löschen").click()
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Endgültig löschen").click()
    page.wait_for_url("**/")
    assert page.get_by_text("Ihr Konto und alle Ihre Daten wurden gelöscht.").is_visible()
    assert_accessible(f"nach dem Löschen ({screen})")
    assert not Advisor.objects.filter(pk=advisor.pk).exists()
