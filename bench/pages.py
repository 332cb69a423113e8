"""Page-serving benchmark: the demo site under the production settings and gunicorn on loopback.

Usage: bash bench/run.sh pages [--requests N] [--rounds N] [--workers N] [--database sqlite|postgres]
                               [--bakerydemo PATH]

Reports, per page type (plus the site search and the stylesheet): requests/s with 2 concurrent
clients, latency p50/p99, and the CPU time the gunicorn workers spent per request (the figure that
does not depend on client overhead), each the median of --rounds rounds.

With --bakerydemo PATH: wagtail/bakerydemo, set up in PATH (README "Benchmarks" has the recipe), is
served by its own gunicorn beside the demo site, every round measures both in turn (interleaved, so a
busy minute hits both), and a second table gives OM's CPU per request against bakerydemo's for home,
article, listing, product, site search and the stylesheet.
"""

import argparse
import contextlib
import http.client
import itertools
import os
import re
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import machine, step

REPO = Path(__file__).resolve().parent.parent
PAGES = {  # one page of every page type of the demo
    "Startseite": "/",
    "Neuigkeit": "/neuigkeiten/zusatzqualifikation-ki/",
    "Neuigkeiten (Liste)": "/neuigkeiten/",
    "Produkt": "/produkte/zusatzqualifikation-ki/",
    "Produkte (Liste)": "/produkte/",
    "Sitzung": "/sitzungen/strategiekreis-2021-04-22/",
    "Sitzungen (Liste)": "/sitzungen/",
    "Beschlussregister": "/sitzungen/beschluesse/",
    "Termin": "/termine/ag-umweltcheck-2021-05-28/",
    "Termine (Liste)": "/termine/",
    "Netzwerk": "/netzwerke/harzwirtschaft/",
    "Netzwerke (Liste)": "/netzwerke/",
    "Transferliste": "/transfer/",
    "Standardseite": "/impressum/",
}
SITE_SEARCH = "/suche/?q=Umweltcheck"
STYLESHEET = "stylesheet"  # found on each site's home page (its name carries the file's hash)
# OM's rows besides the page types; the site search answers from the database (no engine here).
EXTRA = {"Website-Suche": SITE_SEARCH, "Stylesheet (statisch)": STYLESHEET}
# Issue 22's comparison: (row, OM's row above, bakerydemo's page: a path, or (listing, prefix) for the
# first page linked below `prefix` on that listing, or the stylesheet).
COMPARED = [
    ("home", "Startseite", "/"),
    ("article", "Neuigkeit", ("/blog/", "/blog/")),
    ("listing", "Neuigkeiten (Liste)", "/blog/"),
    ("product", "Produkt", ("/breads/", "/breads/")),
    ("site search", "Website-Suche", "/search/?q=bread"),
    ("static CSS", "Stylesheet (statisch)", STYLESHEET),
]
CLK_TCK = os.sysconf("SC_CLK_TCK")


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total / CLK_TCK


def worker_pids(master_pid):
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    return [int(pid) for pid in children]


def get(port, path):
    """(body, seconds) of one GET; anything but 200 is an error."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Host": "localhost"})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return body, time.perf_counter() - started


def fetch(port, path):
    return get(port, path)[1]


def page_html(port, path):
    return get(port, path)[0].decode()


def stylesheet(port):
    """The address of the site's first stylesheet, from its home page."""
    for tag in re.findall(r"<link\b[^>]*>", page_html(port, "/")):
        href = re.search(r'href="([^"]+)"', tag)
        if 'rel="stylesheet"' in tag and href:
            return re.sub(r"^https?://[^/]+", "", href.group(1))
    raise RuntimeError("no stylesheet linked on the home page")


