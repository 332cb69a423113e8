"""The site-wide search page /suche/ on the configured backend (database or the real engine):
German matching, types and their counts, dates, highlights, promotions, visibility, bad input."""

import datetime
import re

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from committees.models import AgendaItem, Committee, Decision, MeetingPage
from demo.helpers import demo_document, demo_pdf
from home.models import StandardPage
from search import site
from search.models import UnansweredQuery
from tests.browser import public_pages
from tests.editorial_helpers import count_queries
from tests.factories import make_site_with_home
from tests.search.site_helpers import add_news, add_page, get, titles, umweltcheck_pages

pytestmark = pytest.mark.django_db

HEADER_SEARCH = re.compile(r'<form class="header-search" method="get" action="/suche/" role="search"')


@pytest.fixture
def home():
    return make_site_with_home(title="Offensive Mittelstand")


def test_german_stems_find_inflected_words(client, home, search_index):
    add_page(home, "Netzwerkarbeit", "Die Beschlüsse der Gremien werden in den Regionen umgesetzt.")
    search_index()
    assert titles(get(client, q="Beschluss Region")) == ["Netzwerkarbeit"]


def test_umlauts_and_their_spellings_match(client, home, search_index):
    add_page(home, "Qualitätssicherung", "Die Prüfung der Beratenden übernimmt die AG Qualitätssicherung.")
    search_index()
    for typed in ["Prüfung", "Pruefung", "prufung", "PRÜFUNGEN"]:
        assert titles(get(client, q=typed)) == ["Qualitätssicherung"], typed


def test_synonyms_of_oms_words_match(client, home, search_index):
    add_page(home, "Zusatzqualifikation", "Ein Baustein zur künstlichen Intelligenz für Beratende.")
    search_index()
    assert titles(get(client, q="KI Qualifizierung")) == ["Zusatzqualifikation"]


@pytest.mark.parametrize(
    ("title", "typed", "notice"),
    [
        # nothing has all words: pages with some of them, and the page says so
        ("Umweltcheck", "Umweltcheck Raumfahrt", "Kein Treffer enthält alle Wörter"),
        # no word matches: titles starting with it (German compounds)
        ("Datenschutzerklärung", "Datenschutz", "Titel, die mit ihnen beginnen"),
    ],
)
def test_search_widens_when_nothing_matches_and_says_so(client, home, search_index, title, typed, notice):
    add_page(home, title, "Ein Fragebogen für Betriebe.")
    search_index()
    response = get(client, q=typed)
    assert titles(response) == [title]
    assert notice in response.content.decode()


def test_matching_words_are_marked_in_the_snippet(client, home, search_index):
    add_page(home, "Protokoll", "Der Strategiekreis beschließt den Aufbau regionaler Musternetzwerke bis Ende 2021.")
    search_index()
    response = get(client, q="Musternetzwerke")
    snippet = response.context["items"][0].snippet
    assert "<mark>Musternetzwerke</mark>" in snippet
    assert "<mark>" in response.content.decode()


def test_snippets_escape_the_pages_text(client, home, search_index):
    add_page(home, "Sonderzeichen", "Angebote <script>alert(1)</script> für Betriebe & Partner <b>fett</b>")
    search_index()
    snippet = get(client, q="Betriebe").context["items"][0].snippet
    assert "<script>" not in snippet and "<b>" not in snippet
    assert "<mark>Betriebe</mark> &amp; Partner" in snippet


def test_each_type_has_its_count_and_its_filter(client, home, search_index):
    add_news(home, "Umweltcheck gestartet", "Der Umweltcheck ist da.")
    add_page(home, "Umweltcheck erklärt", "Alles zum Umweltcheck.")
    search_index()
    response = get(client, q="Umweltcheck")
    counts = response.context["result"].counts
    assert counts["neuigkeiten"] == 1 and counts["seiten"] == 1 and counts["produkte"] == 0
    assert response.context["result"].total == 2
    only_news = get(client, q="Umweltcheck", art="neuigkeiten")
    assert titles(only_news) == ["Umweltcheck gestartet"]
    assert only_news.context["result"].total == 1
    assert 'aria-current="true">Neuigkeiten' in only_news.content.decode()


