"""Which implementation answers: the engine when one is configured and reachable, otherwise the
database. A failing engine opens a circuit for BREAK_SECONDS, so visitors do not wait for
timeouts one after the other; the database answers meanwhile (logged, shown by /healthz)."""

import logging
import time
from functools import cache

from django.conf import settings

from directory.search import database

BREAK_SECONDS = 30
log = logging.getLogger("directory.search")
_circuit = {"open_until": 0.0, "error": ""}


class EngineUnavailable(Exception):
    """The engine did not answer (down, timeout, overloaded)."""


@cache
def _engine_index(engine, url, timeout):
    # The arguments are the cache key: other settings (tests, benchmark) get their own client.
    from directory.search.engine_backend import EngineIndex
    from search.engine import client

    if engine == "opensearch":
        from opensearchpy.exceptions import ConnectionError, TransportError

        errors = (ConnectionError, TransportError)
    else:
        from elastic_transport import ConnectionError, TransportError
        from elasticsearch import ApiError

        errors = (ConnectionError, TransportError, ApiError)
    return EngineIndex(engine, client(), errors)


def engine():
    """The engine's advisor index, or None when the site runs on database search."""
    if settings.SEARCH_ENGINE == "database":
        return None
    return _engine_index(settings.SEARCH_ENGINE, settings.SEARCH_ENGINE_URL, settings.SEARCH_ENGINE_TIMEOUT)


def circuit_open():
    return time.monotonic() < _circuit["open_until"]


def status():
    """For /healthz: which implementation answers public searches right now."""
    if engine() is None:
        return {"answering": "database"}
    if circuit_open():
        return {"answering": "database", "reason": f"Suchmaschine nicht erreichbar: {_circuit['error']}"}
    return {"answering": settings.SEARCH_ENGINE}


def open_circuit(error):
    _circuit.update(open_until=time.monotonic() + BREAK_SECONDS, error=str(error)[:200])
    log.warning("Suchmaschine nicht erreichbar (%s); %s s lang sucht die Datenbank", error, BREAK_SECONDS)


def close_circuit():
    _circuit.update(open_until=0.0, error="")


def search(query):
    index = engine()
    if index is not None and not circuit_open():
        try:
            return index.search(query)
        except EngineUnavailable as error:
            open_circuit(error)
    return database.search(query)
