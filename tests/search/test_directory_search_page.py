"""/berater/: the search page a visitor uses (whichever implementation answers)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Site

from directory.models import Advisor, AdvisorStatus, ConsultingTopic
from ratings.models import CriteriaVersion
from tests.editorial_helpers import count_queries
from tests.factories import (
    AdvisorFactory,
    ProductIndexPageFactory,
    ProductPageFactory,
    RatingFactory,
    make_site_with_home,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed():
    make_site_with_home()
    digital = ConsultingTopic.objects.get(name="Digitalisierung")
    for n in range(12):
        advisor = AdvisorFactory(name=f"Beraterin {n:02d}", postcode="53113", status=AdvisorStatus.PUBLISHED)
        advisor.topics.set([digital])
        advisor.save()
    AdvisorFactory(name="Noch Ungeprüft", postcode="53113", status=AdvisorStatus.SUBMITTED)
    call_command("rebuild_directory_index", stdout=StringIO())


def test_result_cards_show_what_the_profile_offers(client, listed):
    products = ProductIndexPageFactory(parent=Site.objects.get(is_default_site=True).root_page)
    umweltcheck = ProductPageFactory(parent=products, title="OM-Potenzialanalyse Umweltschutz")
    advisor = Advisor.objects.get(name="Beraterin 00")
    advisor.authorised_products.set([umweltcheck])
    advisor.topics.add(ConsultingTopic.objects.get(name="Energieeffizienz"))
    advisor.save()

    html = client.get("/berater/?q=Beraterin 00&plz=50667&umkreis=50").content.decode()
    card = re.search(r'<li class="result-card">(.*?)</li>\s*</ol>', html, re.S).group(1)
    assert "Beraterin 00" in card and "28 km entfernt" in card and "28 km vom Ort der Postleitzahl 50667" in card
    assert "Autorisiert: OM-Potenzialanalyse Umweltschutz" in card
    assert "Themen: Digitalisierung, Energieeffizienz" in card


def heading(html):
    return re.search(r'<h2 id="treffer"[^>]*>([^<]*)', html).group(1)


def test_search_page_lists_pages_and_keeps_the_query_in_shareable_urls(client, listed):
    html = client.get("/berater/?q=Digitalisierung&thema=digitalisierung").content.decode()
    assert heading(html) == "12 Beratende gefunden"
    assert 'value="digitalisierung" id="f-thema-1" checked' in html
    assert "Noch Ungeprüft" not in html
    assert "keine" in html and "bezahlten Platzierungen" in html  # ranking disclosure
    next_url = re.search(r'<a href="\?([^"]+)" rel="next"', html).group(1).replace("&amp;", "&")
    assert "q=Digitalisierung" in next_url and "thema=digitalisierung" in next_url and "seite=2" in next_url
    second = client.get(f"/berater/?{next_url}").content.decode()
    assert "Seite 2 von 2" in second and "Beraterin 11" in second


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ("plz=5311", "Postleitzahl: Bitte eine fünfstellige Postleitzahl angeben."),
        ("plz=00000", "Postleitzahl: Diese Postleitzahl ist uns nicht bekannt."),
        ("umkreis=7", "Umkreis: Bitte eine gültige Auswahl treffen."),
        ("seite=abc", "Seite: Bitte eine ganze Zahl eingeben."),
        ("sortierung=teuer", "Sortierung: Bitte eine gültige Auswahl treffen."),
    ],
)
def test_bad_input_is_explained_and_the_rest_still_searches(client, listed, params, message):
    response = client.get(f"/berater/?q=Digitalisierung&{params}")
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert 'value="Digitalisierung"' in html and heading(html) == "12 Beratende gefunden"


def test_nobody_in_the_radius_offers_a_wider_one_and_the_nearest_network(client, listed):
    from wagtail.models import Site

    from tests.factories import NetworkIndexPageFactory, NetworkPageFactory

    home = Site.objects.get(is_default_site=True).root_page
    networks = NetworkIndexPageFactory(parent=home, slug="netzwerke")
    NetworkPageFactory(parent=networks, title="Musternetzwerk München", region="München", postcode="80331")
    NetworkPageFactory(parent=networks, title="Musternetzwerk Köln", region="Köln", postcode="50667")
    html = client.get("/berater/?plz=85354&umkreis=10").content.decode()  # Freising, near München
    assert heading(html).startswith("0 Beratende gefunden")
    assert "Im Umkreis von 10 km um 85354 haben wir niemanden gefunden." in html
    assert 'umkreis=25">Im Umkreis von 25 km suchen</a>' in html
    assert "Musternetzwerk München</a> (München, etwa 30 km)" in html


def test_suggestions_offer_topics_and_published_names_only(client, listed):
    assert "Digitalisierung" in client.get("/berater/vorschlaege/?q=Digi").json()["vorschlaege"]
    assert "Beraterin 00" in client.get("/berater/vorschlaege/?q=Berat").json()["vorschlaege"]
    assert client.get("/berater/vorschlaege/?q=Noch").json() == {"vorschlaege": []}  # not verified yet
    assert client.get("/berater/vorschlaege/?q=B").json() == {"vorschlaege": []}  # too short to suggest


def reindex():
    call_command("rebuild_directory_index", stdout=StringIO())


def cards(html):
    return re.findall(r'<li class="result-card">(.*?)</li>\s*(?=<li class="result-card">|</ol>)', html, re.S)


def test_why_here_is_plain_german_and_names_a_bundesland_service_area(client, listed):
    from directory.models import FederalState

    far = AdvisorFactory(name="Hanna Hoff", postcode="48143", city="Münster", status=AdvisorStatus.PUBLISHED)
    far.topics.set([ConsultingTopic.objects.get(name="Digitalisierung")])
    far.states_served.set([FederalState.objects.get(code="NW")])
    far.save()
    reindex()

    html = client.get("/berater/?q=Digitalisierung&plz=53113&umkreis=10&sortierung=entfernung&seite=2").content.decode()
    hanna = next(card for card in cards(html) if "Hanna Hoff" in card)
    reason = re.search(r'<p class="ranking-reason">(.*?)</p>', hanna, re.S).group(1)
    assert "passt zu Ihrem Suchbegriff „Digitalisierung“" in reason and "km vom Ort der Postleitzahl 53113" in reason
    assert "Einsatzgebiet ist das ganze Bundesland Nordrhein-Westfalen, zu dem die Postleitzahl 53113 gehört" in reason
    for card in cards(html):
        assert "Textrelevanz" not in card and not re.search(r"\d\.\d", card)  # no raw score, no English decimal
    # The heading does not claim a radius the Bundesland hit lies outside of; the line below explains.
    assert heading(html) == "13 Beratende gefunden"
    assert "deren Einsatzgebiet (ein größerer Umkreis oder ein ganzes Bundesland) 53113 einschließt" in html


def test_page_numbers_link_to_each_page(client, listed):
    html = client.get("/berater/?thema=digitalisierung").content.decode()
    pages = re.search(r'<nav class="pagination"[^>]*>(.*?)</nav>', html, re.S).group(1)
    assert (
        '<span class="pagination__current" aria-current="page"><span class="visually-hidden">Seite </span>1</span>'
        in pages
    )
    second = re.search(r'<a href="\?([^"]+)"><span class="visually-hidden">Seite </span>2</a>', pages).group(1)
    page_two = client.get("/berater/?" + second.replace("&amp;", "&")).content.decode()
    assert "thema=digitalisierung" in second and "Beraterin 11" in page_two and "Beraterin 00" not in page_two


def test_page_numbers_skip_the_middle_of_long_result_lists(rf):
    from directory.views import _page_links

    numbers = [number for number, _ in _page_links(rf.get("/berater/", {"q": "x"}), 6, 12)]
    assert numbers == [1, None, 4, 5, 6, 7, 8, None, 12]  # None: "…"
    assert _page_links(rf.get("/berater/"), 1, 1) == []


def facet_counts(html, legend):
    fieldset = re.search(rf"<legend>{legend}</legend>(.*?)</fieldset>", html, re.S).group(1)
    return {
        label: int(n) for label, n in re.findall(r'<label for="[^"]+">([^<]+?) <span class="count">\((\d+)\)', fieldset)
    }


def test_the_map_links_each_land_with_the_facet_counts_and_has_a_table(client, listed):
    from directory.models import FederalState

    for n, codes in ((0, ["NW"]), (1, ["NW", "RP"]), (2, ["BY"])):
        advisor = Advisor.objects.get(name=f"Beraterin {n:02d}")
        advisor.states_served.set(FederalState.objects.filter(code__in=codes))
        advisor.save()
    reindex()

    html = client.get("/berater/?q=Digitalisierung").content.decode()
    svg = re.search(r'<svg class="state-map__svg"(.*?)</svg>', html, re.S).group(0)
    assert 'role="group" aria-labelledby="karte-titel"' in svg
    links = dict(re.findall(r'<a href="\?([^"]+)" class="state-map__land[^"]*" aria-label="([^"]+)"', svg))
    labels = sorted(links.values())
    assert labels == [
        "Bayern: 1 beratende Person",
        "Nordrhein-Westfalen: 2 Beratende",
        "Rheinland-Pfalz: 1 beratende Person",
    ]
    assert {f"{land}: {n}" for land, n in facet_counts(html, "Bundesland").items()} == {
        label.replace(" Beratende", "").replace(" beratende Person", "") for label in labels
    }
    table = re.search(r'<details class="state-map__table">(.*?)</details>', html, re.S).group(1)
    assert re.search(r"<a href=\"[^\"]+\">Bayern</a></th><td>1</td>", table)
    assert '<th scope="row">Hessen</th><td>0</td>' in table  # all 16 Länder, also those without anyone
    assert table.count("<tr>") == 17

    nrw = next(url for url, label in links.items() if label.startswith("Nordrhein"))
    filtered = client.get("/berater/?" + nrw.replace("&amp;", "&")).content.decode()
    assert "q=Digitalisierung" in nrw and heading(filtered) == "2 Beratende gefunden"
    assert 'aria-label="Nordrhein-Westfalen: 2 Beratende" aria-current="true"' in filtered


def test_counts_use_german_plural_forms(client, listed):
    assert heading(client.get("/berater/?q=Beraterin 03").content.decode()) == "1 beratende Person gefunden"
    assert heading(client.get("/berater/?q=Digitalisierung").content.decode()) == "12 Beratende gefunden"


def test_search_forms_are_valid_html_without_an_empty_action(client, listed):
    for url in ("/berater/", "/berater/widget/"):
        html = client.get(url).content.decode()
        assert 'action=""' not in html and "<form " in html
    assert '<form method="get" action="/berater/"' in client.get("/berater/?q=x").content.decode()


def test_profile_links_back_to_the_results_the_visitor_came_from(client, listed):
    profile = Advisor.objects.get(name="Beraterin 04").get_absolute_url()
    results = "/berater/?q=Digitalisierung&seite=2"
    came = client.get(profile, headers={"referer": f"http://testserver{results}"}).content.decode()
    assert f'<a class="back-link" href="{results.replace("&", "&amp;")}">Zurück zu den Suchergebnissen</a>' in came
    for referer in ("", "https://elsewhere.example/berater/?q=x", "http://testserver/news/"):
        html = client.get(profile, headers={"referer": referer}).content.decode()
        assert '<a class="back-link" href="/berater/">Zur Beratersuche</a>' in html


def test_the_site_search_names_one_matching_advisor_in_the_singular(client, listed):
    one = client.get("/suche/", {"q": "Beraterin 03"}).content.decode()
    assert "Die passende beratende Person im Verzeichnis</a>" in one and "Alle 1 " not in one
    many = client.get("/suche/", {"q": "Digitalisierung"}).content.decode()
    assert "Alle 12 passenden Beratenden im Verzeichnis</a>" in many


def test_rated_cards_show_their_average_and_cost_one_query_more_however_many(client, listed):
    url = "/berater/?q=Beraterin"
    unrated = count_queries(client, url)
    assert "Bewertungen: noch keine" in client.get(url).content.decode()
    first, second = Advisor.objects.filter(name__in=["Beraterin 00", "Beraterin 01"]).order_by("name")
    for value in (3, 4, 5):
        RatingFactory(engagement__advisor=first, scores=value)
    rated = count_queries(client, url)
    RatingFactory(engagement__advisor=second, scores=2)
    assert count_queries(client, url) == rated == unrated + 1  # the scores, asked only once a card has ratings
    shown = {re.search(r"Beraterin \d\d", card).group(): card for card in cards(client.get(url).content.decode())}
    enough, few = shown["Beraterin 00"], shown["Beraterin 01"]
    assert "Bewertungen: <strong>4,0 von 5</strong> aus 3" in enough and "<svg" in enough
    assert "Bewertungen: <strong>2,0 von 5</strong> aus 1" in few and "<svg" not in few
    assert "Bewertungen: noch keine" in shown["Beraterin 02"]


def test_a_renamed_criterion_is_shown_at_once(client, listed, django_capture_on_commit_callbacks):
    advisor = Advisor.objects.get(name="Beraterin 00")
    for _ in range(3):
        RatingFactory(engagement__advisor=advisor)
    criterion = CriteriaVersion.current().criteria.first()
    assert criterion.label in client.get(advisor.get_absolute_url()).content.decode()
    criterion.label = "Termintreue und Erreichbarkeit"
    with django_capture_on_commit_callbacks(execute=True):  # the editor's save commits
        criterion.save()
    assert "Termintreue und Erreichbarkeit" in client.get(advisor.get_absolute_url()).content.decode()
