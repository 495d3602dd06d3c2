"""Shared fixtures: a temporary MEDIA_ROOT, the demo organization tree, one user per role, and skips by backend."""

import os
import shutil

import pytest
from django.db import connection

from people.models import Organization, Role
from tests.factories import OrganizationFactory, UserFactory, city, province

pytest_plugins = ["tests.celery_worker"]  # the `celery_worker` fixture: a real worker on Redis


def pytest_collection_modifyitems(config, items):
    """Skip tests whose service is absent, with the reason; LMS_REQUIRE=postgres,redis,browser makes that an error."""
    available = {
        "postgres": os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        "redis": bool(os.environ.get("REDIS_URL")),
        "browser": bool(shutil.which("chromium")),
    }
    reasons = {
        "postgres": "needs PostgreSQL: set DATABASE_URL (SQLite has no row locks)",
        "redis": "needs Redis: set REDIS_URL",
        "browser": "needs Debian's chromium (apt-get install chromium)",
    }
    required = {name.strip() for name in os.environ.get("LMS_REQUIRE", "").split(",") if name.strip()}
    for name in required:
        if not available.get(name, False):
            raise pytest.UsageError(f"LMS_REQUIRE names {name}, but it is not available: {reasons[name]}")
    for item in items:
        for name, reason in reasons.items():
            if name in item.keywords and not available[name]:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def clear_cache():
    """Rate-limit counters live in the cache; every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    """Province → Jinan and Qingdao → one agency and one university each."""
    root = province()
    jinan = city("济南市", "jinan", parent=root)
    qingdao = city("青岛市", "qingdao", parent=root)
    return {
        "province": root,
        "jinan": jinan,
        "qingdao": qingdao,
        "jinan_agency": OrganizationFactory(name="济南市公共就业服务中心", code="jinan-hrss", parent=jinan),
        "jinan_university": OrganizationFactory(
            name="山东大学", code="sdu", kind=Organization.Kind.UNIVERSITY, graduates_per_year=15000, parent=jinan
        ),
        "qingdao_agency": OrganizationFactory(name="青岛市公共就业服务中心", code="qingdao-hrss", parent=qingdao),
        "qingdao_university": OrganizationFactory(
            name="中国海洋大学", code="ouc", kind=Organization.Kind.UNIVERSITY, graduates_per_year=7600, parent=qingdao
        ),
    }


@pytest.fixture
def people(tree):
    """One login per role; the organization admins administer their city, counselors sit in institutions."""
    return {
        "province_admin": UserFactory(
            email="province@example.cn", organization=tree["province"], roles=[Role.PROVINCE_ADMIN]
        ),
        "jinan_admin": UserFactory(email="jinan.admin@example.cn", organization=tree["jinan"], roles=[Role.ORG_ADMIN]),
        "qingdao_admin": UserFactory(
            email="qingdao.admin@example.cn", organization=tree["qingdao"], roles=[Role.ORG_ADMIN]
        ),
        "trainer": UserFactory(email="trainer@example.cn", organization=tree["jinan_agency"], roles=[Role.TRAINER]),
        "expert": UserFactory(email="expert@example.cn", organization=tree["jinan_university"], roles=[Role.EXPERT]),
        "jinan_counselor": UserFactory(
            email="jinan.counselor@example.cn",
            real_name="济南学员",
            organization=tree["jinan_agency"],
            roles=[Role.COUNSELOR],
        ),
        "qingdao_counselor": UserFactory(
            email="qingdao.counselor@example.cn", real_name="青岛学员", organization=tree["qingdao_agency"],
            roles=[Role.COUNSELOR],
        ),
    }


@pytest.fixture
def jinan_client(client, people):
    """A test client signed in as the Jinan organization admin."""
    client.force_login(people["jinan_admin"])
    return client


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"
