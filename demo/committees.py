"""The Strategiekreis meeting of 22 April 2021, as printed in the seed protocol."""

import datetime

from committees.models import (
    AgendaItem,
    Committee,
    Decision,
    DecisionRegisterPage,
    MeetingIndexPage,
    MeetingPage,
    Person,
)
from demo.helpers import demo_document, demo_docx, demo_pdf, upsert, upsert_child
from home.models import StandardPage
from networks.models import PartnerOrganisation

ORGANISATIONS = [
    # (name, short name, kind, url)
    ("Institut für Mittelstandsforschung Bonn", "IfM Bonn", "forschung", "https://www.ifm-bonn.org"),
    ("FHM – Fachhochschule des Mittelstands", "FHM", "forschung", "https://www.fh-mittelstand.de"),
    ("Stiftung „Mittelstand – Gesellschaft – Verantwortung“", "Stiftung MGV", "stiftung", ""),
    ("Bundesministerium für Bildung und Forschung", "BMBF", "oeffentlich", "https://www.bmbf.de"),
    ("Zentralverband des Deutschen Handwerks", "ZDH", "kammer", "https://www.zdh.de"),
    (
        "ifaa – Institut für angewandte Arbeitswissenschaft e. V.",
        "ifaa",
        "forschung",
        "https://www.arbeitswissenschaft.net",
    ),
    ("DEN – Deutsches Energieberater-Netzwerk", "DEN", "verband", "https://www.deutsches-energieberaternetzwerk.de"),
    ("INQA-Netzwerkbüro", "INQA-Netzwerkbüro", "oeffentlich", ""),
    ("Bundesverband Nachhaltige Gesundheit", "BVNG", "verband", ""),
]

COMMITTEES = [
    ("Strategiekreis", "strategiekreis", "Das beschlussfassende Gremium der Offensive Mittelstand."),
    ("Plenum", "plenum", "Die Versammlung aller Partner der Offensive Mittelstand."),
    ("AG Qualitätssicherung", "arbeitsgruppe", "Arbeitsgruppe für Qualitätskriterien, Netzwerke und Verifizierung."),
    ("AG Transfer", "arbeitsgruppe", "Arbeitsgruppe für den Transfer von Forschung in die Praxis der KMU."),
    ("AG Umweltcheck", "arbeitsgruppe", "Arbeitsgruppe zur OM-Potenzialanalyse Umweltschutz."),
    ("Koordinierungsteam", "gremium", "Koordiniert die Arbeit der Offensive Mittelstand."),
]

# name, role, organisation short name — as printed in the protocol
PEOPLE = [
    ("Dr. Annette Icks", "", "IfM Bonn"),
    ("Prof. Dr. Oliver Kruse", "", "FHM"),
    ("Oleg Cernavin", "", "Stiftung MGV"),
    ("Dr. Henning Krassen", "", "BMBF"),
    ("Rolf Papenfuß", "", "ZDH"),
    ("Bruno Schmalen", "", "Stiftung MGV"),
    ("Sebastian Terstegen", "", "ifaa"),
    ("Aiko Müller-Buchzik", "", "DEN"),
    ("Dr. Christine Avenarius", "", "INQA-Netzwerkbüro"),
    ("Martin Wittau", "", "BVNG"),
]


def t(value):
    return datetime.time.fromisoformat(value) if value else None


