"""The demo site for tests: built once per run, then copied back into the database in well under a second.

Building it through demo/'s builders takes 10–30 s (a thousand saves with revisions, the reference
index and, on an engine, a write per indexed object), and a dozen fixtures need it. The `demo_snapshot`
fixture (tests/conftest.py) builds it once, takes a copy of every table's rows and of the files it
saved, and rolls the build back; each use then empties the tables and copies the rows back (PostgreSQL:
COPY, deferred foreign keys; SQLite: plain INSERTs). tests/demo/ still tests the builders themselves.
"""

import datetime
import re
import shutil
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction
from modelsearch.backends import get_search_backend
from modelsearch.index import get_indexed_models
from modelsearch.management.commands.rebuild_modelsearch_index import group_models_by_index

from engine.client import client as engine_client
from tests.engine_indices import empty_indices

FTS5_SHADOW_TABLES = ("data", "idx", "content", "docsize", "config")


class DemoSnapshot:
    """Every table's rows and the media files as they were right after the demo was loaded."""

    def __init__(self, media_copy: Path):
        self.tables = _table_names()  # name: whether it is an SQLite virtual (FTS5) table
        self.rows = _copy_rows(self.tables)
        self.media_copy = media_copy
        for root in _media_roots():
            if root.exists():
                shutil.copytree(root, media_copy / root.name, dirs_exist_ok=True)

    def restore(self, index=False):
        """The database as right after loading the demo (whatever the test made before is gone);
        index=True also writes every indexed object into the engine's indices, as saving them did (the
        database search index comes back with the rows)."""
        with transaction.atomic():
            _put_rows_back(self.tables, self.rows)
        ContentType.objects.clear_cache()  # the restored rows may number content types differently
        cache.clear()  # site root paths, menus and counters of the previous state
        for root in _media_roots():  # a test may have deleted a demo file (GDPR deletion)
            copy = self.media_copy / root.name
            if copy.exists():
                shutil.copytree(copy, root, dirs_exist_ok=True)
        if index:
            index_on_engines()


def index_on_engines():
    """The engine's indices hold exactly the database's indexed objects afterwards: emptied, then
    written as update_index writes them, but into the existing indices (no new index, no alias swap)."""
    client = engine_client()
    if client is None:
        return
    grouped = group_models_by_index(get_search_backend("default"), get_indexed_models())
    empty_indices(client, [index.name for index in grouped])
    for index, models in grouped.items():
        for model in models:
            objects = list(model.get_indexed_objects().order_by("pk"))
            if objects:
                index.add_items(model, objects)
        index.refresh()


def _media_roots():
    return [Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)]


def _table_names():
    with connection.cursor() as cursor:
        names = set(connection.introspection.table_names(cursor, include_views=False)) - {"django_migrations"}
        virtual = set()
        if connection.vendor == "sqlite":  # FTS5 keeps its index in shadow tables: copy the virtual table only
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")
            tables = cursor.fetchall()
            virtual = {name for name, _ in tables}
            names -= {f"{table}_{shadow}" for table in virtual for shadow in FTS5_SHADOW_TABLES}
            # An index of another table's content (content='…') follows that table through its triggers.
            names -= {name for name, sql in tables if re.search(r"content\s*=\s*'[^']", sql)}
    return {name: name in virtual for name in sorted(names)}


def _copy_rows(tables):
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            if connection.vendor == "postgresql":  # text COPY round-trips every column type exactly
                with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
                    rows[table] = b"".join(bytes(block) for block in copy)
            else:
                columns = "rowid, *" if tables[table] else "*"  # a virtual table's rows are known by rowid only
                cursor.execute(f"SELECT {columns} FROM {quote(table)}")  # noqa: S608 - names from introspection
                values = [tuple(map(_as_stored, row)) for row in cursor.fetchall()]
                rows[table] = ([column[0] for column in cursor.description], values)
    return rows


def _as_stored(value):
    """SQLite hands dates, times and decimals back parsed (the connection's declared-type converters);
    stored, they are the ISO text str() gives."""
    return str(value) if isinstance(value, datetime.date | datetime.time | Decimal) else value


def _put_rows_back(tables, rows):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":  # foreign keys are deferred to the commit: any order works
            cursor.execute(f"TRUNCATE {', '.join(quote(table) for table in tables)}")
            for table in tables:
                if rows[table]:
                    with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
                        copy.write(rows[table])
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 - names from introspection
                columns, values = rows[table]
                if values:
                    names = ", ".join(quote(column) for column in columns)
                    marks = ", ".join("%s" for _ in columns)
                    cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", values)  # noqa: S608
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
