from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from rest_framework import serializers
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core import teasers
from core.blocks import BodyBlock
from core.json_ld import PUBLISHER
from core.pages import SectionIndexPage
from core.validators import validate_website
from event_calendar import ical


class EventIndexPage(RoutablePageMixin, SectionIndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = ["event_calendar.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "Übersicht Termine"

    def get_cached_paths(self):
        """What the full-page cache keeps of this page besides itself (core/frontend_cache.py purges them with it)."""
        return ["/", "/ical/"]

    def events(self):
        return EventPage.objects.live().public().child_of(self).select_related("organiser").order_by("start")

    @path("")
    def listing(self, request):
        now = timezone.now()
        events = self.events()
        return self.render(
            request,
            context_overrides={
                "upcoming": events.filter(end__gte=now),
                "past": events.filter(end__lt=now).reverse()[:20],
            },
        )

    @path("ical/", name="ical")
    def ical_feed(self, request):
        return ical.response(ical.calendar(self.events(), request, name=self.title), "om-termine.ics")


class EventPage(RoutablePageMixin, Page):
    start = models.DateTimeField("Beginn")
    end = models.DateTimeField("Ende")
    all_day = models.BooleanField("ganztägig / Uhrzeit offen", default=False)
    location = models.CharField("Ort", max_length=255, blank=True)
    is_online = models.BooleanField("online", default=False)
    registration_url = models.URLField("Anmeldung (Link)", blank=True, validators=[validate_website])
    organiser = models.ForeignKey(
        "committees.Committee", verbose_name="Veranstalter", null=True, blank=True, on_delete=models.SET_NULL
    )
    teaser = models.TextField("Kurzbeschreibung", max_length=400, blank=True)
    body = StreamField(BodyBlock(), verbose_name="Inhalt", blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end"), FieldPanel("all_day")]),
                FieldRowPanel([FieldPanel("location"), FieldPanel("is_online")]),
                FieldPanel("registration_url"),
                FieldPanel("organiser"),
            ],
            heading="Termin",
        ),
        FieldPanel("teaser"),
        FieldPanel("body"),
    ]
    api_fields = [
        APIField("start"),
        APIField("end"),
        APIField("all_day"),
        APIField("location"),
        APIField("is_online"),
        APIField("registration_url"),
        APIField("organiser", serializer=serializers.StringRelatedField()),
        APIField("teaser"),
        APIField("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("teaser", boost=2),
        index.SearchField("location"),
        index.RelatedFields("organiser", [index.SearchField("name")]),
        index.SearchField("body"),
        index.FilterField("start"),
    ]
    parent_page_types = ["event_calendar.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Termin"
        verbose_name_plural = "Termine"

    def get_cached_paths(self):
        """What the full-page cache keeps of this page besides itself (core/frontend_cache.py purges them with it)."""
        return ["/", "/ics/"]

    def json_ld(self, request):
        online = {"@type": "VirtualLocation", "url": self.registration_url or self.get_full_url(request)}
        place = {"@type": "Place", "name": self.location, "address": self.location}
        locations = ([place] if self.location else []) + ([online] if self.is_online else [])
        mode = "Mixed" if len(locations) == 2 else ("Online" if self.is_online else "Offline")
        data = {
            "@type": "Event",
            "name": self.title,
            "description": self.teaser,
            "startDate": self._schema_time(self.start),
            "endDate": self._schema_time(self.end),
            "eventAttendanceMode": f"https://schema.org/{mode}EventAttendanceMode",
            "eventStatus": "https://schema.org/EventScheduled",
            "organizer": self._organizer(),
            "url": self.get_full_url(request),
            "inLanguage": "de",
        }
        if locations:
            data["location"] = locations[0] if len(locations) == 1 else locations
        return data

    def _organizer(self):
        if self.organiser is None:
            return PUBLISHER
        # A committee has no website of its own: it is part of OM and carries OM's address.
        name = str(self.organiser)
        return {"@type": "Organization", "name": name, "url": PUBLISHER["url"], "parentOrganization": PUBLISHER}

    def _schema_time(self, moment):
        local = timezone.localtime(moment)
        return (local.date() if self.all_day else local).isoformat()

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "Das Ende darf nicht vor dem Beginn liegen."})
        if not self.location and not self.is_online:
            raise ValidationError({"location": "Bitte einen Ort angeben oder „online“ wählen."})

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("ics/", name="ics")
    def ics(self, request):
        return ical.response(ical.calendar([self], request, name=self.title), f"{self.slug}.ics")


def home_teasers(home):
    """The next events below the home page, for its teasers (registered in EventsConfig.ready())."""
    upcoming = EventPage.objects.live().public().descendant_of(home).filter(end__gte=timezone.now())
    return upcoming.order_by("start")[: teasers.COUNT]
