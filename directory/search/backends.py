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


class EngineError(Exception):
    """The engine answered but refused the request (a 4xx other than 404/408/429): a bug in what
    we sent, not an outage. The visitor still gets the database's answer, the log an error."""


class EngineUnavailable(EngineError):
    """The engine did not answer (down, timeout, overloaded)."""


class IndexMissing(EngineError):
    """404: no index behind the alias (until rebuild_directory_index / update_index). Only the
    searches of that index fall back; the engine itself answers, so the circuit stays closed
    (the site search and the advisor search share it)."""


UNAVAILABLE_STATUSES = {408, 429}  # with every 5xx


def classify(error):
    """EngineUnavailable, IndexMissing or EngineError for an exception of either client library."""
    status = getattr(error, "status_code", None)  # 'N/A' or missing for connection-level errors
    message = f"{type(error).__name__}: {error}"
    if not isinstance(status, int) or status >= 500 or status in UNAVAILABLE_STATUSES:
        return EngineUnavailable(message)
    if status == 404:
        return IndexMissing(message)
    return EngineError(message)


def engine_errors(engine):
    """The exceptions of the engine's client library that mean "no answer from the engine"."""
    if engine == "opensearch":
        from opensearchpy.exceptions import ConnectionError, TransportError

        return (ConnectionError, TransportError)
    from elastic_transport import ConnectionError, TransportError
    from elasticsearch import ApiError

    return (ConnectionError, TransportError, ApiError)


@cache
def _engine_index(engine, url, timeout):
    # The arguments are the cache key: other settings (tests, benchmark) get their own client.
    from directory.search.engine_backend import EngineIndex
    from search.engine import client

    return EngineIndex(engine, client(), engine_errors(engine))


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


def answer(ask_engine, ask_database):
    """The engine's answer while it gives one, the database's otherwise: an outage opens the
    circuit, a refused request (our bug) is logged as an error and only this answer falls back."""
    index = engine()
    if index is not None and not circuit_open():
        try:
            return ask_engine(index)
        except EngineUnavailable as error:
            open_circuit(error)
        except IndexMissing as error:
            log.warning("Suchindex fehlt (%s); diese Antwort kommt aus der Datenbank", error)
        except EngineError:
            log.exception("Suchmaschine lehnt die Anfrage ab; diese Antwort kommt aus der Datenbank")
    return ask_database()


def search(query):
    return answer(lambda index: index.search(query), lambda: database.search(query))
