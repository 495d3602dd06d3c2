from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShowcaseConfig(AppConfig):
    """成果展示: the public record of competition winners, gold courses, gold studios and stars (layer 6)."""

    name = "showcase"
    label = "showcase"
    verbose_name = _("Showcase")
    default_auto_field = "django.db.models.BigAutoField"
