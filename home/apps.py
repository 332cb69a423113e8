from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(using, **kwargs):
    """The shared cache lives in the database by default: `migrate` alone prepares a deployment."""
    call_command("createcachetable", database=using, verbosity=0)


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Startseite und allgemeine Seiten"

    def ready(self):
        from core import frontend_cache
        from home.models import in_the_footer

        post_migrate.connect(create_cache_table, sender=self)
        frontend_cache.register_shown_everywhere(in_the_footer)
