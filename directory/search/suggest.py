"""Suggestions while typing (topics and advisors' names), from the engine's edge-n-gram fields
when it answers, from the database otherwise. Only published advisors, like every search."""

from django.db.models import Q

from directory.models import ConsultingTopic, SearchEntry
from directory.search import backends

LIMIT = 8


def suggestions(prefix):
    prefix = prefix.strip()[:50]
    if len(prefix) < 2:
        return []
    topics = list(ConsultingTopic.objects.filter(name__icontains=prefix).values_list("name", flat=True)[:LIMIT])
    index = backends.engine()
    names = None
    if index is not None and not backends.circuit_open():
        try:
            names = index.suggest_names(prefix, LIMIT)
        except backends.EngineUnavailable as error:
            backends.open_circuit(error)
    if names is None:
        matches = SearchEntry.objects.filter(Q(name__istartswith=prefix) | Q(name__icontains=f" {prefix}"))
        names = list(matches.order_by("name").values_list("name", flat=True)[:LIMIT])
    return list(dict.fromkeys([*topics, *names]))[:LIMIT]
