"""Real concurrency on PostgreSQL (SQLite has no row locks; skipped there): many people sign up for the last seats
at once, and several booked people cancel at once while others wait."""

import pytest

from tests.db_restore import migrated_data_kept, migrated_data_snapshot  # noqa: F401 - keep the migrated rows
from tests.helpers import run_together
from workshops import services
from workshops.models import Registration

pytestmark = pytest.mark.postgres
Status = Registration.Status


def test_simultaneous_sign_ups_never_oversell(
    migrated_data_kept, transactional_db, django_db_serialized_rollback, make_event, counselors,  # noqa: F811
):
    event = make_event(capacity=5)
    people = counselors(20)
    outcomes = run_together(*(lambda person=person: services.sign_up(event.session.pk, person) for person in people))
    assert all(isinstance(outcome, Registration) for outcome in outcomes), outcomes
    statuses = list(Registration.objects.filter(session=event.session).values_list("status", flat=True))
    assert statuses.count(Status.BOOKED) == 5
    assert statuses.count(Status.WAITLISTED) == 15


def test_the_same_person_signing_up_twice_at_once_gets_one_registration(
    migrated_data_kept, transactional_db, django_db_serialized_rollback, make_event, counselors,  # noqa: F811
):
    event = make_event(capacity=5)
    (person,) = counselors(1)
    outcomes = run_together(*(lambda: services.sign_up(event.session.pk, person) for _ in range(6)))
    assert sum(isinstance(outcome, Registration) for outcome in outcomes) == 1
    assert {outcome.code for outcome in outcomes if isinstance(outcome, services.RegistrationError)} == {"duplicate"}
    assert Registration.objects.filter(session=event.session).count() == 1


def test_concurrent_cancellations_promote_exactly_as_many_as_freed(
    migrated_data_kept, transactional_db, django_db_serialized_rollback, make_event, counselors,  # noqa: F811
):
    event = make_event(capacity=10)
    registrations = [services.sign_up(event.session.pk, person) for person in counselors(25)]
    booked = [r for r in registrations if r.status == Status.BOOKED]
    waiting = [r for r in registrations if r.status == Status.WAITLISTED]
    assert (len(booked), len(waiting)) == (10, 15)
    leaving = booked[:6]
    outcomes = run_together(*(lambda r=r: services.cancel_registration(r.pk, r.user) for r in leaving))
    assert all(isinstance(outcome, Registration) for outcome in outcomes), outcomes
    statuses = dict(Registration.objects.filter(session=event.session).values_list("pk", "status"))
    assert list(statuses.values()).count(Status.BOOKED) == 10
    assert list(statuses.values()).count(Status.CANCELLED) == 6
    assert [statuses[r.pk] for r in waiting] == [Status.BOOKED] * 6 + [Status.WAITLISTED] * 9


def test_two_admins_deciding_the_same_sign_up_at_once_one_wins(
    migrated_data_kept, transactional_db, django_db_serialized_rollback, make_event, people, tree,  # noqa: F811
):
    from people.models import Role
    from tests.factories import UserFactory

    event = make_event(capacity=1, requires_approval=True)
    pending = services.sign_up(event.session.pk, people["jinan_counselor"])
    second_admin = UserFactory(email="jinan.admin2@example.cn", organization=tree["jinan"], roles=[Role.ORG_ADMIN])
    outcomes = run_together(
        lambda: services.approve_registration(pending.pk, people["jinan_admin"]),
        lambda: services.reject_registration(pending.pk, second_admin),
    )
    winners = [o for o in outcomes if isinstance(o, Registration)]
    losers = [o for o in outcomes if isinstance(o, services.RegistrationError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0].code == "already_decided"
    assert Registration.objects.get(pk=pending.pk).status == winners[0].status
