import datetime

from demo.helpers import upsert_child
from news.models import NewsArticlePage, NewsIndexPage

D = datetime.date

# The articles' bodies: what the teaser announces, told with the protocol's details (paragraph HTML).
BODIES = {
    "compliance-regelungen": [
        "<p>Prof. Dr. Oliver Kruse (FHM) hat dem Strategiekreis am 22. April 2021 die Compliance-Regelungen "
        "vorgestellt und erläutert, wie sie entstanden sind. Den Vorschlag hatten das Koordinierungsteam und der "
        "Vorstand der Stiftung „Mittelstand – Gesellschaft – Verantwortung“ gemeinsam erarbeitet und allen "
        "Mitgliedern vorab zugesandt, sodass die Diskussion in der Sitzung auf offene Fragen eingehen konnte.</p>",
        "<p>Die Regelungen legen fest, wie die Offensive Mittelstand und die Stiftung mit Zuwendungen von Partnern und "
        "möglichen Interessenkonflikten ihrer Partner umgehen. Sie gelten für alle Gremien und Arbeitsgruppen und "
        "schaffen Klarheit, wenn Partner eigene Angebote in OM-Produkte einbringen.</p>",
        "<p>Der Strategiekreis hat die Regelungen in der vorgelegten Form beschlossen. Den Wortlaut finden Sie als "
        "Anlage zum Protokoll der Sitzung.</p>",
    ],
    "musternetzwerke": [
        "<p>Oleg Cernavin von der Stiftung „Mittelstand – Gesellschaft – Verantwortung“ stellte die ersten "
        "Ergebnisse der Workshops des Strategiekreises und der Gespräche mit den Partnern vor. Ein zentrales "
        "Ergebnis: Die Partner wollen in den Regionen enger zusammenarbeiten – nicht als Ableger der Offensive "
        "Mittelstand, sondern als Netzwerk der OM-Partner vor Ort.</p>",
        "<p>Die „OM-Vereinbarung zu den Regionalen Netzwerken“ wird deshalb weiterentwickelt und soll künftig "
        "konkret beschreiben, was gute Netzwerkarbeit ausmacht. Die AG Qualitätssicherung übernimmt diesen "
        "Auftrag und begleitet die Musternetzwerke. Zusätzlich soll eine Qualifizierung zum OM-Netzwerklotsen "
        "als OM-Produkt entstehen.</p>",
        "<p>Dr. Christine Avenarius bot an, dass das INQA-Netzwerkbüro die Bildung der Musternetzwerke "
        "unterstützt. Die Teilnehmenden begrüßten das ausdrücklich und wünschen sich eine enge Abstimmung. Auch "
        "für Ostwestfalen-Lippe ist bereits ein erstes Gespräch verabredet.</p>",
    ],
    "zusatzqualifikation-ki": [
        "<p>Bruno Schmalen (Stiftung „Mittelstand – Gesellschaft – Verantwortung“) und Sebastian Terstegen (ifaa – "
        "Institut für angewandte Arbeitswissenschaft) stellten den Baustein vor und beantragten, ihn als "
        "OM-Produkt zu entwickeln. Damit steht er allen Partnern der Offensive Mittelstand zur Verfügung.</p>",
        "<p>Die Zusatzqualifikation soll Beratende, Kammern und Verbände dabei unterstützen, das Thema künstliche "
        "Intelligenz in ihre eigenen Beratungsprozesse aufzunehmen und die Umsetzungshilfen „Arbeit 4.0“ besser "
        "zu nutzen. Grundlage sind Gespräche mit Unternehmen, Betriebsräten und intermediären Organisationen, "
        "deren Ergebnisse das Projekt in einer ersten Publikation zusammengefasst hat.</p>",
        "<p>Entwickelt wird das Produkt von den Partnern des Projekts gemeinsam mit den Partnern der Offensive "
        "Mittelstand. Wer sich beteiligen möchte, meldet sich über die Geschäftsstelle.</p>",
    ],
    "mittelstand-gut-beraten": [
        "<p>Rolf Papenfuß (ZDH) stellte dem Strategiekreis eine erste Ideenskizze vor, die er gemeinsam mit Prof. "
        "Dr. Oliver Kruse entwickelt hat. Seit die Beraterdatenbank der KfW abgeschaltet wurde, fehlt kleinen und "
        "mittleren Unternehmen eine zentrale Anlaufstelle, um unabhängige Beratung zu finden.</p>",
        "<p>Die Skizze sieht vor, dass sich Beratende selbst eintragen und die Offensive Mittelstand ihre Angaben "
        "prüft. Qualifikationen sind nachzuweisen; für junge Beratende soll es eigene Einstiegskriterien geben. "
        "Bewertungen von Kundinnen und Kunden könnten als Netzdiagramm dargestellt werden.</p>",
        "<p>In der Diskussion warnten mehrere Partner vor einer weiteren Paralleldatenbank. Das Feinkonzept soll "
        "deshalb Kooperationen mit bestehenden, vor allem offiziellen Verzeichnissen aufgreifen – etwa der "
        "Energieeffizienz-Expertenliste der dena. Alle Gremien der Offensive Mittelstand und der Stiftung werden "
        "einbezogen.</p>",
    ],
}


