"""Under the production rule every admin user passes a TOTP second factor before /admin/."""

import logging
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from tests.test_deploy_settings import PRODUCTION_ENV, manage

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(django_user_model, settings):
    settings.OM_REQUIRE_STAFF_MFA = True
    return django_user_model.objects.create_superuser("chefin", "chefin@om-site.invalid", "ein-langes-passwort-123")


def current_code(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def test_staff_without_totp_must_set_it_up(client, staff):
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/konto/2fa/totp/activate/")


def test_staff_with_totp_must_enter_a_current_code(client, staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    client.force_login(staff)
    response = client.get("/admin/pages/")
    assert response.status_code == 302 and response["Location"] == "/konto/zweiter-faktor/?next=/admin/pages/"

    wrong = client.post("/konto/zweiter-faktor/?next=/admin/pages/", {"code": "000000"})
    assert "Der Code stimmt nicht" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302

    right = client.post("/konto/zweiter-faktor/?next=/admin/pages/", {"code": current_code(secret)})
    assert right.status_code == 302 and right["Location"] == "/admin/pages/"
    assert client.get("/admin/").status_code == 200


def test_five_wrong_codes_end_the_session(client, staff):
    TOTP.activate(staff, generate_totp_secret())
    client.force_login(staff)
    for _ in range(5):
        response = client.post("/konto/zweiter-faktor/", {"code": "123456"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert "_auth_user_id" not in client.session


def test_foreign_next_urls_are_not_followed(client, staff):
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    client.force_login(staff)
    response = client.post("/konto/zweiter-faktor/?next=https://boese.example/", {"code": current_code(secret)})
    assert response["Location"] == "/admin/"


def test_dev_settings_let_the_demo_admin_skip_the_second_factor(client, staff, settings):
    settings.OM_REQUIRE_STAFF_MFA = False
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200


def test_production_requires_the_second_factor_by_default():
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.OM_REQUIRE_STAFF_MFA)", env=PRODUCTION_ENV
    )
    assert result.stdout.strip().endswith("True"), result.stderr


def test_a_recovery_code_replaces_the_phone_once(client, staff):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    TOTP.activate(staff, generate_totp_secret())
    code = RecoveryCodes.activate(staff).get_unused_codes()[0]
    client.force_login(staff)
    assert client.post("/konto/zweiter-faktor/", {"code": code})["Location"] == "/admin/"
    client.logout()
    client.force_login(staff)
    again = client.post("/konto/zweiter-faktor/", {"code": code})
    assert again.status_code == 200 and "Der Code stimmt nicht" in again.content.decode()


# --- Audit finding 3: wrong codes are budgeted per account and per address, not per session.


def wrong_codes_in_fresh_sessions(client_class, user, sessions, per_session, address="203.0.113.9"):
    for _ in range(sessions):
        client = client_class(REMOTE_ADDR=address)
        client.force_login(user)
        for _ in range(per_session):
            client.post("/konto/zweiter-faktor/", {"code": "123456"})


def test_fifteen_wrong_codes_in_three_sessions_lock_the_account_even_for_the_right_code(staff, caplog):
    from django.test import Client

    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    with caplog.at_level(logging.WARNING, logger="om_site.security"):
        wrong_codes_in_fresh_sessions(Client, staff, sessions=3, per_session=5)
        client = Client(REMOTE_ADDR="198.51.100.77")  # another address does not help: the account is locked
        client.force_login(staff)
        refused = client.post("/konto/zweiter-faktor/", {"code": current_code(secret)})

    assert refused.status_code == 429 and "Zu viele falsche Codes" in refused.content.decode()
    assert client.get("/admin/").status_code == 302
    assert caplog.text.count("Zweiter Faktor falsch: konto=chefin adresse=203.0.113.9") == 5
    assert "Zweiter Faktor abgewiesen (gesperrt): konto=chefin adresse=198.51.100.77" in caplog.text


def test_recovery_codes_share_the_budget(client, staff):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from django.test import Client

    TOTP.activate(staff, generate_totp_secret())
    code = RecoveryCodes.activate(staff).get_unused_codes()[0]
    wrong_codes_in_fresh_sessions(Client, staff, sessions=1, per_session=5, address="127.0.0.1")
    client.force_login(staff)
    assert client.post("/konto/zweiter-faktor/", {"code": code}).status_code == 429


def test_one_address_guessing_for_many_accounts_is_locked(django_user_model, staff):
    from django.test import Client

    others = [
        django_user_model.objects.create_superuser(f"admin{n}", f"admin{n}@om-site.invalid", "ein-langes-passwort-123")
        for n in range(3)
    ]
    secret = generate_totp_secret()
    for user in [staff, *others]:
        TOTP.activate(user, secret if user == staff else generate_totp_secret())
    for user in others:  # 4 wrong codes each: no account reaches its own limit of 5
        wrong_codes_in_fresh_sessions(Client, user, sessions=1, per_session=4)
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.force_login(staff)
    assert client.post("/konto/zweiter-faktor/", {"code": current_code(secret)}).status_code == 429


def test_allauth_login_code_step_shares_the_budget_and_logs(client, staff, caplog):
    from allauth.account.models import EmailAddress
    from django.test import Client

    from tests.factories import make_site_with_home

    make_site_with_home()
    EmailAddress.objects.create(user=staff, email=staff.email, verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    wrong_codes_in_fresh_sessions(Client, staff, sessions=1, per_session=3)
    with caplog.at_level(logging.WARNING, logger="om_site.security"):
        for code in ("111111", "222222", current_code(secret)):
            client.post("/konto/login/", {"login": "chefin@om-site.invalid", "password": "ein-langes-passwort-123"})
            response = client.post("/konto/2fa/authenticate/", {"code": code})
    assert response.status_code == 200 and "_auth_user_id" not in client.session  # the right code came too late
    assert caplog.text.count("Zweiter Faktor falsch: konto=chefin adresse=127.0.0.1") == 2
    assert "Zweiter Faktor abgewiesen (gesperrt): konto=chefin" in caplog.text
