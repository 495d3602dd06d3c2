"""Ranking: the order with each tie rule, dropped extremes, advancement per city (top N, top share, a tie at the
cut-off), prizes with ties at a boundary, and rank_round writing it all and seating the next round once."""

import datetime
from decimal import Decimal as D

import pytest

from competitions import ranking
from competitions.judging import JudgingError, assign_round_panels
from competitions.models import Round, RoundEntry
from competitions.ranking import Contender, advancing, order, prizes
from tests.competitions.results_builders import make_competition, make_entry, make_round, pool, score_all
from tests.experts.builders import make_rubric

T0 = datetime.datetime(2025, 3, 1, 8, 0, tzinfo=datetime.UTC)


def c(key, score, **kwargs):
    return Contender(key=key, score=D(score), **kwargs)


# --- the pure functions --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("tie_break", "contenders", "expected"), [
    # SHARED: competition ranking 1, 1, 3
    (Round.TieBreak.SHARED, [c(1, "90"), c(2, "95"), c(3, "90"), c(4, "80")], {2: 1, 1: 2, 3: 2, 4: 4}),
    # TOP_CRITERION: the heavier criterion separates equal scores; equal on both stays shared
    (Round.TieBreak.TOP_CRITERION,
     [c(1, "90", top_criterion=D("30")), c(2, "90", top_criterion=D("35")), c(3, "90", top_criterion=D("30")),
      c(4, "91", top_criterion=D("10"))],
     {4: 1, 2: 2, 1: 3, 3: 3}),
    # FASTER: less time first, no time counts as slowest, equal time shared
    (Round.TieBreak.FASTER,
     [c(1, "80", seconds=600), c(2, "80", seconds=500), c(3, "80"), c(4, "80", seconds=500)],
     {2: 1, 4: 1, 1: 3, 3: 4}),
    # EARLIER: earlier registration first
    (Round.TieBreak.EARLIER,
     [c(1, "70", registered_at=T0 + datetime.timedelta(hours=2)), c(2, "70", registered_at=T0),
      c(3, "75", registered_at=T0 + datetime.timedelta(hours=5))],
     {3: 1, 2: 2, 1: 3}),
])
def test_order_breaks_ties_by_the_rounds_rule(tie_break, contenders, expected):
    assert order(contenders, tie_break) == expected


def test_order_ranks_each_city_separately():
    contenders = [c(1, "90", group="jinan"), c(2, "80", group="jinan"), c(3, "70", group="qingdao"),
                  c(4, "95", group="qingdao")]
    assert order(contenders, Round.TieBreak.SHARED) == {1: 1, 2: 2, 4: 1, 3: 2}


@pytest.mark.parametrize(("advance", "count", "share", "ranks", "expected"), [
    # top 2 per city: 1, 2, 3 in city a, 4, 5 in city b
    (Round.Advance.TOP_N, 2, None, {1: 1, 2: 2, 3: 3, 4: 1, 5: 2}, {1, 2, 4, 5}),
    # top 2, a tie at the cut-off advances everyone tied
    (Round.Advance.TOP_N, 2, None, {1: 1, 2: 2, 3: 2, 4: 4}, {1, 2, 3}),
    # top 30 % of 5 = ceil(1.5) = 2 places
    (Round.Advance.TOP_SHARE, None, 30, {1: 1, 2: 2, 3: 3, 4: 4, 5: 5}, {1, 2}),
    # top 50 % of 4 = 2 places, ranks 1, 2, 2, 4: three advance
    (Round.Advance.TOP_SHARE, None, 50, {1: 1, 2: 2, 3: 2, 4: 4}, {1, 2, 3}),
    # a count above the number ranked advances everyone
    (Round.Advance.TOP_N, 10, None, {1: 1, 2: 2}, {1, 2}),
    (Round.Advance.NONE, None, None, {1: 1, 2: 2}, set()),
])
def test_advancing_is_decided_per_ranking_with_ties_at_the_cut_off(advance, count, share, ranks, expected):
    two_cities = ranks.get(4) == 1
    groups = {key: "b" if two_cities and key > 3 else "a" for key in ranks}
    assert advancing(ranks, groups, advance, count=count, share=share) == expected


