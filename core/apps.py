from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Gemeinsame Bausteine"

    def ready(self):
        from django.db.models.signals import pre_save
        from wagtail.images import get_image_model

        from core import files, spreadsheets

        spreadsheets.install()
        # Every Wagtail image, whichever code creates it, passes the one image check.
        pre_save.connect(files.guard_wagtail_image, sender=get_image_model(), dispatch_uid="core-image-guard")
