"""The engine's Wagtail indices in tests: emptied without the reindex module the test node lacks."""


def empty_indices(client, names):
    """Deletes every document of the named indices (no _delete_by_query: that needs the reindex module)."""
    # Generous timeouts: after a test restarted the node, its indices take a moment to recover.
    client.cluster.health(wait_for_status="yellow", timeout="30s", request_timeout=35)
    body = {"size": 10000, "_source": False}
    leftovers = client.search(index=names, body=body, request_timeout=30)
    deletions = [{"delete": {"_index": hit["_index"], "_id": hit["_id"]}} for hit in leftovers["hits"]["hits"]]
    if deletions:
        client.bulk(body=deletions, refresh=True, request_timeout=30)
