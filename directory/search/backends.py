"""The directory's search service: `search(query)` answers a SearchQuery from the engine's advisor
index while the engine answers, from the database otherwise (engine.breaker: one circuit breaker
for the whole site). `engine()` is the advisor index for writing (sync) and rebuilding."""

from functools import cache

from django.conf import settings

from directory.search import database
from directory.search.engine_backend import EngineIndex
from engine import breaker
from engine.client import client


@cache
def _engine_index(engine, url, timeout):
    # The arguments are the cache key: other settings (tests, benchmark) get their own index.
    return EngineIndex(engine, client())


def engine():
    """The engine's advisor index, or None when the site runs on database search."""
    if settings.SEARCH_ENGINE == "database":
        return None
    return _engine_index(settings.SEARCH_ENGINE, settings.SEARCH_ENGINE_URL, settings.SEARCH_ENGINE_TIMEOUT)


def search(query):
    return breaker.answer(lambda: engine().search(query), lambda: database.search(query))
