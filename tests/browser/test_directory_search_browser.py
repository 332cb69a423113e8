"""A visitor searches with a postcode and two facets and follows a result to the profile; the
search box suggests topics while typing. axe on every page."""

import pytest
from django.core.management import call_command

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
    call_command("rebuild_directory_index", stdout=open("/dev/null", "w"))  # noqa: SIM115


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
    assert page.locator("#treffer").inner_text() == "3 Beratende gefunden im Umkreis von 25 km um 53113"

    page.get_by_label("Digitalisierung").check()
    page.get_by_label("Nordrhein-Westfalen").check()
    page.get_by_role("button", name="Filter anwenden").click()
    assert page.locator("#treffer").inner_text() == "2 Beratende gefunden im Umkreis von 25 km um 53113"
    assert "thema=digitalisierung" in page.url and "land=NW" in page.url  # a shareable address
    assert_accessible("Suche mit Filtern")

    page.get_by_role("link", name="Anna Albers").click()
    page.wait_for_url("**/berater/beraterin-*/")
    assert page.get_by_role("heading", level=1).inner_text() == "Anna Albers"
    assert_accessible("Profil aus der Suche")
