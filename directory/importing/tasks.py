from django.db import transaction
from django_tasks import task

from directory.importing import service
from directory.models import ImportRun


def start(run, create_despite_similar=()):
    """Queues a checked run for the worker, in one transaction with its new state; False if it was
    queued already (a double click)."""
    with transaction.atomic():
        if not service.queue(run, sorted(create_despite_similar)):
            return False
        execute_import.enqueue(run.pk)
    return True


@task()
def execute_import(run_id):
    """The real run of an import a verifier started in the admin (its page shows the progress)."""
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is not None:
        service.import_rows(run)


def abort_lost_run(run_id):
    """Instead of running an import again whose worker was killed (it would create people twice):
    its page shows it „abgebrochen“, what was created stays (core/lost_tasks.py)."""
    ImportRun.objects.filter(pk=run_id, state=ImportRun.State.RUNNING).update(state=ImportRun.State.FAILED, content="")
