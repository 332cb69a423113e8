"""Keeping every index true. A change that may alter an advisor's public view writes an outbox
row in the same transaction; after the commit the outbox is drained: each advisor's current
document (or its absence: unpublished, blocked, deleted) is written to the database index and, if
configured, to the engine. An engine failure leaves the row for the next drain (retries, in
order, idempotent), so no update is lost while the engine is away."""

import logging

from django.db import transaction
from django.db.models import F

from directory.models import SearchOutbox
from directory.search import backends, database
from directory.search.documents import advisor_document, searchable_advisors

log = logging.getLogger("directory.search")


def enqueue(*advisor_ids):
    if not advisor_ids:
        return
    SearchOutbox.objects.bulk_create([SearchOutbox(advisor_id=pk) for pk in advisor_ids])
    transaction.on_commit(drain_quietly)


def drain(batch=500):
    """Applies pending changes, oldest first. Returns (applied, failed) advisor counts."""
    applied = failed = 0
    while True:
        rows = list(SearchOutbox.objects.order_by("id")[:batch])
        if not rows:
            return applied, failed
        pending = {}
        for row in rows:
            pending.setdefault(row.advisor_id, []).append(row.pk)
        documents = {a.pk: advisor_document(a) for a in searchable_advisors().filter(pk__in=pending)}
        engine = backends.engine()
        for advisor_id, row_ids in pending.items():
            doc = documents.get(advisor_id)
            with transaction.atomic():
                if doc:
                    database.store(doc)
                else:
                    database.remove(advisor_id)
            try:
                if engine is not None:
                    engine.apply(advisor_id, doc)
            except backends.EngineUnavailable as error:
                SearchOutbox.objects.filter(pk__in=row_ids).update(attempts=F("attempts") + 1, last_error=str(error))
                failed += 1
                continue
            SearchOutbox.objects.filter(pk__in=row_ids).delete()
            applied += 1
        if failed:
            return applied, failed


def drain_quietly():
    """After a commit: try at once; what fails stays for `manage.py drain_search_outbox`."""
    try:
        _, failed = drain()
    except Exception:  # the request that changed data must not fail because of the index
        log.exception("Suchindex: Abgleich nach Änderung fehlgeschlagen; bleibt in der Warteschlange")
        return
    if failed:
        log.warning("Suchindex: %s Änderung(en) warten auf die Suchmaschine", failed)
