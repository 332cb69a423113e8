from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "event_calendar"
    verbose_name = "Termine"

    def ready(self):
        from core import teasers
        from event_calendar.models import home_teasers

        teasers.register("next_events", home_teasers)
