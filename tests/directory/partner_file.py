"""A realistic 500-row export of a partner register (a chamber's advisor list) with the faults
such files have. Each fault is recorded, so the tests know which rows the report must name."""

import csv
import io
import random
from dataclasses import dataclass, field

COLUMNS = ["Vorname", "Nachname", "Firma", "E-Mail", "PLZ", "Ort", "Website", "Schwerpunkte", "Beraternummer"]
# fmt: off
FIRST = ["Anna", "Ben", "Clara", "David", "Elif", "Frank", "Greta", "Hakan", "Ines", "Jonas", "Katrin", "Lars", "Mia",
         "Nils", "Olga", "Paul", "Rana", "Sven", "Tanja", "Uwe", "Vera", "Wiebke", "Xaver", "Yara", "Zoe"]
LAST = ["Albers", "Brandt", "Czech", "Dietz", "Engel", "Fuchs", "Graf", "Haas", "Iske", "Jahn", "Kuhn", "Lorenz",
        "Maurer", "Nowak", "Ott", "Pohl", "Quast", "Roth", "Seidel", "Thiel", "Uhl", "Voigt", "Wolf", "Yilmaz"]
PLACES = [("53113", "Bonn"), ("50667", "Köln"), ("10115", "Berlin"), ("80331", "München"), ("70173", "Stuttgart"),
          ("30159", "Hannover"), ("38640", "Goslar"), ("33602", "Bielefeld"), ("01067", "Dresden"),
          ("20095", "Hamburg")]
# fmt: on
TOPICS = ["Digitalisierung", "Nachfolge", "Energieeffizienz", "Personalführung", "Künstliche Intelligenz"]

# Faults: (row offset among the data rows, column to spoil, value, target label in the report)
FAULTS = [
    (7, "Vorname+Nachname", "", "Name"),
    (33, "E-Mail", "anna.albers@", "E-Mail"),
    (48, "E-Mail", "kein-at-zeichen.example", "E-Mail"),
    (61, "PLZ", "1234", "PLZ"),
    (75, "PLZ", "ABCDE", "PLZ"),
    (90, "PLZ", "00000", "PLZ"),
    (104, "Ort", "", "Ort"),
    (130, "Schwerpunkte", "Astrologie", "Beratungsthemen"),
    (151, "Website", "www ohne protokoll", "Website"),
]


@dataclass
class PartnerFile:
    rows: list  # dicts as written
    bad: dict = field(default_factory=dict)  # spreadsheet row number -> label of the faulty field
    no_email: int | None = None  # a row without e-mail: imported with a note, but nobody can be invited
    duplicates: dict = field(default_factory=dict)  # row number -> row number of its first occurrence

    def csv(self, delimiter=";"):
        out = io.StringIO()
        writer = csv.DictWriter(out, COLUMNS, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(self.rows)
        return out.getvalue()

    def row(self, number):
        return self.rows[number - 2]


def partner_file(count=500):
    chance = random.Random(8)  # noqa: S311 - reproducible test data, not secrets
    rows = []
    for i in range(count):
        postcode, city = PLACES[i % len(PLACES)]
        first, last = FIRST[i % len(FIRST)], LAST[(i // len(FIRST)) % len(LAST)]
        if i >= len(FIRST) * len(LAST):  # beyond 600 people: double names, so that larger files name others
            last = f"{last}-{LAST[(i // (len(FIRST) * len(LAST))) % len(LAST)]}"
        rows.append(
            {
                "Vorname": first,
                "Nachname": last,  # 25 × 24 distinct names, then double names
                "Firma": f"{last} Beratung" if chance.random() < 0.6 else "",
                "E-Mail": f"{first}.{last}.{i}@beratung-{i % 37}.example".lower(),
                "PLZ": postcode,
                "Ort": city,
                "Website": f"https://beratung-{i}.example" if chance.random() < 0.5 else "",
                "Schwerpunkte": "; ".join(chance.sample(TOPICS, chance.randint(0, 2))),
                "Beraternummer": f"K-{100000 + i}",
            }
        )
    result = PartnerFile(rows)
    for offset, column, value, label in (fault for fault in FAULTS if fault[0] < count):
        for name in column.split("+"):
            rows[offset][name] = value
        result.bad[offset + 2] = label
    if count > 19:
        rows[19]["E-Mail"] = ""
        result.no_email = 21
    # The same person twice in the file: once by e-mail, once by register number, once by name + postcode.
    for offset, original, key in ((200, 10, "E-Mail"), (230, 11, "Beraternummer"), (260, 12, "name")):
        if offset >= count:
            continue
        if key == "name":
            rows[offset].update({k: rows[original][k] for k in ("Vorname", "Nachname", "PLZ", "Ort")})
        else:
            rows[offset][key] = rows[original][key]
        result.duplicates[offset + 2] = original + 2
    return result
