"""Scoring rules on the snapshot: single, multiple (all or nothing, partial), true/false, normalized blanks; grades."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from quizzes.models import Kind, QuizPage, Scoring
from quizzes.scoring import normalize, quiz_grade, score_item

CHOICES = [{"id": 1, "correct": True}, {"id": 2, "correct": True}, {"id": 3, "correct": False},
           {"id": 4, "correct": False}]


def item(kind, response, points="2", **fields):
    defaults = {"choices": CHOICES, "scoring": Scoring.ALL_OR_NOTHING, "true_false_answer": None,
                "accepted_answers": []}
    return SimpleNamespace(kind=kind, response=response, points=Decimal(points), **{**defaults, **fields})


@pytest.mark.parametrize(("text", "expected"), [
    ("ＡＢＣ　１２３", "abc123"), (" Holland 理论 ", "holland理论"), ("ＲＩＡＳＥＣ", "riasec"), ("九十", "九十"),
])
def test_normalize_folds_width_spaces_and_case(text, expected):
    assert normalize(text) == expected


def test_single_choice_is_right_or_wrong():
    single = [{"id": 1, "correct": True}, {"id": 2, "correct": False}]
    assert score_item(item(Kind.SINGLE, [1], choices=single)) == Decimal(2)
    assert score_item(item(Kind.SINGLE, [2], choices=single)) == 0
    assert score_item(item(Kind.SINGLE, None, choices=single)) == 0


def test_multiple_choice_all_or_nothing_needs_exactly_the_key():
    assert score_item(item(Kind.MULTIPLE, [1, 2])) == Decimal(2)
    assert score_item(item(Kind.MULTIPLE, [1])) == 0
    assert score_item(item(Kind.MULTIPLE, [1, 2, 3])) == 0


def test_multiple_choice_partial_credit_subtracts_wrong_picks_never_below_zero():
    partial = {"scoring": Scoring.PARTIAL}
    assert score_item(item(Kind.MULTIPLE, [1], **partial)) == Decimal("1.00")
    assert score_item(item(Kind.MULTIPLE, [1, 2], **partial)) == Decimal("2.00")
    assert score_item(item(Kind.MULTIPLE, [1, 3], **partial)) == Decimal("0.00")
    assert score_item(item(Kind.MULTIPLE, [3, 4], **partial)) == Decimal("0.00")


def test_true_false_and_fill_in_the_blank():
    assert score_item(item(Kind.TRUE_FALSE, "false", true_false_answer=False)) == Decimal(2)
    assert score_item(item(Kind.TRUE_FALSE, "true", true_false_answer=False)) == 0
    blank = {"accepted_answers": ["90", "九十"]}
    assert score_item(item(Kind.FILL_BLANK, " ９０ ", **blank)) == Decimal(2)
    assert score_item(item(Kind.FILL_BLANK, "九十", **blank)) == Decimal(2)
    assert score_item(item(Kind.FILL_BLANK, "", **blank)) == 0
    assert score_item(item(Kind.ESSAY, "……")) is None


def test_quiz_grade_by_method():
    percents = [Decimal(50), Decimal(90), Decimal(70)]
    assert quiz_grade(QuizPage.GradingMethod.HIGHEST, percents) == Decimal(90)
    assert quiz_grade(QuizPage.GradingMethod.LAST, percents) == Decimal(70)
    assert quiz_grade(QuizPage.GradingMethod.AVERAGE, percents) == Decimal("70.00")
    assert quiz_grade(QuizPage.GradingMethod.HIGHEST, []) is None
