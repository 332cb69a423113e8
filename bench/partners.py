"""Partner exchange benchmark on the embedded default (production settings, fresh SQLite, database
search): importing partner files (dry run, real run, the same file again) and the partner API and
exports over a directory of published advisors.

Usage: bash bench/run.sh partners [--advisors 1000] [--rows 500,2000] [--requests 200]
"""

import argparse
import csv
import io
import os
import random
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, machine, percentile, production_environment, step
from directory_search import FIRST, LAST, generate

sys.path.insert(0, str(REPO))
PLACES = ["53113", "50667", "10115", "80331", "70173", "30159", "38640", "33602", "01067", "20095"]


def letters(n):
    """A unique word per row (aa, ab, …): partner files hold different people, not near-duplicates."""
    word = ""
    while True:
        n, rest = divmod(n, 26)
        word = "abcdefghijklmnopqrstuvwxyz"[rest] + word
        if not n:
            return word.rjust(3, "a")


def partner_csv(rows, offset, rng):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Vorname", "Nachname", "E-Mail", "PLZ", "Ort", "Schwerpunkte", "Beraternummer"])
    for n in range(offset, offset + rows):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        writer.writerow(
            [first, f"{last}-{letters(n)}", f"person-{n}@partner.invalid", rng.choice(PLACES), "Ort", "Nachfolge", n]
        )
    return out.getvalue().encode()


def timed(action):
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--advisors", type=int, default=1000, help="published advisors in the directory")
    parser.add_argument("--rows", default="500,2000", help="rows per partner file")
    parser.add_argument("--requests", type=int, default=200, help="requests per API call")
    args = parser.parse_args()

    production_environment(Path(tempfile.mkdtemp(prefix="om-bench-partners-")), "ombench_")
    os.environ.update(SEARCH_ENGINE="database", SEARCH_ENGINE_URL="", PARTNER_API_RATE="1000000/s")
    os.environ["EMAIL_URL"] = "dummymail://"  # invitations are built and handed over, never sent
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from directory.importing import service
    from directory.models import Advisor

    step("migrating a fresh database")
    call_command("migrate", verbosity=0)
    rng = random.Random(2021)  # noqa: S311 - invented data
    step(f"generating {args.advisors} published advisors and their search index")
    generate(args.advisors, 0, rng)
    call_command("rebuild_directory_index", stdout=io.StringIO())

    imports = []
    offset = 0
    for rows in [int(r) for r in args.rows.split(",")]:
        data = partner_csv(rows, offset, rng)
        offset += rows
        step(f"importing a file of {rows} rows: dry run, real run (checks again), the same file again")
        run = service.prepare("p.csv", data, source="Bench", register="kammer")
        dry, _ = timed(lambda run=run: service.dry_run(run))
        real, created = timed(lambda run=run: service.import_rows(run))
        again = service.prepare("p.csv", data, source="Bench", register="kammer")
        service.dry_run(again)
        repeat, recreated = timed(lambda again=again: service.import_rows(again))
        imports.append((rows, dry, real, created, repeat, recreated))

    client = Client()
    slug = Advisor.objects.published().order_by("pk").values_list("slug", flat=True)[args.advisors // 2]
    calls = [
        ("Liste, ohne Filter", "/api/v1/berater"),
        ("Liste, Suchbegriff", "/api/v1/berater?q=Digitalisierung"),
        ("Liste, PLZ + 50 km", "/api/v1/berater?plz=50667&umkreis=50"),
        ("Liste, 2 Facetten, 50/Seite", "/api/v1/berater?land=NW&thema=nachfolge&pro_seite=50"),
        ("Eintrag", f"/api/v1/berater/{slug}"),
        ("Vokabulare", "/api/v1/vokabulare"),
        ("vCard", f"/berater/{slug}/visitenkarte.vcf"),
    ]
    api = []
    for label, url in calls:
        step(f"{args.requests} × {url}")
        for _ in range(10):
            client.get(url)
        timings = []
        for _ in range(args.requests):
            elapsed, response = timed(lambda url=url: client.get(url))
            assert response.status_code == 200, (url, response.status_code)
            timings.append(elapsed)
        api.append((label, timings))
    exports = []
    for url in ("/berater/export.csv", "/berater/export.json"):
        step(f"5 × {url}")
        timings = [timed(lambda url=url: client.get(url))[0] for _ in range(5)]
        exports.append((url, timings, len(client.get(url).content)))

    print(f"\nMachine: {machine()}")
    print(f"Setup: production settings, fresh SQLite, database search, {args.advisors} published advisors\n")
    print("| rows | dry run s | rows/s | real run s | created | created/s | same file again s | created |")
    print("|-----:|----------:|-------:|-----------:|--------:|----------:|------------------:|--------:|")
    for rows, dry, real, created, repeat, recreated in imports:
        print(
            f"| {rows:4d} | {dry:9.2f} | {rows / dry:6.0f} | {real:10.2f} | {created:7d} | {created / real:9.0f} "
            f"| {repeat:17.2f} | {recreated:7d} |"
        )
    print("\n| partner API (test client, in process) | p50 ms | p95 ms |")
    print("|---|---:|---:|")
    for label, timings in api:
        print(f"| {label} | {percentile(timings, 50):.1f} | {percentile(timings, 95):.1f} |")
    print("\n| export | median s | size KB |")
    print("|---|---:|---:|")
    for url, timings, size in exports:
        print(f"| {url} | {percentile(timings, 50) / 1000:.2f} | {size / 1024:.0f} |")


if __name__ == "__main__":
    main()
