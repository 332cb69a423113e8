"""The verifiers' review screen, queue and dashboard panel: only possible decisions are offered, a
refused submit keeps everything entered, the profile is shown as the public will see it, the queue
starts with whoever has waited longest, and the dashboard says how much is waiting."""

import datetime
import re

import pytest
import wagtail_factories
from django.core import mail
from django.utils import timezone

from directory import verification
from directory.models import AdvisorStatus, ExternalRegistration, Qualification
from directory.review_queue import waiting_label
from tests.factories import AdvisorFactory, make_site_with_home, member_of, published_advisor

pytestmark = pytest.mark.django_db
QUEUE = "/admin/snippets/directory/advisor/"


@pytest.fixture(autouse=True)
def site():
    make_site_with_home()


def review_url(advisor):
    return f"/admin/beraterverzeichnis/pruefung/{advisor.pk}/"


def advisor_in(status, **fields):
    """An advisor in `status` with one qualification (accepting it makes a release possible)."""
    if status == AdvisorStatus.PUBLISHED:
        advisor = published_advisor(**fields)
    else:
        advisor = AdvisorFactory(status=status, submitted_at=timezone.now(), **fields)
    Qualification.objects.create(advisor=advisor, title="Fachkraft", issuer="BG", proof="nachweis.pdf")
    return advisor


def offered(client, advisor):
    html = client.get(review_url(advisor)).content.decode()
    select = re.search(r'<select name="action".*?</select>', html, re.S).group(0)
    return [value for value in re.findall(r'<option value="([^"]*)"', select) if value]


def decide(client, advisor, action, reason="Begründung für das Protokoll.", **fields):
    qualifications = {f"qualifikation_{q.pk}": "anerkannt" for q in advisor.qualifications.all()}
    return client.post(review_url(advisor), {"action": action, "reason": reason, **qualifications, **fields})


@pytest.mark.parametrize(
    ("status", "changes_waiting"),
    [(status, False) for status in AdvisorStatus] + [(AdvisorStatus.PUBLISHED, True)],
)
def test_every_decision_offered_is_one_the_status_machine_accepts(client, verifier, status, changes_waiting):
    client.force_login(verifier)

    def fresh():
        advisor = advisor_in(status)
        if changes_waiting:
            verification.request_change_review(advisor)
        return advisor

    choices = offered(client, fresh())
    assert choices, f"nothing to decide for „{status.label}“"
    for action in choices:
        advisor = fresh()
        response = decide(client, advisor, action)
        assert response.status_code == 302, f"„{action}“ offered for „{status.label}“ but refused"
        advisor.refresh_from_db()
        assert advisor.verification_events.filter(actor=verifier).exists()


def test_a_submitted_application_cannot_be_published_without_review(client, verifier):
    client.force_login(verifier)
    advisor = advisor_in(AdvisorStatus.SUBMITTED)
    assert "freigeben" not in offered(client, advisor)
    assert set(offered(client, advisor)) == {"in_pruefung", "zurueckgeben", "sperren"}
    assert set(offered(client, advisor_in(AdvisorStatus.IN_REVIEW))) == {"freigeben", "ablehnen", "sperren"}
    response = decide(client, advisor, "freigeben")  # posted anyway (an old tab): refused, nothing changes
    assert response.status_code == 200 and "im Status „eingereicht“ nicht möglich" in response.content.decode()
    advisor.refresh_from_db()
    assert advisor.status == AdvisorStatus.SUBMITTED


def test_a_refused_submit_keeps_every_decision_and_note_and_writes_nothing(client, verifier):
    advisor = AdvisorFactory(status=AdvisorStatus.IN_REVIEW, submitted_at=timezone.now())
    first = Qualification.objects.create(advisor=advisor, title="Fachkraft", issuer="BG", proof="nachweis.pdf")
    second = Qualification.objects.create(advisor=advisor, title="Kurs", issuer="VHS", proof="kurs.pdf")
    bafa = ExternalRegistration.objects.create(advisor=advisor, register="bafa", identifier="BAFA-1")
    dena = ExternalRegistration.objects.create(advisor=advisor, register="dena", identifier="DENA-2")
    client.force_login(verifier)
    entered = {
        f"qualifikation_{first.pk}": "anerkannt",
        f"qualifikation_{first.pk}_notiz": "Urkunde im Original gesehen.",
        f"qualifikation_{second.pk}": "abgelehnt",
        f"qualifikation_{second.pk}_notiz": "Nur Teilnahmebescheinigung.",
        f"register_{bafa.pk}": "on",
    }
    response = client.post(review_url(advisor), {"action": "ablehnen", "reason": "  ", **entered})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Die Entscheidung ist nicht gespeichert" in html
    assert "Bitte eine Begründung angeben" in html
    assert 'aria-describedby="id_reason_error"' in html and 'id="id_reason_error"' in html
    assert re.search(rf'name="qualifikation_{first.pk}".*?<option value="anerkannt" selected>', html, re.S)
    assert re.search(rf'name="qualifikation_{second.pk}".*?<option value="abgelehnt" selected>', html, re.S)
    assert "Urkunde im Original gesehen.</textarea>" in html and "Nur Teilnahmebescheinigung.</textarea>" in html
    assert re.search(rf'<input type="checkbox" name="register_{bafa.pk}"[^>]*checked', html)
    assert not re.search(rf'<input type="checkbox" name="register_{dena.pk}"[^>]*checked', html)
    assert re.search(r'<option value="ablehnen" selected>', html)
    first.refresh_from_db()
    bafa.refresh_from_db()
    advisor.refresh_from_db()
    assert (first.review, first.review_reason, bafa.verified_at) == ("offen", "", None)
    assert advisor.status == AdvisorStatus.IN_REVIEW

    # Corrected and sent again: every decision and note is stored with the step.
    response = client.post(review_url(advisor), {"action": "ablehnen", "reason": "Nachweise fehlen.", **entered})
    assert response.status_code == 302
    first.refresh_from_db()
    bafa.refresh_from_db()
    assert (first.review, first.review_reason) == ("anerkannt", "Urkunde im Original gesehen.")
    assert bafa.verified_at == timezone.localdate()


