"""The knowledge contest on the quiz engine: only the round's live entrants sit it, inside the round's window while
the competition runs; the best grade becomes the RoundEntry's score (0-100) with the time of the attempt that gave
it, written once however often grading runs; the organizers grade its attempts."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry

from competitions import registration
from competitions.contest import ContestPage
from competitions.hosts import ContestHost
from competitions.models import Competition, Round, RoundEntry
from quizzes import services
from quizzes.errors import AttemptError
from quizzes.hosts import host_for, quizzes_graded_by
from tests.quizzes.conftest import answers_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def entrant(skills, people):
    registration.register_counselor(people["jinan_counselor"], skills.pk)
    return people["jinan_counselor"]


@pytest.fixture
def knowledge_round(skills):
    return skills.rounds.get(sequence=1)


@pytest.fixture
def contest(make_contest, knowledge_round):
    return make_contest(knowledge_round, attempts_allowed=2)


def sit(user, contest, correct=True):
    attempt = services.start_attempt(user, contest)
    services.save_answers(attempt.pk, user, answers_for(attempt, correct=correct))
    return services.finish_attempt(attempt.pk, user=user)[0]


def round_entry(user, contest_round):
    return RoundEntry.objects.get(round=contest_round, entry__entrant=user)


def test_the_contest_page_has_the_contest_host_and_defaults(contest):
    assert isinstance(host_for(contest), ContestHost)
    fresh = ContestPage(title="新竞赛")
    assert fresh.attempts_allowed == 1 and fresh.time_limit_minutes == 30
    assert fresh.review_policy == ContestPage.ReviewPolicy.NEVER


def test_a_contest_needs_a_window_a_time_limit_and_a_knowledge_round(contest, skills):
    from django.core.exceptions import ValidationError

    contest.opens_at = None
    contest.time_limit_minutes = None
    contest.round = skills.rounds.get(sequence=2)
    with pytest.raises(ValidationError) as error:
        contest.full_clean()
    assert {"opens_at", "time_limit_minutes", "round"} <= set(error.value.message_dict)


@pytest.mark.parametrize("who", ["qingdao_counselor", "province_admin", "expert"])
def test_only_entrants_of_the_round_sit_the_contest(contest, entrant, people, who):
    with pytest.raises(AttemptError) as error:
        services.start_attempt(people[who], contest)
    assert error.value.code == "not_allowed"


def test_a_withdrawn_entrant_is_refused(contest, entrant):
    registration.withdraw(round_entry(entrant, contest.round).entry_id, entrant)
    with pytest.raises(AttemptError):
        services.start_attempt(entrant, contest)


@pytest.mark.parametrize("change", ["round_closed", "round_judging", "competition_finished", "round_not_open"])
def test_outside_the_window_the_contest_is_refused(contest, entrant, knowledge_round, skills, change):
    now = timezone.now()
    if change == "round_closed":
        Round.objects.filter(pk=knowledge_round.pk).update(closes_at=now - datetime.timedelta(minutes=1))
    elif change == "round_not_open":
        Round.objects.filter(pk=knowledge_round.pk).update(opens_at=now + datetime.timedelta(hours=1))
    elif change == "round_judging":
        Round.objects.filter(pk=knowledge_round.pk).update(status=Round.Status.JUDGING)
    else:
        Competition.objects.filter(pk=skills.pk).update(status=Competition.Status.FINISHED)
    with pytest.raises(AttemptError) as error:
        services.start_attempt(entrant, ContestPage.objects.get(pk=contest.pk))
    assert error.value.code == "not_allowed"


def test_the_grade_becomes_the_score_with_the_time_taken(contest, entrant, knowledge_round):
    attempt = sit(entrant, contest)
    assert attempt.percent == Decimal("100.00")
    row = round_entry(entrant, knowledge_round)
    assert row.score == Decimal("100.00")
    expected = int((attempt.submitted_at - attempt.started_at).total_seconds())
    assert row.seconds_taken == expected
    assert ModelLogEntry.objects.filter(action="competitions.round_entry.scored").count() == 1


def test_grading_again_writes_nothing(contest, entrant, knowledge_round):
    attempt = sit(entrant, contest)
    host = ContestHost()
    host.graded(attempt, attempt.percent)
    host.graded(attempt, attempt.percent)
    assert round_entry(entrant, knowledge_round).score == Decimal("100.00")
    assert ModelLogEntry.objects.filter(action="competitions.round_entry.scored").count() == 1


def test_the_best_grade_counts(contest, entrant, knowledge_round):
    first = sit(entrant, contest, correct=True)
    second = sit(entrant, contest, correct=False)
    assert second.percent < first.percent
    row = round_entry(entrant, knowledge_round)
    assert row.score == first.percent
    assert row.seconds_taken == int((first.submitted_at - first.started_at).total_seconds())


def test_a_worse_first_then_a_better_second_attempt(contest, entrant, knowledge_round):
    sit(entrant, contest, correct=False)
    assert round_entry(entrant, knowledge_round).score == Decimal("0.00")
    sit(entrant, contest, correct=True)
    assert round_entry(entrant, knowledge_round).score == Decimal("100.00")
    assert ModelLogEntry.objects.filter(action="competitions.round_entry.scored").count() == 2


def test_no_change_once_the_round_is_judged(contest, entrant, knowledge_round):
    attempt = sit(entrant, contest)
    RoundEntry.objects.filter(round=knowledge_round).update(score=Decimal("50"))
    Round.objects.filter(pk=knowledge_round.pk).update(status=Round.Status.PUBLISHED)
    ContestHost().graded(attempt, attempt.percent)
    assert round_entry(entrant, knowledge_round).score == Decimal("50.00")


def test_the_organizers_grade_the_contest(contest, people, tree):
    assert contest.pk in set(quizzes_graded_by(people["province_admin"]).values_list("pk", flat=True))
    assert not ContestHost().graded_by(people["jinan_admin"]).exists()  # a provincial competition
    assert not ContestHost().graded_by(people["jinan_counselor"]).exists()