# number, title, speakers, start, end, summary (HTML)
AGENDA = [
    ("", "Begrüßung – Organisation", [], "11:00", None, ""),
    (
        "1",
        "Neues aus der Offensive",
        ["Dr. Annette Icks"],
        "11:15",
        None,
        "<p>Dr. Annette Icks berichtet über neue Entwicklungen in der Offensive Mittelstand – siehe Anlage 1.</p>",
    ),
    (
        "2",
        "Compliance-Regelung der Offensive Mittelstand und der Stiftung",
        ["Prof. Dr. Oliver Kruse"],
        "12:00",
        None,
        "<p>Der Vorschlag des Koordinierungsteams und des Stiftungs-Vorstandes wurde vorab versendet. Prof. Dr. Oliver "
        "Kruse stellt die Compliance-Regelungen und ihre Entwicklung vor – siehe Anlage 2.</p>",
    ),
    ("", "Mittagspause", [], "12:30", "13:00", ""),
    (
        "3",
        "Beginn der zweiten Entwicklungsphase der Offensive Mittelstand",
        ["Oleg Cernavin"],
        "13:00",
        "13:30",
        "<p>Oleg Cernavin stellt die ersten Ergebnisse der Workshops des Strategiekreises und der Gespräche mit den "
        "Partnern vor – siehe Anlage 3.</p><p>Es wurde vorgeschlagen, die Nutzenpapiere, die in den Gesprächen mit den "
        "einzelnen Partnern entstanden sind, allen Strategiekreismitgliedern zugänglich zu machen. Die Maßnahmen der "
        "Nutzenpapiere sollten entfernt werden, da sie organisationsinterne Aspekte enthalten. Die Partner sollen "
        "befragt werden, ob sie mit einer Veröffentlichung der Papiere unter Partnern des Strategiekreises "
        "einverstanden sind.</p><p>Für die Umsetzung der Ideen der regionalen Musternetzwerke wurde als Orientierung "
        "festgelegt: Gründung dieser Netzwerke bis Ende 2021 und Bericht über erste Erfahrungen bis Ende 2022. Herr "
        "Heidbrede bat Herrn Heuwinkel und Herrn Kruse um einen Termin für ein Musternetzwerk in OWL. Dr. Christine "
        "Avenarius bot an, dass das INQA-Netzwerkbüro bei der Bildung der Musternetzwerke unterstützen wird.</p>",
    ),
    (
        "4",
        "„Zukunft der Wertschöpfung“ und weitere BMBF-Aktivitäten",
        ["Dr. Henning Krassen"],
        "11:30",
        None,
        "<p>Dr. Henning Krassen stellt die aktuellen Aktivitäten des BMBF im Bereich der Arbeitsforschung vor – siehe "
        "Anlage 4. Vorgeschlagen wird, Projektevaluationen stärker auf die Transferevaluation zu setzen und "
        "Transferakteure frühzeitig einzubinden.</p><p>Dr. Krassen schlägt vor: Die OM stellt eine Liste "
        "der drängenden "
        "aktuellen Probleme der KMU auf, und das BMBF ergänzt diese Liste um Forschungsprojekte zu diesen Fragen. Die "
        "Umsetzung wird auf der nächsten AG Transfer besprochen.</p>",
    ),
    (
        "5",
        "Mittelstand gut beraten – erste Ideenskizze für eine Beraterdatenbank",
        ["Rolf Papenfuß"],
        "13:30",
        "14:00",
        "<p>Rolf Papenfuß stellt die Idee einer OM-Beraterdatenbank für freie Berater vor, die das "
        "Vakuum der nicht mehr "
        "existierenden KfW-Datenbank ausfüllen könnte – siehe Anlage 5. Beratende sollen sich selbst eintragen, die OM "
        "prüft die Angaben, Qualifikationen müssen nachgewiesen werden, für junge Beratende soll es eigene "
        "Einstiegskriterien geben; die Kundenbewertung soll grafisch als Spinnennetz dargestellt werden. Mehrere "
        "Beiträge warnten vor einer weiteren Paralleldatenbank; Kooperationen mit offiziellen Datenbanken (z. B. dena) "
        "sollen berücksichtigt werden.</p>",
    ),
    ("", "Pause", [], "14:00", "14:10", ""),
    (
        "6",
        "Antrag auf Entwicklung einer Zusatzqualifizierung KI als Offensive Mittelstand Produkt",
        ["Bruno Schmalen", "Sebastian Terstegen"],
        "14:10",
        "14:40",
        "<p>Bruno Schmalen und Sebastian Terstegen stellen die „Zusatzqualifikation KI“ (Projekt enAIble) vor und "
        "beantragen, dass dieser Baustein als OM-Produkt entwickelt wird – siehe Anlage 6 und Anlage 7.</p>",
    ),
    (
        "7",
        "OM-Potenzialanalyse Umweltschutz – Stand der Entwicklung",
        ["Aiko Müller-Buchzik"],
        "14:40",
        "14:55",
        "<p>Aiko Müller-Buchzik stellt den Stand der Entwicklungsarbeiten vor – siehe Anlage 8. Die Arbeitsgruppe "
        "bietet allen Strategiekreismitgliedern an mitzuwirken; nächster Termin der AG am 28. Mai 2021, 12–15 Uhr. Die "
        "erste Textfassung soll im Oktober vorliegen, danach ein halbes Jahr Abstimmung mit den OM-Partnern.</p>",
    ),
    (
        "8",
        "Verschiedenes und nächste Termine",
        [],
        "14:55",
        "15:00",
        "<p>Als Termin für das nächste Plenum des Strategiekreises im Herbst wurde der 11. November 2021 "
        "festgelegt.</p>",
    ),
]

