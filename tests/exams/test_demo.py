"""The demo exam builder: the round's exam drawn from the demo bank, two finished attempts whose scores reach the
applications, and nothing made twice."""

import pytest

from certification.models import LevelApplication
from exams.models import ExamPage
from home import demo_exams, demo_quizzes
from quizzes.models import Attempt

pytestmark = pytest.mark.django_db


def test_the_demo_exam_is_built_once_with_scored_attempts(exam_round, candidates, people):
    demo_quizzes.import_bank(people["trainer"])
    candidates(3)
    exam = demo_exams.build(exam_round)
    assert exam is not None and exam.live
    assert Attempt.objects.filter(quiz_id=exam.pk, status=Attempt.Status.GRADED).count() == 2
    scores = sorted(LevelApplication.objects.filter(theory_score__isnull=False).values_list("theory_score",
                                                                                             flat=True))
    assert len(scores) == 2 and scores[0] < 60 <= scores[1]

    demo_exams.build(exam_round)
    assert ExamPage.objects.count() == 1 and Attempt.objects.count() == 2
