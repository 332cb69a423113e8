from django_tasks import task
from wagtail.documents import get_document_model

from search.extraction import extract
from search.models import DocumentText


@task()
def extract_document_text(document_id):
    """Reads the document's text into its DocumentText (saving it updates the search indices)."""
    document = get_document_model().objects.filter(pk=document_id).first()
    if document is None:
        return
    with document.open_file() as file:
        result = extract(file, document.file.name)
    DocumentText.objects.update_or_create(
        document=document,
        defaults={"title": document.title, "date": document.created_at, "text": result.text, "problem": result.problem},
    )
