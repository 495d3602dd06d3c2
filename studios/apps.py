from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiosConfig(AppConfig):
    """Standardised career-guidance studios, stations and corners (工作室、站、角) and their rating (layer 6)."""

    name = "studios"
    label = "studios"
    verbose_name = _("Studios")
    default_auto_field = "django.db.models.BigAutoField"
    # Role (by Role member name) -> permissions this app grants it; people.roles collects these from every app.
    role_permissions = {
        "ORG_ADMIN": [
            "studios.view_studio", "studios.add_studio", "studios.change_studio",
            "studios.view_selfassessment", "studios.change_selfassessment", "studios.view_standard",
        ],
        "PROVINCE_ADMIN": [
            "studios.view_studio", "studios.add_studio", "studios.change_studio",
            "studios.view_selfassessment", "studios.change_selfassessment",
            "studios.view_standard", "studios.add_standard", "studios.change_standard",
        ],
    }

    def ready(self):
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from wagtail.permissions import register_permission_policy

        from experts.subjects import register
        from people.permissions import ScopedPermissionPolicy

        from .directory import invalidate_directory
        from .models import SelfAssessment, Studio, StudioMembership
        from .subjects import SelfAssessmentAdapter

        register(SelfAssessment, SelfAssessmentAdapter())
        register_permission_policy(Studio, ScopedPermissionPolicy(Studio))
        for signal, sender in ((post_save, Studio), (post_delete, Studio), (post_save, StudioMembership),
                               (post_delete, StudioMembership), (m2m_changed, Studio.services.through)):
            signal.connect(invalidate_directory, sender=sender, dispatch_uid=f"studios.directory.{signal}.{sender}")
