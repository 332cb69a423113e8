from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Neuigkeiten"

    def ready(self):
        from core import frontend_cache, teasers
        from news.models import home_teasers, pages_linked_with_news

        teasers.register("latest_news", home_teasers)
        frontend_cache.register_pages_showing(pages_linked_with_news)
