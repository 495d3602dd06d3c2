"""Attempts: the snapshot, resuming, limits, saving, the server's deadline, idempotent submit, passing completes
the quiz and the course once, editing a question changes no past score, explicit audited regrading."""

from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from courses.models import CourseItemProgress, Enrollment
from cpd.models import CreditEntry
from quizzes import grading, services
from quizzes.models import Attempt, Choice, Kind, QuizDraw
from quizzes.services import AttemptError
from quizzes.tasks import finish_overdue_attempts
from tests.quizzes.conftest import answers_for, build_question


def actions(attempt, action):
    return ModelLogEntry.objects.filter(object_id=str(attempt.pk), action=action).count()


def test_start_snapshots_the_questions_as_served(quiz, counselor):
    attempt = services.start_attempt(counselor, quiz)
    items = list(attempt.items.order_by("position"))
    assert attempt.number == 1 and attempt.status == Attempt.Status.IN_PROGRESS
    assert [item.kind for item in items] == [Kind.SINGLE, Kind.MULTIPLE, Kind.TRUE_FALSE, Kind.FILL_BLANK]
    assert items[0].choices[0] == {"id": items[0].choices[0]["id"], "text": "建立信任", "correct": True,
                                   "feedback": "反馈0"}
    assert items[3].accepted_answers == ["90", "九十"]
    assert attempt.max_score == Decimal(5)
    assert actions(attempt, "quizzes.attempt.started") == 1


def test_starting_again_resumes_the_open_attempt(quiz, counselor):
    first = services.start_attempt(counselor, quiz)
    assert services.start_attempt(counselor, quiz).pk == first.pk
    assert Attempt.objects.count() == 1


def test_random_draws_pick_matching_questions_and_refuse_a_short_bank(course, make_quiz, counselor, people):
    for _ in range(4):
        build_question(topic="PLAN", level="level-4", owner=people["trainer"])
    build_question(topic="PLAN", level="level-5")
    quiz = make_quiz(course, draws=[{"topic_id": _topic("PLAN"), "level_id": _level("level-4"), "count": 3}],
                     shuffle_questions=True, shuffle_choices=True)
    attempt = services.start_attempt(counselor, quiz)
    assert attempt.items.count() == 3
    assert set(attempt.items.values_list("question__level__code", flat=True)) == {"level-4"}
    QuizDraw.objects.filter(quiz=quiz).update(count=9)
    services.finish_attempt(attempt.pk, user=counselor)
    with pytest.raises(AttemptError) as error:
        services.start_attempt(counselor, quiz)
    assert error.value.code == "bank_short"


def _topic(code):
    from standards.models import Topic

    return Topic.objects.get(code=code).pk


def _level(code):
    from standards.models import Level

    return Level.objects.get(code=code).pk


def test_attempt_limit_and_gap(quiz, counselor):
    quiz.attempts_allowed, quiz.min_gap_minutes = 2, 30
    quiz.save()
    first = services.start_attempt(counselor, quiz)
    services.finish_attempt(first.pk, user=counselor)
    with pytest.raises(AttemptError) as error:
        services.start_attempt(counselor, quiz)
    assert error.value.code == "too_soon"
    Attempt.objects.filter(pk=first.pk).update(submitted_at=timezone.now() - timezone.timedelta(hours=1))
    second = services.start_attempt(counselor, quiz)
    assert second.number == 2
    services.finish_attempt(second.pk, user=counselor)
    Attempt.objects.filter(pk=second.pk).update(submitted_at=timezone.now() - timezone.timedelta(hours=1))
    with pytest.raises(AttemptError) as error:
        services.start_attempt(counselor, quiz)
    assert error.value.code == "no_attempts_left"


def test_closed_quiz_and_unenrolled_people_cannot_start(quiz, counselor, people):
    with pytest.raises(AttemptError) as error:
        services.start_attempt(people["qingdao_counselor"], quiz)
    assert error.value.code == "not_allowed"
    quiz.closes_at = timezone.now() - timezone.timedelta(minutes=1)
    quiz.save()
    with pytest.raises(AttemptError) as error:
        services.start_attempt(counselor, quiz)
    assert error.value.code == "closed"