def test_every_type_filter_answers(client, home, search_index):
    add_page(home, "Umweltcheck erklärt", "Alles zum Umweltcheck.")
    search_index()
    for kind in site.KINDS:
        expected = ["Umweltcheck erklärt"] if kind.key == "seiten" else []
        assert titles(get(client, q="Umweltcheck", art=kind.key)) == expected, kind.key


def test_date_filter_uses_the_contents_own_date(client, home, search_index):
    add_news(home, "Netzwerke 2021", "Musternetzwerke entstehen.", date=datetime.date(2021, 4, 26))
    add_news(home, "Netzwerke 2024", "Musternetzwerke berichten.", date=datetime.date(2024, 3, 1))
    search_index()
    assert titles(get(client, q="Musternetzwerke", von="2021-01-01", bis="2021-12-31")) == ["Netzwerke 2021"]
    assert titles(get(client, q="Musternetzwerke", von="2024-01-01")) == ["Netzwerke 2024"]


def test_pages_of_results(client, home, search_index):
    # Different scores: the engine orders equal scores by its internal ids, which merges may change.
    for number in range(site.PER_PAGE + 3):
        add_page(home, f"Teil {number}", "Umweltcheck " * (number + 1) + "und mehr Text " * 20)
    search_index()
    first, second = get(client, q="Umweltcheck"), get(client, q="Umweltcheck", seite=2)
    assert len(first.context["items"]) == site.PER_PAGE and len(second.context["items"]) == 3
    assert not set(titles(first)) & set(titles(second))
    assert "seite=2" in first.context["next_url"]
    beyond = get(client, q="Umweltcheck", seite=3).content.decode()
    assert "Diese Ergebnisseite gibt es nicht" in beyond and "Keine Treffer" not in beyond


def test_promoted_result_comes_first_with_its_label(client, home, search_index):
    target = add_page(home, "Förderprogramme", "Übersicht der Programme.")
    add_page(home, "Umweltcheck", "Fragebogen.")
    search_index()
    SearchPromotion.objects.create(query=Query.get("Umweltcheck"), page=target, description="Geld für Ihren Check")
    body = get(client, q="umweltcheck").content.decode()
    assert "Empfehlung" in body and "Geld für Ihren Check" in body
    assert body.index("Förderprogramme") < body.index('class="search-results"')


def test_unpublished_private_and_expired_pages_are_never_found(client, home, search_index):
    add_page(home, "Öffentlicher Umweltcheck", "Für alle.")
    add_page(home, "Entwurf Umweltcheck", "Noch nicht freigegeben.", live=False)
    private = add_page(home, "Interner Umweltcheck", "Nur für Mitglieder.")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    below_private = private.add_child(instance=StandardPage(title="Umweltcheck intern", intro="Unterseite."))
    expired = add_page(home, "Abgelaufener Umweltcheck", "Vorbei.")
    expired.expire_at = timezone.now() - datetime.timedelta(hours=1)  # the scheduler has not run yet
    expired.save()
    search_index()
    response = get(client, q="Umweltcheck")
    assert titles(response) == ["Öffentlicher Umweltcheck"]
    assert below_private.title not in response.content.decode()
    assert "Umweltcheck intern" not in [t for t in site.autocomplete("Umweltch")]


def test_a_page_taken_offline_behind_the_index_is_not_shown(client, home, search_index):
    """The index can lag behind the database (a bulk change without signals): what is shown is read
    from the database's findable pages, so the offline page is left out and the others stay."""
    add_page(home, "Umweltcheck für alle", "Öffentlich.")
    offline = add_page(home, "Umweltcheck von gestern", "Nicht mehr öffentlich.")
    search_index()
    StandardPage.objects.filter(pk=offline.pk).update(live=False)  # no signal: the index keeps it
    assert titles(get(client, q="Umweltcheck")) == ["Umweltcheck für alle"]


def attach(meeting_parent, document, title="Sitzung mit Anlage", live=True):
    committee, _ = Committee.objects.get_or_create(name="Strategiekreis")
    meeting = MeetingPage(title=title, date=datetime.date(2021, 4, 22), live=live, body=committee)
    meeting.agenda_items = []
    meeting_parent.add_child(instance=meeting)
    item = AgendaItem(title="TOP 1", attachments=[("attachment", {"label": "Anlage 1", "document": document})])
    meeting.agenda_items.add(item)
    meeting.save()
    return meeting


