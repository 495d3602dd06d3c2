from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    label = "workshops"
    verbose_name = _("Workshops and events")
    default_auto_field = "django.db.models.BigAutoField"
    # Role (by Role member name) -> permissions this app grants it; people.roles collects these from every app.
    role_permissions = {
        "TRAINER": ["workshops.view_registration", "workshops.view_workshopsession", "workshops.view_feedback"],
        "ORG_ADMIN": [
            "workshops.view_registration",
            "workshops.change_registration",
            "workshops.view_workshopsession",
            "workshops.view_feedback",
        ],
        "PROVINCE_ADMIN": [
            "workshops.view_registration",
            "workshops.change_registration",
            "workshops.view_workshopsession",
            "workshops.view_feedback",
        ],
    }

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from cpd.permissions import LedgerPermissionPolicy

        from .models import Feedback, Registration, WorkshopIndexPage, WorkshopSession
        from .permissions import grant_trainer_page_permissions, index_page_saved

        # Read-only and scoped in the admin listings: sessions are edited on their event page, registrations change
        # only through workshops.services (change_registration is the approval right, not an edit form).
        for model in (WorkshopSession, Registration, Feedback):
            register_permission_policy(model, LedgerPermissionPolicy(model))

        post_migrate.connect(grant_trainer_page_permissions, sender=self)
        post_save.connect(index_page_saved, sender=WorkshopIndexPage)
