"""schema.org JSON-LD blocks for search engines and partner crawlers."""

import json
from collections.abc import Mapping
from typing import Any

from django.utils.safestring import SafeString, mark_safe

# Same escapes as Django's json_script: no "</script>" or "<!--" can end the data block early.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
PUBLISHER = {"@type": "Organization", "name": "Offensive Mittelstand", "url": "https://www.offensive-mittelstand.de/"}


def script(data: Mapping[str, Any]) -> SafeString:
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308  # nosec B308 B703  # nosemgrep: om-mark-safe-on-computed-text - escaped above