# Invented stand-ins for the protocol's attachments ("siehe Anlage …"): the originals are not part
# of the seed. agenda number → (label, title, file name, paragraphs). Latin-1 text: the PDFs use a core font.
ATTACHMENTS = {
    "1": (
        "Anlage 1",
        "Neues aus der Offensive Mittelstand (Demo-Anlage)",
        "anlage-1-neues-aus-der-offensive.pdf",
        [
            "Demo-Inhalt: erfundene Zusammenfassung der Folien zu TOP 1.",
            "Die Offensive Mittelstand wächst: neue Partner aus Kammern, Verbänden und Forschung sind hinzugekommen. "
            "Die Umsetzungshilfen Arbeit 4.0 werden von vielen Beraterinnen und Beratern genutzt.",
            "Schwerpunkte des Jahres: regionale Netzwerke, die Beraterdatenbank Mittelstand gut beraten und die "
            "Weiterentwicklung der OM-Praxisstandards.",
        ],
    ),
    "2": (
        "Anlage 2",
        "Compliance-Regelung der Offensive Mittelstand und der Stiftung (Demo-Anlage)",
        "anlage-2-compliance-regelung.pdf",
        [
            "Demo-Inhalt: erfundene Fassung des Vorschlags des Koordinierungsteams und des Stiftungsvorstandes.",
            "Grundsätze: Neutralität gegenüber allen Partnern, Offenlegung von Interessenkonflikten, keine Werbung "
            "für einzelne Unternehmen in OM-Produkten.",
            "Sponsoring und Spenden werden vom Stiftungsvorstand geprüft und im Jahresbericht veröffentlicht.",
        ],
    ),
    "3": (
        "Anlage 3",
        "Zweite Entwicklungsphase: Ergebnisse der Workshops (Demo-Anlage)",
        "anlage-3-zweite-entwicklungsphase.pdf",
        [
            "Demo-Inhalt: erfundene Zusammenfassung der Workshops des Strategiekreises.",
            "Aus den Gesprächen mit den Partnern sind Nutzenpapiere entstanden. Regionale Musternetzwerke sollen bis "
            "Ende 2021 gegründet werden; über erste Erfahrungen wird bis Ende 2022 berichtet.",
            "Die Gespräche mit den großen Transferorganisationen werden fortgesetzt.",
        ],
    ),
    "4": (
        "Anlage 4",
        "Zukunft der Wertschöpfung: Aktivitäten des BMBF (Demo-Anlage)",
        "anlage-4-zukunft-der-wertschoepfung.pdf",
        [
            "Demo-Inhalt: erfundene Zusammenfassung des Vortrags zur Arbeitsforschung.",
            "Das Forschungsprogramm Zukunft der Wertschöpfung fördert Verbundprojekte zu Arbeit, Produktion und "
            "Dienstleistung. Vorgeschlagen wird, Verbundprojekte stärker nach ihrem Transfer in kleine und mittlere "
            "Unternehmen zu bewerten (Transferevaluation).",
        ],
    ),
    "7": (
        "Anlage 8",
        "OM-Potenzialanalyse Umweltschutz: Stand der Entwicklung (Demo-Anlage)",
        "anlage-8-potenzialanalyse-umweltschutz.docx",
        [
            "Demo-Inhalt: erfundene Zusammenfassung des Entwicklungsstands.",
            "Der Umweltcheck besteht aus einem Fragebogen zur Selbstbewertung mit Themen wie Energieeffizienz, "
            "Materialeinsatz, Abfall und Mobilität.",
            "Die Arbeitsgruppe erprobt den Fragebogen mit Pilotbetrieben und stimmt ihn mit den Partnern ab.",
        ],
    ),
}


