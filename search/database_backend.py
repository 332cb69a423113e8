"""The database search backend: on SQLite (the embedded default) our German subclass of Wagtail's
SQLite backend (search.sqlite_backend); on PostgreSQL Wagtail's own backend with the German
text-search configuration (SEARCH_CONFIG in settings) and OM's synonyms added to each query."""

from django.db import connection
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
from modelsearch.query import And, Or, Phrase, PlainText

from engine.german import surface_groups


def with_synonyms(text, operator):
    """The typed words as Wagtail query objects, each synonym group as an OR of its phrases."""
    parts = []
    for group in surface_groups(text):
        variants = [Phrase(v) if " " in v else PlainText(v) for v in group]
        parts.append(variants[0] if len(variants) == 1 else Or(variants))
    if not parts:  # no word in it ("-", "!!!"): Wagtail's own parsing finds nothing, as it should
        return PlainText(text)
    if len(parts) == 1:
        return parts[0]
    return And(parts) if (operator or "and").lower() == "and" else Or(parts)


class GermanPostgresSearchBackend(PostgresSearchBackend):
    def search(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        if isinstance(query, str) and query.strip():
            query = with_synonyms(query, operator)
        return super().search(query, model_or_queryset, fields=fields, operator=operator, **kwargs)


def SearchBackend(params):  # noqa: N802 - Wagtail loads backends through a module-level SearchBackend
    if connection.vendor == "sqlite":
        # Imported here: Wagtail's SQLite module needs the FTS model, which exists on SQLite only.
        from search.sqlite_backend import GermanSQLiteSearchBackend

        return GermanSQLiteSearchBackend(params)
    if connection.vendor == "postgresql":
        return GermanPostgresSearchBackend(params)
    raise NotImplementedError(f"Keine Datenbanksuche für {connection.vendor}")
