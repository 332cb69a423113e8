"""scripts/run.sh serves the demo on OM_RUN_ADDR, and the site knows that address: links in its
e-mails, the sitemap and canonical URLs name it (they used to say 127.0.0.1:8000 or localhost)."""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
import xml.etree.ElementTree as ET

import pytest
import requests

from tests.conftest import REPO_ROOT

# What run.sh must decide for itself: no settings, database, search engine or base URL of the test run.
INHERITED = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SEARCH_ENGINE", "SEARCH_ENGINE_URL", "WAGTAILADMIN_BASE_URL")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url, process, log, seconds=600):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, log.read_text()[-3000:]
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(1)
    raise AssertionError(f"run.sh did not serve {url}: {log.read_text()[-3000:]}")


# Brings its own SQLite database: once per test command (the SQLite pass), not again beside PostgreSQL.
@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="runs in the SQLite pass")
def test_run_sh_serves_its_address_in_sitemap_canonical_and_mail_links(tmp_path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k not in INHERITED}
    env.update(
        OM_RUN_ADDR=f"127.0.0.1:{port}",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )
    log = tmp_path / "run.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            ["bash", "scripts/run.sh"], cwd=REPO_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        wait_for(f"{base}/healthz", process, log)

        ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        sitemap = ET.fromstring(requests.get(f"{base}/sitemap.xml", timeout=30).content)
        locs = [loc.text for loc in sitemap.iterfind("s:url/s:loc", ns)]
        assert locs and all(loc.startswith(f"{base}/") for loc in locs), locs[:5]
        profiles = [loc for loc in locs if "/berater/" in loc and loc.rstrip("/") != f"{base}/berater"]
        with sqlite3.connect(tmp_path / "db.sqlite3") as db:
            query = "SELECT count(*) FROM directory_advisor WHERE status = 'veroeffentlicht'"
            (published,) = db.execute(query).fetchone()
        assert len(profiles) == published > 0
        assert f'<link rel="canonical" href="{base}/">' in requests.get(f"{base}/", timeout=30).text

        # A visitor writes to an advisor: the mail (console backend, in run.sh's output) links here.
        session = requests.Session()
        html = session.get(profiles[0], timeout=30).text
        fields = {
            name: re.search(rf'name="{name}" value="([^"]+)"', html).group(1)
            for name in ("csrfmiddlewaretoken", "started")
        }
        time.sleep(3.5)  # people take longer than the form's minimum
        form = {"name": "Karl Kunde", "email": "karl@kunde.invalid", "message": "Bitte um Rückruf.", "privacy": "on"}
        response = session.post(profiles[0], data={**fields, **form}, timeout=30, allow_redirects=False)
        assert response.status_code == 302, response.text[-2000:]
        # The worker started beside the server sends it (the console backend prints it here).
        deadline = time.monotonic() + 30
        while "Bitte um Rückruf." not in (output := log.read_text()) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert "Bitte um Rückruf." in output
        mail_text = output[output.index("Bitte um Rückruf.") :]
        assert f"{base}/" in mail_text and "127.0.0.1:8000" not in output.replace(f"127.0.0.1:{port}", "")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
