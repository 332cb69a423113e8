"""The recurring jobs (settings.PERIODIC_JOBS: a management command "every N minutes" or "daily at
HH:MM", local time, with its options), scheduled by the worker instead of cron. Every worker looks once a minute;
the first to claim a job's slot in the shared cache (an atomic add) queues it, so with several
workers each slot runs once. A worker that was down catches up with the slot it missed."""

import logging
from datetime import datetime, time, timedelta
from typing import Any, cast

from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)


def slot(job: dict[str, Any], now: datetime) -> str:
    """The job's current slot: the minute block, or the day whose run time has passed."""
    if "every_minutes" in job:
        return str(int(now.timestamp()) // (60 * job["every_minutes"]))
    due = time.fromisoformat(job["daily_at"])
    local = timezone.localtime(now)
    return (local - timedelta(hours=due.hour, minutes=due.minute)).date().isoformat()


def _jobs() -> dict[str, dict[str, Any]]:
    return cast("dict[str, dict[str, Any]]", settings.PERIODIC_JOBS)


def queue_due(now: datetime | None = None) -> list[str]:
    """Queues every job whose slot nobody has claimed yet; returns their names."""
    now = now or timezone.now()
    queued = []
    for name, job in _jobs().items():
        key = f"periodic:{name}:{slot(job, now)}"
        # Kept about as long as its slot lasts: a database cache culls its oldest keys beyond 300
        # entries, and a key a minute kept for days would push the login lockout's counters out.
        if cache.add(key, True, timeout=60 * job.get("every_minutes", 25 * 60)):
            try:
                run_job.enqueue(name)
            except Exception:
                cache.delete(key)  # the next look tries again
                raise
            queued.append(name)
    return queued


@task()
def run_job(name: str) -> None:
    if name not in _jobs():  # only what the settings name, whatever the queue holds
        raise ValueError(f"not a periodic job: {name}")
    call_command(name, verbosity=0, **_jobs()[name].get("options", {}))
