"""A rating that changes may change an advisor's average: their index documents follow (outbox).
Changed criteria drop the cached axes (summary.current_axes)."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from directory.search import sync
from ratings.models import CriteriaVersion, Criterion, Rating
from ratings.summary import MEDIANS_CACHE_KEY, forget_axes

# What the averages are made of; a save naming none of these (e.g. a reply) changes no average.
COUNTED_FIELDS = frozenset({"status", "created_at", "advisor"})


@receiver(post_save, sender=Rating)
@receiver(post_delete, sender=Rating)
def rating_changed(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and COUNTED_FIELDS.isdisjoint(update_fields):
        return
    cache.delete(MEDIANS_CACHE_KEY)
    sync.enqueue(instance.advisor_id)


@receiver(post_save, sender=CriteriaVersion)
@receiver(post_delete, sender=CriteriaVersion)
@receiver(post_save, sender=Criterion)
@receiver(post_delete, sender=Criterion)
def criteria_changed(sender, **kwargs):
    transaction.on_commit(forget_axes)  # not before: a request in between would cache the old axes again


@receiver(post_delete, sender=Rating)
def rating_deleted(sender, instance, **kwargs):
    if instance.statement_proof:
        instance.statement_proof.delete(save=False)  # the rater's proof goes with the rating
