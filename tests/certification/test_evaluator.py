"""The evaluator over every seeded rule path (tables of cases), the extension point, versions and batch queries."""

import datetime
from decimal import Decimal

import pytest

from certification.evaluator import evaluate, evaluate_many
from certification.ladder import next_level
from certification.models import RequirementSet
from certification.requirements import RequirementKind, register_kind
from people.models import User
from tests.factories import counselor

from .helpers import credit, hold, level

TODAY = datetime.date(2026, 6, 1)


def kinds_met(evaluation) -> dict:
    return {(r.kind, r.spec.get("level") or r.spec.get("part") or ""): r.met for r in evaluation.results}


@pytest.mark.parametrize(
    ("practising_since", "education", "expected"),
    [
        (datetime.date(2021, 6, 1), "", True),            # exactly 5 years, counted to the day
        (datetime.date(2021, 6, 2), "", False),           # one day short
        (datetime.date(2022, 6, 1), "bachelor", True),    # a bachelor's degree: 4 years suffice
        (datetime.date(2022, 6, 1), "master", True),      # higher than bachelor counts too
        (datetime.date(2022, 6, 1), "junior_college", False),
        (datetime.date(2022, 6, 2), "bachelor", False),
        (None, "", False),                                # no start date in the profile
    ],
)
def test_level_4_by_years_of_practice(db, practising_since, education, expected):
    user = counselor(practising_since=practising_since, education=education)
    hold(user, "level-5", datetime.date(2025, 1, 1))  # held 1 year: the prior-level path is not met
    credit(user, 120, datetime.date(2025, 3, 1))
    evaluation = evaluate(user, level("level-4"), on=TODAY)
    assert kinds_met(evaluation)[("practice_years", "")] is expected
    assert evaluation.eligible is expected


@pytest.mark.parametrize(
    ("obtained_on", "expected"),
    [(datetime.date(2023, 6, 1), True), (datetime.date(2023, 6, 2), False)],
)
def test_level_4_by_level_5_held_three_years(db, obtained_on, expected):
    user = counselor(practising_since=datetime.date(2024, 1, 1))
    hold(user, "level-5", obtained_on)
    credit(user, 120, datetime.date(2025, 1, 1))
    evaluation = evaluate(user, level("level-4"), on=TODAY)
    assert kinds_met(evaluation)[("prior_level", "level-5")] is expected
    assert evaluation.eligible is expected
    if not expected:
        years = next(r for r in evaluation.results if r.kind == "prior_level")
        assert years.met_on == datetime.date(2026, 6, 2)


@pytest.mark.parametrize(
    ("code", "prior", "held_years", "practice_years", "eligible"),
    [
        ("level-3", "level-4", 4, 0, True),
        ("level-3", "level-4", 3, 0, False),
        ("level-3", "level-4", 1, 10, True),   # 10 years of practice is the alternative
        ("level-2", "level-3", 5, 30, True),
        ("level-2", "level-3", 4, 30, False),  # no practice-years alternative for 二级
        ("level-1", "level-2", 4, 30, True),
        ("level-1", "level-2", 3, 30, False),
    ],
)
def test_higher_levels(db, code, prior, held_years, practice_years, eligible):
    start = TODAY.replace(year=TODAY.year - practice_years) if practice_years else None
    user = counselor(practising_since=start)
    obtained = TODAY.replace(year=TODAY.year - held_years)
    hold(user, prior, obtained)
    credit(user, level(code).training_hours, obtained + datetime.timedelta(days=1))
    evaluation = evaluate(user, level(code), on=TODAY)
    assert evaluation.eligible is eligible


def test_hours_count_only_since_the_prior_level(db):
    user = counselor(practising_since=datetime.date(2015, 1, 1))
    hold(user, "level-5", datetime.date(2020, 1, 1))
    credit(user, 100, datetime.date(2019, 12, 31))  # before the prior level: not counted
    credit(user, 100, datetime.date(2020, 1, 1))
    hours = next(r for r in evaluate(user, level("level-4"), on=TODAY).results if r.kind == "training_hours")
    assert not hours.met
    assert "100" in hours.have and hours.action and hours.url is not None
    credit(user, 20, datetime.date(2026, 5, 31))
    assert evaluate(user, level("level-4"), on=TODAY).eligible


def test_without_a_level_hours_count_within_the_window(db):
    user = counselor()
    credit(user, 150, datetime.date(2021, 5, 31))  # more than five years ago
    assert not evaluate(user, level("level-5"), on=TODAY).eligible
    credit(user, 150, datetime.date(2021, 6, 1))
    assert evaluate(user, level("level-5"), on=TODAY).eligible


