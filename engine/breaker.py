"""Who answers a search: the engine when one is configured and reachable, otherwise the database.
A failing engine opens a circuit for BREAK_SECONDS, so visitors do not wait for timeouts one after
the other; the database answers meanwhile (logged, shown by /healthz). One circuit for the whole
site: the advisor search and the site search ask the same engine, and the circuit lives in the
shared cache, so every app server (and worker) sees it open once one of them met the outage."""

import logging
from collections.abc import Callable
from contextvars import ContextVar
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from engine.errors import EngineError, EngineUnavailable, IndexMissing, classified

BREAK_SECONDS = 30
log = logging.getLogger("engine")
T = TypeVar("T")


# Which implementation answered the current request's searches ("engine"/"database"), for
# engine.middleware.AnsweredBy; reset at each request's start.
answered_by: ContextVar[str] = ContextVar("answered_by", default="")


# The open circuit: the failure that opened it (for /healthz), expiring when the break ends.
CIRCUIT_KEY = "engine:circuit-open"


def _opening_error() -> str | None:
    error: str | None = cache.get(CIRCUIT_KEY)
    return error


def circuit_open() -> bool:
    return _opening_error() is not None


def open_circuit(error: Exception) -> None:
    cache.set(CIRCUIT_KEY, str(error)[:200], BREAK_SECONDS)
    log.warning("Suchmaschine nicht erreichbar (%s); %s s lang sucht die Datenbank", error, BREAK_SECONDS)


def close_circuit() -> None:
    cache.delete(CIRCUIT_KEY)


def answering() -> dict[str, str]:
    """For /healthz: which implementation answers public searches right now."""
    if settings.SEARCH_ENGINE == "database":
        return {"answering": "database"}
    error = _opening_error()
    if error is not None:
        return {"answering": "database", "reason": f"Suchmaschine nicht erreichbar: {error}"}
    return {"answering": settings.SEARCH_ENGINE}


def answer(ask_engine: Callable[[], T], ask_database: Callable[[], T]) -> T:
    """ask_engine() while the engine gives answers, ask_database() otherwise: an outage opens the
    circuit, a refused request (our bug) is logged as an error and only this answer falls back.
    ask_engine may raise the client library's exceptions or the classes of engine.errors."""
    engine = settings.SEARCH_ENGINE
    if engine != "database" and not circuit_open():
        try:
            with classified(engine):
                result = ask_engine()
            if answered_by.get() != "database":  # one fallback in the request marks it
                answered_by.set("engine")
            return result
        except EngineUnavailable as error:
            open_circuit(error)
        except IndexMissing as error:
            log.warning("Suchindex fehlt (%s); diese Antwort kommt aus der Datenbank", error)
        except EngineError:
            log.exception("Suchmaschine lehnt die Anfrage ab; diese Antwort kommt aus der Datenbank")
    answered_by.set("database")
    return ask_database()
