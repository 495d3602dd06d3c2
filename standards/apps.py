from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "standards"
    label = "standards"
    verbose_name = _("Levels and topics")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "PROVINCE_ADMIN": [
            "standards.add_level",
            "standards.change_level",
            "standards.view_level",
            "standards.add_topic",
            "standards.change_topic",
            "standards.view_topic",
        ],
    }

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from .models import Level, Topic
        from .permissions import NoDeletePermissionPolicy

        for model in (Level, Topic):
            register_permission_policy(model, NoDeletePermissionPolicy(model))
