import datetime

from demo.helpers import upsert_child
from products.models import ProductIndexPage, ProductMilestone, ProductPage

D = datetime.date


def load(home, orgs, committees):
    index = upsert_child(
        home,
        ProductIndexPage,
        "produkte",
        title="OM-Produkte",
        show_in_menus=True,
        intro="Praxisstandards, Checks und Qualifizierungen, die die Partner der Offensive Mittelstand gemeinsam "
        "entwickeln und nutzen.",
    )
    ki = upsert_child(
        index,
        ProductPage,
        "zusatzqualifikation-ki",
        title="Zusatzqualifikation KI",
        teaser="Hilfe für die Partner, das Thema „KI“ in die eigenen Beratungsprozesse zu integrieren und die "
        "Umsetzungshilfen „Arbeit 4.0“ besser zu nutzen – entwickelt im Projekt enAIble.",
        status=ProductPage.Status.DEVELOPMENT,
        working_group=None,
        target_group="Beratende und Partnerorganisationen der Offensive Mittelstand",
        responsible_partners=[orgs["ifaa"], orgs["Stiftung MGV"]],
        milestones=[
            ProductMilestone(
                date=D(2021, 4, 22), label="Antrag im Strategiekreis angenommen (ohne Gegenstimmen)", reached=True
            ),
        ],
    )
    umwelt = upsert_child(
        index,
        ProductPage,
        "umweltcheck",
        title="OM-Potenzialanalyse Umweltschutz (Umweltcheck)",
        teaser="Ein Check, mit dem kleine und mittlere Unternehmen ihre Potenziale im Umweltschutz erkennen – "
        "entwickelt vom DEN – Deutsches Energieberater-Netzwerk.",
        status=ProductPage.Status.DEVELOPMENT,
        working_group=committees["AG Umweltcheck"],
        target_group="Kleine und mittlere Unternehmen, Energie- und Umweltberatende",
        responsible_partners=[orgs["DEN"]],
        body=[
            (
                "paragraph",
                "<p>Laut Protokoll des Strategiekreises vom 22. April 2021 ist es Ziel, den Check im "
                "„Frühjahrsplenum 2021“ als OM-Praxisstandard zu verabschieden – nach dem dort genannten "
                "Zeitplan (Textfassung im Oktober, danach ein halbes Jahr Abstimmung) ist das "
                "Frühjahrsplenum 2022 gemeint.</p>",
            )
        ],
        milestones=[
            ProductMilestone(
                date=D(2021, 4, 22), label="Stand der Entwicklung im Strategiekreis vorgestellt", reached=True
            ),
            ProductMilestone(
                date=D(2021, 5, 28),
                label="Treffen der AG Umweltcheck, offen für alle Strategiekreismitglieder",
                reached=True,
            ),
            ProductMilestone(date=D(2021, 10, 1), date_is_approximate=True, label="Erste Textfassung"),
            ProductMilestone(
                date=D(2022, 4, 1),
                date_is_approximate=True,
                label="Abstimmung mit den OM-Partnern (ein halbes Jahr) abgeschlossen; Verabschiedung "
                "als OM-Praxisstandard im Frühjahrsplenum",
            ),
        ],
    )
    advisors = upsert_child(
        index,
        ProductPage,
        "beraterdatenbank",
        title="Mittelstand gut beraten – Beraterdatenbank",
        teaser="Ein Verzeichnis unabhängiger Beratender, die sich selbst eintragen, ihre Qualifikationen nachweisen "
        "und von der OM geprüft werden – in Kooperation mit den offiziellen Registern.",
        status=ProductPage.Status.IDEA,
        working_group=committees["AG Qualitätssicherung"],
        target_group="Kleine und mittlere Unternehmen auf der Suche nach Beratung; freie Beratende",
        responsible_partners=[orgs["ZDH"], orgs["FHM"]],
        body=[
            (
                "call_to_action",
                {
                    "title": "Das Verzeichnis ist online",
                    "text": "Finden Sie geprüfte Beraterinnen und Berater nach Thema und Postleitzahl.",
                    "application": "directory:search",
                    "button_label": "Berater:in finden",
                },
            ),
            (
                "call_to_action",
                {
                    "title": "Sie beraten kleine und mittlere Unternehmen?",
                    "text": "Tragen Sie sich selbst ein, weisen Sie Ihre Qualifikationen nach und lassen Sie Ihr "
                    "Profil von der Offensive Mittelstand prüfen. Die Aufnahme ist kostenlos.",
                    "application": "account_signup",
                    "button_label": "Als Berater:in eintragen",
                },
            ),
        ],
        milestones=[
            ProductMilestone(date=D(2021, 4, 22), label="Ideenskizze im Strategiekreis vorgestellt", reached=True),
        ],
    )
    return {"zusatzqualifikation-ki": ki, "umweltcheck": umwelt, "beraterdatenbank": advisors}
