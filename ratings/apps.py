from django.apps import AppConfig


class RatingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ratings"
    verbose_name = "Bewertungen"

    def ready(self):
        from ratings import contributions, signals  # noqa: F401 - signals connects the search-index updates

        contributions.register(self.label)
