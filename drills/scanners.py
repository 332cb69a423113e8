"""Web scanners against the drill site: wapiti (logged out over the whole site, logged in as an
advisor over the self-service) and sqlmap against the searches, the directory filters and the
partner API. Both run with bounded times; rate limits are raised for them (the abuse drill
checks the limits), so that their attacks reach the code instead of a 429."""

import json
import re
import subprocess
from collections import Counter
from urllib.parse import urlsplit

from drills import accounts
from drills.report import Check
from drills.site import BASE, TOOLS

RAISED_LIMITS = {"SEARCH_RATE": "100000/m", "PARTNER_API_RATE": "100000/m"}
WAPITI_MODULES = "xss,permanentxss,sql,exec,file,crlf,redirect,http_headers,csp,cookieflags,methods"
# Logged in, the headers and cookies are the same as logged out: only the injection modules.
WAPITI_MODULES_SIGNED_IN = "xss,permanentxss,sql,exec,file,crlf,redirect"
LEVELS = {0: "info", 1: "low", 2: "medium", 3: "high", 4: "critical"}
FILTERS = "q=Energie&plz=53111&umkreis=100&thema=digitalisierung&branche=logistik&land=NW&register=bafa&sprache=de"
FILTERS_URL = f"/berater/?{FILTERS}&zugang=standard&sterne=4&sortierung=geprueft&seite=1"
SQLMAP_TARGETS = [
    "/suche/?q=Umweltcheck&art=&von=&bis=&seite=1",
    FILTERS_URL,
    f"/api/v1/berater?{FILTERS}&sterne=4&seite=1&pro_seite=10",
    "/api/v1/berater/{slug}",
]


def _wapiti(site, name, start, modules, scan_seconds, attack_seconds, exclude, cookie_file=None):
    out = site.workdir / f"{name}.json"
    command = [
        str(TOOLS / "wapiti"), "-u", BASE + start, "--scope", "folder", "-m", modules,
        "--max-scan-time", str(scan_seconds), "--max-attack-time", str(attack_seconds),
        "-H", f"X-Drill: {name}", "-H", f"X-Forwarded-For: 192.0.2.{60 + len(name)}",
        "--flush-session", "--store-session", str(site.workdir / f"{name}-session"),
        "--tasks", "4", "--verify-ssl", "0", "-f", "json", "-o", str(out),
        # Bounded crawl: every page type and form is reached; not every page of every search.
        "-d", "3", "--max-links-per-page", "25", "--max-files-per-dir", "15",
        # The directory's facet form repeats each filter once per value (45 fields): attacking
        # each copy took minutes. It is dropped; FILTERS_URL below carries each filter once.
        "--max-parameters", "15",
        "-s", BASE + FILTERS_URL, "-s", BASE + FILTERS_URL.replace("/berater/", "/berater/widget/"),
    ]  # fmt: skip
    for path in exclude:
        command += ["-x", BASE + path]
    if cookie_file:
        command += ["-c", str(cookie_file)]
    log = open(site.workdir / f"{name}.log", "w")  # noqa: SIM115 - the scanner writes it while it runs
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT), out


def _wapiti_check(site, name, label, process, out):
    process.wait()
    check = Check("wapiti", label)
    if not out.exists():
        check.breach(f"wapiti wrote no report: {(site.workdir / f'{name}.log').read_text()[-1500:]}")
        return check
    report = json.loads(out.read_text())
    found = [(kind, v) for kind, items in report["vulnerabilities"].items() for v in items]
    anomalies = [(kind, v) for kind, items in report["anomalies"].items() for v in items]
    check.findings = dict(Counter(LEVELS[v["level"]] for _, v in found)) or {"none": 0}
    check.requests, check.server_errors = site.requests_of(name)
    check.figures = f"{report['infos']['crawled_pages_nbr']} URLs crawled, {len(anomalies)} anomalies"
    for kind, v in found:
        if v["level"] >= 2:
            check.breach(f"{kind} ({LEVELS[v['level']]}): {v['method']} {v['path']} {v.get('parameter', '')}")
    for kind, v in anomalies:
        check.breach(f"anomaly {kind}: {v['method']} {v['path']} {v.get('parameter', '')}")
    return check


