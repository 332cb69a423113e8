"""Tasks of a worker that was killed outright (SIGKILL, a machine gone): django-tasks leaves them
RUNNING in the task table for good, and a mail being delivered would never leave. Every worker notes
in the database once a minute that it is alive (WorkerHeartbeat, from a thread of its own, so also
while a long task runs). A task RUNNING for longer than LOST_AFTER whose worker has not noted so for
SILENT_AFTER is marked failed and queued again (the job `requeue_lost_tasks`, every five minutes): a
mail is then delivered at least once. A task that must not run twice is registered with what to do
instead (`not_repeated`; an import's run is marked „abgebrochen“). Workers that never noted anything
(a version without the heartbeat, during a deployment) are left alone."""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_tasks.base import Task, TaskResultStatus
from django_tasks_db.models import DBTaskResult

from core.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 60
SILENT_AFTER = timedelta(seconds=3 * HEARTBEAT_SECONDS)
LOST_AFTER = timedelta(minutes=5)  # at least this long RUNNING: no task is taken from a worker just starting
FORGOTTEN_AFTER = timedelta(days=1)  # heartbeats of workers gone for good are deleted then
# task path -> what to do instead of running it again (called with the task's arguments)
NOT_REPEATED: dict[str, Callable[..., Any]] = {}


class WorkerLost(Exception):
    """Recorded as the exception of a task whose worker was killed while it ran."""


def not_repeated(task: Task[Any, Any], instead: Callable[..., Any]) -> None:
    NOT_REPEATED[task.module_path] = instead


def beat(worker_id: str) -> None:
    WorkerHeartbeat.objects.update_or_create(worker_id=worker_id, defaults={"last_seen": timezone.now()})


def requeue_lost() -> list[str]:
    """Marks the lost tasks failed and queues them again (or does what their app registered instead);
    returns the paths of the tasks queued again."""
    now = timezone.now()
    WorkerHeartbeat.objects.filter(last_seen__lt=now - FORGOTTEN_AFTER).delete()
    silent = set(WorkerHeartbeat.objects.filter(last_seen__lt=now - SILENT_AFTER).values_list("worker_id", flat=True))
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - LOST_AFTER)
    requeued = []
    for result in running:
        if not (result.worker_ids and result.worker_ids[-1] in silent):
            continue
        args, kwargs = result.args_kwargs["args"], result.args_kwargs["kwargs"]
        instead = NOT_REPEATED.get(result.task_path)
        note = f"worker {result.worker_ids[-1]} stopped while the task ran; " + (
            "not repeated" if instead else "queued again"
        )
        with transaction.atomic():
            # Only if it is still RUNNING: the worker may have finished it meanwhile after all.
            marked = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{__name__}.{WorkerLost.__name__}",
                traceback=note,
            )
            if not marked:
                continue
            if instead:
                instead(*args, **kwargs)
            else:
                result.task.enqueue(*args, **kwargs)
                requeued.append(result.task_path)
        logger.warning("task %s (%s): %s", result.pk, result.task_path, note)
    return requeued
