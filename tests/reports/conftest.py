"""Report fixtures: the tree of tests/conftest.py filled with counselors, enrollments, credit, level records, level
applications (in an assessment round named after each city) and a held workshop session in both cities, at any size
(`populate(n)` adds n counselors to each city)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from certification.models import AssessmentRound, LevelApplication, LevelRecord, RequirementSet
from courses.models import Enrollment
from cpd.models import CPDPeriod, CreditEntry
from cpd.services import record_credit
from people.models import Organization, Role
from standards.models import Level
from tests.courses.conftest import catalogue, make_course  # noqa: F401 - fixtures reused
from tests.factories import OrganizationFactory, UserFactory
from tests.workshops.conftest import events_index, make_event  # noqa: F401 - fixtures reused
from workshops.models import Feedback, Registration

JINAN_ONLY = "济南学员甲"
QINGDAO_ONLY = "青岛学员乙"


@pytest.fixture
def this_year(db) -> CPDPeriod:
    today = timezone.localdate()
    return CPDPeriod.objects.create(
        name=f"{today.year}年度", starts_on=datetime.date(today.year, 1, 1), ends_on=datetime.date(today.year, 12, 31)
    )


@pytest.fixture
def populate(tree, people, make_course, make_event, this_year):  # noqa: F811 - the imported fixtures
    """populate(n): n more counselors in each city's agency, each enrolled, credited, levelled and signed up."""
    courses = {"jinan": make_course(lessons=1, title="济南课程"), "qingdao": make_course(lessons=1, title="青岛课程")}
    events = {
        city: make_event(organization=tree[city], title=f"{tree[city].name}工作坊", capacity=40,
                         starts_in=datetime.timedelta(days=-3))
        for city in ("jinan", "qingdao")
    }
    level = Level.objects.get(code="level-4")
    next_level = Level.objects.get(code="level-3")
    requirement_set = RequirementSet.objects.in_force_by_level(timezone.localdate())[next_level.pk]
    rounds = {
        city: AssessmentRound.objects.create(
            name=f"{tree[city].name}2026年三级批次", level=next_level, status=AssessmentRound.Status.PUBLISHED,
            applications_open_on=datetime.date(2026, 1, 1), applications_close_on=datetime.date(2026, 3, 31))
        for city in ("jinan", "qingdao")
    }
    statuses = (LevelApplication.Status.SUBMITTED, LevelApplication.Status.ENDORSED, LevelApplication.Status.PASSED,
                LevelApplication.Status.FAILED)
    state = {"n": 0}

    def add(count: int, *, named: bool = False):
        made = []
        for city in ("jinan", "qingdao"):
            for _index in range(count):
                state["n"] += 1
                n = state["n"]
                name = (JINAN_ONLY if city == "jinan" else QINGDAO_ONLY) if named and _index == 0 else f"学员{n}"
                person = UserFactory(
                    email=f"r{n}@{city}.example.cn", real_name=name, organization=tree[f"{city}_agency"],
                    roles=[Role.COUNSELOR], employment="full_time" if n % 2 else "part_time",
                )
                completed = n % 2 == 0
                Enrollment.objects.create(
                    user=person, course=courses[city], course_title=courses[city].title, hours=Decimal("8"),
                    status=Enrollment.Status.COMPLETED if completed else Enrollment.Status.ACTIVE,
                    progress=100 if completed else 40, completed_at=timezone.now() if completed else None,
                    last_activity_at=timezone.now() - datetime.timedelta(days=30),
                )
                record_credit(person, hours=Decimal("95") if n % 3 == 0 else Decimal("20"), category="professional",
                              kind=CreditEntry.Kind.COURSE, source_ref=f"test:{n}", title="职业咨询实务",
                              occurred_on=timezone.localdate())
                LevelRecord.objects.create(holder=person, level=level, obtained_on=datetime.date(2022, 6, 30))
                status = statuses[n % len(statuses)]
                LevelApplication.objects.create(
                    applicant=person, level=next_level, requirement_set=requirement_set, status=status,
                    round=rounds[city] if status in statuses[2:] else None)
                registration = Registration.objects.create(
                    session=events[city].session, user=person, status=Registration.Status.BOOKED,
                    title=events[city].title,
                    attendance=Registration.Attendance.ATTENDED if completed else Registration.Attendance.NO_SHOW,
                )
                if completed:
                    Feedback.objects.create(registration=registration, rating=4)
                made.append(person)
        return made

    add.courses = courses
    add.events = events
    add.period = this_year
    add.rounds = rounds
    return add


@pytest.fixture
def universities(tree):
    def make(count: int, city: str = "jinan") -> list[Organization]:
        return [
            OrganizationFactory(name=f"{tree[city].name}第{i}大学", code=f"{city}-u{i}",
                                kind=Organization.Kind.UNIVERSITY, graduates_per_year=1000 + i, parent=tree[city])
            for i in range(count)
        ]

    return make
