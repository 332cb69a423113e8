"""On a phone-sized screen a visitor searches from the header, narrows the results to documents
and opens the PDF attachment; axe on every step."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(search_index, demo_snapshot):
    demo_snapshot.restore(index=True)


def test_phone_search_from_the_header_filter_by_type_open_a_pdf(page, demo_site, assert_accessible, screenshot):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    header_search = page.get_by_role("search", name="Website")
    assert not header_search.is_visible()  # on a phone the menu (with the search) is folded away
    menu = page.get_by_role("button", name="Menü")
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    header_search.get_by_label("Website durchsuchen").fill("Compliance")
    header_search.get_by_role("button", name="Suchen").click()
    page.wait_for_url("**/suche/?q=Compliance")
    assert page.locator("#treffer").inner_text().endswith("Treffer für „Compliance“")
    assert page.locator(".search-result mark").first.inner_text() == "Compliance"
    assert_accessible("Suchergebnisse (Telefon)")
    screenshot("site-search-phone")

    page.get_by_role("navigation", name="Ergebnisse nach Art").get_by_role("link", name="Dokumente").click()
    page.wait_for_url("**art=dokumente**")
    results = page.locator(".search-result")
    assert results.count() == 1
    assert results.first.locator(".search-result__kind").inner_text().startswith("Dokumente")
    assert results.first.get_by_role("link", name="4. Treffen des Strategiekreises").is_visible()
    assert_accessible("nur Dokumente (Telefon)")

    link = results.first.get_by_role("link", name="Compliance-Regelung der Offensive Mittelstand", exact=False)
    with page.expect_response(lambda response: response.url.endswith(".pdf")) as opened:
        link.click()
    pdf = opened.value
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    # Chromium shows the file in its PDF viewer, whose page replaces the body here: fetch it again.
    assert page.request.get(pdf.url).body().startswith(b"%PDF")
