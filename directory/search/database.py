"""The database implementation (embedded default, also on PostgreSQL): its own full-text table of
German stems, facet values as rows, distance computed in SQL. Only published advisors have rows."""

import json
import math
from collections.abc import Collection, Iterable, Mapping
from typing import cast

from django.core.cache import cache
from django.db import connection
from django.db.models import BooleanField, Count, F, OrderBy, Q, QuerySet
from django.db.models.expressions import RawSQL

from directory.models import SearchEntry, SearchFacetValue
from directory.models.advisor import SERVICE_RADII
from directory.search import text
from directory.search.documents import TEXT_FIELDS, VOCABULARY_CACHE_KEYS, VOCABULARY_SECONDS, Document, facet_sidebar
from directory.search.geo import LatLon, haversine_km
from directory.search.query import FACETS, FACETS_BY_KEY, Facet, FacetValue, SearchQuery, SearchResult, make_hit
from engine import german

# --- Writing --------------------------------------------------------------------------------


def _rows(doc: Document) -> tuple[SearchEntry, list[SearchFacetValue]]:
    values: list[str] = []
    for field in TEXT_FIELDS:
        value = doc[field]
        values.extend(value if isinstance(value, list) else [value])
    location = doc["location"] or {}
    entry = SearchEntry(
        advisor_id=doc["id"],
        name=doc["name"],
        tokens=" ".join(german.stems(" ".join(values))),
        latitude=location.get("lat"),
        longitude=location.get("lon"),
        service_radius_km=doc["service_radius_km"],
        verified_at=doc["verified_at"],
        rating_average=doc["rating_average"],
        rating_count=doc["rating_count"],
    )
    return entry, [SearchFacetValue(entry_id=doc["id"], facet=f.field, value=v) for f in FACETS for v in doc[f.field]]


def store(doc: Document) -> None:
    """Creates or replaces the advisor's rows from their document."""
    remove(doc["id"])
    store_many([doc])


def store_many(docs: Iterable[Document]) -> None:
    """Inserts rows for advisors that have none (the rebuild's fast path)."""
    rows = [_rows(doc) for doc in docs]
    SearchEntry.objects.bulk_create([entry for entry, _ in rows])
    SearchFacetValue.objects.bulk_create([value for _, values in rows for value in values])


def remove(advisor_id: int) -> None:
    SearchEntry.objects.filter(advisor_id=advisor_id).delete()


def stored_ids() -> set[int]:
    return set(SearchEntry.objects.values_list("advisor_id", flat=True))


# --- Reading --------------------------------------------------------------------------------


def _known_stems() -> set[str]:
    """OM's own words (topics, industries, synonyms): the vocabulary typos are corrected to."""
    return cast(set[str], cache.get_or_set(VOCABULARY_CACHE_KEYS[1], _vocabulary_stems, VOCABULARY_SECONDS))


def _vocabulary_stems() -> set[str]:
    words = " ".join(text.vocabulary_names())
    known = set(german.stems(words))
    for _, variants in german.synonym_groups():
        for phrase in variants:
            known.update(phrase)
    return known


def _text_scores(groups: list[list[tuple[str, ...]]]) -> dict[int, float]:
    """{advisor_id: relevance} for all matches, from one full-text lookup: its cost grows with
    the matches, not with the table."""
    if connection.vendor == "sqlite":
        expression = " AND ".join(
            "(" + " OR ".join('"' + " ".join(phrase) + '"' for phrase in group) + ")" for group in groups
        )
        sql = "SELECT rowid, -bm25(directory_search_fts) FROM directory_search_fts WHERE directory_search_fts MATCH %s"
    else:
        expression = " & ".join("(" + " | ".join(" <-> ".join(phrase) for phrase in group) + ")" for group in groups)
        sql = (
            "SELECT advisor_id, ts_rank(to_tsvector('simple', tokens), query) "
            "FROM directory_searchentry, to_tsquery('simple', %s) query WHERE to_tsvector('simple', tokens) @@ query"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [expression])  # constant SQL; the visitor's words only as a parameter
        return dict(cursor.fetchall())


def _distances(origin: LatLon, radius_km: int, states: Collection[str]) -> dict[int, float]:
    """{advisor_id: km} for advisors within `radius_km` of `origin`, whose service area reaches it
    or who serve one of its Bundesländer `states`. A bounding box on the indexed coordinates
    narrows the rows of the first two."""
    reach = max(radius_km, *SERVICE_RADII)
    lat, lon = origin
    dlat = reach / 111.0
    dlon = reach / (111.0 * max(math.cos(math.radians(lat)), 0.01))
    columns = ("advisor_id", "latitude", "longitude", "service_radius_km")
    rows = SearchEntry.objects.filter(
        latitude__range=(lat - dlat, lat + dlat), longitude__range=(lon - dlon, lon + dlon)
    ).values_list(*columns)
    found: dict[int, float] = {}
    for advisor_id, a_lat, a_lon, service in rows:
        distance = haversine_km(origin, (a_lat, a_lon))
        if distance <= radius_km or (service is not None and distance <= service):
            found[advisor_id] = distance
    if states:
        serving = SearchEntry.objects.filter(_in_facet(FACETS_BY_KEY["land"], states))
        for advisor_id, a_lat, a_lon, _ in serving.values_list(*columns):
            found.setdefault(advisor_id, haversine_km(origin, (a_lat, a_lon)))
    return found


