from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Neuigkeiten"

    def ready(self):
        from core import teasers
        from news.models import home_teasers

        teasers.register("latest_news", home_teasers)
