"""Rate limits for public forms: fixed-window counters in the shared default cache (the database
unless CACHE_URL names Redis). django-ratelimit would be the obvious library, but it refuses every
cache except memcached and Redis, and the embedded default must run without any server."""

import hashlib
import time

from allauth.account.adapter import get_adapter
from django.core.cache import cache


def client_ip(request):
    """The client's address, honouring TRUSTED_PROXY_COUNT exactly as the login lockout does."""
    return get_adapter(request).get_client_ip(request)


def exceeded(scope, key, limit, seconds):
    """Counts one attempt for `key` in `scope`; True once there were more than `limit` attempts in
    the current window. Keys are hashed: no IP or e-mail address is stored in the cache."""
    window = int(time.time() // seconds)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:40]
    cache_key = f"ratelimit:{scope}:{digest}:{window}"
    cache.add(cache_key, 0, seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(cache_key, 1, seconds)
        count = 1
    return count > limit
