"""The verifiers' import screens: upload, mapping, dry-run report with similar names side by
side, execution, and the read-only import log with export."""

import csv
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.models import Advisor, ClaimInvitation, ImportRun
from tests.directory.partner_file import partner_file
from tests.factories import AdvisorFactory, member_of, tree_root
from tests.worker import DATABASE_BACKEND, needs_postgresql, running_worker, wait_for

pytestmark = pytest.mark.django_db
START = "/admin/beraterverzeichnis/import/"


@pytest.fixture
def verifier_client(client, verifier):
    client.force_login(verifier)
    return client


def upload(client, data, name="ihk.csv", source="IHK Musterstadt", register="kammer"):
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post(START, {"source": source, "register": register, "file": file})


def mapping_post(run, **changes):
    data = {"action": "pruefen"}
    for key, columns in run.mapping.items():
        for part, column in enumerate(columns):
            data[key if part == 0 else f"{key}_{part + 1}"] = column
    return {**data, **changes}


def test_upload_map_dry_run_decide_and_execute(verifier_client, django_capture_on_commit_callbacks):
    data = partner_file(60)
    row = data.row(42)
    similar = AdvisorFactory(name=f"{row['Vorname']} {row['Nachname']}", postcode=row["PLZ"], city=row["Ort"])

    response = upload(verifier_client, data.csv().encode())

    run = ImportRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{START}{run.pk}/"
    assert run.mapping["name"] == ["Vorname", "Nachname"] and run.mapping["email"] == ["E-Mail"]
    page = verifier_client.get(response["Location"]).content.decode()
    assert 'value="Nachname" selected' in page  # the guessed mapping is shown for checking

    verifier_client.post(response["Location"], mapping_post(run))

    report = verifier_client.get(response["Location"]).content.decode()
    assert len(data.bad) == 3
    assert "60 Zeilen: 3 fehlerhaft, 0 schon im Verzeichnis, 1 mit ähnlichem Namen" in report
    for number in data.bad:
        assert f"<td>{number}</td>" in report
    assert similar.name in report and row["E-Mail"] in report  # side by side
    assert "Import ausführen: 56 Personen anlegen" in report
    assert not Advisor.objects.exclude(pk=similar.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        done = verifier_client.post(response["Location"], {"action": "ausfuehren", "trotzdem": ["42", "7"]})

    assert done.status_code == 302
    assert ClaimInvitation.objects.count() == 57  # 56 + the similar row a person chose
    assert len(mail.outbox) == 56  # one row has no address
    run.refresh_from_db()
    assert (run.state, run.rows_created, run.create_despite_similar, run.content) == ("ausgefuehrt", 57, [42], "")
    assert "57 angelegt und eingeladen" in verifier_client.get(response["Location"]).content.decode()
    done_text = verifier_client.get(f"{START}{run.pk}/stand/").json()["text"]
    assert done_text == "57 Personen angelegt und zur Übernahme eingeladen."
    verifier_client.post(response["Location"], {"action": "ausfuehren"})  # a second click changes nothing
    assert ClaimInvitation.objects.count() == 57


def test_the_import_log_lists_and_exports_runs(verifier_client):
    upload(verifier_client, partner_file(20).csv().encode(), name="kammer-liste.csv")
    listing = verifier_client.get("/admin/snippets/directory/importrun/")
    assert listing.status_code == 200 and "kammer-liste.csv" in listing.content.decode()
    export = verifier_client.get("/admin/snippets/directory/importrun/", {"export": "csv"})
    assert export.status_code == 200 and "kammer-liste.csv" in b"".join(export.streaming_content).decode()
    run = ImportRun.objects.get()
    assert verifier_client.get(f"/admin/snippets/directory/importrun/edit/{run.pk}/").status_code in (302, 403)


def test_bad_uploads_are_explained_and_keep_what_was_entered(verifier_client):
    missing = verifier_client.post(START, {"source": "", "register": "kammer"})
    text = missing.content.decode()
    assert "Dieses Feld muss ausgefüllt werden." in text and 'value="kammer" selected' in text

    wrong = upload(verifier_client, b"PK\x03\x04", name="liste.xlsx", source="IHK Musterstadt")
    text = wrong.content.decode()
    assert "Bitte eine CSV- oder JSON-Datei hochladen" in text and 'value="IHK Musterstadt"' in text
    assert not ImportRun.objects.exists()


def test_a_mapping_without_required_columns_is_explained_and_kept(verifier_client):
    upload(verifier_client, partner_file(5).csv().encode())
    run = ImportRun.objects.get()

    response = verifier_client.post(f"{START}{run.pk}/", mapping_post(run, postcode="", city="Firma"))

    text = response.content.decode()
    assert "Bitte eine Spalte für „PLZ“ wählen (Pflichtangabe)." in text
    assert '<option value="Firma" selected>' in text.split('name="city"')[1].split("</select>")[0]
    run.refresh_from_db()
    assert run.state == ImportRun.State.PREPARED


def test_only_verifiers_import(client):
    client.force_login(member_of("Redaktion", "redakteurin"))
    assert client.get(START).status_code in (302, 403)
    assert client.get("/admin/snippets/directory/importrun/").status_code in (302, 403)


def test_the_admin_takes_large_files_up_to_the_readers_limit(verifier_client):
    """The worker executes imports, so the admin no longer stops at 1,000 rows."""
    upload(verifier_client, partner_file(1500).csv().encode())
    assert ImportRun.objects.get().columns  # accepted, ready for the mapping

    too_many = partner_file(1).csv() + "Zoe;Zander;;z@z.example;53113;Bonn;;;\n" * 20_000
    text = upload(verifier_client, too_many.encode()).content.decode()
    assert "Die Datei hat mehr als 20000 Zeilen." in text and ImportRun.objects.count() == 1


def test_a_running_import_shows_its_progress_after_a_reload(verifier_client):
    upload(verifier_client, partner_file(5).csv().encode())
    run = ImportRun.objects.get()
    run.state, run.rows_to_create, run.rows_created = ImportRun.State.RUNNING, 400, 200
    run.save()

    page = verifier_client.get(f"{START}{run.pk}/").content.decode()
    progress = verifier_client.get(f"{START}{run.pk}/stand/").json()

    assert 'max="400" value="200"' in page and "200 von 400 Personen angelegt." in page
    assert "import-progress.js" in page and "Probelauf starten" not in page
    assert progress == {"running": True, "created": 200, "total": 400, "text": "200 von 400 Personen angelegt."}
    run.state = ImportRun.State.FAILED
    run.save()
    assert "abgebrochen" in verifier_client.get(f"{START}{run.pk}/").content.decode()
    assert verifier_client.get(f"{START}{run.pk}/stand/").json()["running"] is False


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_import_log_exports_every_run_state_with_readable_findings(verifier_client, kind):
    """Audit finding 2: the findings (a list of dicts) cut the CSV off and made the XLSX a 500."""
    upload(verifier_client, partner_file(20).csv().encode(), name="vorbereitet.csv")
    upload(verifier_client, partner_file(20).csv().encode(), name="geprueft.csv")
    checked = ImportRun.objects.get(file_name="geprueft.csv")
    verifier_client.post(f"{START}{checked.pk}/", mapping_post(checked))
    checked.refresh_from_db()
    assert checked.state == ImportRun.State.CHECKED and checked.problems
    for state in (ImportRun.State.EXECUTED, ImportRun.State.DISCARDED):
        ImportRun.objects.create(source="HWK", file_name=f"{state}.csv", file_sha256="0" * 64, state=state)

    response = verifier_client.get("/admin/snippets/directory/importrun/", {"export": kind})

    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    if kind == "xlsx":
        from openpyxl import load_workbook

        rows = [
            [cell or "" for cell in row] for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)
        ]
        text = "\n".join("\t".join(str(cell) for cell in row) for row in rows)
    else:
        rows = list(csv.reader(io.StringIO(data.decode())))
        text = data.decode()
    assert len(rows) == 5 and "Befunde" in rows[0]  # header + four runs: nothing cut off
    problem = checked.problems[0]
    assert f"Zeile {problem['row']} · {problem['kind']} · {problem['field']}: {problem['message']}" in text
    assert "{'row'" not in text


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_worker_imports_5000_rows_started_in_the_admin_and_the_page_shows_how_far(client, settings):
    settings.TASKS = DATABASE_BACKEND  # queued for the worker, as in production
    tree_root()  # an earlier transactional test flushed the groups the migrations made
    verifier_client = client
    client.force_login(member_of("Verifizierung", "pruefer"))
    upload(verifier_client, partner_file(5000).csv().encode())
    run = ImportRun.objects.get()
    verifier_client.post(f"{START}{run.pk}/", mapping_post(run))
    checked = verifier_client.get(f"{START}{run.pk}/").content.decode()
    importable = int(re.search(r"Import ausführen: (\d+) Personen", checked).group(1))
    verifier_client.post(f"{START}{run.pk}/", {"action": "ausfuehren"})
    page = verifier_client.get(f"{START}{run.pk}/").content.decode()
    assert "Der Import wartet auf den Hintergrunddienst." in page and not Advisor.objects.exists()

    seen = set()

    def finished():
        progress = verifier_client.get(f"{START}{run.pk}/stand/").json()
        seen.add((progress["created"], progress["total"]))
        return not progress["running"]

    with running_worker():
        wait_for(finished, "the import is done", timeout=600)
    run.refresh_from_db()
    # All but the faulty rows and the names too similar to decide without a person (they wait for one).
    assert run.state == ImportRun.State.EXECUTED and run.rows_created == importable == Advisor.objects.count() > 4500
    assert any(0 < created < total for created, total in seen)  # the page moved on while it ran
    assert f"{run.rows_created} angelegt und eingeladen" in verifier_client.get(f"{START}{run.pk}/").content.decode()
