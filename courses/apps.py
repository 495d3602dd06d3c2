from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    label = "courses"
    verbose_name = _("Courses")
    default_auto_field = "django.db.models.BigAutoField"
    # Role (by Role member name) -> permissions this app grants it; people.roles collects these from every app.
    role_permissions = {
        "TRAINER": ["courses.view_enrollment"],
        "ORG_ADMIN": ["courses.view_enrollment", "courses.add_enrollment", "courses.change_enrollment"],
        "PROVINCE_ADMIN": [
            "courses.view_enrollment",
            "courses.add_enrollment",
            "courses.change_enrollment",
            "courses.view_trainingplan",
            "courses.add_trainingplan",
            "courses.change_trainingplan",
            "courses.delete_trainingplan",
        ],
    }

    def ready(self):
        from django.db.models.signals import post_migrate
        from wagtail.permissions import register_permission_policy

        from . import caching, signals  # noqa: F401  (cache versions and course teams follow page changes)
        from .models import Enrollment
        from .permissions import EnrollmentPermissionPolicy
        from .teams import setup_publishing

        register_permission_policy(Enrollment, EnrollmentPermissionPolicy(Enrollment))
        post_migrate.connect(setup_publishing, sender=self)
