"""The partners' read-only API (django-ninja): published advisors only and only their public
record, searched by the same service as /berater/. OpenAPI at /api/v1/openapi.json, reference
page at /api/v1/docs. ETags come from ConditionalGetMiddleware, CORS from django-cors-headers."""

import datetime
from dataclasses import replace
from typing import Literal

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import http_date
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import Throttled, ValidationError
from ninja.throttling import AnonRateThrottle

from core.clientip import client_ip
from core.validators import POSTCODE_PATTERN
from directory.models import ConsultingTopic, ExternalRegistration, FederalState, Industry, Language, Track
from directory.public import LICENCE, public_advisors, record
from directory.search import backends
from directory.search.query import (
    DEFAULT_RADIUS,
    DEFAULT_SORT,
    MAX_PAGE,
    MAX_TEXT_LENGTH,
    MIN_RATING,
    RADII,
    SORTS,
    SearchForm,
)
from products.models import ProductPage

MAX_PER_PAGE = 50
MAX_RESULTS = 10000  # the engine's result window (index.max_result_window); the web search stops there too


class PartnerRateThrottle(AnonRateThrottle):
    """Per client address; the rate is read per request, so operators can change it by setting."""

    def __init__(self):
        super().__init__(settings.PARTNER_API_RATE)

    def get_ident(self, request):
        return client_ip(request)  # the one proxy setting, as for every limiter

    def allow_request(self, request):
        self.rate = settings.PARTNER_API_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


api = NinjaAPI(
    title="Mittelstand gut beraten – Partner-API",
    version="1",
    description=(
        "Lesender Zugriff auf die geprüften, veröffentlichten Einträge des Beraterverzeichnisses der Offensive "
        "Mittelstand: dieselbe Suche wie auf der Website (Volltext, Facetten, Umkreis um eine Postleitzahl). "
        f"Daten unter {LICENCE['name']} ({LICENCE['url']}), Namensnennung: {LICENCE['attribution']}. "
        "Seiteninhalte (Neuigkeiten, Termine, Produkte) liefert die Wagtail-API unter /api/v2/pages/."
    ),
    urls_namespace="partner_api",
    throttle=[PartnerRateThrottle()],
    docs_url="/docs",
)


class Error(Schema):
    detail: str
    errors: dict[str, list[str]] = {}


class Licence(Schema):
    name: str
    id: str
    url: str
    attribution: str


class Registration(Schema):
    code: str
    label: str
    identifier: str | None = Field(description="nur mit Einwilligung der beratenden Person")
    verified_at: datetime.date = Field(description="von der OM geprüft am")
    register_url: str | None = Field(description="öffentliche Suche des offiziellen Registers, falls vorhanden")


class Advisor(Schema):
    slug: str
    url: str
    name: str
    organisation: str
    short_profile: str
    description: str
    postcode: str
    city: str
    website: str
    fee_model: str
    years_experience: int
    track: str
    service_radius_km: int | None
    topics: list[str]
    industries: list[str]
    states: list[str] = Field(description="Kürzel der Bundesländer, in denen die Person tätig ist")
    languages: list[str] = Field(description="ISO-Codes")
    products: list[str] = Field(description="OM-Produkte, für die die Person autorisiert ist")
    registrations: list[Registration]
    verified_at: datetime.date | None
    verified_until: datetime.date | None
    updated_at: datetime.datetime


class Hit(Advisor):
    distance_km: float | None = Field(description="Entfernung vom Ort der Postleitzahl, falls gesucht")
    covers_postcode: bool = Field(description="Einsatzgebiet reicht bis zur gesuchten Postleitzahl")


class FacetCount(Schema):
    value: str
    label: str
    count: int


class AdvisorPage(Schema):
    count: int
    page: int
    pages: int
    per_page: int
    next: str | None
    previous: str | None
    facets: dict[str, list[FacetCount]]
    licence: Licence
    items: list[Hit]


class Term(Schema):
    value: str
    label: str


class Vocabularies(Schema):
    topics: list[Term]
    industries: list[Term]
    states: list[Term]
    languages: list[Term]
    products: list[Term]
    registers: list[Term]
    tracks: list[Term]
    sorts: list[Term]
    radii_km: list[int]
    licence: Licence


# SearchForm's parameters as the OpenAPI document states them, from the same definitions (a docstring
# would show in the document); the form itself still checks every request and knows which postcodes exist.
class AdvisorFilters(Schema):
    q: str = Field("", max_length=MAX_TEXT_LENGTH, description="Suchbegriff (Name, Thema, Kurzprofil …)")
    plz: str = Field(
        "", pattern=f"^({POSTCODE_PATTERN})?$", description="fünfstellige Postleitzahl für die Umkreissuche"
    )
    # Query values arrive as text: enums of strings, so that "25" validates (an int Literal would not).
    umkreis: Literal[tuple(str(r) for r in RADII)] = Field(str(DEFAULT_RADIUS), description="Umkreis in km")
    sortierung: Literal[tuple(SORTS)] = DEFAULT_SORT
    sterne: Literal[str(MIN_RATING)] | None = Field(
        None, description=f"nur mit durchschnittlich mindestens {MIN_RATING} von 5 Sternen"
    )
    seite: int = Field(1, ge=1, le=MAX_PAGE)
    pro_seite: int = Field(10, ge=1, le=MAX_PER_PAGE)
    thema: list[str] = Field([], description="Beratungsthema (Slug), mehrfach möglich")
    branche: list[str] = Field([], description="Branche (Slug)")
    land: list[str] = Field([], description="Bundesland (Kürzel)")
    produkt: list[str] = Field([], description="OM-Autorisierung (Slug des Produkts)")
    register_: list[str] = Field([], alias="register", description="Register (Kennung)")
    sprache: list[str] = Field([], description="Sprache (ISO-Code)")
    zugang: list[str] = Field([], description="Zugang (standard, junior)")


