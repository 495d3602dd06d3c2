"""Counselors' actions on resources: bookmarking and counted downloads.

A download counts once per person, resource and day (Asia/Shanghai); the unique constraint decides, so two
simultaneous downloads count once. Only approved accounts (`people.access`) bookmark and have downloads counted, and
only resources they may open.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.access import require_active

from .access import can_open
from .models import Bookmark, Download, ResourcePage


class LibraryError(Exception):
    def __init__(self, message, code):
        super().__init__(message)
        self.message = message
        self.code = code


def _check_open(user, resource: ResourcePage) -> None:
    require_active(user)
    if not resource.live or not can_open(user, resource):
        raise LibraryError(_("This resource is not open to you."), code="not_allowed")


def record_download(user, resource: ResourcePage) -> bool:
    """Count today's download of `resource` by `user`; False when it was already counted today."""
    _check_open(user, resource)
    try:
        with transaction.atomic():
            Download.objects.create(user=user, resource=resource, day=timezone.localdate())
    except IntegrityError:
        return False
    return True


def bookmark(user, resource: ResourcePage) -> Bookmark:
    """Keep a resource in the person's bookmarks (idempotent)."""
    _check_open(user, resource)
    try:
        with transaction.atomic():
            return Bookmark.objects.create(user=user, resource=resource)
    except IntegrityError:
        return Bookmark.objects.get(user=user, resource=resource)


def remove_bookmark(user, resource: ResourcePage) -> None:
    """Drop a bookmark (nothing happens when there is none)."""
    Bookmark.objects.filter(user=user, resource=resource).delete()
