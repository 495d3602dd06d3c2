from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class PeopleConfig(AppConfig):
    default = True
    name = "people"
    label = "people"
    verbose_name = _("People and organizations")
    default_auto_field = "django.db.models.BigAutoField"
    # Role (by Role member name) -> permissions this app grants it; people.roles collects these from every app.
    role_permissions = {
        "TRAINER": ["wagtailadmin.access_admin"],
        "EXPERT": ["wagtailadmin.access_admin"],
        "ORG_ADMIN": [
            "wagtailadmin.access_admin",
            "people.view_user",
            "people.add_user",
            "people.change_user",
            "people.view_organization",
        ],
        "PROVINCE_ADMIN": [
            "wagtailadmin.access_admin",
            "people.view_user",
            "people.add_user",
            "people.change_user",
            "people.view_organization",
            "people.add_organization",
            "people.change_organization",
        ],
    }

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import roles, signals  # noqa: F401
        from .models import Organization
        from .permissions import ScopedPermissionPolicy

        register_permission_policy(Organization, ScopedPermissionPolicy(Organization))
        post_migrate.connect(roles.sync_role_groups, dispatch_uid="people.sync_role_groups")


class PeopleUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user management, with the people app's scoped viewset (organization admins see their subtree)."""

    user_viewset = "people.viewsets.UserViewSet"

    def ready(self):
        super().ready()
        from wagtail.permissions import register_permission_policy

        from .models import User
        from .permissions import ScopedUserPermissionPolicy

        register_permission_policy(User, ScopedUserPermissionPolicy(User))