def load(home, products, meeting):
    index = upsert_child(
        home,
        NewsIndexPage,
        "neuigkeiten",
        title="Neuigkeiten",
        show_in_menus=True,
        intro="Berichte aus den Gremien, Produkten und Netzwerken der Offensive Mittelstand.",
    )
    articles = [
        (
            "compliance-regelungen",
            "Strategiekreis beschließt Compliance-Regelungen",
            D(2021, 4, 23),
            "Die Compliance-Regelungen der Offensive Mittelstand und der Stiftung wurden ohne "
            "Gegenstimmen beschlossen.",
            ["Strategiekreis", "Compliance"],
            [],
            [meeting],
        ),
        (
            "musternetzwerke",
            "Fünf bis sieben regionale Musternetzwerke sollen entstehen",
            D(2021, 4, 26),
            "OM-Partner bauen Musternetzwerke auf – etwa in der Harzregion, in Hannover, Köln, Stuttgart und München. "
            "Gründung bis Ende 2021, ein erster Erfahrungsbericht bis Ende 2022.",
            ["Strategiekreis", "Netzwerke"],
            [],
            [meeting],
        ),
        (
            "zusatzqualifikation-ki",
            "Zusatzqualifikation KI wird OM-Produkt",
            D(2021, 4, 28),
            "Der Strategiekreis hat beschlossen: Die Offensive Mittelstand entwickelt gemeinsam mit dem "
            "Projekt enAIble "
            "eine Zusatzqualifikation KI für ihre Partner.",
            ["KI", "Produkte"],
            [products["zusatzqualifikation-ki"]],
            [meeting],
        ),
        (
            "mittelstand-gut-beraten",
            "„Mittelstand gut beraten“: Feinkonzept für eine Beraterdatenbank",
            D(2021, 5, 3),
            "Die AG Qualitätssicherung erarbeitet ein Feinkonzept für ein Verzeichnis unabhängiger Beratender – ohne "
            "eine weitere Paralleldatenbank aufzubauen.",
            ["Beratung", "Strategiekreis"],
            [products["beraterdatenbank"]],
            [meeting],
        ),
    ]
    pages = []
    for slug, title, date, teaser, tags, related_products, related_meetings in articles:
        page = upsert_child(
            index,
            NewsArticlePage,
            slug,
            title=title,
            date=date,
            teaser=teaser,
            body=[("paragraph", "".join(BODIES[slug]))],
            related_products=related_products,
            related_meetings=related_meetings,
        )
        page.tags.set(tags, clear=True)
        page.save_revision().publish()
        pages.append(page)
    return index, pages
