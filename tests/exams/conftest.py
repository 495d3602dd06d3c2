"""Exam fixtures: the level exams folder, a round of 四级 with accepted applicants, and an exam builder."""

import datetime

import pytest
from django.utils import timezone

from certification.models import AssessmentRound, LevelApplication, RequirementSet
from exams.models import ExamIndexPage, ExamPage
from home.models import HomePage
from people.models import Role
from quizzes.models import Kind, QuizDraw
from standards.models import Level
from tests.factories import UserFactory
from tests.quizzes.conftest import build_question


@pytest.fixture
def exam_index(db):
    return ExamIndexPage.objects.first() or HomePage.objects.first().add_child(
        instance=ExamIndexPage(title="等级考试", slug="level-exams"))


@pytest.fixture
def exam_round(db, people):
    today = timezone.localdate()
    return AssessmentRound.objects.create(
        name="2026年第一批四级职业指导师评价", level=Level.objects.get(code="level-4"),
        status=AssessmentRound.Status.ASSESSING, applications_open_on=today - datetime.timedelta(days=30),
        applications_close_on=today - datetime.timedelta(days=10), exam_on=today,
    )


def admit(user, exam_round, status=LevelApplication.Status.ACCEPTED) -> LevelApplication:
    """An application of `user` for the round's level, in `status` and in the round."""
    return LevelApplication.objects.create(
        applicant=user, level=exam_round.level, status=status, round=exam_round,
        requirement_set=RequirementSet.objects.filter(level=exam_round.level).order_by("-version").first(),
        submitted_at=timezone.now(),
    )


@pytest.fixture
def candidate(people, exam_round):
    user = people["jinan_counselor"]
    admit(user, exam_round)
    return user


@pytest.fixture
def candidates(tree, exam_round):
    def make(count):
        users = [UserFactory(organization=tree["jinan_agency"], roles=[Role.COUNSELOR]) for _ in range(count)]
        for user in users:
            admit(user, exam_round)
        return users

    return make


@pytest.fixture
def bank(people):
    """Six objective questions of 四级 on COUNSEL and one 五级 question that an exam of 四级 never serves."""
    owner = people["trainer"]
    questions = [build_question(Kind.SINGLE, level="level-4", owner=owner, stem=f"四级单选题{i}") for i in range(4)]
    questions += [build_question(Kind.TRUE_FALSE, level="level-4", owner=owner, stem=f"四级判断题{i}",
                                 true_false_answer=True) for i in range(2)]
    build_question(Kind.SINGLE, level="level-5", owner=owner, stem="五级单选题")
    return questions


@pytest.fixture
def make_exam(exam_index, exam_round, bank):
    """make_exam(count=5, **rules) -> a published ExamPage drawing `count` questions of the round's level."""
    counter = {"n": 0}

    def make(count=5, topic="COUNSEL", kind="", exam_round=exam_round, **rules):
        counter["n"] += 1
        now = timezone.now()
        rules.setdefault("opens_at", now - datetime.timedelta(hours=1))
        rules.setdefault("closes_at", now + datetime.timedelta(hours=3))
        exam = exam_index.add_child(instance=ExamPage(
            title=rules.pop("title", f"四级理论知识考试{counter['n']}"), slug=f"exam-{counter['n']}",
            round=exam_round, **rules))
        QuizDraw.objects.create(quiz=exam, level=exam_round.level, topic_id=None, kind=kind, count=count)
        return ExamPage.objects.get(pk=exam.pk)

    return make


@pytest.fixture
def exam(make_exam):
    return make_exam()
