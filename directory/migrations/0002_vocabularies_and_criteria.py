"""Initial vocabularies and the first version of the entry criteria (OM edits them later)."""

import datetime

from django.db import migrations
from django.utils.text import slugify

STATES = [
    ("BW", "Baden-Württemberg"), ("BY", "Bayern"), ("BE", "Berlin"), ("BB", "Brandenburg"), ("HB", "Bremen"),
    ("HH", "Hamburg"), ("HE", "Hessen"), ("MV", "Mecklenburg-Vorpommern"), ("NI", "Niedersachsen"),
    ("NW", "Nordrhein-Westfalen"), ("RP", "Rheinland-Pfalz"), ("SL", "Saarland"), ("SN", "Sachsen"),
    ("ST", "Sachsen-Anhalt"), ("SH", "Schleswig-Holstein"), ("TH", "Thüringen"),
]
LANGUAGES = [("de", "Deutsch"), ("en", "Englisch"), ("fr", "Französisch"), ("tr", "Türkisch"), ("pl", "Polnisch"),
             ("ru", "Russisch"), ("ar", "Arabisch"), ("it", "Italienisch"), ("es", "Spanisch")]
TOPICS = ["Arbeit 4.0", "Arbeitsschutz und Gesundheit", "Digitalisierung", "Energieeffizienz", "Fachkräftesicherung",
          "Finanzierung und Förderung", "Künstliche Intelligenz", "Nachfolge", "Organisationsentwicklung",
          "Personalführung", "Qualitätsmanagement", "Umweltschutz"]
INDUSTRIES = ["Bau", "Dienstleistung", "Gastgewerbe", "Gesundheit und Pflege", "Handel", "Handwerk",
              "Industrie und Produktion", "IT und Software", "Logistik"]
CRITERIA = [
    ("standard", 3, 1, 2, False,
     "Mindestens 3 Jahre Beratungserfahrung, mindestens eine nachgewiesene Qualifikation und zwei "
     "Kundenreferenzen."),
    ("junior", 0, 1, 0, True,
     "Für Nachwuchsberater:innen: eine nachgewiesene Qualifikation und eine Mentorin oder ein Mentor, die oder der "
     "selbst geprüft im Verzeichnis steht und die Begleitung bestätigt. Wechsel in den Standardzugang, sobald dessen "
     "Kriterien erfüllt sind."),
]


def load(apps, schema_editor):
    for code, name in STATES:
        apps.get_model("directory", "FederalState").objects.get_or_create(code=code, defaults={"name": name})
    for code, name in LANGUAGES:
        apps.get_model("directory", "Language").objects.get_or_create(code=code, defaults={"name": name})
    for model, names in (("ConsultingTopic", TOPICS), ("Industry", INDUSTRIES)):
        for name in names:
            apps.get_model("directory", model).objects.get_or_create(name=name, defaults={"slug": slugify(name)})
    for track, years, quals, refs, mentor, text in CRITERIA:
        apps.get_model("directory", "EntryCriteria").objects.get_or_create(
            track=track, version=1,
            defaults={"valid_from": datetime.date(2021, 4, 22), "min_years_experience": years,
                      "min_qualifications": quals, "min_references": refs, "requires_mentor": mentor, "text": text},
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
