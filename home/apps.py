from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def prepare_shared_cache(using, **kwargs):
    """The shared cache lives in the database by default: `migrate` alone prepares a deployment. A
    deployment (every one runs `migrate`) may change how the pages' frame looks: it is drawn afresh."""
    from home import frame

    call_command("createcachetable", database=using, verbosity=0)
    frame.structure_changed()


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Startseite und allgemeine Seiten"

    def ready(self):
        from core import frontend_cache
        from home import frame
        from home.models import FooterSettings, in_the_footer

        post_migrate.connect(prepare_shared_cache, sender=self)
        frontend_cache.register_shown_everywhere(in_the_footer)
        frame.connect(FooterSettings)
