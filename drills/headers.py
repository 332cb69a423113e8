"""Security headers on every crawled public URL and the flags of every cookie the site sets."""

from urllib.parse import urlsplit

from drills import accounts
from drills.crawl import crawl
from drills.report import Check

DRILL = "headers"
SEEDS = [
    "/", "/suche/?q=Umweltcheck", "/berater/?q=Energie", "/berater/widget/", "/api/v1/berater", "/api/v1/vokabulare",
    "/api/v2/pages/", "/berater/export.csv", "/berater/export.json", "/robots.txt", "/sitemap.xml", "/konto/login/",
    "/konto/signup/", "/konto/password/reset/", "/healthz",
]  # fmt: skip
WIDGET = "/berater/widget/"  # partners embed it: frame-ancestors * by design
ONE_YEAR = 31_536_000
LIMIT = 400


def directives(csp):
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in csp.split(";")) if part}


def problems(url, response):
    headers = response.headers
    path = urlsplit(url).path
    found = []
    hsts = dict(p.strip().partition("=")[::2] for p in headers.get("Strict-Transport-Security", "").split(";"))
    if int(hsts.get("max-age") or 0) < ONE_YEAR:
        found.append("HSTS fehlt oder kürzer als ein Jahr")
    if headers.get("X-Content-Type-Options") != "nosniff":
        found.append("nosniff fehlt")
    if not headers.get("Referrer-Policy"):
        found.append("Referrer-Policy fehlt")
    if "text/html" in headers.get("Content-Type", ""):
        csp = directives(headers.get("Content-Security-Policy", ""))
        if csp.get("object-src") != ["'none'"]:
            found.append("CSP object-src nicht 'none'")
        if csp.get("base-uri") != ["'none'"]:
            found.append("CSP base-uri nicht 'none'")
        expected = ["*"] if path.startswith(WIDGET) else ["'none'"]
        if csp.get("frame-ancestors") != expected:
            found.append(f"CSP frame-ancestors {csp.get('frame-ancestors')} statt {expected}")
        if not path.startswith(WIDGET) and headers.get("X-Frame-Options") != "DENY":
            found.append("X-Frame-Options nicht DENY")
    return found


def cookie_problems(response):
    found = []
    for cookie in response.raw.headers.getlist("Set-Cookie"):
        name = cookie.split("=", 1)[0]
        flags = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
        missing = {"secure", "httponly", "samesite"} - flags
        if missing:
            found.append(f"Cookie {name} ohne {', '.join(sorted(missing))}")
    return found


def run(site):
    check = Check("crawler", "headers + cookies, public URLs")
    session = site.client(DRILL, "192.0.2.10")
    bad, urls = {}, 0
    for url, response in crawl(session, SEEDS, LIMIT, skip=("/admin/",)):
        urls += 1
        for problem in problems(url, response) + cookie_problems(response):
            bad.setdefault(problem, []).append(url)
    # The session cookie appears only at sign-in: an advisor's login and a staff login with TOTP.
    _, email, password = accounts.advisor(1)
    login = site.post_form(session, "/konto/login/", {"login": email, "password": password})
    signed_in, staff_answers = accounts.sign_in_staff(
        site, site.client(DRILL, "192.0.2.11"), *accounts.staff("drill-headers")
    )
    if not signed_in:
        check.breach("Staff-Anmeldung mit TOTP gelang nicht")
    cookies = set()
    for response in [login, *staff_answers]:
        cookies.update(c.split("=", 1)[0] for c in response.raw.headers.getlist("Set-Cookie"))
        for problem in cookie_problems(response):
            bad.setdefault(problem, []).append(response.url)
    check.requests, check.server_errors = site.requests_of(DRILL)
    share = 100 * (urls - len({u for us in bad.values() for u in us})) / max(urls, 1)
    check.figures = f"{urls} URLs, {share:.0f} % as specified"
    if "sessionid" not in cookies:
        check.breach("kein Sitzungs-Cookie bei der Anmeldung gesehen")
    for problem, where in bad.items():
        check.breach(f"{problem}: {len(where)} URLs, e.g. {where[0]}")
    return check
