from django.core.management.base import BaseCommand

from directory.models import SearchOutbox
from directory.search import sync


class Command(BaseCommand):
    help = (
        "Überträgt wartende Änderungen an Berater:innen in den Suchindex (für cron, z. B. jede Minute); "
        "was die Suchmaschine nicht annimmt, bleibt für den nächsten Lauf."
    )

    def handle(self, *args, **options):
        waiting = SearchOutbox.objects.values("advisor_id").distinct().count()
        self.stdout.write(f"… {waiting} Berater:innen warten auf den Abgleich")
        applied, failed = sync.drain()
        self.stdout.write(f"Abgleich fertig: {applied} übertragen, {failed} warten weiter.")
