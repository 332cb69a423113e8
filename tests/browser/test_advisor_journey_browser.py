"""A new advisor signs up, confirms the e-mail, sees the entry criteria, completes the profile with
a photo (kept across a validation error) and a proof, previews the public profile and submits; the
locked steps say why; a verifier approves in the admin; the public profile appears with its badge.
axe on every step, and every aria-describedby points at an element on the page."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from directory.models import Advisor, AdvisorStatus
from tests.browser.helpers import add_client_references, log_in_to_admin
from tests.factories import PROOF_PDF, make_site_with_home, tree_root

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ein-sehr-langes-passwort-2026"
MISSING_DESCRIPTIONS = """() => [...document.querySelectorAll("[aria-describedby]")].flatMap(
    (element) => element.getAttribute("aria-describedby").split(/\\s+/).filter((id) => !document.getElementById(id)))"""


def portrait(path):
    from PIL import Image

    Image.new("RGB", (240, 240), "navy").save(path, "PNG")
    return str(path)


@pytest.fixture
def site_and_verifier(django_user_model):
    tree_root()
    make_site_with_home()
    verifier = django_user_model.objects.create_user("pruefer", password=PASSWORD, email="pruefer@om-site.invalid")
    verifier.groups.add(Group.objects.get(name="Verifizierung"))
    return verifier


def test_advisor_journey(page, site_and_verifier, assert_accessible, tmp_path):
    page.goto("/konto/signup/")
    assert_accessible("Registrierung")
    page.fill("input[name=email]", "nina@beispiel.invalid")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert_accessible("Bestätigungshinweis")

    link = re.search(r"https?://\S+/konto/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    assert_accessible("E-Mail bestätigen")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/mein-profil/")
    assert page.get_by_text("Mindestens 2 Kundenreferenzen").is_visible()  # the criteria before step 1
    assert_accessible("Übersicht vor dem ersten Schritt")

    page.goto("/mein-profil/profil/")
    page.fill("#id_name", "Nina Neumann")
    page.fill("#id_short_profile", "Arbeitsschutz für Handwerksbetriebe.")
    page.fill("#id_postcode", "5311")  # wrong first: the error is German and nothing is lost
    page.fill("#id_city", "Bonn")
    page.fill("#id_years_experience", "7")
    page.set_input_files("#id_photo_upload", portrait(tmp_path / "nina.png"))
    page.get_by_role("button", name="Speichern und weiter").click()
    assert "fünfstellige Postleitzahl" in page.locator(".field-error").inner_text()
    assert page.input_value("#id_name") == "Nina Neumann"
    assert page.get_by_text("Ausgewähltes Foto: nina.png").is_visible()  # the photo is not lost
    assert page.get_attribute("#id_postcode", "aria-invalid") == "true"
    assert page.evaluate(MISSING_DESCRIPTIONS) == []
    assert_accessible("Profil mit Fehler")
    page.fill("#id_postcode", "53113")
    page.get_by_role("button", name="Speichern und weiter").click()

    page.wait_for_url("**/mein-profil/themen/")
    page.get_by_label("Arbeitsschutz und Gesundheit").check()
    page.get_by_label("Nordrhein-Westfalen").check()
    assert_accessible("Themen und Regionen")
    page.get_by_role("button", name="Speichern und weiter").click()

    page.wait_for_url("**/mein-profil/qualifikationen/")
    proof = tmp_path / "zertifikat.pdf"
    proof.write_bytes(PROOF_PDF)  # a real PDF: proofs are parsed before they are stored
    page.fill("#id_title", "Fachkraft für Arbeitssicherheit")
    page.fill("#id_issuer", "Beispiel-Berufsgenossenschaft")
    page.set_input_files("#id_proof", str(proof))
    page.get_by_role("button", name="Qualifikation speichern").click()
    assert page.get_by_text("Nachweis herunterladen").is_visible()
    assert_accessible("Qualifikationen")

    page.goto("/mein-profil/register-und-referenzen/")
    add_client_references(page)
    assert_accessible("Register und Referenzen")

    page.goto("/mein-profil/einreichen/")
    assert_accessible("Einreichen")
    page.get_by_role("link", name="Vorschau: So sieht Ihr Profil nach der Prüfung aus").click()
    page.wait_for_url("**/mein-profil/vorschau/")
    assert page.get_by_text("Vorschau – so sieht Ihr Profil nach der Prüfung aus").is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == "Nina Neumann"
    assert page.locator(".advisor-profile img.advisor-photo").is_visible()  # the photo kept after the error
    assert_accessible("Vorschau")
    page.get_by_role("link", name="Zurück zu „Prüfen und einreichen“").click()
    page.locator("#id_confirm").check()
    page.get_by_role("button", name="Zur Prüfung einreichen").click()
    page.wait_for_url("**/mein-profil/")
    advisor = Advisor.objects.get(name="Nina Neumann")
    assert advisor.status == AdvisorStatus.SUBMITTED
    page.goto("/mein-profil/themen/")  # a locked step explains itself
    assert page.get_by_text("Ihr Profil liegt der OM zur Prüfung vor").is_visible()
    assert page.evaluate(MISSING_DESCRIPTIONS) == []
    assert_accessible("gesperrter Schritt")
    assert page.goto(advisor.get_absolute_url()).status == 404

    log_in_to_admin(page, "pruefer", PASSWORD)
    assert page.get_by_role("link", name="eingereicht").is_visible()  # the dashboard's queue panel
    assert_accessible("Dashboard mit Prüfwarteschlange")
    page.goto(f"/admin/beraterverzeichnis/pruefung/{advisor.pk}/")
    assert page.get_by_text("So erscheint das Profil nach der Freigabe").is_visible()
    assert_accessible("Prüfung")
    page.select_option("#id_action", "in_pruefung")
    page.get_by_role("button", name="Entscheidung speichern").click()
    page.goto(f"/admin/beraterverzeichnis/pruefung/{advisor.pk}/")
    page.locator("select[name^=qualifikation_]").select_option("anerkannt")
    page.select_option("#id_action", "freigeben")
    page.fill("#id_reason", "Nachweis geprüft.")
    page.get_by_role("button", name="Entscheidung speichern").click()
    page.wait_for_url("**/admin/snippets/directory/advisor/")

    page.context.clear_cookies()
    assert page.goto(advisor.get_absolute_url()).status == 200
    assert page.locator(".badge--verified").first.is_visible()
    assert "Fachkraft für Arbeitssicherheit" in page.content()
    assert_accessible("öffentliches Profil")

    # A visitor writes to her through the form; her address never appears on the page.
    assert "nina@beispiel.invalid" not in page.content()
    page.fill("#id_name", "Karl Kunde")
    page.fill("#id_email", "karl@kunde.invalid")
    page.fill("#id_message", "Wir brauchen Hilfe bei der Gefährdungsbeurteilung.")
    page.wait_for_timeout(3100)  # people take longer than the form's minimum time to write
    page.get_by_role("button", name="Nachricht senden").click()
    assert "Bitte stimmen Sie der Weiterleitung zu" in page.locator(".field-error").inner_text()
    assert page.input_value("#id_message") == "Wir brauchen Hilfe bei der Gefährdungsbeurteilung."
    page.get_by_label("Ich bin einverstanden").check()
    page.get_by_role("button", name="Nachricht senden").click()
    assert page.get_by_text("Ihre Nachricht ist an Nina Neumann weitergeleitet").is_visible()
    assert_accessible("Kontakt gesendet")
    assert mail.outbox[-1].to == ["nina@beispiel.invalid"] and mail.outbox[-1].reply_to == ["karl@kunde.invalid"]

    # Nina changes her name: it waits for OM while the verified profile stays public.
    page.goto("/konto/login/")
    page.fill("input[name=login]", "nina@beispiel.invalid")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/mein-profil/")
    page.goto("/mein-profil/profil/")
    page.fill("#id_name", "Nina Neumann-Berg")
    page.get_by_role("button", name="Speichern und weiter").click()
    page.goto("/mein-profil/")
    assert "Name: Nina Neumann → Nina Neumann-Berg" in page.locator("main").inner_text()
    assert_accessible("Änderungen in Prüfung")
    page.goto(advisor.get_absolute_url())
    assert page.get_by_role("heading", level=1).inner_text() == "Nina Neumann"
