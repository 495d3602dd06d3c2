"""Contested chief counselor writes on PostgreSQL with real threads: two province admins appointing one recommended
nominee at once make one appointment, one 首席 level record and one certificate; two city admins deciding one
self-nomination at once make one decision. Skipped without PostgreSQL."""

import pytest

from certification.models import LevelRecord
from chiefs import services
from chiefs.models import Appointment, Nomination
from cpd.models import Certificate
from tests.chiefs.conftest import pdf
from tests.factories import UserFactory
from tests.helpers import run_together

pytestmark = pytest.mark.postgres


def _nominate(actor, nominee, chief_round):
    return services.nominate(actor, round_id=chief_round.pk, nominee=nominee, route="competition", statement="推荐",
                             achievements="业绩", files=[pdf()])


def test_two_appointments_at_once_make_one(
    transactional_db, django_db_serialized_rollback, people, holder, chief_round, ladder
):
    nomination = _nominate(people["jinan_admin"], holder, chief_round)
    Nomination.objects.filter(pk=nomination.pk).update(status=Nomination.Status.RECOMMENDED)
    second_admin = UserFactory(email="p2@example.cn", organization=people["province_admin"].organization,
                               roles=list(people["province_admin"].roles))
    outcomes = run_together(
        lambda: services.appoint(nomination.pk, actor=people["province_admin"]),
        lambda: services.appoint(nomination.pk, actor=second_admin),
    )
    assert all(isinstance(outcome, Appointment) for outcome in outcomes), outcomes
    assert Appointment.objects.count() == 1
    assert LevelRecord.objects.filter(holder=holder, level=ladder["chief"]).count() == 1
    assert Certificate.objects.filter(holder=holder, kind=Certificate.Kind.AWARD).count() == 1


def test_two_admins_decide_one_self_nomination_at_once(
    transactional_db, django_db_serialized_rollback, people, holder, chief_round
):
    nomination = _nominate(holder, holder, chief_round)
    outcomes = run_together(
        lambda: services.endorse_nomination(nomination.pk, actor=people["jinan_admin"]),
        lambda: services.return_nomination(nomination.pk, actor=people["province_admin"], reason="材料不全"),
    )
    assert sum(isinstance(outcome, Nomination) for outcome in outcomes) == 1, outcomes
    assert [o.code for o in outcomes if isinstance(o, services.ChiefError)] == ["already_decided"]
