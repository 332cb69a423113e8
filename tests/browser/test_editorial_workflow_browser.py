"""An editor (Redaktion) writes a news article and submits it; an approver (Freigabe) approves
it in the admin; it appears on the public news index. All in Chromium."""

import pytest
from django.contrib.auth.models import Group

from news.models import NewsArticlePage, NewsIndexPage
from tests.browser.helpers import log_in_to_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ein-langes-passwort-123"
TITLE = "Plenum bestätigt den Umweltcheck"


@pytest.fixture
def team(django_user_model, demo_snapshot):
    demo_snapshot.restore()
    people = {}
    for username, group in (("redakteurin", "Redaktion"), ("freigeber", "Freigabe")):
        user = django_user_model.objects.create_user(username, password=PASSWORD, email=f"{username}@om-site.invalid")
        user.groups.add(Group.objects.get(name=group))
        people[group] = user
    return people


def log_in(page, username):
    log_in_to_admin(page, username, PASSWORD)


def test_editor_submits_approver_publishes(page, team, assert_accessible):
    news_index = NewsIndexPage.objects.get()

    log_in(page, "redakteurin")
    page.goto(f"/admin/pages/add/news/newsarticlepage/{news_index.pk}/")
    page.fill("#id_title", TITLE)
    page.fill("#id_date", "11.11.2021")
    page.fill("#id_teaser", "Das Plenum hat den Stand der OM-Potenzialanalyse Umweltschutz bestätigt.")
    page.get_by_role("tab", name="Veröffentlichung").click()
    page.fill("#id_slug", "plenum-umweltcheck")
    # The submit action sits in the footer's dropdown; dispatching its click submits the form.
    page.locator('button[name="action-submit"]').dispatch_event("click")
    page.wait_for_url(f"**/admin/pages/{news_index.pk}/")  # back to the section listing
    article = NewsArticlePage.objects.get(title=TITLE)
    assert not article.live
    assert article.current_workflow_state.status == "in_progress"
    assert TITLE not in page.context.request.get("/neuigkeiten/").text()

    log_in(page, "freigeber")
    page.goto(f"/admin/pages/{article.pk}/edit/")
    page.locator('button[data-workflow-action-name="approve"]').first.dispatch_event("click")
    page.wait_for_load_state("networkidle")
    article.refresh_from_db()
    assert article.live

    page.context.clear_cookies()
    page.goto("/neuigkeiten/")
    page.get_by_role("link", name=TITLE).click()
    assert page.locator("h1").inner_text() == TITLE
    assert_accessible("neue Meldung nach Freigabe")
