"""Limits a visitor notices: a flood of sign-ups gets a German 429 page (allauth renders our
429.html), and the CSRF cookie is out of reach of scripts."""

import pytest

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
