"""The text of uploaded documents (PDF, Word, Excel, PowerPoint, plain text) for the site search.

Each format through its maintained library; what cannot be read (a scan without text layer, an
encrypted or broken file, an unknown format) is recorded with a German reason for the editors.
"""

from dataclasses import dataclass
from pathlib import PurePath

MAX_CHARACTERS = 200_000  # enough for a long protocol; keeps one index document reasonable
MAX_PDF_PAGES = 300


@dataclass(frozen=True)
class Extracted:
    text: str
    problem: str = ""  # empty when the text was read


def _pdf(file):
    from pypdf import PdfReader

    reader = PdfReader(file)
    if reader.is_encrypted:
        raise ExtractionProblem("Die PDF-Datei ist verschlüsselt; ihr Text kann nicht gelesen werden.")
    return "\n".join(page.extract_text() or "" for page in reader.pages[:MAX_PDF_PAGES])


def _docx(file):
    from docx import Document

    document = Document(file)
    cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
    return "\n".join([*(p.text for p in document.paragraphs), *cells])


def _xlsx(file):
    from openpyxl import load_workbook

    workbook = load_workbook(file, read_only=True, data_only=True)
    try:
        return "\n".join(
            " ".join(str(value) for value in row if value is not None)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
        )
    finally:
        workbook.close()


def _pptx(file):
    from pptx import Presentation

    return "\n".join(
        shape.text_frame.text for slide in Presentation(file).slides for shape in slide.shapes if shape.has_text_frame
    )


def _plain(file):
    raw = file.read(MAX_CHARACTERS * 4)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


READERS = {".pdf": _pdf, ".docx": _docx, ".xlsx": _xlsx, ".pptx": _pptx, ".txt": _plain, ".csv": _plain, ".md": _plain}


class ExtractionProblem(Exception):
    pass


def extract(file, name):
    """The document's text, or an empty text and the reason why there is none."""
    reader = READERS.get(PurePath(name).suffix.lower())
    if reader is None:
        return Extracted("", "Dieses Dateiformat wird nicht durchsucht (lesbar: PDF, DOCX, XLSX, PPTX, TXT, CSV).")
    try:
        text = reader(file)
    except ExtractionProblem as problem:
        return Extracted("", str(problem))
    except Exception as error:  # noqa: BLE001 - the parsers of broken or hostile files raise anything
        return Extracted("", f"Die Datei konnte nicht gelesen werden ({type(error).__name__}).")
    text = " ".join(text.split())[:MAX_CHARACTERS]
    if not text:
        return Extracted("", "Die Datei enthält keinen lesbaren Text (z. B. ein eingescanntes Dokument).")
    return Extracted(text)
