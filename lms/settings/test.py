"""Tests: the embedded default unless DATABASE_URL / REDIS_URL / CELERY_BROKER_URL point at real services."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

SECRET_KEY = "test-only-key"  # noqa: S105 - tests only
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES["default"].setdefault("TEST", {})  # noqa: F405
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not :memory:, so that threads and the live server share the test database.
    DATABASES["default"]["TEST"]["NAME"] = BASE_DIR / env("TEST_SQLITE_NAME", "test-db.sqlite3")  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Ordinary tests run tasks inline; tests that need the real worker start one against the broker explicitly.
CELERY_TASK_ALWAYS_EAGER = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
WAGTAILADMIN_BASE_URL = "http://testserver"
MEDIA_ROOT = BASE_DIR / "media-test"
PRIVATE_MEDIA_ROOT = BASE_DIR / "private-media-test"
ALLOWED_HOSTS = ["*"]
LOGGING["root"]["level"] = env("LOG_LEVEL", "WARNING")  # noqa: F405
# Static files straight from the app and project folders, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
