"""Proof uploads are checked by content; proofs reach only their owner and the verifiers."""

import io

import pytest
from django import forms
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from pypdf import PdfWriter

from directory.models import AdvisorStatus, Qualification
from directory.uploads import ProofField
from tests.factories import AdvisorFactory

pytestmark = pytest.mark.django_db


def _pdf():
    """A real one-page PDF: proofs are parsed (core.files.check_pdf), a stub header no longer passes."""
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(buffer)
    return buffer.getvalue()


def _png():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (8, 8)).save(buffer, "PNG")
    return buffer.getvalue()


PDF = _pdf()
PNG = _png()


class ProofForm(forms.Form):
    title = forms.CharField()
    proof = ProofField()


def submit(name, content, content_type="application/pdf"):
    form = ProofForm(
        data={"title": "Fachkraft für Arbeitssicherheit"},
        files={"proof": SimpleUploadedFile(name, content, content_type=content_type)},
    )
    return form


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("nachweis.pdf", b"<html><script>alert(1)</script></html>", "als PDF, JPEG oder PNG"),
        ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "als PDF, JPEG"),
        ("leer.pdf", b"", "Datei ist leer."),
        ("riesig.pdf", PDF + b"0" * 10 * 1024 * 1024, "größer als 10 MB"),
    ],
)
def test_bad_uploads_are_rejected_in_german_and_the_rest_is_kept(name, content, message):
    form = submit(name, content)
    assert not form.is_valid()
    assert message in " ".join(form.errors["proof"])
    assert form["title"].value() == "Fachkraft für Arbeitssicherheit"  # nothing else is lost


def test_path_traversal_name_is_replaced_by_a_server_name(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    form = submit("../../etc/passwd.pdf", PDF)
    assert form.is_valid(), form.errors
    advisor = AdvisorFactory()
    qualification = Qualification.objects.create(
        advisor=advisor, title="Q", issuer="I", proof=form.cleaned_data["proof"]
    )
    assert ".." not in qualification.proof.name and qualification.proof.name.startswith("proofs/")
    assert qualification.proof.name.endswith(".pdf")
    assert (tmp_path / qualification.proof.name).exists()


def test_png_is_named_after_its_content():
    form = submit("foto.pdf", PNG, content_type="application/pdf")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["proof"].name == "nachweis.png"


@pytest.fixture
def proofs(settings, tmp_path, django_user_model):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    a, b = AdvisorFactory(slug="a", status=AdvisorStatus.PUBLISHED), AdvisorFactory(slug="b")
    secret_a = Qualification(advisor=a, title="A", issuer="I")
    secret_a.proof.save("a.pdf", SimpleUploadedFile("a.pdf", PDF + b"GEHEIM-A"), save=True)
    secret_b = Qualification(advisor=b, title="B", issuer="I")
    secret_b.proof.save("b.pdf", SimpleUploadedFile("b.pdf", PDF + b"GEHEIM-B"), save=True)
    verifier = django_user_model.objects.create_user("pruefer", password="x" * 16)
    verifier.groups.add(Group.objects.get(name="Verifizierung"))
    editor = django_user_model.objects.create_user("redaktion", password="x" * 16)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    return {"a": a, "b": b, "proof_a": secret_a, "proof_b": secret_b, "verifier": verifier, "editor": editor}


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize(
    ("who", "proof", "allowed"),
    [
        ("anonymous", "proof_a", False),
        ("a", "proof_a", True),
        ("a", "proof_b", False),
        ("b", "proof_a", False),
        ("b", "proof_b", True),
        ("editor", "proof_a", False),
        ("verifier", "proof_a", True),
        ("verifier", "proof_b", True),
    ],
)
def test_proof_access_matrix(client, proofs, who, proof, allowed):
    if who in ("a", "b"):
        client.force_login(proofs[who].user)
    elif who != "anonymous":
        client.force_login(proofs[who])
    response = client.get(f"/berater/nachweise/{proofs[proof].pk}/")
    content = body(response)
    if allowed:
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["Content-Type"] == "application/pdf"
        assert response["Cache-Control"] == "private, no-store"
        assert content.endswith(b"GEHEIM-" + proof[-1].upper().encode())
    else:
        assert response.status_code == 404
        assert b"GEHEIM" not in content


def test_deleting_a_qualification_deletes_its_file(proofs, tmp_path):
    path = tmp_path / proofs["proof_a"].proof.name
    assert path.exists()
    proofs["proof_a"].delete()
    assert not path.exists()
