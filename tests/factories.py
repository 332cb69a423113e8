"""Factories shared by the tests (wagtail-factories builds pages into the tree)."""

import datetime
import zoneinfo

import factory
import wagtail_factories
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import RunPython
from django.utils import timezone
from wagtail.models import Locale, Page, Site

from committees.models import Committee, Decision, DecisionRegisterPage, MeetingIndexPage, MeetingPage
from core.tokens import token_hash
from directory import verification
from directory.models import Advisor, AdvisorStatus
from event_calendar.models import EventIndexPage, EventPage
from home.models import HomePage
from networks.models import NetworkIndexPage, NetworkPage, PartnerOrganisation
from news.models import NewsArticlePage, NewsIndexPage
from products.models import ProductIndexPage, ProductPage
from ratings.models import CriteriaVersion, Engagement, Rating, RatingScore


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Offensive Mittelstand"
    intro = "Das Netzwerk für den Mittelstand."

    class Meta:
        model = HomePage


def tree_root():
    """Wagtail's root page. Transactional tests (live server) flush the rows that migrations
    created (locale, root page, root collection, OM's groups, workflow, vocabularies): restore them."""
    from wagtail.models import Collection

    Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(title="Root", slug="root")
        rerun_data_migrations()
    return root


# OM's migrations that write rows (groups, permissions, vocabularies, criteria), in dependency order.
DATA_MIGRATIONS = [
    ("home", "0002_editorial_groups_and_workflow"),
    ("transfer", "0002_research_partner_group_and_snippet_permissions"),
    ("directory", "0002_vocabularies_and_criteria"),
    ("directory", "0003_verification_group"),
    ("ratings", "0002_criteria_and_moderators"),
    ("search", "0003_editors_manage_promotions"),
]


def rerun_data_migrations():
    """Runs the data steps of DATA_MIGRATIONS again on their historical models: much faster than
    migrating the apps back and forth (which also rebuilt their tables)."""
    loader = MigrationLoader(connection)
    for node in DATA_MIGRATIONS:
        historical = loader.project_state(node, at_end=False).apps
        for operation in loader.graph.nodes[node].operations:
            if isinstance(operation, RunPython):
                operation.code(historical, None)


def make_site_with_home(**kwargs):
    """A published home page as the root of the default site (replacing Wagtail's welcome page)."""
    home = HomePageFactory(parent=tree_root(), **kwargs)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home}
    )
    return home


# --- Editorial site ------------------------------------------------------------------------

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


class PartnerOrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Partnerorganisation {n}")
    kind = "verband"

    class Meta:
        model = PartnerOrganisation


class CommitteeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Arbeitsgruppe {n}")
    kind = "arbeitsgruppe"

    class Meta:
        model = Committee


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "Neuigkeiten"

    class Meta:
        model = NewsIndexPage


class NewsArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Meldung {n}")
    date = datetime.date(2021, 4, 23)
    teaser = "Kurzfassung der Meldung."

    class Meta:
        model = NewsArticlePage


class ProductIndexPageFactory(wagtail_factories.PageFactory):
    title = "OM-Produkte"

    class Meta:
        model = ProductIndexPage


class ProductPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Produkt {n}")
    teaser = "Ein OM-Produkt."
    status = ProductPage.Status.DEVELOPMENT

    class Meta:
        model = ProductPage


class MeetingIndexPageFactory(wagtail_factories.PageFactory):
    title = "Sitzungen"

    class Meta:
        model = MeetingIndexPage


class MeetingPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Sitzung {n}")
    body = factory.SubFactory(CommitteeFactory)
    date = datetime.date(2021, 4, 22)

    class Meta:
        model = MeetingPage


class DecisionRegisterPageFactory(wagtail_factories.PageFactory):
    title = "Beschlussregister"

    class Meta:
        model = DecisionRegisterPage


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Termine"

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Termin {n}")
    start = datetime.datetime(2021, 5, 28, 12, tzinfo=BERLIN)
    end = datetime.datetime(2021, 5, 28, 15, tzinfo=BERLIN)
    location = "Bonn"

    class Meta:
        model = EventPage


