"""The dry run: every row checked field by field, and every person looked for in the file and in
the directory, so that nobody is created twice."""

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower

from core.validators import validate_postcode, validate_website
from directory.models import (
    Advisor,
    ClaimInvitation,
    ConsultingTopic,
    ExternalRegistration,
    FederalState,
    Industry,
    Language,
)


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    required: bool = False
    max_length: int | None = None
    aliases: tuple = ()
    parts: int = 1  # columns that may be joined (e.g. Vorname + Nachname)


TARGETS = [
    Target("name", "Name", True, 120, ("name", "vorname", "nachname", "beratername", "vollständiger name"), parts=2),
    # Not required: OM's own public export carries no e-mail (re-import into a fresh instance); such
    # rows are created without an invitation and deleted after 90 days like every unclaimed import.
    Target("email", "E-Mail", False, 254, ("e-mail", "email", "mail", "e-mail-adresse")),
    Target("postcode", "PLZ", True, 5, ("plz", "postleitzahl")),
    Target("city", "Ort", True, 80, ("ort", "stadt", "city")),
    Target("organisation", "Organisation", False, 160, ("organisation", "firma", "unternehmen", "beratungsfirma")),
    Target("website", "Website", False, 200, ("website", "webseite", "internet", "url", "homepage")),
    Target("short_profile", "Kurzprofil", False, 300, ("kurzprofil", "profil")),
    Target("description", "Beschreibung", False, 5000, ("beschreibung",)),
    Target("fee_model", "Honorarmodell", False, 200, ("honorarmodell", "honorar")),
    Target("topics", "Beratungsthemen", False, None, ("beratungsthemen", "themen", "schwerpunkte")),
    Target("industries", "Branchen", False, None, ("branchen", "branche")),
    Target("states", "Bundesländer", False, None, ("bundesländer", "bundeslaender", "tätig in")),
    Target("languages", "Sprachen", False, None, ("sprachen", "sprache")),
    Target("years_experience", "Jahre Erfahrung", False, None, ("jahre erfahrung", "berufserfahrung", "erfahrung")),
    Target("register_id", "Registernummer", False, 80, ("registernummer", "beraternummer", "kennung", "id", "nummer")),
]
TARGETS_BY_KEY = {target.key: target for target in TARGETS}
NO_EMAIL = "Keine E-Mail-Adresse: Der Entwurf wird ohne Einladung angelegt und nach 90 Tagen gelöscht."
SIMILARITY = 0.85  # difflib ratio of normalised names from which two people at one postcode are "similar"


def _plain(text):
    return unicodedata.normalize("NFKD", text.casefold()).encode("ascii", "ignore").decode()


def guess_mapping(columns):
    """A first mapping by column names; the person importing checks and corrects it."""
    mapping = {}
    for target in TARGETS:
        if target.key == "name" and {"vorname", "nachname"} <= {_plain(c) for c in columns}:
            mapping["name"] = [c for first in ("vorname", "nachname") for c in columns if _plain(c) == first]
            continue
        # The field's own key, too: OM's JSON export and API use them as names.
        aliases = (*target.aliases, target.key)
        match = next((c for alias in aliases for c in columns if _plain(c) == _plain(alias)), None)
        if match:
            mapping[target.key] = [match]
    return mapping


def mapping_problems(mapping, columns, register=""):
    """German messages for a mapping that cannot work (missing required targets, unknown columns)."""
    problems = []
    for target in TARGETS:
        chosen = mapping.get(target.key) or []
        if target.required and not chosen:
            problems.append(f"Bitte eine Spalte für „{target.label}“ wählen (Pflichtangabe).")
        problems += [f"Die Spalte „{column}“ gibt es in der Datei nicht." for column in chosen if column not in columns]
    if mapping.get("register_id") and not register:
        problems.append("Für Registernummern bitte angeben, aus welchem Register sie stammen.")
    return problems


