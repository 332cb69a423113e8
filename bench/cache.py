"""Full-page cache benchmark: the demo site under the production settings and gunicorn, with
Varnish (scripts/varnish.sh, the site's own VCL) in front of it.

Usage: bash bench/run.sh cache [--requests N] [--workers N] [--concurrency N] [--database sqlite|postgres]

Per page type: requests/s and the CPU time per request of gunicorn's workers plus Varnish's
processes, straight from gunicorn (uncached) and through Varnish once the page is in the cache;
and, for scale, the site's stylesheet straight from gunicorn (WhiteNoise: a static file).
"""

import argparse
import os
import subprocess
from pathlib import Path

from common import machine, step
from pages import PAGES, REPO, demo_site, measure, server_arguments, stylesheet

VARNISH_PORT = 6091


def varnish_pids():
    master = int(Path(f"/var/lib/om-site/varnish-{VARNISH_PORT}/varnishd.pid").read_text())
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [master, *map(int, children)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    server_arguments(parser)
    args = parser.parse_args()
    varnish = {**os.environ, "OM_VARNISH_PORT": str(VARNISH_PORT)}
    rows = []
    with demo_site(args, FRONTEND_CACHE_URL=f"http://127.0.0.1:{VARNISH_PORT + 100}") as workers:  # the purge address
        step(f"starting Varnish on 127.0.0.1:{VARNISH_PORT} in front of gunicorn")
        subprocess.run(["bash", "scripts/varnish.sh", "start", str(args.port)], cwd=REPO, check=True, env=varnish)
        try:
            processes = workers + varnish_pids()
            css = stylesheet(args.port)
            step(f"measuring the stylesheet ({css}) straight from gunicorn")
            static = measure(args.port, css, args.requests, args.concurrency, processes)
            rows.append(("Stylesheet (static)", "gunicorn", static))
            for name, path in PAGES.items():
                for label, port in (("gunicorn", args.port), ("Varnish", VARNISH_PORT)):
                    step(f"measuring {name} ({path}) through {label}, {args.requests} requests")
                    rows.append((name, label, measure(port, path, args.requests, args.concurrency, processes)))
        finally:
            subprocess.run(["bash", "scripts/varnish.sh", "stop"], cwd=REPO, check=False, env=varnish)

    static_cpu = rows[0][2]["cpu"]
    print()
    print(f"Machine: {machine()}")
    print(
        f"Setup: production settings, {args.database}, gunicorn {args.workers} sync workers, Varnish (malloc 64 MB), "
        f"{args.concurrency} clients, {args.requests} requests per row; CPU = gunicorn workers + Varnish processes"
    )
    print()
    print(f"| {'page':<20} | {'served by':<9} | {'req/s':>7} | {'p50 ms':>6} | {'CPU ms/req':>10} | {'× static':>8} |")
    print(f"|{'-' * 22}|{'-' * 11}|{'-' * 9}|{'-' * 8}|{'-' * 12}|{'-' * 10}|")
    for name, label, r in rows:
        ratio = r["cpu"] / static_cpu if static_cpu else float("nan")
        print(f"| {name:<20} | {label:<9} | {r['rps']:>7.1f} | {r['p50']:>6.1f} | {r['cpu']:>10.2f} | {ratio:>8.1f} |")


if __name__ == "__main__":
    main()
