"""Wagtail's engine backends with German analysis: every text field of the page and document
indices (those without an analyzer of their own) is indexed with the German light stemmer and
searched with OM's synonyms, like the directory's index."""

from wagtail.search.backends.elasticsearch8 import Elasticsearch8SearchBackend
from wagtail.search.backends.opensearch2 import OpenSearch2SearchBackend

from search.german import synonym_lines

GERMAN = ["lowercase", "german_normalization", "om_german_stemmer"]


def german_index_settings():
    return {
        "settings": {
            "analysis": {
                "filter": {
                    "om_german_stemmer": {"type": "stemmer", "language": "light_german"},
                    "om_synonyms": {"type": "synonym_graph", "synonyms": synonym_lines()},
                },
                "analyzer": {
                    "default": {"type": "custom", "tokenizer": "standard", "filter": GERMAN},
                    "default_search": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "om_synonyms", *GERMAN[1:]],
                    },
                },
            }
        }
    }


class GermanAnalysis:
    def __init__(self, params):
        params = {**params, "INDEX_SETTINGS": german_index_settings()}
        super().__init__(params)


class OpenSearchBackend(GermanAnalysis, OpenSearch2SearchBackend):
    pass


class ElasticsearchBackend(GermanAnalysis, Elasticsearch8SearchBackend):
    pass
