import pytest

from tests.factories import make_site_with_home

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_in_chromium_is_accessible(page, assert_accessible, screenshot):
    make_site_with_home(title="Offensive Mittelstand", intro="Gut für Deutschland.")
    page.goto("/")
    assert page.locator("h1").inner_text() == "Offensive Mittelstand"
    # The skip link is the first thing a keyboard user reaches, and it moves focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhalt"
    assert_accessible("Startseite")
    screenshot("home-minimal-desktop")
