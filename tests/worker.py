"""A real worker process (manage.py run_worker) on the test database, for the tests of the work done
off the request path. PostgreSQL only: SQLite's test database lives in the test process's memory."""

import os
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection

from tests.conftest import REPO_ROOT

DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
needs_postgresql = pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="a second process sees the test database on PostgreSQL only (the first pass of scripts/test.sh)",
)


@contextmanager
def running_worker(**environment):
    """Starts a worker on the test database (same index prefix and cache); stops it afterwards."""
    test_database = urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{connection.settings_dict['NAME']}")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "om_site.settings.test",
        "DATABASE_URL": test_database.geturl(),
        "TASKS_BACKEND": DATABASE_BACKEND["default"]["BACKEND"],
        "OM_TEST_INDEX_PREFIX": settings.SEARCH_INDEX_PREFIX,
        **environment,
    }
    with tempfile.TemporaryFile("w+") as log:
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_worker", "--no-schedule", "--interval", "0.2"],
            cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            yield worker
        finally:
            worker.terminate()
            worker.wait(timeout=30)
            log.seek(0)
            print(log.read()[-3000:])  # shown by pytest when the test failed


def wait_for(condition, what, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.25)
    pytest.fail(f"not within {timeout} s: {what}")
