from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel

from directory.storage import private_storage, proof_upload_to


class ReviewState(models.TextChoices):
    PENDING = "offen", "noch nicht geprüft"
    ACCEPTED = "anerkannt", "anerkannt"
    REJECTED = "abgelehnt", "abgelehnt"


class Qualification(models.Model):
    advisor = ParentalKey("directory.Advisor", on_delete=models.CASCADE, related_name="qualifications")
    title = models.CharField("Qualifikation", max_length=200)
    issuer = models.CharField("Ausgestellt von", max_length=200)
    issued_on = models.DateField("Datum", null=True, blank=True)
    proof = models.FileField("Nachweis", storage=private_storage, upload_to=proof_upload_to, blank=True)
    review = models.CharField("Prüfung", max_length=20, choices=ReviewState.choices, default=ReviewState.PENDING)
    reviewed_at = models.DateField("geprüft am", null=True, blank=True)
    review_reason = models.TextField("Begründung der Prüfung", blank=True)

    # The proof is not in the admin form: private files have no URL; verifiers open them from the
    # review screen through the permission-checking download view.
    panels = [
        FieldPanel("title"),
        FieldPanel("issuer"),
        FieldPanel("issued_on"),
        FieldPanel("review"),
        FieldPanel("reviewed_at"),
        FieldPanel("review_reason"),
    ]

    class Meta:
        verbose_name = "Qualifikation"
        verbose_name_plural = "Qualifikationen"
        ordering = ["-issued_on", "title"]

    def __str__(self):
        return self.title


class ExternalRegistration(models.Model):
    """An entry in an official register; the number is only ever shown with the advisor's consent."""

    class Register(models.TextChoices):
        BAFA = "bafa", "BAFA-Beraterförderung"
        DENA = "dena", "dena Energieeffizienz-Expertenliste"
        GO_DIGITAL = "go_digital", "go-digital"
        INQA = "inqa_coaching", "INQA-Coaching"
        CHAMBER = "kammer", "Kammermitgliedschaft"

    advisor = ParentalKey("directory.Advisor", on_delete=models.CASCADE, related_name="registrations")
    register = models.CharField("Register", max_length=20, choices=Register.choices)
    identifier = models.CharField("Nummer / Kennung", max_length=80, blank=True)
    consent_to_show = models.BooleanField("Nummer darf öffentlich angezeigt werden", default=False)
    consent_at = models.DateTimeField("Einwilligung am", null=True, blank=True)
    verified_at = models.DateField("geprüft am", null=True, blank=True)

    class Meta:
        verbose_name = "Registereintrag"
        verbose_name_plural = "Registereinträge"
        constraints = [models.UniqueConstraint(fields=["advisor", "register"], name="one_entry_per_register")]

    def __str__(self):
        return self.get_register_display()


class ClientReference(models.Model):
    """A client the advisor has worked for; OM may contact it during verification. Never public."""

    advisor = ParentalKey("directory.Advisor", on_delete=models.CASCADE, related_name="references")
    company = models.CharField("Unternehmen", max_length=200)
    contact_name = models.CharField("Ansprechperson", max_length=120)
    contact_email = models.EmailField("E-Mail der Ansprechperson")
    engagement = models.TextField("Worum ging es in der Beratung?", max_length=2000)
    year = models.PositiveSmallIntegerField("Jahr")
    checked_at = models.DateField("von der OM geprüft am", null=True, blank=True)

    class Meta:
        verbose_name = "Kundenreferenz"
        verbose_name_plural = "Kundenreferenzen"
        ordering = ["-year"]

    def __str__(self):
        return self.company


class MentorConfirmation(models.Model):
    """Junior track: a verified advisor confirms by a personal link that they mentor the applicant.
    Only a hash of the link's token is stored."""

    mentee = models.OneToOneField("directory.Advisor", on_delete=models.CASCADE, related_name="mentor_confirmation")
    mentor = models.ForeignKey("directory.Advisor", on_delete=models.CASCADE, related_name="mentees")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField("angefragt am", auto_now_add=True)
    confirmed_at = models.DateTimeField("bestätigt am", null=True, blank=True)

    class Meta:
        verbose_name = "Mentoring-Bestätigung"
        verbose_name_plural = "Mentoring-Bestätigungen"

    def __str__(self):
        return f"{self.mentor} → {self.mentee}"
