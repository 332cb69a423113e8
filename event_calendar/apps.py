from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "event_calendar"
    verbose_name = "Termine"
