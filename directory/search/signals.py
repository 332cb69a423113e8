"""Every change that may alter an advisor's public view puts the advisor into the search outbox,
in the same transaction as the change itself. A save that names its fields (update_fields) and
touches none the index reads (documents.INDEXED_FIELDS) puts nothing there."""

from typing import Any

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from directory.models import Advisor, AdvisorStatus, ConsultingTopic, ExternalRegistration, Industry
from directory.search import sync
from directory.search.documents import INDEXED_FIELDS, VOCABULARY_CACHE_KEYS


@receiver(post_save, sender=Advisor)
@receiver(post_delete, sender=Advisor)
def advisor_changed(
    sender: type[Advisor],
    instance: Advisor,
    raw: bool = False,
    created: bool = False,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    # A profile created unpublished (sign-up, import) has nothing to index or remove yet.
    if raw or (created and instance.status != AdvisorStatus.PUBLISHED):
        return
    if update_fields is None or not INDEXED_FIELDS.isdisjoint(update_fields):
        sync.enqueue(instance.pk)


@receiver(post_save, sender=ExternalRegistration)
@receiver(post_delete, sender=ExternalRegistration)
def registration_changed(
    sender: type[ExternalRegistration], instance: ExternalRegistration, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:  # the "Register und Förderprogramme" facet shows verified entries
        sync.enqueue(instance.advisor_id)


@receiver(post_save, sender=ConsultingTopic)
@receiver(post_save, sender=Industry)
def vocabulary_renamed(
    sender: type[ConsultingTopic | Industry], instance: ConsultingTopic | Industry, raw: bool = False, **kwargs: Any
) -> None:
    cache.delete_many(VOCABULARY_CACHE_KEYS)
    if not raw:
        advisors = Advisor.objects.filter(
            **{"topics" if sender is ConsultingTopic else "industries": instance}
        ).values_list("pk", flat=True)
        sync.enqueue(*advisors)