@pytest.mark.parametrize(
    ("spec", "entries", "met"),
    [
        ({"hours": "10", "category": "professional"}, [(10, "public", None)], False),
        ({"hours": "10", "category": "professional"}, [(10, "professional", None)], True),
        ({"hours": "10", "topics": ["POLICY"]}, [(10, "professional", "COUNSEL")], False),
        ({"hours": "10", "topics": ["POLICY", "COUNSEL"]}, [(6, "professional", "COUNSEL"), (4, "public", "POLICY")],
         True),
    ],
)
def test_category_and_topic_restrictions(db, spec, entries, met):
    RequirementSet.objects.create(
        level=level("level-5"), version=2, effective_from=datetime.date(2026, 1, 1),
        rules={"groups": [{"mode": "all", "requirements": [{"kind": "training_hours", **spec}]}]},
    )
    user = counselor()
    for hours, category, topic in entries:
        credit(user, hours, datetime.date(2026, 2, 1), category=category, topic=topic)
    assert evaluate(user, level("level-5"), on=TODAY).eligible is met


def test_assessment_requirements_do_not_block_applying(db):
    user = counselor()
    credit(user, 150, datetime.date(2026, 1, 1))
    evaluation = evaluate(user, level("level-5"), on=TODAY)
    assert evaluation.eligible and not evaluation.passed
    assert {r.kind for r in evaluation.results if not r.met} == {"assessment"}
    assert evaluation.first_unmet is None


def test_a_version_effective_later_is_not_in_force_yet(db):
    RequirementSet.objects.create(
        level=level("level-5"), version=2, effective_from=datetime.date(2026, 7, 1),
        rules={"groups": [{"mode": "all", "requirements": [{"kind": "training_hours", "hours": "999"}]}]},
    )
    user = counselor()
    credit(user, 150, datetime.date(2026, 1, 1))
    assert evaluate(user, level("level-5"), on=TODAY).requirement_set.version == 1
    assert evaluate(user, level("level-5"), on=datetime.date(2026, 7, 1)).requirement_set.version == 2


def test_an_unregistered_kind_is_unmet_not_a_crash(db):
    RequirementSet.objects.create(
        level=level("level-5"), version=2, effective_from=datetime.date(2026, 1, 1),
        rules={"groups": [{"mode": "all", "requirements": [{"kind": "no_such_kind"}]}]},
    )
    evaluation = evaluate(counselor(), level("level-5"), on=TODAY)
    assert not evaluation.eligible and evaluation.first_unmet.kind == "no_such_kind"


def test_other_apps_register_kinds(db):
    class PrizeKind(RequirementKind):
        key = "test_prize"

        def label(self, spec, level, shared):
            return "prize"

        def evaluate(self, spec, facts, level, on):
            return self.result(spec, level, facts, met=True)

    register_kind("test_prize", PrizeKind)
    RequirementSet.objects.create(
        level=level("level-5"), version=2, effective_from=datetime.date(2026, 1, 1),
        rules={"groups": [{"mode": "any", "requirements": [
            {"kind": "training_hours", "hours": "999"}, {"kind": "test_prize"},
        ]}]},
    )
    assert evaluate(counselor(), level("level-5"), on=TODAY).eligible


def test_next_level_is_one_rule(db):
    user = counselor()
    assert next_level(user).code == "level-5"
    hold(user, "level-1", datetime.date(2020, 1, 1))
    assert next_level(user) is None
    assert level("level-1").next_level() is None
    assert level("chief").next_level() is None
    assert level("level-3").next_level().code == "level-2"


def _population(size):
    users = []
    for index in range(size):
        user = counselor(practising_since=datetime.date(2010 + index % 10, 1, 1), education="bachelor")
        if index % 3:
            hold(user, ["level-5", "level-4", "level-3"][index % 3], datetime.date(2020, 1, 1))
        credit(user, 30 + index, datetime.date(2025, 1, 1))
        users.append(user)
    return users


@pytest.mark.parametrize("size", [1, 30])
def test_batch_runs_a_fixed_number_of_queries(db, django_assert_max_num_queries, size):
    _population(size)
    counselors = User.objects.filter(email__startswith="person")
    # 7, and one more when a target level's rules name the fast track (competitions' prize source, loaded once)
    with django_assert_max_num_queries(8):
        evaluations = evaluate_many(counselors, on=TODAY)
        assert sum(e.eligible for e in evaluations.values()) >= 0
    assert len(evaluations) == size


def test_batch_agrees_with_single_evaluation(db):
    users = _population(12)
    batch = evaluate_many(users, on=TODAY)
    for user in users:
        single = evaluate(user, batch[user.pk].level, on=TODAY)
        assert single.eligible == batch[user.pk].eligible
        assert [r.met for r in single.results] == [r.met for r in batch[user.pk].results]
        assert Decimal(0) <= Decimal(str(single.results[0].progress))
