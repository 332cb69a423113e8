"""The engine client, built from settings, and its reachability for /healthz.

Which engine is active comes from settings (SEARCH_ENGINE / SEARCH_ENGINE_URL, which may list the
nodes of a cluster separated by commas). OpenSearch is reached through opensearch-py, Elasticsearch 8
through the elasticsearch package: its client refuses servers that do not identify as Elasticsearch,
so one client cannot serve both. Both searches share this one client per configuration.
"""

from dataclasses import asdict, dataclass
from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:  # imported where used: only the configured engine's library is loaded
    from elasticsearch import Elasticsearch
    from opensearchpy import OpenSearch


@dataclass(frozen=True)
class EngineStatus:
    backend: str
    ok: bool
    version: str | None = None
    error: str | None = None
    cluster: str | None = None  # the cluster's health: green, yellow or red
    nodes: int | None = None

    def as_dict(self) -> dict[str, str | bool | int]:
        return {key: value for key, value in asdict(self).items() if value is not None}


def hosts(urls: str) -> list[str]:
    """SEARCH_ENGINE_URL's nodes: one URL, or several separated by commas."""
    return [url.strip() for url in urls.split(",") if url.strip()]


@cache
def _client_for(engine: str, urls: str, timeout: float) -> "OpenSearch | Elasticsearch":
    nodes = hosts(urls)
    # A request a node cannot take (down, refusing connections, hanging past the timeout) is tried on
    # the others; a single node fails at once, and the circuit breaker takes over.
    retries = len(nodes) - 1
    if engine == "opensearch":
        from opensearchpy import OpenSearch

        return OpenSearch(hosts=nodes, timeout=timeout, max_retries=retries, retry_on_timeout=retries > 0)
    from elasticsearch import Elasticsearch

    return Elasticsearch(hosts=nodes, request_timeout=timeout, max_retries=retries, retry_on_timeout=retries > 0)


def client() -> "OpenSearch | Elasticsearch | None":
    """A client for the configured engine, or None when search runs on the database."""
    if settings.SEARCH_ENGINE == "database":
        return None
    return _client_for(settings.SEARCH_ENGINE, settings.SEARCH_ENGINE_URL, settings.SEARCH_ENGINE_TIMEOUT)


def status() -> EngineStatus:
    """Reachability of the configured engine; the database backend is up when the database is."""
    engine = client()
    if engine is None:
        return EngineStatus(backend="database", ok=True)
    try:
        info = engine.info()
    except Exception as exc:  # any transport or HTTP failure means "down" to a health check
        return EngineStatus(backend=settings.SEARCH_ENGINE, ok=False, error=type(exc).__name__)
    version = info["version"]["number"]
    try:
        health = engine.cluster.health()
    except Exception:  # e.g. a managed service that does not let us see the cluster: the node answers
        return EngineStatus(backend=settings.SEARCH_ENGINE, ok=True, version=version)
    # Red: some primary shard has no node, so some searches fail.
    ok = health["status"] != "red"
    return EngineStatus(
        backend=settings.SEARCH_ENGINE,
        ok=ok,
        version=version,
        error=None if ok else "cluster red",
        cluster=health["status"],
        nodes=health["number_of_nodes"],
    )
