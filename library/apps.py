from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

_READING_LISTS = [
    "library.add_readinglist",
    "library.change_readinglist",
    "library.delete_readinglist",
    "library.view_readinglist",
]


class LibraryConfig(AppConfig):
    name = "library"
    label = "library"
    verbose_name = _("Resource library")
    default_auto_field = "django.db.models.BigAutoField"
    # Trainers author resources (page permission on the library index, see library.signals) and their own reading
    # lists; province admins all of them and the download statistics.
    role_permissions = {
        "TRAINER": [*_READING_LISTS],
        "PROVINCE_ADMIN": [*_READING_LISTS, "library.view_download"],
    }

    def ready(self):
        from wagtail.permissions import register_permission_policy

        from . import signals  # noqa: F401 - connects the trainer permission on new library index pages
        from .models import ReadingList
        from .permissions import OwnedPermissionPolicy

        register_permission_policy(ReadingList, OwnedPermissionPolicy(ReadingList))
