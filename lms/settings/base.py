"""Settings shared by every environment, read from environment variables.

The embedded default (no variables set) is SQLite in WAL mode with IMMEDIATE write transactions, a local-memory
cache, eager Celery tasks and console e-mail. Each is switched to the real component by an environment variable:
DATABASE_URL, REDIS_URL (cache and broker), CELERY_BROKER_URL, EMAIL_URL. Code never changes for that.
"""

import json
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    """An environment variable, with empty strings treated as unset."""
    value = os.environ.get(name, "")
    return value if value != "" else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in (env(name, default) or "").split(",") if item.strip()]


SECRET_KEY = env("SECRET_KEY")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Project apps come first so that their templates override Wagtail's and allauth's.
    "home",
    "people",
    "standards",
    "cpd",
    "courses",
    "quizzes",
    "certification",
    "experts",
    "chiefs",
    "practicum",
    "research",
    "exams",
    "library",
    "workshops",
    "search",
    "exports",
    "reports",
    "showcase",
    "competitions",
    "studios",
    "evaluations",
    "awards",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "people.apps.PeopleUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lms.headers.PolicyByPathMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "home.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "lms.input.RefuseControlCharactersMiddleware",
    "people.middleware.ApprovalGateMiddleware",
    "people.middleware.AdminAccessMiddleware",
    "people.middleware.RequireMFAMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------------------------
SQLITE_OPTIONS = {
    # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at BEGIN, because
    # select_for_update is a no-op on SQLite and a deferred transaction could otherwise fail half-way.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
}


def database_from_env(default_sqlite_name: str) -> dict:
    url = env("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=int(env("DB_CONN_MAX_AGE", "60")), conn_health_checks=True)
        if config["ENGINE"] == "django.db.backends.sqlite3":
            config["OPTIONS"] = dict(SQLITE_OPTIONS)
        return config
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / default_sqlite_name,
        "OPTIONS": dict(SQLITE_OPTIONS),
    }