def load_attachments(number):
    if number not in ATTACHMENTS:
        return []
    label, title, filename, paragraphs = ATTACHMENTS[number]
    content = demo_docx(title, paragraphs) if filename.endswith(".docx") else demo_pdf(title, paragraphs)
    return [("attachment", {"label": label, "document": demo_document(title, filename, content)})]


# agenda number, title, text, responsible committee, status, implemented-by key
DECISIONS = [
    (
        "2",
        "Compliance-Regelungen beschlossen",
        "Die Compliance-Regelungen werden in der vorgelegten Form ohne Gegenstimmen beschlossen.",
        "Koordinierungsteam",
        "erledigt",
        None,
    ),
    (
        "3",
        "Gespräche mit den Transferorganisationen verstetigt",
        "Die Gespräche mit den großen OM-Transferorganisationen werden fortgesetzt und als ständige Einrichtung "
        "beibehalten.",
        "Koordinierungsteam",
        "in_umsetzung",
        None,
    ),
    (
        "3",
        "OM-Vereinbarung zu den Regionalen Netzwerken weiterentwickeln",
        "Die „OM-Vereinbarung zu den Regionalen Netzwerken“ wird weiterentwickelt. Sie soll keine Vereinbarung zu "
        "OM-Netzwerken in der Region sein, sondern als Vereinbarung der OM-Partner zum gemeinsamen Netzwerken in den "
        "Regionen gestaltet werden. Sie soll auch gute Netzwerkarbeit konkret beschreiben. Auftrag an AG "
        "Qualitätssicherung.",
        "AG Qualitätssicherung",
        "offen",
        None,
    ),
    (
        "3",
        "Aufbau von 5–7 Musternetzwerken",
        "Aufbau von 5–7 Musternetzwerken durch OM-Partner (Regionen zum Beispiel Offensive Harzwirtschaft, Hannover, "
        "Köln, Stuttgart, München). Unterstützung durch AG Qualitätssicherung.",
        "AG Qualitätssicherung",
        "in_umsetzung",
        "networks",
    ),
    (
        "3",
        "OM-Netzwerklotsen-Qualifizierung entwickeln",
        "Die AG Qualitätssicherung wird gebeten, Maßnahmen einzuleiten, um eine OM-Netzwerklotsen-Qualifizierung "
        "gemeinsam mit den Partnern als OM-Produkt zu entwickeln.",
        "AG Qualitätssicherung",
        "offen",
        None,
    ),
    (
        "5",
        "Feinkonzept Beraterdatenbank „Mittelstand gut beraten“",
        "Die OM soll den vorgelegten Vorschlag weiter konkretisieren. Dazu sind alle Gremien in OM und der Stiftung "
        "einzubeziehen. Es soll ein Feinkonzept durch die AG Qualitätssicherung erarbeitet werden (ggf. eigene "
        "Arbeitsgruppe).",
        "AG Qualitätssicherung",
        "in_umsetzung",
        "beraterdatenbank",
    ),
    (
        "6",
        "Produkt „Zusatzqualifikation KI“ wird entwickelt",
        "Die Offensive Mittelstand entwickelt ein Produkt „Zusatzqualifikation KI“ für die Partner der Offensive "
        "Mittelstand als Hilfe zur Integration des Themas „KI“ in die eigenen Beratungsprozesse und zur besseren "
        "Nutzung der Umsetzungshilfen „Arbeit 4.0“. Damit können die Partner der Offensive Mittelstand dieses Produkt "
        "nutzen. Das Produkt wird von den Partnern des Projektes enAIble gemeinsam mit den Partnern der Offensive "
        "Mittelstand entwickelt.",
        "Strategiekreis",
        "in_umsetzung",
        "zusatzqualifikation-ki",
    ),
]


