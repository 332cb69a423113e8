"""What an independent consultant meets on the way through /mein-profil/: the entry criteria before
step 1 and the progress at every step (from the same check the submission uses), the preview of the
public profile, locked steps that say why, a chosen photo that survives a validation error, help and
error texts that screen readers can reach, and German plural wording."""

import datetime
import io

import pytest
from bs4 import BeautifulSoup
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from directory import gdpr, photo_stash, verification
from directory.models import AdvisorStatus, ClientReference, EntryCriteria, FederalState, Qualification, Track
from directory.selfservice.progress import STEP_DEFINITIONS
from directory.storage import private_storage
from tests.factories import AdvisorFactory, UserFactory, make_site_with_home, published_advisor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    make_site_with_home()


def page(response):
    assert response.status_code in (200, 400, 409), response.status_code
    return BeautifulSoup(response.content.decode(), "html.parser")


def step_item(soup, number):
    """The progress indicator's entry for step `number` (as a screen reader reads it)."""
    items = soup.select("nav.steps li")
    assert len(items) == len(STEP_DEFINITIONS)
    return " ".join(items[number - 1].get_text(" ").split())


def add_references(advisor, count):
    for n in range(count):
        ClientReference.objects.create(
            advisor=advisor, company=f"Tischlerei {n}", contact_name="Frau Beispiel",
            contact_email=f"k{n}@beispiel.invalid", engagement="Gefährdungsbeurteilung", year=2024,
        )  # fmt: skip


def png(name="portrait.png"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (200, 200), "navy").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def profile_data(**extra):
    data = {
        "name": "Nina Neumann",
        "short_profile": "Arbeitsschutz für Handwerksbetriebe.",
        "postcode": "53113",
        "city": "Bonn",
        "years_experience": "7",
        "track": "standard",
    }
    return {**data, **extra}


def kept_files():
    storage = private_storage()
    return storage.listdir(photo_stash.FOLDER)[1] if storage.exists(photo_stash.FOLDER) else []


# --- criteria and progress -------------------------------------------------------------------------


def test_criteria_of_both_tracks_and_the_step_count_are_shown_before_step_one(client):
    client.force_login(UserFactory())
    soup = page(client.get("/mein-profil/"))
    text = " ".join(soup.main.get_text(" ").split())
    assert "Mindestens 3 Jahre Beratungserfahrung" in text and "Mindestens 2 Kundenreferenzen" in text
    assert "Mindestens eine Qualifikation mit Nachweis" in text
    assert "Mentorin oder Mentor hat die Begleitung bestätigt" in text  # the junior track
    assert "Kundenreferenz(en)" not in text and "Mindestens 0" not in text
    # "vier Schritten" above five steps: the number is the real one, in words and in the list
    assert f"in {len(STEP_DEFINITIONS)} Schritten an" in text and "vier Schritten" not in text
    assert len(soup.select("ol.steps-list li")) == len(STEP_DEFINITIONS)


def test_progress_names_what_is_missing_and_agrees_with_the_submission(client):
    advisor = AdvisorFactory(years_experience=1)
    client.force_login(advisor.user)
    soup = page(client.get("/mein-profil/themen/"))
    assert "0 von 5 Schritten erledigt" in soup.select_one(".steps__summary").get_text()
    assert "offen" in step_item(soup, 1) and "Es fehlt: Mindestens 3 Jahre Beratungserfahrung" in step_item(soup, 1)
    assert "Es fehlt: Mindestens 2 Kundenreferenzen" in step_item(soup, 4)
    assert "Mindestens ein Beratungsthema" in step_item(soup, 2)

    # the submission refuses for exactly what the progress named
    html = client.post("/mein-profil/einreichen/", {"confirm": "on"}).content.decode()
    assert "fehlt: Mindestens 3 Jahre Beratungserfahrung" in html and "fehlt: Mindestens 2 Kundenreferenzen" in html

    advisor.years_experience = 7
    advisor.save()
    add_references(advisor, 2)
    advisor.topics.add("Digitalisierung")
    advisor.states_served = [FederalState.objects.get(code="NW")]
    advisor.save()
    soup = page(client.get("/mein-profil/"))
    assert "erledigt" in step_item(soup, 1) and "Es fehlt" not in step_item(soup, 1)
    assert "erledigt" in step_item(soup, 2) and "erledigt" in step_item(soup, 4)
    assert "Es fehlt: Mindestens eine Qualifikation mit Nachweis" in step_item(soup, 3)
    assert "3 von 5 Schritten erledigt" in soup.select_one(".steps__summary").get_text()


