"""Search beyond one machine, against a real three-node OpenSearch cluster (scripts/opensearch-cluster.sh;
the cluster pass of scripts/test.sh lists its nodes in SEARCH_ENGINE_URL): /healthz reports the
cluster, a rebuild swaps the alias with a replica on another node, and losing the node that holds the
advisor index's primary costs nothing a visitor or an editor would notice: the engine keeps answering
(no database fallback), a change made meanwhile reaches the index, and the node rejoins."""

import json
import subprocess
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from directory.models import AdvisorStatus, SearchOutbox
from directory.search import backends
from directory.search.engine_backend import alias_name
from directory.search.query import SearchQuery
from engine import breaker
from engine.client import client as engine_client
from engine.client import hosts
from tests.conftest import REPO_ROOT
from tests.factories import AdvisorFactory, make_site_with_home
from tests.search.site_helpers import add_page, get, titles

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.engine,
    pytest.mark.skipif(len(hosts(settings.SEARCH_ENGINE_URL)) < 3, reason="needs the three-node cluster"),
]
CLUSTER = str(REPO_ROOT / "scripts" / "opensearch-cluster.sh")


@pytest.fixture
def cluster():
    """Stops and starts single nodes; every node is up again and the cluster green afterwards."""
    stopped = []

    class Cluster:
        def stop_node(self, name):
            port = name.rsplit("-", 1)[1]  # om-site-node-<http port>
            subprocess.run(["bash", CLUSTER, "stop-node", port], check=True, capture_output=True)
            stopped.append(port)

        def start_nodes(self):
            while stopped:
                subprocess.run(["bash", CLUSTER, "start-node", stopped.pop()], check=True, capture_output=True)

    nodes = Cluster()
    try:
        yield nodes
    finally:
        nodes.start_nodes()


def green():
    """The cluster's health once every shard is placed and none is moving (waiting up to a minute)."""
    health = engine_client().cluster.health(
        wait_for_status="green", wait_for_no_relocating_shards=True, timeout="60s", request_timeout=65
    )
    assert not health["timed_out"], health
    return health


def advisor_index_shards():
    """{"p": node, "r": node} of the advisor index's one shard (behind its alias)."""
    alias = alias_name()
    shards = engine_client().cat.shards(index=alias, format="json")
    return {shard["prirep"]: shard["node"] for shard in shards if shard["state"] == "STARTED"}


def test_healthz_reports_the_cluster_green_with_its_three_nodes(client):
    search = client.get("/healthz").json()["search"]
    assert (search["ok"], search["cluster"], search["nodes"]) == (True, "green", 3)


def test_a_rebuild_swaps_the_alias_and_places_a_replica_on_another_node():
    make_site_with_home()
    lea = AdvisorFactory(name="Lea Lorenz", status=AdvisorStatus.PUBLISHED)
    call_command("rebuild_directory_index", stdout=StringIO())
    call_command("rebuild_directory_index", stdout=StringIO())  # the second swaps the alias over

    green()
    shards = advisor_index_shards()
    assert set(shards) == {"p", "r"}  # a replica only starts on a node other than its primary's
    assert len(engine_client().indices.get_alias(name=alias_name())) == 1
    assert [hit.advisor_id for hit in backends.search(SearchQuery(text="Lorenz")).hits] == [lea.pk]


def test_losing_the_node_with_the_primary_costs_no_answer_and_no_update(
    client, cluster, search_index, django_capture_on_commit_callbacks
):
    home = make_site_with_home()
    advisors = [AdvisorFactory(name=f"Beraterin {n}", city="Bonn", status=AdvisorStatus.PUBLISHED) for n in range(5)]
    call_command("rebuild_directory_index", stdout=StringIO())
    add_page(home, "Umweltcheck", "Der Umweltcheck ist ein Fragebogen.")
    search_index()
    green()

    cluster.stop_node(advisor_index_shards()["p"])
    # The two others notice (and elect a new manager if it was the one stopped), the replica takes over.
    engine_client().cluster.health(wait_for_nodes=2, wait_for_status="yellow", timeout="60s", request_timeout=65)

    answered = [backends.search(SearchQuery(text="Bonn")) for _ in range(10)]
    assert {(result.backend, result.total) for result in answered} == {("opensearch", 5)}  # never the database
    site = get(client, q="Umweltcheck")
    assert (site.context["result"].backend, titles(site)) == ("opensearch", ["Umweltcheck"])
    with django_capture_on_commit_callbacks(execute=True):  # an editor's change meanwhile
        advisors[0].city = "Kassel"
        advisors[0].save()
    assert not SearchOutbox.objects.exists()  # applied at once, on the replica that took over
    assert not breaker.circuit_open()

    cluster.start_nodes()
    health = green()
    assert (health["status"], health["number_of_nodes"]) == ("green", 3)
    backends.engine().refresh()
    assert backends.engine().documents()[advisors[0].pk]["city"] == "Kassel"
    assert json.loads(client.get("/healthz").content)["search"]["cluster"] == "green"


def test_the_site_searchs_client_tries_another_node_when_one_hangs():
    """Wagtail's own client (the site search) retries like engine.client: a cold node that just
    rejoined and answers past the timeout costs a retry elsewhere, not the circuit (met in the load drill)."""
    from wagtail.search.backends import get_search_backend

    transport = get_search_backend().es.transport
    assert (transport.max_retries, transport.retry_on_timeout) == (2, True)
