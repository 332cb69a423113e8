"""TOP 4 of the seed: OM lists the pressing problems of KMU, research partners (BMBF and
others) add the research projects that address them."""

from django.db import models
from django.db.models import Prefetch
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.models import DraftStateMixin, RevisionMixin
from wagtail.search import index

from core.pages import SectionIndexPage
from core.validators import validate_website


class TransferTopic(models.Model):
    """Controlled list of topics for filtering (edited by OM staff)."""

    name = models.CharField("Name", max_length=80, unique=True)
    slug = models.SlugField("Kürzel in der Adresse", max_length=80, unique=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = "Thema"
        verbose_name_plural = "Themen"
        ordering = ["name"]

    def __str__(self):
        return self.name


class KmuProblem(index.Indexed, models.Model):
    class Status(models.TextChoices):
        OPEN = "offen", "offen"
        IN_PROGRESS = "in_bearbeitung", "in Bearbeitung"
        ADDRESSED = "adressiert", "durch Forschung adressiert"

    title = models.CharField("Problem", max_length=200, unique=True)
    description = models.TextField("Beschreibung")
    topic = models.ForeignKey(TransferTopic, verbose_name="Thema", on_delete=models.PROTECT, related_name="problems")
    sectors = models.CharField("Betroffene Branchen", max_length=255, help_text="z. B. „Handwerk, Industrie, Handel“")
    status = models.CharField("Status", max_length=20, choices=Status.choices, default=Status.OPEN)

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("topic"), FieldPanel("status")]),
        FieldPanel("sectors"),
    ]
    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("description"),
        index.SearchField("sectors"),
        index.FilterField("status"),
        index.FilterField("topic_id"),
    ]

    class Meta:
        verbose_name = "Problem der KMU"
        verbose_name_plural = "Probleme der KMU"
        ordering = ["title"]

    def __str__(self):
        return self.title


class ResearchProject(DraftStateMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """Added by research partners; visible once OM has published it (they cannot publish)."""

    title = models.CharField("Projekttitel", max_length=255)
    problems = ParentalManyToManyField(KmuProblem, verbose_name="Adressierte Probleme", related_name="projects")
    funder = models.CharField("Fördergeber", max_length=120, help_text="z. B. „BMBF“")
    partners = models.CharField("Projektpartner", max_length=255, blank=True)
    url = models.URLField("Link zum Projekt", blank=True, validators=[validate_website])
    start = models.DateField("Laufzeit von", null=True, blank=True)
    end = models.DateField("Laufzeit bis", null=True, blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("problems"),
        FieldRowPanel([FieldPanel("funder"), FieldPanel("partners")]),
        FieldPanel("url"),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
    ]
    search_fields = [index.SearchField("title", boost=2), index.SearchField("partners"), index.SearchField("funder")]

    class Meta:
        verbose_name = "Forschungsprojekt"
        verbose_name_plural = "Forschungsprojekte"
        ordering = ["title"]

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "Das Ende der Laufzeit darf nicht vor dem Beginn liegen."})


class TransferListPage(SectionIndexPage):
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    search_fields = SectionIndexPage.search_fields + [index.SearchField("transfer_texts")]

    class Meta:
        verbose_name = "Transferliste"

    def transfer_texts(self):
        """The KMU problems with their topics and the published research projects shown on this page,
        for the search index."""
        problems = KmuProblem.objects.select_related("topic").prefetch_related(
            Prefetch("projects", queryset=ResearchProject.objects.filter(live=True))
        )
        return " ".join(
            f"{problem.topic.name} {problem.title} {problem.description} {problem.sectors} "
            + " ".join(f"{project.title} {project.funder} {project.partners}" for project in problem.projects.all())
            for problem in problems
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        problems = KmuProblem.objects.select_related("topic").prefetch_related(
            Prefetch("projects", queryset=ResearchProject.objects.filter(live=True).order_by("title"))
        )
        topic = request.GET.get("thema", "")
        if topic:
            problems = problems.filter(topic__slug=topic)
        context.update(
            problems=problems,
            topics=TransferTopic.objects.filter(problems__isnull=False).distinct(),
            selected_topic=topic,
        )
        return context
