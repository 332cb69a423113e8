from django.core.management.base import BaseCommand

from directory import lifecycle
from directory.search import sync as search_sync
from directory.selfservice import photo_stash
from ratings import service as rating_service
from ratings import summary as ratings_summary


class Command(BaseCommand):
    help = (
        "Tägliche Pflege des Beraterverzeichnisses: Erinnerungen, Ablauf nach 24 Monaten, Löschfristen, "
        "Bewertungen (Löschfrist, 36-Monats-Fenster)."
    )

    def handle(self, *args, **options):
        self.stdout.write("… Erinnerungen 60 und 14 Tage vor Ablauf")
        reminders = lifecycle.send_expiry_reminders()
        self.stdout.write("… abgelaufene Einträge")
        expired = lifecycle.expire_profiles()
        self.stdout.write("… abgelehnte Bewerbungen älter als 6 Monate löschen")
        purged = lifecycle.purge_rejected()
        self.stdout.write("… importierte, nicht übernommene Einträge 90 Tage nach der Einladung löschen")
        unclaimed = lifecycle.purge_unclaimed()
        self.stdout.write("… Importprotokoll: liegengebliebene Dateien nach 7, Befunde nach 90 Tagen löschen")
        discarded, cleared = lifecycle.purge_import_details()
        self.stdout.write("… zwischengespeicherte Fotos abgebrochener Formulare nach 24 Stunden löschen")
        photos = photo_stash.remove_stale()
        self.stdout.write("… entfernte Bewertungen älter als ein Jahr löschen")
        removed = rating_service.purge_removed()
        self.stdout.write("… ungenutzte Einladungen 90 Tage nach Ablauf löschen")
        unused = rating_service.purge_unused_invitations()
        self.stdout.write("… Durchschnitte, aus denen Bewertungen nach 36 Monaten herausfallen, neu indexieren")
        aged = ratings_summary.ageing_out()
        search_sync.enqueue(*aged)
        self.stdout.write(
            self.style.SUCCESS(
                f"Erledigt: {reminders} Erinnerungen, {expired} abgelaufen, {purged} gelöscht, "
                f"{unclaimed} nicht übernommene Importe gelöscht, {discarded} Importdateien verworfen, "
                f"{cleared} Importbefunde gelöscht, {photos} zwischengespeicherte Fotos gelöscht, "
                f"{removed} entfernte Bewertungen und {unused} ungenutzte Einladungen gelöscht, "
                f"{len(aged)} Durchschnitte neu."
            )
        )
