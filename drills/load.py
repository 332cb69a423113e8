"""The fault drill under load (issue 21): locust drives visitors (pages, profiles, both searches)
and advisors (profile edits) through nginx while one fault after the other hits the production
topology (drills/site.py), each until the site has recovered:

1. the OpenSearch node holding the advisor index's primary stops, OM changes published profiles
   meanwhile; then it starts again and rejoins (in the background, beside the next faults) until the
   cluster is green. Every search, in this fault's window and in every other, must be answered by the
   engine (X-Search-Answer), not the database fallback; no change may miss the index;
2. one app server (gunicorn) stops, and starts again later: nginx routes around it, no GET fails, and
   after nginx's health-check interval (FAIL_TIMEOUT) no request at all (a POST the stopping server had
   taken may fail: nginx never sends a POST twice);
3. PostgreSQL restarts: reading requests are retried once (core.retry), no visitor sees an error; a
   POST may fail with the German error page, but no edit the site confirmed gets lost;
4. Redis (the shared cache) stops: logins are refused (fail closed), reading keeps working; once Redis
   is back, logins work again without restarting anything.

Afterwards the outbox is drained and the engine's index is compared with the database. The result is
one check of the report plus the fault table: fault, requests during it, errors, answered by, lost
updates, time to recover."""

import json
import os
import subprocess
import threading
import time

import requests

from drills import accounts
from drills.report import Check
from drills.site import APP_PORTS, BASE, CLUSTER_PORTS, CSRF_FIELD, FAIL_TIMEOUT, REDIS_PORT, REPO, TOOLS

USERS = 12
WARM_UP = 6  # seconds of load before the first fault
BETWEEN = 3  # seconds between one fault's recovery and the next
NODE_DOWN = 12  # seconds the node stays stopped
APP_DOWN = 10  # seconds the app server stays stopped
REDIS_DOWN = 8  # seconds Redis stays stopped
PG_SETTLE = 5  # seconds after the restart counted to its window (the retries' waits)
SEARCHES = ("directory search", "site search")
CHANGES_DURING_OUTAGE = 5
NODE, APP, PG, REDIS = (
    "cluster node with the primary stopped",
    "one app server stopped",
    "PostgreSQL restart",
    ("Redis stopped"),
)


def _advisors():
    from directory.selfservice.forms import ProfileForm

    people = []
    for n in range(4, 7):
        profile, email, password = accounts.advisor(n)
        form = ProfileForm(instance=profile)
        fields = {name: form[name].value() for name in ProfileForm._meta.fields}
        people.append({"email": email, "password": password, "fields": {k: v or "" for k, v in fields.items()}})
    return people


def _cluster(*args):
    env = {**os.environ, "OM_OPENSEARCH_CLUSTER_PORTS": " ".join(CLUSTER_PORTS)}
    subprocess.run(["bash", "scripts/opensearch-cluster.sh", *args], cwd=REPO, env=env, check=True, capture_output=True)


def _redis(action):
    env = {**os.environ, "OM_REDIS_PORT": str(REDIS_PORT)}
    subprocess.run(["bash", "scripts/redis.sh", action], cwd=REPO, env=env, check=True, capture_output=True)


def _primary_node():
    from directory.search.engine_backend import alias_name
    from engine.client import client as engine_client

    shards = engine_client().cat.shards(index=alias_name(), format="json")
    return next(s["node"] for s in shards if s["prirep"] == "p" and s["state"] == "STARTED")


def _log_in(site, email, password):
    """One login through nginx from a fresh session: True if the site let the advisor in."""
    session = site.client("load-login", "192.0.2.77")
    try:
        page = session.get(f"{BASE}/konto/login/", timeout=10)
        token = CSRF_FIELD.search(page.text)
        answer = session.post(
            f"{BASE}/konto/login/", timeout=10, allow_redirects=False,
            data={"login": email, "password": password, "csrfmiddlewaretoken": token.group(1) if token else ""},
        )  # fmt: skip
    except requests.RequestException:
        return False
    return answer.status_code == 302 and "/mein-profil/" in answer.headers.get("Location", "")


