"""The judged set: German queries a visitor would type over the demo content, each with the
pages ("page:<slug>") and documents ("doc:<title start>") that must be among its first three
results. Judged by reading the demo content, not by looking at what a backend returned."""

JUDGED = [
    ("Umweltcheck", ["page:umweltcheck"]),
    ("KI Qualifizierung", ["page:zusatzqualifikation-ki"]),
    ("Zusatzqualifikation KI", ["page:zusatzqualifikation-ki"]),
    ("künstliche Intelligenz", ["page:zusatzqualifikation-ki"]),
    ("enAIble", ["page:zusatzqualifikation-ki"]),
    ("Beschluss Musternetzwerke", ["page:strategiekreis-2021-04-22", "page:beschluesse"]),
    ("Musternetzwerk OWL", ["page:owl"]),
    ("Musternetzwerk Köln", ["page:koeln"]),
    ("Netzwerk München", ["page:muenchen"]),
    ("Harzwirtschaft", ["page:harzwirtschaft"]),
    ("Regionale Netzwerke", ["page:netzwerke"]),
    ("Compliance-Regelungen", ["page:compliance-regelungen", "doc:Compliance-Regelung"]),
    ("Sponsoring Stiftung", ["doc:Compliance-Regelung"]),
    ("Beraterdatenbank", ["page:beraterdatenbank", "page:mittelstand-gut-beraten"]),
    ("Mittelstand gut beraten", ["page:beraterdatenbank"]),
    ("Feinkonzept Beraterdatenbank", ["page:mittelstand-gut-beraten"]),
    ("Umweltcheck Termin", ["page:ag-umweltcheck-2021-05-28"]),
    ("Plenum Strategiekreis", ["page:plenum-2021-11-11"]),
    ("Zukunft der Wertschöpfung", ["doc:Zukunft der Wertschöpfung"]),
    ("Transferevaluation", ["doc:Zukunft der Wertschöpfung"]),
    ("Nutzenpapiere", ["doc:Zweite Entwicklungsphase"]),
    ("Fragebogen Energieeffizienz", ["doc:OM-Potenzialanalyse Umweltschutz: Stand"]),
    ("Potenzialanalyse Umweltschutz", ["page:umweltcheck"]),
    ("Annette Icks", ["page:strategiekreis-2021-04-22"]),
    ("Transferliste", ["page:transfer"]),
    ("Forschungsprojekte für KMU", ["page:transfer"]),
    ("Impressum", ["page:impressum"]),
    ("Datenschutz", ["page:datenschutz"]),
    ("Barrierefreiheit", ["page:barrierefreiheit"]),
    ("Neues aus der Offensive", ["doc:Neues aus der Offensive"]),
    ("zweite Entwicklungsphase", ["doc:Zweite Entwicklungsphase"]),
    ("Strategiekreis Protokoll", ["page:strategiekreis-2021-04-22"]),
    ("Beschlüsse", ["page:beschluesse"]),
    ("Termine", ["page:termine"]),
]

TOP = 3


def result_key(kind, obj):
    if kind.key == "dokumente":
        return f"doc:{obj.title}"
    return f"page:{obj.slug}"


def found(expected, keys):
    return any(key == expected or (expected.startswith("doc:") and key.startswith(expected)) for key in keys)


def evaluate(run_query):
    """run_query(text) → the result keys best first. Returns (precision@3, misses): precision@3
    is the share of expected items found in the top three, averaged over the queries."""
    shares, misses = [], []
    for text, expected in JUDGED:
        keys = run_query(text)[:TOP]
        hits = [item for item in expected if found(item, keys)]
        shares.append(len(hits) / len(expected))
        if len(hits) < len(expected):
            misses.append((text, [item for item in expected if item not in hits], keys))
    return sum(shares) / len(shares), misses