def test_a_junior_is_told_about_the_mentor_not_about_references(client):
    advisor = AdvisorFactory(track=Track.JUNIOR, years_experience=0)
    client.force_login(advisor.user)
    soup = page(client.get("/mein-profil/"))
    assert "Es fehlt: Mentorin oder Mentor hat die Begleitung bestätigt" in step_item(soup, 4)
    assert "Kundenreferenz" not in step_item(soup, 4) and "Jahr" not in step_item(soup, 1)


def test_german_plural_forms_of_the_criteria():
    criteria = EntryCriteria(
        track="standard", version=99, valid_from=datetime.date(2020, 1, 1), min_years_experience=1,
        min_qualifications=2, min_references=1, text="-",
    )  # fmt: skip
    labels = [r.label for r in criteria.requirements()]
    assert "Mindestens ein Jahr Beratungserfahrung" in labels
    assert "Mindestens 2 Qualifikationen mit Nachweis" in labels
    assert "Mindestens eine Kundenreferenz" in labels


# --- preview ---------------------------------------------------------------------------------------


def test_the_preview_shows_the_public_profile_part_marked_as_preview(client):
    advisor = AdvisorFactory(name="Nina Neumann", short_profile="Arbeitsschutz für Handwerksbetriebe.")
    client.force_login(advisor.user)
    submit = page(client.get("/mein-profil/einreichen/"))
    assert submit.find("a", href="/mein-profil/vorschau/")  # linked from the submit step

    soup = page(client.get("/mein-profil/vorschau/"))
    assert "Vorschau – so sieht Ihr Profil nach der Prüfung aus" in soup.select_one(".preview-notice").get_text()
    assert soup.h1.get_text() == "Nina Neumann"
    assert "Arbeitsschutz für Handwerksbetriebe." in soup.select_one(".advisor-profile").get_text()
    assert "Noch nicht von der OM geprüft" in soup.select_one(".advisor-profile .badges").get_text()
    assert client.get(advisor.get_absolute_url()).status_code == 404  # still not public


def test_a_published_advisor_previews_changes_waiting_for_om(client):
    advisor = published_advisor(name="Anna Albers", slug="anna-albers")
    client.force_login(advisor.user)
    fields = ["organisation", "short_profile", "description", "postcode", "city", "fee_model", "website"]
    data = {**{f: getattr(advisor, f) for f in fields}, "name": "Anna Albers-Berg", "years_experience": 5}
    assert client.post("/mein-profil/profil/", {**data, "track": "standard"}).status_code == 302
    assert page(client.get("/mein-profil/vorschau/")).h1.get_text() == "Anna Albers-Berg"
    assert page(client.get("/berater/anna-albers/")).h1.get_text() == "Anna Albers"


# --- locked steps ----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/mein-profil/profil/", "/mein-profil/themen/", "/mein-profil/einreichen/"])
def test_a_submitted_profile_says_why_its_steps_are_locked(client, url):
    advisor = AdvisorFactory(status=AdvisorStatus.SUBMITTED, city="Bonn")
    client.force_login(advisor.user)
    response = client.get(url)
    assert response.status_code == 200  # not a silent redirect to the overview
    soup = page(response)
    assert "Ihr Profil liegt der OM zur Prüfung vor" in soup.select_one(".locked-step").get_text()
    assert soup.find("a", href="/mein-profil/vorschau/") and not soup.select("main form")
    assert soup.select_one('nav.steps a[aria-current="step"]')["href"] == url

    response = client.post(url, profile_data(city="Köln"))
    assert response.status_code == 409 and "liegt der OM zur Prüfung vor" in response.content.decode()
    advisor.refresh_from_db()
    assert advisor.city == "Bonn" and advisor.status == AdvisorStatus.SUBMITTED


def test_the_overview_of_a_submitted_profile_says_it_waits_for_om(client):
    advisor = AdvisorFactory(status=AdvisorStatus.SUBMITTED)
    client.force_login(advisor.user)
    assert "Ihr Profil liegt der OM zur Prüfung vor" in client.get("/mein-profil/").content.decode()


