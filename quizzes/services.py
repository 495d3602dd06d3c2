"""Attempts: starting, saving answers, finishing, grading, and completing the quiz as a course item.

The rules:
- Starting asks the quiz's host (quizzes.hosts: the course for a quiz under a course) to admit the counselor; the
  host locks the row that serialises their starts (the course enrollment), so two starts at once run one after the
  other: the second finds the first's open attempt and resumes it. The database backs this with unique constraints
  (attempt number per counselor and quiz; one open attempt per counselor and quiz).
- An answer is saved only while the attempt is open and before its deadline, under a lock on the attempt row, so
  no answer lands after the attempt was finished.
- Finishing is a conditional update from "in progress": of any number of submits (double clicks, two tabs, the
  overdue task) exactly one grades the attempt; the others get the finished attempt back.
- Each time an attempt is graded, the host gets the quiz grade (highest, last or average of the graded attempts):
  a course marks the quiz complete once it reaches the pass mark (courses.services.mark_item_complete, idempotent,
  credits the course once); other hosts record it where they need it.
Errors are `AttemptError` with a code ("not_allowed", "closed", "not_open", "no_attempts_left", "too_soon",
"bank_short", "no_questions", "finished", "deadline", "invalid"). Audit actions "quizzes.attempt.*" go to Wagtail's log.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from people.access import require_active

from .errors import AttemptError
from .hosts import host_for, quizzes_graded_by
from .models import CHOICE_KINDS, Attempt, AttemptItem, Kind, QuizPage
from .scoring import percent_of, quiz_grade, score_item
from .snapshots import SnapshotError, choose_questions, snapshot_items

S = Attempt.Status
MAX_TEXT = {Kind.FILL_BLANK: 200, Kind.ESSAY: 10000}


# --- reading ------------------------------------------------------------------------------------------------------


def attempts_of(user, quiz) -> list[Attempt]:
    return list(Attempt.objects.filter(quiz_id=quiz.pk, user_id=user.pk).order_by("number"))


def grade_of(quiz, attempts: list[Attempt]) -> Decimal | None:
    """The quiz grade over the given attempts (those not graded yet do not count)."""
    percents = [a.percent for a in sorted(attempts, key=lambda a: a.number) if a.status == S.GRADED]
    return quiz_grade(quiz.grading_method, percents)


def has_passed(quiz, attempts: list[Attempt]) -> bool:
    grade = grade_of(quiz, attempts)
    return grade is not None and grade >= quiz.pass_mark


def start_refusal(quiz, attempts: list[Attempt], now=None) -> AttemptError | None:
    """Why a new attempt may not start now (None when it may), given the counselor's attempts."""
    now = now or timezone.now()
    if quiz.opens_at and now < quiz.opens_at:
        when = date_format(timezone.localtime(quiz.opens_at), "DATETIME_FORMAT")
        return AttemptError(_("This quiz opens on %(when)s.") % {"when": when}, code="not_open")
    if quiz.is_closed(now):
        return AttemptError(_("This quiz is closed."), code="closed")
    if quiz.attempts_allowed and len(attempts) >= quiz.attempts_allowed:
        return AttemptError(_("You have used all %(count)s attempts of this quiz.") % {"count": quiz.attempts_allowed},
                            code="no_attempts_left")
    finished = [a.submitted_at for a in attempts if a.submitted_at]
    if quiz.min_gap_minutes and finished:
        next_start = max(finished) + timezone.timedelta(minutes=quiz.min_gap_minutes)
        if now < next_start:
            when = date_format(timezone.localtime(next_start), "DATETIME_FORMAT")
            return AttemptError(_("You may start your next attempt at %(when)s.") % {"when": when}, code="too_soon")
    return None


def may_review(quiz, now=None) -> bool:
    """Whether the review policy lets a counselor see the answers and feedback of a finished attempt now."""
    policy = quiz.ReviewPolicy
    if quiz.review_policy == policy.AFTER_SUBMIT:
        return True
    if quiz.review_policy in (policy.AFTER_CLOSE, policy.CORRECTNESS_UNTIL_CLOSE):
        return quiz.is_closed(now)
    return False


def may_see_correctness(quiz, now=None) -> bool:
    """Whether a counselor may see which of their answers were right (not what the right answers are) now."""
    return quiz.review_policy == quiz.ReviewPolicy.CORRECTNESS_UNTIL_CLOSE and not may_review(quiz, now)


KEY_EXPOSURE_FACTOR = 3