def _among(ids: Collection[int]) -> RawSQL:
    """A condition "advisor_id is one of `ids`" with a single parameter, however many ids."""
    param: str | list[int]
    if connection.vendor == "sqlite":
        sql, param = "advisor_id IN (SELECT value FROM json_each(%s))", json.dumps(sorted(ids))
    else:
        sql, param = "advisor_id = ANY(%s)", sorted(ids)
    return RawSQL(sql, [param], output_field=BooleanField())  # noqa: S611  # nosec B611 - constant SQL, ids as parameter


def _in_facet(facet: Facet, values: Collection[str]) -> Q:
    return Q(advisor_id__in=SearchFacetValue.objects.filter(facet=facet.field, value__in=values).values("entry_id"))


def search(query: SearchQuery) -> SearchResult:
    scores: dict[int, float] | None = None
    distances: dict[int, float] | None = None
    if query.text:
        groups = text.query_groups(query.text, _known_stems())
        scores = _text_scores(groups) if groups else None
    origin = query.origin
    if origin:
        distances = _distances(origin, query.radius_km, query.origin_states)
    matched: set[int] | None = None
    for ids in (scores, distances):
        if ids is not None:
            matched = set(ids) if matched is None else matched & set(ids)
    entries = SearchEntry.objects.all()
    if matched is not None:
        entries = entries.filter(_among(matched))
    if query.min_rating:
        entries = entries.filter(rating_average__gte=query.min_rating)

    selected = {key: values for key, values in query.filters.items() if values}
    filtered = entries
    for key, values in selected.items():
        filtered = filtered.filter(_in_facet(FACETS_BY_KEY[key], values))

    facets = _facet_counts(entries, filtered, selected) if query.facets else {}
    rows, total = _page(filtered, query, scores, distances)
    states: dict[int, list[str]] = {}
    if origin:
        served = SearchFacetValue.objects.filter(facet="states", entry_id__in=[advisor_id for advisor_id, _ in rows])
        for advisor_id, code in served.values_list("entry_id", "value"):
            states.setdefault(advisor_id, []).append(code)
    hits = [
        make_hit(
            advisor_id,
            scores.get(advisor_id, 0.0) if scores else 0.0,
            distances.get(advisor_id) if distances else None,
            service,
            states.get(advisor_id, ()),
            query,
        )
        for advisor_id, service in rows
    ]
    return SearchResult(hits=hits, total=total, facets=facets, backend="database")


def _facet_counts(
    entries: QuerySet[SearchEntry], filtered: QuerySet[SearchEntry], selected: Mapping[str, Collection[str]]
) -> dict[str, list[FacetValue]]:
    """Counts per facet value. A facet counts over the results of all *other* facets' selections
    (OR within a facet, AND across): the unselected facets share one grouped query over the
    filtered results, each selected facet gets its own."""
    by_key = FACETS_BY_KEY
    bases = [(filtered, [f for f in FACETS if f.key not in selected])]
    for key in selected:
        others = entries
        for other, values in selected.items():
            if other != key:
                others = others.filter(_in_facet(by_key[other], values))
        bases.append((others, [by_key[key]]))
    counts: dict[str, dict[str, int]] = {facet.field: {} for facet in FACETS}
    for base, facets in bases:
        if facets:
            rows = (
                SearchFacetValue.objects.filter(
                    facet__in=[f.field for f in facets], entry__in=base.values("advisor_id")
                )
                .values_list("facet", "value")
                .annotate(n=Count("entry_id"))
            )
            for field, value, n in rows:
                counts[field][value] = n
    return facet_sidebar(counts, selected)


def _page(
    filtered: QuerySet[SearchEntry],
    query: SearchQuery,
    scores: Mapping[int, float] | None,
    distances: Mapping[int, float] | None,
) -> tuple[list[tuple[int, int | None]], int]:
    """The requested page as (advisor_id, service_radius_km) rows, and the total. Relevance and
    distance order in Python (their values come from the lookups above); the rest in SQL."""
    by_distance = distances is not None and (query.sort == "entfernung" or (query.sort == "relevanz" and not scores))
    by_score = scores is not None and query.sort == "relevanz"
    if by_score or by_distance:
        rows = list(filtered.values_list("advisor_id", "name", "service_radius_km"))
        key_values = cast(Mapping[int, float], scores if by_score else distances)  # the one by_* says was looked up
        sign = -1 if by_score else 1
        rows.sort(key=lambda row: (sign * key_values[row[0]], row[1], row[0]))
        page = rows[query.offset : query.offset + query.per_page]
        return [(advisor_id, service) for advisor_id, _, service in page], len(rows)
    ordering: list[str | OrderBy] = ["name", "advisor_id"]
    if query.sort == "geprueft":
        ordering = [F("verified_at").desc(nulls_last=True), *ordering]
    elif query.sort == "bewertung":
        ordering = [F("rating_average").desc(nulls_last=True), "-rating_count", *ordering]
    ordered = filtered.order_by(*ordering).values_list("advisor_id", "service_radius_km")
    return list(ordered[query.offset : query.offset + query.per_page]), filtered.count()
