import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "home": "/",
    "news-article": "/neuigkeiten/zusatzqualifikation-ki/",
    "news-index": "/neuigkeiten/",
    "meeting": "/sitzungen/strategiekreis-2021-04-22/",
    "decision-register": "/sitzungen/beschluesse/",
    "product": "/produkte/umweltcheck/",
    "event": "/termine/ag-umweltcheck-2021-05-28/",
    "network": "/netzwerke/owl/",
    "transfer-list": "/transfer/",
    "advisor-profile": "/berater/anna-albers-bonn/",
}


@pytest.fixture
def demo_site(demo_snapshot):
    demo_snapshot.restore()


def test_editorial_pages_are_accessible_at_desktop_and_phone_width(page, demo_site, assert_accessible, screenshot):
    for width, height, label in ((1280, 900, "desktop"), (390, 844, "mobile")):
        page.set_viewport_size({"width": width, "height": height})
        for name, url in PAGES.items():
            response = page.goto(url)
            assert response.status == 200, url
            assert_accessible(f"{name} ({label})")
            if name in ("home", "meeting", "decision-register"):
                screenshot(f"{name}-{label}")


def test_decision_register_filter_works_in_the_browser(page, demo_site):
    page.goto("/sitzungen/beschluesse/")
    rows_before = page.locator("table.register tbody tr").count()
    page.select_option("#filter-status", label="offen")
    page.get_by_role("button", name="Filtern").click()
    page.wait_for_url("**status=offen**")
    rows_after = page.locator("table.register tbody tr").count()
    assert 0 < rows_after < rows_before
    assert page.locator("table.register tbody").get_by_text("in Umsetzung").count() == 0
