"""Exports for partners: published advisors only, public fields only, under the data licence;
the CSV imported into an empty directory yields the same public records."""

import csv
import io
import json

import pytest
from django.core.management import call_command

from directory import verification
from directory.models import Advisor, AdvisorStatus, ExternalRegistration, FederalState, Industry, Language
from directory.public import public_advisors, record
from tests.factories import AdvisorFactory, published_advisor

pytestmark = pytest.mark.django_db
CARRIED = [  # what an import can carry; verification and authorisations are OM's own and never imported
    "name",
    "organisation",
    "short_profile",
    "description",
    "postcode",
    "city",
    "website",
    "fee_model",
    "years_experience",
    "topics",
    "industries",
    "states",
    "languages",
]


@pytest.fixture
def directory():
    tricky = published_advisor(
        name="Dr. Jürgen Weiß-Öztürk",
        organisation='Weiß & Partner; "Die Umsetzer", Köln',
        short_profile="Digitalisierung; Nachfolge – mit Herz, Verstand und „Anführungszeichen“.",
        description="Erste Zeile.\nZweite Zeile; mit Semikolon.",
        postcode="50667",
        city="Köln",
        website="https://weiss-partner.example",
        fee_model="Tagessatz 900 €",
        years_experience=12,
    )
    tricky.topics.add("Digitalisierung", "Nachfolge")
    tricky.industries.set(Industry.objects.filter(name__in=["Handwerk", "IT und Software"]))
    tricky.states_served.set(FederalState.objects.filter(code__in=["NW", "RP"]))
    tricky.languages.set(Language.objects.filter(code__in=["de", "tr"]))
    tricky.save()
    ExternalRegistration.objects.create(
        advisor=tricky, register="dena", identifier="DENA-4711", consent_to_show=False, verified_at="2026-05-01"
    )
    plain = published_advisor(name="Anna Albers", postcode="38640", city="Goslar")
    ExternalRegistration.objects.create(
        advisor=plain,
        register="bafa",
        identifier="BAFA-0815",
        consent_to_show=True,
        consent_at="2026-05-01T10:00:00Z",
        verified_at="2026-05-02",
    )
    hidden = [
        AdvisorFactory(name="Entwurf Unsichtbar"),
        published_advisor(name="Gesperrt Unsichtbar"),
    ]
    verification.transition(hidden[1], AdvisorStatus.BLOCKED, reason="Test")
    return tricky, plain, hidden


def rows_of(response):
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8")
    assert text.startswith("\ufeff")  # German Excel needs the BOM to read UTF-8
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";")), text


def test_csv_export_has_published_advisors_and_public_fields_only(client, directory):
    tricky, plain, hidden = directory
    response = client.get("/berater/export.csv")

    rows, text = rows_of(response)
    assert response.status_code == 200 and 'rel="license"' in response["Link"]
    assert [row["Name"] for row in rows] == ["Anna Albers", "Dr. Jürgen Weiß-Öztürk"]
    assert rows[1]["Beschreibung"] == "Erste Zeile.\nZweite Zeile; mit Semikolon."
    assert rows[1]["Register"] == "dena Energieeffizienz-Expertenliste (geprüft am 01.05.2026)"  # no consent: no number
    assert rows[0]["Register"] == "BAFA-Beraterförderung BAFA-0815 (geprüft am 02.05.2026)"
    for secret in ("Unsichtbar", "@beispiel.invalid", tricky.user.email):
        assert secret not in text


def test_json_export_carries_licence_and_the_same_records(client, directory):
    response = client.get("/berater/export.json", headers={"origin": "https://www.hwk-beispiel.example"})
    data = json.loads(response.content)
    assert data["lizenz"]["id"] == "dl-de/by-2-0" and response["Access-Control-Allow-Origin"] == "*"
    assert [item["name"] for item in data["items"]] == ["Anna Albers", "Dr. Jürgen Weiß-Öztürk"]
    assert not {"email", "user", "status", "latitude", "references", "qualifications"} & set(data["items"][0])
    assert client.post("/berater/export.json").status_code == 405


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_an_export_imported_into_an_empty_directory_yields_the_same_public_records(client, directory, tmp_path, kind):
    before = sorted(([record(a)[key] for key in CARRIED] for a in public_advisors()), key=str)
    path = tmp_path / f"export.{kind}"
    path.write_bytes(client.get(f"/berater/export.{kind}").content)
    Advisor.objects.all().delete()

    call_command("import_advisors", str(path), "--source", "Export der OM", "--execute", stdout=io.StringIO())

    imported = Advisor.objects.all()
    assert imported.count() == 2 and not imported.exclude(status=AdvisorStatus.DRAFT).exists()
    after = sorted(([record(a)[key] for key in CARRIED] for a in imported), key=str)
    assert after == before
