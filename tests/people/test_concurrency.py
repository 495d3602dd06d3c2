"""Two admins decide the same pending registration at the same moment: the row lock lets exactly one win, and
the other is told it was already decided. Needs PostgreSQL (SQLite has no row locks); skipped otherwise.
"""

import pytest

from people import services
from people.models import Role, User
from tests.factories import UserFactory
from tests.helpers import run_together

pytestmark = pytest.mark.postgres


@pytest.mark.parametrize("decisions", [("approve", "reject"), ("approve", "approve"), ("reject", "reject")])
def test_two_admins_decide_the_same_signup_at_once(
    transactional_db, django_db_serialized_rollback, people, tree, decisions
):
    applicant = UserFactory(organization=tree["jinan_agency"], approval_status=User.ApprovalStatus.PENDING)
    second_admin = UserFactory(email="jinan.admin2@example.cn", organization=tree["jinan"], roles=[Role.ORG_ADMIN])
    admins = [people["jinan_admin"], second_admin]

    def decide(admin, decision):
        if decision == "approve":
            return lambda: services.approve_signup(admin, applicant.pk)
        return lambda: services.reject_signup(admin, applicant.pk, "重复申请")

    outcomes = run_together(*(decide(admin, decision) for admin, decision in zip(admins, decisions, strict=True)))

    winners = [outcome for outcome in outcomes if isinstance(outcome, User)]
    losers = [outcome for outcome in outcomes if isinstance(outcome, services.PeopleError)]
    assert len(winners) == 1, outcomes
    assert len(losers) == 1, outcomes
    assert losers[0].code == "already_decided"
    applicant.refresh_from_db()
    assert applicant.approval_status == winners[0].approval_status
    assert applicant.groups.filter(name=Role.COUNSELOR.value).count() == (
        1 if applicant.approval_status == User.ApprovalStatus.APPROVED else 0
    )