def test_top_share_is_counted_per_city():
    ranks = {1: 1, 2: 2, 3: 3, 4: 4, 5: 1, 6: 2}
    groups = {1: "jinan", 2: "jinan", 3: "jinan", 4: "jinan", 5: "qingdao", 6: "qingdao"}
    # 25 % of 4 in Jinan = 1 place; 25 % of 2 in Qingdao = ceil(0.5) = 1 place
    assert advancing(ranks, groups, Round.Advance.TOP_SHARE, share=25) == {1, 5}


P = RoundEntry.Prize


@pytest.mark.parametrize(("ranks", "counts", "expected"), [
    ({1: 1, 2: 2, 3: 3, 4: 4, 5: 5}, (1, 2, 1, 1), {1: P.FIRST, 2: P.SECOND, 3: P.SECOND, 4: P.THIRD, 5: P.MERIT}),
    # two tied for first with one first prize: both get it; the second prizes start after place 1 + 1
    ({1: 1, 2: 1, 3: 3, 4: 4}, (1, 1, 1, 0), {1: P.FIRST, 2: P.FIRST, 3: P.THIRD}),
    # a tie across the second/third boundary shares the higher prize
    ({1: 1, 2: 2, 3: 3, 4: 3, 5: 5}, (1, 2, 2, 0), {1: P.FIRST, 2: P.SECOND, 3: P.SECOND, 4: P.SECOND, 5: P.THIRD}),
    # no second prizes: the third prizes follow the first directly
    ({1: 1, 2: 2, 3: 3}, (1, 0, 1, 0), {1: P.FIRST, 2: P.THIRD}),
    ({1: 1}, (0, 0, 0, 0), {}),
])
def test_prizes_with_ties_at_a_boundary(ranks, counts, expected):
    assert prizes(ranks, counts) == expected


# --- rank_round on the database ----------------------------------------------------------------------------------


@pytest.fixture
def final(tree, people):
    competition = make_competition(tree["province"])
    round_ = make_round(competition, first_prizes=1, second_prizes=1, third_prizes=1, status=Round.Status.JUDGING)
    return round_


def test_rank_round_with_dropped_extremes_from_the_panels(tree, people, final):
    """Five judges, highest and lowest dropped: 60/80/80/80/100 → 80; 70/75/75/75/99 → 75 (a mean with extremes
    would be 78.8)."""
    final.panel_size, final.drop_extremes = 5, True
    final.save()
    pool(tree, 5)
    a = make_entry(final.competition, final, entrant=people["jinan_counselor"], organization=tree["jinan_agency"])
    b = make_entry(final.competition, final, entrant=people["qingdao_counselor"], organization=tree["qingdao_agency"])
    report = assign_round_panels(final, people["province_admin"])
    assert len(report.seated) == 2 and not report.failed
    panels = {panel.object_id: panel for panel in report.seated}
    score_all(panels[a.pk], [60, 80, 80, 80, 100])
    score_all(panels[b.pk], [99, 75, 75, 75, 70])
    summary = ranking.rank_round(final, people["province_admin"])
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.score, a.rank, a.prize) == (D("80.00"), 1, P.FIRST)
    assert (b.score, b.rank, b.prize) == (D("75.00"), 2, P.SECOND)
    assert summary == {"ranked": 2, "advanced": 0, "prizes": 2}


def test_top_criterion_breaks_a_tie_from_the_panels_scores(tree, people, final):
    rubric = make_rubric(name="两项", criteria=(("方案", 60, 100), ("表达", 40, 100)))
    final.rubric, final.tie_break, final.panel_size = rubric, Round.TieBreak.TOP_CRITERION, 1
    final.save()
    judge = pool(tree, 1)[0]
    a = make_entry(final.competition, final, entrant=people["jinan_counselor"], organization=tree["jinan_agency"])
    b = make_entry(final.competition, final, entrant=people["qingdao_counselor"], organization=tree["qingdao_agency"])
    report = assign_round_panels(final, people["province_admin"])
    from experts.services import submit_score

    criteria = list(rubric.criteria.order_by("sort_order"))
    seats = {p.object_id: p.seats.get() for p in report.seated}
    # both total 80: a has 80/80, b has 90 on the heavier criterion and 65 on the lighter one
    submit_score(seats[a.pk].pk, user=judge.user, scores={criteria[0].pk: 80, criteria[1].pk: 80})
    submit_score(seats[b.pk].pk, user=judge.user, scores={criteria[0].pk: 90, criteria[1].pk: D("65")})
    ranking.rank_round(final, people["province_admin"])
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.score == b.score == D("80.00")
    assert (b.rank, a.rank) == (1, 2)


