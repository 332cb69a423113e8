from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies.base import ModelPermissionPolicy


class ActionLinkColumn(Column):  # type: ignore[misc]  # Wagtail ships no types
    """A listing column linking each row to its own admin screen (review, decision)."""

    def __init__(self, name: str, url_name: str, text: str, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        self.url_name, self.text = url_name, text

    def get_value(self, instance: Model) -> SafeString:
        return format_html('<a href="{}">{}</a>', reverse(self.url_name, args=[instance.pk]), self.text)


class ListOnlyPolicy(ModelPermissionPolicy):  # type: ignore[misc]  # Wagtail ships no types
    """For rows that change only through their own paths (a rating's decision, a document's upload),
    never through a generic edit form — not even for superusers."""

    def user_has_permission(self, user: AbstractBaseUser | AnonymousUser, action: str) -> bool:
        return action not in ("add", "change", "delete") and super().user_has_permission(user, action)
