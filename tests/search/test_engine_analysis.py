"""The Elasticsearch test node's analysis module (scripts/elasticsearch-module/) against OpenSearch's
analysis-common: every analyzer and tokenizer of the project's index settings (the directory's and
Wagtail's) gives the same tokens for German samples on both engines. Runs in the Elasticsearch pass
of scripts/test.sh, against the OpenSearch node that stays up there for the drills (OM_OPENSEARCH_URL)."""

import os
import uuid

import pytest
import urllib3
from django.conf import settings
from modelsearch.backends.elasticsearchbase import ElasticsearchBaseSearchBackend

from directory.search.engine_backend import document_class, dsl_module
from engine import german

pytestmark = pytest.mark.engine

SAMPLES = [
    "Künstliche Intelligenz und KI-Beratung für Handwerksbetriebe",
    "Arbeitssicherheit, Arbeitsschutz und Gesundheit im Betrieb",
    "Clara Müller, Mueller & Groß: Qualitätsmanagement, Fördermittel, Prüfungen",
    "Café Société: Geschäftsführung, Nachfolgeplanung und Digitalisierungsstrategie",
    "ISO 9001 – Energieeffizienz in Straßenbau und Maßnahmenplanung",
]
TOKENIZERS = ["ngram_tokenizer", "edgengram_tokenizer"]


def combined_index_settings():
    """The analysis of the directory's index and of Wagtail's indices, in one index."""
    dsl = dsl_module("elasticsearch")
    index = dsl.Index("sample")
    index.document(document_class(dsl))
    directory = index.to_dict()["settings"]["analysis"]
    wagtail = ElasticsearchBaseSearchBackend.settings["settings"]
    german_analysis = german.index_settings()["settings"]["analysis"]
    analysis = {
        part: {**wagtail["analysis"].get(part, {}), **german_analysis.get(part, {}), **directory.get(part, {})}
        for part in ("filter", "tokenizer", "analyzer")
    }
    return {"settings": {"index": {**wagtail["index"], "number_of_replicas": 0}, "analysis": analysis}}


# The drills run beside this pass and stop and start the OpenSearch node once (their load check):
# a request waits out such a restart (about a minute at most) instead of failing.
PATIENCE = urllib3.Retry(total=15, backoff_factor=0.5, backoff_max=10, status_forcelist=(503,), allowed_methods=None)


def call(url, method, path, body=None):
    response = urllib3.request(method, url + path, json=body, timeout=30, retries=PATIENCE)
    assert response.status == 200, response.data
    return response.json() if method != "HEAD" else None


def tokens(url, index, key, value, text):
    answer = call(url, "POST", f"/{index}/_analyze", {key: value, "text": text})
    return [
        (t["token"], t["position"], t.get("positionLength", 1), t["start_offset"], t["end_offset"])
        for t in answer["tokens"]
    ]


@pytest.fixture(scope="module")
def engines():
    if settings.SEARCH_ENGINE != "elasticsearch":
        pytest.skip("compares the Elasticsearch node with OpenSearch: runs in the Elasticsearch pass")
    opensearch = os.environ.get("OM_OPENSEARCH_URL")
    if not opensearch:
        pytest.skip("OM_OPENSEARCH_URL (the OpenSearch node to compare with) is not set")
    urls = {"elasticsearch": settings.SEARCH_ENGINE_URL, "opensearch": opensearch}
    index = f"{settings.SEARCH_INDEX_PREFIX}analysis-{uuid.uuid4().hex[:6]}"
    body = combined_index_settings()
    for url in urls.values():
        call(url, "PUT", f"/{index}", body)
    yield urls, index, body["settings"]["analysis"]
    for url in urls.values():
        call(url, "DELETE", f"/{index}")


def test_every_analyzer_gives_opensearchs_tokens(engines):
    urls, index, analysis = engines
    differences = []
    for analyzer in sorted(analysis["analyzer"]):
        for text in SAMPLES:
            got = {name: tokens(url, index, "analyzer", analyzer, text) for name, url in urls.items()}
            assert got["opensearch"], (analyzer, text)
            if got["elasticsearch"] != got["opensearch"]:
                differences.append(f"{analyzer}: {text}\n  ES {got['elasticsearch']}\n  OS {got['opensearch']}")
    assert not differences, "\n".join(differences)


def test_every_tokenizer_gives_opensearchs_tokens(engines):
    urls, index, _ = engines
    for tokenizer in TOKENIZERS:
        for text in SAMPLES[:2]:
            got = {name: tokens(url, index, "tokenizer", tokenizer, text) for name, url in urls.items()}
            assert got["elasticsearch"] == got["opensearch"] and got["opensearch"], tokenizer


def test_synonyms_are_parsed_through_the_filters_before_them(engines):
    """ "KI" finds "Künstliche Intelligenz": the rule's words are lower-cased like the text's."""
    urls, index, _ = engines
    found = [t[0] for t in tokens(urls["elasticsearch"], index, "analyzer", "om_german_search", "KI")]
    assert "kunstlich" in found and "intelligenz" in found, found


def test_the_root_answers_like_elasticsearchs(engines):
    urls, _, _ = engines
    root = call(urls["elasticsearch"], "GET", "/")
    assert root["version"]["number"].startswith("8.19.") and root["tagline"] == "You Know, for Search"
    call(urls["elasticsearch"], "HEAD", "/")  # clients' ping()
