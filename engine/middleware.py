"""Says which implementation answered a request's searches, in the response header X-Search-Answer
("engine" or "database"; "database" as soon as one search of the request fell back), when the setting
SEARCH_ANSWER_HEADER is on. Off by default: the public need not learn how the site searches. The load
drill turns it on to prove that searches were answered by the engine while a node was down."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from engine.breaker import answered_by

HEADER = "X-Search-Answer"


class AnsweredBy:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.SEARCH_ANSWER_HEADER:
            return self.get_response(request)
        token = answered_by.set("")
        try:
            response = self.get_response(request)
            if answered_by.get():
                response[HEADER] = answered_by.get()
            return response
        finally:
            answered_by.reset(token)
