"""The site-wide search: pages and documents through Wagtail's search API, one result list
across content types with counts per type, a date filter, highlighted snippets and pagination.

Each type is one search on its own model (so dates filter by the content's own date: a meeting's
day, a news item's date); the "all types" list merges their best hits by score. All words must
match; when nothing does, any word may; when still nothing does, titles starting with the words.
The engine answers while it can, the database otherwise (engine.breaker.answer: the same circuit
breaker as the advisor search). Whatever the backend's scores, a result whose title
(or a named part of it) is exactly the query comes first.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models import CharField, Q
from django.db.models.functions import Cast
from django.utils import timezone
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchResults
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, ReferenceIndex
from wagtail.models.pages import get_page_models
from wagtail.search.backends import get_search_backend

from committees.models import MeetingPage
from directory.search import backends
from directory.search.query import SearchQuery
from engine import breaker
from engine.client import client as engine_client
from engine.errors import EngineError, classify
from engine.german import WORD, stems
from event_calendar.models import EventPage
from networks.models import NetworkPage
from news.models import NewsArticlePage
from products.models import ProductPage
from search import spelling
from search.models import DocumentText

MAX_QUERY_CHARACTERS = 200
MAX_QUERY_WORDS = 12
PER_PAGE = 10
MAX_PAGE = 20  # 200 results are enough to read; beyond that the visitor narrows the search


@dataclass(frozen=True)
class Scope:
    """What visitors may find right now, read once per search: the pages to leave out (restricted
    subtrees, pages whose expiry passed before the scheduler ran) and the findable documents."""

    hidden_pages: Q
    document_ids: tuple

    @classmethod
    def now(cls):
        hidden = Page.objects.private_q()
        expired = list(Page.objects.filter(live=True, expire_at__lt=timezone.now()).values_list("pk", flat=True))
        if expired:
            hidden |= Q(id__in=expired)
        pages = Page.objects.live().exclude(hidden)
        return cls(hidden_pages=hidden, document_ids=tuple(visible_document_ids(pages)))


@dataclass(frozen=True)
class Kind:
    key: str  # URL parameter value
    label: str
    models: tuple
    date_field: str  # the content's date: what the date filter and the result list show

    def queryset(self, scope):
        if self.models == (DocumentText,):
            return DocumentText.objects.filter(document_id__in=scope.document_ids).select_related("document")
        return public_pages(scope, *self.models)


def public_pages(scope, *types):
    """Live pages nobody restricted (of these types), without expired ones."""
    model = types[0] if len(types) == 1 else Page
    pages = model.objects.live().exclude(scope.hidden_pages)
    return pages.type(*types) if len(types) > 1 else pages


def _document_references(**filters):
    """Which pages carry which documents (Wagtail's reference index, kept current on every save)."""
    document_model = get_document_model()
    return ReferenceIndex.objects.filter(
        base_content_type__app_label="wagtailcore",
        base_content_type__model="page",
        to_content_type__app_label=document_model._meta.app_label,
        to_content_type__model=document_model._meta.model_name,
        **filters,
    )


SPECIFIC = {
    "neuigkeiten": ("Neuigkeiten", (NewsArticlePage,), "date"),
    "produkte": ("Produkte", (ProductPage,), "last_published_at"),
    "sitzungen": ("Sitzungen und Beschlüsse", (MeetingPage,), "date"),
    "termine": ("Termine", (EventPage,), "start"),
    "netzwerke": ("Netzwerke", (NetworkPage,), "last_published_at"),
}


def _kinds():
    kinds = [Kind(key, *values) for key, values in SPECIFIC.items()]
    specific = {model for kind in kinds for model in kind.models}
    others = tuple(model for model in get_page_models() if model is not Page and model not in specific)
    kinds.append(Kind("seiten", "Weitere Seiten", others, "last_published_at"))
    kinds.append(Kind("dokumente", "Dokumente", (DocumentText,), "date"))
    return kinds


KINDS = _kinds()
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}


