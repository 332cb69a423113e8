"""Helpers shared by the editorial-site tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url, warm=True):
    """Number of database queries one GET of `url` costs (asserts the page answered 200). Unless
    warm=False, a first request warms caches (content types, site root paths) so they don't count."""
    if warm:
        client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)
