from django.db.models.signals import post_save
from wagtail.documents import get_document_model

from search.tasks import extract_document_text


def read_uploaded_document(sender, instance, raw=False, **kwargs):
    # Like Wagtail's own reference index: a task, run at once by the default (immediate) backend.
    if not raw and instance.file:
        extract_document_text.enqueue(instance.pk)


def connect():
    post_save.connect(read_uploaded_document, sender=get_document_model(), dispatch_uid="search.read_uploaded_document")