def visible_document_ids(pages):
    """Documents that one of these pages carries and whose collection nobody restricted."""
    pages = pages.annotate(key=Cast("pk", CharField())).values("key")
    carried = _document_references(object_id__in=pages).values_list("to_object_id", flat=True)
    documents = get_document_model().objects.filter(pk__in={int(pk) for pk in carried})
    for path in Collection.objects.filter(pk__in=CollectionViewRestriction.objects.values("collection_id")).values_list(
        "path", flat=True
    ):
        documents = documents.exclude(collection__path__startswith=path)
    return list(documents.values_list("pk", flat=True))


@dataclass(frozen=True)
class SiteQuery:
    text: str = ""
    kind: str = ""  # a Kind key, or "" for all
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    page: int = 1
    shortened: bool = False  # the visitor's input was longer than we search

    @classmethod
    def make(cls, text, **fields):
        """Caps the input: a long paste must not cost the engine or the database seconds."""
        words = " ".join(text.split())[:MAX_QUERY_CHARACTERS].split()
        shortened = len(words) > MAX_QUERY_WORDS or len(" ".join(text.split())) > MAX_QUERY_CHARACTERS
        return cls(text=" ".join(words[:MAX_QUERY_WORDS]), shortened=shortened, **fields)


def advisor_query(text, limit):
    """The directory search for the site search's advisor block: hits and total, no facet counts."""
    return SearchQuery(text=text, per_page=limit, facets=False)


@dataclass
class AdvisorTeaser:
    total: int
    advisors: list

    @classmethod
    def of(cls, result):
        """From the directory's SearchResult: its published advisors, in its order."""
        from directory.models import Advisor

        ids = [hit.advisor_id for hit in result.hits]
        found = Advisor.objects.published().in_bulk(ids)
        return cls(total=result.total, advisors=[found[pk] for pk in ids if pk in found])


@dataclass
class SiteResult:
    hits: list  # (kind, object) best first, this page only
    counts: dict  # kind key -> number of matches
    total: int  # of the selected kind (or of all)
    broadened: str = ""  # nothing matched all words: "or" (some words match) or "prefix" (title beginnings)
    backend: str = "database"
    suggestion: str = ""  # "Meinten Sie …"
    scope: Scope | None = None  # what was findable for this search
    advisors: AdvisorTeaser | None = None  # the advisor block, when asked for


def _date_filters(kind, query):
    model_field = kind.models[0]._meta.get_field(kind.date_field)
    filters = {}
    for bound, lookup in ((query.date_from, "gte"), (query.date_to, "lte")):
        if bound is None:
            continue
        if model_field.get_internal_type() == "DateTimeField":
            day_end = datetime.time.max if lookup == "lte" else datetime.time.min
            bound = timezone.make_aware(datetime.datetime.combine(bound, day_end))
        filters[f"{kind.date_field}__{lookup}"] = bound
    return filters


# Tried in this order until something matches: all words, any word, titles starting with the
# words (German compounds: "Datenschutz" finds "Datenschutzerklärung").
STAGES = ("and", "or", "prefix")


def _search(kind, query, stage, backend, scope):
    queryset = kind.queryset(scope).filter(**_date_filters(kind, query))
    search_backend = get_search_backend(backend)
    if stage == "prefix":
        results = search_backend.autocomplete(query.text, queryset)
    else:
        results = search_backend.search(query.text, queryset, operator=stage)
    return results.annotate_score("_score")


# A title's named parts: "OM-Potenzialanalyse Umweltschutz (Umweltcheck)" is also called
# "Umweltcheck", "Mittelstand gut beraten – Beraterdatenbank" also "Beraterdatenbank".
TITLE_PARTS = re.compile(r"\s[–—-]\s|[:()|]")


def title_names(title):
    """The title and its named parts, each as German stems (case, inflection and umlaut spelling
    do not matter, punctuation and quotes are dropped)."""
    parts = [title, *TITLE_PARTS.split(title)]
    return {tuple(words) for words in map(stems, parts) if words}


EXACT_CANDIDATES = 1000


