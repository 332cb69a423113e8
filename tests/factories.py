"""Factories shared by the tests (wagtail-factories builds pages into the tree)."""

import wagtail_factories
from django.conf import settings
from wagtail.models import Locale, Page, Site

from home.models import HomePage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Offensive Mittelstand"
    intro = "Das Netzwerk für den Mittelstand."

    class Meta:
        model = HomePage


def tree_root():
    """Wagtail's root page. Transactional tests (live server) flush the tables that Wagtail's
    migrations filled, so the locale and root are recreated here when they are gone."""
    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
    return root


def make_site_with_home(**kwargs):
    """A published home page as the root of the default site (replacing Wagtail's welcome page)."""
    home = HomePageFactory(parent=tree_root(), **kwargs)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home
