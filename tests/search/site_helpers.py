"""Pages and requests for the site-search tests."""

import datetime

from home.models import StandardPage
from news.models import NewsArticlePage


def add_news(home, title, teaser, date=datetime.date(2024, 5, 2), **fields):
    index = home.get_children().type(StandardPage).filter(slug="neuigkeiten").first()
    parent = index.specific if index else home.add_child(instance=StandardPage(title="Neuigkeiten", slug="neuigkeiten"))
    return parent.add_child(instance=NewsArticlePage(title=title, teaser=teaser, date=date, **fields))


def add_page(home, title, intro, live=True, **fields):
    """A page as editors make it: published through a revision (which sets its publishing date)."""
    page = home.add_child(instance=StandardPage(title=title, intro=intro, live=False, **fields))
    if live:
        page.save_revision().publish()
    return page


def get(client, **params):
    response = client.get("/suche/", params)
    assert response.status_code == 200
    return response


def titles(response):
    return [item.title for item in response.context["items"]]


def umweltcheck_pages(home):
    """An event that says "Umweltcheck" again and again, and the product called so in its title."""
    add_page(
        home,
        "Treffen der AG Umweltcheck",
        "Umweltcheck: die AG Umweltcheck trifft sich; der Umweltcheck wird besprochen, Umweltcheck-Fragen.",
    )
    add_page(home, "OM-Potenzialanalyse Umweltschutz (Umweltcheck)", "Ein Fragebogen zur Selbstbewertung im Betrieb.")
