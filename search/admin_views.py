"""The editors' search report: what visitors search most and what they search in vain."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query

from search.models import UnansweredQuery

PERIODS = (7, 30, 90)
ROWS = 50
PERMISSION = "wagtailsearchpromotions.add_searchpromotion"  # who acts on the report: promotions


def can_read_report(user):
    return user.has_perm(PERMISSION)


def report(request):
    if not can_read_report(request.user):
        raise PermissionDenied
    days = int(request.GET["tage"]) if request.GET.get("tage") in {str(p) for p in PERIODS} else 30
    since = timezone.localdate() - datetime.timedelta(days=days - 1)
    frequent = (
        Query.objects.filter(daily_hits__date__gte=since)
        .annotate(total=Sum("daily_hits__hits"))
        .order_by("-total", "query_string")[:ROWS]
    )
    unanswered = (
        UnansweredQuery.objects.filter(date__gte=since)
        .values("query_string")
        .annotate(total=Sum("hits"))
        .order_by("-total", "query_string")[:ROWS]
    )
    context = {"days": days, "periods": PERIODS, "frequent": frequent, "unanswered": unanswered}
    return render(request, "search/admin/report.html", context)
