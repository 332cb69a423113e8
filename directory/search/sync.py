"""Keeping every index true. A change that may alter an advisor's public view writes an outbox
row in the same transaction, once per advisor however often the transaction saves them. Right
after the commit, all advisors of that transaction are written to the database index and, unless
the engine is known to be down, to the engine, in one application; rows the engine has taken are
removed. `drain()` (management command, cron) retries whatever is left, oldest
first. Every write is idempotent (the current document, or its absence), so retries are safe and
no update is lost while the engine is away."""

import logging
from collections.abc import Collection, Sequence
from weakref import WeakKeyDictionary

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, Max
from django.db.transaction import Atomic

from directory.models import SearchOutbox
from directory.search import backends, database
from directory.search.documents import advisor_document, searchable_advisors
from engine import breaker
from engine.errors import EngineError, EngineUnavailable

log = logging.getLogger("directory.search")

# The outermost atomic block of a transaction and the savepoint it opened (see _transaction_key).
TransactionKey = tuple[Atomic, str | None]


class _Batch:
    """The advisors of one transaction: registered once with on_commit, applied once after it.
    Each outbox row written gets a marker callback of its own; Django drops callbacks together
    with a rolled-back savepoint, so a marker still registered means its row still exists."""

    def __init__(self, transaction_key: TransactionKey) -> None:
        self.transaction_key = transaction_key
        self.rows: dict[int, _Marker] = {}  # advisor id -> marker of the outbox row written in this transaction
        self.done = False

    def __call__(self) -> None:
        self.done = True
        if self.rows:
            apply_now(set(self.rows))


class _Marker:
    """Stands for one outbox row of the open batch (see _Batch); does nothing when called."""

    def __call__(self) -> None:
        pass


_batches: WeakKeyDictionary[BaseDatabaseWrapper, _Batch] = WeakKeyDictionary()  # connection -> its open _Batch


def _transaction_key(connection: BaseDatabaseWrapper) -> TransactionKey | None:
    """What commits the current change: the outermost atomic block and the savepoint it opened.
    As in Django's check of durable blocks, the blocks a TestCase wraps around each test do not
    count (there the first block inside them stands for the transaction). None in autocommit."""
    for depth, block in enumerate(connection.atomic_blocks):
        if not block._from_testcase:  # type: ignore[attr-defined]  # set by TestCase, private: not in django-stubs
            return block, connection.savepoint_ids[depth - 1] if depth else None
    return None


def enqueue(*advisor_ids: int) -> None:
    """The advisors' public view may have changed in the current transaction (outside one: in this
    statement): one outbox row each, one application of all of them after the commit."""
    advisor_ids = tuple(dict.fromkeys(advisor_ids))
    if not advisor_ids:
        return
    connection = transaction.get_connection()
    key = _transaction_key(connection)
    if key is None:  # autocommit: the change is its own transaction
        SearchOutbox.objects.bulk_create([SearchOutbox(advisor_id=pk) for pk in advisor_ids])
        transaction.on_commit(lambda: apply_now(set(advisor_ids)))
        return
    registered = {id(callback) for _, callback, _ in connection.run_on_commit}
    batch = _batches.get(connection)
    if batch is None or batch.done or batch.transaction_key != key or id(batch) not in registered:
        batch = _batches[connection] = _Batch(key)
        transaction.on_commit(batch)
    new = [pk for pk in advisor_ids if id(batch.rows.get(pk)) not in registered]
    if not new:
        return
    SearchOutbox.objects.bulk_create([SearchOutbox(advisor_id=pk) for pk in new])
    for pk in new:
        batch.rows[pk] = marker = _Marker()
        transaction.on_commit(marker)


def _settled(advisor_id: int) -> None:
    """The advisor's rows are gone (applied within the transaction, e.g. by drain()): a later
    change of the same transaction writes a new one."""
    batch = _batches.get(transaction.get_connection())
    if batch is not None:
        batch.rows.pop(advisor_id, None)


def _apply(advisor_ids: Sequence[int], try_engine: bool) -> int:
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
        _settled(advisor_id)
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


def apply_now(advisor_ids: Collection[int]) -> None:
    """After a commit; never lets the request fail because of the index."""
    try:
        owed = _apply(sorted(advisor_ids), try_engine=not breaker.circuit_open())
    except Exception:
        log.exception("Suchindex: Abgleich nach Änderung fehlgeschlagen; bleibt in der Warteschlange")
        return
    if owed:
        log.warning("Suchindex: %s Änderung(en) warten auf die Suchmaschine", owed)


def waiting() -> int:
    """Advisors whose changes the engine still owes."""
    return SearchOutbox.objects.values("advisor_id").distinct().count()


def drain(batch: int = 500) -> tuple[int, int]:
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
