import datetime

import pytest

from committees.models import AgendaItem, Decision, DecisionRegisterPage, MeetingIndexPage, MeetingPage, Person
from news.models import NewsArticlePage, NewsIndexPage
from tests.editorial_helpers import count_queries
from tests.factories import (
    CommitteeFactory,
    DecisionRegisterPageFactory,
    MeetingIndexPageFactory,
    MeetingPageFactory,
    NewsIndexPageFactory,
    PartnerOrganisationFactory,
    ProductIndexPageFactory,
    ProductPageFactory,
    add_decision,
    make_site_with_home,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def meetings():
    home = make_site_with_home()
    index = MeetingIndexPageFactory(parent=home, slug="sitzungen")
    register = DecisionRegisterPageFactory(parent=index, slug="beschluesse")
    return home, index, register


def test_creation_rules(meetings):
    home, index, register = meetings
    assert MeetingPage.can_create_at(index)
    assert not MeetingPage.can_create_at(home)
    assert MeetingIndexPage.can_create_at(home)
    assert not DecisionRegisterPage.can_create_at(index)  # only one register
    news = NewsIndexPageFactory(parent=home)
    assert not MeetingPage.can_create_at(news)
    assert NewsIndexPage.allowed_subpage_models() == [NewsArticlePage]


def test_meeting_page_shows_agenda_speakers_attachments_and_decisions(client, meetings):
    _, index, _ = meetings
    org = PartnerOrganisationFactory(name="Institut für Mittelstandsforschung Bonn", short_name="IfM Bonn")
    speaker = Person.objects.create(name="Dr. Annette Icks", organisation=org)
    meeting = MeetingPageFactory(parent=index, slug="sk-2021", title="4. Treffen des Strategiekreises", participants=42)
    item = AgendaItem(number="1", title="Neues aus der Offensive", start_time=datetime.time(11, 15))
    item.speakers = [speaker]
    meeting.agenda_items = [item]
    meeting.save_revision().publish()
    add_decision(meeting, agenda_number="1", title="Compliance beschlossen", status=Decision.Status.DONE)

    html = client.get("/sitzungen/sk-2021/").content.decode()
    assert "TOP 1: Neues aus der Offensive" in html
    assert "Dr. Annette Icks (IfM Bonn)" in html
    assert "11:15" in html
    assert "42" in html
    assert "Compliance beschlossen" in html and "ohne Gegenstimmen" in html and "erledigt" in html


def test_register_lists_filters_and_links_decisions(client, meetings):
    home, index, _ = meetings
    qs = CommitteeFactory(name="AG Qualitätssicherung")
    strategy = CommitteeFactory(name="Strategiekreis", kind="strategiekreis")
    product = ProductPageFactory(
        parent=ProductIndexPageFactory(parent=home, slug="produkte"), slug="ki", title="Zusatzqualifikation KI"
    )
    m2021 = MeetingPageFactory(parent=index, slug="m2021", body=strategy, date=datetime.date(2021, 4, 22))
    m2022 = MeetingPageFactory(parent=index, slug="m2022", body=qs, date=datetime.date(2022, 3, 1))
    add_decision(m2021, title="KI-Produkt entwickeln", status="in_umsetzung", implemented_by=product)
    add_decision(m2022, title="Netzwerkvereinbarung", status="offen", responsible=qs)

    def titles(query=""):
        response = client.get(f"/sitzungen/beschluesse/{query}")
        assert response.status_code == 200
        html = response.content.decode()
        return {t for t in ("KI-Produkt entwickeln", "Netzwerkvereinbarung") if t in html}, html

    found, html = titles()
    assert found == {"KI-Produkt entwickeln", "Netzwerkvereinbarung"}
    assert 'href="/sitzungen/m2021/#beschluss-' in html  # back to its meeting
    assert 'href="/produkte/ki/"' in html  # forward to what implemented it
    assert titles("?status=offen")[0] == {"Netzwerkvereinbarung"}
    assert titles(f"?gremium={strategy.pk}")[0] == {"KI-Produkt entwickeln"}
    assert titles("?jahr=2022")[0] == {"Netzwerkvereinbarung"}
    # Nonsense filter values are ignored, never a 500.
    assert titles("?status=<script>&gremium=abc&jahr=zwanzig")[0] == {"KI-Produkt entwickeln", "Netzwerkvereinbarung"}


def test_register_hides_decisions_of_unpublished_meetings(client, meetings):
    _, index, _ = meetings
    meeting = MeetingPageFactory(parent=index, slug="entwurf")
    add_decision(meeting, title="Vertraulicher Entwurf")
    meeting.unpublish()
    assert "Vertraulicher Entwurf" not in client.get("/sitzungen/beschluesse/").content.decode()


def test_product_page_shows_the_decisions_that_created_it(client, meetings):
    home, index, _ = meetings
    product = ProductPageFactory(parent=ProductIndexPageFactory(parent=home, slug="produkte"), slug="ki")
    meeting = MeetingPageFactory(parent=index, slug="sk")
    add_decision(meeting, title="Produkt KI wird entwickelt", implemented_by=product)
    html = client.get("/produkte/ki/").content.decode()
    assert "Beschlüsse zu diesem Produkt" in html and "Produkt KI wird entwickelt" in html


def test_register_and_meeting_query_counts_do_not_grow_with_items(client, meetings):
    _, index, _ = meetings
    org = PartnerOrganisationFactory()
    meeting = MeetingPageFactory(parent=index, slug="gross")

    def fill(n):
        items = []
        for i in range(n):
            item = AgendaItem(number=str(i + 1), title=f"Thema {i}")
            item.speakers = [Person.objects.create(name=f"Person {n}-{i}", organisation=org)]
            items.append(item)
        meeting.agenda_items = items
        meeting.decisions = [Decision(agenda_number=str(i + 1), title=f"B {i}", text="Text") for i in range(n)]
        meeting.save_revision().publish()

    fill(2)
    small = count_queries(client, "/sitzungen/gross/"), count_queries(client, "/sitzungen/beschluesse/")
    fill(12)
    large = count_queries(client, "/sitzungen/gross/"), count_queries(client, "/sitzungen/beschluesse/")
    assert small == large


def test_agenda_attachments_link_to_their_documents(client, meetings):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    _, index, _ = meetings
    document = Document(title="Compliance-Regelung")
    document.file.save("compliance.txt", ContentFile(b"Regelung"), save=False)
    document.save()
    meeting = MeetingPageFactory(parent=index, slug="mit-anlage")
    meeting.agenda_items = [
        AgendaItem(
            number="2", title="Compliance", attachments=[("attachment", {"label": "Anlage 2", "document": document})]
        )
    ]
    meeting.save_revision().publish()
    html = client.get("/sitzungen/mit-anlage/").content.decode()
    assert f'<a href="{document.url}">Anlage 2</a>' in html
    assert client.get(document.url).status_code == 200
