from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    """评价活动: multi-source evaluation of counselors by peers, service users (students) and society, aggregated so
    that nobody who answered can be identified."""

    name = "evaluations"
    label = "evaluations"
    verbose_name = _("Counselor evaluations")
    default_auto_field = "django.db.models.BigAutoField"
    # Role (by Role member name) -> permissions this app grants it; people.roles collects these from every app.
    role_permissions = {
        "ORG_ADMIN": [
            "evaluations.view_campaign", "evaluations.add_campaign", "evaluations.change_campaign",
            "evaluations.view_questionnaire", "evaluations.change_response",
        ],
        "PROVINCE_ADMIN": [
            "evaluations.view_campaign", "evaluations.add_campaign", "evaluations.change_campaign",
            "evaluations.view_questionnaire", "evaluations.add_questionnaire", "evaluations.change_questionnaire",
            "evaluations.change_response",
        ],
    }

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from people.permissions import ScopedPermissionPolicy

        from . import award_dossier
        from .models import Campaign

        register_permission_policy(Campaign, ScopedPermissionPolicy(Campaign))
        award_dossier.register()
