"""Keeping every index true. A change that may alter an advisor's public view writes an outbox
row in the same transaction. Right after the commit, the advisors of that change are written to
the database index and, unless the engine is known to be down, to the engine; rows the engine
has taken are removed. `drain()` (management command, cron) retries whatever is left, oldest
first. Every write is idempotent (the current document, or its absence), so retries are safe and
no update is lost while the engine is away."""

import logging

from django.db import transaction
from django.db.models import F, Max

from directory.models import SearchOutbox
from directory.search import backends, database
from directory.search.documents import advisor_document, searchable_advisors
from engine import breaker
from engine.errors import EngineError, EngineUnavailable

log = logging.getLogger("directory.search")


def enqueue(*advisor_ids):
    if not advisor_ids:
        return
    SearchOutbox.objects.bulk_create([SearchOutbox(advisor_id=pk) for pk in advisor_ids])
    transaction.on_commit(lambda: apply_now(set(advisor_ids)))


def _apply(advisor_ids, try_engine):
    """Writes the advisors' current state; returns how many the engine still owes. Only outbox
    rows older than the documents read here are settled: a change committed meanwhile keeps its row."""
    upto = SearchOutbox.objects.aggregate(last=Max("id"))["last"] or 0
    documents = {a.pk: advisor_document(a) for a in searchable_advisors().filter(pk__in=advisor_ids)}
    configured = backends.engine() is not None
    engine = backends.engine() if try_engine else None
    owed = 0
    for advisor_id in advisor_ids:
        doc = documents.get(advisor_id)
        with transaction.atomic():  # the database index is always current
            if doc:
                database.store(doc)
            else:
                database.remove(advisor_id)
        rows = SearchOutbox.objects.filter(advisor_id=advisor_id, id__lte=upto)
        if not configured:
            rows.delete()
            continue
        if engine is not None:
            try:
                engine.apply(advisor_id, doc)
            except EngineError as error:
                if isinstance(error, EngineUnavailable):
                    breaker.open_circuit(error)
                    engine = None  # no further attempts in this run: the rest waits as well
                else:  # this document was refused: it waits, the others go on
                    log.error("Suchmaschine lehnt das Dokument von Berater:in %s ab: %s", advisor_id, error)
                rows.update(attempts=F("attempts") + 1, last_error=str(error)[:500])
            else:
                rows.delete()
                continue
        owed += 1
    return owed


def apply_now(advisor_ids):
    """After a commit; never lets the request fail because of the index."""
    try:
        owed = _apply(sorted(advisor_ids), try_engine=not breaker.circuit_open())
    except Exception:
        log.exception("Suchindex: Abgleich nach Änderung fehlgeschlagen; bleibt in der Warteschlange")
        return
    if owed:
        log.warning("Suchindex: %s Änderung(en) warten auf die Suchmaschine", owed)


def waiting():
    """Advisors whose changes the engine still owes."""
    return SearchOutbox.objects.values("advisor_id").distinct().count()


def drain(batch=500):
    """Applies everything waiting, oldest first. Returns (advisors applied, advisors still waiting)."""
    applied = 0
    while True:
        ids = list(dict.fromkeys(SearchOutbox.objects.order_by("id").values_list("advisor_id", flat=True)[:batch]))
        if not ids:
            return applied, 0
        owed = _apply(ids, try_engine=True)
        applied += len(ids) - owed
        if owed:
            return applied, waiting()
