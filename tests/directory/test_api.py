"""The partners' API: published advisors and public fields only, the directory search's filters,
German errors, conditional GET, CORS, rate limits and a valid OpenAPI document."""

import io

import pytest
from django.core.management import call_command
from openapi_spec_validator import validate

from core.middleware import NUL_REFUSED
from directory import verification
from directory.api import Advisor as AdvisorSchema
from directory.api import Hit
from directory.models import AdvisorStatus, ConsultingTopic, ExternalRegistration
from tests.factories import AdvisorFactory, published_advisor

pytestmark = pytest.mark.django_db
API = "/api/v1"
PRIVATE = ("@beispiel.invalid", "Kundenreferenz", "nachweis", "Entwurf", "Gesperrt", "Importiert")


@pytest.fixture
def directory():
    digital = ConsultingTopic.objects.get(name="Digitalisierung")
    bonn = published_advisor(
        name="Anna Albers", postcode="53113", city="Bonn", short_profile="Digitalisierung im Handwerk"
    )
    bonn.topics.set([digital])
    bonn.save()
    ExternalRegistration.objects.create(
        advisor=bonn, register="dena", identifier="D-1", consent_to_show=False, verified_at="2026-05-01"
    )
    published_advisor(name="Bernd Brandt", postcode="80331", city="München")
    AdvisorFactory(name="Entwurf Ernst", postcode="53113", status=AdvisorStatus.SUBMITTED)
    blocked = published_advisor(name="Gesperrt Grau", postcode="53113")
    verification.transition(blocked, AdvisorStatus.BLOCKED, reason="Test")
    AdvisorFactory(name="Importiert Ilse", user=None, postcode="53113")
    call_command("rebuild_directory_index", stdout=io.StringIO())
    return bonn


def test_the_list_has_published_advisors_with_public_fields_only(client, directory):
    response = client.get(f"{API}/berater")

    data = response.json()
    assert response.status_code == 200
    assert sorted(item["name"] for item in data["items"]) == ["Anna Albers", "Bernd Brandt"]
    assert set(data["items"][0]) == set(Hit.model_fields)
    assert data["licence"]["id"] == "dl-de/by-2-0"
    for secret in PRIVATE:
        assert secret not in response.content.decode()
    registration = next(i for i in data["items"] if i["name"] == "Anna Albers")["registrations"][0]
    assert registration["identifier"] is None  # no consent, no number
    assert registration["register_url"] == "https://www.energie-effizienz-experten.de/"


def test_filters_are_the_directory_search(client, directory):
    near = client.get(f"{API}/berater", {"plz": "53227", "umkreis": 25}).json()
    assert [item["name"] for item in near["items"]] == ["Anna Albers"]
    assert near["items"][0]["distance_km"] < 25

    topical = client.get(f"{API}/berater", {"thema": "digitalisierung"}).json()
    assert [item["name"] for item in topical["items"]] == ["Anna Albers"]
    assert {"value": "digitalisierung", "label": "Digitalisierung", "count": 1} in topical["facets"]["thema"]

    text = client.get(f"{API}/berater", {"q": "Handwerk"}).json()
    assert [item["name"] for item in text["items"]] == ["Anna Albers"]


def test_pages_link_to_each_other(client, directory):
    first = client.get(f"{API}/berater", {"pro_seite": 1}).json()
    assert (first["count"], first["pages"], first["previous"]) == (2, 2, None)
    second = client.get(first["next"]).json()
    assert second["next"] is None and second["previous"].endswith("seite=1")
    assert first["items"][0]["slug"] != second["items"][0]["slug"]


