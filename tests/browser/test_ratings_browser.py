"""A client opens the invitation, rates and sees the confirmation; the advisor replies and
objects to another rating, which disappears; OM decides in the admin. axe on every page,
including a profile with its radar chart."""

import datetime
import re
from urllib.parse import urlparse

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from ratings import service
from ratings.models import Rating, RatingStatus
from tests.browser.helpers import log_in_to_admin
from tests.factories import RatingFactory, make_site_with_home, member_of, published_advisor, tree_root

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ein-sehr-langes-passwort-2026"


@pytest.fixture
def advisor():
    tree_root()
    make_site_with_home()
    advisor = published_advisor(name="Petra Prüfer")
    advisor.user.set_password(PASSWORD)
    advisor.user.save()
    EmailAddress.objects.create(user=advisor.user, email=advisor.user.email, verified=True, primary=True)
    for score in (4, 5, 3):
        RatingFactory(engagement__advisor=advisor, scores=score)
    # given last month, so that today's rating is no burst
    Rating.objects.update(created_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=30))
    member_of("Verifizierung", "pruefer", password=PASSWORD, email="pruefer@om-site.invalid")
    return advisor


def test_rate_reply_object_and_decide(page, advisor, assert_accessible):
    service.record_engagement(
        advisor, "Tischlerei Beispiel GmbH", "chefin@tischlerei.example", datetime.date(2026, 9, 1)
    )
    link = re.search(r"https?://\S+/bewertung/\S+/", mail.outbox[-1].body).group(0)

    # The client rates through the invitation.
    page.goto(urlparse(link).path)  # the e-mail names the production host
    assert_accessible("Bewertungsformular")
    page.get_by_role("button", name="Bewertung abgeben").click()
    assert "Bitte für „Fachkompetenz“ 1 bis 5 Punkte wählen." in page.locator("main").inner_text()
    for radio_group in page.locator("fieldset.rating-axis").all():
        radio_group.get_by_label("5").check()
    page.get_by_label("Ihre E-Mail-Adresse").fill("chefin@tischlerei.example")
    page.get_by_role("textbox", name="Kommentar").fill("Sehr hilfreich bei der Gefährdungsbeurteilung.")
    page.get_by_label("Ich bin mit der Veröffentlichung").check()
    page.get_by_role("button", name="Bewertung abgeben").click()
    assert page.get_by_role("heading", name="Vielen Dank!").is_visible()
    assert_accessible("Bewertung abgegeben")

    # The advisor replies to it and objects to another one.
    page.goto("/konto/login/")
    page.fill("input[name=login]", advisor.user.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/mein-profil/")
    page.goto("/mein-profil/bewertungen/")
    assert_accessible("Meine Bewertungen")
    new = Rating.objects.get(engagement__company="Tischlerei Beispiel GmbH")
    card = page.locator(f"#bewertung-{new.pk}")
    card.get_by_label("Ihre öffentliche Antwort").fill("Danke für den Auftrag!")
    card.get_by_role("button", name="Antwort veröffentlichen").click()
    assert page.get_by_text("Ihre Antwort ist veröffentlicht.").is_visible()

    doubtful = Rating.objects.filter(advisor=advisor).exclude(pk=new.pk).order_by("pk").last()
    card = page.locator(f"#bewertung-{doubtful.pk}")
    card.locator("summary").click()
    card.get_by_label("Warum beanstanden Sie die Bewertung?").fill("Diesen Auftrag gab es nicht.")
    card.get_by_role("button", name="Beanstanden").click()
    assert page.get_by_text("bis zur Entscheidung der OM ausgeblendet").is_visible()
    page.goto(advisor.get_absolute_url())
    assert "in Prüfung" in page.locator("#bewertungen").inner_text()

    # OM decides, with a reason everyone is told.
    log_in_to_admin(page, "pruefer", PASSWORD)
    page.goto(f"/admin/bewertungen/{doubtful.pk}/entscheiden/")
    assert "Diesen Auftrag gab es nicht." in page.locator("main").inner_text()
    page.get_by_label("Entfernen").check()
    page.get_by_label("Begründung").fill("Die bewertende Person hat den Auftrag nicht belegt.")
    page.get_by_role("button", name="Entscheiden und alle Beteiligten informieren").click()
    page.wait_for_url("**/admin/snippets/ratings/rating/")
    doubtful.refresh_from_db()
    assert doubtful.status == RatingStatus.REMOVED
    assert "Die bewertende Person hat den Auftrag nicht belegt." in mail.outbox[-1].body

    # The public profile: three counted ratings, the chart and its table, the reply.
    page.context.clear_cookies()
    page.goto(advisor.get_absolute_url())
    ratings = page.locator("#bewertungen")
    assert "aus 3 geprüften Bewertungen" in ratings.inner_text()
    chart = page.get_by_role("img", name=re.compile("Bewertungen von Petra Prüfer als Netzdiagramm"))
    assert chart.is_visible() and chart.bounding_box()["width"] > 200
    assert "Antwort von Petra Prüfer" in ratings.inner_text() and "in Prüfung" not in ratings.inner_text()
    assert_accessible("Profil mit Bewertungen")
