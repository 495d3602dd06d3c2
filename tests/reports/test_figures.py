"""The figures themselves: compliance shares against the target and the professional two-thirds, completion and
progression by organization, workshop rates, and every university listed (paginated, not cut at 20) with those
below one full-time counselor per 500 graduates first."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from cpd.models import CreditEntry
from cpd.services import record_credit
from reports import figures
from reports.scope import resolve_node
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def credit(person, source, hours, category="professional"):
    record_credit(person, hours=Decimal(hours), category=category, kind=CreditEntry.Kind.COURSE, source_ref=source,
                  title="课程", occurred_on=timezone.localdate())


def test_compliance_counts_the_target_and_the_professional_share_apart(people, tree, this_year):
    from people.models import Role

    agency = tree["jinan_agency"]
    both = UserFactory(email="both@example.cn", organization=agency, roles=[Role.COUNSELOR])
    public_heavy = UserFactory(email="public@example.cn", organization=agency, roles=[Role.COUNSELOR])
    credit(both, "a", "90")
    credit(public_heavy, "b", "40")
    credit(public_heavy, "c", "50", category="public")  # 90 in all but only 40 professional (< 60)
    node = resolve_node(people["jinan_admin"], None)
    rows = dict(figures.compliance_by_organization(node, this_year))
    found = rows[agency]
    assert found["counselors"] == 3  # with jinan_counselor, who has nothing
    assert (found["met_total"], found["met_professional"], found["met"]) == (2, 1, 1)
    assert found["met_share"] == pytest.approx(33.3)
    behind = list(figures.behind(node, this_year))
    assert [p.email for p in behind] == ["jinan.counselor@example.cn", "public@example.cn"]
    missing = figures.shortfall(this_year, behind[1])
    assert missing["total"] == 0 and missing["professional"] == Decimal("20.0")


def test_completion_progression_and_workshops_roll_up_to_the_city(people, populate, tree):
    populate(4)  # 4 per city: two completed, two active; every third has 95 hours
    node = resolve_node(people["province_admin"], None)
    by_org = dict(figures.completion_by_organization(node))
    assert by_org[tree["jinan"]]["enrolled"] == 4 and by_org[tree["jinan"]]["completed"] == 2
    assert by_org[tree["jinan"]]["rate"] == 50.0
    (level, found), = figures.completion_by_level(figures.completion_by_course(node))  # both courses are 五级
    assert level.code == "level-5" and (found["enrolled"], found["completed"], found["rate"]) == (8, 4, 50.0)
    assert found["progress"] == 70.0  # (4 × 100 + 4 × 40) / 8
    _levels, progression, totals = figures.progression_by_organization(node)
    assert dict(progression)[tree["qingdao"]]["counselors"] == 5  # with qingdao_counselor, who has no level
    assert totals[None] == 2
    kinds = figures.workshops_by_kind(node)
    workshop = kinds["workshop"]
    assert workshop["booked"] == 8 and workshop["capacity"] == 80 and workshop["fill_rate"] == 10.0
    assert workshop["attendance_rate"] == 50.0 and workshop["no_show_rate"] == 50.0 and workshop["rating"] == 4.0


def test_every_university_is_listed_across_pages_those_below_the_guide_first(client, people, universities):
    from people.models import Role

    made = universities(30)
    UserFactory(email="ft@example.cn", organization=made[0], roles=[Role.COUNSELOR], employment="full_time")
    UserFactory(email="ft2@example.cn", organization=made[0], roles=[Role.COUNSELOR], employment="full_time")
    UserFactory(email="ft3@example.cn", organization=made[0], roles=[Role.COUNSELOR], employment="full_time")
    client.force_login(people["province_admin"])
    names = []
    for page in (1, 2):
        response = client.get(reverse("reports:staffing"), {"p": page})
        names += [university.name for university in response.context["universities"]]
    assert len(names) == 30 + 2  # the 30 made here and the two of the shared tree
    assert names[-1] == made[0].name  # the only one meeting the guide (3 full-time for 1000 graduates) comes last
    assert response.context["below_count"] == 31
