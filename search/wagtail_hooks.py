from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.admin_ui import ListOnlyPolicy
from search import admin_views
from search.models import DocumentText


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("suchanfragen/", admin_views.report, name="search_report")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_read_report(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem("Suchanfragen", reverse("search_report"), name="suchanfragen", icon_name="search", order=1290)


# Read from the uploaded file; editors see here which documents the search cannot read, and why.
register_permission_policy(DocumentText, ListOnlyPolicy(DocumentText))


class DocumentTextViewSet(SnippetViewSet):
    model = DocumentText
    icon = "doc-full"
    menu_label = "Volltexte der Dokumente"
    add_to_admin_menu = True
    menu_order = 410
    list_display = ["title", "problem", "characters", "extracted_at"]
    ordering = ["-extracted_at"]


register_snippet(DocumentTextViewSet)
