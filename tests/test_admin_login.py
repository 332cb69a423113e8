"""The Wagtail admin's login locks after repeated failures, like the advisors' login."""

import logging

import pytest

pytestmark = pytest.mark.django_db
PASSWORD = "ein-langes-passwort-123"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("redakteurin", "redaktion@om-site.invalid", PASSWORD)


def login(client, password, username="redakteurin", **extra):
    return client.post("/admin/login/", {"username": username, "password": password}, **extra)


def test_five_failures_lock_the_account_even_for_the_right_password(client, editor, caplog):
    with caplog.at_level(logging.WARNING, logger="om_site.security"):
        for _ in range(5):
            assert login(client, "falsch").status_code == 200
        assert "Admin-Anmeldung gesperrt: konto=redakteurin" in caplog.text
        assert caplog.text.count("Anmeldung fehlgeschlagen: konto=redakteurin") == 5
        response = login(client, PASSWORD)
    assert response.status_code == 200 and "Zu viele fehlgeschlagene Anmeldungen" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert "Admin-Anmeldung abgewiesen (gesperrt): konto=redakteurin adresse=127.0.0.1" in caplog.text


def test_the_lock_counts_per_account(client, editor, django_user_model):
    django_user_model.objects.create_superuser("kollege", "kollege@om-site.invalid", PASSWORD)
    for _ in range(5):
        login(client, "falsch", username="kollege")
    response = login(client, PASSWORD, username="redakteurin")  # another account: not locked
    assert response.status_code == 302


def test_one_address_trying_many_accounts_is_locked_too(client, editor):
    for n in range(20):
        login(client, "falsch", username=f"rate{n}")
    response = login(client, PASSWORD)
    assert "Zu viele fehlgeschlagene Anmeldungen" in response.content.decode()
    assert login(client, PASSWORD, REMOTE_ADDR="198.51.100.9").status_code == 302  # others may log in


def test_the_django_admin_with_its_own_unthrottled_login_is_gone(client):
    assert client.get("/django-admin/login/").status_code == 404
