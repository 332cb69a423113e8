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


LEGAL_PAGES = [
    (
        "impressum",
        "Impressum",
        "<p><strong>Demo-Inhalt.</strong> Hier trägt die Redaktion die Angaben nach § 5 Digitale-Dienste-Gesetz "
        "(Anbieter, Anschrift, Vertretungsberechtigte, Kontakt) für die Stiftung „Mittelstand – Gesellschaft – "
        "Verantwortung“ ein.</p>",
    ),
    (
        "datenschutz",
        "Datenschutzerklärung",
        "<p><strong>Demo-Inhalt.</strong> Diese Website setzt für Besucherinnen und Besucher keine Cookies zur "
        "Analyse oder Werbung ein und bindet keine Inhalte Dritter ein. Beim Abruf verarbeitet der Server technisch "
        "notwendige Daten (z. B. IP-Adresse, Zeitpunkt, aufgerufene Seite) zur Auslieferung und Sicherheit der "
        "Website. Die vollständige Erklärung mit Verantwortlichem und Rechten der Betroffenen trägt die Redaktion "
        "ein.</p>",
    ),
    (
        "barrierefreiheit",
        "Erklärung zur Barrierefreiheit",
        "<p><strong>Demo-Inhalt.</strong> Diese Website soll die Anforderungen der BITV 2.0 bzw. der WCAG 2.1 "
        "(Stufe AA) erfüllen. Jede Seitenart wird bei jeder Änderung automatisiert mit axe-core geprüft. Barrieren "
        "können Sie der Redaktion melden; die Kontaktdaten und der Hinweis auf die Schlichtungsstelle nach § 16 BGG "
        "werden hier eingetragen.</p>",
    ),
]


def load_legal_pages(home):
    """Impressum, Datenschutz and Barrierefreiheit, linked from the footer of every page."""
    from wagtail.models import Site

    from home.models import FooterSettings, StandardPage

    pages = [
        upsert_child(home, StandardPage, slug, title=title, body=[("paragraph", text)])
        for slug, title, text in LEGAL_PAGES
    ]
    footer = FooterSettings.for_site(Site.objects.get(is_default_site=True))
    footer.links = [("page", page) for page in pages]
    footer.save()
    return pages


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
