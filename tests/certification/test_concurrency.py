"""Real concurrency on PostgreSQL: two admins endorsing one application at once make one decision; publishing a
round twice at once, or again after a retried task, gives exactly one level record and one certificate per pass.
Skipped on SQLite (no row locks there)."""

import datetime

import pytest

from certification import services
from certification.models import AssessmentRound, LevelApplication, LevelRecord
from cpd.models import Certificate
from tests.helpers import run_together

from .helpers import credit, level

pytestmark = pytest.mark.postgres


def submitted(user):
    credit(user, 150, datetime.date.today())
    return services.submit_application(user, profile_confirmed=True)


def test_two_admins_endorse_one_application_once(transactional_db, django_db_serialized_rollback, people):
    application = submitted(people["jinan_counselor"])

    def endorse(actor):
        return lambda: services.endorse_application(application.pk, actor=actor)

    outcomes = run_together(endorse(people["jinan_admin"]), endorse(people["province_admin"]))

    winners = [o for o in outcomes if isinstance(o, LevelApplication)]
    losers = [o for o in outcomes if isinstance(o, services.CertificationError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0].code == "already_decided"
    application.refresh_from_db()
    assert application.status == LevelApplication.Status.ENDORSED


def test_publishing_twice_at_once_awards_once(transactional_db, django_db_serialized_rollback, people):
    from certification.tasks import publish_round_results

    admin = people["province_admin"]
    application = submitted(people["jinan_counselor"])
    services.endorse_application(application.pk, actor=people["jinan_admin"])
    assessment_round = AssessmentRound.objects.create(
        name="2026年第一批", level=level("level-5"), applications_open_on=datetime.date(2026, 1, 1),
        applications_close_on=datetime.date(2026, 12, 31), status=AssessmentRound.Status.OPEN,
    )
    services.accept_into_round([application.pk], assessment_round.pk, actor=admin)
    services.record_assessment_score(application.pk, part="theory", score=80, source="t")
    services.record_assessment_score(application.pk, part="skills", score=80, source="t")

    outcomes = run_together(*[lambda: services.publish_results(assessment_round.pk, actor=admin)] * 4)
    publish_round_results.apply(args=[assessment_round.pk, admin.pk])  # a retried task

    assert sum(o["passed"] for o in outcomes if isinstance(o, dict)) == 1, outcomes
    holder = people["jinan_counselor"]
    assert LevelRecord.objects.filter(holder=holder, level__code="level-5").count() == 1
    assert Certificate.objects.filter(holder=holder, kind=Certificate.Kind.LEVEL).count() == 1
