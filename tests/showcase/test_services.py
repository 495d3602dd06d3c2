"""Writing to the showcase: `feature` is idempotent and keeps what editors added, `withdraw` hides and keeps the
row; both leave an entry in the feature's history."""

import pytest
from wagtail.models import ModelLogEntry

from showcase.models import Feature
from showcase.services import feature, withdraw
from tests.showcase.conftest import make_image

pytestmark = pytest.mark.django_db


def publish(source, tree, **overrides):
    arguments = {"kind": Feature.Kind.COMPETITION, "group_key": "competition:7", "group_title": "技能竞赛",
                 "year": 2025, "city": tree["jinan"], "title": "张明", "honour": "一等奖", "rank": 1,
                 "link_url": "/learning/x/",
                 "citation": "初稿表彰词", "subtitle": "济南市公共就业服务中心"}
    return feature(source, **{**arguments, **overrides})


def actions(item) -> list[str]:
    return list(ModelLogEntry.objects.for_instance(item).order_by("pk").values_list("action", flat=True))


def test_publishing_twice_writes_one_feature_and_keeps_the_editors_work(people, tree):
    source = people["jinan_counselor"]
    first = publish(source, tree, actor=people["province_admin"])
    image = make_image()
    Feature.objects.filter(pk=first.pk).update(citation="编辑定稿", subtitle="编辑写的单位", image=image, hidden=True)
    again = publish(source, tree, title="张明（更正）", honour="二等奖", rank=2, citation="新初稿", subtitle="新单位")
    assert again.pk == first.pk and Feature.objects.count() == 1
    again.refresh_from_db()
    assert (again.title, again.honour, again.rank) == ("张明（更正）", "二等奖", 2)
    assert (again.citation, again.subtitle, again.image, again.hidden) == ("编辑定稿", "编辑写的单位", image, True)
    assert actions(again) == ["showcase.feature.published", "showcase.feature.republished"]


def test_publishing_the_same_snapshot_again_changes_and_logs_nothing(people, tree):
    item = publish(people["jinan_counselor"], tree)
    publish(people["jinan_counselor"], tree)
    assert actions(item) == ["showcase.feature.published"]


def test_one_source_may_be_featured_under_two_kinds(people, tree):
    publish(people["jinan_counselor"], tree)
    publish(people["jinan_counselor"], tree, kind=Feature.Kind.STAR, group_key="award:1", honour="职业指导之星")
    assert Feature.objects.count() == 2


def test_withdrawing_hides_the_feature_keeps_the_row_and_logs_it(people, tree):
    item = publish(people["jinan_counselor"], tree)
    withdraw(people["jinan_counselor"], kind=Feature.Kind.COMPETITION, actor=people["province_admin"])
    withdraw(people["jinan_counselor"], kind=Feature.Kind.COMPETITION)  # twice: nothing more happens
    item.refresh_from_db()
    assert item.hidden and not Feature.objects.public().exists()
    assert actions(item) == ["showcase.feature.published", "showcase.feature.withdrawn"]
    entry = ModelLogEntry.objects.get(action="showcase.feature.withdrawn")
    assert entry.user == people["province_admin"]


def test_long_snapshot_values_are_cut_to_fit(people, tree):
    item = publish(people["jinan_counselor"], tree, title="长" * 300, group_key="k" * 100, subtitle="单" * 300)
    assert len(item.title) == 200 and len(item.group_key) == 80 and len(item.subtitle) == 200