def test_returning_an_application_for_revision_tells_the_advisor_why(
    client, verifier, django_capture_on_commit_callbacks
):
    advisor = advisor_in(AdvisorStatus.SUBMITTED)
    client.force_login(verifier)
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(client, advisor, "zurueckgeben", reason="Bitte den Nachweis vollständig hochladen.")
    assert response.status_code == 302
    advisor.refresh_from_db()
    assert advisor.status == AdvisorStatus.DRAFT
    assert mail.outbox[-1].to == [advisor.user.email]
    assert "wieder zur Bearbeitung offen" in mail.outbox[-1].subject
    assert "Bitte den Nachweis vollständig hochladen." in mail.outbox[-1].body


def test_too_few_accepted_qualifications_keep_the_entries_too(client, verifier):
    advisor = advisor_in(AdvisorStatus.IN_REVIEW)
    qualification = advisor.qualifications.get()
    client.force_login(verifier)
    data = {
        "action": "freigeben",
        "reason": "",
        f"qualifikation_{qualification.pk}": "abgelehnt",
        f"qualifikation_{qualification.pk}_notiz": "Aussteller unbekannt.",
    }
    html = client.post(review_url(advisor), data).content.decode()
    assert "mindestens eine Qualifikation anerkannt sein (zurzeit 0)" in html
    assert "Aussteller unbekannt.</textarea>" in html and '<option value="abgelehnt" selected>' in html


