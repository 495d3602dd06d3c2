"""Quiz fixtures: a question builder, a course with a quiz, and an enrolled counselor."""

from decimal import Decimal

import pytest

from courses import services as course_services
from courses.models import LessonPage
from quizzes.models import Choice, Kind, Question, QuizDraw, QuizPage, QuizQuestion, Scoring
from standards.models import Level, Topic
from tests.courses.conftest import catalogue, make_course  # noqa: F401  (fixtures used here)


def build_question(kind=Kind.SINGLE, *, topic="COUNSEL", level="level-5", owner=None, stem=None, correct=(0,),
                   choices=("建立信任", "推荐岗位", "收取费用", "测评打分"), points="1", **fields) -> Question:
    """A bank question; for choice kinds `choices` with the indexes in `correct` marked correct."""
    question = Question.objects.create(
        kind=kind, stem=stem or f"{kind} 题目 {Question.objects.count() + 1}", topic=Topic.objects.get(code=topic),
        level=Level.objects.get(code=level), owner=owner, points=Decimal(points), **fields,
    )
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        for index, text in enumerate(choices):
            Choice.objects.create(question=question, text=text, is_correct=index in correct, sort_order=index,
                                  feedback=f"反馈{index}")
    return question


@pytest.fixture
def make_question():
    return build_question


@pytest.fixture
def make_quiz():
    """make_quiz(course, questions=(), draws=(), **rules) -> a published QuizPage under the course."""
    counter = {"n": 0}

    def make(course, questions=(), draws=(), **rules):
        counter["n"] += 1
        rules.setdefault("shuffle_questions", False)
        rules.setdefault("shuffle_choices", False)
        # Most tests read the full review; the default policy (right or wrong only) has tests of its own.
        rules.setdefault("review_policy", QuizPage.ReviewPolicy.AFTER_SUBMIT)
        quiz = course.add_child(instance=QuizPage(title=rules.pop("title", f"单元测验{counter['n']}"),
                                                  slug=f"quiz-{counter['n']}", **rules))
        for index, question in enumerate(questions):
            QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=index)
        for index, draw in enumerate(draws):
            QuizDraw.objects.create(quiz=quiz, sort_order=index, **draw)
        return QuizPage.objects.get(pk=quiz.pk)

    return make


@pytest.fixture
def mixed_questions(people):
    """One question of each objective kind plus an essay, written by the trainer."""
    owner = people["trainer"]
    return [
        build_question(Kind.SINGLE, owner=owner, stem="建立咨询关系的首要条件是（　）。"),
        build_question(Kind.MULTIPLE, owner=owner, stem="就业援助对象包括（　）。", correct=(0, 1),
                       scoring=Scoring.PARTIAL, points="2"),
        build_question(Kind.TRUE_FALSE, owner=owner, stem="一个培训日按8学时计算。", true_false_answer=True),
        build_question(Kind.FILL_BLANK, owner=owner, stem="继续教育每年不少于____学时。",
                       accepted_answers="90\n九十"),
    ]


@pytest.fixture
def course(make_course, people):  # noqa: F811  (the fixture imported above)
    """A course of one lesson completed by passing its quiz, taught by the trainer."""
    course = make_course(lessons=0, trainers=[people["trainer"]])
    course.add_child(instance=LessonPage(title="第1讲", slug="lesson-quiz", completion=LessonPage.Completion.QUIZ,
                                         body=[("paragraph", "<p>内容</p>")]))
    return course


@pytest.fixture
def quiz(course, make_quiz, mixed_questions):
    return make_quiz(course, questions=mixed_questions, attempts_allowed=3, pass_mark=60)


@pytest.fixture
def counselor(people, course):
    """The Jinan counselor, enrolled in the course."""
    user = people["jinan_counselor"]
    course_services.enroll(user, course)
    return user


def answers_for(attempt, correct=True) -> dict[int, list[str]]:
    """Posted values answering every objective item of an attempt right (or wrong)."""
    answers = {}
    for item in attempt.items.all():
        if item.kind in (Kind.SINGLE, Kind.MULTIPLE):
            ids = [str(c["id"]) for c in item.choices if c["correct"] == correct]
            answers[item.pk] = ids[:1] if item.kind == Kind.SINGLE else ids
        elif item.kind == Kind.TRUE_FALSE:
            answers[item.pk] = ["true" if item.true_false_answer == correct else "false"]
        elif item.kind == Kind.FILL_BLANK:
            answers[item.pk] = ["９０" if correct else "八十"]
        else:
            answers[item.pk] = ["我的分析……"]
    return answers