def test_passing_submit_grades_once_and_completes_the_course_once(quiz, counselor):
    attempt = services.start_attempt(counselor, quiz)
    services.save_answers(attempt.pk, counselor, answers_for(attempt))
    _finished, changed = services.finish_attempt(attempt.pk, user=counselor)
    _again, changed_again = services.finish_attempt(attempt.pk, user=counselor)
    assert (changed, changed_again) == (True, False)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.percent == Decimal(100)
    assert actions(attempt, "quizzes.attempt.submitted") == 1
    assert actions(attempt, "quizzes.attempt.graded") == 1
    enrollment = Enrollment.objects.get(user=counselor)
    assert enrollment.status == Enrollment.Status.COMPLETED
    assert CourseItemProgress.objects.filter(enrollment=enrollment, completed_at__isnull=False).count() == 2
    assert CreditEntry.objects.filter(counselor=counselor).count() == 1


def test_failing_attempt_does_not_complete(quiz, counselor):
    attempt = services.start_attempt(counselor, quiz)
    services.save_answers(attempt.pk, counselor, answers_for(attempt, correct=False))
    services.finish_attempt(attempt.pk, user=counselor)
    attempt.refresh_from_db()
    assert attempt.percent == 0
    assert Enrollment.objects.get(user=counselor).status == Enrollment.Status.ACTIVE


def test_answers_are_refused_after_submit_and_after_the_deadline(quiz, counselor):
    quiz.time_limit_minutes = 10
    quiz.save()
    attempt = services.start_attempt(counselor, quiz)
    answers = answers_for(attempt)
    first_item = next(iter(answers))
    services.save_answers(attempt.pk, counselor, {first_item: answers[first_item]})
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timezone.timedelta(seconds=1))
    with pytest.raises(AttemptError) as error:
        services.save_answers(attempt.pk, counselor, answers)
    assert error.value.code == "deadline"
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.finished_by == Attempt.FinishedBy.DEADLINE
    assert attempt.items.exclude(pk=first_item).filter(response__isnull=False).count() == 0
    assert attempt.score == Decimal(1)
    with pytest.raises(AttemptError) as error:
        services.save_answers(attempt.pk, counselor, answers)
    assert error.value.code == "finished"


def test_invalid_answers_change_nothing(quiz, counselor):
    attempt = services.start_attempt(counselor, quiz)
    single = attempt.items.get(kind=Kind.SINGLE)
    blank = attempt.items.get(kind=Kind.FILL_BLANK)
    for bad in ({single.pk: ["999999"]}, {single.pk: ["abc"]}, {blank.pk: ["x" * 201]}, {123456789: ["1"]}):
        with pytest.raises(AttemptError):
            services.save_answers(attempt.pk, counselor, {blank.pk: ["90"], **bad})
    assert attempt.items.filter(response__isnull=False).count() == 0


def test_the_overdue_task_finishes_and_grades_what_was_saved(quiz, counselor):
    quiz.time_limit_minutes = 5
    quiz.save()
    attempt = services.start_attempt(counselor, quiz)
    services.save_answers(attempt.pk, counselor, answers_for(attempt))
    assert finish_overdue_attempts() == 0
    Attempt.objects.filter(pk=attempt.pk).update(deadline=timezone.now() - timezone.timedelta(seconds=1))
    assert finish_overdue_attempts() == 1
    assert finish_overdue_attempts() == 0
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.percent == Decimal(100)


