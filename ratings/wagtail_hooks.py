from django.urls import path, reverse
from django.utils.functional import cached_property
from wagtail import hooks
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from core.admin_ui import ActionLinkColumn, ListOnlyPolicy
from ratings import admin_views
from ratings.models import CriteriaVersion, Engagement, Rating


@hooks.register("register_admin_urls")
def register_rating_urls():
    return [
        path("bewertungen/<int:pk>/entscheiden/", admin_views.decide, name="ratings_decide"),
        path("bewertungen/<int:pk>/beleg/", admin_views.statement_proof, name="ratings_statement_proof"),
        path("bewertungen/auftrag-erfassen/", admin_views.record_engagement, name="ratings_record_engagement"),
    ]


# Ratings and engagements change only through their own paths (invitation, decision).
for model in (Rating, Engagement):
    register_permission_policy(model, ListOnlyPolicy(model))


class RatingViewSet(SnippetViewSet):
    """The moderation queue: flagged and disputed ratings and comments waiting for OM."""

    model = Rating
    icon = "pick"
    menu_label = "Bewertungen"
    list_display = [
        "advisor",
        "created_at",
        "status",
        "comment_state",
        ActionLinkColumn("decide", "ratings_decide", "Prüfen und entscheiden", label="Prüfung"),
    ]
    list_filter = ["status", "comment_state"]
    list_export = ["advisor", "created_at", "status", "comment_state", "decided_at", "decision_reason"]
    ordering = ["-created_at"]


class EngagementIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("ratings.add_engagement"):
            url = reverse("ratings_record_engagement")
            buttons.append(HeaderButton("Auftrag erfassen", url=url, icon_name="plus"))
        return buttons


class EngagementViewSet(SnippetViewSet):
    model = Engagement
    icon = "mail"
    menu_label = "Aufträge und Einladungen"
    index_view_class = EngagementIndexView
    list_display = ["company", "advisor", "month", "recorded_at", "expires_at", "used_at"]
    list_export = ["company", "advisor", "month", "recorded_at", "expires_at", "used_at", "flags"]


class CriteriaVersionViewSet(SnippetViewSet):
    model = CriteriaVersion
    icon = "list-ol"
    list_display = ["version", "valid_from"]


class RatingsGroup(SnippetViewSetGroup):
    menu_label = "Bewertungen"
    menu_icon = "pick"
    menu_order = 205
    items = (RatingViewSet, EngagementViewSet, CriteriaVersionViewSet)


register_snippet(RatingsGroup)
