"""The site search's signal handlers, all connected here in SearchConfig.ready(): uploaded documents
are read for their text, published pages re-indexed with their inline children, the database's
"Meinten Sie" vocabulary dropped, and pages whose index entry shows other rows kept current. The
search sits on top: it connects to the editorial models, they never import the search."""

from django.db.models.signals import post_delete, post_save
from wagtail import signals as wagtail_signals
from wagtail.documents import get_document_model
from wagtail.search import index
from wagtail.signals import page_published, page_unpublished

from search.tasks import extract_document_text


def read_uploaded_document(sender, instance, raw=False, **kwargs):
    # Like Wagtail's own reference index: a task, run by the worker (at once in the tests).
    if not raw and instance.file:
        extract_document_text.enqueue(instance.pk)


def reindex_published_page(sender, instance, **kwargs):
    # Wagtail indexes a page on post_save, before modelcluster saves its inline children (a
    # meeting's agenda items and decisions): the published version is indexed once more here.
    index.insert_or_update_object(instance)


def keep_indexed(page_model, saved=(), pages=()):
    """Pages whose index entry shows other rows (the transfer list its problems, the register its
    decisions) are re-indexed when one of the `saved` rows is saved or deleted, or one of the
    `pages` is published or unpublished."""

    def reindex(sender, **kwargs):
        for page in page_model.objects.live():
            index.insert_or_update_object(page)

    uid = f"search.keep_indexed.{page_model._meta.label}"
    for model in saved:  # published/unpublished: snippets with drafts, after their relations are saved
        for signal in (post_save, post_delete, wagtail_signals.published, wagtail_signals.unpublished):
            signal.connect(reindex, sender=model, weak=False, dispatch_uid=f"{uid}.{signal}.{model._meta.label}")
    for model in pages:
        for signal in (page_published, page_unpublished):
            signal.connect(reindex, sender=model, weak=False, dispatch_uid=f"{uid}.{signal}.{model._meta.label}")


def connect():
    from committees.models import DecisionRegisterPage, MeetingPage
    from search.spelling import forget_vocabulary
    from transfer.models import KmuProblem, ResearchProject, TransferListPage, TransferTopic

    post_save.connect(read_uploaded_document, sender=get_document_model(), dispatch_uid="search.read_uploaded_document")
    page_published.connect(reindex_published_page, dispatch_uid="search.reindex_published_page")
    # Page titles are the vocabulary of "Meinten Sie" on the database.
    page_published.connect(forget_vocabulary, dispatch_uid="search.forget_vocabulary.published")
    page_unpublished.connect(forget_vocabulary, dispatch_uid="search.forget_vocabulary.unpublished")
    # The register's index entry carries the titles of all public decisions.
    keep_indexed(DecisionRegisterPage, pages=[MeetingPage])
    # The transfer list's index entry carries its problems (with their topics) and published research projects.
    keep_indexed(TransferListPage, saved=[KmuProblem, ResearchProject, TransferTopic])
