"""Listings cost the same number of queries whatever they show (no N+1), for each page type
whose listing is not already pinned in its own app's tests."""

import pytest

from tests.editorial_helpers import count_queries
from tests.factories import (
    CommitteeFactory,
    EventIndexPageFactory,
    EventPageFactory,
    NetworkIndexPageFactory,
    NetworkPageFactory,
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    PartnerOrganisationFactory,
    ProductIndexPageFactory,
    ProductPageFactory,
    make_site_with_home,
)

pytestmark = pytest.mark.django_db


def add_product(index):
    ProductPageFactory(parent=index, working_group=CommitteeFactory())


def add_event(index):
    EventPageFactory(parent=index)


def add_network(index):
    NetworkPageFactory(parent=index, contact_organisation=PartnerOrganisationFactory())


@pytest.mark.parametrize(
    ("index_factory", "add_item", "slug"),
    [
        (ProductIndexPageFactory, add_product, "produkte"),
        (EventIndexPageFactory, add_event, "termine"),
        (NetworkIndexPageFactory, add_network, "netzwerke"),
    ],
)
def test_listing_queries_do_not_grow(client, index_factory, add_item, slug):
    index = index_factory(parent=make_site_with_home(), slug=slug)
    add_item(index)
    small = count_queries(client, f"/{slug}/")
    for _ in range(8):
        add_item(index)
    assert count_queries(client, f"/{slug}/") == small


def test_home_teasers_do_not_grow(client):
    home = make_site_with_home()
    news = NewsIndexPageFactory(parent=home, slug="neuigkeiten")
    products = ProductIndexPageFactory(parent=home, slug="produkte")
    NewsArticlePageFactory(parent=news)
    add_product(products)
    small = count_queries(client, "/")
    for _ in range(6):
        NewsArticlePageFactory(parent=news)
        add_product(products)
    assert count_queries(client, "/") == small
