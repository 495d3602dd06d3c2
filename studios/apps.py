from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiosConfig(AppConfig):
    """Standardised career-guidance studios, stations and corners (工作室、站、角) and their rating (layer 6)."""

    name = "studios"
    label = "studios"
    verbose_name = _("Studios")
    default_auto_field = "django.db.models.BigAutoField"
