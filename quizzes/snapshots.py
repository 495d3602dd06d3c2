"""Choosing the questions of a new attempt and copying them, as served, into its rows.

The fixed questions come first (in their order), then each random draw picks its count among the bank questions
that match it and are not chosen yet; a draw whose pool is too small stops the start rather than serving a shorter
quiz. Shuffling (questions, choices) happens here, once: the served order is stored and never recomputed.
A fixed number of queries, whatever the number of questions: fixed ids, draws, one pool query per draw, the
questions with their choices, one bulk insert.
"""

import secrets

from django.utils.translation import gettext as _

from .models import CHOICE_KINDS, AttemptItem, Question, QuizPage


class SnapshotError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def choose_questions(quiz: QuizPage, rng=None) -> list[int]:
    """The ids of the questions to serve, in served order."""
    rng = rng or secrets.SystemRandom()
    chosen = list(quiz.fixed_questions.order_by("sort_order", "pk").values_list("question_id", flat=True))
    for draw in quiz.draws.select_related("topic", "level").order_by("sort_order", "pk"):
        pool = list(draw.matching().exclude(pk__in=chosen).values_list("pk", flat=True))
        if len(pool) < draw.count:
            raise SnapshotError(
                _("This quiz cannot start: the question bank holds %(have)s matching questions for a draw that "
                  "needs %(need)s. Tell the course team.") % {"have": len(pool), "need": draw.count},
                code="bank_short",
            )
        chosen.extend(rng.sample(pool, draw.count))
    if not chosen:
        raise SnapshotError(_("This quiz has no questions yet."), code="no_questions")
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    return chosen


def snapshot_items(attempt, question_ids: list[int], *, shuffle_choices: bool, rng=None) -> list[AttemptItem]:
    """Create the attempt's items: each question copied with its key, points and feedback as served."""
    rng = rng or secrets.SystemRandom()
    questions = Question.objects.prefetch_related("choices").in_bulk(question_ids)
    items = []
    for position, question_id in enumerate(question_ids, start=1):
        question = questions[question_id]
        choices = [
            {"id": choice.pk, "text": choice.text, "correct": choice.is_correct, "feedback": choice.feedback}
            for choice in sorted(question.choices.all(), key=lambda choice: (choice.sort_order or 0, choice.pk))
        ] if question.kind in CHOICE_KINDS else []
        if shuffle_choices:
            rng.shuffle(choices)
        items.append(AttemptItem(
            attempt=attempt, position=position, question=question, kind=question.kind, stem=question.stem,
            choices=choices, true_false_answer=question.true_false_answer,
            accepted_answers=question.accepted_list, scoring=question.scoring, points=question.points,
            explanation=question.explanation, rubric=question.rubric,
        ))
    return AttemptItem.objects.bulk_create(items)
