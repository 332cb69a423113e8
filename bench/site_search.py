"""Site-search benchmark: the judged queries (tests/search/judged_queries.py) through the /suche/
view (test client), on OpenSearch and on the embedded database backend, first with the demo
content, then with N generated pages added. At that size it also times Wagtail's stock SQLite
backend against ours on the same index (first result page of each query).

Usage: bash bench/run.sh site_search [--pages 10000] [--rounds 3]

Starts the test node (scripts/opensearch.sh, port 9250) if it is not running and stops it again
afterwards. Uses a fresh SQLite database in a temporary folder and the production settings.
"""

import argparse
import datetime
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from common import REPO, engine_node, machine, percentile, production_environment, step

sys.path.insert(0, str(REPO))
# Invented page text: OM's words between filler words, so the judged queries meet many pages.
VOCABULARY = """Beratung Betrieb Unternehmen Mittelstand Handwerk Netzwerk Region Qualifizierung Umweltcheck
Energie Effizienz Digitalisierung Arbeitsschutz Fachkräfte Ausbildung Förderung Programm Praxis Standard Leitfaden
Prüfung Kammer Verband Partner Forschung Transfer Projekt Workshop Veranstaltung Termin Sitzung Beschluss Protokoll
Strategie Entwicklung Werkzeug Check Potenzial Analyse Nachhaltigkeit Ressourcen Material Abfall Mobilität Führung
Kultur Gesundheit Sicherheit Innovation Wissen Erfahrung Austausch Zukunft Arbeit""".split()  # noqa: SIM905
FILLER = """der die das und mit für von zu im in auf bei aus nach über neue gute regionale kleine
mittlere""".split()  # noqa: SIM905


def sentence(rng, words):
    return " ".join(rng.choice(VOCABULARY if i % 2 else FILLER) for i in range(words)).capitalize() + "."


def generate_pages(count, rng):
    """News articles (4 of 5) and standard pages with invented text, saved without indexing
    (the index is rebuilt afterwards, as update_index does after an import)."""
    from django.conf import settings
    from django.test import override_settings
    from wagtail.models import Page

    from home.models import HomePage, StandardPage
    from news.models import NewsArticlePage, NewsIndexPage

    home = HomePage.objects.get()
    news = NewsIndexPage.objects.get()
    archive = home.add_child(instance=StandardPage(title="Archiv", slug="bench-archiv"))
    backends = settings.WAGTAILSEARCH_BACKENDS
    no_auto_update = {alias: {**config, "AUTO_UPDATE": False} for alias, config in backends.items()}
    started = time.perf_counter()
    with override_settings(WAGTAILSEARCH_BACKENDS=no_auto_update):
        for n in range(count):
            title = " ".join(rng.choice(VOCABULARY) for _ in range(3))
            body = [("paragraph", "".join(f"<p>{sentence(rng, 40)}</p>" for _ in range(3)))]
            if n % 5:
                date = datetime.date(2015, 1, 1) + datetime.timedelta(days=rng.randint(0, 4000))
                page = NewsArticlePage(title=title, slug=f"bench-{n}", date=date, teaser=sentence(rng, 20), body=body)
                news.add_child(instance=page)
            else:
                page = StandardPage(title=title, slug=f"bench-{n}", intro=sentence(rng, 20), body=body)
                archive.add_child(instance=page)
            if (n + 1) % 1000 == 0:
                rate = (n + 1) / (time.perf_counter() - started)
                step(f"{n + 1}/{count} pages ({rate:.0f}/s)")
    return Page.objects.live().count()


