"""Text extraction of uploaded documents: each office format through its library, and a clear
German reason when there is no text to read."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from docx import Document as WordDocument
from openpyxl import Workbook
from pptx import Presentation
from pypdf import PdfReader, PdfWriter

from demo.helpers import demo_document, demo_pdf
from search.extraction import MAX_CHARACTERS, extract
from search.models import DocumentText

pytestmark = pytest.mark.django_db


def docx_bytes(text):
    document = WordDocument()
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=1)
    table.cell(0, 0).text = "Tabellenzelle Energieeffizienz"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(text):
    workbook = Workbook()
    workbook.active.append(["Kennzahl", text, 42])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pptx_bytes(text):
    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = "Folie 1"
    slide.placeholders[1].text = text
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def encrypted_pdf():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(demo_pdf("Geheim", ["Nur mit Passwort."]))))
    writer.encrypt("geheim")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("a.pdf", demo_pdf("Protokoll", ["Die Prüfung läuft."]), "Die Prüfung läuft."),
        ("b.docx", docx_bytes("Fragebogen zum Umweltcheck"), "Tabellenzelle Energieeffizienz"),
        ("c.xlsx", xlsx_bytes("Materialeinsatz"), "Kennzahl Materialeinsatz 42"),
        ("d.pptx", pptx_bytes("Zukunft der Wertschöpfung"), "Zukunft der Wertschöpfung"),
        ("e.txt", "Grüße aus Köln".encode("cp1252"), "Grüße aus Köln"),
    ],
)
def test_each_format_is_read(name, content, expected):
    result = extract(io.BytesIO(content), name)
    assert expected in result.text and result.problem == ""


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("kaputt.pdf", b"%PDF-1.4 das ist keine PDF-Datei", "Die Datei konnte nicht gelesen werden"),
        ("kaputt.docx", b"kein ZIP-Archiv", "Die Datei konnte nicht gelesen werden"),
        ("geheim.pdf", encrypted_pdf(), "Die PDF-Datei ist verschlüsselt"),
        ("scan.pdf", demo_pdf("", []), "enthält keinen lesbaren Text"),
        ("bild.zip", b"PK\x03\x04", "Dieses Dateiformat wird nicht durchsucht"),
    ],
)
def test_unreadable_files_get_a_german_reason(name, content, problem):
    result = extract(io.BytesIO(content), name)
    assert result.text == "" and problem in result.problem


def test_very_long_text_is_cut():
    result = extract(io.BytesIO(("Wort " * (MAX_CHARACTERS // 2)).encode()), "lang.txt")
    assert len(result.text) == MAX_CHARACTERS


def test_upload_reads_the_text_and_replacing_the_file_reads_it_again():
    document = demo_document("Leitfaden", "leitfaden.pdf", demo_pdf("Leitfaden", ["Erste Fassung."]))
    assert "Erste Fassung." in DocumentText.objects.get(document=document).text
    document.file.save("leitfaden-2.docx", ContentFile(docx_bytes("Zweite Fassung.")), save=False)
    document.title = "Leitfaden 2"
    document.save()
    text = DocumentText.objects.get(document=document)
    assert "Zweite Fassung." in text.text and text.title == "Leitfaden 2"
    document.delete()
    assert not DocumentText.objects.filter(pk=text.pk).exists()


def test_command_reads_documents_that_have_no_text_yet(capsys):
    document = demo_document("Altbestand", "alt.pdf", demo_pdf("Alt", ["Vor der Suche hochgeladen."]))
    DocumentText.objects.filter(document=document).delete()
    call_command("extract_document_texts")
    assert "Vor der Suche hochgeladen." in DocumentText.objects.get(document=document).text
    assert "1 Dokument gelesen, 1 mit Text, 0 ohne Text." in capsys.readouterr().out