def _cookie_file(site, session):
    host = urlsplit(BASE).hostname
    jar = {
        c.name: {"value": c.value, "expires": None, "secure": True, "port": None, "version": 0} for c in session.cookies
    }
    path = site.workdir / "wapiti-cookies.json"
    path.write_text(json.dumps({host: {"/": jar}}))
    return path


def _sqlmap(site, n, url):
    log = open(site.workdir / f"sqlmap-{n}.log", "w")  # noqa: SIM115 - sqlmap writes it while it runs
    command = [
        str(TOOLS / "sqlmap"), "-u", url, "--batch", "--flush-session",
        "--output-dir", str(site.workdir / f"sqlmap-{n}"),
        "--level", "1", "--risk", "1", "--threads", "4", "--timeout", "15", "--retries", "1", "--disable-coloring",
        # Boolean, error, union, stacked and inline queries; time-based blind (T) would add minutes
        # of deliberate sleeps per parameter to every CI run.
        "--technique", "BEUSQ",
        "--headers", f"X-Drill: sqlmap\nX-Forwarded-For: 192.0.2.{70 + n}", "--skip-waf",
    ]  # fmt: skip
    return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT), site.workdir / f"sqlmap-{n}.log"


def sqlmap(site, runs):
    check = Check("sqlmap", "searches, directory filters, API")
    findings, refuted = [], 0
    for process, log in runs:
        process.wait()
        output = log.read_text()
        for claim in re.finditer(r"parameter '([^']+)' (?:is|appears to be) '([^']+)' injectable", output):
            # sqlmap checks its own claims: a slow answer on a busy machine looks like a stacked
            # query's delay until the false-positive test (boolean comparisons) refutes it.
            if f"parameter '{claim.group(1)}' does not seem to be injectable" in output[claim.end() :]:
                refuted += 1
            else:
                findings.append(claim.groups())
        if "all tested parameters do not appear to be injectable" not in output:
            check.breach(f"sqlmap did not finish its tests: {output[-800:]}")
    check.findings = {"injectable": len(findings)}
    check.requests, check.server_errors = site.requests_of("sqlmap")
    check.figures = f"{len(SQLMAP_TARGETS)} URLs, every parameter" + (
        f"; {refuted} claims refuted by sqlmap's own false-positive test" if refuted else ""
    )
    for parameter, technique in findings:
        check.breach(f"parameter {parameter}: {technique}")
    return check


def run(site):
    from directory.models import Advisor, AdvisorStatus

    site.start(**RAISED_LIMITS)
    advisor = site.client("wapiti-advisor", "192.0.2.59")
    profile, email, password = accounts.advisor(3)
    site.post_form(advisor, "/konto/login/", {"login": email, "password": password})
    cookies = _cookie_file(site, advisor)
    published = Advisor.objects.filter(status=AdvisorStatus.PUBLISHED).exclude(pk=profile.pk).first()
    # All scans at once: each is bounded, and the wall time is that of the longest.
    outside = _wapiti(site, "wapiti", "/", WAPITI_MODULES, 20, 3, ["/admin/*", "/konto/logout/*"])
    inside = _wapiti(
        site, "wapiti-advisor", "/mein-profil/", WAPITI_MODULES_SIGNED_IN, 12, 3,
        ["/konto/logout/*", "/mein-profil/konto-loeschen/*", "/mein-profil/*/loeschen/*"], cookies,
    )  # fmt: skip
    sqlmap_runs = [
        _sqlmap(site, n, BASE + target.format(slug=published.slug)) for n, target in enumerate(SQLMAP_TARGETS)
    ]
    checks = [
        _wapiti_check(site, "wapiti", "whole site, logged out", *outside),
        _wapiti_check(site, "wapiti-advisor", "self-service, as an advisor", *inside),
        sqlmap(site, sqlmap_runs),
    ]
    site.start()
    return checks
