"""Abuse limits: 20 wrong passwords on the advisors' and the admin login, 15 wrong second-factor
codes in three sessions, and bursts against the public forms, the searches and the API.
Every burst comes from its own client address."""

import datetime
import re
import time

from drills import accounts
from drills.report import Check
from drills.site import BASE

DRILL = "abuse"
WRONG_PASSWORDS = 20
MAX_FAILURES_BEFORE_LOCK = 5
LOCKED = {"advisor": "Zu viele", "admin": "Zu viele fehlgeschlagene Anmeldungen"}


def lockout(site, kind):
    check = Check("drill", f"lockout, {'advisor' if kind == 'advisor' else 'admin'} login")
    session = site.client(DRILL, "192.0.2.20" if kind == "advisor" else "192.0.2.21")
    if kind == "advisor":
        _, account, password = accounts.advisor(2)
        path, fields = "/konto/login/", lambda pw: {"login": account, "password": pw}
    else:
        account, password, _ = accounts.staff("drill-lockout")
        path, fields = "/admin/login/", lambda pw: {"username": account, "password": pw}
    logged_before = len(site.log_lines(f"konto={account} "))
    locked_at = None
    for attempt in range(1, WRONG_PASSWORDS + 1):
        answer = site.post_form(session, path, fields(f"falsch-{attempt}-{password}"))
        if answer.status_code >= 500:
            break
        if locked_at is None and LOCKED[kind] in answer.text:
            locked_at = attempt
    right = site.post_form(session, path, fields(password))
    signed_in = right.status_code == 302
    logged = len(site.log_lines(f"konto={account} ")) - logged_before
    check.requests, check.server_errors = site.requests_of(DRILL)
    failures = (locked_at or WRONG_PASSWORDS + 1) - 1
    check.figures = (
        f"locked after {failures} failures; right password {'ACCEPTED' if signed_in else 'refused'}; "
        f"{logged} log lines for {WRONG_PASSWORDS + 1} refusals"
    )
    if failures > MAX_FAILURES_BEFORE_LOCK:
        check.breach(f"not locked after {MAX_FAILURES_BEFORE_LOCK} wrong passwords")
    if signed_in:
        check.breach("the right password was accepted while locked")
    if logged < WRONG_PASSWORDS + 1:
        check.breach(f"only {logged} of {WRONG_PASSWORDS + 1} refused logins were logged")
    return check


def second_factor_guessing(site, sessions=3, per_session=5):
    """Audit 18.3: wrong TOTP codes in several fresh sessions, each from another address (the
    password is known to the attacker), then the right code. The budget is per account: the right
    code must be refused once 5 wrong ones were sent, and every wrong code and refusal logged."""
    check = Check("drill", "second-factor guessing, staff")
    account, password, secret = accounts.staff("drill-totp-guess")
    logged_before = len(site.log_lines("Zweiter Faktor"))
    locked_at, attempt = None, 0
    for n in range(sessions):
        session = site.client(DRILL, f"192.0.2.{50 + n}")
        site.post_form(session, "/admin/login/", {"username": account, "password": password})
        for _ in range(per_session):
            attempt += 1
            answer = site.post_form(session, "/konto/zweiter-faktor/?next=/admin/", {"code": "000000"})
            if answer.status_code >= 500:
                break
            if locked_at is None and (answer.status_code == 429 or "Zu viele falsche Codes" in answer.text):
                locked_at = attempt
    session = site.client(DRILL, "192.0.2.59")
    signed_in, _ = accounts.sign_in_staff(site, session, account, password, secret)
    logged = len(site.log_lines("Zweiter Faktor")) - logged_before
    check.requests, check.server_errors = site.requests_of(DRILL)
    failures = (locked_at or attempt + 1) - 1
    check.figures = (
        f"{attempt} wrong codes in {sessions} sessions: locked after {failures}; right code "
        f"{'ACCEPTED' if signed_in else 'refused'}; {logged} log lines for {attempt + 1} codes"
    )
    if failures > MAX_FAILURES_BEFORE_LOCK:
        check.breach(f"not locked after {MAX_FAILURES_BEFORE_LOCK} wrong codes (counted per session?)")
    if signed_in:
        check.breach("the right code was accepted after the budget of wrong codes was used up")
    if logged < attempt + 1:
        check.breach(f"only {logged} of {attempt + 1} wrong or refused codes were logged")
    return check


