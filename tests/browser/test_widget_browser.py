"""A chamber embeds the OM advisor search in its own website (another origin): the widget shows
the chamber's preset region, searches, and links to the profiles on the OM site."""

import functools
import http.server
import io
import threading

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from directory.models import ConsultingTopic, FederalState
from tests.factories import make_site_with_home, published_advisor, tree_root

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PARTNER_PAGE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>IHK Musterstadt – Beratung finden</title></head>
<body><main><h1>Beratung finden</h1>
<p>Unsere Mitglieder finden geprüfte Beraterinnen und Berater in NRW:</p>
<div data-om-beratersuche data-land="NW"></div>
<script src="{om}/static/js/embed.js" async></script>
</main></body></html>
"""


@pytest.fixture
def advisors():
    tree_root()
    make_site_with_home()
    digital = ConsultingTopic.objects.get(name="Digitalisierung")
    for name, postcode, state in [
        ("Anna Albers", "50667", "NW"),
        ("Bernd Brandt", "53113", "NW"),
        ("Eva Ernst", "80331", "BY"),
    ]:
        advisor = published_advisor(name=name, postcode=postcode)
        advisor.topics.set([digital] if name != "Bernd Brandt" else [])
        advisor.states_served.set([FederalState.objects.get(code=state)])
        advisor.save()
    call_command("rebuild_directory_index", stdout=io.StringIO())


@pytest.fixture
def partner_site(tmp_path, live_server):
    """The chamber's website: a plain HTML page served from another origin (127.0.0.1, own port)."""
    (tmp_path / "index.html").write_text(PARTNER_PAGE.replace("{om}", live_server.url), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_the_embedded_search_works_on_a_partner_site(page, advisors, partner_site, live_server, assert_accessible):
    assert not partner_site.startswith(live_server.url)  # really another origin
    page.goto(partner_site)
    widget = page.frame_locator("iframe[title='Beratersuche der Offensive Mittelstand']")
    expect(widget.locator("#treffer")).to_have_text("2 Beratende gefunden")  # the chamber's preset: NRW

    widget.get_by_label("Was suchen Sie?").fill("Digitalisierung")
    widget.get_by_role("button", name="Suchen").click()
    # The frame navigates: wait for the new result page rather than reading the old one.
    expect(widget.locator("#treffer")).to_have_text("1 beratende Person gefunden")
    assert page.url == partner_site  # the partner's page stays; only the frame navigated

    with page.expect_popup() as opened:
        widget.get_by_role("link", name="Anna Albers").click()
    profile = opened.value
    profile.wait_for_load_state()
    assert profile.url.startswith(live_server.url + "/berater/")
    assert profile.get_by_role("heading", level=1).inner_text() == "Anna Albers"

    frame = page.locator("iframe[title='Beratersuche der Offensive Mittelstand']")
    page.wait_for_function("() => document.querySelector('iframe').style.height !== ''")
    assert frame.bounding_box()["height"] >= 200  # sized to its content by the widget's message

    page.goto(f"{live_server.url}/berater/widget/?land=NW")
    assert_accessible("Widget")
