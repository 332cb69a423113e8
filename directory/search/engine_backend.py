"""The engine implementation: one advisor index defined once with the DSL and used through
opensearch-py (OpenSearch) or elasticsearch.dsl (Elasticsearch 8), chosen by configuration. The
module passed as `dsl` is the only difference; tests compare both request bodies."""

import time
from collections.abc import Callable, Collection, Iterable
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.utils import timezone

# Service areas are offered in fixed steps (Advisor.service_radius_km), so "the area reaches the
# postcode" is one exact geo_distance clause per step, fast on the engine's geo index.
from directory.models.advisor import SERVICE_RADII
from directory.search.documents import Document, facet_sidebar
from directory.search.geo import LatLon, haversine_km
from directory.search.query import FACETS, SearchQuery, SearchResult, make_hit
from engine.errors import classified
from engine.german import GERMAN_STEMMER, REPLICAS, synonym_filter

if TYPE_CHECKING:  # imported where used: only the configured engine's library is loaded
    from elasticsearch import Elasticsearch
    from opensearchpy import OpenSearch

T = TypeVar("T")


def dsl_module(engine: str) -> ModuleType:
    if engine == "elasticsearch":
        import elasticsearch.dsl as dsl
    else:
        import opensearchpy as dsl  # type: ignore[no-redef]  # either library's DSL module, the same names
    return dsl


def alias_name() -> str:
    return f"{settings.SEARCH_INDEX_PREFIX}advisors"


def document_class(dsl: ModuleType) -> Any:
    stemmer = dsl.token_filter("om_german_stemmer", **GERMAN_STEMMER)
    german = dsl.analyzer("om_german", tokenizer="standard", filter=["lowercase", "german_normalization", stemmer])
    synonyms = dsl.token_filter("om_synonyms", **synonym_filter())
    german_search = dsl.analyzer(
        "om_german_search", tokenizer="standard", filter=["lowercase", synonyms, "german_normalization", stemmer]
    )
    edge = dsl.token_filter("om_edge", "edge_ngram", min_gram=2, max_gram=20)
    autocomplete = dsl.analyzer(
        "om_autocomplete", tokenizer="standard", filter=["lowercase", "german_normalization", edge]
    )
    prefix_search = dsl.analyzer("om_prefix_search", tokenizer="standard", filter=["lowercase", "german_normalization"])

    def german_text(**extra: Any) -> Any:
        return dsl.Text(analyzer=german, search_analyzer=german_search, copy_to="all_text", **extra)

    suggest = {"suggest": dsl.Text(analyzer=autocomplete, search_analyzer=prefix_search)}

    class AdvisorDocument(dsl.Document):  # type: ignore[name-defined,misc]  # the DSL module is chosen at run time
        advisor_id = dsl.Integer()
        slug = dsl.Keyword()
        name = german_text(fields={**suggest, "raw": dsl.Keyword()})
        organisation = german_text()
        short_profile = german_text()
        description = german_text()
        city = german_text()
        topic_names = german_text(fields=suggest)
        industry_names = german_text()
        all_text = dsl.Text(analyzer=german, search_analyzer=german_search)
        postcode = dsl.Keyword()
        location = dsl.GeoPoint()
        service_radius_km = dsl.Integer()
        verified_at = dsl.Date()
        rating_average = dsl.Float()
        rating_count = dsl.Integer()
        topics = dsl.Keyword()
        industries = dsl.Keyword()
        states = dsl.Keyword()
        products = dsl.Keyword()
        registers = dsl.Keyword()
        languages = dsl.Keyword()
        track = dsl.Keyword()

    return AdvisorDocument


def text_query(dsl: ModuleType, words: str) -> Any:
    """All words must match (synonyms count, typos tolerated); name, topics and organisation rank higher."""
    exact = dsl.Q("match", all_text={"query": words, "operator": "and"})
    fuzzy = dsl.Q("match", all_text={"query": words, "operator": "and", "fuzziness": "AUTO", "analyzer": "om_german"})
    boosts = [
        dsl.Q("match", name={"query": words, "boost": 3}),
        dsl.Q("match", topic_names={"query": words, "boost": 2}),
        dsl.Q("match", organisation={"query": words, "boost": 2}),
    ]
    return dsl.Q("bool", must=[dsl.Q("bool", should=[exact, fuzzy], minimum_should_match=1)], should=boosts)


