"""Suggestions while typing (topics and advisors' names), from the engine's edge-n-gram fields
when it answers, from the database otherwise. Only published advisors, like every search."""

from django.db.models import Q

from directory.models import ConsultingTopic, SearchEntry
from directory.search import backends
from engine import breaker

LIMIT = 8


def suggestions(prefix):
    prefix = prefix.strip()[:50]
    if len(prefix) < 2:
        return []
    topics = list(ConsultingTopic.objects.filter(name__icontains=prefix).values_list("name", flat=True)[:LIMIT])

    def from_database():
        matches = SearchEntry.objects.filter(Q(name__istartswith=prefix) | Q(name__icontains=f" {prefix}"))
        return list(matches.order_by("name").values_list("name", flat=True)[:LIMIT])

    names = breaker.answer(lambda: backends.engine().suggest_names(prefix, LIMIT), from_database)
    return list(dict.fromkeys([*topics, *names]))[:LIMIT]
