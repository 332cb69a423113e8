"""What the public sees of an advisor's ratings: averages per axis over the verified, published
ratings of the last 36 months, and the median of all published advisors for comparison."""

import datetime
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.core.cache import cache
from django.db.models import Avg, Count, OuterRef, QuerySet, Subquery
from django.utils import timezone

from directory.models import AdvisorStatus
from ratings.models import CriteriaVersion, Rating, RatingScore, RatingStatus

if TYPE_CHECKING:
    from directory.models import Advisor

WINDOW_MONTHS = 36
MIN_FOR_CHART = 3  # fewer ratings say little: no chart, no average in search
MEDIANS_CACHE_KEY = "ratings.axis_medians"
AXES_CACHE_KEY = "ratings.axes"


@dataclass
class Axis:
    key: str
    label: str
    average: float | None
    count: int
    median: float | None


@dataclass
class Summary:
    count: int
    average: float | None
    axes: list[Axis]

    @property
    def enough(self) -> bool:
        return self.count >= MIN_FOR_CHART


def window_start(now: datetime.datetime | None = None) -> datetime.datetime:
    """Ratings given before this moment no longer count (36 months)."""
    now = now or timezone.now()
    year, month = divmod(now.month - 1 - WINDOW_MONTHS, 12)
    return now.replace(year=now.year + year, month=month + 1, day=min(now.day, 28))


def counted(ratings: QuerySet[Rating] | None = None) -> QuerySet[Rating]:
    """Published ratings of the last 36 months: the only ones that count, anywhere."""
    ratings = Rating.objects.all() if ratings is None else ratings
    return ratings.filter(status=RatingStatus.PUBLISHED, created_at__gte=window_start())


def axis_medians() -> dict[str, float]:
    """{axis key: median of the per-advisor averages} over published advisors with enough ratings."""
    return cast(dict[str, float], cache.get_or_set(MEDIANS_CACHE_KEY, _axis_medians, 600))


def _axis_medians() -> dict[str, float]:
    ratings = counted().filter(advisor__status=AdvisorStatus.PUBLISHED)
    enough = ratings.values("advisor").annotate(n=Count("id")).filter(n__gte=MIN_FOR_CHART).values("advisor")
    per_advisor = (
        RatingScore.objects.filter(rating__in=ratings.filter(advisor__in=enough))
        .values("rating__advisor", "key")
        .annotate(average=Avg("value"))
    )
    by_key: dict[str, list[float]] = {}
    for row in per_advisor:
        by_key.setdefault(row["key"], []).append(row["average"])
    return {key: statistics.median(values) for key, values in by_key.items()}


def current_axes() -> list[tuple[str, str]]:
    """(key, label) of today's criteria, from the shared cache: every result page shows them. The key
    names the day (a new version may start at midnight); the entry is dropped when the criteria change."""
    return cast(list[tuple[str, str]], cache.get_or_set(_axes_key(), _current_axes, 600))


def forget_axes() -> None:
    cache.delete(_axes_key())


def _axes_key() -> str:
    return f"{AXES_CACHE_KEY}:{timezone.localdate().isoformat()}"


def _current_axes() -> list[tuple[str, str]]:
    criteria = CriteriaVersion.current()
    return list(criteria.criteria.values_list("key", "label")) if criteria else []


def summaries(advisor_ids: Sequence[int]) -> dict[int, Summary]:
    """{advisor id: Summary} for several advisors at once (the result cards): grouped queries,
    none per advisor, and only one while none of them has a rating (most result pages)."""
    ratings = counted().filter(advisor__in=advisor_ids)
    counts = dict(ratings.order_by().values("advisor").annotate(n=Count("pk")).values_list("advisor", "n"))
    per_axis: dict[tuple[int, str], tuple[float | None, int]] = {}
    totals: dict[int, tuple[float, int]] = {}  # advisor: (sum of all scores, number of scores)
    if counts:
        scores = RatingScore.objects.filter(rating__in=ratings).order_by()
        for row in scores.values("rating__advisor", "key").annotate(average=Avg("value"), n=Count("pk")):
            advisor_id, average, n = row["rating__advisor"], row["average"], row["n"]
            per_axis[(advisor_id, row["key"])] = (average, n)
            total, number = totals.get(advisor_id, (0.0, 0))
            totals[advisor_id] = (total + average * n, number + n)
    medians = axis_medians() if counts else {}
    axes = current_axes()
    return {
        advisor_id: Summary(
            count=counts.get(advisor_id, 0),
            average=totals[advisor_id][0] / totals[advisor_id][1] if advisor_id in totals else None,
            axes=[
                Axis(key, label, *per_axis.get((advisor_id, key), (None, 0)), median=medians.get(key))
                for key, label in axes
            ],
        )
        for advisor_id in advisor_ids
    }


def summary(advisor: "Advisor") -> Summary:
    return summaries([advisor.pk])[advisor.pk]


def public_ratings(advisor: "Advisor") -> tuple[list[Rating], list[Rating]]:
    """(ratings shown on the profile, ratings in dispute shown only as "in Prüfung")."""
    shown = counted(advisor.ratings.all()).prefetch_related("scores").order_by("-created_at")
    disputed = advisor.ratings.filter(status=RatingStatus.DISPUTED, created_at__gte=window_start())
    return list(shown), list(disputed.order_by("-created_at"))


def with_search_fields(advisors: "QuerySet[Advisor]") -> "QuerySet[Advisor]":
    """`advisors` annotated with what their index documents need, as subqueries of the one query:
    rating_count and rating_average over the counted ratings."""
    ratings = counted().filter(advisor=OuterRef("pk"))
    scores: QuerySet[RatingScore, Any] = RatingScore.objects.filter(
        rating__in=counted(), rating__advisor=OuterRef("pk")
    )
    scores = scores.order_by().values("rating__advisor")
    return cast(
        "QuerySet[Advisor]",
        advisors.annotate(
            rating_count=Subquery(ratings.order_by().values("advisor").annotate(n=Count("pk")).values("n")),
            rating_average=Subquery(scores.annotate(a=Avg("value")).values("a")),
        ),
    )


def search_fields(advisor: Any) -> dict[str, Any]:
    """For the advisor's index document (annotated by with_search_fields): the average only once
    there are enough ratings to say something."""
    count = advisor.rating_count or 0
    average = advisor.rating_average if count >= MIN_FOR_CHART else None
    return {"rating_average": None if average is None else round(average, 2), "rating_count": count}


def ageing_out() -> set[int]:
    """Advisors whose ratings crossed the 36-month line in the last two days (their average changed)."""
    start = window_start()
    return set(
        Rating.objects.filter(
            status=RatingStatus.PUBLISHED, created_at__lt=start, created_at__gte=start - datetime.timedelta(days=2)
        ).values_list("advisor_id", flat=True)
    )
