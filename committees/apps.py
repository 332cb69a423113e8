from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "Gremien, Sitzungen und Beschlüsse"

    def ready(self):
        from committees.models import pages_showing_decisions
        from core import frontend_cache

        frontend_cache.register_pages_showing(pages_showing_decisions)