def test_the_detail_exists_for_published_advisors_only(client, directory):
    found = client.get(f"{API}/berater/{directory.slug}")
    assert found.status_code == 200 and set(found.json()) == set(AdvisorSchema.model_fields)
    for name in ("Entwurf Ernst", "Gesperrt Grau", "Importiert Ilse"):
        slug = type(directory).objects.get(name=name).slug
        response = client.get(f"{API}/berater/{slug}")
        assert response.status_code == 404 and response.json()["detail"] == "Nicht gefunden."


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"plz": "5311"}, "plz", "Das Format stimmt nicht."),
        ({"plz": "00000"}, "plz", "Diese Postleitzahl ist uns nicht bekannt."),
        ({"seite": "zwei"}, "seite", "Bitte eine ganze Zahl angeben."),
        ({"seite": "0"}, "seite", "Der Wert ist zu klein."),
        ({"pro_seite": "500"}, "pro_seite", "Der Wert ist zu groß."),
        ({"umkreis": "30"}, "umkreis", "Dieser Wert ist nicht erlaubt."),
        ({"sortierung": "zufall"}, "sortierung", "Dieser Wert ist nicht erlaubt."),
        ({"q": "x" * 201}, "q", "Der Text ist zu lang."),
    ],
)
def test_bad_parameters_get_german_messages(client, directory, params, field, message):
    response = client.get(f"{API}/berater", params)
    assert response.status_code == 422
    assert response.json() == {"detail": "Ungültige Anfrage.", "errors": {field: [message]}}


def test_unknown_facet_values_find_nothing_instead_of_failing(client, directory):
    response = client.get(f"{API}/berater", {"thema": "gibt-es-nicht", "land": "XX"})
    assert response.status_code == 200 and response.json()["count"] == 0


def test_vocabularies_list_the_filter_values(client, directory):
    data = client.get(f"{API}/vokabulare").json()
    assert {"value": "digitalisierung", "label": "Digitalisierung"} in data["topics"]
    assert {"value": "NW", "label": "Nordrhein-Westfalen"} in data["states"]
    assert data["radii_km"] == [10, 25, 50, 100]


def test_conditional_get_answers_304(client, directory):
    first = client.get(f"{API}/berater")
    assert client.get(f"{API}/berater", headers={"if-none-match": first["ETag"]}).status_code == 304
    detail = client.get(f"{API}/berater/{directory.slug}")
    since = client.get(f"{API}/berater/{directory.slug}", headers={"if-modified-since": detail["Last-Modified"]})
    assert since.status_code == 304

    directory.short_profile = "Neu: Nachfolge"
    directory.save()
    assert client.get(f"{API}/berater/{directory.slug}", headers={"if-none-match": detail["ETag"]}).status_code == 200


def test_cors_is_open_for_the_api_and_exports_only(client, directory):
    origin = {"origin": "https://www.ihk-beispiel.example"}
    for path in (f"{API}/berater", f"{API}/vokabulare", "/berater/export.json"):
        assert client.get(path, headers=origin)["Access-Control-Allow-Origin"] == "*"
    for path in ("/berater/", f"/berater/{directory.slug}/", "/admin/login/"):
        assert "Access-Control-Allow-Origin" not in client.get(path, headers=origin)


def test_rate_limit_answers_429_in_german(client, directory, settings):
    settings.PARTNER_API_RATE = "3/m"
    statuses = [client.get(f"{API}/vokabulare").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get(f"{API}/berater")
    assert refused.json()["detail"] == "Zu viele Anfragen. Bitte warten Sie kurz."
    assert int(refused["Retry-After"]) > 0


def test_the_openapi_document_is_valid_and_rendered(client):
    document = client.get(f"{API}/openapi.json").json()
    validate(document)
    assert set(document["paths"]) == {f"{API}/berater", f"{API}/berater/{{slug}}", f"{API}/vokabulare"}
    assert "dl-de/by-2-0" in document["info"]["description"]
    docs = client.get(f"{API}/docs")
    assert docs.status_code == 200 and "swagger-ui" in docs.content.decode()


def test_pages_beyond_the_result_window_are_refused_in_german(client, directory):
    response = client.get(f"{API}/berater", {"seite": 201, "pro_seite": 50})
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "seite": ["Abrufbar sind die ersten 10000 Treffer; bitte die Suche eingrenzen."]
    }


@pytest.mark.parametrize("path", [f"{API}/berater", "/berater/"])
def test_nul_bytes_in_facets_find_nothing_or_are_refused(client, directory, path):
    response = client.get(path, {"thema": "digital\x00isierung", "land": "N\x00W"})
    if path.startswith("/api/"):  # the API answers in its documented format: no advisor has such a value
        assert response.status_code == 200
        assert response.json()["count"] == 0 and response.json()["items"] == []
    else:  # pages refuse them before any view (core.middleware.RefuseNulBytes)
        assert response.status_code == 400
        assert response.content.decode() == NUL_REFUSED
