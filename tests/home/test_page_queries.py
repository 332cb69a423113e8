"""What a page read costs the database, per page type of the demo, and the shared frame (main
navigation, breadcrumbs, footer) that is read from the cache instead — yet never shows a visitor
an outdated menu after a change."""

import pytest
from wagtail.models import Page, PageViewRestriction
from wagtail.models.pages import get_page_models

from home.models import FooterSettings, StandardPage
from tests.editorial_helpers import count_queries

pytestmark = pytest.mark.django_db

# Queries per page read once the frame is cached and the route remembered (home.routing), measured on
# the demo (2026-12-03): the page itself, the cache reads for the site structure's generation and the
# frame, the view restriction check (one: home.routing), and what the page shows. Lower a budget when a
# change saves queries; raise one only with a reason.
BUDGETS = {
    "HomePage": 11,
    "StandardPage": 4,
    "ProductIndexPage": 6,
    "ProductPage": 8,
    "NetworkIndexPage": 6,
    "NetworkPage": 6,
    "MeetingIndexPage": 9,
    "MeetingPage": 14,
    "DecisionRegisterPage": 8,
    "NewsIndexPage": 10,
    "NewsArticlePage": 8,
    "EventIndexPage": 7,
    "EventPage": 5,
    "TransferListPage": 7,
}


@pytest.fixture
def demo(demo_snapshot):
    demo_snapshot.restore()


def one_public_page_per_type():
    pages = {}
    for page in Page.objects.live().public().filter(depth__gt=1).specific().order_by("path"):
        pages.setdefault(type(page).__name__, page)
    return pages


def test_every_page_type_has_a_budget_and_keeps_it(demo, client):
    pages = one_public_page_per_type()
    page_types = {model.__name__ for model in get_page_models() if model is not Page}
    assert set(pages) == page_types == set(BUDGETS), "every page type is in the demo and has a budget"
    spent = {name: count_queries(client, page.url) for name, page in pages.items()}
    over = {name: (spent[name], BUDGETS[name]) for name in spent if spent[name] > BUDGETS[name]}
    assert not over, f"queries (spent, budget): {over}"


def test_the_frame_is_read_from_the_cache_until_something_changes(demo, client):
    url = one_public_page_per_type()["NewsArticlePage"].url
    cached = count_queries(client, url)
    FooterSettings.objects.get().save()  # an edit: the frame is rendered once more
    rendering = count_queries(client, url, warm=False)
    assert rendering >= cached + 4  # main navigation, breadcrumbs, footer sections, footer settings
    assert count_queries(client, url) == cached


def menu(client, url="/impressum/"):
    html = client.get(url).content.decode()
    return html[html.index('aria-label="Hauptnavigation"') : html.index("</nav>", html.index("Hauptnavigation"))]


def footer(client, url="/impressum/"):
    html = client.get(url).content.decode()
    return html[html.index('class="site-footer"') :]


def test_a_change_shows_in_the_frame_of_every_page_at_once(demo, client):
    home = Page.objects.get(depth=2).specific
    menu(client), footer(client), footer(client, "/produkte/")  # cached now

    section = home.add_child(instance=StandardPage(title="Kontaktstelle", slug="kontaktstelle", show_in_menus=True))
    section.save_revision().publish()
    assert "Kontaktstelle" in menu(client) and "Kontaktstelle" in footer(client, "/produkte/")

    section.title = "Kontakt und Beratung"
    section.save_revision().publish()
    assert "Kontakt und Beratung" in menu(client) and "Kontaktstelle" not in menu(client)

    products = Page.objects.get(url_path="/start/produkte/")
    section.move(products, pos="last-child")
    assert "Kontakt und Beratung" not in menu(client)
    assert "/produkte/kontaktstelle/" in footer(client)

    PageViewRestriction.objects.create(page=products, restriction_type=PageViewRestriction.LOGIN)
    assert 'href="/produkte/"' not in menu(client)
    PageViewRestriction.objects.filter(page=products).delete()
    assert 'href="/produkte/"' in menu(client)

    section.specific.unpublish()
    assert "Kontakt und Beratung" not in footer(client)

    settings = FooterSettings.objects.get()
    settings.text = "Ein neuer Satz im Fuß"
    settings.save()
    assert "Ein neuer Satz im Fuß" in footer(client)

    Page.objects.get(url_path="/start/neuigkeiten/").delete()
    assert 'href="/neuigkeiten/"' not in menu(client) and 'href="/neuigkeiten/"' not in footer(client)
