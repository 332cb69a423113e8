import datetime

from home.demo import upsert_child
from news.models import NewsArticlePage, NewsIndexPage

D = datetime.date


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
            body=[("paragraph", f"<p>{teaser}</p>")],
            related_products=related_products,
            related_meetings=related_meetings,
        )
        page.tags.set(tags, clear=True)
        page.save_revision().publish()
        pages.append(page)
    return index, pages
