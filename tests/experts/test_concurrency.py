"""Contested writes on PostgreSQL with real threads: two assignments of one subject make one panel; two
assignments of different subjects never push an expert past their maximum; two submissions of one seat make one
score. Needs PostgreSQL (real row locks); skipped otherwise."""

import pytest

from experts.models import Panel, PanelSeat, Score
from experts.services import ExpertError, assign_panel, submit_score
from tests.experts.builders import full_marks
from tests.experts.conftest import make_claim
from tests.helpers import run_together

pytestmark = pytest.mark.postgres


def test_two_assignments_of_one_subject_make_one_panel(
    transactional_db, django_db_serialized_rollback, claim, pool, rubric, people
):
    admin = people["province_admin"]
    outcomes = run_together(
        *[lambda: assign_panel(claim, purpose="test.review", rubric=rubric, actor=admin) for _ in range(4)]
    )
    assert all(isinstance(outcome, Panel) for outcome in outcomes), outcomes
    assert len({outcome.pk for outcome in outcomes}) == 1
    assert Panel.objects.count() == 1 and PanelSeat.objects.count() == 3


def test_concurrent_assignments_respect_each_experts_maximum(
    transactional_db, django_db_serialized_rollback, pool, rubric, people, adapter
):
    for expert in pool.values():
        expert.max_concurrent = 1
        expert.save()
    claims = [make_claim(people["qingdao_counselor"], title=f"申报{n}") for n in range(5)]
    admin = people["province_admin"]
    outcomes = run_together(
        *[lambda c=c: assign_panel(c, purpose="test.review", rubric=rubric, size=2, actor=admin) for c in claims]
    )
    panels = [outcome for outcome in outcomes if isinstance(outcome, Panel)]
    refused = [outcome for outcome in outcomes if isinstance(outcome, ExpertError)]
    assert len(panels) + len(refused) == 5, outcomes
    assert all(error.code == "not_enough_experts" for error in refused)
    # Five eligible experts with room for one open assignment each: at most two panels of two.
    assert len(panels) == 2
    for expert in pool.values():
        assert PanelSeat.objects.open_assignments().filter(expert=expert).count() <= 1


def test_two_submissions_of_one_seat_make_one_score(
    transactional_db, django_db_serialized_rollback, claim, pool, rubric, people
):
    panel = assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["province_admin"])
    seat = panel.seats.first()
    user = seat.expert.user
    outcomes = run_together(
        lambda: submit_score(seat.pk, user=user, scores=full_marks(rubric, 80)),
        lambda: submit_score(seat.pk, user=user, scores=full_marks(rubric, 60)),
    )
    assert sum(isinstance(outcome, Score) for outcome in outcomes) == 1, outcomes
    assert [outcome.code for outcome in outcomes if isinstance(outcome, ExpertError)] == ["already_submitted"]
    assert Score.objects.filter(seat=seat).count() == 1


def test_the_last_two_submissions_at_once_decide_the_panel_once(
    transactional_db, django_db_serialized_rollback, claim, pool, rubric, people, adapter
):
    panel = assign_panel(claim, purpose="test.review", rubric=rubric, actor=people["province_admin"])
    first, *rest = panel.seats.all()
    submit_score(first.pk, user=first.expert.user, scores=full_marks(rubric, 80))
    run_together(*[lambda s=s: submit_score(s.pk, user=s.expert.user, scores=full_marks(rubric, 75)) for s in rest])
    panel.refresh_from_db()
    assert panel.status == Panel.Status.DECIDED
    assert len(adapter.results) == 1
