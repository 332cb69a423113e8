"""The first version of the rating criteria (from OM's "Gemeinsames Beratungsverständnis",
21.01.2020) and the right to moderate ratings for the group Verifizierung."""

import datetime

from django.contrib.auth.management import create_permissions
from django.db import migrations

CRITERIA = [
    ("fachkompetenz", "Fachkompetenz", "Wie gut kannte sich die beratende Person in Ihrem Thema aus?"),
    ("praxisnaehe", "Praxisnähe und Umsetzbarkeit", "Ließen sich die Vorschläge in Ihrem Betrieb umsetzen?"),
    ("beteiligung", "Beteiligung der Beschäftigten", "Wurden Ihre Beschäftigten einbezogen?"),
    ("kommunikation", "Kommunikation und Verständlichkeit", "War die Beratung verständlich und gut erreichbar?"),
    ("transparenz", "Transparenz zu Kosten und Förderung", "Waren Kosten und Fördermöglichkeiten von Anfang an klar?"),
    ("nutzen", "Nutzen für das Unternehmen", "Hat die Beratung Ihrem Unternehmen spürbar genützt?"),
]
GRANTS = ["moderate_rating", "view_rating", "view_engagement", "add_engagement", "view_criteriaversion"]


def forwards(apps, schema_editor):
    CriteriaVersion = apps.get_model("ratings", "CriteriaVersion")
    Criterion = apps.get_model("ratings", "Criterion")
    version, created = CriteriaVersion.objects.get_or_create(
        version=1,
        defaults={
            "valid_from": datetime.date(2026, 1, 1),
            "basis": "Abgeleitet aus dem Gemeinsamen Beratungsverständnis der Offensive Mittelstand (21.01.2020).",
        },
    )
    if created:
        for order, (key, label, question) in enumerate(CRITERIA):
            Criterion.objects.create(version=version, key=key, label=label, question=question, sort_order=order)

    app_config = apps.get_app_config("ratings")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Verifizierung")
    group.permissions.add(*Permission.objects.filter(content_type__app_label="ratings", codename__in=GRANTS))


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial"), ("directory", "0003_verification_group")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
