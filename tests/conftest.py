"""Shared fixtures: a temporary MEDIA_ROOT, the demo organization tree, one user per role, and skips by backend."""

import os
import shutil

import pytest
from django.db import connection

from people.models import Organization, Role
from tests.factories import OrganizationFactory, UserFactory, city, province


def pytest_collection_modifyitems(config, items):
    is_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))
    has_redis = bool(os.environ.get("REDIS_URL"))
    chromium = shutil.which("chromium") or os.environ.get("CHROMIUM_PATH")
    for item in items:
        if "postgres" in item.keywords and not is_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (SQLite has no row locks)"))
        if "redis" in item.keywords and not has_redis:
            item.add_marker(pytest.mark.skip(reason="needs Redis: set REDIS_URL"))
        if "browser" in item.keywords and not chromium:
            item.add_marker(pytest.mark.skip(reason="needs Debian's chromium (apt-get install chromium)"))


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
        "province_admin": UserFactory(email="province@example.cn", organization=tree["province"], roles=[Role.PROVINCE_ADMIN]),
        "jinan_admin": UserFactory(email="jinan.admin@example.cn", organization=tree["jinan"], roles=[Role.ORG_ADMIN]),
        "qingdao_admin": UserFactory(email="qingdao.admin@example.cn", organization=tree["qingdao"], roles=[Role.ORG_ADMIN]),
        "trainer": UserFactory(email="trainer@example.cn", organization=tree["jinan_agency"], roles=[Role.TRAINER]),
        "expert": UserFactory(email="expert@example.cn", organization=tree["jinan_university"], roles=[Role.EXPERT]),
        "jinan_counselor": UserFactory(
            email="jinan.counselor@example.cn", real_name="济南学员", organization=tree["jinan_agency"], roles=[Role.COUNSELOR]
        ),
        "qingdao_counselor": UserFactory(
            email="qingdao.counselor@example.cn", real_name="青岛学员", organization=tree["qingdao_agency"],
            roles=[Role.COUNSELOR],
        ),
    }


@pytest.fixture
def on_postgres():
    return connection.vendor == "postgresql"
