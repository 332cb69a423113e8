"""The engine's Wagtail indices in tests: emptied without the reindex module the test node lacks."""


def _patient(client, seconds):
    """The client and keyword arguments for calls that may wait `seconds`: Elasticsearch 8 takes the
    timeout through options() (per call it is deprecated there), opensearch-py per call."""
    if hasattr(client, "options"):
        return client.options(request_timeout=seconds), {}
    return client, {"request_timeout": seconds}


def empty_indices(client, names):
    """Deletes every document of the named indices (no _delete_by_query: that needs the reindex module)."""
    # Generous timeouts: after a test restarted the node, its indices take a moment to recover.
    waiting, timeout = _patient(client, 35)
    waiting.cluster.health(wait_for_status="yellow", timeout="30s", **timeout)
    waiting.indices.refresh(index=names, **timeout)  # a document written a moment ago is found (and deleted) too
    body = {"size": 10000, "_source": False}
    leftovers = waiting.search(index=names, body=body, **timeout)
    deletions = [{"delete": {"_index": hit["_index"], "_id": hit["_id"]}} for hit in leftovers["hits"]["hits"]]
    if deletions:
        waiting.bulk(body=deletions, refresh=True, **timeout)
