"""Wagtail's database search backend, made fast and German on SQLite (the embedded default).

Wagtail's SQLite backend ranks with a correlated subquery that repeats the full-text match for
every candidate row (about 2 s a query with 10,000 indexed pages) and indexes words unstemmed.
This subclass stores German stems (engine.german) in the same FTS5 table, expands OM's synonyms,
matches once, and orders the survivors of the queryset's own filters by that one bm25 ranking. Fields with a boost
of 2 or more go into the FTS table's weighted title column (titles, teasers, decisions, tags).
Loaded by search.database_backend on SQLite only.
"""

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count
from django.db.models.expressions import RawSQL
from modelsearch.backends.base import FilterFieldError
from modelsearch.backends.database.sqlite import sqlite as wagtail_sqlite
from modelsearch.index import AutocompleteField, SearchField
from modelsearch.query import And, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

from engine.german import query_groups, stems

IndexEntry = wagtail_sqlite.IndexEntry
FTS_TABLE = f"{IndexEntry._meta.db_table}_fts"
# The FTS columns each kind of query reads, and their bm25 weights in table order
# (autocomplete, body, title).
COLUMNS = {"search": "{title body}", "autocomplete": "{autocomplete}"}
WEIGHTS = {"search": (0.0, 1.0, 4.0), "autocomplete": (1.0, 0.0, 0.0)}
HIGH_BOOST = 2
MAX_RESULTS = 10_000  # an unsliced relevance-ordered result list stops here
FIRST_FETCH = 20  # rows ranked with the count: enough for a first page of results


class GermanIndexer(wagtail_sqlite.ObjectIndexer):
    """The same field values as Wagtail's, stored as German stems, boosted fields beside the title."""

    def _texts(self, keep):
        return " ".join(
            " ".join(stems(value))
            for field in self.search_fields
            for current, value in self.prepare_field(self.obj, field)
            if keep(current)
        )

    @property
    def title(self):
        return self._texts(
            lambda f: isinstance(f, SearchField) and (f.field_name == "title" or (f.boost or 1) >= HIGH_BOOST)
        )

    @property
    def body(self):
        return self._texts(
            lambda f: isinstance(f, SearchField) and f.field_name != "title" and (f.boost or 1) < HIGH_BOOST
        )

    @property
    def autocomplete(self):
        return self._texts(lambda f: isinstance(f, AutocompleteField))


class GermanSQLiteIndex(wagtail_sqlite.SQLiteIndex):
    def add_items(self, model, objs):
        if not model.get_search_fields():
            return
        content_type_id = get_content_type_pk(model)
        texts = {}
        for obj in objs:
            indexer = GermanIndexer(obj, self.backend)
            texts[indexer.id] = {"title": indexer.title, "body": indexer.body, "autocomplete": indexer.autocomplete}
        if not texts:
            return
        entries = self.entries.filter(content_type_id=content_type_id)
        existing = set(entries.filter(object_id__in=texts).values_list("object_id", flat=True))
        for object_id in existing:
            entries.filter(object_id=object_id).update(**texts[object_id])
        self.entries.bulk_create(
            IndexEntry(content_type_id=content_type_id, object_id=object_id, **values)
            for object_id, values in texts.items()
            if object_id not in existing
        )


def _terms(words, operator, prefix_last=False):
    """Each word (or synonym phrase) as an OR of its variants, joined by the query's operator.
    Several plain words also count as a phrase, so that passages with the words in the typed
    order rank higher (bm25 adds the phrase's own weight; the matches stay the same)."""
    groups = [[f'"{" ".join(phrase)}"' for phrase in group] for group in query_groups(words)]
    if not groups:
        return None
    if prefix_last and len(groups[-1]) == 1:
        groups[-1][0] += "*"
    parts = [group[0] if len(group) == 1 else f"({' OR '.join(group)})" for group in groups]
    expression = f" {operator.upper()} ".join(parts)
    if len(groups) > 1 and not prefix_last and all(len(group) == 1 for group in groups):
        phrase = " ".join(group[0].strip('"') for group in groups)
        expression = f'"{phrase}" OR ({expression})'
    return expression


def match_expression(query, prefix_last=False):
    """The query as an FTS5 expression over stems, or None when it has no words."""
    if isinstance(query, (PlainText, Fuzzy)):
        return _terms(query.query_string, getattr(query, "operator", "and"), prefix_last)
    if isinstance(query, Phrase):
        words = " ".join(stems(query.query_string))
        return f'"{words}"' if words else None
    if isinstance(query, (And, Or)):
        parts = [part for part in (match_expression(sub) for sub in query.subqueries) if part]
        joiner = " AND " if isinstance(query, And) else " OR "
        return joiner.join(f"({part})" for part in parts) or None
    raise NotImplementedError(f"{type(query).__name__} wird von der Datenbanksuche nicht unterstützt.")


