from django.urls import reverse
from django.utils.html import format_html
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.base import ModelPermissionPolicy


class ActionLinkColumn(Column):
    """A listing column linking each row to its own admin screen (review, decision)."""

    def __init__(self, name, url_name, text, **kwargs):
        super().__init__(name, **kwargs)
        self.url_name, self.text = url_name, text

    def get_value(self, instance):
        return format_html('<a href="{}">{}</a>', reverse(self.url_name, args=[instance.pk]), self.text)


class ListOnlyPolicy(ModelPermissionPolicy):
    """For rows that change only through their own paths (a rating's decision, a document's upload),
    never through a generic edit form — not even for superusers."""

    def user_has_permission(self, user, action):
        return action not in ("add", "change", "delete") and super().user_has_permission(user, action)
