"""The rules of a level exam on the quiz engine: only admitted applicants sit it, one attempt unless configured
otherwise, random draws of the round's level, the server deadline, and the grade reaching the application's theory
score exactly once (also when the finish runs twice, or at the deadline)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from certification.models import LevelApplication
from quizzes import grading, services
from quizzes.models import Attempt, Kind
from quizzes.services import AttemptError, awaiting_items
from tests.exams.conftest import admit
from tests.quizzes.conftest import answers_for, build_question

pytestmark = pytest.mark.django_db


def scored_entries(application):
    return ModelLogEntry.objects.filter(object_id=str(application.pk), action="certification.application.scored")


def test_a_counselor_not_admitted_to_the_round_is_refused(exam, people):
    with pytest.raises(AttemptError) as error:
        services.start_attempt(people["qingdao_counselor"], exam)
    assert error.value.code == "not_allowed"
    assert not Attempt.objects.exists()


@pytest.mark.parametrize("status", [LevelApplication.Status.ENDORSED, LevelApplication.Status.WITHDRAWN])
def test_an_application_not_accepted_into_the_round_is_refused(exam, exam_round, people, status):
    admit(people["qingdao_counselor"], exam_round, status=status)
    with pytest.raises(AttemptError) as error:
        services.start_attempt(people["qingdao_counselor"], exam)
    assert error.value.code == "not_allowed"


def test_an_applicant_of_another_round_is_refused(make_exam, exam_round, candidate):
    other_round = type(exam_round).objects.create(
        name="另一批次", level=exam_round.level, applications_open_on=exam_round.applications_open_on,
        applications_close_on=exam_round.applications_close_on)
    with pytest.raises(AttemptError):
        services.start_attempt(candidate, make_exam(exam_round=other_round))


def test_the_draw_serves_only_questions_of_the_rounds_level(exam, candidate):
    attempt = services.start_attempt(candidate, exam)
    items = list(attempt.items.select_related("question__level"))
    assert len(items) == 5
    assert {item.question.level.code for item in items} == {"level-4"}
    assert attempt.enrollment_id is None


def test_one_attempt_by_default(exam, candidate):
    assert exam.attempts_allowed == 1 and exam.review_policy == exam.ReviewPolicy.NEVER
    attempt = services.start_attempt(candidate, exam)
    assert services.start_attempt(candidate, exam).pk == attempt.pk  # an open attempt is resumed
    services.finish_attempt(attempt.pk, user=candidate)
    with pytest.raises(AttemptError) as error:
        services.start_attempt(candidate, exam)
    assert error.value.code == "no_attempts_left"


def test_the_grade_reaches_the_application_exactly_once_when_finished_twice(exam, candidate):
    application = LevelApplication.objects.get(applicant=candidate)
    attempt = services.start_attempt(candidate, exam)
    services.save_answers(attempt.pk, candidate, answers_for(attempt))

    assert services.finish_attempt(attempt.pk, user=candidate)[1] is True
    assert services.finish_attempt(attempt.pk, user=candidate)[1] is False
    assert services.finish_attempt(attempt.pk, finished_by=Attempt.FinishedBy.DEADLINE)[1] is False

    application.refresh_from_db()
    assert application.theory_score == Decimal("100")
    assert application.status == LevelApplication.Status.ASSESSING
    assert scored_entries(application).count() == 1


def test_the_deadline_finishes_the_exam_and_records_the_saved_answers(exam, candidate):
    application = LevelApplication.objects.get(applicant=candidate)
    attempt = services.start_attempt(candidate, exam)
    assert attempt.deadline == attempt.started_at + datetime.timedelta(minutes=exam.time_limit_minutes)
    wrong = answers_for(attempt, correct=False)
    services.save_answers(attempt.pk, candidate, dict(list(wrong.items())[:2]))
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))

    with pytest.raises(AttemptError) as error:
        services.save_answers(attempt.pk, candidate, answers_for(attempt))
    assert error.value.code == "deadline"
    assert services.finish_overdue() == 0  # already finished by the refused save

    attempt.refresh_from_db()
    assert attempt.finished_by == Attempt.FinishedBy.DEADLINE and attempt.percent == Decimal("0")
    application.refresh_from_db()
    assert application.theory_score == Decimal("0")
    assert scored_entries(application).count() == 1


def test_the_window_closes_the_exam(make_exam, candidate):
    exam = make_exam(opens_at=timezone.now() + datetime.timedelta(days=1),
                     closes_at=timezone.now() + datetime.timedelta(days=1, hours=2))
    with pytest.raises(AttemptError) as error:
        services.start_attempt(candidate, exam)
    assert error.value.code == "not_open"


def test_a_failed_first_of_two_attempts_is_not_recorded_until_the_last(make_exam, candidate):
    exam = make_exam(attempts_allowed=2)
    application = LevelApplication.objects.get(applicant=candidate)
    first = services.start_attempt(candidate, exam)
    services.save_answers(first.pk, candidate, answers_for(first, correct=False))
    services.finish_attempt(first.pk, user=candidate)
    application.refresh_from_db()
    assert application.theory_score is None

    second = services.start_attempt(candidate, exam)
    services.save_answers(second.pk, candidate, answers_for(second))
    services.finish_attempt(second.pk, user=candidate)
    application.refresh_from_db()
    assert application.theory_score == Decimal("100")  # the highest grade


def test_at_the_close_of_the_window_an_unused_second_attempt_no_longer_withholds_the_grade(make_exam, candidate):
    from exams.services import record_closed_exams
    from exams.tasks import record_closed_exams as task

    exam = make_exam(attempts_allowed=2)
    application = LevelApplication.objects.get(applicant=candidate)
    first = services.start_attempt(candidate, exam)
    services.save_answers(first.pk, candidate, answers_for(first, correct=False))
    services.finish_attempt(first.pk, user=candidate)
    assert record_closed_exams() == 0  # the window is still open: the second attempt may come
    application.refresh_from_db()
    assert application.theory_score is None

    after_close = exam.closes_at + datetime.timedelta(minutes=1)
    assert record_closed_exams(now=after_close) == 1
    assert record_closed_exams(now=after_close) == 0  # a second run (or a retried task) writes nothing
    application.refresh_from_db()
    assert application.theory_score == Decimal("0")
    assert scored_entries(application).count() == 1
    assert task.apply().get() == 0


def test_province_admins_grade_exam_essays_and_the_grade_then_reaches_the_application(
    make_exam, candidate, people,
):
    build_question(Kind.ESSAY, level="level-4", owner=people["trainer"], stem="案例分析", rubric="要点一 5分",
                   points="5")
    exam = make_exam(count=1, kind=Kind.ESSAY)
    application = LevelApplication.objects.get(applicant=candidate)
    attempt = services.start_attempt(candidate, exam)
    services.save_answers(attempt.pk, candidate, answers_for(attempt))
    services.finish_attempt(attempt.pk, user=candidate)
    assert not awaiting_items(people["trainer"]).exists()  # trainers grade their courses' quizzes only
    item = awaiting_items(people["province_admin"]).get()

    grading.grade_essay(item.pk, actor=people["province_admin"], score="4")

    application.refresh_from_db()
    assert application.theory_score == Decimal("80")
    with pytest.raises(AttemptError):
        grading.grade_essay(item.pk, actor=people["trainer"], score="5")
