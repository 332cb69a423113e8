"""Loads the demo site. Idempotent: running it again updates the same objects, never duplicates.

Later issues add their demo content as further steps here; the command ends by rebuilding the
search index so the demo is searchable at once.
"""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site, Workflow, WorkflowPage

from committees import demo as committees_demo
from core.public_url import site_address
from directory import demo as directory_demo
from event_calendar import demo as events_demo
from home.demo import load_legal_pages
from home.models import HomePage
from networks import demo as networks_demo
from news import demo as news_demo
from products import demo as products_demo
from ratings import demo as ratings_demo
from transfer import demo as transfer_demo

HOME_INTRO = (
    "Die Offensive Mittelstand ist ein Netzwerk von rund 300 Partnern, die kleine und mittlere "
    "Unternehmen mit praxiserprobten Standards, Checks und guter Beratung unterstützen."
)
HOME_BODY = (
    "<h2>Gemeinsam für einen starken Mittelstand</h2>"
    "<p>Kammern, Verbände, Sozialpartner, Forschungsinstitute und Beratende entwickeln gemeinsam "
    "OM-Praxisstandards und machen sie allen Partnern zugänglich.</p>"
)


class Command(BaseCommand):
    help = "Lädt die Demo-Inhalte (idempotent) und baut den Suchindex neu auf."

    def add_arguments(self, parser):
        parser.add_argument("--admin-password", help="Legt den Demo-Administrator 'admin' mit diesem Passwort an.")
        parser.add_argument("--skip-index", action="store_true", help="Suchindex nicht neu aufbauen.")

    def handle(self, *args, admin_password=None, skip_index=False, **options):
        counts = {}
        with transaction.atomic():
            self.step("Startseite")
            home = self.load_home()
            counts["Startseite"] = 1
            self.step("Partnerorganisationen, Gremien, Personen (Protokoll 22.04.2021)")
            orgs, committees, people = committees_demo.load_organisations()
            counts.update(Organisationen=len(orgs), Gremien=len(committees), Personen=len(people))
            self.step("OM-Produkte")
            products = products_demo.load(home, orgs, committees)
            counts["Produkte"] = len(products)
            self.step("Regionale Netzwerke")
            networks = networks_demo.load(home, orgs)
            counts["Netzwerke"] = networks.get_children().count()
            self.step("Sitzung des Strategiekreises mit Tagesordnung und Beschlüssen")
            _, meeting = committees_demo.load_meeting(home, committees, people, {**products, "networks": networks})
            counts["Beschlüsse"] = meeting.decisions.count()
            self.step("Neuigkeiten")
            news_index, articles = news_demo.load(home, products, meeting)
            counts["Neuigkeiten"] = len(articles)
            self.step("Termine")
            counts["Termine"] = events_demo.load(home, committees).get_children().count()
            self.step("Startseite: Text und Hinweis auf das Beraterverzeichnis")
            self.fill_home_body(home, products["beraterdatenbank"])
            self.step("Transferliste (TOP 4)")
            counts["Transfer-Probleme"] = len(transfer_demo.load(home))
            self.step("Impressum, Datenschutz, Barrierefreiheit (Fußzeile)")
            load_legal_pages(home)
            self.step("Beraterverzeichnis: erfundene Berater:innen in allen Status")
            advisors = directory_demo.load()
            counts["Berater:innen"] = len(advisors)
            self.step("Bewertungen der Beratenden (einige in Prüfung)")
            counts["Bewertungen"] = ratings_demo.load(advisors)
            self.step("Mitgliederbereich Strategiekreis (geschützt)")
            committees_demo.load_members_area(home)
            self.step("Freigabe-Workflow für Neuigkeiten und Produkte")
            self.attach_workflow(news_index, products["zusatzqualifikation-ki"].get_parent())
            if admin_password:
                self.step("Demo-Administrator")
                self.load_admin(admin_password)
        if not skip_index:
            self.step("Suchindex")
            call_command("update_index", verbosity=0)
            self.step("Suchindex des Beraterverzeichnisses")
            call_command("rebuild_directory_index", stdout=StringIO())
        summary = ", ".join(f"{name}: {count}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo-Inhalte geladen ({summary})."))

    def step(self, name):
        self.stdout.write(f"… {name}")

    def load_home(self):
        root = Page.get_first_root_node()
        home = HomePage.objects.first()
        if home is None:
            home = root.add_child(instance=HomePage(title="Offensive Mittelstand", slug="start", live=True))
        home.title = "Offensive Mittelstand – Gut für Deutschland"
        home.seo_title = ""  # the title says it all; the <title> becomes "Gut für Deutschland – Offensive Mittelstand"
        home.intro = HOME_INTRO
        home.save_revision().publish()
        site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
        # The address the site is served on (WAGTAILADMIN_BASE_URL): page URLs, canonical and sitemap say it.
        site.hostname, site.port = site_address()
        site.root_page, site.site_name = home, "Offensive Mittelstand"
        site.save()
        # Wagtail's installer page ("Welcome to your new Wagtail site!") is not part of the site.
        Page.objects.filter(depth=2).exclude(pk=home.pk).not_type(HomePage).delete()
        return home

    def fill_home_body(self, home, directory_page):
        """Body text and a call to action for "Mittelstand gut beraten" (the directory itself follows)."""
        home.body = [
            ("paragraph", HOME_BODY),
            (
                "call_to_action",
                {
                    "title": "Mittelstand gut beraten",
                    "text": "Unabhängige, von der OM geprüfte Beraterinnen und Berater für kleine und mittlere "
                    "Unternehmen.",
                    "page": directory_page,
                    "button_label": "Mehr zum Beraterverzeichnis",
                },
            ),
        ]
        home.save_revision().publish()

    def attach_workflow(self, *sections):
        workflow = Workflow.objects.get(name="Redaktion → Freigabe")  # created by migration home.0002
        for section in sections:
            WorkflowPage.objects.update_or_create(page=section, defaults={"workflow": workflow})

    def load_admin(self, password):
        user, _ = get_user_model().objects.get_or_create(
            username="admin", defaults={"email": "admin@om-site.invalid", "first_name": "Demo", "last_name": "Admin"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
