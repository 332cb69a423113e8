"""Replies, objections with the rater's statement, OM's decision with reasons told to everyone,
reports by anyone (DSA Art. 16), and the one-year record of removed ratings."""

import datetime
import re
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from ratings import service
from ratings.models import CommentState, Engagement, Rating, RatingStatus
from tests.factories import PROOF_PDF, EngagementFactory, RatingFactory, member_of, published_advisor
from tests.ratings.conftest import CLIENT_EMAIL, form_data

pytestmark = pytest.mark.django_db
PDF = PROOF_PDF  # a real PDF: proofs are parsed before they are stored


@pytest.fixture
def moderator(db):
    return member_of("Verifizierung", "pruefer", email="pruefer@om-site.invalid")


@pytest.fixture
def rated(client, advisor, invited, moderator, django_capture_on_commit_callbacks):
    """A rating with a comment, given through the invitation; the advisor is logged in."""
    _, token = invited
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/bewertung/{token}/", form_data(score=2, comment="Viel versprochen, wenig gehalten."))
    client.force_login(advisor.user)
    mail.outbox.clear()
    return Rating.objects.get()


def test_the_comment_waits_for_om_and_the_advisor_replies_once(client, rated, advisor):
    assert rated.comment_state == CommentState.PENDING
    assert "Viel versprochen" not in client.get(advisor.get_absolute_url()).text

    assert 'href="/mein-profil/bewertungen/"' in client.get("/mein-profil/").text
    page = client.get("/mein-profil/bewertungen/")
    assert page.status_code == 200 and "Viel versprochen" in page.text  # the advisor sees it
    response = client.post(f"/mein-profil/bewertungen/{rated.pk}/antwort/", {f"antwort-{rated.pk}-reply": "Danke."})
    assert response.status_code == 302
    again = client.post(f"/mein-profil/bewertungen/{rated.pk}/antwort/", {f"antwort-{rated.pk}-reply": "Nochmal."})
    assert again.status_code == 302
    rated.refresh_from_db()
    assert rated.reply == "Danke."
    assert "Antwort von Petra Prüfer" in client.get(advisor.get_absolute_url()).text


def test_an_objection_hides_the_rating_asks_the_rater_and_om_decides(
    client, rated, advisor, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/mein-profil/bewertungen/{rated.pk}/beanstanden/",
            {f"beanstandung-{rated.pk}-objection": "Dieses Unternehmen habe ich nie beraten."},
        )
    rated.refresh_from_db()
    assert rated.status == RatingStatus.DISPUTED
    profile = client.get(advisor.get_absolute_url()).text
    assert "in Prüfung" in profile and "Noch keine geprüften Bewertungen" in profile
    to_rater = next(m for m in mail.outbox if m.to == [CLIENT_EMAIL])
    assert "Dieses Unternehmen habe ich nie beraten." in to_rater.body
    assert any(m.to == ["pruefer@om-site.invalid"] for m in mail.outbox)

    link = re.search(r"/bewertung/stellungnahme/([\w-]+)/", to_rater.body).group(0)
    client.logout()
    proof = SimpleUploadedFile("angebot.pdf", PDF, content_type="application/pdf")
    answer = client.post(link, {"statement": "Workshop am 12.09.2026 in Bonn, Rechnung anbei.", "proof": proof})
    assert answer.status_code == 200 and "Stellungnahme ist bei der Offensive Mittelstand eingegangen" in answer.text
    assert client.post(link, {"statement": "Noch einmal."}).status_code == 410  # single use

    rated.refresh_from_db()
    assert client.get(f"/admin/bewertungen/{rated.pk}/beleg/").status_code in (302, 404)  # not for visitors
    client.force_login(advisor.user)
    assert client.get(f"/admin/bewertungen/{rated.pk}/beleg/").status_code in (302, 404)  # nor the advisor
    client.force_login(moderator)
    assert client.get(f"/admin/bewertungen/{rated.pk}/beleg/").status_code == 200

    page = client.get(f"/admin/bewertungen/{rated.pk}/entscheiden/")
    assert "Workshop am 12.09.2026" in page.text and "Beleg herunterladen" in page.text
    short = client.post(f"/admin/bewertungen/{rated.pk}/entscheiden/", {"keep": "1", "reason": "ok"})
    assert short.status_code == 400  # a decision needs a real reason
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/bewertungen/{rated.pk}/entscheiden/",
            {"keep": "1", "comment_ok": "1", "reason": "Der Auftrag ist durch die Rechnung belegt."},
        )
    rated.refresh_from_db()
    assert rated.status == RatingStatus.PUBLISHED and rated.comment_state == CommentState.APPROVED
    assert rated.decided_by == moderator
    told = sorted(address for m in mail.outbox for address in m.to)
    assert told == sorted([advisor.user.email, CLIENT_EMAIL])
    assert all("Der Auftrag ist durch die Rechnung belegt." in m.body for m in mail.outbox)
    assert "Viel versprochen, wenig gehalten." in client.get(advisor.get_absolute_url()).text


