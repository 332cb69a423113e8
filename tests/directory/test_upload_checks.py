"""Audit finding 5: every stored image passes one check (pixel limit before decoding, then a full
decode) however it arrives — portrait form, proof form, or code creating the Wagtail image
directly — and PDF proofs that can act on their own are refused in German (core/files.py)."""

import io

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject
from wagtail.images import get_image_model

from directory import photos
from directory.uploads import ProofField
from tests.factories import AdvisorFactory, published_advisor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def huge_png():
    """12,000 × 12,000 pixels (144 million) in a few kilobytes: a decompression bomb."""
    buffer = io.BytesIO()
    PillowImage.new("1", (12000, 12000)).save(buffer, "PNG")
    return SimpleUploadedFile("riesig.png", buffer.getvalue(), content_type="image/png")


def small_png():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (64, 64), "navy").save(buffer, "PNG")
    return SimpleUploadedFile("klein.png", buffer.getvalue(), content_type="image/png")


def profile_data(advisor, **extra):
    fields = ["name", "organisation", "short_profile", "description", "postcode", "city", "fee_model", "website"]
    return {**{f: getattr(advisor, f) for f in fields}, "years_experience": 5, "track": "standard", **extra}


def test_a_huge_portrait_is_refused_in_german_before_anything_is_stored(client, tmp_path):
    advisor = published_advisor(name="Anna Albers")
    client.force_login(advisor.user)
    response = client.post("/mein-profil/profil/", profile_data(advisor, photo_upload=huge_png()))
    assert response.status_code == 200
    assert "12000 × 12000 Pixeln zu groß" in response.content.decode()
    assert not get_image_model().objects.exists() and not (tmp_path / "media").exists()


def test_code_creating_the_image_directly_gets_the_same_check():
    advisor = AdvisorFactory()
    with pytest.raises(ValidationError, match="zu groß"):
        photos.replace(advisor, huge_png())
    broken = SimpleUploadedFile("kaputt.png", small_png().read()[:80], content_type="image/png")
    with pytest.raises(ValidationError, match="kein gültiges Bild"):
        photos.replace(advisor, broken)
    assert not get_image_model().objects.exists()
    photos.replace(advisor, small_png())  # an ordinary portrait still works
    assert get_image_model().objects.count() == 1


class ProofForm(forms.Form):
    proof = ProofField()


def pdf(change=None):
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if change:
        change(writer)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def action(kind, **entries):
    return DictionaryObject(
        {NameObject("/S"): NameObject(kind), **{NameObject(k): TextStringObject(v) for k, v in entries.items()}}
    )


def open_action_js(writer):
    writer._root_object[NameObject("/OpenAction")] = action("/JavaScript", **{"/JS": "app.alert(1)"})


def document_js(writer):
    scripts = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("x"), action("/JavaScript", **{"/JS": "app.alert(1)"})])}
    )
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/JavaScript"): scripts})


def launch_on_page(writer):
    writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action("/Launch", **{"/F": "calc.exe"})})


def xfa_form(writer):
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/Fields"): ArrayObject(), NameObject("/XFA"): TextStringObject("<xdp/>")}
    )


ACTIVE = {
    "OpenAction JavaScript": (open_action_js, "Aktion beim Öffnen"),
    "document JavaScript": (document_js, "JavaScript"),
    "Launch on a page": (launch_on_page, "Programmstart"),
    "embedded file": (lambda writer: writer.add_attachment("x.exe", b"MZ"), "eingebettete Dateien"),
    "XFA": (xfa_form, "XFA-Formular"),
    "link into another file": (
        lambda writer: writer.pages[0].__setitem__(
            NameObject("/AA"), DictionaryObject({NameObject("/O"): action("/GoToR", **{"/F": "x.pdf"})})
        ),
        "Sprünge in andere Dateien",
    ),
}


@pytest.mark.parametrize("case", ACTIVE)
def test_pdf_proofs_with_active_content_are_refused_in_german(case):
    change, named = ACTIVE[case]
    form = ProofForm(files={"proof": SimpleUploadedFile("nachweis.pdf", pdf(change))})
    assert not form.is_valid()
    message = " ".join(form.errors["proof"])
    assert "aktive Inhalte" in message and named in message and "Als PDF speichern" in message


def open_at_first_page(writer):
    """What LibreOffice writes into ordinary certificates: open the document at its first page."""
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [writer.pages[0].indirect_reference, NameObject("/Fit")]
    )


def test_plain_pdf_and_image_proofs_pass_and_broken_ones_do_not():
    assert ProofForm(files={"proof": SimpleUploadedFile("n.pdf", pdf())}).is_valid()
    assert ProofForm(files={"proof": SimpleUploadedFile("n.pdf", pdf(open_at_first_page))}).is_valid()
    assert ProofForm(files={"proof": small_png()}).is_valid()
    assert not ProofForm(files={"proof": huge_png()}).is_valid()
    broken = ProofForm(files={"proof": SimpleUploadedFile("n.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50)})
    assert not broken.is_valid() and "nicht gelesen" in " ".join(broken.errors["proof"])


@pytest.mark.parametrize("kept", [600, 2000])  # header cut / pixel data cut: both crashed Wagtail's own field
def test_an_editor_uploading_a_broken_image_gets_a_german_message_not_a_500(admin_client, kept):
    from wagtail.models import Collection

    buffer = io.BytesIO()
    PillowImage.effect_noise((400, 300), 60).convert("RGB").save(buffer, "JPEG")
    broken = SimpleUploadedFile("kaputt.jpg", buffer.getvalue()[:kept], content_type="image/jpeg")

    response = admin_client.post(
        "/admin/images/add/", {"title": "Kaputt", "file": broken, "collection": Collection.get_first_root_node().pk}
    )

    assert response.status_code == 200
    assert "kein gültiges Bild" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_an_editor_uploads_an_ordinary_image(admin_client):
    from wagtail.models import Collection

    response = admin_client.post(
        "/admin/images/add/",
        {"title": "Plenum", "file": small_png(), "collection": Collection.get_first_root_node().pk},
    )

    assert response.status_code == 302 and get_image_model().objects.get().title == "Plenum"