def test_attachment_text_is_found_and_links_to_file_and_page(client, home, search_index):
    document = demo_document("Anlage Compliance", "anlage.pdf", demo_pdf("Anlage", ["Sponsoring wird offengelegt."]))
    meeting = attach(home, document)
    search_index()
    response = get(client, q="Sponsoring")
    [item] = response.context["items"]
    assert item.kind.key == "dokumente" and item.url == document.url and item.file_type == "PDF"
    assert item.carriers == ((meeting.title, meeting.url),)
    assert "<mark>Sponsoring</mark>" in item.snippet


def test_a_result_page_costs_as_many_queries_for_three_documents_as_for_one(client, home, search_index):
    content = demo_pdf("Anlage", ["Sponsoring wird offengelegt."])
    attach(home, demo_document("Anlage 1", "anlage-1.pdf", content), title="Sitzung 1")
    search_index()
    one = count_queries(client, "/suche/?q=Sponsoring")
    for number in (2, 3):
        attach(home, demo_document(f"Anlage {number}", f"anlage-{number}.pdf", content), title=f"Sitzung {number}")
    search_index()
    items = get(client, q="Sponsoring").context["items"]
    carriers = sorted((item.title, [title for title, _ in item.carriers]) for item in items)
    assert carriers == [(f"Anlage {n}", [f"Sitzung {n}"]) for n in (1, 2, 3)]
    assert count_queries(client, "/suche/?q=Sponsoring") == one


def test_documents_of_private_draft_or_restricted_places_are_never_found(client, home, search_index):
    content = demo_pdf("Intern", ["Geheimsache Sponsoring."])
    on_draft = demo_document("Nur im Entwurf", "entwurf.pdf", content)
    attach(home, on_draft, title="Entwurf", live=False)
    on_private = demo_document("Nur privat", "privat.pdf", content)
    private = attach(home, on_private, title="Privat")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    members = Collection.get_first_root_node().add_child(name="Intern")
    CollectionViewRestriction.objects.create(collection=members, restriction_type=CollectionViewRestriction.LOGIN)
    restricted = demo_document("Geschützte Sammlung", "sammlung.pdf", content, collection=members)
    attach(home, restricted, title="Öffentliche Sitzung")
    unused = demo_document("Nirgends verwendet", "nirgends.pdf", content)
    search_index()
    assert site.Scope.now().document_ids == ()
    response = get(client, q="Geheimsache")
    assert response.context["result"].total == 0
    assert site.autocomplete("Nirgends") == [] and site.autocomplete("Geschützte") == []
    assert unused.title not in response.content.decode()


def test_long_input_is_shortened_not_refused(client, home, search_index):
    add_page(home, "Umweltcheck", "Fragebogen.")
    search_index()
    response = get(client, q="Umweltcheck " + "sehr langer Text " * 400)
    query = response.context["query"]
    assert query.shortened and len(query.text.split()) == site.MAX_QUERY_WORDS
    assert len(query.text) <= site.MAX_QUERY_CHARACTERS
    assert "gesucht wurde nach den ersten Wörtern" in response.content.decode()
    assert titles(response) == ["Umweltcheck"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"von": "kaputt"}, "Datum von: Bitte ein gültiges Datum eingeben."),
        ({"von": "2024-05-01", "bis": "2024-01-01"}, "Das Enddatum liegt vor dem Startdatum."),
        ({"seite": "abc"}, "Seite: Bitte eine ganze Zahl eingeben."),
        ({"seite": "999"}, "Seite: Es gibt höchstens 20 Ergebnisseiten; bitte grenzen Sie die Suche ein."),
        ({"seite": "-3"}, "Seite: Dieser Wert muss größer oder gleich 1 sein."),
        ({"art": "geheim"}, "Art: Diese Art gibt es nicht; gesucht wird in allen Arten."),
    ],
)
def test_bad_input_gets_a_german_message_and_the_search_still_runs(client, home, search_index, params, message):
    add_page(home, "Umweltcheck", "Fragebogen.")
    search_index()
    response = get(client, q="Umweltcheck", **params)
    body = response.content.decode()
    assert message in body
    assert 'value="Umweltcheck"' in body  # what the visitor typed stays in the field
    assert titles(response) == ["Umweltcheck"]