class NetworkIndexPageFactory(wagtail_factories.PageFactory):
    title = "Regionale Netzwerke"

    class Meta:
        model = NetworkIndexPage


class NetworkPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Netzwerk {n}")
    region = "Köln"

    class Meta:
        model = NetworkPage


def add_decision(meeting, **fields):
    """Adds a decision to a meeting and republishes it, as an editor would."""
    defaults = {"title": "Beschluss", "text": "Der Strategiekreis beschließt.", "status": Decision.Status.OPEN}
    meeting.decisions.add(Decision(**{**defaults, **fields}))
    meeting.save_revision().publish()
    return meeting.decisions.get(title=fields.get("title", defaults["title"]))


class AdvisorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Beraterin {n}")
    slug = factory.Sequence(lambda n: f"beraterin-{n}")
    short_profile = "Beratung für KMU."
    postcode = "53113"
    city = "Bonn"
    years_experience = 5
    user = factory.SubFactory(
        "tests.factories.UserFactory",
        username=factory.SelfAttribute("..slug"),
        email=factory.LazyAttribute(lambda user: f"{user.username}@beispiel.invalid"),
    )

    class Meta:
        model = Advisor


def published_advisor(**fields):
    """An advisor who went through submission and review the regular way."""
    advisor = AdvisorFactory(status=AdvisorStatus.SUBMITTED, **fields)
    verification.transition(advisor, AdvisorStatus.IN_REVIEW)
    verification.transition(advisor, AdvisorStatus.PUBLISHED)
    return advisor


def member_of(group, username, password="ein-langes-passwort-123", **fields):
    """A staff user in one of OM's groups (Redaktion, Freigabe, Verifizierung, …)."""
    user = get_user_model().objects.create_user(username, password=password, **fields)
    user.groups.add(Group.objects.get(name=group))
    return user


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"nutzer{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@beispiel.invalid")

    class Meta:
        model = get_user_model()


# --- Ratings -------------------------------------------------------------------------------


class EngagementFactory(factory.django.DjangoModelFactory):
    advisor = factory.SubFactory(AdvisorFactory)
    company = factory.Sequence(lambda n: f"Musterbetrieb {n} GmbH")
    contact_email = factory.Sequence(lambda n: f"inhaberin@musterbetrieb-{n}.example")
    month = datetime.date(2026, 5, 1)
    token_hash = factory.Sequence(lambda n: token_hash(f"factory-{n}"))
    expires_at = factory.LazyFunction(lambda: Engagement.expiry_from(timezone.now()))

    class Meta:
        model = Engagement


class RatingFactory(factory.django.DjangoModelFactory):
    """A published rating; `scores` is one value for every axis or {axis key: value}."""

    engagement = factory.SubFactory(EngagementFactory, used_at=factory.LazyFunction(timezone.now))
    advisor = factory.SelfAttribute("engagement.advisor")
    criteria = factory.LazyFunction(CriteriaVersion.current)
    month = factory.SelfAttribute("engagement.month")
    consent_text = "Einverstanden (Test)."

    class Meta:
        model = Rating
        skip_postgeneration_save = True

    @factory.post_generation
    def scores(self, create, extracted, **kwargs):
        values = extracted if isinstance(extracted, dict) else {}
        for criterion in self.criteria.criteria.all():
            value = values.get(criterion.key, extracted if isinstance(extracted, int) else 4)
            RatingScore.objects.create(rating=self, key=criterion.key, value=value)


def pdf_bytes():
    """A real, minimal one-page PDF: uploaded proofs are parsed (core.files.check_pdf), so a stub
    like b"%PDF-1.4\\n%%EOF" is refused as unreadable."""
    import io

    from pypdf import PdfWriter

    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(buffer)
    return buffer.getvalue()


PROOF_PDF = pdf_bytes()
