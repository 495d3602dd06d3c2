"""Scoring one answer against the key held in the attempt's snapshot, and the quiz grade over attempts.

Pure functions, no queries. The rules:
- single choice, true or false: full points when right, else 0;
- multiple choice, all or nothing: full points only when exactly the correct choices are picked;
- multiple choice, partial credit: points × (correct picks − wrong picks) ÷ number of correct choices, never below 0;
- fill in the blank: full points when the answer equals one accepted answer after normalizing (Unicode NFKC, so
  full-width letters, digits and punctuation equal half-width ones; all white space removed; case folded);
- essays are scored by hand (None here).
The quiz grade is the highest, the last or the average percentage of the graded attempts.
"""

import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from .models import Kind, QuizPage, Scoring

TWO_PLACES = Decimal("0.01")


def normalize(text) -> str:
    """Fold full-width to half-width, drop all white space (also the ideographic space), ignore case."""
    folded = unicodedata.normalize("NFKC", str(text or ""))
    return "".join(folded.split()).casefold()


def correct_ids(choices: list[dict]) -> set[int]:
    return {choice["id"] for choice in choices if choice.get("correct")}


def selected_ids(response) -> set[int]:
    if not isinstance(response, list):
        return set()
    return {value for value in response if isinstance(value, int)}


def score_item(item) -> Decimal | None:
    """The automatic score of an AttemptItem (or any object with the snapshot fields); None for essays."""
    points = Decimal(item.points)
    if item.kind == Kind.ESSAY:
        return None
    response = item.response
    if item.kind in (Kind.SINGLE, Kind.MULTIPLE):
        key, picked = correct_ids(item.choices), selected_ids(response)
        if item.kind == Kind.SINGLE or item.scoring == Scoring.ALL_OR_NOTHING:
            return points if picked and picked == key else Decimal(0)
        if not key:
            return Decimal(0)
        right, wrong = len(picked & key), len(picked - key)
        share = Decimal(max(0, right - wrong)) / Decimal(len(key))
        return (points * share).quantize(TWO_PLACES, ROUND_HALF_UP)
    if item.kind == Kind.TRUE_FALSE:
        if response not in ("true", "false") or item.true_false_answer is None:
            return Decimal(0)
        return points if (response == "true") == item.true_false_answer else Decimal(0)
    if item.kind == Kind.FILL_BLANK:
        given = normalize(response)
        accepted = {normalize(answer) for answer in item.accepted_answers}
        return points if given and given in accepted else Decimal(0)
    return Decimal(0)


def percent_of(score: Decimal, max_score: Decimal) -> Decimal:
    if not max_score:
        return Decimal(0)
    return (Decimal(100) * Decimal(score) / Decimal(max_score)).quantize(TWO_PLACES, ROUND_HALF_UP)


def quiz_grade(method: str, percents_in_order: list[Decimal]) -> Decimal | None:
    """The grade by the quiz's method over the graded attempts' percentages, oldest first; None without any."""
    if not percents_in_order:
        return None
    if method == QuizPage.GradingMethod.LAST:
        return percents_in_order[-1]
    if method == QuizPage.GradingMethod.AVERAGE:
        total = sum(percents_in_order, Decimal(0))
        return (total / len(percents_in_order)).quantize(TWO_PLACES, ROUND_HALF_UP)
    return max(percents_in_order)
