from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Gemeinsame Bausteine"

    def ready(self):
        from core import checks  # noqa: F401 - registers the base URL check
        from core.public_url import sync_default_site

        # Every deploy migrates: the Wagtail Site record follows the configured base URL. (Sent
        # per app with models; core has none, so it listens for Wagtail's own.)
        wagtail = apps.get_app_config("wagtailcore")
        post_migrate.connect(sync_default_site, sender=wagtail, dispatch_uid="core.sync_default_site")
