from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from transfer.models import KmuProblem, ResearchProject, TransferTopic


class KmuProblemViewSet(SnippetViewSet):
    model = KmuProblem
    icon = "warning"
    list_display = ["title", "topic", "status", "sectors"]
    list_filter = ["topic", "status"]
    search_fields = ["title", "description", "sectors"]


class ResearchProjectViewSet(SnippetViewSet):
    model = ResearchProject
    icon = "pick"
    list_display = ["title", "funder", "partners", "live"]
    list_filter = ["live", "funder"]
    search_fields = ["title", "partners", "funder"]


class TransferTopicViewSet(SnippetViewSet):
    model = TransferTopic
    icon = "tag"
    list_display = ["name", "slug"]


class TransferGroup(SnippetViewSetGroup):
    menu_label = "Transfer"
    menu_icon = "pick"
    menu_order = 310
    items = (KmuProblemViewSet, ResearchProjectViewSet, TransferTopicViewSet)


register_snippet(TransferGroup)
