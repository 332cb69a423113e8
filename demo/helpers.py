"""Helpers for idempotent demo content: find by natural key, update, never duplicate."""

import datetime


def upsert_child(parent, model, slug, **fields):
    """The live child page of `parent` with this slug, created or updated, and published."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    relations = {key: fields.pop(key) for key in list(fields) if isinstance(fields[key], list)}
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        for key, value in fields.items():
            setattr(page, key, value)
    for key, value in relations.items():
        setattr(page, key, value)  # modelcluster keeps inline children and M2M in memory until save
    page.save_revision().publish()
    return model.objects.get(pk=page.pk)


def upsert(model, lookup, **fields):
    obj, _ = model.objects.update_or_create(**lookup, defaults=fields)
    return obj


def demo_document(title, filename, content, collection=None):
    """The document with this title, created once from `content` (bytes); its text is read on save."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    document_model = get_document_model()
    document = document_model.objects.filter(title=title).first()
    if document is None:
        document = document_model(title=title, collection=collection or Collection.get_first_root_node())
        document.file.save(filename, ContentFile(content), save=False)
        document.save()
    return document


def demo_pdf(title, paragraphs):
    """A small PDF with a heading and paragraphs (the demo's meeting attachments)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title(title)
    pdf.set_creation_date(datetime.datetime(2021, 4, 22, tzinfo=datetime.UTC))  # same bytes on every run
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.multi_cell(0, 8, title)
    pdf.set_font("Helvetica", size=11)
    for paragraph in paragraphs:
        pdf.ln(3)
        pdf.multi_cell(0, 6, paragraph)
    return bytes(pdf.output())


def demo_docx(title, paragraphs):
    """A small Word document (the demo's office attachment)."""
    import io

    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