def name_key(name):
    """A name without titles, accents, punctuation and word order: "Dr. Müller, Anna" ~ "Anna Mueller"."""
    plain = _plain(name.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss"))
    words = re.findall(r"[a-z]+", plain)
    return " ".join(sorted(w for w in words if w not in {"dr", "prof", "dipl", "ing", "med", "herr", "frau"}))


@dataclass
class Row:
    number: int
    values: dict  # target key -> cleaned value
    problems: list = field(default_factory=list)  # (target label, German message): the row is not imported
    notes: list = field(default_factory=list)  # (target label, German message): imported all the same
    known: Advisor | None = None  # the same person is already in the directory
    similar: Advisor | None = None  # a similar name at the same postcode: a person decides

    @property
    def valid(self):
        return not self.problems


@dataclass(frozen=True)
class Vocabulary:
    """A controlled list a column must draw from, matched by name or code, case-insensitively."""

    model: type
    noun: str
    fields: tuple = ("name",)

    def lookup(self):
        return {str(getattr(item, f)).casefold(): item for item in self.model.objects.all() for f in self.fields}


VOCABULARIES = {
    "topics": Vocabulary(ConsultingTopic, "Beratungsthemen"),
    "industries": Vocabulary(Industry, "Branchen"),
    "states": Vocabulary(FederalState, "Bundesländer", ("name", "code")),
    "languages": Vocabulary(Language, "Sprachen", ("name", "code")),
}


@dataclass
class CheckResult:
    rows: list

    def count(self, predicate):
        return sum(1 for row in self.rows if predicate(row))


def _clean(target, raw, vocabularies):
    """(value, [messages]) for one field of one row."""
    if not raw:
        return ("", [f"Pflichtangabe „{target.label}“ fehlt."] if target.required else [])
    if target.max_length and len(raw) > target.max_length:
        return raw, [f"„{target.label}“ ist zu lang (höchstens {target.max_length} Zeichen)."]
    try:
        if target.key == "email":
            validate_email(raw)
            return raw.lower(), []
        if target.key == "postcode":
            validate_postcode(raw)
        if target.key == "website":
            validate_website(raw)
    except ValidationError as error:
        detail = {"email": "keine gültige E-Mail-Adresse", "website": "keine gültige Web-Adresse (http/https)"}
        reason = detail.get(target.key) or " ".join(error.messages)
        return raw, [f"„{raw}“: {reason}"]
    if target.key == "years_experience":
        if not (raw.isascii() and raw.isdigit()) or int(raw) > 70:
            return raw, [f"„{raw}“ ist keine Anzahl von Jahren (0 bis 70)."]
        return int(raw), []
    if target.key in VOCABULARIES:
        known = vocabularies[target.key]
        names = [name.strip() for name in re.split(r"[;,|]", raw) if name.strip()]
        unknown = [name for name in names if name.casefold() not in known]
        if unknown:
            noun = VOCABULARIES[target.key].noun
            return raw, [f"Unbekannt: {', '.join(unknown)} (erlaubt sind nur Werte der Liste „{noun}“)."]
        return list({known[name.casefold()].pk: known[name.casefold()] for name in names}.values()), []
    return raw, []


def check(table, mapping, register=""):
    """Every row cleaned and checked; duplicates in the file are problems, people already in the
    directory are "known" (skipped: importing twice changes nothing)."""
    vocabularies = {key: vocabulary.lookup() for key, vocabulary in VOCABULARIES.items()}
    rows = []
    for number, raw in table.rows:
        row = Row(number, {})
        for target in TARGETS:
            columns = mapping.get(target.key) or []
            text = " ".join(raw.get(column, "") for column in columns if raw.get(column, "")).strip()
            value, messages = _clean(target, text, vocabularies)
            row.values[target.key] = value
            row.problems += [(target.label, message) for message in messages]
        if not row.values["email"] and not row.problems:
            row.notes.append(("E-Mail", NO_EMAIL))
        rows.append(row)
    _mark_duplicates_in_file(rows)
    _find_in_directory([row for row in rows if row.valid], register)
    return CheckResult(rows)


def _mark_duplicates_in_file(rows):
    seen = {}
    for row in rows:
        keys = [
            ("Registernummer", "dieselbe Registernummer", row.values.get("register_id")),
            ("E-Mail", "dieselbe E-Mail-Adresse", row.values.get("email")),
            ("Name", "derselbe Name an derselben PLZ", f"{name_key(row.values['name'])}|{row.values['postcode']}"),
        ]
        for label, same, value in keys:
            if not value or value.startswith("|"):
                continue
            first = seen.setdefault((label, value), row.number)
            if first != row.number:
                row.problems.append((label, f"Doppelt in der Datei: {same} wie in Zeile {first}."))
                break


def _find_in_directory(rows, register):
    by_id = {}
    if register:
        ids = [row.values["register_id"] for row in rows if row.values.get("register_id")]
        registrations = ExternalRegistration.objects.filter(register=register, identifier__in=ids)
        by_id = {r.identifier: r.advisor for r in registrations.select_related("advisor")}
    emails = [row.values["email"] for row in rows if row.values["email"]]
    by_email = {
        advisor.user.email.lower(): advisor
        for advisor in Advisor.objects.annotate(email=Lower("user__email"))
        .filter(email__in=emails)
        .select_related("user")
    }
    invitations = ClaimInvitation.objects.filter(email__in=emails).select_related("advisor")
    by_email.update({invitation.email.lower(): invitation.advisor for invitation in invitations})
    by_postcode = {}
    for advisor in Advisor.objects.filter(postcode__in={row.values["postcode"] for row in rows}).only(
        "pk", "name", "organisation", "postcode", "city", "status", "slug"
    ):
        by_postcode.setdefault(advisor.postcode, []).append(advisor)
    for row in rows:
        if row.values.get("register_id") in by_id:
            row.known = by_id[row.values["register_id"]]
        elif row.values["email"] and row.values["email"] in by_email:
            row.known = by_email[row.values["email"]]
        else:
            key = name_key(row.values["name"])
            candidates = by_postcode.get(row.values["postcode"], [])
            scored = [(difflib.SequenceMatcher(None, key, name_key(a.name)).ratio(), a) for a in candidates]
            best = max(scored, key=lambda pair: pair[0], default=(0, None))
            if best[0] >= SIMILARITY:
                row.similar = best[1]
