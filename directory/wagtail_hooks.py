from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import LogFormatter
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup
from wagtail_modeladmin.helpers import PermissionHelper
from wagtail_modeladmin.options import ModelAdmin, modeladmin_register

from core.admin_ui import ActionLinkColumn, ListOnlyPolicy
from directory import admin_views, review_queue
from directory.filters import AdvisorFilterSet
from directory.importing import admin_views as import_views
from directory.models import (
    Advisor,
    AdvisorStatus,
    ConsultingTopic,
    EntryCriteria,
    ImportRun,
    Industry,
    VerificationEvent,
)


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
    return [
        path("beraterverzeichnis/pruefung/<int:pk>/", admin_views.review, name="directory_review"),
        path("beraterverzeichnis/import/", import_views.start, name="directory_import_start"),
        path("beraterverzeichnis/import/<int:pk>/", import_views.detail, name="directory_import"),
        path("beraterverzeichnis/import/<int:pk>/stand/", import_views.progress, name="directory_import_progress"),
    ]


class VerifierMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("directory.verify_advisor")


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return VerifierMenuItem(
        "Import aus Partnerregistern", reverse("directory_import_start"), icon_name="upload", order=205
    )


class WaitingColumn(Column):
    """How long a profile has been waiting for OM ("wartet seit 3 Tagen"); sortable."""

    def get_value(self, instance):
        return review_queue.waiting_label(getattr(instance, "waiting_since", None)) or "–"


WAITING_ORDERINGS = ("waiting_since", "-waiting_since")


class AdvisorIndexView(IndexView):
    """The queue opens with the longest-waiting profile first."""

    default_ordering = "waiting_since"

    def get_base_queryset(self):
        return review_queue.with_waiting_since(super().get_base_queryset())

    def order_queryset(self, queryset):
        if self.ordering in WAITING_ORDERINGS:
            return review_queue.oldest_first(queryset, descending=self.ordering.startswith("-"))
        return super().order_queryset(queryset)

    @cached_property
    def is_explicitly_ordered(self):
        # The search engine cannot sort by the computed waiting time: search results come by relevance.
        explicit = super().is_explicitly_ordered
        return explicit and not (self.is_searching and self.ordering in WAITING_ORDERINGS)

    def search_queryset(self, queryset):
        if self.is_searching and not self.is_explicitly_ordered:
            queryset = queryset.order_by()
        return super().search_queryset(queryset)


class AdvisorViewSet(SnippetViewSet):
    """The review queue: longest waiting first, filterable as the verifiers need it."""

    model = Advisor
    index_view_class = AdvisorIndexView
    icon = "user"
    menu_label = "Berater:innen"
    # The review link next to the name and the waiting time instead of the change date: what a verifier
    # working down the queue needs first, visible without scrolling sideways.
    list_display = [
        "name",
        ActionLinkColumn("review", "directory_review", "Prüfen", label="Prüfung"),
        "status",
        WaitingColumn("waiting_since", label="Wartezeit", sort_key="waiting_since"),
        "organisation",
        "track",
        "submitted_at",
        "verified_until",
    ]
    filterset_class = AdvisorFilterSet
    list_export = ["name", "organisation", "status", "track", "postcode", "city", "submitted_at", "verified_at"]
    search_fields = ["name", "organisation", "short_profile"]


class ReviewQueuePanel(Component):
    """Dashboard panel for verifiers: how much of each kind waits, linking into the queue."""

    name = "directory_review_queue"
    template_name = "directory/admin/queue_panel.html"
    order = 50  # above Wagtail's own panels (workflow tasks start at 110)

    def get_context_data(self, parent_context):
        queue_url = reverse("wagtailsnippets_directory_advisor:list")
        kinds = [(label, number, f"{queue_url}?queue={key}") for key, label, number in review_queue.counts()]
        oldest = review_queue.oldest_first(Advisor.objects.filter(review_queue.WAITING)).first()
        return {
            "kinds": kinds,
            "total": sum(number for _, number, _ in kinds),
            "queue_url": f"{queue_url}?queue=alle",
            "oldest": oldest,
            "oldest_waiting": review_queue.waiting_label(oldest.waiting_since) if oldest else "",
        }


@hooks.register("construct_homepage_panels")
def add_review_queue_panel(request, panels):
    if request.user.has_perm("directory.verify_advisor"):
        panels.append(ReviewQueuePanel())


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


class VerifiersListOnlyPolicy(ListOnlyPolicy):
    """The import log: written by the import only, read by the verifiers who run imports."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.has_perm("directory.verify_advisor")


register_permission_policy(ImportRun, VerifiersListOnlyPolicy(ImportRun))


IMPORT_COUNTS = ["rows_total", "rows_invalid", "rows_known", "rows_similar", "rows_created"]


class ImportLogViewSet(SnippetViewSet):
    model = ImportRun
    icon = "upload"
    menu_label = "Importprotokoll"
    list_display = [
        "created_at",
        "source",
        "file_name",
        "started_by",
        "state",
        *IMPORT_COUNTS,
        ActionLinkColumn("report", "directory_import", "Bericht", label="Prüfbericht"),
    ]
    list_filter = ["state", "created_at"]
    list_export = [
        "created_at",
        "executed_at",
        "source",
        "file_name",
        "file_sha256",
        "started_by",
        "state",
        *IMPORT_COUNTS,
        "findings_text",  # the raw list of dicts broke both writers (CSV cut off, XLSX 500)
    ]
    export_headings = {"findings_text": "Befunde"}
    export_filename = "importprotokoll"
    ordering = ["-created_at"]


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = "Beraterverzeichnis"
    menu_icon = "user"
    menu_order = 200
    items = (AdvisorViewSet, ConsultingTopicViewSet, IndustryViewSet, EntryCriteriaViewSet, ImportLogViewSet)


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
