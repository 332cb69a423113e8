import pytest

from home.models import HomePage
from tests.editorial_helpers import count_queries
from tests.factories import make_site_with_home, member_of
from transfer.models import KmuProblem, ResearchProject, TransferListPage, TransferTopic

pytestmark = pytest.mark.django_db


@pytest.fixture
def transfer():
    home = make_site_with_home()
    page = home.add_child(instance=TransferListPage(title="Transferliste", slug="transfer"))
    topic = TransferTopic.objects.create(name="Digitalisierung und KI", slug="digitalisierung-ki")
    other = TransferTopic.objects.create(name="Umwelt und Energie", slug="umwelt-energie")
    ki = KmuProblem.objects.create(title="KI einführen", description="…", topic=topic, sectors="Handwerk")
    KmuProblem.objects.create(title="Umweltpotenziale erkennen", description="…", topic=other, sectors="Handel")
    return page, ki


def project(title, problem, live=True):
    p = ResearchProject(title=title, funder="BMBF", live=live)
    p.problems = [problem]
    p.save()
    return p


@pytest.fixture
def research_partner(db):
    return member_of("Forschungspartner", "bmbf")


def test_list_shows_problems_with_published_projects_only(client, transfer):
    _, ki = transfer
    project("KI-Lotsen", ki)
    project("Unveröffentlichter Entwurf", ki, live=False)
    html = client.get("/transfer/").content.decode()
    assert "KI einführen" in html and "KI-Lotsen" in html
    assert "Unveröffentlichter Entwurf" not in html


def test_list_filters_by_topic(client, transfer):
    html = client.get("/transfer/?thema=umwelt-energie").content.decode()
    assert "Umweltpotenziale erkennen" in html and "KI einführen" not in html
    html = client.get("/transfer/?thema=%3Cscript%3Ealert(1)%3C%2Fscript%3E").content.decode()
    assert "Keine Einträge für diese Auswahl" in html and "<script>alert" not in html


def test_list_query_count_does_not_grow_with_projects(client, transfer):
    _, ki = transfer
    project("P0", ki)
    small = count_queries(client, "/transfer/")
    for i in range(1, 8):
        project(f"P{i}", ki)
    assert count_queries(client, "/transfer/") == small


def test_only_one_transfer_list_below_home(transfer):
    page, _ = transfer
    assert not TransferListPage.can_create_at(page.get_parent())
    assert TransferListPage.allowed_parent_page_models() == [HomePage]


def test_research_partner_adds_projects_as_drafts_and_cannot_touch_pages(client, transfer, research_partner):
    page, ki = transfer
    client.force_login(research_partner)
    data = {
        "title": "Transfer-Labor KMU",
        "problems": [ki.pk],
        "funder": "BMBF",
        "partners": "",
        "url": "",
        "start": "",
        "end": "",
        "action-publish": "action-publish",
    }
    response = client.post("/admin/snippets/transfer/researchproject/add/", data, follow=True)
    assert response.redirect_chain  # the admin's listing shows (and so uses up) its success message
    created = ResearchProject.objects.get(title="Transfer-Labor KMU")
    assert not created.live  # asked to publish, but the group has no publish permission
    assert list(created.problems.all()) == [ki]
    assert "Transfer-Labor KMU" not in client.get("/transfer/").content.decode()
    perms = page.permissions_for_user(research_partner)
    assert not perms.can_edit() and not perms.can_publish()
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403)


def test_project_form_rejects_end_before_start_in_german(client, transfer, research_partner):
    _, ki = transfer
    client.force_login(research_partner)
    data = {"title": "Zeitreise", "problems": [ki.pk], "funder": "BMBF", "start": "2024-01-01", "end": "2023-01-01"}
    response = client.post("/admin/snippets/transfer/researchproject/add/", data)
    assert response.status_code == 200  # form shown again with what was entered
    html = response.content.decode()
    assert "Das Ende der Laufzeit darf nicht vor dem Beginn liegen." in html
    assert 'value="Zeitreise"' in html
    assert not ResearchProject.objects.filter(title="Zeitreise").exists()
