"""Create the two staff groups: editors (enter cases, cannot publish) and reviewers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PART_MODELS = ["step", "involvement", "metric"]
EDITOR_PERMISSIONS = (
    [f"{action}_practice" for action in ("add", "change", "view")]
    + [
        f"{action}_{model}"
        for model in PART_MODELS
        for action in ("add", "change", "delete", "view")
    ]
    + [
        f"{action}_{model}"
        for model in ("actor", "sourcedocument")
        for action in ("add", "change", "view")
    ]
    + ["view_region", "view_theme"]
)
REVIEWER_PERMISSIONS = EDITOR_PERMISSIONS + ["publish_practice", "delete_practice"]
GROUPS = {"editors": EDITOR_PERMISSIONS, "reviewers": REVIEWER_PERMISSIONS}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; make sure they exist now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(
            content_type__app_label="practices", codename__in=codenames
        )
        missing = set(codenames) - set(perms.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"permissions not found: {sorted(missing)}")
        group.permissions.set(perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
