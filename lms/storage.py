"""Private file storage shared by every app: outside MEDIA_ROOT, so no public media URL ever serves a private file.

Certificates, evidence, private documents and spreadsheet exports live here and are read back only through
permission-checked views. The location is read from settings.PRIVATE_MEDIA_ROOT each time, so tests can point it at
a temporary directory.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage under PRIVATE_MEDIA_ROOT with no public URL."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None

    def url(self, name):
        raise ValueError("Private files have no public URL; serve them through a permission-checked view.")


_storage = PrivateStorage()


def private_storage() -> PrivateStorage:
    """The storage callable used by model fields (a callable keeps the location out of migrations)."""
    return _storage