def small_draw_pools(quiz) -> list[tuple]:
    """(draw, pool size) for each random draw whose pool holds fewer than three times the questions it draws, when
    the answers are shown right after submitting: a learner then reads the key of most of the next attempt. Works on
    the draws held by the page in memory, so it sees unsaved drafts too (one query per draw)."""
    if quiz.review_policy != quiz.ReviewPolicy.AFTER_SUBMIT:
        return []
    small = []
    for draw in quiz.draws.all():
        pool = draw.matching().count()
        if pool < KEY_EXPOSURE_FACTOR * draw.count:
            small.append((draw, pool))
    return small


# --- starting -----------------------------------------------------------------------------------------------------


def start_attempt(user, quiz: QuizPage) -> Attempt:
    """Resume the counselor's open attempt, or start a new one with a snapshot of the questions as served, once
    the quiz's host admits them."""
    require_active(user)
    host = host_for(quiz)
    now = timezone.now()
    try:
        with transaction.atomic():
            enrollment = host.admit(user, quiz)
            open_attempt = Attempt.objects.open().filter(quiz=quiz, user=user).first()
            if open_attempt is not None:
                return open_attempt
            attempts = attempts_of(user, quiz)
            refusal = start_refusal(quiz, attempts, now)
            if refusal is not None:
                raise refusal
            deadline = None
            if quiz.time_limit_minutes:
                deadline = now + timezone.timedelta(minutes=quiz.time_limit_minutes)
            if quiz.closes_at and (deadline is None or quiz.closes_at < deadline):
                deadline = quiz.closes_at
            question_ids = choose_questions(quiz)
            number = (Attempt.objects.filter(quiz=quiz, user=user).aggregate(n=Max("number"))["n"] or 0) + 1
            attempt = Attempt.objects.create(
                quiz=quiz, user=user, enrollment=enrollment, number=number, quiz_title=quiz.title[:255],
                started_at=now, deadline=deadline,
            )
            items = snapshot_items(attempt, question_ids, shuffle_choices=quiz.shuffle_choices)
            Attempt.objects.filter(pk=attempt.pk).update(max_score=sum((i.points for i in items), Decimal(0)))
            host.started(attempt)
            log(attempt, "quizzes.attempt.started", user=user, data={"number": number})
    except SnapshotError as error:
        raise AttemptError(error.message, code=error.code) from error
    except IntegrityError:  # a start at the same moment on a database without row locks: resume it
        existing = Attempt.objects.open().filter(quiz=quiz, user=user).first()
        if existing is None:
            raise AttemptError(_("The attempt could not be started; try again."), code="invalid") from None
        return existing
    attempt.refresh_from_db()
    return attempt


# --- answering ----------------------------------------------------------------------------------------------------


def clean_response(item: AttemptItem, values: list[str]):
    """Turn the posted values of one question into the stored response, or raise AttemptError("invalid")."""
    values = [value.strip() for value in values if value is not None]
    if item.kind in CHOICE_KINDS:
        allowed = {choice["id"] for choice in item.choices}
        try:
            picked = sorted({int(value) for value in values if value})
        except ValueError:
            picked = None
        if picked is None or not set(picked) <= allowed or (item.kind == Kind.SINGLE and len(picked) > 1):
            raise AttemptError(_("Question %(n)s: that is not one of its choices.") % {"n": item.position},
                               code="invalid")
        return picked
    if item.kind == Kind.TRUE_FALSE:
        value = values[0] if values else ""
        if value not in ("", "true", "false"):
            raise AttemptError(_("Question %(n)s: answer true or false.") % {"n": item.position}, code="invalid")
        return value or None
    text = values[0] if values else ""
    if len(text) > MAX_TEXT[item.kind]:
        raise AttemptError(_("Question %(n)s: the answer is longer than %(max)s characters.")
                           % {"n": item.position, "max": MAX_TEXT[item.kind]}, code="invalid")
    return text


