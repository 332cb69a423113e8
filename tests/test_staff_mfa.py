"""Under the production rule every admin user passes a TOTP second factor before /admin/."""

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
