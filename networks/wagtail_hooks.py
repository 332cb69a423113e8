from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from committees.models import Committee, Person
from networks.models import PartnerOrganisation


class PartnerOrganisationViewSet(SnippetViewSet):
    model = PartnerOrganisation
    icon = "group"
    list_display = ["name", "short_name", "kind", "url"]
    list_filter = ["kind"]
    list_export = ["name", "short_name", "kind", "url"]
    search_fields = ["name", "short_name"]


class CommitteeViewSet(SnippetViewSet):
    model = Committee
    icon = "folder-open-inverse"
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    list_display = ["name", "role", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["name", "role"]


class OrganisationGroup(SnippetViewSetGroup):
    menu_label = "Organisationen"
    menu_icon = "group"
    menu_order = 300
    items = (PartnerOrganisationViewSet, CommitteeViewSet, PersonViewSet)


register_snippet(OrganisationGroup)
