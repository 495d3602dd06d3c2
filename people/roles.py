"""Roles as groups: every role is an auth Group whose permissions are declared by the apps themselves.

Each app's AppConfig may carry `role_permissions = {"ROLE_NAME": ["app_label.codename", ...]}`. After every
migration the groups are created if missing and given exactly the union of what the apps declare, so a fresh
database and an upgraded one end up with the same roles.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

from .models import Role


def declared_role_permissions() -> dict[Role, set[str]]:
    declared: dict[Role, set[str]] = {role: set() for role in Role}
    for config in apps.get_app_configs():
        for role_name, permissions in getattr(config, "role_permissions", {}).items():
            declared[Role[role_name]].update(permissions)
    return declared


def sync_role_groups(*, using="default", **kwargs) -> None:
    """Create the role groups and set their permissions to what the apps declare (idempotent)."""
    for role, wanted in declared_role_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=role.value)
        permissions = []
        for dotted in sorted(wanted):
            app_label, codename = dotted.split(".", 1)
            permission = (
                Permission.objects.using(using)
                .filter(content_type__app_label=app_label, codename=codename)
                .first()
            )
            if permission is not None:  # an app not migrated yet: its next post_migrate adds it
                permissions.append(permission)
        group.permissions.set(permissions)
