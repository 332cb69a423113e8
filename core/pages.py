"""Page bases shared by the editorial apps (abstract: no table, no migration of their own)."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page
from wagtail.search import index


class SectionIndexPage(Page):  # type: ignore[misc]  # Wagtail ships no types
    """Base of the section overviews (news, products, meetings, …): a title and an intro text."""

    intro = models.TextField("Einleitung", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    class Meta:
        abstract = True
