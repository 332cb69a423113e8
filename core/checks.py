"""Settings that cannot work stop the start: a base URL that is no origin (every mail link and page URL
would be broken), a full-page cache address that is no http(s) address (every page would stay stale)."""

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


@register()
def frontend_cache_url_is_http(app_configs: Sequence[AppConfig] | None, **kwargs: Any) -> list[CheckMessage]:
    """A purge address that is not one would leave every page stale in the full-page cache."""
    value = settings.FRONTEND_CACHE_URL
    parts = urlsplit(value)
    if not value or (parts.scheme in ("http", "https") and parts.hostname):
        return []
    return [
        Error(
            f"FRONTEND_CACHE_URL must be the cache's purge address, e.g. http://127.0.0.1:6082 (got {value!r}).",
            id="core.E002",
        )
    ]
