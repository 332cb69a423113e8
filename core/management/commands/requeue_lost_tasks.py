"""Queues again the tasks of workers that were killed while running them (core/lost_tasks.py)."""

from typing import Any

from django.core.management.base import BaseCommand

from core import lost_tasks


class Command(BaseCommand):
    help = "Stellt Aufgaben erneut ein, deren Worker während der Ausführung beendet wurde."

    def handle(self, *args: Any, **options: Any) -> None:
        requeued = lost_tasks.requeue_lost()
        if options["verbosity"]:
            self.stdout.write(f"{len(requeued)} Aufgaben erneut eingestellt")
