"""A visitor searches with a postcode and two facets and follows a result to the profile; the
search box suggests topics while typing. The layout on a desktop, a phone (filter drawer with and
without JavaScript) and at 320 px. axe on every page."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from directory.models import AdvisorStatus, ConsultingTopic, FederalState
from tests.factories import AdvisorFactory, make_site_with_home, tree_root

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def advisors():
    tree_root()
    make_site_with_home()
    topics = {name: ConsultingTopic.objects.get(name=name) for name in ("Digitalisierung", "Energieeffizienz")}
    nrw = FederalState.objects.get(code="NW")
    for name, postcode, topic in [
        ("Anna Albers", "53757", "Digitalisierung"),
        ("Bernd Brandt", "51105", "Digitalisierung"),
        ("Dieter Dorn", "53721", "Energieeffizienz"),
        ("Eva Ernst", "80331", "Digitalisierung"),
    ]:
        advisor = AdvisorFactory(name=name, postcode=postcode, status=AdvisorStatus.PUBLISHED)
        advisor.topics.set([topics[topic]])
        advisor.states_served = [nrw] if postcode != "80331" else []
        advisor.save()
    call_command("rebuild_directory_index", stdout=StringIO())


def test_search_with_postcode_and_facets_then_open_a_profile(page, advisors, assert_accessible):
    page.goto("/berater/")
    assert_accessible("Suche")
    page.get_by_label("Was suchen Sie?").press_sequentially("Digi")
    page.locator("#id_q-vorschlaege option").first.wait_for(state="attached")
    assert "Digitalisierung" in page.locator("#id_q-vorschlaege option").first.get_attribute("value")
    page.get_by_label("Was suchen Sie?").fill("")
    page.get_by_label("Postleitzahl").fill("53113")
    page.get_by_label("Umkreis").select_option("25")
    page.get_by_role("main").get_by_role("button", name="Suchen").click()
    assert page.locator("#treffer").inner_text() == "3 Beratende gefunden"
    assert page.locator("#treffer-umfang").inner_text().startswith("Im Umkreis von 25 km um 53113")

    # With JavaScript every filter applies at once, without a button: the heading follows.
    assert not page.get_by_role("button", name="Filter anwenden").is_visible()
    page.get_by_role("checkbox", name="Digitalisierung").check()
    expect(page.locator("#treffer")).to_have_text("2 Beratende gefunden")
    page.get_by_role("checkbox", name="Nordrhein-Westfalen").check()
    page.wait_for_url("**land=NW**")
    assert page.locator("#treffer").inner_text() == "2 Beratende gefunden"
    assert "thema=digitalisierung" in page.url and "land=NW" in page.url  # a shareable address
    assert page.get_by_role("checkbox", name="Nordrhein-Westfalen").is_checked()
    assert_accessible("Suche mit Filtern")

    page.get_by_role("link", name="Anna Albers").click()
    page.wait_for_url("**/berater/beraterin-*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Anna Albers"
    assert_accessible("Profil aus der Suche")
    page.get_by_role("link", name="Zurück zu den Suchergebnissen").click()
    page.wait_for_url("**/berater/?**land=NW**")
    assert page.get_by_role("checkbox", name="Digitalisierung").is_checked()


def no_violations(assert_accessible, context):
    """axe: not even minor or moderate findings."""
    violations = assert_accessible(context)["violations"]
    assert violations == [], [(v["id"], v["impact"], [n["target"] for n in v["nodes"][:3]]) for v in violations]


def sideways(page):
    return page.evaluate("() => document.scrollingElement.scrollWidth - window.innerWidth")


def test_desktop_shows_the_results_in_the_first_screen_beside_the_filters(page, advisors, assert_accessible):
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/berater/?plz=53113&umkreis=100")
    first_card = page.locator(".result-card").first.bounding_box()
    filters = page.get_by_role("region", name="Eingrenzen").bounding_box()
    assert first_card["y"] < 900 and filters["y"] < 900
    assert filters["x"] + filters["width"] <= first_card["x"]  # beside, not above
    assert page.get_by_label("Sortierung").bounding_box()["y"] < first_card["y"]  # count and sort above the list
    assert "Warum hier:" in page.locator(".result-card").first.inner_text()
    nrw = page.get_by_role("link", name="Nordrhein-Westfalen: 3 Beratende")
    nrw.click()
    page.wait_for_url("**land=NW**")
    assert page.locator("#treffer").inner_text() == "3 Beratende gefunden"
    no_violations(assert_accessible, "Suche 1366 px")
    page.get_by_text("Zahlen als Tabelle").click()
    assert page.get_by_role("table").get_by_role("row").count() == 17
    no_violations(assert_accessible, "Suche mit Tabelle 1366 px")


def test_phone_filter_drawer_with_javascript(page, advisors, assert_accessible):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/berater/")
    drawer = page.get_by_role("region", name="Eingrenzen")
    assert not drawer.is_visible()
    assert page.locator(".result-card").first.bounding_box()["y"] < 1000
    toggle = page.get_by_role("button", name="Filter")
    toggle.click()
    assert drawer.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    page.get_by_role("checkbox", name="Digitalisierung").check()
    expect(page.locator("#treffer")).to_have_text("3 Beratende gefunden")
    assert drawer.is_visible()  # applied in place: the drawer stays open for the next choice
    assert page.evaluate("document.activeElement.id") == page.get_by_role(
        "checkbox", name="Digitalisierung"
    ).get_attribute("id")
    no_violations(assert_accessible, "Filter 390 px")
    page.get_by_role("link", name="3 Beratende anzeigen").click()
    assert not drawer.is_visible() and page.locator("#filter-anzahl").inner_text() == " (1 aktiv)"
    assert "thema=digitalisierung" in page.url
    no_violations(assert_accessible, "Suche 390 px")
    assert sideways(page) <= 0


def test_phone_filter_drawer_without_javascript(browser, live_server, advisors):
    context = browser.new_context(
        base_url=live_server.url, locale="de-DE", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/berater/")
    drawer = page.get_by_role("region", name="Eingrenzen")
    assert not drawer.is_visible()
    page.get_by_role("link", name="Filter").click()  # the #filter anchor opens it
    assert drawer.is_visible()
    page.get_by_role("checkbox", name="Digitalisierung").check()
    page.get_by_role("button", name="Filter anwenden").click()
    page.wait_for_url("**thema=digitalisierung**")
    assert page.locator("#treffer").inner_text() == "3 Beratende gefunden" and not drawer.is_visible()
    page.get_by_label("Sortierung").select_option("geprueft")
    page.get_by_role("button", name="Sortieren").click()
    page.wait_for_url("**sortierung=geprueft**")
    assert "thema=digitalisierung" in page.url
    context.close()


def test_nothing_scrolls_sideways_at_320_px(page, advisors):
    from directory.models import Advisor
    from ratings.models import CriteriaVersion
    from tests.factories import RatingFactory

    anna = Advisor.objects.get(name="Anna Albers")
    keys = [criterion.key for criterion in CriteriaVersion.current().criteria.all()]
    for _ in range(3):
        RatingFactory(engagement__advisor=anna, scores=dict.fromkeys(keys, 4))
    page.set_viewport_size({"width": 320, "height": 700})
    for url in ("/berater/?q=Digitalisierung&plz=53113", anna.get_absolute_url()):
        page.goto(url)
        assert sideways(page) <= 0, url
    assert page.get_by_role("table", name="Durchschnitt je Kriterium").is_visible()
