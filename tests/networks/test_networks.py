import pytest

from networks.models import NetworkPage
from tests.factories import (
    NetworkIndexPageFactory,
    NetworkPageFactory,
    PartnerOrganisationFactory,
    make_site_with_home,
)

pytestmark = pytest.mark.django_db


def test_network_page_shows_region_status_and_partners(client):
    index = NetworkIndexPageFactory(parent=make_site_with_home(), slug="netzwerke")
    contact = PartnerOrganisationFactory(name="INQA-Netzwerkbüro", url="https://example.org/inqa")
    network = NetworkPageFactory(
        parent=index,
        slug="owl",
        title="Musternetzwerk OWL",
        region="Ostwestfalen-Lippe",
        status=NetworkPage.Status.FOUNDED,
        is_model_network=True,
        contact_organisation=contact,
    )
    network.partners = [PartnerOrganisationFactory(name="Handwerkskammer Beispielstadt")]
    network.save_revision().publish()

    html = client.get("/netzwerke/owl/").content.decode()
    assert "Ostwestfalen-Lippe" in html and "gegründet" in html and "Musternetzwerk" in html
    assert "Handwerkskammer Beispielstadt" in html
    assert 'href="https://example.org/inqa"' in html
    listing = client.get("/netzwerke/").content.decode()
    assert "Musternetzwerk OWL" in listing


def test_networks_only_under_the_network_index():
    index = NetworkIndexPageFactory(parent=make_site_with_home())
    assert NetworkPage.can_create_at(index)
    assert not NetworkPage.can_create_at(index.get_parent())
