"""Trainers' grading: hand grading of essays, and regrading after a key was corrected.

The rules: a trainer grades only the attempts of the quizzes they grade (quizzes.hosts: those of the courses they
teach, and what other hosts add); a score lies
between 0 and the points the question was served with. Regrading is explicit: editing a question never touches
past attempts; a trainer who corrected a key asks for a regrade, which copies the corrected key (choices marked
correct, the true/false answer, the accepted answers, the scoring rule) into the snapshots of that question,
recomputes the scores of finished attempts from their own snapshot and saved answers, audits every changed attempt
with its old and new score, and completes the quiz for those who now pass. Attempt rows are locked in id order.
"""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .errors import AttemptError
from .hosts import quizzes_graded_by
from .models import CHOICE_KINDS, Attempt, AttemptItem, Kind, Question
from .scoring import score_item
from .services import recompute

S = Attempt.Status


def grade_essay(item_id: int, *, actor, score, comment: str = "", rubric_scores=()) -> AttemptItem:
    """Score one essay answer (again, if it was scored before) and grade the attempt once all are scored;
    `rubric_scores` are the scores per rubric criterion that make up `score`, kept for the counselor to see."""
    try:
        value = Decimal(str(score)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise AttemptError(_("Enter the score as a number."), code="invalid") from None
    with transaction.atomic():
        item = AttemptItem.objects.filter(
            pk=item_id, kind=Kind.ESSAY, attempt__quiz__in=quizzes_graded_by(actor).values("pk")
        ).first()
        if item is None:
            raise AttemptError(_("This answer does not exist or is not in a course you teach."), code="not_found")
        attempt = Attempt.objects.select_for_update(of=("self",)).select_related("quiz", "user", "enrollment").get(
            pk=item.attempt_id
        )
        if attempt.status == S.IN_PROGRESS:
            raise AttemptError(_("This attempt has not been submitted yet."), code="invalid")
        if not Decimal(0) <= value <= item.points:
            raise AttemptError(_("The score must be between 0 and %(points)s.") % {"points": item.points},
                               code="invalid")
        before = item.score
        item.score, item.comment = value, (comment or "").strip()[:4000]
        item.rubric_scores = [str(part) for part in rubric_scores]
        item.graded_by, item.graded_at = actor, timezone.now()
        item.save(update_fields=["score", "comment", "rubric_scores", "graded_by", "graded_at"])
        log(attempt, "quizzes.attempt.essay_graded", user=actor, data={
            "position": item.position, "score": str(value), "before": None if before is None else str(before)})
        items = list(attempt.items.all())
        if attempt.status == S.GRADED:
            _rescore_graded(attempt, items, actor)
        else:
            recompute(attempt, items, actor=actor)
    return item


def _rescore_graded(attempt: Attempt, items: list[AttemptItem], actor) -> None:
    old = attempt.score
    recompute(attempt, items, actor=actor)
    if attempt.score != old:
        log(attempt, "quizzes.attempt.regraded", user=actor,
            data={"before": str(old), "after": str(attempt.score), "percent": str(attempt.percent)})


def regrade_question(question_id: int, *, actor) -> dict:
    """Carry the question's current key into every attempt that served it and rescore the finished ones.

    Returns {"items": answers updated, "attempts": finished attempts rescored, "changed": attempts whose score
    changed}. Only the question's author (or a province admin) may regrade it."""
    question = Question.objects.authored_by(actor).prefetch_related("choices").filter(pk=question_id).first()
    if question is None:
        raise AttemptError(_("This question does not exist or is not yours."), code="not_found")
    if question.kind == Kind.ESSAY:
        raise AttemptError(_("Essays are graded by hand; there is no key to regrade."), code="invalid")
    correct = {choice.pk: choice.is_correct for choice in question.choices.all()}
    result = {"items": 0, "attempts": 0, "changed": 0}
    with transaction.atomic():
        attempt_ids = list(
            AttemptItem.objects.filter(question=question).values_list("attempt_id", flat=True).distinct()
        )
        attempts = list(
            Attempt.objects.select_for_update(of=("self",)).select_related("quiz", "user", "enrollment")
            .filter(pk__in=attempt_ids).order_by("pk")
        )
        items = list(AttemptItem.objects.filter(attempt_id__in=attempt_ids).order_by("attempt_id", "position"))
        by_attempt: dict[int, list[AttemptItem]] = {}
        for item in items:
            by_attempt.setdefault(item.attempt_id, []).append(item)
            if item.question_id != question.pk or item.kind != question.kind:
                continue
            if item.kind in CHOICE_KINDS:
                item.choices = [{**choice, "correct": correct.get(choice["id"], choice["correct"])}
                                for choice in item.choices]
            item.true_false_answer = question.true_false_answer
            item.accepted_answers = question.accepted_list
            item.scoring = question.scoring
            result["items"] += 1
        for attempt in attempts:
            if attempt.status == S.IN_PROGRESS:
                continue
            for item in by_attempt[attempt.pk]:
                if item.question_id == question.pk and item.kind != Kind.ESSAY:
                    item.score = score_item(item)
            result["attempts"] += 1
        AttemptItem.objects.bulk_update(
            [item for item in items if item.question_id == question.pk],
            ["choices", "true_false_answer", "accepted_answers", "scoring", "score"],
        )
        for attempt in attempts:
            if attempt.status == S.IN_PROGRESS:
                continue
            old = attempt.score
            recompute(attempt, by_attempt[attempt.pk], actor=actor)
            if attempt.status == S.GRADED and attempt.score != old:
                result["changed"] += 1
                log(attempt, "quizzes.attempt.regraded", user=actor, data={
                    "question": question.pk, "before": None if old is None else str(old),
                    "after": str(attempt.score), "percent": str(attempt.percent)})
        log(question, "quizzes.question.regraded", user=actor, data=result)
    return result
