"""Site pages of a quiz: the start screen (QuizPage.serve), the attempt, saving and submitting, and the result.

Thin callers of quizzes.services. Every page runs a fixed number of queries whatever the number of questions: the
attempt's items are read in one query and carry everything the page shows (the snapshot). Answers are saved by a
plain form post (no JavaScript needed); static/js/quiz.js saves each answer as it changes through fetch, against
the same URL, and gets JSON back.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from courses import services as courses
from courses.models import Enrollment

from . import hosts, services
from .models import Attempt, Kind, QuizPage
from .rubrics import criteria
from .scoring import correct_ids, selected_ids
from .services import AttemptError

LETTERS = "ABCDEFGH"


def with_letters(items) -> list:
    """Label the served choices A, B, C ... in served order, and note which ones the counselor picked."""
    for item in items:
        item.picked = selected_ids(item.response)
        for index, choice in enumerate(item.choices):
            choice["letter"] = LETTERS[index] if index < len(LETTERS) else str(index + 1)
    return items


def question_count(quiz) -> int:
    """The number of questions an attempt serves: the fixed ones and every draw's count (two queries)."""
    fixed = quiz.fixed_questions.count()
    drawn = quiz.draws.aggregate(total=Sum("count"))["total"] or 0
    return fixed + drawn


def quiz_page(request, quiz: QuizPage):
    """The start screen: the rules, my attempts and grade, and the button to start or continue."""
    course = quiz.get_course()
    preview = getattr(request, "is_preview", False)
    enrollment, reason, attempts = None, None, []
    if not preview:
        enrollment, reason = courses.item_access(request.user, quiz, course=course)
        if enrollment is not None and request.user.is_authenticated:
            attempts = services.attempts_of(request.user, quiz)
    open_attempt = next((attempt for attempt in attempts if attempt.is_open), None)
    refusal = services.start_refusal(quiz, attempts) if reason is None and open_attempt is None else None
    grade = services.grade_of(quiz, attempts)
    return TemplateResponse(request, "quizzes/quiz_page.html", {
        "page": quiz, "self": quiz, "course": course, "enrollment": enrollment, "reason": reason,
        "attempts": attempts, "open_attempt": open_attempt, "refusal": refusal and refusal.message,
        "grade": grade, "passed": grade is not None and grade >= quiz.pass_mark,
        "question_count": question_count(quiz), "preview": preview, "Status": Attempt.Status,
        "attempts_left": max(0, quiz.attempts_allowed - len(attempts)) if quiz.attempts_allowed else None,
    })


@login_required
@require_POST
def start(request, quiz_id):
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    try:
        attempt = services.start_attempt(request.user, quiz)
    except AttemptError as error:
        messages.error(request, error.message)
        return redirect(quiz.get_url(request))
    return redirect("quizzes:attempt", attempt_id=attempt.pk)


def _my_attempt(request, attempt_id) -> Attempt:
    attempt = Attempt.objects.select_related("quiz").filter(pk=attempt_id, user_id=request.user.pk).first()
    if attempt is None:
        raise Http404
    return attempt


@login_required
@require_GET
def attempt_page(request, attempt_id):
    """The questions of an open attempt with the answers saved so far; a finished one goes to its result."""
    attempt = services.finish_if_overdue(_my_attempt(request, attempt_id))
    if not attempt.is_open:
        return redirect("quizzes:result", attempt_id=attempt.pk)
    items = with_letters(list(attempt.items.all()))
    return TemplateResponse(request, "quizzes/attempt.html", {
        "attempt": attempt, "quiz": attempt.quiz, "items": items, "Kind": Kind,
        "seconds_left": attempt.seconds_left(), "answered": sum(1 for item in items if item.response not in
                                                                 (None, "", [])),
    })


def posted_answers(post) -> dict[int, list[str]]:
    """{item id: posted values} for the questions named in the form's "present" fields."""
    answers = {}
    for raw in post.getlist("present"):
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 18):  # a database id, never out of its range
            raise AttemptError(_("The answers could not be read; reload the page."), code="invalid")
        item_id = int(raw)
        answers[item_id] = post.getlist(f"q-{item_id}")
    return answers


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


@login_required
@require_POST
def answer(request, attempt_id):
    """Save the posted answers ("save") or save them and submit the attempt ("submit"); idempotent submit."""
    attempt = _my_attempt(request, attempt_id)
    submit = request.POST.get("action") == "submit"
    try:
        saved = services.save_answers(attempt.pk, request.user, posted_answers(request.POST))
    except AttemptError as error:
        if _wants_json(request):
            status = 409 if error.code in ("finished", "deadline") else 400
            return JsonResponse({"saved": 0, "error": error.message, "code": error.code}, status=status)
        if error.code == "invalid":
            messages.error(request, error.message)
            return redirect("quizzes:attempt", attempt_id=attempt.pk)
        messages.warning(request, error.message)
        if not submit:
            return redirect("quizzes:result", attempt_id=attempt.pk)
        saved = 0
    if _wants_json(request):
        return JsonResponse({"saved": saved, "at": timezone.localtime().strftime("%H:%M:%S")})
    if not submit:
        messages.success(request, _("Your answers are saved."))
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    _attempt, finished = services.finish_attempt(attempt.pk, user=request.user)
    if finished:
        messages.success(request, _("Your attempt has been submitted."))
    return redirect("quizzes:result", attempt_id=attempt.pk)


@login_required
@require_GET
def result(request, attempt_id):
    """A finished attempt: the score (once graded) and, as the review policy allows, the answers and feedback, or
    only which questions were answered right (never the key) until the quiz closes."""
    attempt = services.finish_if_overdue(_my_attempt(request, attempt_id))
    if attempt.is_open:
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    quiz = attempt.quiz
    shown = hosts.scores_shown(attempt)
    review = shown and services.may_review(quiz)
    correctness = shown and services.may_see_correctness(quiz)
    items = with_letters(list(attempt.items.all())) if review or correctness else []
    for item in items if review else []:  # the key, feedback and rubric only when the answers may be shown
        item.key = correct_ids(item.choices)
        item.picked_feedback = [c["feedback"] for c in item.choices if c["id"] in item.picked and c["feedback"]]
        parts = criteria(item.rubric, item.points) if item.rubric_scores else []
        matched = parts and len(parts) == len(item.rubric_scores)
        item.criterion_scores = [(text, points, score) for (text, points), score in
                                 zip(parts, item.rubric_scores, strict=True)] if matched else []
    attempts = services.attempts_of(request.user, quiz)
    grade = services.grade_of(quiz, attempts)
    enrollment = Enrollment.objects.filter(pk=attempt.enrollment_id).select_related("course").first()
    return TemplateResponse(request, "quizzes/result.html", {
        "attempt": attempt, "quiz": quiz, "items": items, "review": review, "correctness": correctness, "Kind": Kind,
        "Status": Attempt.Status, "scores_shown": shown,
        "grade": grade if shown else None, "passed": grade is not None and grade >= quiz.pass_mark,
        "attempt_passed": attempt.percent is not None and attempt.percent >= quiz.pass_mark,
        "enrollment": enrollment, "course_completed": enrollment is not None
        and enrollment.status == Enrollment.Status.COMPLETED,
    })
