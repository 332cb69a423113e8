from django.db import models
from wagtail.documents import get_document_model_string
from wagtail.search import index


class DocumentText(index.Indexed, models.Model):
    """The searchable text of one document, extracted when it is uploaded or replaced."""

    document = models.OneToOneField(
        get_document_model_string(),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_text",
        verbose_name="Dokument",
    )
    title = models.CharField("Titel", max_length=255)
    date = models.DateTimeField("hochgeladen am")
    text = models.TextField("Text", blank=True)
    problem = models.CharField("Hinweis", max_length=255, blank=True, help_text="Warum kein Text gelesen wurde.")
    extracted_at = models.DateTimeField("gelesen am", auto_now=True)

    search_fields = [
        index.SearchField("title", boost=2),
        index.AutocompleteField("title"),
        index.SearchField("text"),
        index.FilterField("document_id"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = "Volltext eines Dokuments"
        verbose_name_plural = "Volltexte der Dokumente"

    def __str__(self):
        return self.title

    @property
    def characters(self):
        return len(self.text)


class UnansweredQuery(models.Model):
    """Searches that found nothing, per day (normalised like Wagtail's query log, no visitor data):
    the editors' report shows what visitors miss."""

    query_string = models.CharField("Suchbegriff", max_length=255)
    date = models.DateField("Tag")
    hits = models.PositiveIntegerField("Anzahl", default=0)

    class Meta:
        verbose_name = "Suche ohne Treffer"
        verbose_name_plural = "Suchen ohne Treffer"
        constraints = [models.UniqueConstraint(fields=["query_string", "date"], name="unanswered_query_per_day")]

    def __str__(self):
        return f"{self.query_string} ({self.date:%d.%m.%Y})"
