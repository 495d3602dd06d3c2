from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChiefsConfig(AppConfig):
    """首席职业指导师: nominations of 一级 holders, expert review, appointment for a term, the public roll."""

    name = "chiefs"
    label = "chiefs"
    verbose_name = _("Chief counselors")
    default_auto_field = "django.db.models.BigAutoField"
    # Role (by Role member name) -> permissions this app grants it; people.roles collects these from every app.
    role_permissions = {
        "ORG_ADMIN": ["chiefs.view_nomination", "chiefs.add_nomination", "chiefs.change_nomination",
                      "chiefs.view_chiefround", "chiefs.view_appointment"],
        "PROVINCE_ADMIN": [
            "chiefs.view_chiefround", "chiefs.add_chiefround", "chiefs.change_chiefround",
            "chiefs.view_nomination", "chiefs.add_nomination", "chiefs.change_nomination",
            "chiefs.view_appointment", "chiefs.add_appointment",
        ],
    }

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from experts.subjects import register
        from people.permissions import ScopedPermissionPolicy

        from .models import Appointment, Nomination
        from .subjects import NominationAdapter

        register(Nomination, NominationAdapter())
        for model in (Nomination, Appointment):
            register_permission_policy(model, ScopedPermissionPolicy(model))
