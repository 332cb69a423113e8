"""Desktop (1366 px) and phone (390 px) full-page screenshots of every public template
(tests/browser/public_pages.py, the list the browser tests check) plus the verifiers' screens in
the Wagtail admin, for people to look at. Run through scripts/screenshots.sh.

A throwaway SQLite database in a temporary folder gets the demo content; the site is served from
this process (entries change settings and read tokens while they are visited) with the test
settings: e-mail stays in memory, static files come straight from the app folders.

    python -m tests.browser.screenshots [FOLDER] [NAME-PART]
"""

import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

TALLEST = "() => Math.max(...[...document.querySelectorAll('*')].map(e => e.scrollHeight))"


def main(folder="screenshots", only=""):
    folder = Path(folder).resolve()
    workdir = Path(tempfile.mkdtemp(prefix="om-screenshots-"))
    os.environ.update(
        DJANGO_SETTINGS_MODULE="om_site.settings.test", DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}"
    )
    for name in ("SEARCH_ENGINE", "SEARCH_ENGINE_URL"):  # the database search: no engine needed
        os.environ.pop(name, None)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # ORM calls beside Playwright's loop
    import django

    django.setup()
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 404 and 400 entries are on purpose
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test.testcases import LiveServerThread
    from playwright.sync_api import sync_playwright

    from tests.browser import public_pages
    from tests.conftest import CHROMIUM_ARGS

    started = time.monotonic()
    print(f"… database and demo content in {workdir}", flush=True)
    call_command("migrate", verbosity=0)
    demo = public_pages.build()
    server = LiveServerThread("localhost", StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait()
    if server.error:
        raise server.error
    entries = [e for e in public_pages.PUBLIC + public_pages.STAFF if only in e.name]
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=shutil.which("chromium"), headless=True, args=CHROMIUM_ARGS
            )
            visitor = public_pages.Visitor(browser, f"http://localhost:{server.port}", demo)
            for number, entry in enumerate(entries, 1):
                print(f"[{number}/{len(entries)}] {entry.name}", flush=True)
                try:
                    with visitor.visit(entry) as visit:
                        for label, width in public_pages.WIDTHS.items():
                            visit.page.set_viewport_size({"width": width, "height": 900})
                            # The admin scrolls inside its own panel, which a full-page shot misses:
                            # make the window as tall as the tallest scrolling content.
                            height = visit.page.evaluate(TALLEST)
                            visit.page.set_viewport_size({"width": width, "height": max(900, min(height, 8000))})
                            visit.page.screenshot(path=str(folder / f"{entry.name}-{label}.png"), full_page=True)
                            written += 1
                except Exception as error:  # one broken entry must not cost the others their pictures
                    print(f"    failed: {type(error).__name__}: {error}", flush=True)
                finally:
                    cache.clear()  # rate limits: every entry starts fresh
            visitor.close()
            browser.close()
    finally:
        server.terminate()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"{written} screenshots of {len(entries)} pages in {folder} ({time.monotonic() - started:.0f} s)")
    return 0 if written == 2 * len(entries) else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