def test_editing_a_question_changes_no_past_score_until_an_explicit_regrade(quiz, counselor, people):
    attempt = services.start_attempt(counselor, quiz)
    services.save_answers(attempt.pk, counselor, answers_for(attempt, correct=False))
    services.finish_attempt(attempt.pk, user=counselor)
    attempt.refresh_from_db()
    assert attempt.score == 0
    single = attempt.items.get(kind=Kind.SINGLE)
    question = single.question
    picked = single.response[0]
    # The author corrects the key (the counselor's pick was right after all) and rewrites the stem.
    Choice.objects.filter(question=question).update(is_correct=False)
    Choice.objects.filter(pk=picked).update(is_correct=True)
    question.stem = "改写后的题干"
    question.points = Decimal(5)
    question.save()
    attempt.refresh_from_db()
    single.refresh_from_db()
    assert attempt.score == 0 and single.stem == "建立咨询关系的首要条件是（　）。" and single.points == 1

    result = grading.regrade_question(question.pk, actor=people["trainer"])
    assert result == {"items": 1, "attempts": 1, "changed": 1}
    attempt.refresh_from_db()
    single.refresh_from_db()
    assert attempt.score == Decimal(1) and single.score == Decimal(1)
    assert single.stem == "建立咨询关系的首要条件是（　）。" and single.points == 1
    assert actions(attempt, "quizzes.attempt.regraded") == 1


def test_only_the_author_or_a_province_admin_regrades(quiz, people):
    question = quiz.fixed_questions.first().question
    with pytest.raises(AttemptError):
        grading.regrade_question(question.pk, actor=people["jinan_admin"])
    assert grading.regrade_question(question.pk, actor=people["province_admin"])["items"] == 0


def test_a_pass_reached_by_regrading_completes_the_quiz(course, make_quiz, counselor, people):
    question = build_question(Kind.TRUE_FALSE, owner=people["trainer"], true_false_answer=False)
    quiz = make_quiz(course, questions=[question])
    attempt = services.start_attempt(counselor, quiz)
    item = attempt.items.get()
    services.save_answers(attempt.pk, counselor, {item.pk: ["true"]})
    services.finish_attempt(attempt.pk, user=counselor)
    assert Enrollment.objects.get(user=counselor).status == Enrollment.Status.ACTIVE
    question.true_false_answer = True
    question.save()
    grading.regrade_question(question.pk, actor=people["trainer"])
    assert Enrollment.objects.get(user=counselor).status == Enrollment.Status.COMPLETED


def test_essays_wait_for_hand_grading_in_the_teachers_queue(course, make_quiz, counselor, people):
    essay = build_question(Kind.ESSAY, owner=people["trainer"], rubric="1. 要点（5分）", points="10")
    single = build_question(Kind.SINGLE, owner=people["trainer"])
    quiz = make_quiz(course, questions=[single, essay])
    attempt = services.start_attempt(counselor, quiz)
    services.save_answers(attempt.pk, counselor, answers_for(attempt))
    services.finish_attempt(attempt.pk, user=counselor)
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.AWAITING_GRADING and attempt.score is None
    queued = list(services.awaiting_items(people["trainer"]))
    assert [item.kind for item in queued] == [Kind.ESSAY]
    assert list(services.awaiting_items(people["jinan_admin"])) == []
    with pytest.raises(AttemptError):
        grading.grade_essay(queued[0].pk, actor=people["jinan_admin"], score=5)
    with pytest.raises(AttemptError) as error:
        grading.grade_essay(queued[0].pk, actor=people["trainer"], score=11)
    assert error.value.code == "invalid"
    grading.grade_essay(queued[0].pk, actor=people["trainer"], score="8", comment="要点齐全")
    attempt.refresh_from_db()
    assert attempt.status == Attempt.Status.GRADED and attempt.score == Decimal(9)
    assert attempt.percent == Decimal("81.82")
    assert Enrollment.objects.get(user=counselor).status == Enrollment.Status.COMPLETED
    assert list(services.awaiting_items(people["trainer"])) == []


@pytest.mark.parametrize(("policy", "closed", "expected"), [
    ("after_submit", False, True), ("after_close", False, False), ("after_close", True, True), ("never", True, False),
])
def test_review_policy(quiz, policy, closed, expected):
    quiz.review_policy = policy
    quiz.closes_at = timezone.now() - timezone.timedelta(minutes=1) if closed else None
    assert services.may_review(quiz) is expected
