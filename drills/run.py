"""Security and resilience drills (issue 9) against the site served like production.

Usage: bash scripts/drills.sh [--only bandit,semgrep,headers,abuse,formulas,servers,xss,scanners,load] [--serve]
Prints one table (tools, requests, 5xx answers, findings, figures) and exits 1 on any breach."""

import argparse
import signal
import sys
import time

from drills import abuse, formulas, headers, load, scanners, servers, static, xss
from drills.report import table
from drills.site import BASE, DrillSite, step

SERVED = {
    "headers": headers.run,
    "abuse": abuse.run,
    "formulas": formulas.run,
    "servers": servers.run,
    "xss": xss.run,
    "scanners": scanners.run,
    "load": load.run,
}
STATIC = {"bandit": static.bandit, "semgrep": static.semgrep}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="comma-separated drills: " + ", ".join([*STATIC, *SERVED]))
    parser.add_argument("--serve", action="store_true", help="only prepare and serve the drill site until Ctrl-C")
    args = parser.parse_args()
    # A stopped run (scripts/test.sh aborted) still stops nginx and the app servers (finally: below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if args.serve:
        return serve()
    chosen = args.only.split(",") if args.only else [*STATIC, *SERVED]
    started = time.monotonic()
    checks = []
    for name in chosen:
        if name in STATIC:
            step(name)
            checks.append(STATIC[name]())
    served = [name for name in chosen if name in SERVED]
    if served:
        site = DrillSite()
        site.prepare()
        try:
            site.start()
            for name in served:
                step(name)
                found = SERVED[name](site)
                checks.extend(found if isinstance(found, list) else [found])
        finally:
            site.stop()
    print()
    print(table(checks))
    failed = [c for c in checks if not c.ok]
    print(
        f"\n{len(checks)} checks in {time.monotonic() - started:.0f} s: "
        + ("all as specified" if not failed else f"{len(failed)} BREACHED")
    )
    return 1 if failed else 0


def serve():
    site = DrillSite()
    site.prepare()
    site.start()
    step(f"serving {BASE} (certificate {site.cert}, logs in {site.workdir}); Ctrl-C ends")
    try:
        site.wait()
    except KeyboardInterrupt:
        site.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
