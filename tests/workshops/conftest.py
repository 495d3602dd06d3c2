"""Workshop fixtures: an events index under the home page and a builder for events with one session."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from home.models import HomePage
from people.models import Role
from tests.db_restore import migrated_data_snapshot, pytest_fixture_post_finalizer  # noqa: F401 - keep migrated rows
from tests.factories import UserFactory
from workshops.models import WorkshopIndexPage, WorkshopPage, WorkshopSession


@pytest.fixture
def events_index(db):
    existing = WorkshopIndexPage.objects.first()
    if existing:
        return existing
    home = HomePage.objects.first()
    return home.add_child(instance=WorkshopIndexPage(title="培训活动", slug="workshops"))


@pytest.fixture
def make_event(events_index, tree):
    """make_event(capacity=30, starts_in=days, **page fields) -> WorkshopPage with one session (`.session`)."""
    counter = {"n": 0}

    def make(capacity=30, starts_in=datetime.timedelta(days=10), sessions=1, session_fields=None, **fields):
        counter["n"] += 1
        n = counter["n"]
        fields.setdefault("organization", tree["jinan"])
        page = events_index.add_child(
            instance=WorkshopPage(
                title=fields.pop("title", f"职业咨询工作坊{n}"), slug=fields.pop("slug", f"event-{n}"),
                hours=fields.pop("hours", Decimal("4.0")), **fields,
            )
        )
        start = timezone.now() + starts_in
        for i in range(sessions):
            WorkshopSession.objects.create(
                page=page, starts_at=start + datetime.timedelta(days=i),
                ends_at=start + datetime.timedelta(days=i, hours=3), capacity=capacity, venue="济南市人才大厦",
                address="经十路100号", **(session_fields or {}),
            )
        page = WorkshopPage.objects.get(pk=page.pk)
        page.session = page.sessions.order_by("starts_at").first()
        return page

    return make


@pytest.fixture
def counselors(tree):
    def make(count, prefix="c", organization=None):
        return [
            UserFactory(email=f"{prefix}{i}@example.cn", organization=organization or tree["jinan_agency"],
                        roles=[Role.COUNSELOR])
            for i in range(count)
        ]

    return make


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """`with on_commit(execute=True):` runs the e-mails a service enqueues when its transaction commits."""
    return django_capture_on_commit_callbacks
