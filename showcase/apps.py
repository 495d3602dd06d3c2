from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    """成果展示: the public record of competition winners, gold courses, gold studios and stars (layer 6)."""

    name = "showcase"
    label = "showcase"
    verbose_name = _("Showcase")
    default_auto_field = "django.db.models.BigAutoField"
    # Role (by Role member name) -> permissions this app grants it; people.roles collects these from every app.
    # Only province admins edit features (photo, citation, order, hidden); nobody adds or deletes them in the admin.
    role_permissions = {
        "PROVINCE_ADMIN": ["showcase.view_feature", "showcase.change_feature"],
    }

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import signals
        from .models import Feature
        from .permissions import FeaturePermissionPolicy

        signals.connect()
        register_permission_policy(Feature, FeaturePermissionPolicy(Feature))
