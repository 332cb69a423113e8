"""Suggestions while typing (topics and advisors' names), from the engine's edge-n-gram fields
when it answers, from the database otherwise. Only published advisors, like every search."""

from typing import cast

from django.db.models import Q

from directory.models import ConsultingTopic, SearchEntry
from directory.search import backends
from directory.search.engine_backend import EngineIndex
from engine import breaker

LIMIT = 8


def suggestions(prefix: str) -> list[str]:
    prefix = prefix.strip()[:50]
    if len(prefix) < 2:
        return []
    topics = list(ConsultingTopic.objects.filter(name__icontains=prefix).values_list("name", flat=True)[:LIMIT])

    def from_database() -> list[str]:
        matches = SearchEntry.objects.filter(Q(name__istartswith=prefix) | Q(name__icontains=f" {prefix}"))
        return list(matches.order_by("name").values_list("name", flat=True)[:LIMIT])

    # breaker.answer asks the engine only when one is configured: backends.engine() is an index there.
    names = breaker.answer(lambda: cast(EngineIndex, backends.engine()).suggest_names(prefix, LIMIT), from_database)
    return list(dict.fromkeys([*topics, *names]))[:LIMIT]
