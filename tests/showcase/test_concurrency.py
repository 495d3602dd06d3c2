"""Publishing one honour twice at the same moment (two result publications racing) writes one feature, and ten
racing publications of ten winners write ten; on PostgreSQL with real threads. Skipped without PostgreSQL."""

import pytest

from showcase.models import Feature
from showcase.services import feature
from tests.db_restore import migrated_data_kept, migrated_data_snapshot  # noqa: F401 - keep the migrated rows
from tests.factories import UserFactory
from tests.helpers import run_together

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("migrated_data_kept")]


def publish(source, title="张明"):
    return feature(source, kind=Feature.Kind.COMPETITION, group_key="competition:1", group_title="技能竞赛",
                   year=2025, city=None, title=title, honour="一等奖", rank=1)


def test_two_publications_at_once_write_one_feature(transactional_db, django_db_serialized_rollback, people):
    source = people["jinan_counselor"]
    outcomes = run_together(*[lambda: publish(source) for _ in range(2)])
    assert all(isinstance(outcome, Feature) for outcome in outcomes), outcomes
    assert Feature.objects.count() == 1 and outcomes[0].pk == outcomes[1].pk


def test_ten_winners_published_at_once_write_ten_features(transactional_db, django_db_serialized_rollback, tree):
    winners = [UserFactory(email=f"w{index}@example.cn", organization=tree["jinan_agency"]) for index in range(10)]
    outcomes = run_together(*[lambda w=w: publish(w, w.real_name) for w in winners],
                            *[lambda w=w: publish(w, w.real_name) for w in winners])
    assert all(isinstance(outcome, Feature) for outcome in outcomes), outcomes
    assert Feature.objects.count() == 10
