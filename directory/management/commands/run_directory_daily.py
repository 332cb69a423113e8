from django.core.management.base import BaseCommand

from directory import contributions, lifecycle, photo_stash

TOPICS = ("Erinnerungen", "Ablauf nach 24 Monaten", "Löschfristen")


class Command(BaseCommand):
    @property
    def help(self):
        topics = [*TOPICS, *(step.topic for step in contributions.daily_steps.values())]
        return f"Tägliche Pflege des Beraterverzeichnisses: {', '.join(topics)}."

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
        done = [
            f"{reminders} Erinnerungen",
            f"{expired} abgelaufen",
            f"{purged} gelöscht",
            f"{unclaimed} nicht übernommene Importe gelöscht",
            f"{discarded} Importdateien verworfen",
            f"{cleared} Importbefunde gelöscht",
            f"{photos} zwischengespeicherte Fotos gelöscht",
        ]
        done += [step.run(self.stdout.write) for step in contributions.daily_steps.values()]
        self.stdout.write(self.style.SUCCESS(f"Erledigt: {', '.join(done)}."))
