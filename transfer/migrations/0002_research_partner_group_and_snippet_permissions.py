"""Snippet permissions for the editorial groups, and the group "Forschungspartner".

Forschungspartner (e.g. the BMBF, TOP 4 of the seed) may add and edit research projects and link
them to existing KMU problems, but neither publish them nor touch pages: a project is visible
once Freigabe has published it.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

SNIPPETS = [
    ("networks", "partnerorganisation"),
    ("committees", "committee"),
    ("committees", "person"),
    ("transfer", "kmuproblem"),
    ("transfer", "transfertopic"),
    ("transfer", "researchproject"),
]
GRANTS = {
    "Redaktion": [(app, model, action) for app, model in SNIPPETS for action in ("add", "change", "view")],
    "Freigabe": [(app, model, action) for app, model in SNIPPETS for action in ("add", "change", "delete", "view")]
    + [("transfer", "researchproject", "publish")],
    "Forschungspartner": [
        ("wagtailadmin", "admin", "access"),
        ("transfer", "kmuproblem", "view"),
        ("transfer", "researchproject", "add"),
        ("transfer", "researchproject", "change"),
        ("transfer", "researchproject", "view"),
    ],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    for group_name, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for app_label, model, action in grants:
            content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
            # "publish" is one of Wagtail's extra snippet permissions, normally made after migrate.
            permission, _ = Permission.objects.get_or_create(
                content_type=content_type, codename=f"{action}_{model}", defaults={"name": f"Can {action} {model}"}
            )
            group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("transfer", "0001_initial"),
        ("home", "0002_editorial_groups_and_workflow"),
        ("networks", "0001_initial"),
        ("committees", "0002_initial"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
