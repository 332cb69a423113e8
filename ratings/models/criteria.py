from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


class CriteriaVersion(ClusterableModel):
    """The rating axes as versioned data. Every rating records the version it was given under;
    an axis keeps its key across versions, so averages stay comparable when a label changes."""

    version = models.PositiveIntegerField("Version", unique=True)
    valid_from = models.DateField("gültig ab")
    basis = models.TextField("Grundlage", blank=True)

    panels = [FieldPanel("version"), FieldPanel("valid_from"), FieldPanel("basis"), InlinePanel("criteria", min_num=3)]

    class Meta:
        verbose_name = "Bewertungskriterien"
        verbose_name_plural = "Bewertungskriterien"
        ordering = ["-version"]

    def __str__(self):
        return f"Bewertungskriterien v{self.version}"

    @classmethod
    def current(cls, on=None):
        on = on or timezone.localdate()
        return cls.objects.filter(valid_from__lte=on).order_by("-version").first()


class Criterion(Orderable):
    version = ParentalKey(CriteriaVersion, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField("Schlüssel", max_length=40, help_text="Bleibt über Versionen gleich.")
    label = models.CharField("Bezeichnung", max_length=60)
    question = models.CharField("Frage an die Kundin oder den Kunden", max_length=200)

    panels = [FieldPanel("key"), FieldPanel("label"), FieldPanel("question")]

    class Meta(Orderable.Meta):
        verbose_name = "Kriterium"
        verbose_name_plural = "Kriterien"
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="one_key_per_criteria_version")]

    def __str__(self):
        return self.label
