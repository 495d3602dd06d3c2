"""Storage for the library's documents: private (outside MEDIA_ROOT), so no guessable media URL ever serves a file.

Wagtail's document serve view asks a storage for a direct URL and redirects to it when there is one; this storage
answers NotImplementedError, so the serve view always streams the file itself after its permission hooks ran.
"""

from cpd.storage import PrivateStorage


class PrivateDocumentStorage(PrivateStorage):
    def url(self, name):
        raise NotImplementedError("Library documents have no public URL; they are served by a permission-checked view.")


_storage = PrivateDocumentStorage()


def document_storage() -> PrivateDocumentStorage:
    """The storage callable of PrivateDocument.file (keeps the location out of migrations)."""
    return _storage