RESPONSES = {404: Error, 422: Error, 429: Error}
GERMAN_TYPES = {
    "int_parsing": "Bitte eine ganze Zahl angeben.",
    "greater_than_equal": "Der Wert ist zu klein.",
    "less_than_equal": "Der Wert ist zu groß.",
    "literal_error": "Dieser Wert ist nicht erlaubt.",
    "string_too_long": "Der Text ist zu lang.",
    "string_pattern_mismatch": "Das Format stimmt nicht.",
    "missing": "Angabe fehlt.",
}


@api.exception_handler(ValidationError)
def german_validation_error(request, exc):
    errors = {}
    for error in exc.errors:
        field = str(error.get("loc", ["", "?"])[-1])
        errors.setdefault(field, []).append(GERMAN_TYPES.get(error.get("type"), "Ungültiger Wert."))
    return api.create_response(request, {"detail": "Ungültige Anfrage.", "errors": errors}, status=422)


@api.exception_handler(Throttled)
def german_throttled(request, exc):
    response = api.create_response(
        request, {"detail": "Zu viele Anfragen. Bitte warten Sie kurz.", "errors": {}}, status=429
    )
    response["Retry-After"] = str(int(exc.wait or 60))
    return response


@api.exception_handler(Http404)
def german_not_found(request, exc):
    return api.create_response(request, {"detail": "Nicht gefunden.", "errors": {}}, status=404)


def _page_url(request, page):
    params = request.GET.copy()
    params["seite"] = page
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


@api.get("/berater", response={200: AdvisorPage, **RESPONSES}, summary="Berater:innen suchen", tags=["Verzeichnis"])
def advisors(request, filters: Query[AdvisorFilters]):
    """Dieselbe Suche wie /berater/ auf der Website; ohne Parameter alle veröffentlichten Einträge."""
    form = SearchForm(request.GET)
    if not form.is_valid():
        return Status(422, {"detail": "Ungültige Anfrage.", "errors": {k: list(v) for k, v in form.errors.items()}})
    if filters.seite * filters.pro_seite > MAX_RESULTS:
        message = f"Abrufbar sind die ersten {MAX_RESULTS} Treffer; bitte die Suche eingrenzen."
        return Status(422, {"detail": "Ungültige Anfrage.", "errors": {"seite": [message]}})
    query = replace(form.to_query(request.GET), per_page=filters.pro_seite)
    result = backends.search(query)
    by_id = {a.pk: a for a in public_advisors().filter(pk__in=[hit.advisor_id for hit in result.hits])}
    items = [
        {**record(by_id[hit.advisor_id]), "distance_km": hit.distance_km, "covers_postcode": hit.covers_postcode}
        for hit in result.hits
        if hit.advisor_id in by_id
    ]
    pages = query.page_count(result.total)
    return {
        "count": result.total,
        "page": query.page,
        "pages": pages,
        "per_page": query.per_page,
        "next": _page_url(request, query.page + 1) if query.page < pages else None,
        "previous": _page_url(request, query.page - 1) if query.page > 1 else None,
        "facets": {
            key: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
            for key, values in result.facets.items()
        },
        "licence": LICENCE,
        "items": items,
    }


@api.get("/berater/{slug}", response={200: Advisor, **RESPONSES}, summary="Ein Eintrag", tags=["Verzeichnis"])
def advisor(request, slug: str, response: HttpResponse):
    found = get_object_or_404(public_advisors(), slug=slug)
    response["Last-Modified"] = http_date(found.updated_at.timestamp())
    return record(found)


@api.get("/vokabulare", response={200: Vocabularies, 429: Error}, summary="Werte der Filter", tags=["Verzeichnis"])
def vocabularies(request):
    """Die erlaubten Werte der Filter von /berater (Wert = URL-Parameter, Bezeichnung = Anzeige)."""

    def terms(pairs):
        return [{"value": str(value), "label": label} for value, label in pairs]

    return {
        "topics": terms(ConsultingTopic.objects.values_list("slug", "name")),
        "industries": terms(Industry.objects.values_list("slug", "name")),
        "states": terms(FederalState.objects.values_list("code", "name")),
        "languages": terms(Language.objects.values_list("code", "name")),
        "products": terms(ProductPage.objects.live().public().values_list("slug", "title")),
        "registers": terms(ExternalRegistration.Register.choices),
        "tracks": terms(Track.choices),
        "sorts": terms(SORTS.items()),
        "radii_km": list(RADII),
        "licence": LICENCE,
    }
