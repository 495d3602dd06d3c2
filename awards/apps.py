from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    """评优: 职业指导金牌工作室, 金课 and 之星 per five-year cycle, nominated within quotas and reviewed by experts."""

    name = "awards"
    label = "awards"
    verbose_name = _("Awards")
    default_auto_field = "django.db.models.BigAutoField"
    # Role (by Role member name) -> permissions this app grants it; people.roles collects these from every app.
    role_permissions = {
        "ORG_ADMIN": ["awards.view_awardtype", "awards.view_cycle", "awards.view_nomination",
                      "awards.add_nomination", "awards.change_nomination"],
        "PROVINCE_ADMIN": [
            "awards.view_awardtype", "awards.change_awardtype",
            "awards.view_cycle", "awards.add_cycle", "awards.change_cycle",
            "awards.view_quota", "awards.change_quota",
            "awards.view_nomination", "awards.add_nomination", "awards.change_nomination",
        ],
    }

    def ready(self):
        from experts.subjects import register

        from . import dossiers
        from .models import Nomination
        from .subjects import NominationAdapter

        register(Nomination, NominationAdapter())
        dossiers.register_builtin_sections()
