"""Shared by the benchmarks: progress lines and the machine's figures for the result tables."""

import os
import platform
import secrets
import subprocess
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def step(message):
    print(f"… {message}", flush=True)


def machine():
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor(),
    )
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"


def percentile(values, p):
    """The p-th percentile of durations in seconds, in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


ENGINES = {"opensearch": "OpenSearch", "elasticsearch": "Elasticsearch"}  # SEARCH_ENGINE: display name


CLUSTER_SCRIPT = "scripts/opensearch-cluster.sh"  # three OpenSearch nodes on OM_OPENSEARCH_CLUSTER_PORTS


def node_script(engine, cluster=False):
    """The script that runs the engine: one test node, or (OpenSearch only) the three-node cluster."""
    return CLUSTER_SCRIPT if cluster else f"scripts/{engine}.sh"


def run_script(script, *args):
    return subprocess.run(["bash", script, *args], cwd=REPO, check=True, capture_output=True, text=True).stdout.strip()


def engine_url(engine, cluster=False):
    """The test node's address (scripts/opensearch.sh or scripts/elasticsearch.sh, their port variables),
    or the cluster's nodes, comma-separated (scripts/opensearch-cluster.sh, OM_OPENSEARCH_CLUSTER_PORTS)."""
    return run_script(node_script(engine, cluster), "urls" if cluster else "url")


def production_environment(workdir, index_prefix, engine="opensearch", cluster=False):
    """Production settings on a fresh SQLite database in `workdir`, the engine's test node (or the
    three-node cluster). The benchmark's queries all come from one address: its own search rate, not
    the visitors' limit; and its 1,000-document bulk requests may take longer than a visitor's 2 s
    timeout on a busy machine."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="om_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        SEARCH_ENGINE=engine,
        SEARCH_ENGINE_URL=engine_url(engine, cluster),
        SEARCH_RATE="100000/m",
        SEARCH_ENGINE_TIMEOUT="30",
        SEARCH_INDEX_PREFIX=index_prefix,
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="ERROR",
    )


@contextmanager
def engine_node(engine="opensearch", cluster=False):
    """The engine's test node (scripts/<engine>.sh), or the three-node cluster: started if it is down,
    and then stopped again."""
    script = node_script(engine, cluster)
    status = subprocess.run(["bash", script, "status"], cwd=REPO, capture_output=True, text=True)
    started = "down" in status.stdout
    if started:
        step(f"starting {ENGINES[engine]}{' (three nodes)' if cluster else ''}")
        subprocess.run(["bash", script, "start"], cwd=REPO, check=True)
    try:
        yield
    finally:
        if started:
            subprocess.run(["bash", script, "stop"], cwd=REPO, check=False)