def geo_filter(dsl: ModuleType, origin: LatLon, radius_km: int, states: Collection[str]) -> Any:
    """Within the radius of the postcode, or the advisor's service area reaches the postcode, or
    the advisor serves the postcode's Bundesland."""
    point = {"lat": origin[0], "lon": origin[1]}
    near = dsl.Q("geo_distance", distance=f"{radius_km}km", location=point)
    reaches = [
        dsl.Q(
            "bool",
            filter=[dsl.Q("term", service_radius_km=r), dsl.Q("geo_distance", distance=f"{r}km", location=point)],
        )
        for r in SERVICE_RADII
    ]
    serves = [dsl.Q("terms", states=list(states))] if states else []
    return dsl.Q("bool", should=[near, *reaches, *serves], minimum_should_match=1)


def sort_order(query: SearchQuery, origin: LatLon | None) -> list[Any]:
    by_name = [{"name.raw": {"order": "asc"}}, {"advisor_id": {"order": "asc"}}]
    distance = (
        {"_geo_distance": {"location": {"lat": origin[0], "lon": origin[1]}, "order": "asc", "unit": "km"}}
        if origin
        else None
    )
    if query.sort == "entfernung" and origin:
        return [distance, *by_name]
    if query.sort == "geprueft":
        return [{"verified_at": {"order": "desc", "missing": "_last"}}, *by_name]
    if query.sort == "bewertung":
        best = [{"rating_average": {"order": "desc", "missing": "_last"}}, {"rating_count": {"order": "desc"}}]
        return [*best, *by_name]
    if query.text:
        return ["_score", *by_name]
    return [distance, *by_name] if origin else by_name


def faceted_search(dsl: ModuleType, query: SearchQuery, using: Any = None) -> Any:
    """The request for `query` as a FacetedSearch of the given DSL module."""
    origin = query.origin
    counting = query.facets

    class AdvisorSearch(dsl.FacetedSearch):  # type: ignore[name-defined,misc]  # the DSL module is chosen at run time
        index = alias_name()
        facets = {facet.key: dsl.TermsFacet(field=facet.field, size=200) for facet in FACETS}

        def search(self) -> Any:
            fields = ["advisor_id", "location", "service_radius_km", "states"]
            search = super().search().extra(track_total_hits=True).source(fields)
            if origin:
                search = search.filter(geo_filter(dsl, origin, query.radius_km, query.origin_states))
            if query.min_rating:
                search = search.filter("range", rating_average={"gte": query.min_rating})
            return search

        def query(self, search: Any, words: str | None) -> Any:
            return search.query(text_query(dsl, words)) if words else search

        def aggregate(self, search: Any) -> None:
            if counting:  # the facets still filter; only their counts are left out
                super().aggregate(search)

    AdvisorSearch.using = using or "default"
    filters = {key: list(values) for key, values in query.filters.items()}
    faceted = AdvisorSearch(query=query.text or None, filters=filters, sort=sort_order(query, origin))
    return faceted[query.offset : query.offset + query.per_page]


