from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import BodyBlock, DocumentListBlock
from core.pages import SectionIndexPage


class ProductIndexPage(SectionIndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["products.ProductPage"]
    max_count = 1

    class Meta:
        verbose_name = "Übersicht OM-Produkte"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        products = ProductPage.objects.live().public().child_of(self).select_related("working_group")
        status = request.GET.get("status", "")
        if status in ProductPage.Status.values:
            products = products.filter(status=status)
        context.update(products=products.order_by("title"), statuses=ProductPage.Status.choices, selected_status=status)
        return context


class ProductPage(Page):
    """An OM product along its lifecycle, from the application to availability for partners."""

    class Status(models.TextChoices):
        IDEA = "idee", "Antrag / Idee"
        DEVELOPMENT = "entwicklung", "in Entwicklung"
        COORDINATION = "abstimmung", "Abstimmung mit den Partnern"
        ADOPTED = "verabschiedet", "als OM-Praxisstandard verabschiedet"
        AVAILABLE = "verfuegbar", "verfügbar"

    teaser = models.TextField("Kurzbeschreibung", max_length=400)
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.IDEA)
    working_group = models.ForeignKey(
        "committees.Committee",
        verbose_name="Arbeitsgruppe",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="products",
    )
    responsible_partners = ParentalManyToManyField(
        "networks.PartnerOrganisation", verbose_name="Verantwortliche Partner", blank=True
    )
    target_group = models.CharField("Zielgruppe", max_length=255, blank=True)
    body = StreamField(BodyBlock(), verbose_name="Inhalt", blank=True)
    downloads = StreamField([("documents", DocumentListBlock())], verbose_name="Downloads", blank=True, max_num=1)

    content_panels = Page.content_panels + [
        FieldPanel("teaser"),
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("working_group"),
                FieldPanel("responsible_partners"),
                FieldPanel("target_group"),
            ],
            heading="Produkt",
        ),
        InlinePanel("milestones", heading="Zeitplan", label="Meilenstein"),
        FieldPanel("body"),
        FieldPanel("downloads"),
    ]
    api_fields = [
        APIField("teaser"),
        APIField("status"),
        APIField("status_label", serializer=serializers.CharField(source="get_status_display")),
        APIField("working_group", serializer=serializers.StringRelatedField()),
        APIField("responsible_partners", serializer=serializers.StringRelatedField(many=True)),
        APIField("target_group"),
        APIField("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("teaser", boost=2),
        index.SearchField("body"),
        index.SearchField("target_group"),
        index.RelatedFields("responsible_partners", [index.SearchField("name"), index.SearchField("short_name")]),
        index.RelatedFields("working_group", [index.SearchField("name")]),
        index.RelatedFields("milestones", [index.SearchField("label")]),
        index.FilterField("status"),
    ]
    parent_page_types = ["products.ProductIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "OM-Produkt"
        verbose_name_plural = "OM-Produkte"

    @property
    def lifecycle(self):
        """Every stage with a flag whether the product has reached it (for the progress display)."""
        reached = self.Status.values.index(self.status)
        return [(label, i <= reached, i == reached) for i, (_, label) in enumerate(self.Status.choices)]

    def get_context(self, request, *args, **kwargs):
        from committees.models import public_decisions

        context = super().get_context(request, *args, **kwargs)
        context["decisions"] = public_decisions(related=["meeting"]).filter(implemented_by=self)
        context["milestone_list"] = self.milestones.order_by("date")
        return context


class ProductMilestone(Orderable):
    product = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField("Datum")
    date_is_approximate = models.BooleanField("nur Monat/Zeitraum bekannt", default=False)
    label = models.CharField("Meilenstein", max_length=200)
    reached = models.BooleanField("erreicht", default=False)

    panels = [
        FieldRowPanel([FieldPanel("date"), FieldPanel("date_is_approximate"), FieldPanel("reached")]),
        FieldPanel("label"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "Meilenstein"
        verbose_name_plural = "Meilensteine"


def home_teasers(home):
    """Four products below the home page, for its teasers (registered in ProductsConfig.ready())."""
    return ProductPage.objects.live().public().descendant_of(home).order_by("title")[:4]