def test_rank_round_advances_per_city_and_seats_the_next_round_once(tree, people):
    competition = make_competition(tree["province"])
    prelim = make_round(competition, sequence=1, name="市级初赛", format=Round.Format.KNOWLEDGE, per_city=True,
                        advance=Round.Advance.TOP_N, advance_count=1, status=Round.Status.OPEN)
    final_round = make_round(competition, sequence=2, name="省级决赛")
    rows = [
        make_entry(competition, prelim, entrant=people["jinan_counselor"], organization=tree["jinan_agency"],
                   score=D("90")),
        make_entry(competition, prelim, title="济南二", organization=tree["jinan_university"],
                   registered_by=people["jinan_admin"], score=D("85")),
        make_entry(competition, prelim, entrant=people["qingdao_counselor"], organization=tree["qingdao_agency"],
                   score=D("70")),
        make_entry(competition, prelim, title="青岛二", organization=tree["qingdao_university"],
                   registered_by=people["qingdao_admin"], score=D("70")),
        make_entry(competition, prelim, title="缺考", organization=tree["qingdao_university"],
                   registered_by=people["qingdao_admin"], absent=True),
    ]
    for _ in range(2):
        ranking.rank_round(prelim, people["province_admin"])
    ranks = dict(RoundEntry.objects.filter(round=prelim).values_list("pk", "rank"))
    assert [ranks[row.pk] for row in rows] == [1, 2, 1, 1, None]
    advanced = set(RoundEntry.objects.filter(round=prelim, advanced=True).values_list("pk", flat=True))
    assert advanced == {rows[0].pk, rows[2].pk, rows[3].pk}  # Qingdao's tie at the cut-off advances both
    seated = set(RoundEntry.objects.filter(round=final_round).values_list("entry_id", flat=True))
    assert seated == {rows[0].entry_id, rows[2].entry_id, rows[3].entry_id}


def test_an_entry_that_no_longer_advances_leaves_the_next_round_while_unscored(tree, people):
    competition = make_competition(tree["province"])
    prelim = make_round(competition, sequence=1, name="初赛", format=Round.Format.KNOWLEDGE,
                        advance=Round.Advance.TOP_N, advance_count=1, status=Round.Status.OPEN)
    final_round = make_round(competition, sequence=2, name="决赛")
    a = make_entry(competition, prelim, entrant=people["jinan_counselor"], organization=tree["jinan_agency"],
                   score=D("90"))
    b = make_entry(competition, prelim, entrant=people["qingdao_counselor"], organization=tree["qingdao_agency"],
                   score=D("80"))
    ranking.rank_round(prelim, people["province_admin"])
    RoundEntry.objects.filter(pk=b.pk).update(score=D("95"))  # a corrected grade
    ranking.rank_round(prelim, people["province_admin"])
    assert list(RoundEntry.objects.filter(round=final_round).values_list("entry_id", flat=True)) == [b.entry_id]
    RoundEntry.objects.filter(round=final_round).update(score=D("50"))
    RoundEntry.objects.filter(pk=a.pk).update(score=D("99"))
    with pytest.raises(JudgingError) as error:
        ranking.rank_round(prelim, people["province_admin"])
    assert error.value.code == "next_round_started"


def test_rank_round_is_refused_while_a_panel_scores_and_for_non_organizers(tree, people, final):
    pool(tree, 3)
    make_entry(final.competition, final, entrant=people["jinan_counselor"], organization=tree["jinan_agency"])
    assign_round_panels(final, people["province_admin"])
    with pytest.raises(JudgingError) as error:
        ranking.rank_round(final, people["province_admin"])
    assert error.value.code == "panels_open"
    for user in ("qingdao_admin", "jinan_counselor", "expert"):
        with pytest.raises(JudgingError) as error:
            ranking.rank_round(final, people[user])
        assert error.value.code == "forbidden"
    assert not RoundEntry.objects.filter(round=final, rank__isnull=False).exists()
