"""Reads the text of documents for the site search: after deploying the search, or after an
extraction library update (--all)."""

from django.core.management.base import BaseCommand
from django.utils.translation import ngettext
from wagtail.documents import get_document_model

from search.models import DocumentText
from search.tasks import extract_document_text


class Command(BaseCommand):
    help = "Liest den Text der Dokumente für die Volltextsuche (standardmäßig nur noch nicht gelesene)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Alle Dokumente neu lesen.")

    def handle(self, *args, all=False, **options):
        documents = get_document_model().objects.order_by("pk")
        if not all:
            documents = documents.exclude(pk__in=DocumentText.objects.values("document_id"))
        ids = list(documents.values_list("pk", flat=True))
        for done, document_id in enumerate(ids, start=1):
            extract_document_text.call(document_id)
            if done % 20 == 0 or done == len(ids):
                self.stdout.write(f"… {done}/{len(ids)} " + ngettext("Dokument gelesen", "Dokumente gelesen", len(ids)))
        unreadable = DocumentText.objects.filter(document_id__in=ids).exclude(problem="").count()
        read = ngettext("%d Dokument gelesen", "%d Dokumente gelesen", len(ids)) % len(ids)
        summary = f"{read}, {len(ids) - unreadable} mit Text, {unreadable} ohne Text."
        self.stdout.write(self.style.SUCCESS(summary))
