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


def production_environment(workdir, index_prefix):
    """Production settings on a fresh SQLite database in `workdir`, OpenSearch on the test port."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="om_site.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="false",
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        SEARCH_ENGINE="opensearch",
        SEARCH_ENGINE_URL="http://127.0.0.1:9250",
        SEARCH_INDEX_PREFIX=index_prefix,
        STATIC_ROOT=str(workdir / "static"),
        MEDIA_ROOT=str(workdir / "media"),
        LOG_LEVEL="ERROR",
    )


@contextmanager
def opensearch_node():
    """The test node (scripts/opensearch.sh): started if it is down, and then stopped again."""
    status = subprocess.run(["bash", "scripts/opensearch.sh", "status"], cwd=REPO, capture_output=True, text=True)
    started = "down" in status.stdout
    if started:
        step("starting OpenSearch")
        subprocess.run(["bash", "scripts/opensearch.sh", "start"], cwd=REPO, check=True)
    try:
        yield
    finally:
        if started:
            subprocess.run(["bash", "scripts/opensearch.sh", "stop"], cwd=REPO, check=False)
