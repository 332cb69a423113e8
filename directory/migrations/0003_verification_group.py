"""The group "Verifizierung" (AG Qualitätssicherung): sees every profile and its proofs, decides."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("directory", "advisor", "view_advisor"),
    ("directory", "advisor", "change_advisor"),
    ("directory", "advisor", "verify_advisor"),
    ("directory", "consultingtopic", "view_consultingtopic"),
    ("directory", "industry", "view_industry"),
    ("directory", "entrycriteria", "view_entrycriteria"),
]


def create_group(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Verifizierung")
    for app_label, model, codename in GRANTS:
        group.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, content_type__model=model, codename=codename)
        )


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_vocabularies_and_criteria"), ("home", "0002_editorial_groups_and_workflow")]
    operations = [migrations.RunPython(create_group, migrations.RunPython.noop)]
