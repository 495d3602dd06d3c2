from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CpdConfig(AppConfig):
    name = "cpd"
    label = "cpd"
    verbose_name = _("Continuing education")
    default_auto_field = "django.db.models.BigAutoField"
    # Role (by Role member name) -> permissions this app grants it; people.roles collects these from every app.
    role_permissions = {
        "ORG_ADMIN": [
            "cpd.view_creditentry",
            "cpd.view_certificate",
            "cpd.add_certificate",
            "cpd.change_certificate",
            "cpd.view_externalclaim",
            "cpd.change_externalclaim",
        ],
        "PROVINCE_ADMIN": [
            "cpd.view_creditentry",
            "cpd.view_certificate",
            "cpd.add_certificate",
            "cpd.change_certificate",
            "cpd.view_cpdperiod",
            "cpd.add_cpdperiod",
            "cpd.change_cpdperiod",
            "cpd.view_externalclaim",
            "cpd.change_externalclaim",
        ],
    }

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from .models import Certificate, CreditEntry
        from .permissions import CertificatePermissionPolicy, LedgerPermissionPolicy

        register_permission_policy(CreditEntry, LedgerPermissionPolicy(CreditEntry))
        register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))
