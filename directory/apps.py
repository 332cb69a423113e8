from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """ "Mittelstand gut beraten": the advisor directory (models, self-service, verification,
    directory search service, partner API)."""

    name = "directory"
    verbose_name = "Beraterverzeichnis"

    def ready(self):
        from core import lost_tasks
        from directory import signals  # noqa: F401 - connects the file clean-up receivers
        from directory.importing.tasks import abort_lost_run, execute_import
        from directory.search import signals as search_signals  # noqa: F401 - the search outbox

        lost_tasks.not_repeated(execute_import, abort_lost_run)
