import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError

from directory import verification
from directory.models import AdvisorStatus, EntryCriteria, ExternalRegistration, Qualification, VerificationEvent
from tests.factories import AdvisorFactory, make_site_with_home, published_advisor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site():
    make_site_with_home()


@pytest.mark.parametrize("status", [s for s in AdvisorStatus if s != AdvisorStatus.PUBLISHED])
def test_unpublished_profiles_do_not_exist_for_visitors(client, status):
    advisor = AdvisorFactory(status=status, slug="versteckt")
    assert client.get(advisor.get_absolute_url()).status_code == 404


def test_published_profile_shows_verified_facts_and_json_ld(client):
    advisor = published_advisor(name="Anna Albers", slug="anna-albers")
    advisor.qualifications = [
        Qualification(
            title="Fachkraft für Arbeitssicherheit", issuer="BG", review="anerkannt", reviewed_at=advisor.verified_at
        ),
        Qualification(title="Ungeprüfter Kurs", issuer="X"),
    ]
    advisor.registrations = [
        ExternalRegistration(
            register="bafa", identifier="BAFA-123", consent_to_show=False, verified_at=advisor.verified_at
        ),
        ExternalRegistration(
            register="dena",
            identifier="DENA-9",
            consent_to_show=True,
            consent_at=advisor.updated_at,
            verified_at=advisor.verified_at,
        ),
    ]
    advisor.save()
    html = client.get("/berater/anna-albers/").content.decode()
    assert "Von der OM geprüft am" in html and "So prüft die Offensive Mittelstand" in html
    assert "Fachkraft für Arbeitssicherheit" in html and "Ungeprüfter Kurs" not in html
    assert "DENA-9" in html and "BAFA-123" not in html  # numbers only with consent
    assert "@beispiel.invalid" not in html  # the e-mail address is never shown
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "Person" and data["name"] == "Anna Albers"
    assert data["address"]["postalCode"] == "53113"


