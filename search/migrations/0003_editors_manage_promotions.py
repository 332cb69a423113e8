"""Editors (Redaktion, Freigabe) manage promoted search results, read the search report and see
which documents the search can read."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Redaktion", "Freigabe"]
PERMISSIONS = [
    ("wagtailsearchpromotions", "add_searchpromotion"),
    ("wagtailsearchpromotions", "change_searchpromotion"),
    ("wagtailsearchpromotions", "delete_searchpromotion"),
    ("search", "view_documenttext"),
]


def _permissions(apps):
    Permission = apps.get_model("auth", "Permission")
    return [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in PERMISSIONS]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the grants below need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = _permissions(apps)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_unanswered_queries"),
        ("home", "0002_editorial_groups_and_workflow"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]
    operations = [migrations.RunPython(grant, revoke)]
