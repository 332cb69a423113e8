from django.core.management.base import BaseCommand

from directory.search import sync


class Command(BaseCommand):
    help = (
        "Überträgt wartende Änderungen an Berater:innen in den Suchindex (für cron, z. B. jede Minute); "
        "was die Suchmaschine nicht annimmt, bleibt für den nächsten Lauf."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"… {sync.waiting()} Berater:innen warten auf den Abgleich")
        applied, waiting = sync.drain()
        self.stdout.write(f"Abgleich fertig: {applied} übertragen, {waiting} warten weiter.")
