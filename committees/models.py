from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import RICH_TEXT_FEATURES
from core.pages import SectionIndexPage
from core.params import int_param, year_param


class Committee(index.Indexed, models.Model):
    """An OM body: the Strategiekreis, the Plenum, a working group (AG)."""

    class Kind(models.TextChoices):
        STRATEGY = "strategiekreis", "Strategiekreis"
        PLENUM = "plenum", "Plenum"
        WORKING_GROUP = "arbeitsgruppe", "Arbeitsgruppe"
        BOARD = "gremium", "Sonstiges Gremium"

    name = models.CharField("Name", max_length=120, unique=True)
    kind = models.CharField("Art", max_length=20, choices=Kind.choices, default=Kind.WORKING_GROUP)
    description = models.TextField("Beschreibung", blank=True)

    panels = [FieldPanel("name"), FieldPanel("kind"), FieldPanel("description")]
    search_fields = [index.SearchField("name", boost=2), index.SearchField("description"), index.FilterField("kind")]

    class Meta:
        verbose_name = "Gremium / Arbeitsgruppe"
        verbose_name_plural = "Gremien und Arbeitsgruppen"
        ordering = ["name"]

    def __str__(self):
        return self.name


class Person(index.Indexed, models.Model):
    """A speaker or contact as named in public protocols. No contact data by design."""

    name = models.CharField("Name", max_length=120, help_text="Mit Titel, wie im Protokoll, z. B. „Dr. Annette Icks“")
    role = models.CharField("Funktion", max_length=120, blank=True)
    organisation = models.ForeignKey(
        "networks.PartnerOrganisation",
        verbose_name="Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("organisation")]
    search_fields = [index.SearchField("name", boost=2), index.SearchField("role")]

    class Meta:
        verbose_name = "Person"
        verbose_name_plural = "Personen"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "organisation"], name="unique_person_per_organisation")]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation_id else self.name


class MeetingIndexPage(SectionIndexPage):
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["committees.MeetingPage"]

    class Meta:
        verbose_name = "Übersicht Sitzungen"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        meetings = MeetingPage.objects.live().public().child_of(self).select_related("body").order_by("-date")
        committees = Committee.objects.filter(meetings__in=meetings).distinct()
        body = request.GET.get("gremium", "")
        if body_id := int_param(body):
            meetings = meetings.filter(body_id=body_id)
        decision_register = DecisionRegisterPage.objects.live().public().child_of(self).first()
        context.update(
            meetings=meetings, committees=committees, selected_body=body, decision_register=decision_register
        )
        return context


