"""Limits a visitor notices: a flood of sign-ups gets a German 429 page (allauth renders our
429.html), the CSRF cookie is out of reach of scripts, and an hour's count lasts the hour."""

import datetime

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from core import ratelimit
from tests.factories import make_site_with_home

pytestmark = pytest.mark.django_db


def test_the_21st_sign_up_in_an_hour_from_one_address_is_refused_in_german(client):
    make_site_with_home()
    for n in range(20):
        data = {"email": f"person{n}@beispiel.invalid", "password1": "kurz", "password2": "anders"}
        assert client.post("/konto/signup/", data, REMOTE_ADDR="198.51.100.20").status_code == 200
    refused = client.post("/konto/signup/", data, REMOTE_ADDR="198.51.100.20")
    assert refused.status_code == 429
    assert "Zu viele Anfragen in kurzer Zeit" in refused.content.decode()
    assert client.post("/konto/signup/", data, REMOTE_ADDR="198.51.100.21").status_code == 200  # others may


def test_the_csrf_cookie_is_http_only_and_same_site(client):
    make_site_with_home()
    response = client.get("/konto/login/")
    cookie = response.cookies["csrftoken"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


@override_settings(
    CACHES={"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "om_cache"}}
)
def test_an_hourly_limit_still_counts_after_ten_quiet_minutes_on_the_database_cache():
    """The embedded default counts in the database cache, whose incr() stores with the cache's default
    timeout (5 minutes): without renewing the counter's own, an hourly limit forgot a flood at once."""
    call_command("createcachetable")  # as migrate does where the database is the cache
    start = datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        assert [ratelimit.exceeded("contact-ip", "198.51.100.22", 3, 3600) for _ in range(3)] == [False] * 3
    with time_machine.travel(start + datetime.timedelta(minutes=10), tick=False):
        assert ratelimit.exceeded("contact-ip", "198.51.100.22", 3, 3600)
