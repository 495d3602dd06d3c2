from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticumConfig(AppConfig):
    """场景式实践: partner organizations, placements, the practice log and the supervisor's one-time sign-off."""

    name = "practicum"
    label = "practicum"
    verbose_name = _("Scene-based practice")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "ORG_ADMIN": ["practicum.view_partner", "practicum.add_partner", "practicum.change_partner",
                      "practicum.view_placement", "practicum.change_placement"],
        "PROVINCE_ADMIN": ["practicum.view_partner", "practicum.add_partner", "practicum.change_partner",
                           "practicum.view_placement", "practicum.change_placement"],
    }

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from people.permissions import ScopedPermissionPolicy

        from .models import Partner, Placement

        class ReadOnlyScopedPolicy(ScopedPermissionPolicy):
            """Placements change through practicum.services only: the admin's generic views may list and inspect."""

            def user_has_permission(self, user, action):
                return action not in ("add", "change", "delete") and super().user_has_permission(user, action)

        register_permission_policy(Partner, ScopedPermissionPolicy(Partner))
        register_permission_policy(Placement, ReadOnlyScopedPolicy(Placement))
