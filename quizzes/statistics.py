"""Item statistics of a quiz, over its graded attempts, in two queries whatever the number of attempts.

- Facility index: the mean share of the points that the counselors scored on the question (0–1; higher is easier).
- Discrimination index: the upper/lower 27% group method. Attempts are ranked by their total percentage; the top
  27% and the bottom 27% (at least one attempt each) form the groups; the index is the question's facility in the
  upper group minus its facility in the lower group (−1 … 1; 0.3 and above discriminates well). With random draws
  a question counts only in the attempts that served it; an index needs the question in both groups and at least
  four graded attempts in all, else it is left empty.
- Choice frequency: how often each choice (true and false for true-or-false questions) was picked, out of the
  attempts that served the question.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _

from .models import CHOICE_KINDS, Attempt, AttemptItem, Kind

GROUP_SHARE = Decimal("0.27")
MIN_ATTEMPTS = 4


@dataclass
class ChoiceStat:
    text: str
    correct: bool
    picked: int = 0
    share: float = 0.0


@dataclass
class QuestionStat:
    question_id: int
    stem: str
    kind: str
    kind_label: str = ""
    served: int = 0
    answered: int = 0
    facility: float | None = None
    discrimination: float | None = None
    choices: list[ChoiceStat] = field(default_factory=list)
    _fractions: dict = field(default_factory=dict, repr=False)
    _choice_index: dict = field(default_factory=dict, repr=False)


def _mean(values) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def quiz_statistics(quiz) -> dict:
    """{"attempts": n, "mean_percent": x, "questions": [QuestionStat, ...] in first-served order}."""
    ranked = list(
        Attempt.objects.graded().filter(quiz=quiz).order_by("-percent", "pk").values_list("pk", "percent")
    )
    count = len(ranked)
    group = max(1, int((GROUP_SHARE * count).to_integral_value())) if count else 0
    upper = {pk for pk, _percent in ranked[:group]}
    lower = {pk for pk, _percent in ranked[-group:]} if group else set()
    stats: dict[int, QuestionStat] = {}
    items = AttemptItem.objects.filter(attempt__quiz=quiz, attempt__status=Attempt.Status.GRADED).order_by(
        "attempt_id", "position"
    ).values_list("attempt_id", "question_id", "kind", "stem", "points", "score", "response", "choices",
                  "true_false_answer")
    for attempt_id, question_id, kind, stem, points, score, response, choices, key in items:
        stat = stats.get(question_id)
        if stat is None:
            stat = stats[question_id] = QuestionStat(question_id=question_id, stem=stem, kind=kind,
                                                     kind_label=Kind(kind).label)
            if kind in CHOICE_KINDS:
                stat.choices = [ChoiceStat(text=c["text"], correct=c["correct"]) for c in choices]
                stat._choice_index = {c["id"]: i for i, c in enumerate(choices)}
            elif kind == Kind.TRUE_FALSE:
                stat.choices = [ChoiceStat(text=_("True"), correct=key is True),
                                ChoiceStat(text=_("False"), correct=key is False)]
                stat._choice_index = {"true": 0, "false": 1}
        stat.served += 1
        if response not in (None, "", []):
            stat.answered += 1
        stat._fractions[attempt_id] = float(score or 0) / float(points) if points else 0.0
        picks = response if isinstance(response, list) else [response] if kind == Kind.TRUE_FALSE else []
        for pick in picks:
            index = stat._choice_index.get(pick)
            if index is not None:
                stat.choices[index].picked += 1
    for stat in stats.values():
        fractions = stat._fractions
        stat.facility = _mean(fractions.values())
        high = _mean(fractions[pk] for pk in upper if pk in fractions)
        low = _mean(fractions[pk] for pk in lower if pk in fractions)
        if count >= MIN_ATTEMPTS and high is not None and low is not None:
            stat.discrimination = high - low
        for choice in stat.choices:
            choice.share = choice.picked / stat.served if stat.served else 0.0
    return {
        "attempts": count,
        "mean_percent": _mean(float(percent) for _pk, percent in ranked),
        "questions": list(stats.values()),
        "group_size": group,
    }