def test_json_ld_cannot_break_out_of_its_script_block(client):
    payload = "</script><script>alert(1)</script>"
    published_advisor(name=payload, slug="boese")
    response = client.get("/berater/boese/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert r"\u003C/script\u003E\u003Cscript\u003Ealert(1)\u003C/script\u003E" in block  # escaped in place
    assert json.loads(block)["name"] == payload  # and still the name to a JSON reader


def test_publishing_records_dates_criteria_log_and_tells_the_advisor(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        advisor = published_advisor()
    assert (advisor.verified_until - advisor.verified_at).days == 730
    assert advisor.criteria == EntryCriteria.current("standard")
    log = list(VerificationEvent.objects.filter(advisor=advisor).values_list("from_status", "to_status"))
    assert ("in_pruefung", "veroeffentlicht") in log
    assert mail.outbox[-1].to == [advisor.user.email]
    assert "veröffentlicht" in mail.outbox[-1].subject


def test_invalid_transitions_and_rejections_without_reason_fail_in_german():
    advisor = AdvisorFactory(status=AdvisorStatus.DRAFT)
    with pytest.raises(ValidationError, match="ist nicht möglich"):
        verification.transition(advisor, AdvisorStatus.PUBLISHED)
    verification.transition(advisor, AdvisorStatus.SUBMITTED)
    verification.transition(advisor, AdvisorStatus.IN_REVIEW)
    with pytest.raises(ValidationError, match="Begründung"):
        verification.transition(advisor, AdvisorStatus.REJECTED, reason="  ")
    advisor.refresh_from_db()
    assert advisor.status == AdvisorStatus.IN_REVIEW


def test_unknown_postcode_is_rejected_in_german():
    advisor = AdvisorFactory.build(postcode="00000")
    with pytest.raises(ValidationError) as error:
        advisor.full_clean(exclude=["user", "slug"])
    assert "Diese Postleitzahl ist uns nicht bekannt." in str(error.value)


def test_verifier_accepts_proofs_and_approves_with_a_logged_decision(client, verifier):
    advisor = AdvisorFactory(status=AdvisorStatus.IN_REVIEW)
    qualification = Qualification.objects.create(advisor=advisor, title="Fachkraft", issuer="BG", proof="nachweis.pdf")
    client.force_login(verifier)
    url = f"/admin/beraterverzeichnis/pruefung/{advisor.pk}/"
    assert client.get(url).status_code == 200
    field = f"qualifikation_{qualification.pk}"
    response = client.post(url, {"action": "freigeben", "reason": "", field: "offen"})
    assert "mindestens eine Qualifikation anerkannt" in response.content.decode()  # nothing accepted yet
    response = client.post(url, {"action": "freigeben", "reason": "Nachweise vollständig.", field: "anerkannt"})
    assert response.status_code == 302
    advisor.refresh_from_db()
    qualification.refresh_from_db()
    assert advisor.status == AdvisorStatus.PUBLISHED
    assert qualification.review == "anerkannt" and qualification.reviewed_at == advisor.verified_at
    event = advisor.verification_events.first()
    assert (event.actor, event.reason) == (verifier, "Nachweise vollständig.")
    listing = client.get("/admin/snippets/directory/advisor/?status=in_pruefung")
    assert listing.status_code == 200


def test_rejection_without_reason_keeps_the_form_and_changes_nothing(client, verifier):
    advisor = AdvisorFactory(status=AdvisorStatus.IN_REVIEW)
    client.force_login(verifier)
    response = client.post(f"/admin/beraterverzeichnis/pruefung/{advisor.pk}/", {"action": "ablehnen", "reason": ""})
    assert response.status_code == 200
    assert "Bitte eine Begründung angeben" in response.content.decode()
    advisor.refresh_from_db()
    assert advisor.status == AdvisorStatus.IN_REVIEW


@pytest.mark.parametrize("group", [None, "Redaktion", "Freigabe", "Forschungspartner"])
def test_only_verifiers_may_decide(client, django_user_model, group):
    advisor = AdvisorFactory(status=AdvisorStatus.IN_REVIEW)
    user = django_user_model.objects.create_user("jemand", password="ein-langes-passwort-123")
    if group:
        user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    response = client.post(f"/admin/beraterverzeichnis/pruefung/{advisor.pk}/", {"action": "freigeben"})
    assert response.status_code in (302, 403)
    advisor.refresh_from_db()
    assert advisor.status == AdvisorStatus.IN_REVIEW


def test_review_queue_filters_by_topic_state_and_age(client, verifier):
    import datetime

    from django.utils import timezone

    from directory.models import ConsultingTopic, FederalState

    ki = ConsultingTopic.objects.get(name="Künstliche Intelligenz")
    old = AdvisorFactory(
        name="Alte Einreichung",
        status=AdvisorStatus.SUBMITTED,
        submitted_at=timezone.now() - datetime.timedelta(days=40),
    )
    old.topics.set([ki])
    old.states_served = [FederalState.objects.get(code="BY")]
    old.save()
    AdvisorFactory(name="Neue Einreichung", status=AdvisorStatus.SUBMITTED, submitted_at=timezone.now())
    client.force_login(verifier)

    def names(query):
        html = client.get(f"/admin/snippets/directory/advisor/?{query}").content.decode()
        return {n for n in ("Alte Einreichung", "Neue Einreichung") if n in html}

    assert names("status=eingereicht") == {"Alte Einreichung", "Neue Einreichung"}
    assert names(f"topics={ki.pk}") == {"Alte Einreichung"}
    assert names(f"states_served={FederalState.objects.get(code='BY').pk}") == {"Alte Einreichung"}
    cutoff = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert names(f"submitted_before={cutoff}") == {"Alte Einreichung"}


def test_verification_log_is_read_only_with_export(client, verifier):
    advisor = AdvisorFactory(status=AdvisorStatus.SUBMITTED)
    verification.transition(advisor, AdvisorStatus.IN_REVIEW, actor=verifier)
    client.force_login(verifier)
    listing = client.get("/admin/directory/verificationevent/")
    assert listing.status_code == 200 and advisor.name in listing.content.decode()
    export = client.get("/admin/directory/verificationevent/?export=csv")
    assert export.status_code == 200 and advisor.name in b"".join(export.streaming_content).decode()
    assert client.get("/admin/directory/verificationevent/create/").status_code in (302, 403)


def test_every_decision_shows_in_the_admin_history(client, verifier):
    advisor = AdvisorFactory(status=AdvisorStatus.SUBMITTED)
    verification.transition(advisor, AdvisorStatus.IN_REVIEW, actor=verifier)
    verification.transition(advisor, AdvisorStatus.REJECTED, actor=verifier, reason="Nachweis unleserlich.")
    client.force_login(verifier)
    html = client.get(f"/admin/snippets/directory/advisor/history/{advisor.pk}/").content.decode()
    assert "Status: in Prüfung → abgelehnt – Nachweis unleserlich." in html
    assert "Status: eingereicht → in Prüfung" in html and "Prüfentscheidung" in html