def test_a_published_profile_is_told_when_renewal_opens_instead_of_being_sent_away(client):
    advisor = published_advisor()
    client.force_login(advisor.user)
    response = client.get("/mein-profil/einreichen/")
    html = response.content.decode()
    assert response.status_code == 200 and "Erneuern können Sie ihn in den letzten 60 Tagen vor Ablauf" in html
    assert f"gültig bis {advisor.verified_until.day}. " in html  # a German date in words, not 01.02.2028


# --- photo across a validation error ----------------------------------------------------------------


def test_a_chosen_photo_survives_a_validation_error_and_is_stored_on_success(client):
    advisor = AdvisorFactory()
    client.force_login(advisor.user)
    response = client.post("/mein-profil/profil/", profile_data(postcode="5311", photo_upload=png("../mein foto.png")))
    soup = page(response)
    assert soup.select_one(".field-error").get_text().startswith("Bitte")  # the postcode error
    assert "Ausgewähltes Foto: mein foto.png" in soup.get_text()
    assert soup.find("input", attrs={"name": "discard_kept_photo"})
    advisor.refresh_from_db()
    assert advisor.photo is None and len(kept_files()) == 1

    response = client.post("/mein-profil/profil/", profile_data())  # no file chosen again
    assert response.status_code == 302
    advisor.refresh_from_db()
    assert advisor.photo is not None and "mein" not in advisor.photo.file.name
    assert kept_files() == []  # used once, then gone


def test_a_kept_photo_can_be_dropped(client):
    advisor = AdvisorFactory()
    client.force_login(advisor.user)
    client.post("/mein-profil/profil/", profile_data(postcode="5311", photo_upload=png()))
    assert client.post("/mein-profil/profil/", profile_data(discard_kept_photo="on")).status_code == 302
    advisor.refresh_from_db()
    assert advisor.photo is None and kept_files() == [] and not get_image_model().objects.exists()


def test_an_invalid_photo_is_not_kept_and_still_refused(client):
    advisor = AdvisorFactory()
    client.force_login(advisor.user)
    bad = SimpleUploadedFile("foto.png", b"<html><script>alert(1)</script></html>")
    html = client.post("/mein-profil/profil/", profile_data(postcode="5311", photo_upload=bad)).content.decode()
    assert "als JPEG oder PNG" in html and "Ausgewähltes Foto" not in html and kept_files() == []


def test_kept_photos_go_with_the_account_and_after_a_day(client):
    advisor = AdvisorFactory()
    client.force_login(advisor.user)
    client.post("/mein-profil/profil/", profile_data(postcode="5311", photo_upload=png()))
    assert len(kept_files()) == 1
    photo_stash.remove_stale()
    assert len(kept_files()) == 1  # fresh: stays
    photo_stash.remove_stale(now=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=2))
    assert kept_files() == []

    client.post("/mein-profil/profil/", profile_data(postcode="5311", photo_upload=png()))
    gdpr.erase(advisor.user)
    assert kept_files() == []


# --- screen readers: every aria-describedby points at an element ------------------------------------


def described_ids_exist(response):
    soup = page(response)
    described = soup.select("[aria-describedby]")
    for element in described:
        for target in element["aria-describedby"].split():
            assert soup.find(id=target), f"aria-describedby={target!r} points nowhere"
    return soup, described


def test_help_and_errors_are_reachable_for_screen_readers(client):
    advisor = AdvisorFactory(years_experience=1)
    client.force_login(advisor.user)
    for url in ("/mein-profil/", "/mein-profil/profil/", "/mein-profil/themen/", "/mein-profil/qualifikationen/",
                "/mein-profil/register-und-referenzen/", "/mein-profil/einreichen/", "/mein-profil/vorschau/",
                "/mein-profil/konto-loeschen/"):  # fmt: skip
        described_ids_exist(client.get(url))

    soup, described = described_ids_exist(
        client.post("/mein-profil/profil/", profile_data(postcode="5311", years_experience="x", photo_upload=png()))
    )
    postcode = soup.find("input", attrs={"name": "postcode"})
    assert postcode["aria-invalid"] == "true" and "id_postcode_error" in postcode["aria-describedby"]
    assert "fünfstellige" in soup.find(id="id_postcode_error").get_text()
    photo = soup.find("input", attrs={"name": "photo_upload"})  # help text: the kept photo's name
    assert "Ausgewähltes Foto" in soup.find(id=photo["aria-describedby"]).get_text()

    soup, _ = described_ids_exist(client.post("/mein-profil/themen/", {}))
    topics = soup.find("input", attrs={"name": "topics"}).find_parent("fieldset")  # a group: on the fieldset
    assert topics["aria-describedby"] == "id_topics_error"
    assert soup.find("input", attrs={"name": "topics"})["aria-invalid"] == "true"

    for url, data in (
        ("/mein-profil/qualifikationen/", {"title": ""}),
        ("/mein-profil/register-und-referenzen/", {"formular": "referenz", "referenz-year": "1850"}),
        ("/mein-profil/einreichen/", {}),
        ("/mein-profil/konto-loeschen/", {"password": "falsch"}),
    ):
        soup, described = described_ids_exist(client.post(url, data))
        assert soup.select("[aria-invalid=true]") and described, url


