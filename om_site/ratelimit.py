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


def _cache_key(scope, key, seconds):
    window = int(time.time() // seconds)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:40]
    return f"ratelimit:{scope}:{digest}:{window}"


def attempts(scope, key, seconds):
    """Attempts counted for `key` in the current window of `seconds`."""
    return cache.get(_cache_key(scope, key, seconds), 0)


def count(scope, key, seconds):
    """Counts one attempt and returns the number in the current window. Keys are hashed: no IP
    address, user name or e-mail address is stored in the cache."""
    cache_key = _cache_key(scope, key, seconds)
    cache.add(cache_key, 0, seconds)
    try:
        return cache.incr(cache_key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(cache_key, 1, seconds)
        return 1


def exceeded(scope, key, limit, seconds):
    """Counts one attempt; True once there were more than `limit` in the current window."""
    return count(scope, key, seconds) > limit
