"""The project package: settings, URLs, the Celery app and the WSGI entry point (no models).

Importing it registers the `rowid` URL converter, before any app builds its URL patterns."""

from . import converters  # noqa: F401 - registers <rowid:...>
from .celery import app as celery_app

__all__ = ("celery_app",)
