"""The shared cache on Redis (CACHE_URL=redis://…) that survives Redis being away: every read answers
its default and every write is dropped, logged (once every LOG_EVERY seconds per process), instead of
raising into the page. What lives in the cache is rebuilt from the database or may be forgotten:
menus and fragments are rendered afresh, the search engine's circuit reads as closed (the engine is
asked, which is right while it answers), and the rate limits decide for themselves what an outage
means (`available()`): those guarding logins, sign-ups, password resets and the second factor refuse
(allauth's locks cannot be taken, `core.admin_login` asks), the searches and pages let the visitor
through. Short socket timeouts (settings: `shared_cache()`) keep a Redis that hangs from holding a
request for long; a stopped one refuses the connection at once. When Redis is back, the next call
uses it again: nothing to restart."""

import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger("om_site.cache")
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY = 10.0  # seconds between two log lines of one process about the same outage
SOCKET_TIMEOUT = 0.5  # seconds: a Redis on the same network answers in well under a millisecond
T = TypeVar("T")


def shared_cache(config: dict[str, Any]) -> dict[str, Any]:
    """The CACHES entry for `config` (from CACHE_URL): Redis becomes the forgiving backend below with
    short timeouts; any other backend stays as it is."""
    if not config["BACKEND"].endswith(".RedisCache"):
        return config
    options = {"socket_connect_timeout": SOCKET_TIMEOUT, "socket_timeout": SOCKET_TIMEOUT, **config.get("OPTIONS", {})}
    return {**config, "BACKEND": "core.cache.ForgivingRedisCache", "OPTIONS": options}


def available() -> bool:
    """Whether the shared cache works right now (a backend without an outage of its own — the
    database cache, the test's local memory — always does)."""
    ping: Callable[[], bool] | None = getattr(cache, "available", None)
    return True if ping is None else ping()


class ForgivingRedisCache(RedisCache):
    _last_logged = 0.0

    def _or(self, default: T, call: Callable[[], T], what: str) -> T:
        try:
            return call()
        except UNREACHABLE as error:
            now = time.monotonic()
            if now - ForgivingRedisCache._last_logged >= LOG_EVERY:
                ForgivingRedisCache._last_logged = now
                log.warning("Redis (gemeinsamer Cache) nicht erreichbar bei %s: %s; es geht ohne weiter", what, error)
            return default

    def available(self) -> bool:
        return self._or(False, lambda: bool(self._cache.get_client(write=False).ping()), "ping")

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._or(False, lambda: super(ForgivingRedisCache, self).add(key, value, timeout, version), "add")

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._or(default, lambda: super(ForgivingRedisCache, self).get(key, default, version), "get")

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._or(None, lambda: super(ForgivingRedisCache, self).set(key, value, timeout, version), "set")

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._or(False, lambda: super(ForgivingRedisCache, self).touch(key, timeout, version), "touch")

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._or(False, lambda: super(ForgivingRedisCache, self).delete(key, version), "delete")

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        return self._or({}, lambda: super(ForgivingRedisCache, self).get_many(keys, version), "get_many")

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._or(False, lambda: super(ForgivingRedisCache, self).has_key(key, version), "has_key")

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        # Counted as if the counter were new: a limit that must hold asks available() first.
        return self._or(delta, lambda: super(ForgivingRedisCache, self).incr(key, delta, version), "incr")

    def set_many(self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return self._or([], lambda: super(ForgivingRedisCache, self).set_many(data, timeout, version), "set_many")

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        self._or(None, lambda: super(ForgivingRedisCache, self).delete_many(keys, version), "delete_many")

    def clear(self) -> None:
        self._or(None, lambda: super(ForgivingRedisCache, self).clear(), "clear")
