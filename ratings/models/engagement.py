import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format

INVITATION_DAYS = 90


class Engagement(models.Model):
    """A consulting engagement recorded by the advisor (or OM staff): the only way to a rating.
    The invitation is single-use, bound to the contact's e-mail address, and its token is stored
    only as a hash."""

    advisor = models.ForeignKey(
        "directory.Advisor", on_delete=models.CASCADE, related_name="engagements", verbose_name="Berater:in"
    )
    company = models.CharField("Unternehmen", max_length=200)
    contact_email = models.EmailField("E-Mail der Ansprechperson")
    month = models.DateField("Monat des Auftrags", help_text="Der erste Tag des Monats.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField("erfasst am", auto_now_add=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField("Einladung gültig bis", editable=False)
    used_at = models.DateTimeField("Einladung verwendet am", null=True, blank=True, editable=False)
    flags = models.JSONField("Auffälligkeiten", default=list, blank=True, editable=False)

    class Meta:
        verbose_name = "Auftrag"
        verbose_name_plural = "Aufträge"
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.company} ({date_format(self.month, 'F Y')})"  # "Oktober 2025", as the invitation says

    @property
    def contact_domain(self):
        return self.contact_email.rsplit("@", 1)[-1].lower()

    def invitation_state(self, now=None):
        """'offen', 'verwendet' or 'abgelaufen'."""
        if self.used_at:
            return "verwendet"
        if (now or timezone.now()) >= self.expires_at:
            return "abgelaufen"
        return "offen"

    @staticmethod
    def expiry_from(now):
        return now + datetime.timedelta(days=INVITATION_DAYS)