def _faults(site, windows, changed, notes, account):
    """Runs beside the load: each fault, its window (start, recovered) and its own figures."""
    from django.db import connection

    from directory.models import Advisor, AdvisorStatus

    time.sleep(WARM_UP)
    # 1. The node with the advisor index's primary; OM verifies changes meanwhile.
    node = _primary_node()
    start = time.time()
    _cluster("stop-node", node.rsplit("-", 1)[1])
    notes[NODE] = f"stopped {node}"
    published = Advisor.objects.filter(status=AdvisorStatus.PUBLISHED).order_by("-pk")[:CHANGES_DURING_OUTAGE]
    for n, advisor in enumerate(published):
        advisor.city = f"Drillstadt {n}"
        advisor.save()
        changed[advisor.pk] = advisor.city
    time.sleep(max(0, start + NODE_DOWN - time.time()))
    rejoin = time.time()
    # It rejoins in the background (a JVM's start, then the replica's recovery: a minute or two on a
    # busy machine) while the next faults run; its window ends when it was started again.
    windows[NODE] = (start, rejoin, 0.0)

    def rejoined(start=start, rejoin=rejoin):  # bound now: the next faults reuse the names
        _cluster("start-node", node.rsplit("-", 1)[1])  # returns once the cluster is green with every node
        windows[NODE] = (start, rejoin, time.time() - rejoin)
        notes["node_green"] = True
        notes[NODE] += f" for {rejoin - start:.0f} s; green with 3 nodes {time.time() - rejoin:.0f} s after its start"

    rejoining = threading.Thread(target=rejoined)
    rejoining.start()

    # 2. One app server.
    time.sleep(BETWEEN)
    port = APP_PORTS[0]
    start = time.time()
    site.stop_app(port)
    time.sleep(APP_DOWN)
    back = time.time()
    site.start_app(port)  # returns once it answers its health check
    up = time.time()
    served = _first_served_by(site, port, up)
    windows[APP] = (start, served or time.time(), (served or time.time()) - back)
    notes[APP] = f"gunicorn on {port} down {APP_DOWN} s, answering {up - back:.0f} s after its start; " + (
        f"nginx sent it requests {served - up:.1f} s later" if served else "NOT BACK in rotation"
    )

    # 3. PostgreSQL.
    time.sleep(BETWEEN)
    start = time.time()
    subprocess.run(["bash", "scripts/postgres.sh", "restart"], cwd=REPO, check=True, capture_output=True)
    back = time.time()
    connection.close()  # this thread's connection died with the restart
    windows[PG] = (start, back + PG_SETTLE, back - start)
    notes[PG] = f"server down {back - start:.1f} s"

    # 4. Redis: logins must be refused meanwhile, and work again afterwards by themselves.
    time.sleep(BETWEEN)
    start = time.time()
    _redis("stop")
    refused = [not _log_in(site, *account) for _ in range(2)]
    time.sleep(max(0, start + REDIS_DOWN - time.time()))
    back = time.time()
    _redis("start")
    recovered = None
    while time.time() < back + 20:
        if _log_in(site, *account):
            recovered = time.time()
            break
        time.sleep(0.5)
    windows[REDIS] = (start, recovered or time.time(), (recovered or time.time()) - back)
    notes[REDIS] = f"logins refused {sum(refused)}/{len(refused)} while down; " + (
        f"login works {recovered - back:.1f} s after the start" if recovered else "login did NOT work again"
    )
    notes["redis_refused"] = all(refused)
    notes["redis_recovered"] = recovered is not None
    rejoining.join()
    connection.close()


def _first_served_by(site, port, since, wait=20):
    """When nginx first passed a request to the app server on `port` after `since` (access log)."""
    deadline = time.time() + wait
    while time.time() < deadline:
        for line in site.access_log.read_text().splitlines():
            parts = line.rsplit(" ", 2)
            if len(parts) == 3 and parts[1].endswith(f":{port}"):
                at = float(parts[2])
                if at >= since:
                    return at
        time.sleep(0.5)
    return None


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


def _lost_edits(records):
    """Confirmed profile edits (302) whose account does not hold the last confirmed text: their times."""
    from directory.models import Advisor

    last = {}
    for r in records:
        if r.get("saved") and r["status"] == 302:
            last[r["account"]] = r
    lost = []
    for account, r in last.items():
        if Advisor.objects.get(user__email=account).short_profile != r["saved"]:
            lost.append(r["t"])
    return lost, len([r for r in records if r.get("saved") and r["status"] == 302])