class EngineClock:
    """Time and number of the requests to the engine (opensearch-py's transport), while on."""

    def __init__(self):
        from opensearchpy.transport import Transport

        self.seconds, self.requests = 0.0, 0
        send = Transport.perform_request

        def timed(transport, *args, **kwargs):
            started = time.perf_counter()
            try:
                return send(transport, *args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
                self.requests += 1

        Transport.perform_request = timed

    def reset(self):
        self.seconds, self.requests = 0.0, 0


def measure(client, queries, rounds, clock):
    """Per search: (seconds through the view, seconds of it waiting for the engine, engine requests)."""
    for text in queries:  # warm caches
        client.get("/suche/?" + urlencode({"q": text}))
    timings = []
    for _ in range(rounds):
        for text in queries:
            clock.reset()
            started = time.perf_counter()
            response = client.get("/suche/?" + urlencode({"q": text}))
            timings.append((time.perf_counter() - started, clock.seconds, clock.requests))
            assert response.status_code == 200, (text, response.status_code)
    return timings


def measure_backend(backend, queries):
    """The first ten hits of each query straight through a Wagtail backend (no view)."""
    from wagtail.models import Page

    timings = []
    for text in queries:
        started = time.perf_counter()
        list(backend.search(text, Page.objects.live())[:10])
        timings.append(time.perf_counter() - started)
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=10000, help="generated pages added to the demo (default 10000)")
    parser.add_argument("--rounds", type=int, default=3, help="times each judged query is sent (default 3)")
    args = parser.parse_args()

    production_environment(Path(tempfile.mkdtemp(prefix="om-bench-site-search-")), "ombench_site_")
    with engine_node():
        import django

        django.setup()
        from django.core.management import call_command
        from django.test import Client, override_settings
        from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

        from engine.client import client as engine_client
        from search.sqlite_backend import GermanSQLiteSearchBackend
        from tests.search.judged_queries import JUDGED

        queries = [text for text, _ in JUDGED]
        step("migrating a fresh database, collecting static files")
        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--noinput", verbosity=0)
        step("demo content (indexed in OpenSearch and in the database)")
        call_command("load_demo_content", verbosity=0)
        client = Client()
        clock = EngineClock()
        rows = []

        def both(label, pages):
            step(f"{len(queries)} judged queries × {args.rounds} through the view on OpenSearch ({label})")
            rows.append((label, pages, "OpenSearch", measure(client, queries, args.rounds, clock)))
            step(f"the same on the database backend ({label})")
            with override_settings(SEARCH_ENGINE="database"):
                rows.append((label, pages, "Datenbank (SQLite)", measure(client, queries, args.rounds, clock)))

        from wagtail.models import Page

        both("Demo", Page.objects.live().count())
        rng = random.Random(2021)  # noqa: S311 - invented text
        step(f"generating {args.pages} pages")
        pages = generate_pages(args.pages, rng)
        step("rebuilding both indices (update_index)")
        started = time.perf_counter()
        call_command("update_index", verbosity=0)
        index_seconds = time.perf_counter() - started
        both(f"Demo + {args.pages}", pages)
        step(f"Wagtail's stock SQLite backend against ours, {len(queries)} queries, first ten hits")
        stock = measure_backend(SQLiteSearchBackend({}), queries)
        ours = measure_backend(GermanSQLiteSearchBackend({}), queries)
        engine_client().indices.delete(index="ombench_site_*")

    print(f"\nMachine: {machine()}")
    print(
        f"Setup: production settings, fresh SQLite, OpenSearch 2.19 (1 node, 512 MB heap), {len(queries)} judged "
        f"queries × {args.rounds} rounds through /suche/ (all types, first page)\n"
    )
    # "engine": the time the view waited for the engine's answers (its raw time, loopback round trips
    # included); "view ÷ engine": the median over the searches of the view's time divided by that.
    print(
        "| content | live pages | backend            | p50 ms | p95 ms | max ms "
        "| engine p50 ms | view ÷ engine | engine requests |"
    )
    print(
        "|---------|-----------:|--------------------|-------:|-------:|-------:|--------------:|--------------:|----------------:|"
    )
    for label, count, name, measured in rows:
        timings = [view for view, _, _ in measured]
        p50, p95 = percentile(timings, 50), percentile(timings, 95)
        engine = [waited for _, waited, _ in measured]
        if any(engine):
            ratio = statistics.median(view / waited for view, waited, _ in measured if waited)
            requests = statistics.median(sent for _, _, sent in measured)
            engine_columns = f"{percentile(engine, 50):13.1f} | {ratio:12.1f}× | {requests:15.0f}"
        else:
            engine_columns = f"{'–':>13} | {'–':>13} | {'–':>15}"
        top = max(timings) * 1000
        print(f"| {label:7s} | {count:10d} | {name:18s} | {p50:6.1f} | {p95:6.1f} | {top:6.1f} | {engine_columns} |")
    print(f"\nupdate_index for both backends with {pages} live pages: {index_seconds:.0f} s")
    # The stock backend is fast for rare words and slow for common ones (its ranking subquery
    # repeats the match per candidate row), so its mean and maximum tell more than its median.
    print("\n| Wagtail SQLite backend, same index, first ten hits | p50 ms | p95 ms | max ms | mean ms |")
    print("|-----------------------------------------------------|-------:|-------:|-------:|--------:|")
    compared = (("stock (modelsearch SQLiteSearchBackend)", stock), ("ours (GermanSQLiteSearchBackend)", ours))
    for name, timings in compared:
        p50, p95, slowest = percentile(timings, 50), percentile(timings, 95), max(timings) * 1000
        print(f"| {name:51s} | {p50:6.1f} | {p95:6.1f} | {slowest:6.0f} | {statistics.mean(timings) * 1000:7.1f} |")
    mean_ratio, max_ratio = statistics.mean(stock) / statistics.mean(ours), max(stock) / max(ours)
    print(f"\nstock/ours: mean {mean_ratio:.0f}×, max {max_ratio:.0f}×")


if __name__ == "__main__":
    main()
