from django.db import models


class EntryCriteria(models.Model):
    """Entry criteria as versioned data: every approval records the version it was granted under."""

    track = models.CharField("Zugang", max_length=20, choices=[("standard", "Standard"), ("junior", "Nachwuchs")])
    version = models.PositiveIntegerField("Version")
    valid_from = models.DateField("gültig ab")
    min_years_experience = models.PositiveSmallIntegerField("Mindestjahre Beratungserfahrung")
    min_qualifications = models.PositiveSmallIntegerField("Mindestzahl nachgewiesener Qualifikationen")
    min_references = models.PositiveSmallIntegerField("Mindestzahl Kundenreferenzen")
    requires_mentor = models.BooleanField("Mentor:in erforderlich", default=False)
    text = models.TextField("Beschreibung für Bewerber:innen")

    class Meta:
        verbose_name = "Aufnahmekriterien"
        verbose_name_plural = "Aufnahmekriterien"
        constraints = [models.UniqueConstraint(fields=["track", "version"], name="unique_criteria_version")]
        ordering = ["track", "-version"]

    def __str__(self):
        return f"{self.get_track_display()} v{self.version}"

    @classmethod
    def current(cls, track, on=None):
        from django.utils import timezone

        on = on or timezone.localdate()
        return cls.objects.filter(track=track, valid_from__lte=on).order_by("-version").first()

    def checks(self, advisor):
        """What the system can check of these criteria for `advisor`: (label, fulfilled) each."""
        from directory.models.qualifications import MentorConfirmation

        proven = advisor.qualifications.exclude(proof="").count()
        checks = [
            (
                f"Mindestens {self.min_years_experience} Jahre Beratungserfahrung",
                advisor.years_experience >= self.min_years_experience,
            ),
            (f"Mindestens {self.min_qualifications} Qualifikation mit Nachweis", proven >= self.min_qualifications),
            (f"Mindestens {self.min_references} Kundenreferenz(en)", advisor.references.count() >= self.min_references),
            ("Mindestens ein Beratungsthema", advisor.topics.exists()),
        ]
        if self.requires_mentor:
            confirmed = MentorConfirmation.objects.filter(mentee=advisor, confirmed_at__isnull=False).exists()
            checks.append(("Mentorin oder Mentor hat die Begleitung bestätigt", confirmed))
        checks.append(
            ("Bundesland oder Umkreis angegeben", advisor.states_served.exists() or bool(advisor.service_radius_km))
        )
        return checks
