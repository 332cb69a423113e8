from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate, pre_save


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Gemeinsame Bausteine"

    def ready(self) -> None:
        from wagtail.images import get_image_model

        from core import checks, files, frontend_cache, spreadsheets  # noqa: F401 - checks registers the base URL check
        from core.public_url import sync_default_site

        spreadsheets.install()
        frontend_cache.connect_signals()  # purges the full-page cache (when there is one) after changes
        # Every Wagtail image, whichever code creates it, passes the one image check.
        pre_save.connect(files.guard_wagtail_image, sender=get_image_model(), dispatch_uid="core-image-guard")
        # Every deploy migrates: the Wagtail Site record follows the configured base URL. (Sent
        # per app with models; core has none, so it listens for Wagtail's own.)
        wagtail = apps.get_app_config("wagtailcore")
        post_migrate.connect(sync_default_site, sender=wagtail, dispatch_uid="core.sync_default_site")
