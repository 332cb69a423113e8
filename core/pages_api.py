"""Page content for partners through Wagtail's API v2: the page types the URL configuration names
(news, events and products: what partner websites republish), live and public pages only, JSON only,
rate-limited like /api/v1. The types are passed in by om_site/urls.py, so core imports no app."""

from django.conf import settings
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Page
from wagtail.query import PageQuerySet

from core.clientip import client_ip
from core.params import int_param


class PartnerPagesThrottle(AnonRateThrottle):  # type: ignore[misc]  # DRF without stubs (pyproject.toml)
    def get_ident(self, request: Request) -> str:
        return client_ip(request)  # DRF's own parser would trust any X-Forwarded-For

    def get_rate(self) -> str:
        rate: str = settings.PARTNER_API_RATE
        return rate


# Wagtail's messages for bad parameters, in German (the original stays alongside for developers).
GERMAN_MESSAGES = [
    ("type doesn't exist", "Diesen Seitentyp gibt es hier nicht."),
    ("must be a positive integer", "Bitte eine positive ganze Zahl angeben."),
    ("cannot be higher than", "Der Wert ist zu groß."),
    ("doesn't exist", "Diese Seite gibt es nicht."),
    ("cannot order by", "Nach diesem Feld kann nicht sortiert werden."),
    ("unknown field", "Unbekanntes Feld."),
    ("query parameter is not an operation or a recognised field", "Unbekannter Parameter."),
    ("beyond the search window", "Suchergebnisse reichen nur bis zum 10.000. Treffer."),
]


# Parameters Wagtail turns into numbers with int(): a 30-digit value reached the database (500).
NUMERIC_PARAMETERS = ("id", "limit", "offset", "child_of", "ancestor_of", "descendant_of", "translation_of")
# The search engines' max_result_window: a search pages no deeper (beyond it OpenSearch answers 400,
# which was a 500 here). The database search gets the same limit, so the API answers alike everywhere.
SEARCH_WINDOW = 10_000


class PartnerPagesAPIViewSet(PagesAPIViewSet):  # type: ignore[misc]  # Wagtail ships no types
    page_types: tuple[type[Page], ...] = ()  # set by partner_pages_router()
    renderer_classes = [JSONRenderer]
    throttle_classes = [PartnerPagesThrottle]

    def check_query_parameters(self, queryset: PageQuerySet) -> None:
        super().check_query_parameters(queryset)
        for name in NUMERIC_PARAMETERS:
            value = self.request.GET.get(name)
            if value == "root" and name in ("child_of", "descendant_of"):  # Wagtail's documented alias
                continue
            if value is not None and int_param(value, (0, 2**31 - 1)) is None:
                raise BadRequestError(f"{name} must be a positive integer")
        if "search" in self.request.GET:
            offset = int_param(self.request.GET.get("offset", "0"), (0, 2**31 - 1)) or 0
            limit = int_param(self.request.GET.get("limit", ""), (0, 2**31 - 1)) or 20  # Wagtail's page size
            if offset + limit > SEARCH_WINDOW:
                raise BadRequestError("offset and limit reach beyond the search window")

    def handle_exception(self, exc: Exception) -> Response:
        response = super().handle_exception(exc)
        message = response.data.get("message", "") if isinstance(response.data, dict) else ""
        if response.status_code == 400:
            german = next((text for key, text in GERMAN_MESSAGES if key in message), "Ungültige Anfrage.")
            response.data = {"message": german, "detail": message}
        elif response.status_code == 404:
            response.data = {"message": "Nicht gefunden."}
        elif response.status_code == 429:
            response.data = {"message": "Zu viele Anfragen. Bitte warten Sie kurz."}
        return response

    def get_base_queryset(self) -> PageQuerySet:
        return super().get_base_queryset().type(*self.page_types)


def partner_pages_router(*page_types: type[Page]) -> WagtailAPIRouter:
    """Wagtail's API router with the one endpoint "pages", publishing pages of these types only."""
    viewset = type("PartnerPagesAPIViewSet", (PartnerPagesAPIViewSet,), {"page_types": page_types})
    router = WagtailAPIRouter("pages_api")
    router.register_endpoint("pages", viewset)
    return router
