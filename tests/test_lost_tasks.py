"""Tasks of a worker killed outright (core/lost_tasks.py): queued again once their worker has gone
silent, never while it still says it is alive, and an import's run never twice."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import lost_tasks
from core.mail_queue import deliver
from directory.importing.tasks import execute_import
from tests.worker import DATABASE_BACKEND

pytestmark = pytest.mark.django_db


def running(task, *args, worker, minutes_ago=10):
    """A task as a worker leaves it when it is killed while running it."""
    result = task.enqueue(*args)
    started = timezone.now() - timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=started, worker_ids=[worker])
    return result.id


def test_only_the_tasks_of_a_silent_worker_are_queued_again(settings):
    settings.TASKS = DATABASE_BACKEND
    lost_tasks.beat("lebt")
    alive = running(deliver, 1, worker="lebt")
    starting = running(deliver, 2, worker="verstummt", minutes_ago=1)  # younger than LOST_AFTER
    lost = running(deliver, 3, worker="verstummt")
    lost_import = running(execute_import, 4, worker="verstummt")

    call_command("requeue_lost_tasks", verbosity=0)

    status = {str(pk): value for pk, value in DBTaskResult.objects.values_list("pk", "status")}
    assert (status[alive], status[starting]) == ("RUNNING", "RUNNING")
    assert (status[lost], status[lost_import]) == ("FAILED", "FAILED")
    assert DBTaskResult.objects.get(pk=lost).exception_class_path == "core.lost_tasks.WorkerLost"
    again = DBTaskResult.objects.filter(status="READY")
    assert [(r.task_path, r.args_kwargs["args"]) for r in again] == [("core.mail_queue.deliver", [3])]
    call_command("requeue_lost_tasks", verbosity=0)
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # once
