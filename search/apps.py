from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "PROVINCE_ADMIN": [
            "search.add_synonymgroup",
            "search.change_synonymgroup",
            "search.delete_synonymgroup",
            "search.view_synonymgroup",
        ],
    }

    def ready(self):
        from .registrations import register_all

        register_all()