def test_anyone_can_report_a_rating_and_is_told_the_reasons_of_a_removal(
    client, moderator, django_capture_on_commit_callbacks
):
    rating = RatingFactory(engagement__advisor=published_advisor(name="Rita Rot"))
    form = client.get(f"/bewertung/melden/{rating.pk}/")
    assert form.status_code == 200
    bad = client.post(f"/bewertung/melden/{rating.pk}/", {"reason": "falsch", "explanation": ""})
    assert bad.status_code == 400 and "Dieses Feld muss ausgefüllt werden." in bad.text
    sent = client.post(
        f"/bewertung/melden/{rating.pk}/",
        {"reason": "kein_auftrag", "explanation": "Das ist eine Mitbewerberin.", "email": "hinweis@beispiel.example"},
    )
    assert sent.status_code == 200 and "Ihre Meldung ist eingegangen" in sent.text
    assert any(m.to == ["pruefer@om-site.invalid"] for m in mail.outbox)

    client.force_login(moderator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/admin/bewertungen/{rating.pk}/entscheiden/",
            {"keep": "0", "reason": "Kein Auftrag nachweisbar; die Bewertung wird entfernt."},
        )
    rating.refresh_from_db()
    assert rating.status == RatingStatus.REMOVED and rating.reports.get().handled_at
    assert "hinweis@beispiel.example" in [address for m in mail.outbox for address in m.to]
    assert client.get(f"/bewertung/melden/{rating.pk}/").status_code == 404  # nothing left to report

    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=364)):
        assert service.purge_removed() == 0  # kept for the record
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=366)):
        assert service.purge_removed() == 1
    assert not Rating.objects.filter(pk=rating.pk).exists()


def test_an_advisor_touches_only_their_own_ratings(client, rated):
    other = published_advisor(name="Fremde Person")
    client.force_login(other.user)
    for action, field in (("antwort", "reply"), ("beanstanden", "objection")):
        prefix = "antwort" if action == "antwort" else "beanstandung"
        response = client.post(f"/mein-profil/bewertungen/{rated.pk}/{action}/", {f"{prefix}-{rated.pk}-{field}": "x"})
        assert response.status_code == 404
    rated.refresh_from_db()
    assert rated.reply == "" and rated.status == RatingStatus.PUBLISHED
    assert "Viel versprochen" not in client.get("/mein-profil/bewertungen/").text


def test_only_moderators_decide(client, rated, advisor):
    response = client.get(f"/admin/bewertungen/{rated.pk}/entscheiden/")
    assert response.status_code in (302, 403)  # the advisor has no admin access at all
    editor = member_of("Redaktion", "redakteurin")
    client.force_login(editor)
    assert client.get(f"/admin/bewertungen/{rated.pk}/entscheiden/").status_code in (302, 403)


def test_om_records_an_engagement_and_lists_are_read_only(
    client, advisor, moderator, django_capture_on_commit_callbacks
):
    client.force_login(moderator)
    assert client.get("/admin/snippets/ratings/engagement/").status_code == 200
    assert "Auftrag erfassen" in client.get("/admin/snippets/ratings/engagement/").text
    bad = client.post("/admin/bewertungen/auftrag-erfassen/", {"advisor": advisor.pk, "company": "Hof Korn"})
    assert bad.status_code == 400 and 'value="Hof Korn"' in bad.text
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(
            "/admin/bewertungen/auftrag-erfassen/",
            {
                "advisor": advisor.pk,
                "company": "Hof Korn",
                "contact_email": "hof@korn.example",
                "month": "05/2026",
                "confirm": "on",
            },
        )
    assert done.status_code == 302
    assert mail.outbox[-1].to == ["hof@korn.example"] and "/bewertung/" in mail.outbox[-1].body
    assert advisor.engagements.get().recorded_by == moderator

    rating = RatingFactory(engagement__advisor=advisor)
    assert client.get("/admin/snippets/ratings/rating/").status_code == 200
    for url in ("/admin/snippets/ratings/rating/add/", f"/admin/snippets/ratings/rating/edit/{rating.pk}/"):
        assert client.get(url).status_code in (302, 403)  # only through invitation and decision


def test_the_daily_run_deletes_unused_invitations_and_old_removals(advisor):
    unused = EngagementFactory(advisor=advisor)
    RatingFactory(
        engagement__advisor=advisor, status=RatingStatus.REMOVED, removed_at=datetime.datetime.now(datetime.UTC)
    )
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=90 + 89)
    with time_machine.travel(later):
        call_command("run_directory_daily", stdout=StringIO())
    assert Engagement.objects.filter(pk=unused.pk).exists()  # expired 89 days ago: still kept
    with time_machine.travel(later + datetime.timedelta(days=2)):
        call_command("run_directory_daily", stdout=StringIO())
    assert not Engagement.objects.filter(pk=unused.pk).exists()
    assert Rating.objects.filter(status=RatingStatus.REMOVED).exists()  # removals stay a year
    with time_machine.travel(later + datetime.timedelta(days=200)):
        call_command("run_directory_daily", stdout=StringIO())
    assert not Rating.objects.exists()
