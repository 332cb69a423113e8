"""iCalendar (RFC 5545) output through the icalendar library, times in Europe/Berlin."""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone

from core.public_url import public_host

BERLIN = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def calendar(events, request, name):
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Offensive Mittelstand//OM-Site//DE")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    for event in events:
        entry = icalendar.Event()
        # RFC 5545: globally unique, so the installation's own host (two sites never collide).
        entry.add("uid", f"event-{event.pk}@{public_host()}")
        entry.add("summary", event.title)
        if event.all_day:  # DATE values; DTEND is exclusive (RFC 5545 3.6.1)
            entry.add("dtstart", event.start.astimezone(BERLIN).date())
            entry.add("dtend", event.end.astimezone(BERLIN).date() + datetime.timedelta(days=1))
        else:
            entry.add("dtstart", event.start.astimezone(BERLIN))
            entry.add("dtend", event.end.astimezone(BERLIN))
        # The time of the last change, not of this response: the same calendar reads the same (RFC 5545
        # 3.8.7.2 allows either without METHOD), so a feed reader and the full-page cache see no change.
        changed = event.last_published_at or event.latest_revision_created_at or timezone.now()
        entry.add("dtstamp", changed)
        entry.add("last-modified", changed)
        entry.add("location", "Online" if event.is_online and not event.location else event.location)
        entry.add("url", event.get_full_url(request))
        if event.teaser:
            entry.add("description", event.teaser)
        cal.add_component(entry)
    cal.add_missing_timezones()
    return cal


def response(cal, filename):
    resp = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    resp["Content-Disposition"] = f'attachment; filename="{filename}"'
    return resp
