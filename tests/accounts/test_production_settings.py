"""Production settings pass `manage.py check --deploy` cleanly and refuse to start without their secrets.

Each check runs in a subprocess, because production settings are read once at start-up from the environment.
"""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "lms.settings.production",
    "ALLOWED_HOSTS": "lms.example.cn",
    "WAGTAILADMIN_BASE_URL": "https://lms.example.cn",
    "DATABASE_URL": "postgres://lms@db.example.cn:5432/lms",
    "REDIS_URL": "redis://cache.example.cn:6379/0",
}
# Variables of the developer's or CI's shell that would change what is being checked.
CLEARED = (
    "SECRET_KEY",
    "DEBUG",
    "CELERY_BROKER_URL",
    "EMAIL_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "LMS_REQUIRE_MFA_FOR_STAFF",
    "ALLAUTH_TRUSTED_PROXY_COUNT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)


def run(args, **variables) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in CLEARED}
    env.update(PRODUCTION_ENV)
    env.update({key: value for key, value in variables.items() if value is not None})
    for key, value in variables.items():
        if value is None:
            env.pop(key, None)
    return subprocess.run(  # noqa: S603 - a fixed command line
        [sys.executable, *args], cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )


def production_value(expression: str, **variables) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = run(["-c", code], SECRET_KEY=secrets.token_urlsafe(50), **variables)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_check_deploy_reports_no_issues():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "DEBUG"], SECRET_KEY=secrets.token_urlsafe(50))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in result.stderr


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "WAGTAILADMIN_BASE_URL", "DATABASE_URL", "REDIS_URL"]
)
def test_production_settings_refuse_to_load_without_a_secret(missing):
    variables = {"SECRET_KEY": secrets.token_urlsafe(50), missing: None}
    result = run(["-c", "import lms.settings.production"], **variables)
    assert result.returncode != 0
    assert "django.core.exceptions.ImproperlyConfigured" in result.stderr
    assert f"The environment variable {missing} must be set in production." in result.stderr


def test_an_empty_secret_key_counts_as_missing():
    result = run(["-c", "import lms.settings.production"], SECRET_KEY="")
    assert "ImproperlyConfigured" in result.stderr


def test_production_requires_mfa_for_staff_and_secure_cookies():
    names = ["LMS_REQUIRE_MFA_FOR_STAFF", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT"]
    values = production_value(", ".join(f"settings.{name}" for name in names))
    assert values.split() == ["True"] * len(names)
    assert production_value("settings.DEBUG, settings.ACCOUNT_EMAIL_VERIFICATION") == "False mandatory"


def test_rate_limits_count_the_client_behind_the_proxy_not_the_proxy():
    """Behind the reverse proxy every request comes from the proxy's address; without a trusted proxy count
    allauth's per-address limits (10 failed logins, 30 logins a minute) would be shared by the whole province."""
    assert production_value("settings.ALLAUTH_TRUSTED_PROXY_COUNT") == "1"
