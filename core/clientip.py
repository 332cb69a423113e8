"""The client's address for rate limits and security log lines — one function for every limiter
(allauth's login lockout, core.ratelimit, the partner API's ninja throttle, the pages API's DRF
throttle, the second-factor budget), driven by the one setting TRUSTED_PROXY_COUNT.

With no trusted proxy (the default) the socket address is the client; X-Forwarded-For,
X-Real-IP and Forwarded are written by the client and ignored, otherwise rotating them would
reset every limit. Behind N proxies that each append to X-Forwarded-For, the N-th entry from the
right is the address the outermost proxy saw; entries to its left are the client's own claims.
A header with fewer entries than proxies, or an entry that is no IP address, falls back to the
socket address (never an error: allauth's own parser raises ImproperlyConfigured there)."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR") or "unbekannt"  # every server sets it; a key, not an address
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(entries) < proxies:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-proxies]))
    except ValueError:
        return remote
