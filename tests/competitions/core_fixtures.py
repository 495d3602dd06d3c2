"""Fixtures of the competitions core tests (registration, the knowledge contest, the entrant's pages): a skills
competition with two rounds open for registration, a gold-course and a students' competition, a university admin,
and a knowledge contest on the first round. Test modules import the fixtures they use from here."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from competitions.contest import ContestIndexPage, ContestPage
from competitions.models import Competition, Round, Track
from home.models import HomePage
from people.models import Role
from quizzes.models import Kind, QuizQuestion
from standards.models import Level
from tests.factories import LevelRecordFactory, UserFactory
from tests.quizzes.conftest import build_question

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="计划书.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def make_competition(organizer, *, kind=Competition.Kind.SKILLS, status=Competition.Status.REGISTRATION,
                     tracks=(), rounds=None, **fields):
    """A competition open for registration now, with `rounds` [(name, format, per_city)] (default: a knowledge
    round per city, then a judged final)."""
    now = timezone.now()
    fields.setdefault("registration_opens_at", now - datetime.timedelta(days=1))
    fields.setdefault("registration_closes_at", now + datetime.timedelta(days=10))
    competition = Competition.objects.create(
        title=fields.pop("title", "2026年山东省职业指导人员职业技能竞赛"), kind=kind, year=fields.pop("year", 2026),
        organizer=organizer, status=status, **fields,
    )
    for index, name in enumerate(tracks):
        Track.objects.create(competition=competition, name=name, sort_order=index)
    if rounds is None:
        rounds = [("市级初赛：知识竞赛", Round.Format.KNOWLEDGE, True), ("省级决赛", Round.Format.PERFORMANCE, False)]
    for sequence, (name, round_format, per_city) in enumerate(rounds, start=1):
        Round.objects.create(competition=competition, name=name, sequence=sequence, format=round_format,
                             per_city=per_city)
    return competition


@pytest.fixture
def skills(tree):
    return make_competition(tree["province"])


@pytest.fixture
def skills_with_tracks(tree):
    return make_competition(tree["province"], title="带赛道的技能竞赛", tracks=["公共就业服务", "高校就业指导"])


@pytest.fixture
def gold(tree):
    return make_competition(tree["province"], kind=Competition.Kind.GOLD_COURSE, title="2026年职业指导金课竞赛",
                            rounds=[("网络评审", Round.Format.SUBMISSION, False)])


@pytest.fixture
def students(tree):
    return make_competition(
        tree["province"], kind=Competition.Kind.STUDENTS, title="2026年山东省大学生职业规划大赛", max_team_size=3,
        organization_kinds=["university"],
        rounds=[("市级初赛", Round.Format.SUBMISSION, True), ("省级决赛", Round.Format.PERFORMANCE, False)],
    )


@pytest.fixture
def university_admins(tree):
    return {
        "jinan": UserFactory(email="sdu.admin@example.cn", organization=tree["jinan_university"],
                             roles=[Role.ORG_ADMIN]),
        "qingdao": UserFactory(email="ouc.admin@example.cn", organization=tree["qingdao_university"],
                               roles=[Role.ORG_ADMIN]),
    }


@pytest.fixture
def adviser(tree):
    return UserFactory(email="sdu.adviser@example.cn", organization=tree["jinan_university"], roles=[Role.COUNSELOR])


def hold_level(user, code):
    return LevelRecordFactory(holder=user, level=Level.objects.get(code=code))


@pytest.fixture
def contest_index(db):
    return ContestIndexPage.objects.first() or HomePage.objects.first().add_child(
        instance=ContestIndexPage(title="知识竞赛", slug="contests"))


@pytest.fixture
def make_contest(contest_index, people):
    """make_contest(round, questions=3, **rules) -> a published ContestPage of `questions` fixed questions."""
    counter = {"n": 0}

    def make(contest_round, questions=3, **rules):
        counter["n"] += 1
        now = timezone.now()
        rules.setdefault("opens_at", now - datetime.timedelta(hours=1))
        rules.setdefault("closes_at", now + datetime.timedelta(hours=3))
        rules.setdefault("shuffle_questions", False)
        rules.setdefault("shuffle_choices", False)
        contest = contest_index.add_child(instance=ContestPage(
            title=rules.pop("title", f"知识竞赛{counter['n']}"), slug=f"contest-{counter['n']}", round=contest_round,
            **rules))
        for index in range(questions):
            QuizQuestion.objects.create(quiz=contest, sort_order=index, question=build_question(
                Kind.SINGLE, owner=people["trainer"], stem=f"竞赛题{counter['n']}-{index}"))
        return ContestPage.objects.get(pk=contest.pk)

    return make
