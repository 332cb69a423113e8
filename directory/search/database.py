"""The database implementation (embedded default, also on PostgreSQL): its own full-text table of
German stems, facet values as rows, distance computed in SQL. Only published advisors have rows."""

from django.db import connection
from django.db.models import BooleanField, Count, F, FloatField, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import ACos, Cos, Least, Radians, Sin

from directory.models import ConsultingTopic, Industry, SearchEntry, SearchFacetValue
from directory.search import text
from directory.search.documents import TEXT_FIELDS, facet_labels
from directory.search.query import FACETS, FacetValue, SearchResult, make_hit

EARTH_RADIUS_KM = 6371.0


# --- Writing --------------------------------------------------------------------------------


def _rows(doc):
    values = []
    for field in TEXT_FIELDS:
        value = doc[field]
        values.extend(value if isinstance(value, list) else [value])
    location = doc["location"] or {}
    entry = SearchEntry(
        advisor_id=doc["id"],
        name=doc["name"],
        tokens=" ".join(text.stems(" ".join(values))),
        latitude=location.get("lat"),
        longitude=location.get("lon"),
        service_radius_km=doc["service_radius_km"],
        verified_at=doc["verified_at"],
    )
    return entry, [SearchFacetValue(entry_id=doc["id"], facet=f.field, value=v) for f in FACETS for v in doc[f.field]]


def store(doc):
    """Creates or replaces the advisor's rows from their document."""
    remove(doc["id"])
    store_many([doc])


def store_many(docs):
    """Inserts rows for advisors that have none (the rebuild's fast path)."""
    rows = [_rows(doc) for doc in docs]
    SearchEntry.objects.bulk_create([entry for entry, _ in rows])
    SearchFacetValue.objects.bulk_create([value for _, values in rows for value in values])


def remove(advisor_id):
    SearchEntry.objects.filter(advisor_id=advisor_id).delete()


def stored_ids():
    return set(SearchEntry.objects.values_list("advisor_id", flat=True))


# --- Reading --------------------------------------------------------------------------------


def _known_stems():
    """OM's own words (topics, industries, synonyms): the vocabulary typos are corrected to."""
    words = " ".join(
        [*ConsultingTopic.objects.values_list("name", flat=True), *Industry.objects.values_list("name", flat=True)]
    )
    known = set(text.stems(words))
    for group in text.synonym_groups():
        for phrase in group:
            known.update(phrase)
    return known


def _match_sql(groups):
    """WHERE clause and score expression for the query, in the dialect of this database."""
    if connection.vendor == "sqlite":
        expression = " AND ".join(
            "(" + " OR ".join('"' + " ".join(phrase) + '"' for phrase in group) + ")" for group in groups
        )
        match = "advisor_id IN (SELECT rowid FROM directory_search_fts WHERE directory_search_fts MATCH %s)"
        score = (
            "(SELECT -bm25(directory_search_fts) FROM directory_search_fts "
            "WHERE directory_search_fts MATCH %s AND rowid = directory_searchentry.advisor_id)"
        )
    else:
        expression = " & ".join("(" + " | ".join(" <-> ".join(phrase) for phrase in group) + ")" for group in groups)
        match = "to_tsvector('simple', tokens) @@ to_tsquery('simple', %s)"
        score = "ts_rank(to_tsvector('simple', directory_searchentry.tokens), to_tsquery('simple', %s))"
    return match, score, expression


def _distance(origin):
    """Great-circle distance in km from `origin` (spherical law of cosines, clamped for acos)."""
    lat, lon = origin
    cosine = Sin(Radians(Value(lat))) * Sin(Radians(F("latitude"))) + Cos(Radians(Value(lat))) * Cos(
        Radians(F("latitude"))
    ) * Cos(Radians(F("longitude")) - Radians(Value(lon)))
    return ACos(Least(cosine, Value(1.0), output_field=FloatField())) * EARTH_RADIUS_KM


def _in_facet(facet, values):
    return Q(advisor_id__in=SearchFacetValue.objects.filter(facet=facet.field, value__in=values).values("entry_id"))


def search(query):
    entries = SearchEntry.objects.all()
    scored = False
    if query.text:
        groups = text.query_groups(query.text, _known_stems())
        if groups:
            match, score, expression = _match_sql(groups)
            # Constant SQL; the visitor's words reach it only as a parameter.
            matched = RawSQL(match, [expression], output_field=BooleanField())  # noqa: S611
            relevance = RawSQL(score, [expression], output_field=FloatField())  # noqa: S611
            entries = entries.filter(matched).annotate(score=relevance)
            scored = True
    origin = query.origin
    if origin:
        entries = entries.filter(latitude__isnull=False).annotate(distance=_distance(origin))
        entries = entries.filter(
            Q(distance__lte=query.radius_km) | Q(service_radius_km__isnull=False, distance__lte=F("service_radius_km"))
        )
    selected = {key: values for key, values in query.filters.items() if values}
    facets_by_key = {facet.key: facet for facet in FACETS}
    filtered = entries
    for key, values in selected.items():
        filtered = filtered.filter(_in_facet(facets_by_key[key], values))

    labels = facet_labels()
    facets = {}
    for facet in FACETS:
        others = entries
        for key, values in selected.items():
            if key != facet.key:
                others = others.filter(_in_facet(facets_by_key[key], values))
        counts = (
            SearchFacetValue.objects.filter(facet=facet.field, entry__in=others.values("advisor_id"))
            .values("value")
            .annotate(n=Count("entry_id"))
        )
        chosen = set(selected.get(facet.key, ()))
        facets[facet.key] = sorted(
            (
                FacetValue(
                    row["value"], labels[facet.field].get(row["value"], row["value"]), row["n"], row["value"] in chosen
                )
                for row in counts
            ),
            key=lambda v: (-v.count, v.label),
        )

    ordering = _ordering(query, scored, origin)
    total = filtered.count()
    columns = ["advisor_id", "service_radius_km"] + (["score"] if scored else []) + (["distance"] if origin else [])
    rows = filtered.order_by(*ordering).values(*columns)[query.offset : query.offset + query.per_page]
    hits = [
        make_hit(row["advisor_id"], row.get("score") or 0.0, row.get("distance"), row["service_radius_km"], query)
        for row in rows
    ]
    return SearchResult(hits=hits, total=total, facets=facets, backend="database")


def _ordering(query, scored, origin):
    if query.sort == "entfernung" and origin:
        return ["distance", "name", "advisor_id"]
    if query.sort == "geprueft":
        return [F("verified_at").desc(nulls_last=True), "name", "advisor_id"]
    if scored:
        return ["-score", "name", "advisor_id"]
    if origin:
        return ["distance", "name", "advisor_id"]
    return ["name", "advisor_id"]
