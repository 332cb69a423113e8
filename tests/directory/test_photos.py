"""Advisors upload a portrait in the self-service area; it is checked, shown and deleted with them."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from directory import gdpr
from tests.factories import AdvisorFactory, make_site_with_home, published_advisor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    make_site_with_home()


def png(name="portrait.png", colour="navy"):
    buffer = io.BytesIO()
    PillowImage.new("RGB", (320, 320), colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def profile_data(advisor, **extra):
    fields = ["name", "organisation", "short_profile", "description", "postcode", "city", "fee_model", "website"]
    return {**{f: getattr(advisor, f) for f in fields}, "years_experience": 5, "track": "standard", **extra}


def test_a_published_advisor_sets_and_replaces_a_portrait_that_shows_at_once(
    client, tmp_path, django_capture_on_commit_callbacks
):
    advisor = published_advisor(name="Anna Albers", slug="anna-albers")
    client.force_login(advisor.user)
    response = client.post("/mein-profil/profil/", profile_data(advisor, photo_upload=png("../../anna albers.png")))
    assert response.status_code == 302
    advisor.refresh_from_db()
    first = advisor.photo
    assert first.collection.name == "Beraterfotos" and "anna" not in first.file.name and ".." not in first.file.name
    assert "<img" in client.get("/berater/anna-albers/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # Wagtail deletes files after the commit
        client.post("/mein-profil/profil/", profile_data(advisor, photo_upload=png(colour="teal")))
    advisor.refresh_from_db()
    assert advisor.photo != first and not get_image_model().objects.filter(pk=first.pk).exists()
    assert not (tmp_path / first.file.name).exists()  # the replaced file is gone too

    client.post("/mein-profil/profil/", profile_data(advisor, remove_photo="on"))
    advisor.refresh_from_db()
    assert advisor.photo is None and not get_image_model().objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("foto.png", b"<html><script>alert(1)</script></html>"), "als JPEG oder PNG"),
        (SimpleUploadedFile("foto.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'), "als JPEG oder PNG"),
        (SimpleUploadedFile("foto.pdf", b"%PDF-1.4\n%%EOF\n"), "als JPEG oder PNG"),
        (SimpleUploadedFile("kaputt.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64), "gültiges Bild"),
        (SimpleUploadedFile("riesig.png", b"\x89PNG\r\n\x1a\n" + b"0" * (5 * 1024 * 1024)), "größer als 5 MB"),
    ],
)
def test_bad_portraits_are_refused_in_german_and_the_rest_is_kept(client, upload, message):
    advisor = AdvisorFactory(name="Bernd Brandt")
    client.force_login(advisor.user)
    response = client.post("/mein-profil/profil/", profile_data(advisor, city="Bad Godesberg", photo_upload=upload))
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    assert 'value="Bad Godesberg"' in html
    advisor.refresh_from_db()
    assert advisor.photo is None and advisor.city == "Bonn"


def test_account_deletion_removes_the_portrait_and_its_file(client, tmp_path, django_capture_on_commit_callbacks):
    advisor = AdvisorFactory()
    client.force_login(advisor.user)
    client.post("/mein-profil/profil/", profile_data(advisor, photo_upload=png()))
    advisor.refresh_from_db()
    path = tmp_path / advisor.photo.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        gdpr.erase(advisor.user)
    assert not get_image_model().objects.exists() and not path.exists()