def test_no_results_page_helps_and_is_logged_for_editors(client, home, search_index):
    add_page(home, "Produkte", "Unsere Produkte.", show_in_menus=True)
    search_index()
    body = get(client, q="Raumfahrtantrieb").content.decode()
    assert "Keine Treffer" in body and "Prüfen Sie die Schreibweise" in body
    assert "Beraterverzeichnis" in body and ">Produkte</a>" in body
    assert UnansweredQuery.objects.get(query_string="raumfahrtantrieb").hits == 1
    assert Query.get("Raumfahrtantrieb").hits == 1
    get(client, q="Raumfahrtantrieb", seite=1, art="seiten")  # a filter click is not a new search
    assert Query.get("Raumfahrtantrieb").hits == 1


def test_empty_search_shows_the_form_only(client, home):
    response = get(client)
    assert "result" not in response.context
    assert Query.objects.count() == 0


def test_suggestions_while_typing(client, home, search_index):
    add_page(home, "Umweltcheck für Betriebe", "Fragebogen.")
    add_page(home, "Umweltcheck Entwurf", "Fragebogen.", live=False)
    search_index()
    assert client.get("/suche/vorschlaege/", {"q": "Umwel"}).json() == {"vorschlaege": ["Umweltcheck für Betriebe"]}
    assert client.get("/suche/vorschlaege/", {"q": "U"}).json() == {"vorschlaege": []}
    assert client.get("/suche/vorschlaege/", {"q": "x" * 5000}).status_code == 200


def test_header_search_form_on_every_page(demo_snapshot):
    """Every page type of the tree and every public view of the list the browser tests visit
    (tests/browser/public_pages.py), each in the state listed, for its login, followed through
    redirects as a browser does. Without the site's layout by design: the 500 page (no database; it
    carries a search form of its own) and the widget, which partners embed in their pages."""
    demo = public_pages.build(demo_snapshot)
    missing = []
    for entry in public_pages.PUBLIC:
        if entry.template or entry.action or entry.name == "berater-widget":  # a form sent back: same layout
            continue
        client = Client()
        if entry.user:
            client.force_login(demo.users[entry.user], backend="django.contrib.auth.backends.ModelBackend")
        with override_settings(**entry.settings):
            response = client.get(entry.url(demo), follow=True)
        body = response.content.decode()
        if response.status_code != entry.status or HEADER_SEARCH.search(body) is None:
            missing.append(f"{entry.name} (HTTP {response.status_code})")
    assert not missing, "without the header search: " + ", ".join(missing)


def test_what_an_editor_publishes_is_found_with_its_inline_parts(client, home, search_index):
    """Wagtail indexes on save, before a page's inline children are saved: the published version counts."""
    committee = Committee.objects.create(name="Strategiekreis")
    meeting = home.add_child(instance=MeetingPage(title="Plenum", date=datetime.date(2024, 5, 2), body=committee))
    meeting.decisions.add(Decision(title="Leitfaden Energieeffizienz", text="Der Leitfaden wird erstellt."))
    meeting.save_revision().publish()
    search_index()
    assert titles(get(client, q="Leitfaden Energieeffizienz")) == ["Plenum"]


def test_transfer_list_is_found_by_a_problem_added_later(client, home, search_index):
    from transfer.models import KmuProblem, TransferListPage, TransferTopic

    transfer = home.add_child(instance=TransferListPage(title="Transferliste", slug="transfer"))
    topic = TransferTopic.objects.create(name="Arbeit", slug="arbeit")
    KmuProblem.objects.create(
        title="Fachkräftemangel im Handwerk",
        description="Betriebe finden keine Azubis.",
        sectors="Handwerk",
        topic=topic,
    )
    search_index()
    assert titles(get(client, q="Azubis")) == [transfer.title]


def test_transfer_list_is_found_by_the_topic_of_its_problems(client, home, search_index):
    from transfer.models import KmuProblem, TransferListPage, TransferTopic

    transfer = home.add_child(instance=TransferListPage(title="Transferliste", slug="transfer"))
    topic = TransferTopic.objects.create(name="Lieferketten", slug="lieferketten")
    KmuProblem.objects.create(
        title="Nachweise für Großkunden", description="Kunden verlangen Daten.", sectors="Handel", topic=topic
    )
    search_index()
    assert titles(get(client, q="Lieferketten")) == [transfer.title]

    topic.name = "Beschaffung"  # a renamed topic: the list is found by its new name, not the old one
    topic.save()
    search_index()
    assert titles(get(client, q="Beschaffung")) == [transfer.title]
    assert titles(get(client, q="Lieferketten")) == []


