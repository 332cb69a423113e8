from django.core.management.base import BaseCommand

from directory import lifecycle


class Command(BaseCommand):
    help = "Tägliche Pflege des Beraterverzeichnisses: Erinnerungen, Ablauf nach 24 Monaten, Löschfristen."

    def handle(self, *args, **options):
        self.stdout.write("… Erinnerungen 60 und 14 Tage vor Ablauf")
        reminders = lifecycle.send_expiry_reminders()
        self.stdout.write("… abgelaufene Einträge")
        expired = lifecycle.expire_profiles()
        self.stdout.write("… abgelehnte Bewerbungen älter als 6 Monate löschen")
        purged = lifecycle.purge_rejected()
        self.stdout.write(
            self.style.SUCCESS(f"Erledigt: {reminders} Erinnerungen, {expired} abgelaufen, {purged} gelöscht.")
        )
