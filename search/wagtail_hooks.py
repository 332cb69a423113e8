from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search import admin_views


@hooks.register("register_admin_urls")
def register_report_url():
    return [path("suchanfragen/", admin_views.report, name="search_report")]


class ReportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.can_read_report(request.user)


@hooks.register("register_reports_menu_item")
def register_report_menu_item():
    return ReportMenuItem("Suchanfragen", reverse("search_report"), name="suchanfragen", icon_name="search", order=1290)
