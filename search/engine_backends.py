"""Wagtail's engine backends with German analysis: every text field of the page and document
indices (those without an analyzer of their own) is indexed with the German light stemmer and
searched with OM's synonyms, like the directory's index."""

from wagtail.search.backends.elasticsearch8 import Elasticsearch8SearchBackend
from wagtail.search.backends.opensearch2 import OpenSearch2SearchBackend

from engine.german import index_settings


class GermanAnalysis:
    def __init__(self, params):
        params = {**params, "INDEX_SETTINGS": index_settings()}
        super().__init__(params)


class OpenSearchBackend(GermanAnalysis, OpenSearch2SearchBackend):
    pass


class ElasticsearchBackend(GermanAnalysis, Elasticsearch8SearchBackend):
    pass
