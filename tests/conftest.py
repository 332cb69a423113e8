"""Shared fixtures: the real search engine, a Chromium page through Playwright, axe-core."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from engine.client import client as engine_client
from engine.client import status as engine_status

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "test-artifacts"

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by the
# test itself (fixtures, assertions) are still synchronous and safe there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_report_header(config):
    from django.db import connection

    status = engine_status()
    search = f"{status.backend} {status.version or ''}".strip()
    return f"OM-Site: database={connection.vendor} search={search} index_prefix={settings.SEARCH_INDEX_PREFIX}"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits, lockout counters and the engine's circuit live in the cache: no test inherits
    another's (an engine failure in one test must not route the next one's searches)."""
    from django.core.cache import cache

    cache.clear()
    yield


# --- Search engine -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def search_engine():
    """The real engine client. Skipped on the embedded default, unless the test command says the
    engine must be there (OM_REQUIRE_ENGINE=1): then a missing engine fails loudly."""
    client = engine_client()
    if client is None:
        if os.environ.get("OM_REQUIRE_ENGINE"):
            pytest.fail("OM_REQUIRE_ENGINE is set but no search engine is configured")
        pytest.skip("no search engine configured (embedded default)")
    return client


@pytest.fixture(scope="session", autouse=True)
def _drop_test_indices():
    """Every index this run created carries the per-run prefix; remove them at the end."""
    yield
    client = engine_client()
    if client is not None and engine_status().ok:
        client.indices.delete(index=f"{settings.SEARCH_INDEX_PREFIX}*", ignore_unavailable=True)


class EngineNode:
    """The real node of the configured engine (scripts/opensearch.sh or scripts/elasticsearch.sh), to
    stop and start (with its data, like a restarted production node)."""

    @property
    def script(self):
        return str(REPO_ROOT / "scripts" / f"{settings.SEARCH_ENGINE}.sh")

    def stop(self):
        subprocess.run(["bash", self.script, "stop"], check=True, capture_output=True)

    def start(self):
        subprocess.run(["bash", self.script, "start", "--keep-data"], check=True, capture_output=True)


@pytest.fixture
def engine_node(search_engine):
    """The node; whatever the test does, it is running again afterwards."""
    node = EngineNode()
    try:
        yield node
    finally:
        node.start()


@pytest.fixture
def stopped_engine(engine_node):
    engine_node.stop()
    return engine_node


@pytest.fixture(scope="session")
def _wagtail_engine_indices(django_db_setup, django_db_blocker):
    """The engine's Wagtail indices with their mappings, created once per run (update_index on the
    empty test database); the names of those indices."""
    from django.core.management import call_command
    from wagtail.search.backends import get_search_backend
    from wagtail.search.index import get_indexed_models

    if engine_client() is None:
        return []
    with django_db_blocker.unblock():
        call_command("update_index", verbosity=0)
    backend = get_search_backend("default")
    return sorted({backend.get_index_for_model(model).name for model in get_indexed_models()})


@pytest.fixture
def search_index(_wagtail_engine_indices):
    """Wagtail's search index as in production, where every save indexes at once (no rebuild, so
    that tests see what editors would see): the engine's indices hold exactly the test database's
    objects from here on — what earlier tests saved is removed (the database's index rolls back with
    the test), what this test's fixtures saved before is kept, whichever order they ran in — and
    refresh() makes the engine's latest writes searchable."""
    from tests.demo_snapshot import index_on_engines

    client = engine_client()
    if client is not None:
        index_on_engines()

    def refresh():
        if client is not None:
            client.indices.refresh(index=_wagtail_engine_indices)

    return refresh


# --- Demo site ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory, _wagtail_engine_indices):
    """The demo site, built once per run through its loader and rolled back at once; a test puts it
    into its database with `demo_snapshot.restore()` (tests/demo_snapshot.py). The engine's indices
    exist first: restore(index=True) writes into them."""
    from django.core.management import call_command
    from django.db import transaction

    from tests.demo_snapshot import DemoSnapshot
    from tests.factories import tree_root

    with django_db_blocker.unblock(), transaction.atomic():
        tree_root()  # after a transactional test the rows of the migrations are gone: the loader needs them
        call_command("load_demo_content", "--skip-index", verbosity=0)
        snapshot = DemoSnapshot(tmp_path_factory.mktemp("demo-media"))
        transaction.set_rollback(True)
    return snapshot


# --- Browser -------------------------------------------------------------------------------

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is not installed (the test command installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh Chromium tab on the live server. The page's CSP stays enforced: any violation it
    reports fails the test."""
    context = browser.new_context(base_url=live_server.url, locale="de-DE", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    csp_violations = []
    page.on("console", lambda msg: "Content Security Policy" in msg.text and csp_violations.append(msg.text))
    yield page
    context.close()
    assert not csp_violations, "the page broke its own Content-Security-Policy:\n" + "\n".join(csp_violations)


@pytest.fixture
def screenshot(page):
    """Saves a full-page screenshot under test-artifacts/screenshots/ for reviewers."""

    def take(name):
        target = ARTIFACTS / "screenshots" / f"{name}-{connection.vendor}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(target), full_page=True)
        return target

    return take


AXE_SCRIPT = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"


@pytest.fixture
def assert_accessible(page):
    """Runs axe-core (WCAG 2.1 A/AA rules) on the current page; fails on any violation, whatever its impact."""

    def check(context=""):
        if not AXE_SCRIPT.exists():
            pytest.fail("axe-core is missing: run the test command (it installs node_modules)")
        # Evaluated through DevTools rather than a <script> tag, which the page's CSP rightly blocks.
        page.evaluate(AXE_SCRIPT.read_text())
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        violations = result["violations"]
        report = "\n".join(
            f"- [{v['impact']}] {v['id']}: {v['help']} ({', '.join(n['target'][0] for n in v['nodes'][:3])})"
            for v in violations
        )
        assert not violations, f"axe found violations on {context or page.url}:\n{report}"
        return result

    return check
