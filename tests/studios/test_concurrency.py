"""Contested studio writes on PostgreSQL with real threads: two admins deciding one submitted self-assessment at once
make one decision; two starts of a self-assessment at once open one; the rating of one panel result published twice
at the same moment is written once. Skipped without PostgreSQL."""

from decimal import Decimal

import pytest

from studios import services
from studios.models import SelfAssessment, Studio, StudioRating
from tests.db_restore import migrated_data_kept, migrated_data_snapshot  # noqa: F401 - keep the migrated rows
from tests.helpers import run_together
from tests.studios.conftest import full_lines

pytestmark = [pytest.mark.postgres, pytest.mark.usefixtures("migrated_data_kept")]


def _submitted(studio, lead):
    assessment = services.start_assessment(studio.pk, actor=lead)
    services.save_draft(assessment.pk, actor=lead, lines=full_lines(assessment))
    return services.submit_assessment(assessment.pk, actor=lead)


def test_two_admins_decide_one_assessment_at_once(transactional_db, django_db_serialized_rollback, people, studio,
                                                  standard):
    assessment = _submitted(studio, people["jinan_counselor"])
    outcomes = run_together(
        lambda: services.endorse_assessment(assessment.pk, actor=people["jinan_admin"]),
        lambda: services.return_assessment(assessment.pk, actor=people["province_admin"], reason="请补充材料"),
    )
    assert sum(isinstance(outcome, SelfAssessment) for outcome in outcomes) == 1, outcomes
    assert [o.code for o in outcomes if isinstance(o, services.StudioError)] == ["already_decided"]


def test_two_starts_at_once_open_one_assessment(transactional_db, django_db_serialized_rollback, people, studio,
                                                standard):
    outcomes = run_together(
        lambda: services.start_assessment(studio.pk, actor=people["jinan_counselor"]),
        lambda: services.start_assessment(studio.pk, actor=people["jinan_admin"]),
    )
    assert SelfAssessment.objects.filter(studio=studio).count() == 1
    assert [o.code for o in outcomes if isinstance(o, services.StudioError)] == ["already_open"], outcomes


def test_a_rating_published_twice_at_once_is_written_once(transactional_db, django_db_serialized_rollback, people,
                                                          studio, standard):
    assessment = services.start_assessment(studio.pk, actor=people["jinan_counselor"])
    SelfAssessment.objects.filter(pk=assessment.pk).update(status=SelfAssessment.Status.IN_REVIEW)
    outcomes = run_together(
        lambda: services.publish_rating(assessment.pk, result=Decimal("91.00")),
        lambda: services.publish_rating(assessment.pk, result=Decimal("91.00")),
    )
    assert not any(isinstance(outcome, Exception) for outcome in outcomes), outcomes
    assert StudioRating.objects.filter(assessment=assessment).count() == 1
    assert Studio.objects.get(pk=studio.pk).rating == Studio.Rating.EXCELLENT