def load_organisations():
    orgs = {}
    for name, short, kind, url in ORGANISATIONS:
        orgs[short] = upsert(PartnerOrganisation, {"name": name}, short_name=short, kind=kind, url=url)
    committees = {
        name: upsert(Committee, {"name": name}, kind=kind, description=desc) for name, kind, desc in COMMITTEES
    }
    people = {name: upsert(Person, {"name": name, "organisation": orgs[org]}, role=role) for name, role, org in PEOPLE}
    return orgs, committees, people


def load_meeting(home, committees, people, implementers):
    index = upsert_child(
        home,
        MeetingIndexPage,
        "sitzungen",
        title="Sitzungen und Beschlüsse",
        show_in_menus=True,
        intro="Protokolle der Gremien der Offensive Mittelstand mit Tagesordnung, Anlagen und Beschlüssen.",
    )
    upsert_child(
        index,
        DecisionRegisterPage,
        "beschluesse",
        title="Beschlussregister",
        show_in_menus=True,
        intro="Alle Beschlüsse der Gremien der Offensive Mittelstand mit Stand der Umsetzung.",
    )
    agenda = [
        AgendaItem(
            number=number,
            title=title,
            start_time=t(start),
            end_time=t(end),
            summary=summary,
            sort_order=i,
            speakers=[people[name] for name in speakers],
            attachments=load_attachments(number),
        )
        for i, (number, title, speakers, start, end, summary) in enumerate(AGENDA)
    ]
    decisions = [
        Decision(
            agenda_number=number,
            title=title,
            text=text,
            vote_result="ohne Gegenstimmen",
            responsible=committees[responsible],
            status=status,
            sort_order=i,
            implemented_by=implementers.get(key),
            due_date=datetime.date(2021, 12, 31) if key == "networks" else None,
        )
        for i, (number, title, text, responsible, status, key) in enumerate(DECISIONS)
    ]
    meeting = upsert_child(
        index,
        MeetingPage,
        "strategiekreis-2021-04-22",
        title="4. Treffen des Strategiekreises",
        body=committees["Strategiekreis"],
        number=4,
        date=datetime.date(2021, 4, 22),
        start_time=t("11:00"),
        end_time=t("15:00"),
        format="video",
        location="",
        participants=42,
        minutes_by="OC",
        summary="<p>Protokoll des 4. Treffens des Strategiekreises der Offensive Mittelstand.</p>",
        agenda_items=agenda,
        decisions=decisions,
    )
    return index, meeting


def load_members_area(home):
    """TOP 3: the partners' "Nutzenpapiere" are shared with Strategiekreis members only.
    Pages and documents are restricted with Wagtail's privacy settings to that group."""
    from django.contrib.auth.models import Group
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

    members = Group.objects.get(name="Strategiekreis")  # created by migration home.0002
    collection = Collection.objects.filter(name="Strategiekreis (intern)").first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name="Strategiekreis (intern)")
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=collection, defaults={"restriction_type": CollectionViewRestriction.GROUPS}
    )
    restriction.groups.set([members])
    document = Document.objects.filter(title="Nutzenpapiere der Partner (Entwurf)").first()
    if document is None:
        document = Document(title="Nutzenpapiere der Partner (Entwurf)", collection=collection)
        text = "Nutzenpapiere der Partner – nur für Mitglieder des Strategiekreises.\n"
        document.file.save("nutzenpapiere-entwurf.txt", ContentFile(text.encode()), save=False)
        document.save()

    area = upsert_child(
        home,
        StandardPage,
        "mitglieder",
        title="Mitgliederbereich Strategiekreis",
        show_in_menus=False,
        intro="Unterlagen, die nur den Mitgliedern des Strategiekreises zugänglich sind.",
    )
    page_restriction, _ = PageViewRestriction.objects.get_or_create(
        page=area, defaults={"restriction_type": PageViewRestriction.GROUPS}
    )
    page_restriction.groups.set([members])
    upsert_child(
        area,
        StandardPage,
        "nutzenpapiere",
        title="Nutzenpapiere der Partner",
        intro="Die Nutzenpapiere aus den Gesprächen mit den Partnern, ohne organisationsinterne Maßnahmen.",
        body=[("documents", {"title": "Unterlagen", "documents": [document]})],
    )
    return area, document
