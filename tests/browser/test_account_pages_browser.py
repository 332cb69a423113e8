"""Login and sign-up, empty and with errors, pass axe-core without a single violation (any impact)
on a desktop and a phone width."""

import pytest

from tests.factories import make_site_with_home

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_no_violations(assert_accessible, context):
    violations = assert_accessible(context)["violations"]
    assert not violations, f"axe on {context}: " + "; ".join(f"[{v['impact']}] {v['id']}" for v in violations)


def test_login_and_signup_pass_axe_at_desktop_and_phone_width(page, assert_accessible):
    make_site_with_home()
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/konto/login/")
        assert_no_violations(assert_accessible, f"login {width} px")
        page.fill("input[name=login]", "niemand@beispiel.invalid")
        page.fill("input[name=password]", "falsches-passwort-123")
        page.locator("main form button[type=submit]").click()
        assert page.locator(".form-errors").is_visible()
        assert_no_violations(assert_accessible, f"login with error {width} px")

        page.goto("/konto/signup/")
        assert_no_violations(assert_accessible, f"signup {width} px")
        page.fill("input[name=email]", "nina@beispiel.invalid")
        page.fill("input[name=password1]", "kurz")
        page.fill("input[name=password2]", "kurz")
        page.locator("main form button[type=submit]").click()
        assert page.locator(".field-error").first.is_visible()
        assert page.input_value("input[name=email]") == "nina@beispiel.invalid"
        assert_no_violations(assert_accessible, f"signup with errors {width} px")
