"""What an engine failure means, for either client library: an outage (EngineUnavailable, the
circuit opens), a missing index (IndexMissing, only that index's searches fall back) or a request
the engine refused (EngineError: a bug in what we sent, logged as an error)."""

from collections.abc import Iterator
from contextlib import contextmanager


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


def classify(error: Exception) -> EngineError:
    """EngineUnavailable, IndexMissing or EngineError for an exception of either client library."""
    status = getattr(error, "status_code", None)  # 'N/A' or missing for connection-level errors
    message = f"{type(error).__name__}: {error}"
    if not isinstance(status, int) or status >= 500 or status in UNAVAILABLE_STATUSES:
        return EngineUnavailable(message)
    if status == 404:
        return IndexMissing(message)
    return EngineError(message)


def library_errors(engine: str) -> tuple[type[Exception], ...]:
    """The exceptions of the engine's client library that mean "no answer from the engine"."""
    if engine == "opensearch":
        from opensearchpy import exceptions

        return (exceptions.ConnectionError, exceptions.TransportError)
    import elastic_transport
    from elasticsearch import ApiError

    return (elastic_transport.ConnectionError, elastic_transport.TransportError, ApiError)


@contextmanager
def classified(engine: str) -> Iterator[None]:
    """Turns the client library's exceptions inside the block into the classes above."""
    try:
        yield
    except library_errors(engine) as error:
        raise classify(error) from error
