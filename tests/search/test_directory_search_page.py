"""/berater/: the search page a visitor uses (whichever implementation answers)."""

import re

import pytest
from django.core.management import call_command
from wagtail.models import Site

from directory.models import Advisor, AdvisorStatus, ConsultingTopic
from tests.factories import AdvisorFactory, ProductIndexPageFactory, ProductPageFactory, make_site_with_home

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
    call_command("rebuild_directory_index", stdout=open("/dev/null", "w"))  # noqa: SIM115


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
