"""Load with faults: locust drives visitors (pages, profiles, both searches) and advisors
(profile edits) for a bounded time; PostgreSQL restarts, then OpenSearch stops and starts again
while OM changes published profiles. Afterwards the outbox is drained and the engine's index is
compared with the database."""

import json
import subprocess
import threading
import time

from drills import accounts
from drills.report import Check
from drills.site import BASE, REPO, TOOLS

DURATION = 70  # seconds of load
USERS = 12
PG_RESTART_AT = 12
OS_STOP_AT, OS_START_AT = 30, 36
MAX_ERROR_WINDOW = 10  # seconds
SEARCHES = ("directory search", "site search")
CHANGES_DURING_OUTAGE = 5


def _advisors():
    from directory.selfservice.forms import ProfileForm

    people = []
    for n in range(4, 7):
        profile, email, password = accounts.advisor(n)
        form = ProfileForm(instance=profile)
        fields = {name: form[name].value() for name in ProfileForm._meta.fields}
        people.append({"email": email, "password": password, "fields": {k: v or "" for k, v in fields.items()}})
    return people


def _faults(timeline, changed):
    """Runs in a thread beside the load: the faults at their times, with what OM changes meanwhile."""
    from directory.models import Advisor, AdvisorStatus

    start = time.time()

    def at(second):
        time.sleep(max(0, start + second - time.time()))

    at(PG_RESTART_AT)
    timeline["pg_restart"] = time.time()
    subprocess.run(["bash", "scripts/postgres.sh", "restart"], cwd=REPO, check=True, capture_output=True)
    timeline["pg_back"] = time.time()
    at(OS_STOP_AT)
    timeline["os_stop"] = time.time()
    subprocess.run(["bash", "scripts/opensearch.sh", "stop"], cwd=REPO, check=True, capture_output=True)
    # OM verifies changes while the engine is away: they must reach the index once it is back.
    from django.db import connection

    connection.close()  # this thread's connection died with the restart above
    for n, advisor in enumerate(
        Advisor.objects.filter(status=AdvisorStatus.PUBLISHED).order_by("-pk")[:CHANGES_DURING_OUTAGE]
    ):
        advisor.city = f"Drillstadt {n}"
        advisor.save()
        changed[advisor.pk] = advisor.city
    at(OS_START_AT)
    subprocess.run(["bash", "scripts/opensearch.sh", "start", "--keep-data"], cwd=REPO, check=True, capture_output=True)
    timeline["os_back"] = time.time()
    connection.close()


def _index_differences():
    """Advisors whose engine document differs from the database (or is missing / left over)."""
    from directory.search.documents import advisor_document, searchable_advisors
    from directory.search.engine_backend import alias_name
    from engine.client import client as engine_client

    client = engine_client()
    client.indices.refresh(index=alias_name())
    hits = client.search(index=alias_name(), body={"size": 10_000, "query": {"match_all": {}}})["hits"]["hits"]
    indexed = {int(hit["_id"]): hit["_source"] for hit in hits}
    expected = {a.pk: advisor_document(a) for a in searchable_advisors()}
    fields = ("name", "city", "short_profile", "postcode")
    differ = [
        pk for pk, doc in expected.items() if pk not in indexed or any(indexed[pk].get(f) != doc[f] for f in fields)
    ]
    return differ + [pk for pk in indexed if pk not in expected], len(expected)


def run(site):
    from directory.models import Advisor, AdvisorStatus, SearchOutbox

    check = Check("locust", f"load {DURATION} s, {USERS} users, PostgreSQL restart, OpenSearch stop/start")
    requests_log = site.workdir / "load-requests.jsonl"
    profiles = [a.get_absolute_url() for a in Advisor.objects.filter(status=AdvisorStatus.PUBLISHED)[:20]]
    env = {
        "OM_DRILL_REQUEST_LOG": str(requests_log),
        "OM_DRILL_PROFILES": ",".join(profiles),
        "OM_DRILL_ADVISORS": json.dumps(_advisors()),
        "OM_DRILL_CERT": str(site.cert),
        "PATH": f"{TOOLS}:/usr/bin:/bin",
    }
    timeline, changed = {}, {}
    load = subprocess.Popen(
        [str(TOOLS / "locust"), "-f", str(REPO / "drills" / "locustfile.py"), "--headless", "--host", BASE,
         "-u", str(USERS), "-r", str(USERS), "-t", f"{DURATION}s", "--only-summary", "--stop-timeout", "5"],
        env=env, stdout=open(site.workdir / "locust.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
    )  # fmt: skip
    faults = threading.Thread(target=_faults, args=(timeline, changed))
    faults.start()
    faults.join()
    load.wait()
    from django.db import connection

    connection.close()  # opened before the restart: a fresh one for the checks below

    records = [json.loads(line) for line in requests_log.read_text().splitlines()]
    errors = [r for r in records if r["status"] == 0 or r["status"] >= 500]
    pg_errors = [r["t"] for r in errors if r["t"] >= timeline["pg_restart"] - 1 and r["t"] < timeline["os_stop"]]
    window = (max(pg_errors) - timeline["pg_restart"]) if pg_errors else 0.0
    restart_window = (timeline["pg_restart"] - 1, timeline["pg_restart"] + MAX_ERROR_WINDOW)
    late = [r for r in errors if not restart_window[0] <= r["t"] <= restart_window[1]]
    # Outside the database's restart window every search must answer, engine or not.
    searches = [r for r in records if r["name"] in SEARCHES and not restart_window[0] <= r["t"] <= restart_window[1]]
    outage = [r for r in searches if timeline["os_stop"] <= r["t"] <= timeline["os_back"]]
    search_ok = sum(r["status"] == 200 for r in searches)

    site.manage("drain_search_outbox")
    waiting = SearchOutbox.objects.count()
    differ, documents = _index_differences()
    lost = [pk for pk, city in changed.items() if pk in differ]

    check.requests = len(records)
    check.server_errors = 0  # the error window is judged below; 5xx outside it are breaches
    check.figures = (
        f"PostgreSQL restart: {len(pg_errors)} errors within {window:.1f} s; "
        f"searches {search_ok}/{len(searches)} HTTP 200 ({len(outage)} while OpenSearch was down); "
        f"outbox {waiting} left; index = database for {documents - len(differ)}/{documents} advisors, "
        f"{len(lost)}/{len(changed)} outage updates lost"
    )
    if window > MAX_ERROR_WINDOW:
        check.breach(f"error window after the PostgreSQL restart {window:.1f} s > {MAX_ERROR_WINDOW} s")
    if late:
        check.breach(f"{len(late)} errors outside the restart window, e.g. {late[0]}")
    if search_ok != len(searches):
        check.breach(f"{len(searches) - search_ok} searches were not answered with 200")
    if not outage:
        check.breach("no search ran while OpenSearch was down")
    if waiting or differ:
        check.breach(f"outbox {waiting}, index differs for advisors {differ[:10]}")
    return check
