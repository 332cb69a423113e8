"""Rate limits for public forms and searches: sliding windows over counters in the shared default
cache (the database unless CACHE_URL names Redis, which every app server then shares).

A limit of N per period counts attempts in fixed windows of one period (cache.incr: atomic on Redis,
so app servers never lose a count, and each request sees its own count: no overshoot when several
arrive at once) and judges by the last period as a whole: this window's count plus the previous
window's, weighted by the share of it that still lies within the last period (an estimate that takes
the previous window's attempts as evenly spread). A burst at the end of one window therefore weighs
in the next: plain fixed windows let twice the limit through within a second there, these do not.
django-ratelimit would be the obvious library, but it refuses every cache except memcached and Redis,
and the embedded default must run without any server."""

import functools
import hashlib
import math
import time
from collections.abc import Callable
from typing import Concatenate, NamedTuple, ParamSpec

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.clientip import client_ip


class Windows(NamedTuple):
    """The counters' cache keys of the current and the previous window, and how far (0–1) the
    current window has run."""

    current: str
    previous: str
    elapsed: float


def _windows(scope: str, key: str, seconds: int) -> Windows:
    now = time.time()
    window = int(now // seconds)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:40]  # no address or name in the cache
    prefix = f"ratelimit:{scope}:{digest}"
    return Windows(f"{prefix}:{window}", f"{prefix}:{window - 1}", now % seconds / seconds)


def _counts(windows: Windows) -> tuple[int, int]:
    counts = cache.get_many([windows.current, windows.previous])
    return counts.get(windows.current, 0), counts.get(windows.previous, 0)


def attempts(scope: str, key: str, seconds: int) -> float:
    """Attempts counted for `key` within the last `seconds` (the sliding estimate)."""
    windows = _windows(scope, key, seconds)
    current, previous = _counts(windows)
    return current + previous * (1 - windows.elapsed)


# Float rounding must not refuse the attempt Retry-After promised to let through.
ROUNDING = 1e-9


def _add(windows: Windows, delta: int, seconds: int) -> int:
    cache.add(windows.current, 0, 2 * seconds)
    try:
        current: int = cache.incr(windows.current, delta)
    except ValueError:  # the counter expired between add() and incr()
        current = max(delta, 0)
        cache.set(windows.current, current, 2 * seconds)
    # Kept through the next window, which weighs it: the database cache's incr() rewrites the entry
    # with the default timeout (5 minutes), which would end an hour's or a day's count early.
    cache.touch(windows.current, 2 * seconds)
    return current


def _estimate(windows: Windows, current: int) -> float:
    previous: int = cache.get(windows.previous, 0)
    return current + previous * (1 - windows.elapsed)


def count(scope: str, key: str, seconds: int) -> float:
    """Counts one attempt and returns the attempts within the last `seconds`, this one included."""
    windows = _windows(scope, key, seconds)
    return _estimate(windows, _add(windows, 1, seconds))


def exceeded(scope: str, key: str, limit: int, seconds: int) -> bool:
    """Counts one attempt; True (and the attempt not counted after all) if that makes more than
    `limit` within the last `seconds`: a client who waits as told gets through."""
    windows = _windows(scope, key, seconds)
    if _estimate(windows, _add(windows, 1, seconds)) <= limit + ROUNDING:
        return False
    _add(windows, -1, seconds)
    return True


def retry_after(scope: str, key: str, limit: int, seconds: int) -> int:
    """Seconds until one more attempt is within the limit again (for Retry-After): the previous
    window's weight has to fall far enough, and while this window alone is full, that starts with
    the next window. Up to twice the period right after a full window (the estimate counts its
    attempts as spread over it). A limit of 0 lets nothing through: a period, then ask again."""
    if limit < 1:
        return seconds
    windows = _windows(scope, key, seconds)
    current, previous = _counts(windows)
    elapsed = windows.elapsed * seconds
    if current + 1 > limit:  # not in this window: in the next one, this window's count weighs in
        wait = seconds - elapsed + seconds * max(0.0, 1 - (limit - 1) / current)
    else:
        wait = seconds * max(0.0, 1 - (limit - 1 - current) / previous) - elapsed if previous else 0.0
    return max(1, math.ceil(wait))


PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
TOO_MANY = "Zu viele Anfragen in kurzer Zeit. Bitte versuchen Sie es in {seconds} Sekunden erneut."


def parse_rate(rate: str) -> tuple[int, int]:
    """'120/m' → (120, 60): the same notation as PARTNER_API_RATE."""
    number, period = rate.split("/")
    return int(number), PERIODS[period[0]]


P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, P], HttpResponse]


def limited(scope: str, setting: str) -> Callable[[View[P]], View[P]]:
    """View decorator: a request that would make more from one client than the rate in `setting`
    allows within its period gets a German page with HTTP 429 and Retry-After instead of the view."""

    def decorator(view: View[P]) -> View[P]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            limit, seconds = parse_rate(getattr(settings, setting))
            client = client_ip(request)
            if exceeded(scope, client, limit, seconds):
                wait = retry_after(scope, client, limit, seconds)
                response = render(request, "429.html", {"message": TOO_MANY.format(seconds=wait)}, status=429)
                response["Retry-After"] = str(wait)
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
