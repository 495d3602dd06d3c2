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
        from .models import WorkshopIndexPage
        from .permissions import grant_trainer_page_permissions, index_page_saved

        post_migrate.connect(grant_trainer_page_permissions, sender=self)
        post_save.connect(index_page_saved, sender=WorkshopIndexPage)