def test_the_rating_form_links_its_errors(client, django_capture_on_commit_callbacks):
    import re

    from ratings import service

    advisor = published_advisor(name="Petra Prüfer")
    with django_capture_on_commit_callbacks(execute=True):
        service.record_engagement(
            advisor, "Tischlerei Beispiel GmbH", "kunde@beispiel.invalid", datetime.date(2025, 10, 1)
        )
    invitation = mail.outbox[-1].body
    assert "im Oktober 2025 beraten" in invitation  # a date in words, not "im 10/2025"
    token = re.search(r"/bewertung/([\w-]+)/", invitation).group(1)
    described_ids_exist(client.get(f"/bewertung/{token}/"))
    soup, described = described_ids_exist(client.post(f"/bewertung/{token}/", {"email": ""}))
    assert soup.select("fieldset.rating-axis[aria-describedby]") and described


def test_a_rejected_advisor_can_submit_again(client, django_capture_on_commit_callbacks):
    advisor = AdvisorFactory(status=AdvisorStatus.SUBMITTED, years_experience=7)
    verification.transition(advisor, AdvisorStatus.IN_REVIEW)
    verification.transition(advisor, AdvisorStatus.REJECTED, reason="Nachweise unvollständig.")
    add_references(advisor, 2)
    advisor.topics.add("Digitalisierung")
    advisor.states_served = [FederalState.objects.get(code="NW")]
    advisor.save()
    Qualification.objects.create(advisor=advisor, title="Fachkraft", issuer="BG", proof="proofs/z.pdf")
    client.force_login(advisor.user)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/mein-profil/einreichen/", {"confirm": "on"})
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert response.status_code == 302, [e.get_text() for e in soup.select(".form-errors, .is-missing")]
    advisor.refresh_from_db()
    assert advisor.status == AdvisorStatus.SUBMITTED
    assert [m.subject for m in mail.outbox] == ["Mittelstand gut beraten: Ihr Profil wurde eingereicht"]


def test_a_form_with_errors_starts_with_a_summary_linking_each_field(client):
    advisor = AdvisorFactory(years_experience=1)
    client.force_login(advisor.user)

    response = client.post("/mein-profil/profil/", profile_data(postcode="5311", years_experience="x"))

    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.find(attrs={"data-error-summary": True})
    assert summary is not None and summary["role"] == "alert"
    form = summary.find_parent("form")
    assert form.find(attrs={"data-error-summary": True}) is summary  # above the fields, inside the form
    links = {a["href"]: a.get_text() for a in summary.find_all("a")}
    assert links["#id_postcode"] == "Postleitzahl des Büros"
    assert all(soup.find(id=href[1:]) for href in links)
    assert "gespeichert ist noch nichts" in summary.get_text()


def test_the_daily_job_deletes_photos_of_abandoned_forms(client):
    import os
    from io import StringIO

    from django.core.management import call_command

    from directory.storage import private_storage

    advisor = AdvisorFactory()
    client.force_login(advisor.user)
    client.post("/mein-profil/profil/", profile_data(postcode="5311", photo_upload=png()))
    (name,) = kept_files()
    two_days_ago = (datetime.datetime.now() - datetime.timedelta(days=2)).timestamp()
    os.utime(private_storage().path(f"{photo_stash.FOLDER}/{name}"), (two_days_ago, two_days_ago))

    call_command("run_directory_daily", stdout=StringIO())

    assert kept_files() == []
