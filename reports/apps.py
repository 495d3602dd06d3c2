from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    label = "reports"
    verbose_name = _("Statistics and reports")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "ORG_ADMIN": ["reports.view_reports", "reports.add_remindercampaign"],
        "PROVINCE_ADMIN": ["reports.view_reports", "reports.add_remindercampaign"],
    }
