"""The radar chart and the ratings on the profile: geometry, accessible text, the numbers table,
what is hidden until there are enough ratings, and the 36-month window."""

import datetime
import math
import re
import xml.etree.ElementTree as ET
from io import StringIO

import pytest
import time_machine

from ratings import radar
from ratings.models import CommentState, CriteriaVersion, RatingStatus
from ratings.summary import summary
from tests.factories import RatingFactory, published_advisor

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def value_at(x, y, centre, radius):
    """The value a chart point stands for: the inverse of radar.point()."""
    return math.hypot(x - centre[0], y - centre[1]) / radius * radar.SCALE


def rate(advisor, *score_rows, **fields):
    keys = [c.key for c in CriteriaVersion.current().criteria.all()]
    return [
        RatingFactory(engagement__advisor=advisor, scores=dict(zip(keys, row, strict=True)), **fields)
        for row in score_rows
    ]


def svg_of(html):
    return ET.fromstring(re.search(r"<svg class=\"radar\".*?</svg>", html, re.S).group(0))


def test_the_chart_is_valid_svg_whose_polygon_is_the_averages(client, advisor):
    rate(advisor, (5, 4, 3, 2, 1, 5), (4, 4, 3, 2, 2, 5), (3, 4, 3, 2, 3, 5))
    html = client.get(advisor.get_absolute_url()).text
    svg = svg_of(html)
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title").text, svg.find(f"{SVG}desc").text
    assert "Petra Prüfer" in title and "3,3 von 5 aus 3 Bewertungen" in title
    assert "Fachkompetenz 4,0 (n = 3)" in desc and "Nutzen für das Unternehmen 5,0 (n = 3)" in desc

    own = svg.find(f"{SVG}polygon[@class='radar__own']").get("points")
    points = [tuple(map(float, p.split(","))) for p in own.split()]
    chart = radar.chart(summary(advisor).axes)
    values = [round(value_at(x, y, chart.centre, chart.radius), 2) for x, y in points]
    assert values == [4.0, 4.0, 3.0, 2.0, 2.0, 5.0]
    for index, (x, y) in enumerate(points):  # each vertex lies on its own axis
        ax, ay = radar.point(index, 6, 5, chart.centre, chart.radius)
        cross = (ax - chart.centre[0]) * (y - chart.centre[1]) - (ay - chart.centre[1]) * (x - chart.centre[0])
        assert abs(cross) < 1

    rows = re.findall(r"<tr><th scope=\"row\">([^<]+)</th><td>([^<]+)</td><td>(\d+)</td>", html)
    assert rows[0] == ("Fachkompetenz", "4,0", "3") and rows[3] == ("Kommunikation und Verständlichkeit", "2,0", "3")


def test_the_median_of_all_published_advisors_is_drawn_faintly(client, advisor):
    rate(advisor, *[(5,) * 6] * 3)
    other = published_advisor(name="Otto Ohm")
    rate(other, *[(3,) * 6] * 3)
    html = client.get(advisor.get_absolute_url()).text
    median = svg_of(html).find(f"{SVG}polygon[@class='radar__median']").get("points")
    chart = radar.chart(summary(advisor).axes)
    x, y = map(float, median.split()[0].split(","))
    assert round(value_at(x, y, chart.centre, chart.radius), 2) == 4.0  # median of 5 and 3


def test_the_chart_waits_for_three_ratings(client, advisor):
    rate(advisor, (4,) * 6, (5,) * 6)
    html = client.get(advisor.get_absolute_url()).text
    assert '<svg class="radar"' not in html
    assert "Das Netzdiagramm erscheint ab drei geprüften Bewertungen" in html
    assert "4,5 von 5" in html and "aus 2 geprüften Bewertungen" in html


def test_comments_are_public_only_after_om_checked_them(client, advisor):
    pending, approved = rate(advisor, (4,) * 6, (4,) * 6)
    pending.comment, pending.comment_state = "Noch ungeprüft.", CommentState.PENDING
    pending.save()
    approved.comment, approved.comment_state = 'Sehr "praxisnah" & klar <3', CommentState.APPROVED
    approved.save()
    html = client.get(advisor.get_absolute_url()).text
    assert "Noch ungeprüft." not in html
    assert "Sehr &quot;praxisnah&quot; &amp; klar &lt;3" in html


def test_disputed_ratings_are_marked_and_old_ones_drop_out(client, advisor):
    rate(advisor, (2,) * 6, status=RatingStatus.DISPUTED)
    html = client.get(advisor.get_absolute_url()).text
    assert "in Prüfung" in html and "Noch keine geprüften Bewertungen" in html
    assert "der letzten 36 Monate" in html and "§ 5b Abs. 3 UWG" in html

    rate(advisor, (5,) * 6)
    assert summary(advisor).count == 1
    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=37 * 31)):
        assert summary(advisor).count == 0


def test_result_cards_show_the_rating_and_a_small_chart(client, advisor, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    with django_capture_on_commit_callbacks(execute=True):
        rate(advisor, *[(4,) * 6] * 3)
    call_command("rebuild_directory_index", stdout=StringIO())
    html = client.get("/berater/", {"q": "Prüfer"}).text
    assert "Bewertungen: <strong>4,0 von 5</strong> aus 3" in html
    assert 'class="radar radar--small"' in html


def test_the_daily_run_updates_the_index_when_ratings_age_out(advisor):
    from django.core.management import call_command

    from directory.models import SearchEntry
    from directory.search import sync
    from ratings.models import Rating
    from ratings.summary import window_start

    rate(advisor, *[(5,) * 6] * 3)
    sync.drain()
    assert SearchEntry.objects.get(advisor=advisor).rating_average == 5
    # yesterday they were inside the window, today they are not (no signal: only the clock moved)
    Rating.objects.update(created_at=window_start() - datetime.timedelta(hours=12))
    call_command("run_directory_daily", stdout=StringIO())
    sync.drain()
    entry = SearchEntry.objects.get(advisor=advisor)
    assert (entry.rating_average, entry.rating_count) == (None, 0)
