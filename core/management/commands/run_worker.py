"""The worker: runs the queued tasks (django-tasks' db_worker) and queues the recurring jobs."""

import logging
import threading
import time
from argparse import ArgumentParser
from collections.abc import Callable
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
        parser.add_argument("--batch", action="store_true", help="nur die wartenden Aufgaben ausführen, dann enden")

    def handle(self, *args: Any, **options: Any) -> None:
        worker_id = get_random_string(32)
        stopped = threading.Event()
        threading.Thread(target=self.heartbeat, args=[worker_id, stopped], name="heartbeat", daemon=True).start()
        if not options["no_schedule"]:
            threading.Thread(target=self.schedule, args=[stopped], name="periodic-jobs", daemon=True).start()
        try:
            call_command(
                "db_worker",
                interval=options["interval"],
                batch=options["batch"],
                startup_delay=False,
                reload=False,
                worker_id=worker_id,
                verbosity=options["verbosity"],
            )
        finally:
            stopped.set()

    def heartbeat(self, worker_id: str, stopped: threading.Event) -> None:
        """Notes in the database that this worker lives, also while it runs a long task: a task of a
        worker that stopped noting so is taken over (core/lost_tasks.py)."""
        while True:  # a first note at once, however short the run
            self._guarded(lost_tasks.beat, worker_id)
            if stopped.wait(lost_tasks.HEARTBEAT_SECONDS):
                return

    def schedule(self, stopped: threading.Event) -> None:
        while not stopped.is_set():
            queued = self._guarded(periodic.queue_due)
            if queued:
                logger.info("periodic jobs queued: %s", ", ".join(queued))
            stopped.wait(60 - time.time() % 60 + 1)  # just after the next full minute

    @staticmethod
    def _guarded(work: Callable[..., Any], *args: Any) -> Any:
        """A database or cache outage must not end the heartbeat or the schedule: logged, tried again."""
        try:
            return work(*args)
        except Exception:
            logger.exception("%s failed", work.__name__)
            return None
        finally:
            close_old_connections()
