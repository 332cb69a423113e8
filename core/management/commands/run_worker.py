"""The worker: runs the queued tasks (django-tasks' db_worker) and queues the recurring jobs."""

import logging
import threading
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils.crypto import get_random_string

from core import lost_tasks, periodic

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Führt die Hintergrundaufgaben aus (E-Mails, Dokumenttexte, Importe, Suchindex) und plant die regelmäßigen."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--interval", type=float, default=1.0, help="Sekunden Pause bei leerer Warteschlange")
        parser.add_argument("--no-schedule", action="store_true", help="nur Aufgaben ausführen, nichts planen")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = get_random_string(32)
        threading.Thread(target=self.heartbeat, args=[worker_id], name="heartbeat", daemon=True).start()
        if not options["no_schedule"]:
            threading.Thread(target=self.schedule, name="periodic-jobs", daemon=True).start()
        call_command(
            "db_worker",
            interval=options["interval"],
            startup_delay=False,
            reload=False,
            worker_id=worker_id,
            verbosity=options["verbosity"],
        )

    def heartbeat(self, worker_id: str) -> None:
        """Says in the shared cache that this worker lives, also while it runs a long task: a task
        of a worker that stopped saying so is queued again (core/lost_tasks.py)."""
        while True:
            try:
                lost_tasks.beat(worker_id)
            except Exception:  # a cache outage must not end the heartbeat
                logger.exception("worker heartbeat not written")
            finally:
                close_old_connections()
            time.sleep(lost_tasks.HEARTBEAT_SECONDS)

    def schedule(self) -> None:
        while True:
            try:
                queued = periodic.queue_due()
                if queued:
                    logger.info("periodic jobs queued: %s", ", ".join(queued))
            except Exception:  # a database or cache outage must not end the schedule
                logger.exception("periodic jobs could not be queued")
            finally:
                close_old_connections()
            time.sleep(60 - time.time() % 60 + 1)  # just after the next full minute
