"""A base URL that cannot be one stops the start: every mail link and page URL would be broken."""

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register()
def base_url_is_an_origin(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    value = settings.WAGTAILADMIN_BASE_URL
    parts = urlsplit(value)
    if parts.scheme in ("http", "https") and parts.hostname and parts.path in ("", "/") and not parts.query:
        return []
    return [
        Error(
            f"WAGTAILADMIN_BASE_URL must be the public origin, e.g. https://www.example.org (got {value!r}).",
            id="core.E001",
        )
    ]