class EngineIndex:
    """Reads and writes the advisor index of the configured engine through its alias. The two
    client libraries differ in a few call signatures; those calls are in `_delete`, `_bulk` and
    `_update_aliases`, everything else goes through the DSL."""

    def __init__(self, engine: str, client: "OpenSearch | Elasticsearch") -> None:
        self.engine = engine
        self.dsl = dsl_module(engine)
        # Any: the calls that differ branch on self.engine, which mypy cannot tie to the client's type.
        self.client: Any = client
        self.document = document_class(self.dsl)

    def _call(self, operation: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        with classified(self.engine):
            return operation(*args, **kwargs)

    @staticmethod
    def _source(doc: Document) -> Document:
        """The stored form: empty values left out, as the DSL does when it saves a document."""
        source = {key: value for key, value in doc.items() if key != "id" and value not in ([], {}, None)}
        return {**source, "advisor_id": doc["id"]}

    # -- the calls that differ between the client libraries

    def _delete(self, advisor_id: int) -> None:
        if self.engine == "opensearch":
            self.client.delete(index=alias_name(), id=advisor_id, ignore=[404])
        else:
            self.client.options(ignore_status=404).delete(index=alias_name(), id=advisor_id)

    def _bulk(self, actions: Iterable[Document]) -> Any:  # (ok, errors); opensearch-py declares Any
        if self.engine == "opensearch":
            from opensearchpy.helpers import bulk
        else:
            from elasticsearch.helpers import bulk
        return bulk(self.client, actions, chunk_size=1000)

    def _update_aliases(self, actions: list[dict[str, dict[str, str]]]) -> None:
        if self.engine == "opensearch":
            self.client.indices.update_aliases(body={"actions": actions})
        else:
            self.client.indices.update_aliases(actions=actions)

    # -- writing

    def apply(self, advisor_id: int, doc: Document | None) -> None:
        """Idempotent: writes the document, or removes the advisor when there is none."""
        if doc:
            document = self.document(meta={"id": advisor_id}, **self._source(doc))
            # require_alias: never let a write auto-create an index without our mappings; until
            # `rebuild_directory_index` has made one, the change waits in the outbox.
            self._call(document.save, using=self.client, index=alias_name(), require_alias=True)
        else:
            self._call(self._delete, advisor_id)

    def create_index(self) -> str:
        """A new, empty index (not yet behind the alias); returns its name."""
        name = f"{alias_name()}-{timezone.now():%Y%m%d%H%M%S}-{time.monotonic_ns() % 1000000}"
        index = self.dsl.Index(name)
        # No refreshes while the rebuild fills it; swap_alias turns them on before it goes live.
        # A replica wherever there is a second node (a cluster survives losing one), none on one node.
        index.settings(number_of_shards=1, auto_expand_replicas=REPLICAS, refresh_interval="-1")
        index.document(self.document)
        self._call(index.create, using=self.client)
        return name

    def bulk(self, index_name: str, docs: Iterable[Document]) -> Any:
        actions = ({"_index": index_name, "_id": doc["id"], "_source": self._source(doc)} for doc in docs)
        return self._call(self._bulk, actions)

    def swap_alias(self, new_index: str) -> None:
        """Points the alias at `new_index` in one atomic step and drops the indices it left."""
        self._call(self.client.indices.put_settings, index=new_index, body={"index": {"refresh_interval": "1s"}})
        self._call(self.client.indices.refresh, index=new_index)
        alias = alias_name()
        old = []
        if self._call(self.client.indices.exists_alias, name=alias):
            old = list(self._call(self.client.indices.get_alias, name=alias))
        actions = [{"remove": {"index": name, "alias": alias}} for name in old]
        self._call(self._update_aliases, [*actions, {"add": {"index": new_index, "alias": alias}}])
        for name in old:
            self._call(self.client.indices.delete, index=name)

    def refresh(self) -> None:
        self._call(self.client.indices.refresh, index=alias_name())

    # -- reading

    def documents(self) -> dict[int, Document]:
        """Every document in the index by advisor id (to compare with the database)."""
        search = self.dsl.Search(using=self.client, index=alias_name())
        return self._call(lambda: {int(hit.meta.id): hit.to_dict() for hit in search.scan()})

    def suggest_names(self, prefix: str, limit: int) -> list[str]:
        """Advisors' names matching what has been typed so far (edge-n-gram field); equal scores in
        name order, as the database answers (the engines break ties differently)."""
        search = (
            self.dsl.Search(using=self.client, index=alias_name())
            .query("match", **{"name.suggest": {"query": prefix, "operator": "and"}})
            .sort("_score", {"name.raw": {"order": "asc"}})
        )
        response = self._call(search.source(["name"])[:limit].execute)
        return [hit.name for hit in response]

    def search(self, query: SearchQuery) -> SearchResult:
        return self._result(query, self._call(faceted_search(self.dsl, query, using=self.client).execute))

    def request(self, query: SearchQuery) -> tuple[list[dict[str, Any]], Callable[[dict[str, Any]], SearchResult]]:
        """`query` as one search of a multi-search request, for a caller that sends it along with its
        own searches: its header and body, and what reads the engine's answer to it."""
        faceted = faceted_search(self.dsl, query)
        search = faceted._s  # the Search that FacetedSearch built (both DSLs keep it there)

        def read(raw: dict[str, Any]) -> SearchResult:
            response = self.dsl.FacetedResponse(search, raw)
            response._faceted_search = faceted  # as FacetedSearch.execute sets it: the facets read it
            return self._result(query, response)

        return [{"index": alias_name()}, search.to_dict()], read

    def _result(self, query: SearchQuery, response: Any) -> SearchResult:
        origin = query.origin
        hits = []
        for hit in response:
            source = hit.to_dict()
            location = source.get("location")
            distance = haversine_km(origin, (location["lat"], location["lon"])) if origin and location else None
            score = hit.meta.score or 0.0
            service = source.get("service_radius_km")
            hits.append(make_hit(int(hit.meta.id), score, distance, service, source.get("states", ()), query))
        facets = {}
        if query.facets:
            counts = {f.field: {v: n for v, n, _ in response.facets[f.key]} for f in FACETS}
            facets = facet_sidebar(counts, query.filters)
        return SearchResult(hits=hits, total=response.hits.total.value, facets=facets, backend=self.engine)
