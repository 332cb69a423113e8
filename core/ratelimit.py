"""Rate limits for public forms: fixed-window counters in the shared default cache (the database
unless CACHE_URL names Redis). django-ratelimit would be the obvious library, but it refuses every
cache except memcached and Redis, and the embedded default must run without any server."""

import functools
import hashlib
import time
from collections.abc import Callable
from typing import Concatenate, ParamSpec

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.clientip import client_ip


def _cache_key(scope: str, key: str, seconds: int) -> str:
    window = int(time.time() // seconds)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:40]
    return f"ratelimit:{scope}:{digest}:{window}"


def attempts(scope: str, key: str, seconds: int) -> int:
    """Attempts counted for `key` in the current window of `seconds`."""
    counted: int = cache.get(_cache_key(scope, key, seconds), 0)
    return counted


def count(scope: str, key: str, seconds: int) -> int:
    """Counts one attempt and returns the number in the current window. Keys are hashed: no IP
    address, user name or e-mail address is stored in the cache."""
    cache_key = _cache_key(scope, key, seconds)
    cache.add(cache_key, 0, seconds)
    try:
        return cache.incr(cache_key)
    except ValueError:  # the window ended between add() and incr()
        cache.set(cache_key, 1, seconds)
        return 1


def exceeded(scope: str, key: str, limit: int, seconds: int) -> bool:
    """Counts one attempt; True once there were more than `limit` in the current window."""
    return count(scope, key, seconds) > limit


PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
TOO_MANY = "Zu viele Anfragen in kurzer Zeit. Bitte versuchen Sie es in {seconds} Sekunden erneut."


def parse_rate(rate: str) -> tuple[int, int]:
    """'120/m' → (120, 60): the same notation as PARTNER_API_RATE."""
    number, period = rate.split("/")
    return int(number), PERIODS[period[0]]


P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponse]


def limited(scope: str, setting: str) -> Callable[[View[P]], View[P]]:
    """View decorator: more requests from one client than the rate in `setting` allows within its
    window get a German page with HTTP 429 and Retry-After instead of the view."""

    def decorator(view: View[P]) -> View[P]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            limit, seconds = parse_rate(getattr(settings, setting))
            if exceeded(scope, client_ip(request), limit, seconds):
                wait = seconds - int(time.time()) % seconds  # until the current window ends
                response = render(request, "429.html", {"message": TOO_MANY.format(seconds=wait)}, status=429)
                response["Retry-After"] = str(wait)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
