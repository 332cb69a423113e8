from django.apps import AppConfig


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "Gremien, Sitzungen und Beschlüsse"

    def ready(self):
        from committees.models import DecisionRegisterPage, MeetingPage
        from search.signals import keep_indexed

        # The register's index entry carries the titles of all public decisions.
        keep_indexed(DecisionRegisterPage, pages=[MeetingPage])
