import datetime
import zoneinfo

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.factories import EventIndexPageFactory, EventPageFactory, make_site_with_home

pytestmark = pytest.mark.django_db
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def events():
    return EventIndexPageFactory(parent=make_site_with_home(), slug="termine")


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_event_ics_carries_berlin_times(client, events):
    EventPageFactory(
        parent=events,
        slug="ag-umweltcheck",
        title="Treffen der AG Umweltcheck",
        start=datetime.datetime(2021, 5, 28, 10, tzinfo=datetime.UTC),  # 12:00 in Berlin (CEST)
        end=datetime.datetime(2021, 5, 28, 13, tzinfo=datetime.UTC),
    )
    cal = parse(client.get("/termine/ag-umweltcheck/ics/"))
    (event,) = cal.walk("VEVENT")
    assert str(event["SUMMARY"]) == "Treffen der AG Umweltcheck"
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert (start.hour, end.hour) == (12, 15)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert cal.walk("VTIMEZONE"), "the calendar must define the Europe/Berlin time zone"


def test_all_day_event_uses_dates(client, events):
    day = datetime.datetime(2021, 11, 11, tzinfo=BERLIN)
    EventPageFactory(parent=events, slug="plenum", start=day, end=day, all_day=True)
    (event,) = parse(client.get("/termine/plenum/ics/")).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.date(2021, 11, 11)
    assert event.decoded("DTEND") == datetime.date(2021, 11, 12)  # exclusive end


def test_feed_lists_published_events_only(client, events):
    EventPageFactory(parent=events, slug="a", title="Öffentlich")
    EventPageFactory(parent=events, slug="b", title="Entwurf", live=False)
    summaries = {str(e["SUMMARY"]) for e in parse(client.get("/termine/ical/")).walk("VEVENT")}
    assert summaries == {"Öffentlich"}


def test_listing_splits_upcoming_and_past(client, events):
    soon = timezone.now() + datetime.timedelta(days=7)
    EventPageFactory(parent=events, slug="bald", title="Kommendes Plenum", start=soon, end=soon)
    EventPageFactory(parent=events, slug="alt", title="Altes Treffen")
    html = client.get("/termine/").content.decode()
    assert html.index("Kommende Termine") < html.index("Kommendes Plenum") < html.index("Vergangene Termine")
    assert html.index("Vergangene Termine") < html.index("Altes Treffen")


def test_invalid_event_gets_german_messages(events):
    start = datetime.datetime(2021, 5, 28, 12, tzinfo=BERLIN)
    event = EventPageFactory.build(start=start, end=start - datetime.timedelta(hours=1), location="")
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "Das Ende darf nicht vor dem Beginn liegen." in str(error.value)
