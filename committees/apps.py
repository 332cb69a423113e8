from django.apps import AppConfig


def reindex_decision_register(sender, instance, **kwargs):
    from wagtail.search import index

    from committees.models import DecisionRegisterPage

    for register in DecisionRegisterPage.objects.live():
        index.insert_or_update_object(register)


class CommitteesConfig(AppConfig):
    name = "committees"
    verbose_name = "Gremien, Sitzungen und Beschlüsse"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from committees.models import MeetingPage

        # The register's index entry carries the titles of all public decisions.
        for signal in (page_published, page_unpublished):
            signal.connect(reindex_decision_register, sender=MeetingPage, dispatch_uid=f"register-{signal}")
