"""Staff groups: editors enter cases (cannot publish); reviewers also publish."""

from django.contrib.auth.management import create_permissions

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


def ensure_staff_groups(apps):
    """Create (or reset) the groups with their permissions; `apps` may be historical."""
    for app_config in apps.get_app_configs():
        # Permissions are normally created after all migrations have run.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = models_module
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
