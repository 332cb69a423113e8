from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from directory.storage import private_storage, proof_upload_to


class RatingStatus(models.TextChoices):
    PUBLISHED = "veroeffentlicht", "Veröffentlicht"
    FLAGGED = "auffaellig", "Auffällig – wartet auf OM"  # not counted, not shown
    DISPUTED = "in_pruefung", "Beanstandet – in Prüfung"  # hidden while OM investigates
    REMOVED = "entfernt", "Entfernt"  # kept a year for the record, never shown


class CommentState(models.TextChoices):
    NONE = "keiner", "Kein Kommentar"
    PENDING = "wartet", "Wartet auf Prüfung"
    APPROVED = "freigegeben", "Freigegeben"
    REJECTED = "abgelehnt", "Nicht veröffentlicht"


class Rating(models.Model):
    """One rating per engagement (the database enforces it). Scores count once the rating is
    published; a comment is public only after OM has checked it."""

    engagement = models.OneToOneField(
        "ratings.Engagement", on_delete=models.CASCADE, related_name="rating", verbose_name="Auftrag"
    )
    advisor = models.ForeignKey(
        "directory.Advisor", on_delete=models.CASCADE, related_name="ratings", verbose_name="Berater:in"
    )
    criteria = models.ForeignKey("ratings.CriteriaVersion", on_delete=models.PROTECT, verbose_name="Kriterien")
    month = models.DateField("Monat des Auftrags")
    comment = models.TextField("Kommentar", blank=True)
    comment_state = models.CharField(max_length=12, choices=CommentState.choices, default=CommentState.NONE)
    status = models.CharField(max_length=16, choices=RatingStatus.choices, default=RatingStatus.PUBLISHED)
    flags = models.JSONField("Auffälligkeiten", default=list, blank=True)
    created_at = models.DateTimeField("abgegeben am", auto_now_add=True)
    consent_text = models.TextField("Einwilligung (Wortlaut)")
    # the advisor's side
    reply = models.TextField("Antwort der beratenden Person", blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    objection = models.TextField("Beanstandung", blank=True)
    objected_at = models.DateTimeField(null=True, blank=True)
    # the rater's statement in a dispute (BGH VI ZR 34/15): asked for by a single-use link
    statement_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    statement = models.TextField("Stellungnahme der bewertenden Person", blank=True)
    statement_proof = models.FileField("Beleg", blank=True, storage=private_storage, upload_to=proof_upload_to)
    statement_at = models.DateTimeField(null=True, blank=True)
    # OM's decision
    decision_reason = models.TextField("Begründung der Entscheidung", blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    removed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Bewertung"
        verbose_name_plural = "Bewertungen"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["advisor", "status", "created_at"], name="rating_counted")]
        permissions = [("moderate_rating", "Bewertungen prüfen und entscheiden")]

    def __str__(self):
        return f"Bewertung für {self.advisor} ({self.created_at:%d.%m.%Y})"

    @property
    def average(self):
        values = [score.value for score in self.scores.all()]
        return sum(values) / len(values) if values else None

    @property
    def comment_public(self):
        return self.comment if self.comment_state == CommentState.APPROVED else ""


class RatingScore(models.Model):
    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="scores")
    key = models.SlugField(max_length=40)
    value = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rating", "key"], name="one_score_per_axis"),
            models.CheckConstraint(condition=models.Q(value__gte=1, value__lte=5), name="score_from_1_to_5"),
        ]

    def __str__(self):
        return f"{self.key}={self.value}"


class RatingReport(models.Model):
    """A report by anyone that a rating is unlawful (DSA Art. 16); OM answers with reasons."""

    class Reason(models.TextChoices):
        FALSE = "falsch", "Unwahre Tatsachenbehauptung"
        INSULT = "beleidigung", "Beleidigung oder Schmähkritik"
        PRIVATE = "personendaten", "Enthält persönliche Daten"
        FAKE = "kein_auftrag", "Kein echter Auftrag / gekaufte Bewertung"
        OTHER = "sonstiges", "Sonstiges"

    rating = models.ForeignKey(Rating, on_delete=models.CASCADE, related_name="reports")
    reason = models.CharField("Grund", max_length=20, choices=Reason.choices)
    explanation = models.TextField("Erläuterung")
    email = models.EmailField("E-Mail für die Antwort", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "Meldung"
        verbose_name_plural = "Meldungen"
        ordering = ["-created_at"]

    def __str__(self):
        return f"Meldung zu {self.rating} ({self.get_reason_display()})"
