"""Page-serving benchmark: the demo site under the production settings and gunicorn on loopback.

Usage: bash bench/run.sh pages [--requests N] [--workers N] [--database sqlite|postgres]

Reports, per page type: requests/s with 2 concurrent clients, latency p50/p99, and the CPU time
the gunicorn workers spent per request (the figure that does not depend on client overhead).
"""

import argparse
import http.client
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
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


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    conn.request("GET", path, headers={"Host": "localhost"})
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 200:
        raise RuntimeError(f"{path} answered {response.status}")
    return time.perf_counter() - started


def measure(port, path, requests, concurrency, workers):
    for _ in range(20):  # warm caches and templates in every worker
        fetch(port, path)
    latencies, lock = [], threading.Lock()
    per_client = requests // concurrency

    def client():
        mine = [fetch(port, path) for _ in range(per_client)]
        with lock:
            latencies.extend(mine)

    cpu_before = cpu_seconds(workers)
    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    cpu = cpu_seconds(workers) - cpu_before
    latencies.sort()
    return {
        "rps": len(latencies) / wall,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[int(len(latencies) * 0.99) - 1] * 1000,
        "cpu": cpu / len(latencies) * 1000,
    }


@contextmanager
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

    server = None
    try:
        step("migrating a fresh database")
        manage(env, "migrate", "--noinput")
        step("loading demo content")
        manage(env, "load_demo_content")
        step("collecting static files")
        manage(env, "collectstatic", "--noinput")
        step(f"starting gunicorn with {args.workers} sync workers on 127.0.0.1:{args.port}")
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "om_site.wsgi",
                "-w",
                str(args.workers),
                "-b",
                f"127.0.0.1:{args.port}",
                "--log-level",
                "warning",
            ],
            cwd=REPO,
            env={**env, **server_env},
        )
        for _ in range(100):
            try:
                fetch(args.port, "/healthz")
                break
            except (OSError, RuntimeError):
                time.sleep(0.2)
        yield worker_pids(server.pid)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if args.database == "postgres":
            subprocess.run(["bash", "scripts/postgres.sh", "stop"], cwd=REPO, check=False)
        shutil.rmtree(workdir, ignore_errors=True)


def server_arguments(parser):
    parser.add_argument("--requests", type=int, default=400, help="measured requests per page (default 400)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2)")
    parser.add_argument("--concurrency", type=int, default=2, help="parallel clients (default 2)")
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--port", type=int, default=8765)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    server_arguments(parser)
    args = parser.parse_args()
    results = {}
    with demo_site(args) as workers:
        for name, path in PAGES.items():
            step(f"measuring {name} ({path}), {args.requests} requests")
            results[name] = measure(args.port, path, args.requests, args.concurrency, workers)

    print()
    print(f"Machine: {machine()}")
    print(
        f"Setup: production settings, {args.database}, gunicorn {args.workers} sync workers, "
        f"{args.concurrency} clients, {args.requests} requests per page"
    )
    print()
    print(f"| {'page':<20} | {'req/s':>7} | {'p50 ms':>7} | {'p99 ms':>7} | {'CPU ms/req':>10} |")
    print(f"|{'-' * 22}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 12}|")
    for name, r in results.items():
        print(f"| {name:<20} | {r['rps']:>7.1f} | {r['p50']:>7.1f} | {r['p99']:>7.1f} | {r['cpu']:>10.1f} |")


if __name__ == "__main__":
    main()