def test_the_review_shows_the_profile_as_the_public_will_see_it(client, verifier, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    advisor = advisor_in(
        AdvisorStatus.SUBMITTED,
        name="Anna Albers",
        short_profile="Arbeitsschutz für Handwerksbetriebe.",
        description="Seit 2010 berate ich Tischlereien.",
        website="https://albers.example",
        photo=wagtail_factories.ImageFactory(title="Porträt"),
    )
    advisor.topics.add("Arbeitsschutz")
    advisor.save()  # the cluster's tags are written with the advisor
    client.force_login(verifier)
    html = client.get(review_url(advisor)).content.decode()
    assert "So erscheint das Profil nach der Freigabe" in html
    assert "Arbeitsschutz für Handwerksbetriebe." in html and "Seit 2010 berate ich Tischlereien." in html
    assert "<dt>Beratungsthemen</dt><dd>Arbeitsschutz</dd>" in html
    assert 'href="https://albers.example"' in html
    assert re.search(r'<img [^>]*class="advisor-photo"', html)
    assert "Noch nicht von der OM geprüft" in html  # as it stands today: nothing verified yet


def test_new_proofs_of_a_published_profile_appear_beside_the_public_state(client, verifier):
    advisor = advisor_in(AdvisorStatus.PUBLISHED, name="Anna Albers")
    Qualification.objects.create(advisor=advisor, title="KI-Managerin", issuer="IHK", proof="ki.pdf")
    verification.request_change_review(advisor)
    client.force_login(verifier)
    html = client.get(review_url(advisor)).content.decode()
    assert "So sieht die Öffentlichkeit das Profil" in html
    assert '<th scope="row">Qualifikation (neu)</th><td>–</td><td><strong>KI-Managerin (IHK)</strong></td>' in html


@pytest.mark.parametrize(
    ("days", "label"),
    [(0, "wartet seit heute"), (1, "wartet seit 1 Tag"), (2, "wartet seit 2 Tagen"), (21, "wartet seit 21 Tagen")],
)
def test_waiting_time_in_correct_german(days, label):
    today = datetime.date(2026, 3, 10)
    since = timezone.make_aware(datetime.datetime(2026, 3, 10, 9) - datetime.timedelta(days=days))
    assert waiting_label(since, today=today) == label


def test_the_queue_starts_with_whoever_has_waited_longest(client, verifier):
    now = timezone.now()
    AdvisorFactory(name="Zora Neu", status=AdvisorStatus.SUBMITTED, submitted_at=now - datetime.timedelta(days=1))
    AdvisorFactory(name="Xaver Mittel", status=AdvisorStatus.IN_REVIEW, submitted_at=now - datetime.timedelta(days=3))
    changed = published_advisor(name="Yvonne Geändert")
    changed.changes_submitted_at = now - datetime.timedelta(days=10)
    changed.save()
    published_advisor(name="Anton Fertig")  # nothing waiting: after every waiting profile
    client.force_login(verifier)

    html = client.get(QUEUE).content.decode()
    positions = [html.index(name) for name in ("Yvonne Geändert", "Xaver Mittel", "Zora Neu", "Anton Fertig")]
    assert positions == sorted(positions)
    for label in ("wartet seit 10 Tagen", "wartet seit 3 Tagen", "wartet seit 1 Tag"):
        assert re.search(rf">\s*{label}\s*<", html), label

    waiting = client.get(f"{QUEUE}?queue=alle").content.decode()
    assert "Anton Fertig" not in waiting and "Zora Neu" in waiting
    changes = client.get(f"{QUEUE}?queue=aenderungen").content.decode()
    assert "Yvonne Geändert" in changes and "Zora Neu" not in changes
    for query in ("q=Zora", "q=Zora&ordering=waiting_since", "ordering=-waiting_since"):
        assert client.get(f"{QUEUE}?{query}").status_code == 200


def panel_counts(html):
    return dict(re.findall(r'\?queue=\w+">([^<]+)</a></td><td>(\d+)</td>', html))


def test_the_dashboard_tells_verifiers_how_much_is_waiting(client, verifier):
    now = timezone.now()
    for days in (2, 5):
        AdvisorFactory(status=AdvisorStatus.SUBMITTED, submitted_at=now - datetime.timedelta(days=days))
    AdvisorFactory(name="Ida Prüfling", status=AdvisorStatus.IN_REVIEW, submitted_at=now - datetime.timedelta(days=9))
    verification.request_change_review(published_advisor())
    renewing = published_advisor()
    verification.request_renewal(renewing)
    AdvisorFactory(status=AdvisorStatus.DRAFT)
    client.force_login(verifier)

    html = client.get("/admin/").content.decode()
    assert "Prüfwarteschlange Beraterverzeichnis" in html
    assert panel_counts(html) == {
        "eingereicht": "2",
        "in Prüfung": "1",
        "Änderungen zu prüfen": "1",
        "Erneuerung beantragt": "1",
    }
    assert "Am längsten wartet Ida Prüfling (wartet seit 9 Tagen)" in html
    assert f'href="{QUEUE}?queue=alle"' in html


@pytest.mark.parametrize("group", ["Redaktion", "Freigabe"])
def test_the_dashboard_panel_is_only_for_verifiers(client, group):
    AdvisorFactory(status=AdvisorStatus.SUBMITTED, submitted_at=timezone.now())
    client.force_login(member_of(group, "jemand"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Prüfwarteschlange" not in response.content.decode()


def test_a_qualification_without_proof_cannot_be_accepted(client, verifier):
    advisor = AdvisorFactory(status=AdvisorStatus.IN_REVIEW, submitted_at=timezone.now())
    unproven = Qualification.objects.create(advisor=advisor, title="Fachkraft", issuer="BG")
    client.force_login(verifier)

    response = client.post(
        review_url(advisor),
        {"action": "freigeben", "reason": "Passt.", f"qualifikation_{unproven.pk}": "anerkannt"},
    )

    assert response.status_code == 200
    assert "Ohne Nachweis kann diese Qualifikation nicht anerkannt werden" in response.content.decode()
    unproven.refresh_from_db()
    advisor.refresh_from_db()
    assert (unproven.review, advisor.status) == ("offen", AdvisorStatus.IN_REVIEW)


def test_a_decision_on_a_profile_someone_else_decided_meanwhile_writes_nothing(verifier):
    from django.core.exceptions import ValidationError

    from directory.admin_views import ReviewForm
    from directory.models import Advisor

    advisor = advisor_in(AdvisorStatus.IN_REVIEW)
    qualification = advisor.qualifications.get()
    seen = Advisor.objects.get(pk=advisor.pk)  # what the first verifier's request loaded
    form = ReviewForm(
        {"action": "freigeben", "reason": "Passt.", f"qualifikation_{qualification.pk}": "anerkannt"}, advisor=seen
    )
    assert form.is_valid()
    verification.transition(Advisor.objects.get(pk=advisor.pk), AdvisorStatus.REJECTED, reason="Nachweis unleserlich.")

    with pytest.raises(ValidationError, match="inzwischen entschieden"):
        form.save(actor=verifier)
    qualification.refresh_from_db()
    assert Advisor.objects.get(pk=advisor.pk).status == AdvisorStatus.REJECTED and qualification.review == "offen"
