"""One more try for a reading request that lost its database connection (PostgreSQL restarting, a
failover): the visitor gets the page instead of an error. Only GET and HEAD, which change nothing, so
running them twice is harmless; a POST that met the outage is not repeated (it may have been half
way) and gets the German error page, while its transaction was rolled back with the connection.

The middleware sits outermost, so every database use of the request — the session, the user, the
view, the templates — is covered. Django turns an exception into the 500 page inside the middleware
chain, so the failure is recognised through `got_request_exception` (sent with the exception being
handled): an OperationalError or InterfaceError of the database. Then the dead connections are closed,
the database is asked until it answers (at most WAIT_SECONDS) and the request runs once more."""

import logging
import sys
import time
from collections.abc import Callable
from typing import Any

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connections
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

IDEMPOTENT = ("GET", "HEAD")
WAIT_SECONDS = 8.0  # a restart (a few seconds) fits; longer, and the visitor sees the error page
log = logging.getLogger("om_site.database")
LOST = "_om_database_lost"


@receiver(got_request_exception)
def _note_lost_connection(sender: Any, request: HttpRequest | None = None, **kwargs: Any) -> None:
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, OperationalError | InterfaceError):
        setattr(request, LOST, True)


def database_answers(wait: float = WAIT_SECONDS) -> bool:
    """Closes every connection of this thread and opens them anew until each answers (or `wait` is over)."""
    deadline = time.monotonic() + wait
    while True:
        try:
            for connection in connections.all():
                connection.close()
                with connection.cursor() as cursor:
                    cursor.execute("SELECT 1")
            return True
        except (OperationalError, InterfaceError):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.25)


class RetryReadsOnLostDatabase:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not getattr(request, LOST, False):
            return response
        delattr(request, LOST)
        if request.method not in IDEMPOTENT:
            for connection in connections.all():
                connection.close()  # the next request starts with a fresh one
            log.warning("Datenbankverbindung verloren bei %s %s; nicht wiederholt", request.method, request.path)
            return response
        if not database_answers():
            log.error("Datenbank antwortet nicht; %s %s bleibt ohne Antwort", request.method, request.path)
            return response
        log.warning("Datenbankverbindung verloren bei %s %s; einmal wiederholt", request.method, request.path)
        return self.get_response(request)