def test_an_exact_title_match_comes_first(client, home, search_index):
    umweltcheck_pages(home)
    add_page(home, "Umweltcheck im Handwerk", "Erfahrungen mit dem Umweltcheck in Tischlereien.")
    search_index()
    for typed in ["Umweltcheck", "umweltcheck", "„Umweltcheck“", "Umweltcheck?"]:
        assert titles(get(client, q=typed))[0] == "OM-Potenzialanalyse Umweltschutz (Umweltcheck)", typed
    # Also within the type, and the other hits stay in the list once.
    response = get(client, q="Umweltcheck", art="seiten")
    assert titles(response)[0] == "OM-Potenzialanalyse Umweltschutz (Umweltcheck)" and len(titles(response)) == 3


def test_exact_titles_of_several_types_come_first_also_within_dates(client, home, search_index):
    add_page(home, "Umweltcheck in der Praxis", "Umweltcheck " * 10)
    add_page(home, "Umweltcheck", "Der Fragebogen.")
    add_news(home, "Umweltcheck", "Neue Fassung.", date=datetime.date(2024, 5, 2))
    add_news(home, "Umweltcheck", "Erste Fassung.", date=datetime.date(2021, 4, 28))
    search_index()
    assert titles(get(client, q="Umweltcheck"))[:3] == ["Umweltcheck"] * 3
    within = get(client, q="Umweltcheck", von="2024-01-01")
    assert titles(within)[:2] == ["Umweltcheck"] * 2 and len(titles(within)) == 3


def test_a_result_page_costs_as_many_queries_for_ten_results_as_for_three(client, home, search_index):
    def add(number):
        add_page(home, f"Seite {number}", "Netzwerkarbeit in der Region " * (number + 1))
        add_news(home, f"Meldung {number}", "Netzwerkarbeit " * (number + 1), date=datetime.date(2024, 5, number + 1))

    for number in range(2):
        add(number)
    search_index()
    few = count_queries(client, "/suche/?q=Netzwerkarbeit")
    for number in range(2, 8):
        add(number)
    search_index()
    assert len(titles(get(client, q="Netzwerkarbeit"))) == site.PER_PAGE
    assert count_queries(client, "/suche/?q=Netzwerkarbeit") == few


def test_a_title_part_is_a_name_but_words_within_a_title_are_not(client, home, search_index):
    assert site.title_names("Mittelstand gut beraten – Beraterdatenbank") >= {("beraterdatenbank",)}
    assert ("umweltcheck",) in site.title_names("OM-Potenzialanalyse Umweltschutz (Umweltcheck)")
    assert ("umweltcheck",) not in site.title_names("Treffen der AG Umweltcheck")


def test_a_typo_gets_a_did_you_mean_from_oms_vocabulary(client, home, search_index):
    add_page(home, "Umweltcheck", "Der Umweltcheck ist ein Fragebogen zur Selbstbewertung.")
    search_index()
    response = get(client, q="Umweltchek")
    assert response.context["result"].suggestion == "Umweltcheck"
    html = response.content.decode()
    assert "Meinten Sie" in html and "q=Umweltcheck" in html
    assert titles(get(client, q="Umweltcheck")) == ["Umweltcheck"]
    # Words the site knows stay as typed, also when only some words match.
    assert get(client, q="Umweltcheck").context["result"].suggestion == ""
    assert get(client, q="Fragebogen Xylophon").context["result"].suggestion == ""


def test_the_did_you_mean_vocabulary_follows_publishing(client, home, search_index):
    from engine.client import client as engine_client

    if engine_client() is not None:
        pytest.skip("the database's vocabulary; on the engine its own suggester answers")
    assert get(client, q="Netzwerklotse").context["result"].suggestion == ""
    add_page(home, "Netzwerklotsen", "Qualifizierung für regionale Netzwerke.")
    search_index()
    assert get(client, q="Netzwerklotze").context["result"].suggestion == "Netzwerklotsen"
