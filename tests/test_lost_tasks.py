"""Tasks of a worker killed outright (core/lost_tasks.py): taken over once their worker has been
silent for minutes, never while it still notes that it lives, not from a worker that never noted
anything, and an import's run is marked „abgebrochen“ instead of running twice. And the worker
itself, in process: a batch run does what waits and notes its heartbeat."""

from datetime import timedelta

import pytest
from django.core import mail as django_mail
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import lost_tasks, mail
from core.mail_queue import deliver
from core.models import QueuedMail, WorkerHeartbeat
from directory.importing.tasks import execute_import
from directory.models import ImportRun
from tests.worker import DATABASE_BACKEND, wait_for

pytestmark = pytest.mark.django_db


def running(task, *args, worker, minutes_ago=10):
    """A task as a worker leaves it when it is killed while running it."""
    result = task.enqueue(*args)
    started = timezone.now() - timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=result.id).update(status="RUNNING", started_at=started, worker_ids=[worker])
    return result.id


def test_only_the_tasks_of_a_silent_worker_are_taken_over(settings):
    import_run = ImportRun.objects.create(source="IHK", file_name="a.csv", file_sha256="0" * 64, content="x")
    ImportRun.objects.filter(pk=import_run.pk).update(state=ImportRun.State.RUNNING)
    settings.TASKS = DATABASE_BACKEND  # from here on, tasks wait in the table as for a worker
    lost_tasks.beat("lebt")
    WorkerHeartbeat.objects.create(worker_id="verstummt", last_seen=timezone.now() - timedelta(minutes=4))
    alive = running(deliver, 1, worker="lebt")
    unknown = running(deliver, 2, worker="ohne-herzschlag")  # an older worker version, during a deployment
    starting = running(deliver, 3, worker="verstummt", minutes_ago=1)  # younger than LOST_AFTER
    lost = running(deliver, 4, worker="verstummt")
    lost_import = running(execute_import, import_run.pk, worker="verstummt")

    call_command("requeue_lost_tasks", verbosity=0)

    status = {str(pk): value for pk, value in DBTaskResult.objects.values_list("pk", "status")}
    assert [status[pk] for pk in (alive, unknown, starting)] == ["RUNNING"] * 3
    assert (status[lost], status[lost_import]) == ("FAILED", "FAILED")
    assert DBTaskResult.objects.get(pk=lost).exception_class_path == "core.lost_tasks.WorkerLost"
    again = DBTaskResult.objects.filter(status="READY")
    assert [(r.task_path, r.args_kwargs["args"]) for r in again] == [("core.mail_queue.deliver", [4])]
    import_run.refresh_from_db()
    assert (import_run.state, import_run.content) == (ImportRun.State.FAILED, "")  # its page: „abgebrochen“
    call_command("requeue_lost_tasks", verbosity=0)
    assert DBTaskResult.objects.filter(status="READY").count() == 1  # once


@pytest.mark.django_db(transaction=True)
def test_a_batch_run_of_the_worker_does_what_waits_and_notes_that_it_lives(settings):
    settings.TASKS = DATABASE_BACKEND
    settings.EMAIL_BACKEND = "core.mail_queue.QueuedEmailBackend"
    settings.MAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PERIODIC_JOBS = {}
    mail.send(["ada.beispiel@example.org"], "claim_invitation", {"name": "Ada", "source": "IHK", "link": "https://e"})
    assert QueuedMail.objects.count() == 1 and not django_mail.outbox

    call_command("run_worker", "--batch", verbosity=0)

    assert [message.to for message in django_mail.outbox] == [["ada.beispiel@example.org"]]
    assert not QueuedMail.objects.exists()
    assert wait_for(lambda: WorkerHeartbeat.objects.exists(), "the worker's heartbeat", timeout=10)