def exact_title_matches(kinds, query, scope):
    """{kind key: the kind's findable objects whose title or a named part of it is the query}.
    Titles are compared first and objects loaded only for the matches: one query for the page
    kinds together (one per kind when dates filter, each by its own date field), one for documents."""
    words = stems(query.text)
    letters = WORD.findall(query.text)  # without quotes and punctuation, which no title filter would match
    if not words or not letters:
        return {}
    longest = max(letters, key=len)
    together = [kind for kind in kinds if kind.key != "dokumente" and not (query.date_from or query.date_to)]
    sources = [
        (kind.queryset(scope).filter(**_date_filters(kind, query)), [kind]) for kind in kinds if kind not in together
    ]
    if together:
        sources.append((public_pages(scope, *(model for kind in together for model in kind.models)), together))
    found = {}
    for candidates, for_kinds in sources:
        # Titles only, so many are cheap to read: a kind's exact title is not crowded out by another kind's
        # many titles that merely contain the word.
        titles = candidates.filter(title__icontains=longest).values_list("pk", "title")[:EXACT_CANDIDATES]
        matching = [pk for pk, title in titles if tuple(words) in title_names(title)]
        if not matching:
            continue
        objects = candidates.filter(pk__in=matching)
        for obj in objects.specific() if issubclass(objects.model, Page) else objects:
            kind = next(kind for kind in for_kinds if isinstance(obj, kind.models))
            found.setdefault(kind.key, []).append(obj)
    return found


def _exact_first(kind, ranked, exact):
    """Exact title matches (with the search's score where it ranked them) and the rest, without doubles."""
    exact_ids = {obj.pk for obj in exact}
    scores = {obj.pk: obj._score for obj in ranked if obj.pk in exact_ids}
    first = list(exact)  # loaded already: an EngineHit of the same object would be loaded again
    for obj in first:
        obj._score = scores.get(obj.pk)
    first.sort(key=lambda obj: -(getattr(obj, "_score", None) or 0))
    return [(kind, obj) for obj in first], [(kind, obj) for obj in ranked if obj.pk not in exact_ids]


EXACT_MARGIN = 5  # hits fetched beyond the page, so that exact title matches moved up leave no gap


class RefusedSearch(Exception):
    """One search of a multi-search that the engine answered with an error."""

    def __init__(self, status_code, error):
        super().__init__(f"{status_code}: {error}")
        self.status_code = status_code


@dataclass(frozen=True)
class EngineHit:
    """An engine's hit whose object is not loaded yet: only the shown page's are (_load)."""

    pk: int
    _score: float


def _ranked(results, sizes, along=None):
    """Per kind: (number of matches, its best `sizes[key]` results), and the directory's answer to
    `along` (a directory SearchQuery) or None. On an engine, one multi-search request for all kinds
    and `along`, and the kinds' results are EngineHits (loaded once ranked); on the database, a count and a
    slice of objects per kind, and None for `along`, which the directory then answers on its own."""
    first = next(iter(results.values()))
    if not isinstance(first, ElasticsearchBaseSearchResults):
        counts = {key: found.count() for key, found in results.items()}
        found_any = any(counts.values())  # otherwise the next broadening stage is tried
        ranked = {key: (counts[key], list(found[: sizes[key]]) if found_any else []) for key, found in results.items()}
        return ranked, None
    es_backend = first.backend
    searches = []
    for key, found in results.items():
        # Wagtail's own query for this kind (modelsearch's search results build it; sending it is ours).
        index = es_backend.get_index_for_model(found.query_compiler.queryset.model).name
        body = {**found._get_es_body(), "size": sizes[key], "track_total_hits": True, "_source": False}
        searches += [{"index": index}, {**body, found.fields_param_name: ["pk"]}]
    directory = backends.engine() if along else None
    if directory:
        along_searches, read_along = directory.request(along)
        searches += along_searches
    if es_backend.use_new_elasticsearch_api:
        answers = es_backend.es.msearch(searches=searches)["responses"]
    else:
        answers = es_backend.es.msearch(body=searches)["responses"]
    if len(answers) != len(searches) // 2:
        raise EngineError(f"{len(answers)} answers to {len(searches) // 2} searches")
    directory_answer = None
    if directory:
        answer = answers.pop()
        # An error here (the advisor index not built yet) leaves the block to the directory's own search,
        # which meets it again and answers from the database, logged (engine.breaker).
        directory_answer = read_along(answer) if "error" not in answer else None
    ranked = {}
    for (key, found), answer in zip(results.items(), answers, strict=True):
        if "error" in answer:
            refused = RefusedSearch(answer.get("status"), answer["error"])
            raise classify(refused) from refused
        hits = answer["hits"]
        pk = found.query_compiler.queryset.model._meta.pk
        ranked[key] = (
            hits["total"]["value"],
            [EngineHit(pk.to_python(hit["fields"]["pk"][0]), hit["_score"]) for hit in hits["hits"]],
        )
    return ranked, directory_answer


