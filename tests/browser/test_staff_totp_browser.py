"""Under the production rule a new editor sets up TOTP on the first admin login, and every later
login asks for a current code. axe on every page of the way."""

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.contrib.auth.models import Group
from django.core.cache import cache

from tests.browser.helpers import log_in_to_admin
from tests.factories import tree_root

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "ein-langes-passwort-123"


def code_for(secret):
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def admin_login(page):
    log_in_to_admin(page, "redakteurin", PASSWORD, wait_for_dashboard=False)


def test_editor_sets_up_totp_then_needs_a_code_at_every_login(page, settings, django_user_model, assert_accessible):
    settings.OM_REQUIRE_STAFF_MFA = True
    tree_root()
    editor = django_user_model.objects.create_user("redakteurin", "redaktion@om-site.invalid", PASSWORD)
    editor.groups.add(Group.objects.get(name="Redaktion"))

    admin_login(page)
    # allauth asks for the password once more before a second factor is set up (it does not
    # trust a login it did not see itself); then the setup page follows.
    page.wait_for_url("**/konto/reauthenticate/**")
    assert_accessible("Zugriff bestätigen")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/konto/2fa/totp/activate/**")
    assert page.locator("img[src^='data:image/svg+xml']").is_visible()  # the QR code renders under the CSP
    assert_accessible("TOTP einrichten")
    secret = page.input_value("#authenticator_secret")
    page.fill("input[name=code]", "000000")
    page.locator("main form button[type=submit]").click()
    assert page.locator("input[name=code]").is_visible()  # a wrong code sets nothing up
    assert_accessible("TOTP einrichten mit Fehler")
    page.fill("input[name=code]", code_for(secret))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/konto/2fa/recovery-codes/")  # shown once, for a lost phone
    assert_accessible("Wiederherstellungscodes")
    page.goto("/admin/")
    assert page.url.endswith("/admin/")  # this session passed the second factor while setting it up

    admin_login(page)
    page.wait_for_url("**/konto/zweiter-faktor/**")
    assert_accessible("Zweiter Faktor")
    page.fill("input[name=code]", "000000")
    page.get_by_role("button", name="Bestätigen").click()
    assert "Der Code stimmt nicht" in page.locator(".field-error").inner_text()
    cache.clear()  # as if the next 30-second window had come: allauth refuses a code used twice
    page.fill("input[name=code]", code_for(secret))
    page.get_by_role("button", name="Bestätigen").click()
    page.wait_for_url("**/admin/")
    assert page.get_by_role("heading", level=1).first.is_visible()
