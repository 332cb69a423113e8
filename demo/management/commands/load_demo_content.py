"""Loads the demo site. Idempotent: running it again updates the same objects, never duplicates.

The one place that calls the content builders of demo/ (one module per app), in the order their
content depends on each other; the command ends by rebuilding the search index so the demo is
searchable at once.
"""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from wagtail.models import Workflow, WorkflowPage

from demo import committees as committees_demo
from demo import directory as directory_demo
from demo import event_calendar as events_demo
from demo import home as home_demo
from demo import networks as networks_demo
from demo import news as news_demo
from demo import products as products_demo
from demo import ratings as ratings_demo
from demo import transfer as transfer_demo


class Command(BaseCommand):
    help = "Lädt die Demo-Inhalte (idempotent) und baut den Suchindex neu auf."

    def add_arguments(self, parser):
        parser.add_argument("--admin-password", help="Legt den Demo-Administrator 'admin' mit diesem Passwort an.")
        parser.add_argument("--skip-index", action="store_true", help="Suchindex nicht neu aufbauen.")

    def handle(self, *args, **options):
        # The demo is complete when the command returns: what saving it queues (document texts,
        # Wagtail's references and search entries) runs here, not later in a worker.
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}):
            self.load(**options)

    def load(self, admin_password=None, skip_index=False, **options):
        counts = {}
        with transaction.atomic():
            self.step("Startseite")
            home = home_demo.load_home()
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
            home_demo.fill_home_body(home, products["beraterdatenbank"])
            self.step("Transferliste (TOP 4)")
            counts["Transfer-Probleme"] = len(transfer_demo.load(home))
            self.step("Impressum, Datenschutz, Barrierefreiheit (Fußzeile)")
            home_demo.load_legal_pages(home)
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
