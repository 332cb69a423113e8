from django.apps import AppConfig


class TransferConfig(AppConfig):
    name = "transfer"
    verbose_name = "Transfer: Probleme der KMU und Forschung"

    def ready(self):
        from search.signals import keep_indexed
        from transfer.models import KmuProblem, ResearchProject, TransferListPage, TransferTopic

        # The transfer list's index entry carries its problems (with their topics) and published research projects.
        keep_indexed(TransferListPage, saved=[KmuProblem, ResearchProject, TransferTopic])
