"""The fast track: the certification evaluator reads a published first prize of the provincial skills final through
the `competition_prize` requirement kind (registered by competitions), in a fixed number of queries."""

import json
from decimal import Decimal as D

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification.evaluator import evaluate, evaluate_many
from certification.models import RequirementSet
from competitions import ranking
from competitions.fast_track import CompetitionPrizeKind
from competitions.models import Competition, Round
from people.models import Role, User
from standards.models import Level
from tests.competitions.results_builders import make_competition, make_entry, make_round
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _years_group(evaluation):
    return next(group for group in evaluation.groups if any(r.kind == "competition_prize" for r in group.results))


def _published_final(tree, admin, entrants, *, organizer=None, kind=Competition.Kind.SKILLS):
    competition = make_competition(organizer or tree["province"], kind=kind)
    final = make_round(competition, format=Round.Format.KNOWLEDGE, first_prizes=1, second_prizes=1,
                       status=Round.Status.OPEN)
    for score, entrant in zip((D("95"), D("90"), D("60")), entrants, strict=False):
        make_entry(competition, final, entrant=entrant, organization=entrant.organization, score=score)
    ranking.rank_round(final, admin)
    Round.objects.filter(pk=final.pk).update(status=Round.Status.PUBLISHED, published_at=timezone.now())
    return final


def test_the_level_rules_name_the_fast_track_for_level_3_and_level_2():
    for code in ("level-3", "level-2"):
        newest = RequirementSet.objects.filter(level__code=code).order_by("-version").first()
        group = next(g for g in newest.groups if any(s["kind"] == "competition_prize" for s in g["requirements"]))
        assert group["mode"] == "any" and newest.version == 2
    assert not RequirementSet.objects.filter(level__code__in=["level-5", "level-4", "level-1"], version=2).exists()


def test_a_first_prize_meets_the_years_group_and_a_second_prize_does_not(tree, people):
    first, second = people["jinan_counselor"], people["qingdao_counselor"]
    User.objects.filter(pk__in=[first.pk, second.pk]).update(practising_since=timezone.localdate().replace(year=2024))
    first.refresh_from_db()
    second.refresh_from_db()
    _published_final(tree, people["province_admin"], [first, second])
    level_3 = Level.objects.get(code="level-3")
    met = _years_group(evaluate(first, level_3))
    assert met.met is True
    prize = next(r for r in met.results if r.kind == "competition_prize")
    assert prize.met and "山东省职业指导技能竞赛" in prize.have
    unmet = _years_group(evaluate(second, level_3))
    assert unmet.met is False
    json.dumps(evaluate(second, level_3).as_snapshot())  # an application keeps its snapshot as JSON


def test_unpublished_city_or_other_kind_prizes_do_not_count(tree, people):
    level_3 = Level.objects.get(code="level-3")
    User.objects.update(practising_since=timezone.localdate().replace(year=2024))
    first = User.objects.get(pk=people["jinan_counselor"].pk)
    competition = make_competition(tree["province"])
    final = make_round(competition, format=Round.Format.KNOWLEDGE, first_prizes=1, status=Round.Status.OPEN)
    make_entry(competition, final, entrant=first, organization=first.organization, score=D("99"))
    ranking.rank_round(final, people["province_admin"])  # ranked, in no publicity yet: not published
    assert _years_group(evaluate(first, level_3)).met is False
    other = UserFactory(organization=tree["jinan_agency"], roles=[Role.COUNSELOR], practising_since=None)
    _published_final(tree, people["province_admin"], [other], organizer=tree["jinan"])  # a city's own competition
    assert _years_group(evaluate(other, level_3)).met is False
    third = UserFactory(organization=tree["qingdao_agency"], roles=[Role.COUNSELOR], practising_since=None)
    _published_final(tree, people["province_admin"], [third], kind=Competition.Kind.GOLD_COURSE)
    assert _years_group(evaluate(third, level_3)).met is False


def test_the_label_reads_in_words():
    kind = CompetitionPrizeKind()
    spec = kind.clean({"competition": "skills", "prize": "first"})
    assert spec == {"kind": "competition_prize", "competition": "skills", "prize": "first", "final": True,
                    "provincial": True}
    level = Level.objects.get(code="level-3")
    from certification.evaluator import SharedFacts

    label = kind.label(spec, level, SharedFacts())
    assert "First prize" in label or "一等奖" in label
    with pytest.raises(ValueError):
        kind.clean({"prize": "gold"})


def test_the_evaluator_reads_prizes_in_fixed_queries(tree, people):
    def count(users):
        with CaptureQueriesContext(connection) as queries:
            evaluate_many(User.objects.filter(pk__in=[u.pk for u in users]))
        return len(queries)

    few = [UserFactory(organization=tree["jinan_agency"], roles=[Role.COUNSELOR])]
    _published_final(tree, people["province_admin"], few)
    many = [UserFactory(organization=tree["qingdao_agency"], roles=[Role.COUNSELOR]) for _ in range(6)]
    for start in range(0, 6, 3):
        _published_final(tree, people["province_admin"], many[start:start + 3])
    assert count(few) == count(few + many)
