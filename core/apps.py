from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Gemeinsame Bausteine"

    def ready(self):
        from core import spreadsheets

        spreadsheets.install()
