from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core import teasers
from core.blocks import BodyBlock

SITE_NAME = "Offensive Mittelstand"  # base.html appends it to every <title>
TITLE_SEPARATORS = " –-—|:"


class HomePage(Page):
    """The site root: intro, editorial body and curated teasers of the latest content."""

    intro = models.TextField("Einleitung", blank=True, help_text="Kurzer Text unter der Hauptüberschrift.")
    body = StreamField(BodyBlock(), verbose_name="Inhalt", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "Startseite"
        verbose_name_plural = "Startseiten"

    def window_title(self):
        """The home page's part of the browser title: base.html appends the site name, so a title
        that begins or ends with it ("Offensive Mittelstand – Gut für Deutschland") gives only the
        rest, and one that is just the site name gives "Startseite" (never the name twice)."""
        title = (self.seo_title or self.title).strip()
        if title.startswith(SITE_NAME):
            title = title[len(SITE_NAME) :]
        elif title.endswith(SITE_NAME):
            title = title[: -len(SITE_NAME)]
        return title.strip(TITLE_SEPARATORS) or "Startseite"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(teasers.for_home(self))  # latest_news, products, next_events (core/teasers.py)
        return context


class StandardPage(Page):
    intro = models.TextField("Einleitung", blank=True)
    body = StreamField(BodyBlock(), verbose_name="Inhalt", blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    class Meta:
        verbose_name = "Standardseite"
        verbose_name_plural = "Standardseiten"


@register_setting(icon="list-ul")
class FooterSettings(BaseSiteSetting):
    """Site-wide footer: the legally required pages (Impressum, Datenschutz, Barrierefreiheit)
    and any further links the editors want there."""

    text = models.CharField(
        "Text",
        max_length=255,
        default="Offensive Mittelstand – Gut für Deutschland. Ein Netzwerk in der Initiative Neue Qualität der Arbeit.",
    )
    links = StreamField([("page", blocks.PageChooserBlock(label="Seite"))], verbose_name="Links", blank=True)

    panels = [FieldPanel("text"), FieldPanel("links")]

    class Meta:
        verbose_name = "Fußzeile"


def in_the_footer(page):
    """Whether a site's footer links `page` (every page shows it; for core/frontend_cache.py)."""
    return any(
        link.get("value") == page.pk for footer in FooterSettings.objects.all() for link in footer.links.raw_data
    )
