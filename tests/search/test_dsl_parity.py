"""Elasticsearch 8 by configuration: elasticsearch.dsl builds exactly the index and the request
bodies that opensearch-py builds, for the whole query mix."""

import elasticsearch.dsl
import opensearchpy

from directory.search.engine_backend import document_class, faceted_search
from directory.search.samples import query_mix


def index_body(dsl):
    index = dsl.Index("omsite_advisors-parity")
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(document_class(dsl))
    return index.to_dict()


def test_index_definition_is_the_same():
    body = index_body(opensearchpy)
    assert body == index_body(elasticsearch.dsl)
    assert body["settings"]["analysis"]["filter"]["om_synonyms"]["type"] == "synonym_graph"


def test_every_query_of_the_mix_has_the_same_body():
    queries = query_mix()
    assert len({repr(q) for q in queries}) > 150  # a real mix, not one query 200 times
    for query in queries:
        os_body = faceted_search(opensearchpy, query)._s.to_dict()
        es_body = faceted_search(elasticsearch.dsl, query)._s.to_dict()
        assert os_body == es_body, query
