from django.conf import settings
from django.db import models


class VerificationEvent(models.Model):
    """Every status change of a profile: who, when, why. Never edited, only appended."""

    advisor = models.ForeignKey("directory.Advisor", on_delete=models.CASCADE, related_name="verification_events")
    from_status = models.CharField("von", max_length=20)
    to_status = models.CharField("nach", max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="durch",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField("Begründung", blank=True)
    created_at = models.DateTimeField("Zeitpunkt", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "Prüfprotokoll-Eintrag"
        verbose_name_plural = "Prüfprotokoll"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.advisor}: {self.from_status} → {self.to_status}"
