from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    """ "Mittelstand gut beraten": the advisor directory (models, self-service, verification,
    directory search service, partner API). Its models arrive with the directory issue."""

    name = "directory"
    verbose_name = "Beraterverzeichnis"