def _load(hits, query, scope):
    """The shown (kind, hit) pairs with their objects: an engine's hits are loaded here, per kind from
    its findable objects, so that what was unpublished or restricted since it was indexed is left out
    (the page then shows one result less than its count says, as with modelsearch's own loading).
    Objects (the database's results, exact titles) pass as they are; generic pages become specific in
    the view."""
    wanted = {}
    for kind, hit in hits:
        if isinstance(hit, EngineHit):
            wanted.setdefault(kind, []).append(hit.pk)
    loaded = {}
    for kind, pks in wanted.items():
        objects = kind.queryset(scope).filter(**_date_filters(kind, query), pk__in=pks)
        loaded[kind] = {obj.pk: obj for obj in objects}
    shown = []
    for kind, hit in hits:
        obj = loaded[kind].get(hit.pk) if isinstance(hit, EngineHit) else hit
        if obj is not None:
            shown.append((kind, obj))
    return shown


def run(query, backend, advisor_limit=0):
    """The result page on one Wagtail search backend (an engine error propagates): per broadening
    stage one request to an engine for every kind's count and best hits, the first also carrying the
    advisor block's search (up to `advisor_limit` advisors; none when 0)."""
    stages = STAGES if len(query.text.split()) > 1 else ("and", "prefix")
    scope = Scope.now()
    start = (query.page - 1) * PER_PAGE
    shown = {kind.key for kind in KINDS if not query.kind or kind.key == query.kind}
    sizes = {kind.key: start + PER_PAGE + EXACT_MARGIN if kind.key in shown else 0 for kind in KINDS}
    along = advisor_query(query.text, advisor_limit) if advisor_limit else None
    directory_answer = None
    for stage in stages:
        results = {kind.key: _search(kind, query, stage, backend, scope) for kind in KINDS}
        ranked, answered = _ranked(results, sizes, along if stage == stages[0] else None)
        directory_answer = directory_answer or answered
        counts = {key: count for key, (count, _) in ranked.items()}
        if any(counts.values()):
            break
    kinds = [KINDS_BY_KEY[query.kind]] if query.kind else [kind for kind in KINDS if counts[kind.key]]
    exact_by_kind = exact_title_matches([kind for kind in kinds if counts[kind.key]], query, scope)
    first, rest = [], []
    for kind in kinds:
        exact = exact_by_kind.get(kind.key, [])
        hits = ranked[kind.key][1]
        if len(exact) > EXACT_MARGIN and len(hits) == sizes[kind.key]:  # rare: more exact titles than the margin
            hits = list(results[kind.key][: start + PER_PAGE + len(exact)])  # objects, also on an engine
        kind_first, kind_rest = _exact_first(kind, hits, exact)
        first += kind_first
        rest += kind_rest
    if not query.kind:  # one list across the types: by score (stable: equal scores keep the types' order)
        first.sort(key=lambda pair: -(getattr(pair[1], "_score", None) or 0))
        rest.sort(key=lambda pair: -pair[1]._score)
    hits = _load((first + rest)[start : start + PER_PAGE], query, scope)
    total = counts[query.kind] if query.kind else sum(counts.values())
    broadened = "" if stage == "and" else stage
    teaser = AdvisorTeaser.of(directory_answer) if directory_answer else None
    return SiteResult(
        hits=hits, counts=counts, total=total, broadened=broadened, backend=backend, scope=scope, advisors=teaser
    )


