"""Editorial groups and the moderation workflow, so every installation starts with them.

Redaktion writes and submits, Freigabe approves and publishes, Strategiekreis may read the
members' area. Wagtail's own English default groups and tree-wide workflow are removed. Page permissions are granted on the tree root; the workflow is attached to the
news and product sections by load_demo_content (or by editors in the admin).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PAGE_PERMISSIONS = {
    "Redaktion": ["add_page", "change_page", "lock_page", "unlock_page"],
    "Freigabe": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
ADMIN_PERMISSIONS = [
    ("wagtailadmin", "admin", "access_admin"),
    ("wagtaildocs", "document", "add_document"),
    ("wagtaildocs", "document", "change_document"),
    ("wagtaildocs", "document", "choose_document"),
    ("wagtailimages", "image", "add_image"),
    ("wagtailimages", "image", "change_image"),
    ("wagtailimages", "image", "choose_image"),
]
WORKFLOW_NAME = "Redaktion → Freigabe"


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; the grants below need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    root = Page.objects.filter(depth=1).first()
    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    for name, codenames in EDITOR_PAGE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, model, codename in ADMIN_PERMISSIONS:
            group.permissions.add(
                Permission.objects.get(content_type__app_label=app_label, content_type__model=model, codename=codename)
            )
        for codename in codenames:
            permission = Permission.objects.get(content_type=page_type, codename=codename)
            GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    Group.objects.get_or_create(name="Strategiekreis")

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task, _ = GroupApprovalTask.objects.get_or_create(
        name="Freigabe durch die Gruppe Freigabe", defaults={"active": True, "content_type": task_type}
    )
    task.groups.add(Group.objects.get(name="Freigabe"))
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})

    # Wagtail's installer defaults (English "Editors"/"Moderators" and a workflow on the whole tree)
    # would compete with the groups above; OM's editors work with the German ones only.
    Workflow.objects.filter(name="Moderators approval").delete()
    GroupApprovalTask.objects.filter(name="Moderators approval").delete()
    Group.objects.filter(name__in=["Editors", "Moderators"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
