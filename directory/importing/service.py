"""The three steps every import goes through, from the admin and from the command alike."""

from django.db import transaction

from directory.importing import check, execute, reader
from directory.models import ImportRun


def prepare(file_name, data, *, source, register="", user=None, max_rows=reader.MAX_ROWS):
    """Reads the file (UnreadableFile with a German message if it cannot) and starts a run with a
    mapping guessed from the column names."""
    text = reader.decode(data)
    table = reader.read(text, file_name)
    if not table.rows:
        raise reader.UnreadableFile("Die Datei enthält keine Datenzeilen.")
    if len(table.rows) > max_rows:
        raise reader.UnreadableFile(
            f"Die Datei hat {len(table.rows)} Zeilen; hier sind höchstens {max_rows} möglich. Bitte teilen Sie die "
            "Datei oder lassen Sie sie mit dem Befehl „manage.py import_advisors“ einlesen."
        )
    return ImportRun.objects.create(
        source=source,
        register=register,
        file_name=file_name[:200],
        file_sha256=reader.sha256(text),
        content=text,
        columns=table.columns,
        mapping=check.guess_mapping(table.columns),
        started_by=user,
    )


def dry_run(run):
    """Checks every row against the mapping and the directory; stores counts and findings."""
    result = _check(run)
    run.state = ImportRun.State.CHECKED
    run.save()
    return result


def _check(run):
    table = reader.read(run.content, run.file_name)
    result = check.check(table, run.mapping, run.register)
    execute.summarise(run, result)
    return result


@transaction.atomic
def queue(run, create_despite_similar):
    """Marks a checked run for the worker (directory.importing.tasks.start). The row lock makes a
    double click (or two verifiers) queue it once; the second gets False."""
    run = ImportRun.objects.select_for_update().get(pk=run.pk)
    if run.state != ImportRun.State.CHECKED:
        return False
    run.create_despite_similar = create_despite_similar
    run.state = ImportRun.State.QUEUED
    run.save()
    return True


def import_rows(run, progress=None):
    """The real run, checked afresh: the directory may have changed since the dry run. Runs once:
    a run that is already running or done gives None. The people are created in batches, each
    committed with its progress, so the admin shows how far it got (and a failure keeps what was
    done, marked as aborted)."""
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        if run.state not in (ImportRun.State.CHECKED, ImportRun.State.QUEUED):
            return None
        run.state = ImportRun.State.RUNNING
        run.save(update_fields=["state"])
    try:
        return execute.execute(run, _check(run), progress)
    except BaseException:  # also a worker stopped mid-run (SystemExit) or Ctrl-C on the command
        run.state, run.content = ImportRun.State.FAILED, ""  # what was created stays; the file goes
        run.save(update_fields=["state", "content"])
        raise


def importable_count(run):
    """How many people the real run would create now (for the confirmation button)."""
    table = reader.read(run.content, run.file_name)
    result = check.check(table, run.mapping, run.register)
    return len(execute.importable(result, run.create_despite_similar))