def _answer(ask):
    """ask(backend alias) on the engine while it answers, on the database otherwise; no engine
    error ever reaches the visitor (engine.breaker.answer: one circuit breaker)."""
    database = "database" if "database" in settings.WAGTAILSEARCH_BACKENDS else "default"
    return breaker.answer(lambda: ask("default"), lambda: ask(database))


def search(query, advisor_limit=0):
    """The result page; with `advisor_limit`, also the advisor block (on an engine in the same
    request, else from the directory's own search service)."""

    def ask(backend):
        result = run(query, backend, advisor_limit)
        on_engine = backend == "default" and settings.SEARCH_ENGINE != "database"
        if on_engine:
            result.backend = settings.SEARCH_ENGINE
        if not result.total or result.broadened:
            result.suggestion = suggestion(query.text) if on_engine else database_suggestion(query.text, backend)
        return result

    result = _answer(ask)
    if advisor_limit and result.advisors is None:
        result.advisors = advisors(query.text, advisor_limit)
    return result


AUTOCOMPLETE_LIMIT = 8


def autocomplete(prefix):
    """Titles of public pages and documents whose words start like the typed text."""
    prefix = " ".join(prefix.split())[:50]
    if len(prefix) < 2:
        return []

    scope = Scope.now()

    def ask(backend):
        search_backend = get_search_backend(backend)
        pages = search_backend.autocomplete(prefix, public_pages(scope))
        documents = search_backend.autocomplete(prefix, KINDS_BY_KEY["dokumente"].queryset(scope))
        titles = [page.title for page in pages[:AUTOCOMPLETE_LIMIT]]
        titles += [document.title for document in documents[:AUTOCOMPLETE_LIMIT]]
        return list(dict.fromkeys(titles))[:AUTOCOMPLETE_LIMIT]

    return _answer(ask)


def carrying_pages(document_ids, scope):
    """{document id: the live, public pages that carry it, by title} for all the documents at once: one
    query of references, one of pages (no page type here changes Wagtail's URLs, so generic pages do)."""
    references = _document_references(to_object_id__in=[str(pk) for pk in document_ids])
    carried = {}  # page id -> the documents it carries
    for document_id, page_id in references.values_list("to_object_id", "object_id"):
        carried.setdefault(int(page_id), set()).add(int(document_id))
    carriers = {document_id: [] for document_id in document_ids}
    for page in public_pages(scope).filter(pk__in=carried).order_by("title"):
        for document_id in carried[page.pk]:
            carriers[document_id].append(page)
    return carriers


def advisors(text, limit):
    """The best matching published advisors, from the directory's own search service."""
    return AdvisorTeaser.of(backends.search(advisor_query(text, limit)))


def suggestion(text):
    """ "Meinten Sie …": the engine's nearest indexed spelling for words it does not know, from the
    German-analysed catch-all field of the page index ("" when every word is known)."""
    page_index = get_search_backend("default").get_index_for_model(Page).name
    answer = engine_client().search(
        index=page_index,
        body={
            "size": 0,
            "suggest": {"text": text, "words": {"term": {"field": "_all_text", "suggest_mode": "missing"}}},
        },
    )
    words = text.split()
    changed = False
    for entry in answer["suggest"]["words"]:
        if not entry["options"]:
            continue
        original = text[entry["offset"] : entry["offset"] + entry["length"]]
        better = entry["options"][0]["text"]
        if original[:1].isupper():
            better = better[:1].upper() + better[1:]
        words = [better if word == original else word for word in words]
        changed = True
    return " ".join(words) if changed else ""


def database_suggestion(text, backend):
    """ "Meinten Sie …" on the database: OM's vocabulary (search.spelling) for words that no public
    page contains."""
    pages = Page.objects.live().public()

    def is_unknown(word):
        return not get_search_backend(backend).search(word, pages).count()

    return spelling.suggestion(text, is_unknown)
