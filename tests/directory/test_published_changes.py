"""A published advisor keeps their profile current: contact edits go live at once, proof-bearing
changes wait for OM while the verified version stays public."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry, Revision

from directory import gdpr
from directory.models import ClientReference, EntryCriteria, Qualification
from tests.factories import PROOF_PDF, make_site_with_home, published_advisor

pytestmark = pytest.mark.django_db
PDF = PROOF_PDF  # a real PDF: proofs are parsed before they are stored


@pytest.fixture(autouse=True)
def site():
    make_site_with_home()


@pytest.fixture
def advisor():
    advisor = published_advisor(name="Anna Albers", slug="anna-albers", years_experience=5)
    Qualification.objects.create(advisor=advisor, title="Fachkraft", issuer="BG", review="anerkannt")
    return advisor


def profile_data(advisor, **changes):
    fields = ["name", "organisation", "short_profile", "description", "postcode", "city", "fee_model", "website"]
    data = {field: getattr(advisor, field) for field in fields}
    return {**data, "years_experience": advisor.years_experience, "track": advisor.track, **changes}


def review(client, verifier, advisor, action, reason="", **decisions):
    client.force_login(verifier)
    url = f"/admin/beraterverzeichnis/pruefung/{advisor.pk}/"
    qualification_fields = {f"qualifikation_{q.pk}": q.review for q in advisor.qualifications.all()}
    return client.post(url, {"action": action, "reason": reason, **qualification_fields, **decisions})


def test_contact_edits_go_live_at_once(client, advisor):
    client.force_login(advisor.user)
    response = client.post(
        "/mein-profil/profil/", profile_data(advisor, website="https://albers.example", fee_model="Tagessatz")
    )
    assert response.status_code == 302
    advisor.refresh_from_db()
    assert advisor.changes_submitted_at is None  # nothing for OM to check
    html = client.get("/berater/anna-albers/").content.decode()
    assert "https://albers.example" in html


def test_proof_bearing_change_waits_for_om_while_the_verified_version_stays_public(
    client, advisor, verifier, django_capture_on_commit_callbacks
):
    client.force_login(advisor.user)
    client.post("/mein-profil/profil/", profile_data(advisor, name="Anna Albers-Berg", years_experience="9"))
    assert "Anna Albers-Berg" not in client.get("/berater/anna-albers/").content.decode()
    overview = client.get("/mein-profil/").content.decode()
    assert "Änderungen in Prüfung" in overview and "Name: Anna Albers → Anna Albers-Berg" in overview
    # The form shows what the advisor saved, not the older verified value.
    assert 'value="Anna Albers-Berg"' in client.get("/mein-profil/profil/").content.decode()

    client.force_login(verifier)
    queue = client.get("/admin/snippets/directory/advisor/?changes_pending=true").content.decode()
    assert "Anna Albers" in queue
    page = client.get(f"/admin/beraterverzeichnis/pruefung/{advisor.pk}/").content.decode()
    # Side by side: the public (verified) value next to the proposed one.
    assert '<th scope="row">Jahre Beratungserfahrung</th><td>5</td><td><strong>9</strong></td>' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = review(client, verifier, advisor, "aenderungen_uebernehmen", "Urkunde zur Namensänderung liegt vor.")
    assert response.status_code == 302
    advisor.refresh_from_db()
    assert (advisor.name, advisor.years_experience, advisor.status) == ("Anna Albers-Berg", 9, "veroeffentlicht")
    assert advisor.changes_submitted_at is None and advisor.pending_revision is None
    assert "Anna Albers-Berg" in client.get("/berater/anna-albers/").content.decode()
    event = advisor.verification_events.first()
    assert event.actor == verifier and "Name: Anna Albers → Anna Albers-Berg" in event.reason
    assert mail.outbox[-1].to == [advisor.user.email] and "übernommen" in mail.outbox[-1].subject


def test_declining_changes_needs_a_reason_and_keeps_the_verified_values(
    client, advisor, verifier, django_capture_on_commit_callbacks
):
    client.force_login(advisor.user)
    client.post("/mein-profil/profil/", profile_data(advisor, years_experience="30"))
    response = review(client, verifier, advisor, "aenderungen_ablehnen")
    assert "Bitte eine Begründung angeben" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        review(client, verifier, advisor, "aenderungen_ablehnen", "30 Jahre sind nicht belegt.")
    advisor.refresh_from_db()
    assert advisor.years_experience == 5 and advisor.changes_submitted_at is None
    assert "nicht übernommen" in mail.outbox[-1].subject and "30 Jahre sind nicht belegt." in mail.outbox[-1].body


def test_a_new_qualification_is_public_only_once_accepted(client, advisor, verifier):
    client.force_login(advisor.user)
    upload = SimpleUploadedFile("zertifikat.pdf", PDF, content_type="application/pdf")
    client.post(
        "/mein-profil/qualifikationen/", {"title": "KI-Managerin", "issuer": "IHK", "issued_on": "", "proof": upload}
    )
    advisor.refresh_from_db()
    assert advisor.changes_submitted_at is not None
    assert "KI-Managerin" not in client.get("/berater/anna-albers/").content.decode()
    new = advisor.qualifications.get(title="KI-Managerin")
    review(client, verifier, advisor, "aenderungen_uebernehmen", **{f"qualifikation_{new.pk}": "anerkannt"})
    assert "KI-Managerin" in client.get("/berater/anna-albers/").content.decode()


def test_the_last_accepted_qualification_of_a_public_profile_cannot_be_deleted(client, advisor):
    client.force_login(advisor.user)
    qualification = advisor.qualifications.get()
    response = client.post(f"/mein-profil/qualifikation/{qualification.pk}/loeschen/", follow=True)
    assert "mindestens eine anerkannte Qualifikation" in response.content.decode()
    assert Qualification.objects.filter(pk=qualification.pk).exists()


def test_a_junior_is_promoted_to_the_standard_track_once_criteria_are_met(client, verifier):
    junior = published_advisor(name="Jonas Jung", slug="jonas-jung", track="junior", years_experience=1)
    Qualification.objects.create(advisor=junior, title="M.Sc.", issuer="TH Köln", proof="x.pdf", review="anerkannt")
    junior.topics.add("Digitalisierung")
    junior.service_radius_km = 50
    junior.save()
    assert "Nachwuchsberater:in" in client.get("/berater/jonas-jung/").content.decode()
    client.force_login(junior.user)

    response = client.post("/mein-profil/profil/", profile_data(junior, track="standard", city="Köln-Deutz"))
    html = response.content.decode()
    assert "Für den Wechsel fehlen noch: Mindestens 3 Jahre" in html and "Kundenreferenz" in html
    assert 'value="Köln-Deutz"' in html  # nothing entered is lost
    junior.refresh_from_db()
    assert junior.track == "junior" and junior.city == "Bonn"

    for year in (2024, 2025):
        ClientReference.objects.create(
            advisor=junior,
            company=f"Firma {year}",
            contact_name="Frau Beispiel",
            contact_email="kontakt@beispiel.invalid",
            engagement="Digitalisierung",
            year=year,
        )
    junior.years_experience = 3
    junior.save()
    assert "Sie erfüllen die Aufnahmekriterien für den Standardzugang" in client.get("/mein-profil/").content.decode()
    client.post("/mein-profil/profil/", profile_data(junior, track="standard"))
    junior.refresh_from_db()
    assert junior.track == "junior"  # still junior until OM decides
    review(client, verifier, junior, "aenderungen_uebernehmen")
    junior.refresh_from_db()
    assert junior.track == "standard" and junior.criteria == EntryCriteria.current("standard")
    assert "Nachwuchsberater:in" not in client.get("/berater/jonas-jung/").content.decode()


def test_without_pending_changes_there_are_no_changes_to_take_over(client, advisor, verifier):
    response = review(client, verifier, advisor, "aenderungen_uebernehmen")
    assert response.status_code == 200
    assert "im Status „veröffentlicht“ nicht möglich" in response.content.decode()


def test_erasure_removes_proposals_revisions_and_admin_history(client, advisor):
    client.force_login(advisor.user)
    client.post("/mein-profil/profil/", profile_data(advisor, name="Anna Albers-Berg"))
    advisor.refresh_from_db()
    assert Revision.objects.for_instance(advisor).exists() and ModelLogEntry.objects.for_instance(advisor).exists()
    gdpr.erase(advisor.user)
    assert not Revision.objects.filter(object_str__contains="Albers").exists()
    assert not ModelLogEntry.objects.filter(label__contains="Albers").exists()


def test_crafted_posts_of_a_published_advisor_change_no_om_fields(client, advisor):
    client.force_login(advisor.user)
    before = (advisor.status, advisor.verified_at, advisor.verified_until, advisor.criteria_id)
    crafted = profile_data(
        advisor,
        status="gesperrt",
        verified_until="2099-12-31",
        renewal_requested_at="2026-01-01T00:00",
        pending_revision="1",
        authorised_products=["1"],
    )
    client.post("/mein-profil/profil/", crafted)
    advisor.refresh_from_db()
    assert (advisor.status, advisor.verified_at, advisor.verified_until, advisor.criteria_id) == before
    assert advisor.renewal_requested_at is None and advisor.pending_revision is None
    assert not advisor.authorised_products.exists()