def first_link(port, listing, prefix):
    """The first page linked one level below `prefix` on `listing` (e.g. an article on the blog's index)."""
    for href in re.findall(r'href="([^"?#]+)"', page_html(port, listing)):
        path = re.sub(r"^https?://[^/]+", "", href)
        below = path.removeprefix(prefix).strip("/") if path.startswith(prefix) else ""
        if below and "/" not in below:  # one level below: a page, not a routed list such as /blog/tags/x/
            return path
    raise RuntimeError(f"no page below {prefix} is linked on {listing}")


def resolve(port, page):
    if page == STYLESHEET:
        return stylesheet(port)
    if isinstance(page, tuple):
        return first_link(port, *page)
    return page


def measure(port, path, requests, concurrency, workers):
    for _ in range(20):  # warm caches and templates in every worker
        fetch(port, path)
    per_client = requests // concurrency

    def client(_):
        return [fetch(port, path) for _ in range(per_client)]

    cpu_before = cpu_seconds(workers)
    started = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as clients:  # a failed request stops the benchmark with its error
        latencies = sorted(itertools.chain.from_iterable(clients.map(client, range(concurrency))))
    wall = time.perf_counter() - started
    cpu = cpu_seconds(workers) - cpu_before
    return {
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "cpu": cpu / len(latencies) * 1000,
    }