def save_answers(attempt_id: int, user, answers: dict[int, list[str]]) -> int:
    """Save the given answers ({item id: posted values}) of the user's open attempt; returns how many were saved.

    Refused once the attempt is finished or its deadline has passed (the attempt is then finished with what was
    saved before). Nothing is saved when any answer is invalid."""
    require_active(user)
    now = timezone.now()
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().filter(pk=attempt_id, user_id=user.pk).first()
        if attempt is None:
            raise AttemptError(_("This attempt does not exist."), code="invalid")
        if attempt.status != S.IN_PROGRESS:
            raise AttemptError(_("This attempt has already been submitted; answers can no longer change."),
                               code="finished")
        overdue = attempt.deadline is not None and now >= attempt.deadline
        if not overdue:
            items = {item.pk: item for item in AttemptItem.objects.filter(attempt=attempt, pk__in=list(answers))}
            if set(answers) - set(items):
                raise AttemptError(_("Some answers do not belong to this attempt."), code="invalid")
            changed = []
            for item_id, values in answers.items():
                item = items[item_id]
                item.response, item.answered_at = clean_response(item, values), now
                changed.append(item)
            AttemptItem.objects.bulk_update(changed, ["response", "answered_at"])
    if overdue:
        finish_attempt(attempt_id, finished_by=Attempt.FinishedBy.DEADLINE)
        raise AttemptError(_("Time is up: the attempt was finished with the answers saved before the deadline."),
                           code="deadline")
    return len(answers)


# --- finishing and grading ----------------------------------------------------------------------------------------


def finish_attempt(attempt_id: int, *, finished_by: str = Attempt.FinishedBy.LEARNER,
                   user=None) -> tuple[Attempt, bool]:
    """Submit an open attempt and grade what was saved; (attempt, True) only for the call that finished it.

    With `user`, only that counselor's attempt is finished (a submit, refused to an account that is not approved);
    without, any (the deadline task)."""
    attempts = Attempt.objects.filter(pk=attempt_id)
    if user is not None:
        require_active(user)
        attempts = attempts.filter(user_id=user.pk)
    now = timezone.now()
    with transaction.atomic():
        changed = attempts.filter(status=S.IN_PROGRESS).update(
            status=S.AWAITING_GRADING, submitted_at=now, finished_by=finished_by
        )
        attempt = attempts.select_related("quiz").first()
        if attempt is None:
            raise AttemptError(_("This attempt does not exist."), code="invalid")
        if not changed:
            return attempt, False
        items = list(attempt.items.all())
        for item in items:
            item.score = score_item(item)
        AttemptItem.objects.bulk_update(items, ["score"])
        log(attempt, "quizzes.attempt.submitted", user=user,
            data={"finished_by": finished_by, "number": attempt.number})
        recompute(attempt, items)
    return attempt, True


def recompute(attempt: Attempt, items: list[AttemptItem], *, actor=None) -> None:
    """Total the attempt's item scores; once every item has a score the attempt is graded and the quiz's host gets
    the new quiz grade (must run inside the transaction that changed the scores)."""
    if any(item.score is None for item in items):
        return
    score = sum((item.score for item in items), Decimal(0))
    max_score = sum((Decimal(item.points) for item in items), Decimal(0))
    was_graded = attempt.status == S.GRADED
    attempt.score, attempt.max_score, attempt.percent = score, max_score, percent_of(score, max_score)
    attempt.status, attempt.graded_at = S.GRADED, attempt.graded_at or timezone.now()
    Attempt.objects.filter(pk=attempt.pk).update(
        score=attempt.score, max_score=max_score, percent=attempt.percent, status=S.GRADED, graded_at=attempt.graded_at
    )
    if not was_graded:
        log(attempt, "quizzes.attempt.graded", user=actor,
            data={"score": str(score), "max_score": str(max_score), "percent": str(attempt.percent)})
    host_for(attempt.quiz).graded(attempt, grade_of(attempt.quiz, attempts_of(attempt.user, attempt.quiz)))


def finish_overdue(now=None) -> int:
    """Finish every open attempt whose deadline has passed, grading what was saved; returns how many."""
    finished = 0
    for attempt_id in Attempt.objects.overdue(now).values_list("pk", flat=True).order_by("pk")[:500]:
        _attempt, changed = finish_attempt(attempt_id, finished_by=Attempt.FinishedBy.DEADLINE)
        finished += changed
    return finished


def finish_if_overdue(attempt: Attempt) -> Attempt:
    """The attempt, finished first when its deadline has passed (the page a counselor opens never shows a
    running attempt past its deadline)."""
    if attempt.status == S.IN_PROGRESS and attempt.deadline and timezone.now() >= attempt.deadline:
        finish_attempt(attempt.pk, finished_by=Attempt.FinishedBy.DEADLINE)
        attempt.refresh_from_db()
    return attempt


def awaiting_items(user):
    """The essays waiting for hand grading in the quizzes the user grades, oldest submission first."""
    return AttemptItem.objects.filter(
        Q(score__isnull=True), kind=Kind.ESSAY, attempt__status=S.AWAITING_GRADING,
        attempt__quiz__in=quizzes_graded_by(user).values("pk"),
    ).order_by("attempt__submitted_at", "attempt_id", "position")
