"""The review machinery's rules: who is seated, conflicts and replacement, blind scoring, results, divergence."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from experts.models import Panel, PanelSeat, Score
from experts.services import (
    ExpertError,
    aggregate,
    assign_panel,
    declare_conflict,
    fill_panel,
    resolve_divergence,
    scores_visible_to,
    submit_score,
)
from tests.experts.builders import full_marks, make_expert

pytestmark = pytest.mark.django_db


def seated(panel):
    return {seat.expert for seat in panel.seats.live()}


def test_the_applicant_and_their_organization_subtree_are_never_seated(claim, pool, rubric, people):
    panel = assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["province_admin"])
    assert len(seated(panel)) == 3
    assert pool["jinan_agency"] not in seated(panel)  # the counselor's own agency
    assert panel.organization == people["jinan_counselor"].organization


def test_specialty_first_then_fewest_open_assignments(claim, pool, rubric, people, topics):
    panel = assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["province_admin"])
    # COUNSEL specialists outside the conflict: jinan_uni, qingdao_1, qingdao_3; they come before the others.
    assert seated(panel) == {pool["jinan_uni"], pool["qingdao_1"], pool["qingdao_3"]}


def test_load_balances_across_panels(pool, rubric, people, topics, adapter):
    from tests.experts.conftest import make_claim

    loads = {}
    for index in range(4):
        claim = make_claim(people["qingdao_counselor"], title=f"申报{index}")
        panel = assign_panel(claim, purpose="test.review", rubric=rubric, size=2, actor=people["province_admin"])
        for expert in seated(panel):
            loads[expert.pk] = loads.get(expert.pk, 0) + 1
    # Only the counselor's own agency (qingdao_2) is in conflict; five experts share 8 seats as evenly as possible.
    assert pool["qingdao_2"].pk not in loads
    assert sorted(loads.values()) == [1, 1, 2, 2, 2]


def test_inactive_out_of_term_and_full_experts_are_never_seated(claim, pool, rubric, people):
    import datetime

    pool["qingdao_1"].active = False
    pool["qingdao_1"].save()
    pool["qingdao_2"].term_end = datetime.date(2020, 1, 1)
    pool["qingdao_2"].term_start = datetime.date(2019, 1, 1)
    pool["qingdao_2"].save()
    pool["province"].max_concurrent = 1
    pool["province"].save()
    assign_panel(claim, purpose="other", rubric=rubric, size=1, actor=people["province_admin"])  # fills someone
    panel = assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["province_admin"])
    assert pool["qingdao_1"] not in seated(panel)
    assert pool["qingdao_2"] not in seated(panel)


def test_not_enough_experts_changes_nothing(claim, pool, rubric, people):
    with pytest.raises(ExpertError) as error:
        assign_panel(claim, purpose="test.review", rubric=rubric, size=6, actor=people["province_admin"])
    assert error.value.code == "not_enough_experts"
    assert not Panel.objects.exists() and not PanelSeat.objects.exists()


def test_assigning_twice_returns_the_same_panel(claim, pool, rubric, people):
    first = assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["province_admin"])
    second = assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["province_admin"])
    assert first == second and PanelSeat.objects.count() == 3


def test_a_counselor_may_not_assign_panels(claim, pool, rubric, people):
    with pytest.raises(ExpertError) as error:
        assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["jinan_counselor"])
    assert error.value.code == "forbidden"


def test_declaring_a_conflict_seats_a_replacement(claim, pool, rubric, people):
    panel = assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["province_admin"])
    seat = panel.seats.get(expert=pool["qingdao_1"])
    declare_conflict(seat.pk, user=pool["qingdao_1"].user, reason="申报人是我的研究生")
    seat.refresh_from_db()
    assert seat.status == PanelSeat.Status.DECLINED
    assert len(seated(panel)) == 3 and pool["qingdao_1"] not in seated(panel)
    assert ModelLogEntry.objects.filter(action="experts.seat.declined").count() == 1


def test_a_conflict_without_a_replacement_leaves_the_panel_short_until_filled(claim, pool, rubric, people, tree):
    panel = assign_panel(claim, purpose="test.review", rubric=rubric, size=5, actor=people["province_admin"])
    seat = panel.seats.live().first()
    declare_conflict(seat.pk, user=seat.expert.user, reason="回避")
    assert panel.seats.live().count() == 4
    make_expert(tree["province"], email="new.expert@example.cn")
    fill_panel(panel.pk, actor=people["province_admin"])
    assert panel.seats.live().count() == 5


def test_only_the_seated_expert_may_declare_or_score(claim, pool, rubric, people):
    panel = assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["province_admin"])
    seat = panel.seats.get(expert=pool["qingdao_1"])
    for intruder in (pool["qingdao_2"].user, people["province_admin"]):
        with pytest.raises(ExpertError) as error:
            submit_score(seat.pk, user=intruder, scores=full_marks(rubric))
        assert error.value.code == "not_found"
        with pytest.raises(ExpertError):
            declare_conflict(seat.pk, user=intruder, reason="x")


def test_weighted_total_and_bad_scores(claim, pool, rubric, people):
    panel = assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["province_admin"])
    seat = panel.seats.get(expert=pool["qingdao_1"])
    criteria = list(rubric.criteria.all())
    for bad in ({criteria[0].pk: 80}, {c.pk: 101 for c in criteria}, {c.pk: "abc" for c in criteria},
                {c.pk: "NaN" for c in criteria}, {c.pk: "70.25" for c in criteria}, {"x": 1}):
        with pytest.raises(ExpertError):
            submit_score(seat.pk, user=seat.expert.user, scores=bad)
    assert not Score.objects.exists()
    with pytest.raises(ExpertError) as error:
        submit_score(seat.pk, user=seat.expert.user, scores={c.pk: 101 for c in criteria})
    assert "0 至 100 " in error.value.message or "0 to 100." in error.value.message  # not 1E+2
    score = submit_score(
        seat.pk, user=seat.expert.user, scores=dict(zip([c.pk for c in criteria], [90, 70, 50], strict=True)),
        comment="方案完整",
    )
    assert score.total == Decimal("74.00")  # (40*90 + 40*70 + 20*50) / 100
    with pytest.raises(ExpertError) as error:
        submit_score(seat.pk, user=seat.expert.user, scores=full_marks(rubric))
    assert error.value.code == "already_submitted"
    score.comment = "改"
    with pytest.raises(ValidationError):
        score.save()


def test_scores_stay_blind_until_ones_own_is_submitted(claim, pool, rubric, people):
    panel = assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["province_admin"])
    first, second, _third = panel.seats.all()
    submit_score(first.pk, user=first.expert.user, scores=full_marks(rubric, 80))
    assert not scores_visible_to(panel, second.expert.user).exists()
    assert not scores_visible_to(panel, pool["jinan_agency"].user).exists()
    assert not scores_visible_to(panel, people["qingdao_admin"]).exists()  # the subject is in Jinan
    assert scores_visible_to(panel, people["jinan_admin"]).count() == 1
    assert scores_visible_to(panel, first.expert.user).count() == 1
    submit_score(second.pk, user=second.expert.user, scores=full_marks(rubric, 70))
    assert scores_visible_to(panel, second.expert.user).count() == 2


def test_the_result_is_the_mean_and_the_subject_hears_once(claim, pool, rubric, people, adapter):
    panel = assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["province_admin"])
    for seat, value in zip(panel.seats.all(), (80, 70, 75), strict=True):
        submit_score(seat.pk, user=seat.expert.user, scores=full_marks(rubric, value))
    panel.refresh_from_db()
    assert (panel.status, panel.result, panel.result_basis) == (Panel.Status.DECIDED, Decimal("75.00"), "mean")
    assert adapter.results == [(panel.pk, Decimal("75.00"), "mean")]


def test_divergence_waits_for_the_chair(claim, pool, rubric, people, adapter):
    chair = people["province_admin"]
    panel = assign_panel(claim, purpose="test.review", rubric=rubric, chair=chair, actor=chair)
    for seat, value in zip(panel.seats.all(), (90, 60, 75), strict=True):
        submit_score(seat.pk, user=seat.expert.user, scores=full_marks(rubric, value))
    panel.refresh_from_db()
    assert panel.status == Panel.Status.DIVERGENT and adapter.results == []
    seat_user = panel.seats.first().expert.user
    with pytest.raises(ExpertError) as error:
        resolve_divergence(panel.pk, user=seat_user, result=70, reason="x")
    assert error.value.code in ("not_chair", "not_found")
    with pytest.raises(ExpertError) as error:
        resolve_divergence(panel.pk, user=chair, result=70, reason=" ")
    assert error.value.code == "reason_required"
    resolve_divergence(panel.pk, user=chair, result="72", reason="复核录像后采信多数意见")
    panel.refresh_from_db()
    assert (panel.status, panel.result, panel.result_basis) == (Panel.Status.DECIDED, Decimal("72.00"), "chair")
    assert adapter.results == [(panel.pk, Decimal("72.00"), "chair")]
    with pytest.raises(ExpertError) as error:
        resolve_divergence(panel.pk, user=chair, result=80, reason="again")
    assert error.value.code == "not_divergent"


@pytest.mark.parametrize(
    ("totals", "drop", "mean", "spread"),
    [
        (["80", "70", "75"], False, "75.00", "10"),
        (["95", "70", "72", "74", "40"], True, "72.00", "4"),
        (["90", "60"], True, "75.00", "30"),  # fewer than three: nothing dropped
        (["66.67", "66.67", "66.66"], False, "66.67", "0.01"),
    ],
)
def test_aggregate(totals, drop, mean, spread):
    assert aggregate([Decimal(t) for t in totals], drop_extremes=drop) == (Decimal(mean), Decimal(spread))
