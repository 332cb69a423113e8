"""The public directory as files for partners: CSV (semicolons, UTF-8 with BOM, so that German
Excel opens it as it is; cells that would start a formula are neutralised by core.spreadsheets)
and JSON, both under the data licence. The CSV's column names are the
ones the import understands, so an export can be imported again without a mapping."""

import csv
import io

from core.spreadsheets import safe_cell
from directory.models import FederalState, Language
from directory.public import LICENCE, public_advisors, record

COLUMNS = [
    ("Name", "name"),
    ("Organisation", "organisation"),
    ("Kurzprofil", "short_profile"),
    ("Beschreibung", "description"),
    ("PLZ", "postcode"),
    ("Ort", "city"),
    ("Website", "website"),
    ("Honorarmodell", "fee_model"),
    ("Jahre Erfahrung", "years_experience"),
    ("Beratungsthemen", "topics"),
    ("Branchen", "industries"),
    ("Bundesländer", "states"),
    ("Sprachen", "languages"),
    ("OM-Autorisierung", "products"),
    ("Register", "registrations"),
    ("geprüft am", "verified_at"),
    ("gültig bis", "verified_until"),
    ("Profil", "url"),
]


def _cell(value):
    if isinstance(value, list):
        return "; ".join(_register_text(item) if isinstance(item, dict) else str(item) for item in value)
    if value is None:
        return ""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _register_text(registration):
    text = registration["label"]
    if registration["identifier"]:
        text += f" {registration['identifier']}"
    return f"{text} (geprüft am {registration['verified_at']:%d.%m.%Y})"


def csv_text():
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([header for header, _ in COLUMNS])
    for advisor in public_advisors():
        data = record(advisor)
        writer.writerow([safe_cell(_cell(data[key])) for _, key in COLUMNS])
    return out.getvalue()


def json_data(request_time):
    return {
        "lizenz": LICENCE,
        "stand": request_time.isoformat(),
        "vokabulare": {
            "bundeslaender": dict(FederalState.objects.values_list("code", "name")),
            "sprachen": dict(Language.objects.values_list("code", "name")),
        },
        "items": [record(advisor) for advisor in public_advisors()],
    }
