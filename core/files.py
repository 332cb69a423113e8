"""What an uploaded image or PDF must be before it is stored; each check raises a ValidationError
with a German message, so a form shows it beside the field and keeps everything else entered.

Images — one path for every image the site stores (portraits, image proofs, and through the
pre_save guard in core.apps every Wagtail image, however it was created): the pixel count is read
from the header and checked against WAGTAILIMAGES_MAX_IMAGE_PIXELS *before* anything is decoded
(a 12,000 × 12,000 PNG is a few kilobytes but 576 MB in memory), then the whole image is decoded
once, so a truncated or malformed file never reaches storage or the rendition code.

PDFs — a proof is evidence that a person at OM opens: a PDF that can act on its own (JavaScript,
an action on opening, launching a program, embedded files, XFA forms, additional actions on a
page or field, rich media) is refused. Refused rather than flattened: rewriting the file would
change the evidence OM checks, no genuine certificate needs those parts, and "print to PDF"
gives the advisor a clean copy in seconds. pypdf parses the file (compressed object streams
included, which byte-grepping misses) and every object reachable from the trailer is examined."""

import warnings
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

DEFAULT_MAX_PIXELS = 128_000_000  # Wagtail's default for WAGTAILIMAGES_MAX_IMAGE_PIXELS
UNREADABLE_IMAGE = (
    "Die Datei ist kein gültiges Bild oder beschädigt. Bitte eine unbeschädigte JPEG- oder PNG-Datei hochladen."
)
ACTIVE_PDF = (
    "Diese PDF-Datei enthält aktive Inhalte ({found}) und wird aus Sicherheitsgründen nicht angenommen. "
    "Bitte speichern Sie das Dokument über „Drucken → Als PDF speichern“ neu und laden Sie diese Fassung hoch."
)
UNREADABLE_PDF = (
    "Die PDF-Datei konnte nicht gelesen werden. Bitte eine unbeschädigte, nicht verschlüsselte PDF-Datei hochladen."
)
# PDF name → what the person uploading reads in the message
ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/AA": "automatische Aktionen",
    "/Launch": "Programmstart",
    "/EmbeddedFile": "eingebettete Dateien",
    "/EmbeddedFiles": "eingebettete Dateien",
    "/XFA": "XFA-Formular",
    "/RichMedia": "Multimedia-Inhalte",
    "/ImportData": "Datenimport",
    "/SubmitForm": "Formularversand",
    "/GoToR": "Sprünge in andere Dateien",
    "/GoToE": "Sprünge in eingebettete Dateien",
    "/Rendition": "Multimedia-Inhalte",
}
# What a document may do when it is opened: show a page (a destination, or a /GoTo action).
HARMLESS_OPEN_ACTIONS = {"/GoTo"}
MAX_PDF_OBJECTS = 200_000  # a bound on the walk: a proof has a few hundred objects


def max_pixels() -> int:
    return getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", DEFAULT_MAX_PIXELS)


def _too_big(size: tuple[int, int] | None = None) -> ValidationError:
    shown = f"mit {size[0]} × {size[1]} Pixeln " if size else ""
    return ValidationError(
        f"Das Bild ist {shown}zu groß (höchstens {max_pixels() // 1_000_000} Millionen Pixel). "
        "Bitte eine kleinere Fassung hochladen.",
        code="too_many_pixels",
    )


def check_image(file: IO[bytes]) -> None:
    """Refuses an image above the pixel limit or one that does not decode; rewinds the file."""
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit decides
            with Image.open(file) as image:  # reads the header only
                if image.size[0] * image.size[1] > max_pixels():
                    raise _too_big(image.size)
                image.load()  # decodes every pixel: a broken file fails here, not in a rendition
    except ValidationError:
        raise
    except Image.DecompressionBombError:  # Pillow's hard stop (twice its own limit) came first
        raise _too_big() from None
    except (OSError, SyntaxError, ValueError):
        raise ValidationError(UNREADABLE_IMAGE, code="unreadable") from None
    finally:
        file.seek(0)


def _active_parts(reader: Any) -> set[str]:
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list[Any] = [reader.trailer]
    while stack and len(seen) < MAX_PDF_OBJECTS:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for name, value in item.items():
                if name == "/OpenAction" and _is_action(value, HARMLESS_OPEN_ACTIONS):
                    found.add("Aktion beim Öffnen")
                if name in ACTIVE_KEYS:
                    found.add(ACTIVE_KEYS[name])
                if name == "/S" and isinstance(value, NameObject) and value in ACTIVE_KEYS:
                    found.add(ACTIVE_KEYS[value])  # an action dictionary: /S /JavaScript, /Launch …
                if name != "/Parent":  # the page tree points back up; everything is reached downwards
                    stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
    if stack:  # not every object was looked at: what was not seen cannot be vouched for
        raise ValidationError(UNREADABLE_PDF, code="too_large")
    return found


def _is_action(value: Any, harmless: set[str]) -> bool:
    """True if `value` (an /OpenAction) is an action dictionary of a kind not in `harmless`."""
    from pypdf.generic import DictionaryObject

    value = value.get_object()
    return isinstance(value, DictionaryObject) and value.get("/S") not in harmless


def check_pdf(file: IO[bytes]) -> None:
    """Refuses a PDF that cannot be parsed, is encrypted, or has active content; rewinds the file."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    file.seek(0)
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:
            raise ValidationError(UNREADABLE_PDF, code="encrypted")
        found = _active_parts(reader)
    except ValidationError:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise ValidationError(UNREADABLE_PDF, code="unreadable") from None
    finally:
        file.seek(0)
    if found:
        raise ValidationError(ACTIVE_PDF.format(found=", ".join(sorted(found))), code="active_content")


def guard_wagtail_image(sender: type, instance: Any, **kwargs: Any) -> None:
    """pre_save of the Wagtail image model: an image stored by code that skipped the forms
    (a management command, a helper creating the model directly) gets the same check."""
    file = instance.file
    if file and not getattr(file, "_committed", True):
        check_image(file)
