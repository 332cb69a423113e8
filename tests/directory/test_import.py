"""Import from a partner register: the dry run names every bad row, the real run creates the good
rows exactly once, and nobody imported is public before claiming the profile."""

import io
import json

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from directory.importing import reader
from directory.models import Advisor, AdvisorStatus, ClaimInvitation, ExternalRegistration, ImportRun
from directory.search import backends
from directory.search.query import SearchQuery
from tests.directory.partner_file import partner_file
from tests.factories import AdvisorFactory, published_advisor


def run_command(path, *args):
    out = io.StringIO()
    call_command("import_advisors", str(path), "--source", "IHK Musterstadt", "--register", "kammer", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def partner(tmp_path):
    data = partner_file()
    path = tmp_path / "ihk-beraterliste.csv"
    path.write_text(data.csv(), encoding="utf-8")
    return data, path


@pytest.fixture
def already_listed(partner):
    """Three people of the file are in the directory: same e-mail, same register number, similar name."""
    data, _ = partner
    by_email = published_advisor(name="Schon Registriert")
    by_email.user.email = data.row(40)["E-Mail"]
    by_email.user.save()
    by_number = AdvisorFactory(name="Andere Schreibweise")
    ExternalRegistration.objects.create(advisor=by_number, register="kammer", identifier=data.row(41)["Beraternummer"])
    row = data.row(42)
    similar = AdvisorFactory(name=f"Dr. {row['Vorname']} {row['Nachname']}", postcode=row["PLZ"], city=row["Ort"])
    return {40: by_email, 41: by_number, 42: similar}


def test_dry_run_reports_every_bad_row_and_creates_nothing(db, partner, already_listed):
    data, path = partner
    before = Advisor.objects.count()

    output = run_command(path)

    run = ImportRun.objects.get()
    reported = {}
    for problem in run.problems:
        reported.setdefault(problem["row"], []).append(problem)
    assert set(reported) == set(data.bad) | set(data.duplicates) | {data.no_email}
    for number, label in data.bad.items():
        assert [p["field"] for p in reported[number]] == [label]
        assert f"Zeile {number:>5} · Fehler · {label}:" in output
    assert f"Zeile {data.no_email:>5} · Hinweis · E-Mail: Keine E-Mail-Adresse" in output
    for number, first in data.duplicates.items():
        assert f"wie in Zeile {first}." in reported[number][0]["message"]
    assert "„00000“: Diese Postleitzahl ist uns nicht bekannt." in {p["message"] for p in reported[92]}
    assert (run.rows_total, run.rows_invalid, run.rows_known, run.rows_similar) == (500, 12, 2, 1)
    assert run.similar[0]["row"] == 42 and run.similar[0]["advisor"] == already_listed[42].pk
    assert Advisor.objects.count() == before and not mail.outbox
    assert run.state == ImportRun.State.DISCARDED and run.content == ""  # a dry run keeps no personal data


def test_real_run_imports_good_rows_once_as_unpublished_drafts(
    db, client, partner, already_listed, django_capture_on_commit_callbacks
):
    data, path = partner
    before = Advisor.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        output = run_command(path, "--execute")

    created = Advisor.objects.filter(claim_invitation__isnull=False)
    assert created.count() == 500 - 12 - 2 - 1 == Advisor.objects.count() - before
    assert "485 angelegt und eingeladen" in output
    assert set(created.values_list("status", flat=True)) == {AdvisorStatus.DRAFT}
    assert not created.filter(user__isnull=False).exists()
    assert len(mail.outbox) == 484 and {m.to[0] for m in mail.outbox} == set(
        ClaimInvitation.objects.exclude(email="").values_list("email", flat=True)
    )  # the row without an address: created, nobody to invite
    first = Advisor.objects.get(claim_invitation__email=data.row(2)["E-Mail"])
    assert (first.name, first.postcode, first.city) == ("Anna Albers", "53113", "Bonn")
    assert first.registrations.get().identifier == data.row(2)["Beraternummer"]
    assert ImportRun.objects.get().content == ""  # the file's text is gone once executed
    call_command("rebuild_directory_index", stdout=io.StringIO())
    # Nobody imported is public before claiming: no profile, no search hit (the published one is found).
    assert client.get(first.get_absolute_url()).status_code == 404
    assert backends.search(SearchQuery(text=first.name)).total == 0
    assert backends.search(SearchQuery(text="Schon Registriert")).total == 1
    assert first.get_absolute_url() not in client.get("/berater/", {"q": first.name}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        again = run_command(path, "--execute")

    assert Advisor.objects.count() - before == 485 and len(mail.outbox) == 484
    assert "0 angelegt und eingeladen, 487 schon vorhanden, 12 fehlerhaft, 1 mit ähnlichem Namen" in again


def test_a_similar_name_is_created_only_when_a_person_decided_so(db, tmp_path, already_listed):
    data = partner_file(50)
    path = tmp_path / "kurz.csv"
    path.write_text(data.csv(), encoding="utf-8")
    email = data.row(42)["E-Mail"]
    run_command(path, "--execute")
    assert not Advisor.objects.filter(claim_invitation__email=email).exists()

    run_command(path, "--execute", "--create-similar", "42")

    assert Advisor.objects.filter(claim_invitation__email=email).count() == 1


@pytest.mark.parametrize("kind", ["json", "excel-csv"])
def test_json_files_and_windows_spreadsheets_are_read(db, tmp_path, kind):
    data = partner_file(30)
    if kind == "json":
        path = tmp_path / "liste.json"
        path.write_text(json.dumps({"items": data.rows}, ensure_ascii=False), encoding="utf-8")
    else:  # German Excel: semicolons, Windows-1252
        path = tmp_path / "liste.csv"
        path.write_bytes(data.csv(delimiter=";").encode("cp1252"))

    run_command(path, "--execute")

    assert Advisor.objects.count() == 30 - len(data.bad)  # the row without e-mail is created
    cologne = Advisor.objects.get(claim_invitation__email=data.row(3)["E-Mail"])
    assert (cologne.name, cologne.city) == ("Ben Albers", "Köln")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leer.csv", b"", "Die Datei ist leer."),
        ("liste.xlsx", b"PK\x03\x04", "Bitte eine CSV- oder JSON-Datei hochladen"),
        ("kaputt.json", b'[{"Name": "A"', "Die JSON-Datei ist fehlerhaft (Zeile 1"),
        ("objekt.json", b'{"Name": "A"}', "Die JSON-Datei muss eine Liste von Objekten enthalten."),
        ("kopf.csv", b"Name;Name\nA;B\n", "leere oder doppelte Spaltennamen"),
        ("nur-kopf.csv", b"Name;E-Mail;PLZ;Ort\n", "keine Datenzeilen"),
    ],
)
def test_unreadable_files_get_a_german_reason(db, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message.replace("(", r"\(")):
        run_command(path)
    assert not ImportRun.objects.exists()


def test_a_mapping_without_required_columns_is_refused(db, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Name;Mail\nAnna Albers;anna@beispiel.example\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run_command(path, "--map", "email=Mail", "--map", "city=Stadt")
    assert "Bitte eine Spalte für „PLZ“ wählen" in str(error.value)
    assert "Die Spalte „Stadt“ gibt es in der Datei nicht." in str(error.value)
    assert not ImportRun.objects.exists()


def test_reader_numbers_csv_rows_like_a_spreadsheet():
    table = reader.read("Name,Ort\nA,Bonn\n\nB,Köln\n", "x.csv")
    assert [number for number, _ in table.rows] == [2, 4]
