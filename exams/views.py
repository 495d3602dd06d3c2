"""The counselor's side of the level exams: my exams (/exams/) and an exam's start screen (ExamPage.serve).

Thin callers of exams.services and the quiz engine; the attempt, answer and result pages are the quiz engine's own.
Both pages run a fixed number of queries whatever the number of exams, attempts and questions.
"""

from django.contrib.auth.decorators import login_required
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from quizzes import services as quizzes
from quizzes.models import Attempt
from quizzes.views import question_count

from . import services
from .models import ExamPage


def exam_page(request, exam: ExamPage):
    """The start screen: the rules and window, whether I am admitted, my attempt and grade, and the start button
    (only when admitted, within the window, with an attempt left)."""
    preview = getattr(request, "is_preview", False)
    exam_round = exam.round
    reason = None if preview else services.refusal(request.user, exam)
    attempts = quizzes.attempts_of(request.user, exam) if reason is None and not preview else []
    open_attempt = next((attempt for attempt in attempts if attempt.is_open), None)
    refusal = None
    if reason is None and open_attempt is None and not preview:
        error = quizzes.start_refusal(exam, attempts)
        refusal = error and error.message
    grade = quizzes.grade_of(exam, attempts)
    return TemplateResponse(request, "exams/exam_page.html", {
        "page": exam, "self": exam, "round": exam_round, "reason": reason, "preview": preview,
        "attempts": attempts, "open_attempt": open_attempt, "refusal": refusal, "grade": grade,
        "passed": grade is not None and grade >= exam.pass_mark, "question_count": question_count(exam),
        "Status": Attempt.Status, "attempts_left": max(0, exam.attempts_allowed - len(attempts)),
    })


@login_required
@require_GET
def my_exams(request):
    """The exams of the rounds I am admitted to: the window, my state, and a start button when it is open."""
    now = timezone.now()
    exams = services.my_exams(request.user)
    for exam in exams:
        exam.open_attempt = next((attempt for attempt in exam.my_attempts if attempt.is_open), None)
        exam.grade = quizzes.grade_of(exam, exam.my_attempts)
        exam.may_start = exam.open_attempt is None and quizzes.start_refusal(exam, exam.my_attempts, now) is None
        exam.not_yet = exam.opens_at is not None and now < exam.opens_at
    return TemplateResponse(request, "exams/my_exams.html", {"exams": exams, "Status": Attempt.Status})