class MeetingPage(Page):
    class Format(models.TextChoices):
        VIDEO = "video", "Videokonferenz"
        ON_SITE = "praesenz", "Präsenz"
        HYBRID = "hybrid", "hybrid"

    body = models.ForeignKey(
        Committee, verbose_name="Gremium", on_delete=models.PROTECT, related_name="meetings", null=True
    )
    number = models.PositiveIntegerField(
        "Nummer der Sitzung", null=True, blank=True, help_text="z. B. 4 für das 4. Treffen"
    )
    date = models.DateField("Datum")
    start_time = models.TimeField("Beginn", null=True, blank=True)
    end_time = models.TimeField("Ende", null=True, blank=True)
    format = models.CharField("Format", max_length=20, choices=Format.choices, default=Format.VIDEO)
    location = models.CharField("Ort", max_length=200, blank=True)
    participants = models.PositiveIntegerField("Teilnehmende", null=True, blank=True)
    summary = RichTextField("Zusammenfassung", blank=True, features=RICH_TEXT_FEATURES)
    minutes_by = models.CharField("Mitschrift", max_length=120, blank=True)

    def decision_texts(self):
        """Decisions for the search index, each labelled so that "Beschluss …" finds them."""
        return " ".join(f"Beschluss {d.title}. {d.text}" for d in self.decisions.all())

    def speaker_names(self):
        speakers = Person.objects.filter(agendaitem__meeting=self).values_list("name", "organisation__short_name")
        return " ".join(f"{name} {short_name or ''}" for name, short_name in speakers)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("body"),
                FieldPanel("number"),
                FieldRowPanel([FieldPanel("date"), FieldPanel("start_time"), FieldPanel("end_time")]),
                FieldRowPanel([FieldPanel("format"), FieldPanel("location"), FieldPanel("participants")]),
            ],
            heading="Sitzung",
        ),
        FieldPanel("summary"),
        InlinePanel("agenda_items", heading="Tagesordnung", label="Tagesordnungspunkt"),
        InlinePanel("decisions", heading="Beschlüsse", label="Beschluss"),
        FieldPanel("minutes_by"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("location"),
        index.RelatedFields("body", [index.SearchField("name", boost=2)]),
        index.RelatedFields("agenda_items", [index.SearchField("title", boost=2), index.SearchField("summary")]),
        index.SearchField("decision_texts", boost=3),
        index.SearchField("speaker_names"),
        index.FilterField("date"),
    ]
    parent_page_types = ["committees.MeetingIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Sitzung"
        verbose_name_plural = "Sitzungen"

    @cached_property
    def agenda(self):
        return list(self.agenda_items.prefetch_related("speakers__organisation").order_by("sort_order"))

    @cached_property
    def decision_list(self):
        return list(self.decisions.select_related("responsible", "implemented_by").order_by("sort_order"))


class AgendaItem(ClusterableModel, Orderable):
    # ClusterableModel so that the speakers (a ParentalManyToManyField) save with the page revision.
    meeting = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.CharField("TOP", max_length=10, blank=True, help_text="Leer lassen für Pausen und Begrüßung")
    title = models.CharField("Titel", max_length=255)
    speakers = ParentalManyToManyField(Person, verbose_name="Vortragende", blank=True)
    start_time = models.TimeField("von", null=True, blank=True)
    end_time = models.TimeField("bis", null=True, blank=True)
    summary = RichTextField("Zusammenfassung", blank=True, features=RICH_TEXT_FEATURES)
    attachments = StreamField(
        [
            (
                "attachment",
                blocks.StructBlock(
                    [
                        ("label", blocks.CharBlock(label="Bezeichnung", help_text="z. B. „Anlage 1“")),
                        ("document", DocumentChooserBlock(label="Dokument")),
                    ],
                    label="Anlage",
                    icon="doc-full",
                ),
            )
        ],
        verbose_name="Anlagen",
        blank=True,
    )

    panels = [
        FieldRowPanel([FieldPanel("number"), FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldPanel("title"),
        FieldPanel("speakers"),
        FieldPanel("summary"),
        FieldPanel("attachments"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "Tagesordnungspunkt"
        verbose_name_plural = "Tagesordnungspunkte"

    def __str__(self):
        return f"TOP {self.number}: {self.title}" if self.number else self.title


class Decision(Orderable):
    class Status(models.TextChoices):
        OPEN = "offen", "offen"
        IN_PROGRESS = "in_umsetzung", "in Umsetzung"
        DONE = "erledigt", "erledigt"

    meeting = ParentalKey(MeetingPage, on_delete=models.CASCADE, related_name="decisions")
    agenda_number = models.CharField("zu TOP", max_length=10, blank=True)
    title = models.CharField("Kurztitel", max_length=160)
    text = models.TextField("Beschlusstext")
    vote_result = models.CharField("Abstimmungsergebnis", max_length=120, default="ohne Gegenstimmen")
    responsible = models.ForeignKey(
        Committee,
        verbose_name="Zuständig",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_decisions",
    )
    due_date = models.DateField("Frist", null=True, blank=True)
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.OPEN)
    implemented_by = models.ForeignKey(
        Page,
        verbose_name="Umgesetzt durch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="implements_decisions",
        help_text="Produkt, Netzwerk oder Meldung, die diesen Beschluss umsetzt",
    )

    panels = [
        FieldRowPanel([FieldPanel("agenda_number"), FieldPanel("status"), FieldPanel("due_date")]),
        FieldPanel("title"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("vote_result"), FieldPanel("responsible")]),
        PageChooserPanel(
            "implemented_by",
            ["products.ProductPage", "networks.NetworkIndexPage", "networks.NetworkPage", "news.NewsArticlePage"],
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "Beschluss"
        verbose_name_plural = "Beschlüsse"

    def __str__(self):
        return self.title


def public_decisions(related=("meeting", "meeting__body", "responsible", "implemented_by")):
    """Decisions of live meetings visible to everyone (never those in the members' area), with the
    `related` objects joined: pass only those the caller shows (each joined page adds some 40 columns)."""
    meetings = MeetingPage.objects.live().public()
    return Decision.objects.filter(meeting__in=meetings).select_related(*related)


class DecisionRegisterPage(SectionIndexPage):
    parent_page_types = ["home.HomePage", "committees.MeetingIndexPage", "home.StandardPage"]
    subpage_types = []
    max_count = 1

    # The register lists every public decision, so it is found by their titles (re-indexed when a
    # meeting is published or unpublished: committees/apps.py).
    search_fields = SectionIndexPage.search_fields + [index.SearchField("decision_titles", boost=2)]

    class Meta:
        verbose_name = "Beschlussregister"

    def decision_titles(self):
        return " ".join(f"Beschluss {title}" for title in public_decisions().values_list("title", flat=True))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        decisions = public_decisions()
        facets = {
            "statuses": Decision.Status.choices,
            "bodies": Committee.objects.filter(meetings__decisions__in=decisions).distinct(),
            "years": sorted({d.year for d in decisions.dates("meeting__date", "year")}, reverse=True),
        }
        selected = {key: request.GET.get(key, "") for key in ("status", "gremium", "jahr")}
        if selected["status"] in Decision.Status.values:
            decisions = decisions.filter(status=selected["status"])
        if body_id := int_param(selected["gremium"]):
            decisions = decisions.filter(meeting__body_id=body_id)
        if year := year_param(selected["jahr"]):
            decisions = decisions.filter(meeting__date__year=year)
        context.update(
            decisions=decisions.order_by("-meeting__date", "meeting_id", "sort_order"),
            facets=facets,
            selected=selected,
            today=timezone.localdate(),
        )
        return context


def pages_showing_decisions(page):
    """For core/frontend_cache.py: the decision registers list every public decision with its
    meeting and what implements it, and a page that implements a decision lists it. Read from the
    decisions themselves (Wagtail's reference index may be updated later, by the worker)."""
    implementing = Page.objects.filter(implements_decisions__meeting=page.pk)
    if MeetingPage.objects.filter(pk=page.pk).exists() or Decision.objects.filter(implemented_by=page.pk).exists():
        return [*DecisionRegisterPage.objects.all(), *implementing]
    return []
