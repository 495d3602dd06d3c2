from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    """The expert pool (专家库) and the review machinery shared by every judged thing (layer 5, generic)."""

    name = "experts"
    label = "experts"
    verbose_name = _("Expert pool")
    default_auto_field = "django.db.models.BigAutoField"
    # Role (by Role member name) -> permissions this app grants it; people.roles collects these from every app.
    role_permissions = {
        "ORG_ADMIN": ["experts.view_expert", "experts.view_panel", "experts.view_publicity"],
        "PROVINCE_ADMIN": [
            "experts.view_expert",
            "experts.add_expert",
            "experts.change_expert",
            "experts.view_rubric",
            "experts.add_rubric",
            "experts.change_rubric",
            "experts.view_panel",
            "experts.change_panel",
            "experts.view_publicity",
            "experts.change_publicity",
        ],
    }

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from people.permissions import ScopedPermissionPolicy

        from .models import Expert, Panel, Publicity

        for model in (Expert, Panel, Publicity):
            register_permission_policy(model, ScopedPermissionPolicy(model))
