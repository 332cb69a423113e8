"""Tasks of a worker that was killed outright (SIGKILL, a machine gone): django-tasks leaves them
RUNNING in the task table for good, and a mail being delivered would never leave. Every worker says
in the shared cache once a minute that it is alive, from a thread of its own, so also while a long
task runs. A task RUNNING for longer than LOST_AFTER whose worker has stopped saying so is marked
failed and queued again (the job `requeue_lost_tasks`, every five minutes): the tasks here may run
twice (a mail is delivered at least once), except an import's run, which must not create people
twice; its page shows it as „abgebrochen“ instead (directory/importing)."""

import logging
from datetime import timedelta

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 60
SILENT_AFTER = 3 * HEARTBEAT_SECONDS  # a heartbeat's lifetime in the cache
LOST_AFTER = timedelta(minutes=5)  # at least this long RUNNING: no task is taken from a worker still starting
NOT_REPEATED = frozenset({"directory.importing.tasks.execute_import"})


class WorkerLost(Exception):
    """Recorded as the exception of a task whose worker was killed while it ran."""


def heartbeat_key(worker_id: str) -> str:
    return f"worker-alive:{worker_id}"


def beat(worker_id: str) -> None:
    cache.set(heartbeat_key(worker_id), True, SILENT_AFTER)


def requeue_lost() -> list[str]:
    """Marks the lost tasks failed and queues the repeatable ones again; returns their task paths."""
    started_before = timezone.now() - LOST_AFTER
    running = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=started_before)
    lost = [result for result in running if not (result.worker_ids and cache.get(heartbeat_key(result.worker_ids[-1])))]
    requeued = []
    for result in lost:
        repeat = result.task_path not in NOT_REPEATED
        outcome = "queued again" if repeat else "not repeated"
        note = f"worker {result.worker_ids[-1:]} stopped while the task ran; {outcome}"
        with transaction.atomic():
            # Only if it is still RUNNING: the worker may have finished it meanwhile after all.
            marked = DBTaskResult.objects.filter(pk=result.pk, status=TaskResultStatus.RUNNING).update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path=f"{__name__}.{WorkerLost.__name__}",
                traceback=note,
            )
            if not marked:
                continue
            if repeat:
                result.task.enqueue(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
                requeued.append(result.task_path)
        logger.warning("task %s (%s): %s", result.pk, result.task_path, note)
    return requeued
