"""Two app servers, one site (issue 21.3): requests go straight to each gunicorn (as nginx passes them:
its Host, X-Forwarded-Proto and X-Forwarded-For), alternating, and what one server learnt the other
must know — they share PostgreSQL, Redis and the engine, nothing lives in a server's memory:

- login lockout: wrong passwords sent to either server count together (locked after 5);
- sessions: signed in on one, signed in on the other;
- publishing: a page unpublished through one server's admin is gone from the other's menu at once
  (no stale menu), and back after it is published again;
- rate limits: a client's searches on both servers count against one limit (SEARCH_RATE);
- none answering: with both stopped, nginx answers with the German page (its status stays 502), and
  the site is back once they are."""

import time

import requests

from drills import accounts
from drills.report import Check
from drills.site import APP_PORTS, BASE, PORT

DRILL = "servers"
LOCK_AFTER = 5


class Direct(requests.Session):
    """A browser session whose requests reach one app server directly, dressed as nginx dresses
    them. Cookies are kept over plain HTTP (they are Secure: the browser got them over TLS)."""

    def __init__(self, site, port, address):
        super().__init__()
        self.trust_env = False
        self.origin = f"http://127.0.0.1:{port}"
        self.headers.update(
            {"Host": f"127.0.0.1:{PORT}", "X-Forwarded-Proto": "https", "X-Forwarded-For": f"{address}, 127.0.0.1",
             "X-Drill": DRILL, "User-Agent": f"om-drill/{DRILL}", "Referer": f"{BASE}/"}
        )  # fmt: skip

    def request(self, method, url, *args, **kwargs):
        response = super().request(method, url.replace(BASE, self.origin), *args, **kwargs)
        for cookie in self.cookies:
            cookie.secure = False
        return response

    def post_form(self, path, data):
        import re

        page = self.get(BASE + path, timeout=30)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        payload = {**data, "csrfmiddlewaretoken": token.group(1) if token else ""}
        return self.post(BASE + path, data=payload, timeout=30, allow_redirects=False)


def pair(site, address):
    """The same person (address, cookies) on both app servers: (a, b) sharing one cookie jar."""
    a, b = Direct(site, APP_PORTS[0], address), Direct(site, APP_PORTS[1], address)
    b.cookies = a.cookies
    return a, b


def lockout(site):
    _, email, password = accounts.advisor(8)
    a, b = pair(site, "192.0.2.80")
    answers = [(a if n % 2 else b).post_form("/konto/login/", {"login": email, "password": f"falsch-{n}"}) for n in
               range(LOCK_AFTER)]  # fmt: skip
    refused = [s.post_form("/konto/login/", {"login": email, "password": password}).status_code != 302 for s in (a, b)]
    ok = all(r.status_code == 200 for r in answers) and all(refused)
    return ok, f"{LOCK_AFTER} wrong passwords alternating: right one refused on {sum(refused)}/2 servers"


def session(site):
    _, email, password = accounts.advisor(9)
    a, b = pair(site, "192.0.2.81")
    signed_in = a.post_form("/konto/login/", {"login": email, "password": password}).status_code == 302
    other = b.get(f"{BASE}/mein-profil/", timeout=30, allow_redirects=False)
    ok = signed_in and other.status_code == 200
    return ok, f"signed in on {APP_PORTS[0]}: /mein-profil/ on {APP_PORTS[1]} HTTP {other.status_code}"


def publishing(site):
    from wagtail.models import Page, Site

    root = Site.objects.get(is_default_site=True).root_page
    page = min(root.get_children().live().in_menu().specific(), key=lambda p: p.get_descendants().count())
    link = f'href="{page.url}"'
    a, b = pair(site, "192.0.2.82")
    signed_in, _ = accounts.sign_in_staff(site, a, *accounts.staff("drill-servers"))
    before = b.get(f"{BASE}/", timeout=30).text.count(link)
    unpublished = a.post_form(f"/admin/pages/{page.pk}/unpublish/", {}).status_code == 302
    gone = b.get(f"{BASE}/", timeout=30).text.count(link)
    Page.objects.get(pk=page.pk).specific.get_latest_revision().publish()  # back for the other drills
    back = b.get(f"{BASE}/", timeout=30).text.count(link)
    ok = signed_in and unpublished and before > 0 and gone == 0 and back > 0
    return ok, (
        f"'{page.title}' unpublished on {APP_PORTS[0]}: links on {APP_PORTS[1]}'s home page {before} → {gone}, "
        f"published again → {back}"
    )


def rate_limit(site):
    from django.conf import settings

    from core.ratelimit import parse_rate

    limit, _ = parse_rate(settings.SEARCH_RATE)
    a, b = pair(site, "192.0.2.83")
    statuses = [(a if n % 2 else b).get(f"{BASE}/berater/?q=Energie", timeout=30).status_code for n in range(limit + 2)]
    let_through = statuses.count(200)
    ok = let_through == limit and statuses[limit:] == [429, 429]
    return ok, f"{limit}/min per address: {let_through} answered across both, then {statuses[limit:]}"


def none_answering(site):
    site.stop_apps()
    try:
        answer = site.client(DRILL, "192.0.2.84").get(f"{BASE}/neuigkeiten/", timeout=30)
    finally:
        site.start(**site.settings)
    german = '<html lang="de">' in answer.text and "Die Website ist gerade nicht erreichbar" in answer.text
    back = site.client(DRILL, "192.0.2.84").get(f"{BASE}/neuigkeiten/", timeout=30).status_code
    ok = answer.status_code == 502 and german and back == 200
    page = "German page" if german else "not the German page"
    return ok, f"both stopped: HTTP {answer.status_code}, {page}; started again: HTTP {back}"


def run(site):
    started = time.monotonic()
    checks = []
    for name, proof in [("login lockout", lockout), ("session", session), ("publish, no stale menu", publishing),
                        ("rate limit", rate_limit), ("none answering", none_answering)]:  # fmt: skip
        check = Check("drill", f"two app servers: {name}")
        ok, check.figures = proof(site)
        if not ok:
            check.breach(f"the app servers disagree: {check.figures}")
        checks.append(check)
    requests_made, errors = site.requests_of(DRILL, log=site.app_access_log)
    checks[0].requests, checks[0].server_errors = requests_made, errors
    checks[-1].figures += f" ({time.monotonic() - started:.0f} s for the five)"
    return checks
