"""Audit finding 4: one proxy setting (TRUSTED_PROXY_COUNT, read by core.clientip) drives every
limiter. With no trusted proxy, a client that rotates X-Forwarded-For, X-Real-IP and Forwarded on
every request is still one client: each rate-limited surface refuses it exactly after its limit."""

import logging
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core import signing
from django.test import RequestFactory, override_settings

from core import admin_login
from core.clientip import client_ip
from directory.contact import STARTED_SALT
from tests.factories import (
    NewsArticlePageFactory,
    NewsIndexPageFactory,
    RatingFactory,
    make_site_with_home,
    published_advisor,
)

pytestmark = pytest.mark.django_db
LIMIT = 3


def spoofed(n):
    """What a client invents to look like someone new on its n-th request."""
    return {
        "HTTP_X_FORWARDED_FOR": f"10.0.{n}.1, 10.9.{n}.2",
        "HTTP_X_REAL_IP": f"10.1.{n}.1",
        "HTTP_FORWARDED": f"for=10.2.{n}.1;proto=https",
        "HTTP_CLIENT_IP": f"10.3.{n}.1",
    }


def contact(client, n, world):
    started = signing.dumps(time.time() - 30, salt=STARTED_SALT)
    data = {"name": "Karl", "email": "karl@kunde.invalid", "message": "Bitte um Rückruf.", "privacy": "on"}
    return client.post(f"/berater/{world['advisor'].slug}/", {**data, "started": started}, **spoofed(n))


def konto_login(client, n, world):
    return client.post("/konto/login/", {"login": f"person{n}@beispiel.invalid", "password": "falsch"}, **spoofed(n))


def admin_login_attempt(client, n, world):
    return client.post("/admin/login/", {"username": f"person{n}", "password": "falsch"}, **spoofed(n))


def signup(client, n, world):
    data = {"email": f"neu{n}@beispiel.invalid", "password1": "kurz", "password2": "anders"}
    return client.post("/konto/signup/", data, **spoofed(n))


def report_rating(client, n, world):
    return client.post(f"/bewertung/melden/{world['rating'].pk}/", {"reason": ""}, **spoofed(n))


def second_factor(client, n, world):
    client.force_login(world["staff"])
    return client.post("/konto/zweiter-faktor/", {"code": "000000"}, **spoofed(n))


SURFACES = {  # name: (request, number allowed before the refusal)
    "Kontaktformular": (contact, LIMIT),
    "Anmeldung /konto/": (konto_login, LIMIT),
    "Anmeldung /admin/": (admin_login_attempt, LIMIT),
    "Registrierung": (signup, LIMIT),
    "Bewertung melden": (report_rating, 5),
    "Zweiter Faktor": (second_factor, LIMIT),
    "Suche /suche/": (lambda client, n, world: client.get("/suche/?q=KI", **spoofed(n)), LIMIT),
    "Suche /berater/": (lambda client, n, world: client.get("/berater/?q=KI", **spoofed(n)), LIMIT),
    "API /api/v1/": (lambda client, n, world: client.get("/api/v1/berater", **spoofed(n)), LIMIT),
    "API /api/v2/": (lambda client, n, world: client.get("/api/v2/pages/", **spoofed(n)), LIMIT),
}
LOW_LIMITS = {
    "SEARCH_RATE": f"{LIMIT}/m",
    "PARTNER_API_RATE": f"{LIMIT}/m",
    "ACCOUNT_RATE_LIMITS": {"login_failed": f"{LIMIT}/m/ip,50/15m/key", "signup": f"{LIMIT}/h/ip"},
    "OM_REQUIRE_STAFF_MFA": True,
}


@pytest.fixture
def world(django_user_model, monkeypatch):
    monkeypatch.setattr(admin_login, "LIMITS", [("admin-login-account", 50), ("admin-login-ip", LIMIT)])
    monkeypatch.setattr("directory.contact.LIMITS", [("contact-ip", LIMIT, 3600), ("contact-advisor", 50, 86400)])
    home = make_site_with_home()
    NewsArticlePageFactory(parent=NewsIndexPageFactory(parent=home))
    advisor = published_advisor(name="Anna Albers", slug="anna-albers")
    staff = django_user_model.objects.create_superuser("chefin", "chefin@om-site.invalid", "ein-langes-passwort-1")
    TOTP.activate(staff, generate_totp_secret())
    return {"advisor": advisor, "rating": RatingFactory(engagement__advisor=advisor), "staff": staff}


def refused(response, log_text):
    return response.status_code == 429 or "abgewiesen (gesperrt)" in log_text


@pytest.mark.parametrize("surface", SURFACES)
def test_rotating_forwarding_headers_does_not_reset_a_limit(client, world, caplog, surface):
    send, allowed = SURFACES[surface]
    with override_settings(**LOW_LIMITS), caplog.at_level(logging.WARNING, logger="om_site.security"):
        for n in range(allowed):
            caplog.clear()
            response = send(client, n, world)
            assert response.status_code < 500 and not refused(response, caplog.text), (surface, n)
        caplog.clear()
        response = send(client, allowed, world)
        assert refused(response, caplog.text), surface


def request_with(**meta):
    return RequestFactory().get("/", REMOTE_ADDR="192.0.2.10", **meta)


def test_the_one_setting_decides_whose_address_counts(settings):
    forwarded = {"HTTP_X_FORWARDED_FOR": "10.0.0.1, 198.51.100.4"}
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_with(**forwarded)) == "192.0.2.10"
    settings.TRUSTED_PROXY_COUNT = 1  # nginx appends the address it saw: the last entry
    assert client_ip(request_with(**forwarded)) == "198.51.100.4"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_with(**forwarded)) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies, or garbage: the socket address, no error
    assert client_ip(request_with(**forwarded)) == "192.0.2.10"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_with(HTTP_X_FORWARDED_FOR="<script>")) == "192.0.2.10"


def test_behind_one_proxy_clients_count_separately_on_both_apis(client, world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PARTNER_API_RATE = "2/m"
    for url in ("/api/v1/berater", "/api/v2/pages/"):
        assert [client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.1").status_code for _ in range(3)][-1] == 429
        assert client.get(url, HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.2").status_code == 200
