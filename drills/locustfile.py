"""The load of the fault drill (run by drills/load.py with locust, headless): visitors read pages
and search, advisors edit their profile. Every request is written to OM_DRILL_REQUEST_LOG with its
time, method, status and, for searches, who answered (X-Search-Answer: engine/database), and every
profile edit with the text it saved, so that drills/load.py can judge each fault's window: errors,
who answered, and whether an edit the site confirmed got lost."""

import itertools
import json
import os
import random
import re
import time

from locust import HttpUser, between, events, task

LOG = open(os.environ["OM_DRILL_REQUEST_LOG"], "a", buffering=1)  # noqa: SIM115 - open for the whole run
PROFILES = os.environ["OM_DRILL_PROFILES"].split(",")
ADVISORS = json.loads(os.environ["OM_DRILL_ADVISORS"])  # [{"email", "password", "fields"}]
CERT = os.environ["OM_DRILL_CERT"]
WORDS = ["Energie", "Digitalisierung", "Nachfolge", "Umweltcheck", "KI", "Arbeitsschutz", "Qualität"]
PAGES = ["/", "/neuigkeiten/", "/produkte/", "/termine/", "/sitzungen/beschluesse/"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
addresses = itertools.count(1)
MIX = random.Random(2026)  # noqa: S311 - picks pages for the load mix, nothing secret
advisors = itertools.cycle(ADVISORS)


@events.request.add_listener
def record(request_type, name, response_time, response_length, response=None, exception=None, context=None, **_):
    status = getattr(response, "status_code", 0) or 0
    headers = getattr(response, "headers", None) or {}
    entry = {"t": time.time(), "method": request_type, "name": name, "status": status}
    if headers.get("X-Search-Answer"):
        entry["answer"] = headers["X-Search-Answer"]
    if context:
        entry.update(context)
    LOG.write(json.dumps(entry) + "\n")


class Base(HttpUser):
    abstract = True

    def on_start(self):
        self.client.trust_env = False  # REQUESTS_CA_BUNDLE would replace the drill certificate
        self.client.verify = CERT
        n = next(addresses)  # each simulated person has their own address (rate limits count per address)
        self.client.headers.update(
            {"X-Forwarded-For": f"10.77.{n // 250}.{n % 250 + 1}", "X-Drill": "load", "Referer": self.host + "/"}
        )

    def get(self, path, name):
        with self.client.get(path, name=name, catch_response=True) as response:
            response.success() if response.status_code < 500 else response.failure(str(response.status_code))


class Visitor(Base):
    weight = 4
    wait_time = between(0.5, 1.5)

    @task(3)
    def page(self):
        self.get(MIX.choice(PAGES), "page")

    @task(3)
    def profile(self):
        self.get(MIX.choice(PROFILES), "profile")

    @task(3)
    def directory_search(self):
        self.get(f"/berater/?q={MIX.choice(WORDS)}", "directory search")

    @task(2)
    def site_search(self):
        self.get(f"/suche/?q={MIX.choice(WORDS)}", "site search")


class Advisor(Base):
    weight = 1
    wait_time = between(1, 3)

    def on_start(self):
        super().on_start()
        self.me = next(advisors)
        self.signed_in = False

    def form(self, path, data, name, context=None):
        page = self.client.get(path, name=name)
        token = CSRF.search(page.text or "")
        if not token:
            return page
        return self.client.post(
            path, data={**data, "csrfmiddlewaretoken": token.group(1)}, name=name, allow_redirects=False,
            context=context or {},
        )  # fmt: skip

    @task
    def edit_profile(self):
        if not self.signed_in:
            answer = self.form("/konto/login/", {"login": self.me["email"], "password": self.me["password"]}, "login")
            self.signed_in = answer.status_code == 302 and "/mein-profil/" in answer.headers.get("Location", "")
            return
        short = f"{self.me['fields']['short_profile'][:200]} (Stand {time.time():.3f})"
        context = {"account": self.me["email"], "saved": short}  # a 302 confirms it was saved
        self.form("/mein-profil/profil/", {**self.me["fields"], "short_profile": short}, "profile edit", context)
