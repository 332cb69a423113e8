from django.conf import settings
from django.db import models

# Bump the version whenever the text changes; every record keeps the text it was given for.
SUBMISSION_CONSENT_VERSION = "2026-11-27"
CLAIM_CONSENT_VERSION = "2026-11-28"
REGISTER_CONSENT_VERSION = "2026-11-28"
REGISTER_CONSENT_TEXT = (
    "Ich willige ein, dass diese Registernummer in meinem öffentlichen Profil und in den Daten für Partner "
    "(Schnittstelle, Exporte) angezeigt wird. Die Einwilligung kann ich jederzeit widerrufen."
)


class Consent(models.Model):
    """Provable, withdrawable consent (GDPR Art. 7): who agreed to which text, when."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField("Zweck", max_length=40)
    version = models.CharField("Fassung", max_length=20)
    text = models.TextField("Wortlaut")
    given_at = models.DateTimeField("erteilt am", auto_now_add=True)
    withdrawn_at = models.DateTimeField("widerrufen am", null=True, blank=True)

    class Meta:
        verbose_name = "Einwilligung"
        verbose_name_plural = "Einwilligungen"
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.user} – {self.purpose} ({self.version})"
