"""Production: every secret comes from the environment (no fallbacks); HTTPS, HSTS, secure cookies, CSP."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env, env_bool, env_list


def required(name: str) -> str:
    value = env(name)
    if not value:
        raise ImproperlyConfigured(f"The environment variable {name} must be set in production.")
    return value


DEBUG = False
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [required("ALLOWED_HOSTS")]
WAGTAILADMIN_BASE_URL = required("WAGTAILADMIN_BASE_URL")
# No embedded fallbacks: SQLite and a per-process cache (whose rate-limit counters each worker would keep for itself)
# are for development only. base.py has already configured both from these variables.
required("DATABASE_URL")
required("REDIS_URL")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Behind the reverse proxy, allauth's per-address rate limits must key on the client from X-Forwarded-For,
# not on the proxy's own address (which would make the whole province share one failed-login budget).
ALLAUTH_TRUSTED_PROXY_COUNT = int(env("ALLAUTH_TRUSTED_PROXY_COUNT", "1"))
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405
LMS_REQUIRE_MFA_FOR_STAFF = env_bool("LMS_REQUIRE_MFA_FOR_STAFF", True)
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