class GermanSQLiteQueryCompiler(wagtail_sqlite.SQLiteSearchQueryCompiler):
    kind = "search"
    prefix_last = False

    def _plain(self):
        """The query when this compiler answers it, None when Wagtail's own code should. A `fields`
        restriction is not honoured: the stems of all fields share two columns."""
        if isinstance(self.query, (MatchAll, Not)):
            return None
        return self.query

    def matches_sql(self, with_score):
        """SQL selecting the matching objects' ids (and bm25 score) of this queryset's model."""
        expression = match_expression(self.query, self.prefix_last)
        if expression is None:
            return None, None
        content_types = get_descendants_content_types_pks(self.queryset.model)
        placeholders = ", ".join(["%s"] * len(content_types))
        object_id = self._object_id()
        score = f", bm25({FTS_TABLE}, {', '.join(map(str, WEIGHTS[self.kind]))})" if with_score else ""
        # Table names and weights are constants; the match expression and ids are parameters.
        # CROSS JOIN keeps the full-text match as the outer loop: with a plain JOIN SQLite may scan
        # the index entries of a content type and repeat the match for each (a second at 10,000).
        sql = (
            f"SELECT {object_id}{score} FROM {FTS_TABLE} "  # noqa: S608  # nosec B608 - constants, see above
            f"CROSS JOIN {IndexEntry._meta.db_table} e ON e.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND e.content_type_id IN ({placeholders})"
        )
        return sql, [f"{COLUMNS[self.kind]} : ({expression})", *content_types]

    def _object_id(self):
        """The index entry's object id (text) as the model's primary key."""
        pk = self.queryset.model._meta.pk
        while pk.is_relation:  # a page's pk is its link to wagtailcore.Page
            pk = pk.target_field
        integer = pk.get_internal_type() in {"AutoField", "BigAutoField", "IntegerField"}
        return "CAST(e.object_id AS INTEGER)" if integer else "e.object_id"

    def filtered(self):
        """The queryset narrowed to the matching objects (None: no words to match)."""
        sql, params = self.matches_sql(with_score=False)
        if sql is None:
            return None
        return self.queryset.filter(pk__in=RawSQL(sql, params))  # noqa: S611  # nosec B611 - parameterised, see matches_sql

    def _allowed_matches_sql(self, with_score):
        """The matches that also pass the queryset's own filters, in one statement."""
        sql, params = self.matches_sql(with_score)
        if sql is None:
            return None, None
        try:
            allowed, allowed_params = self.queryset.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # e.g. pk__in=[]: nothing can match
            return None, None
        return f"{sql} AND {self._object_id()} IN ({allowed})", [*params, *allowed_params]

    def ranked_ids(self, limit):
        """(id, score) of the best `limit` matches that pass the queryset's filters (bm25: lower
        is better, returned negated so that higher is better, as on the engines)."""
        return self._ranked(limit)[0][:limit]

    def count(self):
        return self._ranked(FIRST_FETCH)[1]

    def _ranked(self, limit):
        """(best rows, number of all matches) from one statement; kept on the compiler, which
        Wagtail shares between a result set's count and its slices."""
        cached = getattr(self, "_ranked_cache", None)
        if cached and (cached[0] >= limit or cached[2] <= cached[0]):
            return cached[1], cached[2]
        sql, params = self._allowed_matches_sql(with_score=True)
        rows, total = [], 0
        if sql is not None:
            limit = max(limit, FIRST_FETCH)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT *, COUNT(*) OVER () FROM ({sql}) ORDER BY 2 LIMIT %s", [*params, limit])  # noqa: S608  # nosec B608  # nosemgrep: om-sql-built-from-strings - sql is ours, parameterised
                fetched = cursor.fetchall()
            rows, total = [(pk, -score) for pk, score, _ in fetched], (fetched[0][2] if fetched else 0)
        self._ranked_cache = (limit, rows, total)
        return rows, total


class GermanSQLiteAutocompleteCompiler(GermanSQLiteQueryCompiler):
    kind = "autocomplete"
    prefix_last = True
    TARGET_SEARCH_FIELD_TYPE = AutocompleteField

    def get_search_fields_for_model(self):
        return self.queryset.model.get_autocomplete_search_fields()


class GermanSQLiteSearchResults(wagtail_sqlite.SQLiteSearchResults):
    def _ours(self):
        return self.query_compiler._plain() is not None

    def _do_search(self):
        if not self._ours():
            return super()._do_search()
        compiler = self.query_compiler
        if not compiler.order_by_relevance:
            queryset = compiler.filtered()
            return [] if queryset is None else list(queryset[self.start : self.stop])
        limit = self.stop if self.stop is not None else MAX_RESULTS
        page = compiler.ranked_ids(limit)[self.start :]
        objects = compiler.queryset.in_bulk([pk for pk, _ in page])
        results = []
        for pk, score in page:
            obj = objects[pk]
            if self._score_field:
                setattr(obj, self._score_field, score)
            results.append(obj)
        return results

    def _do_count(self):
        if not self._ours():
            return super()._do_count()
        if self.query_compiler.order_by_relevance:
            return self.query_compiler.count()
        queryset = self.query_compiler.filtered()
        return 0 if queryset is None else queryset.count()

    def facet(self, field_name):
        if not self._ours():
            return super().facet(field_name)
        if self.query_compiler._get_filterable_field(field_name) is None:
            raise FilterFieldError(f"{field_name} ist kein FilterField", field_name=field_name)
        queryset = self.query_compiler.filtered()
        if queryset is None:
            return {}
        rows = queryset.values(field_name).annotate(count=Count("pk")).order_by("-count")
        return {row[field_name]: row["count"] for row in rows}


class GermanSQLiteSearchBackend(wagtail_sqlite.SQLiteSearchBackend):
    query_compiler_class = GermanSQLiteQueryCompiler
    autocomplete_query_compiler_class = GermanSQLiteAutocompleteCompiler
    index_class = GermanSQLiteIndex
    results_class = GermanSQLiteSearchResults
