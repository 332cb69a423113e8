from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from directory.models import Advisor, SearchEntry
from directory.search import backends, database, sync
from directory.search.documents import advisor_document, searchable_advisors
from engine import breaker

CHUNK = 500


class Command(BaseCommand):
    help = (
        "Baut den Suchindex des Beraterverzeichnisses aus der Datenbank neu auf: die Datenbank-Suche "
        "und, falls konfiguriert, einen neuen Suchmaschinen-Index, auf den der Alias atomar umschaltet."
    )

    def handle(self, *args, **options):
        started = timezone.now()
        engine = backends.engine()
        new_index = engine.create_index() if engine else None
        total = searchable_advisors().count()
        done = 0
        with transaction.atomic():  # readers see the old database index until the new one is complete
            SearchEntry.objects.all().delete()
            chunk = []
            for advisor in searchable_advisors().order_by("pk").iterator(chunk_size=CHUNK):
                chunk.append(advisor_document(advisor))
                if len(chunk) == CHUNK:
                    done += self._write(chunk, engine, new_index, total, done)
                    chunk = []
            done += self._write(chunk, engine, new_index, total, done)
        if engine:
            engine.swap_alias(new_index)
            engine.refresh()
            breaker.close_circuit()  # the engine has just taken every document
        # Changes made while the rebuild ran reach the new index through the outbox.
        sync.enqueue(*Advisor.objects.filter(updated_at__gte=started).values_list("pk", flat=True))
        applied, waiting = sync.drain()
        seconds = (timezone.now() - started).total_seconds()
        target = f"Datenbank und {new_index}" if engine else "Datenbank"
        self.stdout.write(
            f"Suchindex neu aufgebaut: {done} veröffentlichte Berater:innen in {seconds:.1f} s "
            f"({done / max(seconds, 0.001):.0f}/s) → {target}; Nachzügler: {applied}, offen: {waiting}."
        )

    def _write(self, docs, engine, new_index, total, done):
        if not docs:
            return 0
        database.store_many(docs)
        if engine:
            engine.bulk(new_index, docs)
        self.stdout.write(f"… {done + len(docs)} / {total}")
        return len(docs)