@contextlib.contextmanager
def gunicorn(gunicorn_path, wsgi, cwd, env, port, workers):
    """`wsgi` served by gunicorn's sync workers on 127.0.0.1:port: yields the workers' process ids."""
    step(f"starting gunicorn ({wsgi}) with {workers} sync workers on 127.0.0.1:{port}")
    server = subprocess.Popen(
        [str(gunicorn_path), wsgi, "-w", str(workers), "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=cwd,
        env=env,
    )
    try:
        for _ in range(150):
            try:
                get(port, "/")
                break
            except (OSError, RuntimeError):
                if server.poll() is not None:
                    raise RuntimeError(f"gunicorn ({wsgi}) stopped with exit code {server.returncode}") from None
                time.sleep(0.2)
        else:
            raise RuntimeError(f"gunicorn ({wsgi}) gave no answer on 127.0.0.1:{port} within 30 s")
        yield worker_pids(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


@contextlib.contextmanager
def demo_site(args, **server_env):
    """A fresh demo site under the production settings, served by gunicorn on 127.0.0.1:args.port
    (with `server_env` added to its environment): yields the workers' process ids."""
    workdir = Path(tempfile.mkdtemp(prefix="om-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "om_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost,127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "LOG_LEVEL": "WARNING",
        "SEARCH_RATE": "100000/m",  # every request comes from one address: the benchmark's own search rate
    }
    env.pop("SEARCH_ENGINE_URL", None)
    if args.database == "postgres":
        step("starting PostgreSQL")
        subprocess.run(["bash", "scripts/postgres.sh", "start"], cwd=REPO, check=True)
        env["DATABASE_URL"] = subprocess.check_output(
            ["bash", "scripts/postgres.sh", "url"], cwd=REPO, text=True
        ).strip()
    else:
        env["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"
    try:
        step("migrating a fresh database")
        manage(env, "migrate", "--noinput")
        step("loading demo content")
        manage(env, "load_demo_content")
        step("collecting static files")
        manage(env, "collectstatic", "--noinput")
        server = Path(sys.executable).parent / "gunicorn"
        with gunicorn(server, "om_site.wsgi", REPO, {**env, **server_env}, args.port, args.workers) as workers:
            yield workers
    finally:
        if args.database == "postgres":
            subprocess.run(["bash", "scripts/postgres.sh", "stop"], cwd=REPO, check=False)
        shutil.rmtree(workdir, ignore_errors=True)


@contextlib.contextmanager
def bakerydemo_site(path, port, workers):
    """wagtail/bakerydemo as set up in `path` (its virtualenv in path/.venv, its database migrated
    and filled, its static files collected), under its production settings, served like the demo site.
    BAKERYDEMO_SETTINGS and BAKERYDEMO_DATABASE_URL override its settings module and database."""
    path = Path(path).resolve()
    server = path / ".venv" / "bin" / "gunicorn"
    if not server.exists():
        sys.exit(f"{server} is missing: set up bakerydemo in {path} first (README, Benchmarks)")
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(
        DJANGO_SETTINGS_MODULE=os.environ.get("BAKERYDEMO_SETTINGS", "bakerydemo.settings.production"),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="*",
        DJANGO_DEBUG="off",
        DJANGO_SECURE_SSL_REDIRECT="off",
    )
    if "BAKERYDEMO_DATABASE_URL" in os.environ:
        env["DATABASE_URL"] = os.environ["BAKERYDEMO_DATABASE_URL"]
    with gunicorn(server, "bakerydemo.wsgi", path, env, port, workers) as pids:
        yield pids


def server_arguments(parser):
    parser.add_argument("--requests", type=int, default=200, help="measured requests per page and round (default 200)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--concurrency", type=int, default=2, help="parallel clients (default 2)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--port", type=int, default=8765)


def median_of(rounds):
    """One row from the rounds' measurements: the median of each figure."""
    return {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    server_arguments(parser)
    parser.add_argument("--rounds", type=int, default=3, help="rounds over all pages; figures are medians (default 3)")
    parser.add_argument("--bakerydemo", metavar="PATH", help="wagtail/bakerydemo set up in PATH, measured side by side")
    parser.add_argument("--bakerydemo-port", type=int, default=8766)
    args = parser.parse_args()
    om_rows, reference_rows = {}, {}
    with contextlib.ExitStack() as stack:
        workers = stack.enter_context(demo_site(args))
        om_pages = {name: resolve(args.port, path) for name, path in {**PAGES, **EXTRA}.items()}
        sites = [("OM", args.port, workers, om_pages, om_rows)]
        if args.bakerydemo:
            reference = stack.enter_context(bakerydemo_site(args.bakerydemo, args.bakerydemo_port, args.workers))
            pages = {row: resolve(args.bakerydemo_port, page) for row, _, page in COMPARED}
            sites.append(("bakerydemo", args.bakerydemo_port, reference, pages, reference_rows))
        for number in range(1, args.rounds + 1):
            for site, port, pids, pages, rows in sites:
                for name, path in pages.items():
                    step(f"round {number}/{args.rounds}: {site} {name} ({path}), {args.requests} requests")
                    rows.setdefault(name, []).append(measure(port, path, args.requests, args.concurrency, pids))

    print()
    print(f"Machine: {machine()}")
    print(
        f"Setup: production settings, {args.database}, gunicorn {args.workers} sync workers, "
        f"{args.concurrency} clients, {args.requests} requests per page and round, median of {args.rounds} rounds"
    )
    print()
    print(f"| {'page':<21} | {'req/s':>7} | {'p50 ms':>7} | {'p99 ms':>7} | {'CPU ms/req':>10} |")
    print(f"|{'-' * 23}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 12}|")
    for name, rounds in om_rows.items():
        r = median_of(rounds)
        print(f"| {name:<21} | {r['rps']:>7.1f} | {r['p50']:>7.1f} | {r['p99']:>7.1f} | {r['cpu']:>10.2f} |")
    if not args.bakerydemo:
        return
    print()
    print("CPU ms per request, OM against bakerydemo (the same rounds, interleaved); goal: ratio ≤ 0.5")
    print()
    print(f"| {'page':<12} | {'OM':>6} | {'bakerydemo':>10} | {'ratio':>5} |")
    print(f"|{'-' * 14}|{'-' * 8}|{'-' * 12}|{'-' * 7}|")
    for row, om_name, _ in COMPARED:
        ours, theirs = median_of(om_rows[om_name])["cpu"], median_of(reference_rows[row])["cpu"]
        ratio = ours / theirs if theirs else float("nan")
        print(f"| {row:<12} | {ours:>6.2f} | {theirs:>10.2f} | {ratio:>5.2f} |")


if __name__ == "__main__":
    main()
