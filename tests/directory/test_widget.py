"""The embeddable search: framable by partner sites (and only it), presets kept, bad input explained."""

import io

import pytest
from django.core.management import call_command

from directory.models import FederalState
from tests.factories import published_advisor

pytestmark = pytest.mark.django_db


@pytest.fixture
def advisors():
    for name, state in (("Anna Albers", "NW"), ("Eva Ernst", "BY")):
        advisor = published_advisor(name=name)
        advisor.states_served.set([FederalState.objects.get(code=state)])
        advisor.save()
    call_command("rebuild_directory_index", stdout=io.StringIO())


def test_only_the_widget_may_be_framed_by_other_sites(client, advisors):
    widget = client.get("/berater/widget/")
    assert "X-Frame-Options" not in widget and "frame-ancestors *" in widget["Content-Security-Policy"]
    page = client.get("/berater/")
    assert page["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in page["Content-Security-Policy"]


def test_presets_filter_and_stay_in_the_form(client, advisors):
    html = client.get("/berater/widget/", {"land": "NW", "q": ""}).content.decode()
    assert "1 beratende Person gefunden" in html and "Anna Albers" in html and "Eva Ernst" not in html
    assert '<input type="hidden" name="land" value="NW">' in html
    assert 'target="_blank" rel="noopener"' in html and "Wie die Reihenfolge entsteht" in html


def test_bad_input_is_explained_and_kept(client, advisors):
    html = client.get("/berater/widget/", {"land": "NW", "plz": "1234", "q": "Nachfolge"}).content.decode()
    assert "Postleitzahl: Bitte eine fünfstellige Postleitzahl angeben." in html
    assert 'value="1234"' in html and 'value="Nachfolge"' in html
    assert client.post("/berater/widget/").status_code == 405
