import datetime

from django.core.paginator import Paginator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core import teasers
from core.blocks import BodyBlock
from core.json_ld import PUBLISHER
from core.pages import SectionIndexPage
from core.params import year_param
from core.public_url import absolute_url

PAGE_SIZE = 10


class NewsIndexPage(RoutablePageMixin, SectionIndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.NewsArticlePage"]
    max_count = 1

    class Meta:
        verbose_name = "Übersicht Neuigkeiten"

    def get_cached_paths(self):
        """What the full-page cache keeps of this page besides itself (core/frontend_cache.py purges them with it)."""
        return ["/", "/feed/", "/atom/"]

    def articles(self):
        """Published, public articles, newest first: the listing and the feeds share this."""
        return (
            NewsArticlePage.objects.live()
            .public()
            .child_of(self)
            .select_related("image")
            .prefetch_related("tags")
            .order_by("-date", "-pk")
        )

    @path("")
    def listing(self, request):
        published = self.articles()  # asks for the view restrictions once; the filters and lists below share it
        articles = published
        tag, year = request.GET.get("tag", ""), request.GET.get("jahr", "")
        if tag:
            articles = articles.filter(tags__slug=tag)
        if year_param(year):
            articles = articles.filter(date__year=year_param(year))
        paginator = Paginator(articles, PAGE_SIZE)
        page_obj = paginator.get_page(request.GET.get("seite"))
        context = {
            "page_obj": page_obj,
            "selected_tag": tag,
            "selected_year": year,
            "tags": NewsTag.tags_in_use(published),
            "years": sorted({d.year for d in published.dates("date", "year")}, reverse=True),
        }
        return self.render(request, context_overrides=context)

    @path("feed/", name="rss")
    def rss_feed(self, request):
        from news.feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("atom/", name="atom")
    def atom_feed(self, request):
        from news.feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)


class NewsTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsArticlePage", on_delete=models.CASCADE, related_name="tagged_items")

    @staticmethod
    def tags_in_use(articles):
        from taggit.models import Tag

        return Tag.objects.filter(news_newstag_items__content_object__in=articles).distinct().order_by("name")


class NewsArticlePage(Page):
    date = models.DateField("Datum")
    teaser = models.TextField("Anreißer", max_length=400)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name="Bild", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(BodyBlock(), verbose_name="Inhalt", blank=True)
    tags = ClusterTaggableManager("Schlagwörter", through=NewsTag, blank=True)
    related_products = ParentalManyToManyField(
        "products.ProductPage", verbose_name="Zugehörige Produkte", blank=True, related_name="news_articles"
    )
    related_meetings = ParentalManyToManyField(
        "committees.MeetingPage", verbose_name="Zugehörige Sitzungen", blank=True, related_name="news_articles"
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("teaser"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("tags"), FieldPanel("related_products"), FieldPanel("related_meetings")],
            heading="Zuordnung",
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("teaser", boost=2),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("date"),
    ]
    # For partners through Wagtail's API v2 (/api/v2/pages/?type=news.NewsArticlePage&fields=*).
    api_fields = [APIField("date"), APIField("teaser"), APIField("tags"), APIField("body")]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Neuigkeit"
        verbose_name_plural = "Neuigkeiten"

    def json_ld(self, request):
        """schema.org NewsArticle with the properties search engines recommend (image, author with
        url, datePublished/dateModified as full ISO 8601 times with time zone)."""
        data = {
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.teaser,
            "datePublished": self._published_at().isoformat(),
            "url": self.get_full_url(request),
            "inLanguage": "de",
            "author": PUBLISHER,
            "publisher": PUBLISHER,
            "keywords": [tag.name for tag in self.tag_list],
        }
        if self.first_published_at:
            data["dateModified"] = timezone.localtime(self.last_published_at or self.first_published_at).isoformat()
        if self.image:
            data["image"] = [absolute_url(self.image.get_rendition("width-1200").url)]
        return data

    def _published_at(self):
        """The article's date as a point in time: the moment of first publication if that was on
        the date shown, otherwise (an article dated back or ahead) the start of that day in Berlin."""
        if self.first_published_at and timezone.localtime(self.first_published_at).date() == self.date:
            return timezone.localtime(self.first_published_at)
        return timezone.make_aware(datetime.datetime.combine(self.date, datetime.time()))

    @cached_property
    def tag_list(self):
        """The tags, read once for the page and its structured data."""
        return list(self.tags.all())

    @cached_property
    def related_pages(self):
        """Related products and meetings that the public may see, in one query."""
        related = Q(productpage__news_articles=self) | Q(meetingpage__news_articles=self)
        return list(Page.objects.live().public().filter(related).distinct().order_by("title"))


def home_teasers(home):
    """The latest articles below the home page, for its teasers (registered in NewsConfig.ready())."""
    return NewsArticlePage.objects.live().public().descendant_of(home).order_by("-date", "-pk")[: teasers.COUNT]


def pages_linked_with_news(page):
    """An article's products and meetings show its title, and it theirs (for core/frontend_cache.py)."""
    return Page.objects.filter(
        Q(productpage__news_articles=page.pk)
        | Q(meetingpage__news_articles=page.pk)
        | Q(newsarticlepage__related_products=page.pk)
        | Q(newsarticlepage__related_meetings=page.pk)
    )
