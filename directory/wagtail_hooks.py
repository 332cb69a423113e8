from django.urls import path
from wagtail import hooks
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from directory import admin_views
from directory.filters import AdvisorFilterSet
from directory.models import Advisor, AdvisorStatus, ConsultingTopic, EntryCriteria, Industry, VerificationEvent
from om_site.admin_ui import ActionLinkColumn


@hooks.register("register_log_actions")
def register_verification_log_action(actions):
    @actions.register_action("directory.verification")
    class VerificationFormatter(LogFormatter):
        label = "Prüfentscheidung"

        def format_message(self, log_entry):
            data = log_entry.data
            labels = dict(AdvisorStatus.choices)
            text = f"Status: {labels.get(data['from'], data['from'])} → {labels.get(data['to'], data['to'])}"
            return f"{text} – {data['reason']}" if data.get("reason") else text


@hooks.register("register_admin_urls")
def register_review_url():
    return [path("beraterverzeichnis/pruefung/<int:pk>/", admin_views.review, name="directory_review")]


class AdvisorViewSet(SnippetViewSet):
    """The review queue: oldest submissions first, filterable as the verifiers need it."""

    model = Advisor
    icon = "user"
    menu_label = "Berater:innen"
    list_display = [
        "name",
        "organisation",
        "status",
        "track",
        "submitted_at",
        "changes_submitted_at",
        "verified_until",
        ActionLinkColumn("review", "directory_review", "Prüfen", label="Prüfung"),
    ]
    filterset_class = AdvisorFilterSet
    list_export = ["name", "organisation", "status", "track", "postcode", "city", "submitted_at", "verified_at"]
    ordering = ["submitted_at", "name"]
    search_fields = ["name", "organisation", "short_profile"]


class ConsultingTopicViewSet(SnippetViewSet):
    model = ConsultingTopic
    icon = "tag"
    list_display = ["name", "slug"]


class IndustryViewSet(SnippetViewSet):
    model = Industry
    icon = "tag"
    list_display = ["name", "slug"]


class EntryCriteriaViewSet(SnippetViewSet):
    model = EntryCriteria
    icon = "list-ol"
    list_display = ["track", "version", "valid_from", "min_years_experience", "min_references"]


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = "Beraterverzeichnis"
    menu_icon = "user"
    menu_order = 200
    items = (AdvisorViewSet, ConsultingTopicViewSet, IndustryViewSet, EntryCriteriaViewSet)


register_snippet(DirectoryGroup)


class ReadOnlyPermissionHelper(PermissionHelper):
    """The verification log is appended by the application only: nobody creates, edits or deletes."""

    def user_can_list(self, user):
        return user.has_perm("directory.verify_advisor")

    def user_can_create(self, user):
        return False

    def user_can_edit_obj(self, user, obj):
        return False

    def user_can_delete_obj(self, user, obj):
        return False


@modeladmin_register
class VerificationLogAdmin(ModelAdmin):
    """The one wagtail-modeladmin screen: a read-only listing of every decision, with export."""

    model = VerificationEvent
    menu_label = "Prüfprotokoll"
    menu_icon = "history"
    menu_order = 210
    permission_helper_class = ReadOnlyPermissionHelper
    list_display = ["created_at", "advisor", "from_status", "to_status", "actor", "reason"]
    list_filter = ["to_status", "created_at"]
    list_export = ["created_at", "advisor", "from_status", "to_status", "actor", "reason"]
    search_fields = ["advisor__name", "reason"]
