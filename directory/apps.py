from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """ "Mittelstand gut beraten": the advisor directory (models, self-service, verification,
    directory search service, partner API)."""

    name = "directory"
    verbose_name = "Beraterverzeichnis"

    def ready(self):
        from directory import signals  # noqa: F401 - connects the file clean-up receivers
        from directory.search import signals as search_signals  # noqa: F401 - the search outbox
