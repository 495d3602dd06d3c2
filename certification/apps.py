from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificationConfig(AppConfig):
    name = "certification"
    label = "certification"
    verbose_name = _("Certification")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "ORG_ADMIN": ["certification.view_levelrecord", "certification.view_levelapplication",
                      "certification.change_levelapplication"],
        "PROVINCE_ADMIN": [
            "certification.view_levelrecord",
            "certification.add_levelrecord",
            "certification.change_levelrecord",
            "certification.view_levelapplication",
            "certification.change_levelapplication",
            "certification.view_requirementset",
            "certification.add_requirementset",
            "certification.view_assessmentround",
            "certification.add_assessmentround",
            "certification.change_assessmentround",
        ],
    }

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from people.permissions import ScopedPermissionPolicy
        from standards.holdings import register_level_lookup

        from . import subjects
        from .models import LevelRecord, current_levels

        register_permission_policy(LevelRecord, ScopedPermissionPolicy(LevelRecord))
        register_level_lookup(current_levels)
        subjects.register()
