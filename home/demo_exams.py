"""Demo level exams: the level-exams folder and, for one assessment round, its theory exam (20 automatically graded
questions drawn from the demo bank at the round's level, 90 minutes, open from yesterday for a week) with finished
attempts of the first admitted applicants, one passing and one failing, so their theory scores reach their
applications through the exam's quiz host. The certification demo calls `build(round)` once the round has accepted
applicants. Idempotent: the folder, the exam and the attempts are made once.
"""

import datetime

from django.utils import timezone

from certification.services import accepted_applications
from exams.models import ExamIndexPage, ExamPage
from home.demo_quizzes import answer_share
from home.models import HomePage
from quizzes import services
from quizzes.models import Attempt, DrawKind, QuizDraw, QuizPage

SHARES = (0.9, 0.4)  # the share of questions answered right by the first admitted applicants
QUESTIONS = 20


def build_folder() -> ExamIndexPage:
    folder = ExamIndexPage.objects.first()
    if folder is None:
        folder = HomePage.objects.first().add_child(instance=ExamIndexPage(title="等级考试", slug="level-exams"))
    return folder


def build(exam_round) -> ExamPage | None:
    """The round's theory exam with a few attempts; None when the bank holds too few questions of its level."""
    exam = ExamPage.objects.filter(round=exam_round).first()
    if exam is None:
        draw = QuizDraw(level=exam_round.level, kind=DrawKind.OBJECTIVE, count=QUESTIONS)
        if draw.matching().count() < QUESTIONS:
            return None
        now = timezone.now()
        exam = build_folder().add_child(instance=ExamPage(
            title=f"{exam_round.level.name_zh}理论知识考试", slug=f"exam-round-{exam_round.pk}", round=exam_round,
            intro="本场考试为职业技能等级认定理论知识考试，共 20 题，满分 100 分，60 分合格。请在规定时间内独立作答。",
            opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=7),
        ))
        draw.quiz = exam
        draw.save()
        exam = ExamPage.objects.get(pk=exam.pk)
    take_attempts(exam)
    return exam


def take_attempts(exam: ExamPage) -> None:
    if Attempt.objects.filter(quiz_id=exam.pk).exists():
        return
    applications = accepted_applications(exam.round).select_related("applicant").order_by("pk")[: len(SHARES)]
    quiz = QuizPage.objects.get(pk=exam.pk)
    for application, share in zip(applications, SHARES, strict=False):
        attempt = services.start_attempt(application.applicant, quiz)
        services.save_answers(attempt.pk, application.applicant, answer_share(attempt, share))
        services.finish_attempt(attempt.pk, user=application.applicant)
