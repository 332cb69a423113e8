"""Every benchmark runs as shipped, at a tiny size: `bash bench/run.sh NAME` on its own fresh database
with its own settings and limits (the search rate limit once stopped the directory benchmark with
a 429), and prints its table. The figures at this size mean nothing; that the command works does."""

import os
import subprocess

import pytest

from tests.conftest import REPO_ROOT

# The benchmark decides these for itself, as on a fresh clone.
INHERITED = (
    "DJANGO_SETTINGS_MODULE",
    "DATABASE_URL",
    "CACHE_URL",
    "SEARCH_ENGINE",
    "SEARCH_ENGINE_URL",
    "FRONTEND_CACHE_URL",
    "TASKS_BACKEND",
    "WAGTAILADMIN_BASE_URL",
)
TINY = {
    "pages": ["--requests", "10"],
    "cache": ["--requests", "10", "--port", "8767"],
    "partners": ["--advisors", "20", "--rows", "10", "--requests", "5"],
    "site_search": ["--pages", "20", "--rounds", "1"],
    "directory_search": ["--sizes", "100", "--database-up-to", "100"],
}


# Each builds its own site (about half a minute): once per test command, in the SQLite pass.
@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs in the SQLite pass")
@pytest.mark.parametrize("name", TINY)
def test_the_benchmark_runs_as_shipped_and_prints_its_table(name):
    env = {key: value for key, value in os.environ.items() if key not in INHERITED}
    done = subprocess.run(
        ["bash", "bench/run.sh", name, *TINY[name]], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    output = done.stdout + done.stderr
    assert done.returncode == 0, output[-4000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert len(rows) >= 2, output[-4000:]  # the header and at least one measured row


def test_every_benchmark_is_run_here():
    shipped = {path.stem for path in (REPO_ROOT / "bench").glob("*.py")} - {"common"}
    assert shipped == set(TINY)
