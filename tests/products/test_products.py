import pytest

from products.models import ProductPage
from tests.factories import ProductIndexPageFactory, ProductPageFactory, make_site_with_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def products():
    return ProductIndexPageFactory(parent=make_site_with_home(), slug="produkte")


def test_product_shows_its_lifecycle_stage(client, products):
    ProductPageFactory(parent=products, slug="umweltcheck", status=ProductPage.Status.COORDINATION)
    html = client.get("/produkte/umweltcheck/").content.decode()
    assert 'aria-current="step">Abstimmung mit den Partnern' in html
    assert html.count('class="is-reached') == 3  # idea, development, coordination


def test_index_filters_by_status_and_ignores_nonsense(client, products):
    ProductPageFactory(parent=products, title="KI-Produkt", status=ProductPage.Status.DEVELOPMENT)
    ProductPageFactory(parent=products, title="Praxisstandard", status=ProductPage.Status.AVAILABLE)
    html = client.get("/produkte/?status=verfuegbar").content.decode()
    assert "Praxisstandard" in html and "KI-Produkt" not in html
    html = client.get("/produkte/?status=%3Cscript%3E").content.decode()
    assert "Praxisstandard" in html and "KI-Produkt" in html and "<script>" not in html


def test_products_only_under_the_product_index(products):
    assert ProductPage.can_create_at(products)
    assert not ProductPage.can_create_at(products.get_parent())