DATABASES = {"default": database_from_env("db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, Celery ----------------------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "lms"}}

CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Shanghai"
# Redis redelivers a task whose worker died (acks_late) once its visibility timeout has passed (kombu's default, one
# hour, unless overridden), e.g. CELERY_BROKER_TRANSPORT_OPTIONS='{"visibility_timeout": 600}'.
CELERY_BROKER_TRANSPORT_OPTIONS = json.loads(env("CELERY_BROKER_TRANSPORT_OPTIONS", "{}"))
# Periodic jobs, run by one `celery -A lms beat` process; each app adds its own entries here.
CELERY_BEAT_SCHEDULE = {
    # Reminders 24 hours ahead and feedback requests afterwards; each e-mail is claimed once, so overlaps are safe.
    "workshops-reminders": {"task": "workshops.tasks.send_reminders", "schedule": 15 * 60},
    "workshops-feedback-requests": {"task": "workshops.tasks.send_feedback_requests", "schedule": 60 * 60},
    # Finish the quiz attempts whose deadline has passed and grade what was saved (idempotent).
    "quizzes-finish-overdue-attempts": {"task": "quizzes.tasks.finish_overdue_attempts", "schedule": 60},
    # Level exams: at the close of the window, the grade of a candidate who left attempts unused becomes their score.
    "exams-record-closed-exams": {"task": "exams.tasks.record_closed_exams", "schedule": 10 * 60},
    # Chief counselors: one reminder per appointment before its term ends; titles end with their terms (idempotent).
    "chiefs-term-reminders": {"task": "chiefs.tasks.send_term_reminders", "schedule": 6 * 60 * 60},
    "chiefs-end-finished-terms": {"task": "chiefs.tasks.end_finished_terms", "schedule": 6 * 60 * 60},
    # Delete export files (and their jobs) a day after they were written.
    "exports-remove-expired": {"task": "exports.tasks.remove_expired_exports", "schedule": 60 * 60},
}
# An export of more rows than this runs as a Celery task with a progress page instead of inside the request.
LMS_EXPORT_ASYNC_THRESHOLD = int(env("LMS_EXPORT_ASYNC_THRESHOLD", "10000"))

# CPD compliance: once a month, remind everyone behind on the current period's target (off unless switched on; one
# campaign per month, each person e-mailed once per campaign, see reports.services). Trainers' home pages list
# learners idle for LMS_STUCK_AFTER_DAYS days.
LMS_MONTHLY_CPD_REMINDERS = env_bool("LMS_MONTHLY_CPD_REMINDERS", False)
LMS_CPD_REMINDER_DAY = int(env("LMS_CPD_REMINDER_DAY", "1"))
LMS_STUCK_AFTER_DAYS = int(env("LMS_STUCK_AFTER_DAYS", "14"))
if LMS_MONTHLY_CPD_REMINDERS:
    CELERY_BEAT_SCHEDULE["reports-monthly-cpd-reminders"] = {
        "task": "reports.tasks.start_monthly_campaigns",
        "schedule": crontab(minute=0, hour=9, day_of_month=LMS_CPD_REMINDER_DAY),
    }

# Wagtail's own background work (search index, reference index) runs inline.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- E-mail -----------------------------------------------------------------------------------------------------


def email_from_url(url: str | None) -> dict:
    """Translate EMAIL_URL (smtp://user:pass@host:port?tls=1, smtps://..., console://, locmem://) into settings."""
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme in {"console", "locmem", "dummy"}:
        return {"EMAIL_BACKEND": f"django.core.mail.backends.{scheme}.EmailBackend"}
    if scheme not in {"smtp", "smtps"}:
        raise ValueError(f"EMAIL_URL scheme {scheme!r} is not supported (use smtp, smtps, console or locmem)")
    query = parse_qs(parsed.query)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parsed.hostname or "localhost",
        "EMAIL_PORT": parsed.port or (465 if scheme == "smtps" else 25),
        "EMAIL_HOST_USER": unquote(parsed.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parsed.password or ""),
        "EMAIL_USE_SSL": scheme == "smtps",
        "EMAIL_USE_TLS": query.get("tls", ["0"])[0] in {"1", "true"},
    }


globals().update(email_from_url(env("EMAIL_URL")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "山东省职业指导师培训平台 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts ---------------------------------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "people.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "people.forms.SignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[职业指导师培训平台] "
ACCOUNT_RATE_LIMITS = {
    # Failed logins are limited per client address and per account, on the site and the admin alike.
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "山东职业指导师培训平台"
# Self-registration (pending until the chosen organization approves); switch off to admit people by import only.
LMS_SIGNUP_OPEN = env_bool("LMS_SIGNUP_OPEN", True)
# Trainers and administrators must set up TOTP before they can use anything else (on in production).
LMS_REQUIRE_MFA_FOR_STAFF = env_bool("LMS_REQUIRE_MFA_FOR_STAFF", False)

SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Internationalisation -------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# --- Static and media -----------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
# Files that only permission-checked views may serve (certificates); never under MEDIA_ROOT, never at a public URL.
PRIVATE_MEDIA_ROOT = Path(env("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Wagtail ----------------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "山东省职业指导师培训平台"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The admin login goes through allauth, so its rate limits and MFA cover the admin too.
WAGTAILADMIN_LOGIN_URL = "/accounts/login/"
WAGTAIL_FRONTEND_LOGIN_URL = "/accounts/login/"
WAGTAILUSERS_PASSWORD_ENABLED = False
# Password change and reset go through allauth only (rate-limited, logs out on change); Wagtail's own forms are off.
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # no third-party requests from the admin
WAGTAIL_ENABLE_UPDATE_CHECK = False  # nor its release check (which the admin's connect-src 'self' blocks anyway)
# The database backend with Chinese word segmentation (jieba) on indexing and queries, on SQLite and PostgreSQL.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends", "SEARCH_CONFIG": "simple"}}
# Documents live in private storage and are served only by Wagtail's serve view, after people.document_access.
WAGTAILDOCS_DOCUMENT_MODEL = "library.PrivateDocument"
WAGTAILDOCS_SERVE_METHOD = "serve_view"
# Images people open in a browser are bounded (lms.images): 40 million pixels, 10000 pixels a side, 10 MB.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_IMAGE_FORM_BASE = "lms.images.BoundedImageForm"
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "txt", "zip"]

# --- Security headers (production tightens the cookie and HSTS settings) --------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The site may not be framed; lms.headers lets the Wagtail admin (and its live preview) frame itself, and sets
# X-Frame-Options to match frame-ancestors on every response.
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # No inline script on the site: scripts are files from 'self'; an inline one must carry request.csp_nonce.
        # lms.headers.PolicyByPathMiddleware gives the Wagtail admin 'unsafe-inline' for scripts and styles.
        "script-src": [SELF, NONCE],
        # Inline style attributes stay allowed on the site (e.g. a progress bar's width); styles cannot run code.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- Logging: one JSON object per line on stdout --------------------------------------------------------------
LOG_LEVEL = env("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,  # Chinese page titles and names stay readable in the log
        },
    },
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "django.security": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Domain -----------------------------------------------------------------------------------------------------
LMS_IMPORT_MAX_ROWS = 5000
LMS_IMPORT_MAX_BYTES = 5 * 1024 * 1024
LMS_PLATFORM_NAME = _("Shandong Career-Guidance Counselor Training Platform")
