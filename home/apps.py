from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    label = "home"
    verbose_name = _("Site")
    default_auto_field = "django.db.models.BigAutoField"
    role_permissions = {
        "PROVINCE_ADMIN": [
            "wagtailcore.add_workflow",
            "wagtailcore.change_workflow",
            "wagtailcore.add_task",
            "wagtailcore.change_task",
            "wagtailredirects.add_redirect",
            "wagtailredirects.change_redirect",
            "wagtailredirects.delete_redirect",
        ],
        "TRAINER": ["wagtailadmin.access_admin"],
    }

    def ready(self):
        from django.db.models.signals import post_migrate

        from lms.images import configure_pillow

        configure_pillow()  # Pillow's decompression-bomb bound, for every process (web, Celery, commands)

        from .content_permissions import grant_content_permissions

        # post_migrate fires once per app; by the later emissions the role groups and permissions exist.
        post_migrate.connect(grant_content_permissions, dispatch_uid="home.grant_content_permissions")