def fault_table(rows):
    headers = ["fault", "requests during it", "errors", "answered by (engine/database)", "lost updates",
               "time to recover", "notes"]  # fmt: skip
    widths = [max(len(h), *(len(str(r[i])) for r in rows)) for i, h in enumerate(headers)]

    def line(cells):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def run(site):
    from directory.models import Advisor, AdvisorStatus, SearchOutbox

    check = Check("locust", f"faults under load, {USERS} users: cluster node, app server, PostgreSQL, Redis")
    requests_log = site.workdir / "load-requests.jsonl"
    profiles = [a.get_absolute_url() for a in Advisor.objects.filter(status=AdvisorStatus.PUBLISHED)[:20]]
    people = _advisors()
    _, email, password = accounts.advisor(7)  # the Redis fault's logins (no locust user signs in with it)
    env = {
        "OM_DRILL_REQUEST_LOG": str(requests_log),
        "OM_DRILL_PROFILES": ",".join(profiles),
        "OM_DRILL_ADVISORS": json.dumps(people),
        "OM_DRILL_CERT": str(site.cert),
        "PATH": f"{TOOLS}:/usr/bin:/bin",
    }
    windows, changed, notes = {}, {}, {}
    started = time.time()
    load = subprocess.Popen(
        [str(TOOLS / "locust"), "-f", str(REPO / "drills" / "locustfile.py"), "--headless", "--host", BASE,
         "-u", str(USERS), "-r", str(USERS), "-t", "600s", "--only-summary", "--stop-timeout", "5"],
        env=env, stdout=open(site.workdir / "locust.log", "w"), stderr=subprocess.STDOUT,  # noqa: SIM115
    )  # fmt: skip
    faults = threading.Thread(target=_faults, args=(site, windows, changed, notes, (email, password)))
    faults.start()
    faults.join()
    time.sleep(BETWEEN)
    load.terminate()  # locust stops its users and writes its summary
    load.wait(timeout=60)
    duration = time.time() - started
    from django.db import connection

    connection.close()  # opened before the restart: a fresh one for the checks below

    records = [json.loads(line) for line in requests_log.read_text().splitlines()]
    site.manage("drain_search_outbox")
    waiting = SearchOutbox.objects.count()
    differ, documents = _index_differences()
    lost_edits, confirmed = _lost_edits(records)

    def failed(r):
        return r["status"] == 0 or r["status"] >= 500

    rows = []
    for fault in (NODE, APP, PG, REDIS):
        begin, end, recover = windows.get(fault, (0, 0, 0))
        during = [r for r in records if begin <= r["t"] <= end]
        reads = [r for r in during if r["method"] in ("GET", "HEAD")]
        posts_failed = [r for r in during if r["method"] not in ("GET", "HEAD") and failed(r)]
        errors = [r for r in reads if failed(r)]
        if fault == APP:
            # A POST the stopped server had taken may fail (nginx never sends a POST twice); after
            # nginx's health-check interval none may. GETs are passed on and must never fail.
            cut = [r for r in posts_failed if r["t"] <= begin + FAIL_TIMEOUT]
            errors += [r for r in posts_failed if r not in cut]
        elif fault != PG:
            errors += posts_failed  # only the database restart may refuse a POST (cleanly)
        searches = [r for r in during if r["name"] in SEARCHES and r["status"] == 200]
        engine = sum(r.get("answer") == "engine" for r in searches)
        database = sum(r.get("answer") == "database" for r in searches)
        lost = sum(begin <= t <= end for t in lost_edits)
        if fault == NODE:
            lost += len([pk for pk in changed if pk in differ])
        note = notes.get(fault, "did not run")
        if fault == PG and posts_failed:
            note += f"; {len(posts_failed)} POSTs refused with the error page"
        if fault == APP and cut:
            note += f"; {len(cut)} POSTs in flight on the stopped server failed (within {FAIL_TIMEOUT} s)"
        rows.append([fault, len(during), len(errors), f"{engine}/{database}", lost, f"{recover:.1f} s", note])
        if fault != REDIS and errors:
            check.breach(f"{fault}: {len(errors)} errors seen by visitors, e.g. {errors[0]}")
        if lost:
            check.breach(f"{fault}: {lost} updates lost")
        if database or not engine:  # the engine stays up (a node short at most): it answers throughout
            check.breach(f"{fault}: {database} searches answered by the database, {engine} by the engine")
        if fault == REDIS and [r for r in reads if failed(r)]:
            check.breach(f"{fault}: reading failed while Redis was down")
        if fault not in windows:
            check.breach(f"{fault}: the fault did not run")
    if not notes.get("node_green"):
        check.breach("the stopped node did not rejoin a green cluster")
    if not notes.get("redis_refused"):
        check.breach("a login succeeded while Redis was down (must fail closed)")
    if not notes.get("redis_recovered"):
        check.breach("logins did not work again after Redis came back")
    late = [r for r in records if failed(r) and not any(b <= r["t"] <= e for b, e, _ in windows.values())]
    if late:
        check.breach(f"{len(late)} errors outside the faults' windows, e.g. {late[0]}")
    if waiting or differ:
        check.breach(f"outbox {waiting}, index differs for advisors {differ[:10]}")

    check.requests = len(records)
    check.server_errors = 0  # judged per fault above
    check.figures = (
        f"{duration:.0f} s of load; {confirmed} profile edits confirmed, {len(lost_edits)} lost; "
        f"outbox {waiting} left; index = database for {documents - len(differ)}/{documents} advisors"
    )
    check.table = "Faults under load (drills/load.py):\n" + fault_table(rows)
    return check
