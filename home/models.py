from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index


class HomePage(Page):
    """The site root. Editorial teasers arrive with the editorial-site issue."""

    intro = models.TextField("Einleitung", blank=True, help_text="Kurzer Text unter der Hauptüberschrift.")
    body = RichTextField("Inhalt", blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"])

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "Startseite"
        verbose_name_plural = "Startseiten"
