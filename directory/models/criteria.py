"""Entry criteria per track (standard, junior) as versioned data, and the one list of what the
system checks of them."""

from typing import NamedTuple

from django.db import models
from django.utils.translation import ngettext


class Requirement(NamedTuple):
    key: str  # what it is about (the self-service maps it to the step where it is met)
    label: str
    test: object  # advisor -> bool


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

    def requirements(self):
        """What the system can check of these criteria, as Requirement(key, label, test) each. The
        submission, the self-service progress and the criteria shown before step 1 all read this one
        list; a minimum of 0 is no requirement and is left out."""
        from directory.models.qualifications import MentorConfirmation

        def count(n, one, many):
            return ngettext(one, many, n) % {"n": n}

        items = []
        if self.min_years_experience:
            items.append(
                Requirement(
                    "experience",
                    count(
                        self.min_years_experience,
                        "Mindestens ein Jahr Beratungserfahrung",
                        "Mindestens %(n)d Jahre Beratungserfahrung",
                    ),
                    lambda advisor: (advisor.years_experience or 0) >= self.min_years_experience,
                )
            )
        if self.min_qualifications:
            items.append(
                Requirement(
                    "qualifications",
                    count(
                        self.min_qualifications,
                        "Mindestens eine Qualifikation mit Nachweis",
                        "Mindestens %(n)d Qualifikationen mit Nachweis",
                    ),
                    lambda advisor: advisor.qualifications.exclude(proof="").count() >= self.min_qualifications,
                )
            )
        if self.min_references:
            items.append(
                Requirement(
                    "references",
                    count(self.min_references, "Mindestens eine Kundenreferenz", "Mindestens %(n)d Kundenreferenzen"),
                    lambda advisor: advisor.references.count() >= self.min_references,
                )
            )
        items.append(Requirement("topics", "Mindestens ein Beratungsthema", lambda advisor: advisor.topics.exists()))
        if self.requires_mentor:
            items.append(
                Requirement(
                    "mentor",
                    "Mentorin oder Mentor hat die Begleitung bestätigt",
                    lambda advisor: MentorConfirmation.objects.filter(
                        mentee=advisor, confirmed_at__isnull=False
                    ).exists(),
                )
            )
        items.append(
            Requirement(
                "regions",
                "Bundesland oder Umkreis angegeben",
                lambda advisor: advisor.states_served.exists() or bool(advisor.service_radius_km),
            )
        )
        return items

    def evaluate(self, advisor):
        """(key, label, fulfilled) for each requirement; without a profile nothing is fulfilled yet."""
        return [(r.key, r.label, advisor is not None and r.test(advisor)) for r in self.requirements()]

    def checks(self, advisor):
        """What the system can check of these criteria for `advisor`: (label, fulfilled) each."""
        return [(label, ok) for _, label, ok in self.evaluate(advisor)]
