"""Helpers shared by the editorial-site tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url):
    """Number of database queries one GET of `url` costs (asserts the page answered 200).
    A first request warms per-process caches (content types, site root paths) so they don't count."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)
