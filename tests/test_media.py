"""Audit finding 7: portraits and other renditions are served by the app with far-future caching
(core/media.py); nothing else under MEDIA_ROOT — originals, documents of restricted collections
— and no proof has a static URL. DEBUG is off here as in production, and the URL configuration has
no DEBUG-only routes any more; the last test resolves the paths under the production settings."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from directory import photos
from directory.models import Qualification
from tests.factories import make_site_with_home, published_advisor
from tests.test_deploy_settings import PRODUCTION_ENV, manage

SECRET = b"GEHEIM-VERTRAULICH"


@pytest.fixture
def stored(settings, tmp_path, db):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    make_site_with_home()
    advisor = published_advisor(name="Anna Albers", slug="anna-albers")
    buffer = io.BytesIO()
    PillowImage.new("RGB", (300, 300), "navy").save(buffer, "PNG")
    photos.replace(advisor, SimpleUploadedFile("foto.png", buffer.getvalue()))
    proof = Qualification.objects.create(advisor=advisor, title="Q", issuer="I")
    proof.proof.save("nachweis.pdf", SimpleUploadedFile("n.pdf", b"%PDF-1.4 " + SECRET), save=True)
    members = Collection.get_first_root_node().add_child(name="Strategiekreis intern")
    CollectionViewRestriction.objects.create(collection=members, restriction_type="login")
    document = get_document_model().objects.create(
        title="Protokoll intern", collection=members, file=SimpleUploadedFile("protokoll.pdf", b"%PDF-1.4 " + SECRET)
    )
    return advisor, proof, document


def test_a_portrait_is_served_with_far_future_caching(client, stored):
    html = client.get("/berater/anna-albers/").content.decode()
    tag = re.search(r'<img[^>]*class="advisor-photo"[^>]*>', html).group(0)
    src = re.search(r'src="([^"]+)"', tag).group(1)
    assert src.startswith("/media/images/")

    response = client.get(src)

    assert response.status_code == 200 and response["Content-Type"] == "image/webp"
    assert "max-age=31536000" in response["Cache-Control"] and "public" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:4] == b"RIFF"


def test_proofs_restricted_documents_and_originals_have_no_static_url(client, stored):
    advisor, proof, document = stored
    names = [proof.proof.name, document.file.name, advisor.photo.file.name]
    tries = [f"/media/{name}" for name in names]
    tries += [f"/media/images/{name.rsplit('/', 1)[-1]}" for name in names]
    tries += [f"/media/images/..%2F{name}" for name in names] + [f"/media/images/%2E%2E/{name}" for name in names]
    tries += [f"/private/{proof.proof.name}", f"/var/private/{proof.proof.name}", "/media/", "/media/images/"]
    for url in tries:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code in (301, 302, 404), url
        assert SECRET not in body, url
    assert client.get(f"/dokumente/{document.pk}/protokoll.pdf").status_code == 302  # Wagtail asks for a login


def test_production_settings_route_only_renditions_under_media():
    script = (
        "from django.urls import Resolver404, resolve\n"
        "for p in ['/media/images/x.fill-160x160.webp', '/media/documents/p.pdf', '/media/original_images/a.png',"
        " '/media/proofs/x.pdf']:\n"
        "    try:\n"
        "        print(p, resolve(p).func.__module__)\n"
        "    except Resolver404:\n"
        "        print(p, 'nothing')\n"
    )
    result = manage("shell", "-c", script, env=PRODUCTION_ENV)
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines() if line.startswith("/media/"))
    assert len(lines) == 4, result.stdout + result.stderr
    assert lines["/media/images/x.fill-160x160.webp"] == "core.media", result.stderr
    assert {lines[p] for p in lines if "images/x" not in p} == {"nothing"}  # → 404