def burst(site, name, address, send, limit, window=3600, extra=5):
    """Sends limit + extra requests; the first 429 must come right after the limit, no 5xx.
    Our limits count in fixed windows: a burst must not straddle the start of a new one."""
    check = Check("drill", f"429 burst, {name}")
    remaining = window - time.time() % window
    # A minute's burst of 125 searches can take longer than what is left of the minute (the site
    # search alone ran past it): such bursts start at a fresh window, hourly ones unless it is about to end.
    if window <= 60 or remaining < 12:
        time.sleep(remaining + 0.5)
    drill = f"{DRILL}-{name}"
    session = site.client(drill, address)
    statuses = [send(session) for _ in range(limit + extra)]
    first = next((n for n, status in enumerate(statuses, 1) if status == 429), None)
    check.requests, check.server_errors = site.requests_of(drill)
    check.figures = f"limit {limit}: first 429 at request {first}, {statuses.count(429)} × 429"
    if first != limit + 1:
        check.breach(f"expected the first 429 at request {limit + 1}, got {first} (statuses {statuses})")
    if any(status != 429 for status in statuses[limit:]):
        check.breach("requests beyond the limit were answered")
    return check


def _signup(site):
    counter = iter(range(10_000))

    def send(session):
        data = {"email": f"burst{next(counter)}@drill.invalid", "password1": "x", "password2": "y"}
        return site.post_form(session, "/konto/signup/", data).status_code

    return send


def _contact(site, profile):
    path = profile.get_absolute_url()
    state = {}

    def send(session):
        if "started" not in state:  # a real visitor needs a few seconds to write (the form checks it)
            state["started"] = re.search(r'name="started" value="([^"]+)"', session.get(BASE + path).text).group(1)
            time.sleep(3.5)
        data = {"name": "Erika Beispiel", "email": "erika@drill.invalid", "message": "Bitte um Rückruf.",
                "privacy": "on", "started": state["started"]}  # fmt: skip
        return site.post_form(session, path, data).status_code

    return send


def _rating_token():
    from django.utils import timezone

    from core.tokens import token_hash
    from directory.models import Advisor, AdvisorStatus
    from ratings.models import Engagement

    token = "drill-rating-burst"  # noqa: S105 - an invitation token of the drill database, not a password
    Engagement.objects.get_or_create(
        token_hash=token_hash(token),
        defaults={
            "advisor": Advisor.objects.filter(status=AdvisorStatus.PUBLISHED).first(),
            "company": "Drill-Betrieb GmbH (erfunden)",
            "contact_email": "inhaber@drill.invalid",
            "month": timezone.localdate().replace(day=1),
            "expires_at": timezone.now() + datetime.timedelta(days=30),
        },
    )
    return token


def run(site):
    from django.conf import settings

    from core.ratelimit import parse_rate
    from directory.models import Advisor, AdvisorStatus

    checks = [lockout(site, "advisor"), lockout(site, "admin"), second_factor_guessing(site)]
    # Only a profile whose advisor has an address shows the contact form.
    profile = Advisor.objects.filter(status=AdvisorStatus.PUBLISHED, user__email__contains="@").last()
    token = _rating_token()
    search_limit, api_limit = parse_rate(settings.SEARCH_RATE), parse_rate(settings.PARTNER_API_RATE)

    def get(path):
        return lambda session: session.get(BASE + path, timeout=30).status_code

    checks += [
        burst(site, "sign-up", "192.0.2.30", _signup(site), 20),
        burst(site, "contact form", "192.0.2.31", _contact(site, profile), 5),
        burst(site, "rating", "192.0.2.32", lambda s: site.post_form(s, f"/bewertung/{token}/", {}).status_code, 20),
        burst(site, "site search", "192.0.2.33", get("/suche/?q=Umweltcheck"), *search_limit),
        burst(site, "directory search", "192.0.2.34", get("/berater/?q=Energie"), *search_limit),
        burst(site, "partner API", "192.0.2.35", get("/api/v1/berater"), *api_limit),
    ]
    return checks
