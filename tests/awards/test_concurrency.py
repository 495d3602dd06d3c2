"""Quotas under contention on PostgreSQL with real threads: ten admins nominating at once against an allocation of
three seats get exactly three nominations, and ten confirmations at once against a total with two seats left
confirm exactly two; everyone else gets the translated `quota_full` error and the counters never pass their seats
(the CHECK constraints). Skipped without PostgreSQL."""

import datetime

import pytest
from django.utils import timezone

from awards import services
from awards.models import Allocation, Nomination, Quota
from people.models import Role, User
from tests.awards.conftest import quota
from tests.db_restore import migrated_data_kept, migrated_data_snapshot  # noqa: F401 - keep the migrated rows
from tests.factories import UserFactory
from tests.helpers import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("migrated_data_kept")]


def test_ten_nominations_at_once_against_three_seats(
    transactional_db, django_db_serialized_rollback, people, tree, cycle, award_types
):
    star = quota(cycle, award_types, "star")
    services.set_allocation(star.pk, organization=tree["jinan"], seats=3, actor=people["province_admin"])
    admin = User.objects.get(pk=people["jinan_admin"].pk)
    counselors = [
        UserFactory(email=f"star{i}@example.cn", organization=tree["jinan_agency"], roles=[Role.COUNSELOR])
        for i in range(10)
    ]

    def nominate(counselor):
        return lambda: services.create_nomination(
            admin, cycle_id=cycle.pk, award_type_id=award_types["star"].pk, nominee=counselor, statement="业绩突出",
        )

    outcomes = run_together(*(nominate(counselor) for counselor in counselors))
    made = [outcome for outcome in outcomes if isinstance(outcome, Nomination)]
    errors = [outcome for outcome in outcomes if isinstance(outcome, services.AwardError)]
    assert len(made) == 3, outcomes
    assert [error.code for error in errors] == ["quota_full"] * 7, outcomes
    assert all(error.message for error in errors)
    assert Allocation.objects.get().used == 3
    assert Nomination.objects.holding_seat().count() == 3


def test_ten_confirmations_at_once_against_two_seats_left(
    transactional_db, django_db_serialized_rollback, people, tree, cycle, award_types
):
    province = User.objects.get(pk=people["province_admin"].pk)
    star = quota(cycle, award_types, "star")
    Quota.objects.filter(pk=star.pk).update(seats=12, used=10)
    ids = []
    for i in range(10):
        counselor = UserFactory(email=f"confirm{i}@example.cn", organization=tree["jinan_agency"],
                                roles=[Role.COUNSELOR])
        nomination = Nomination.objects.create(
            cycle=cycle, award_type=award_types["star"], quota=star, organization=tree["jinan"],
            nominated_by=people["jinan_admin"], nominee_user=counselor, nominee_title=counselor.real_name,
            statement="业绩突出", status=Nomination.Status.RECOMMENDED, review_score=90,
        )
        services.open_publicity(nomination.pk, actor=province,
                                starts_on=timezone.localdate() - datetime.timedelta(days=30))
        ids.append(nomination.pk)

    outcomes = run_together(*(lambda pk=pk: services.confirm(pk, actor=province) for pk in ids))
    confirmed = [outcome for outcome in outcomes if isinstance(outcome, Nomination)]
    errors = [outcome for outcome in outcomes if isinstance(outcome, services.AwardError)]
    assert len(confirmed) == 2, outcomes
    assert [error.code for error in errors] == ["quota_full"] * 8, outcomes
    star.refresh_from_db()
    assert (star.used, star.seats) == (12, 12)
    assert Nomination.objects.filter(status=Nomination.Status.CONFIRMED).count() == 2
