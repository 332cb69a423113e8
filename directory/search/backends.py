"""The directory's search service: `search(query)` answers a SearchQuery from the engine's advisor
index while the engine answers, from the database otherwise (engine.breaker: one circuit breaker
for the whole site). `engine()` is the advisor index for writing (sync) and rebuilding."""

from functools import cache
from typing import TYPE_CHECKING, cast

from django.conf import settings

from directory.search import database
from directory.search.engine_backend import EngineIndex
from directory.search.query import SearchQuery, SearchResult
from engine import breaker
from engine.client import client

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch
    from opensearchpy import OpenSearch


@cache
def _engine_index(engine: str, url: str, timeout: float) -> EngineIndex:
    # The arguments are the cache key: other settings (tests, benchmark) get their own index.
    # engine() asks for an index only when an engine is configured: client() is one then.
    return EngineIndex(engine, cast("OpenSearch | Elasticsearch", client()))


def engine() -> EngineIndex | None:
    """The engine's advisor index, or None when the site runs on database search."""
    if settings.SEARCH_ENGINE == "database":
        return None
    return _engine_index(settings.SEARCH_ENGINE, settings.SEARCH_ENGINE_URL, settings.SEARCH_ENGINE_TIMEOUT)


def search(query: SearchQuery) -> SearchResult:
    # breaker.answer asks the engine only when one is configured: engine() is an index there.
    return breaker.answer(lambda: cast(EngineIndex, engine()).search(query), lambda: database.search(query))
