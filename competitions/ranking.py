"""Ranking a round: the order, the ties, who advances, and the prizes.

Who is ranked: the live RoundEntries (entry registered, not absent) that have a score. A round ranked per city
(`per_city`, the city preliminaries) has one ranking per city; otherwise one for the whole competition.

Ties (`Round.tie_break`), competition ranking ("1, 1, 3": tied entries share the better rank and the next rank skips):
- SHARED: equal scores share the rank.
- TOP_CRITERION: among equal scores the higher score on the rubric's heaviest criterion (weight × score / maximum,
  the mean over the panel's counted seats: without the highest and lowest total when the panel drops extremes) ranks
  first; still equal: shared.
- FASTER: among equal scores less time taken (the knowledge contest's seconds) ranks first; no time counts as the
  slowest; still equal: shared.
- EARLIER: among equal scores the earlier registration ranks first.

Advancement (`advance`): TOP_N advances the entries ranked within the first `advance_count` places of their ranking,
TOP_SHARE within the first ceil(`advance_share`% × entries ranked) places. Ranks are compared with the cut-off, so a
tie at the cut-off advances everyone tied (ranks 1, 2, 3, 3 with a cut-off of 3 advance four).

Prizes (only a round that advances nobody, the final): the entries ranked within the first `first_prizes` places get
一等奖, within the next `second_prizes` places 二等奖, then 三等奖 and 优秀奖. A tie across a boundary shares the higher
prize: ranks 1, 1 with one first prize both get 一等奖, and the places they use are counted from the rank on
(the next prize starts after place 1 + second_prizes, so ties never add extra prizes below them).

`order(...)`, `advancing(...)` and `prizes(...)` are pure functions over plain values (table-tested);
`rank_round(round, actor)` reads the round, applies them and writes rank, advanced and prize, then creates the next
round's RoundEntries for the entries that advance. Ranking again (before the publicity opens) gives the same result
and writes nothing new; an entry that no longer advances loses its next-round place as long as it has no score there.
"""

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from experts.models import Panel, PanelSeat, Score

from .judging import JudgingError, live_round_entries, may_organize, panels_for
from .models import Round, RoundEntry


@dataclass(frozen=True)
class Contender:
    """One RoundEntry as the ranking sees it."""

    key: int
    score: Decimal
    group: object = None
    top_criterion: Decimal | None = None
    seconds: int | None = None
    registered_at: datetime | None = None


def _tie_key(contender: Contender, tie_break: str) -> tuple:
    score = -contender.score
    if tie_break == Round.TieBreak.TOP_CRITERION:
        top = contender.top_criterion if contender.top_criterion is not None else Decimal("-1")
        return (score, -top)
    if tie_break == Round.TieBreak.FASTER:
        return (score, contender.seconds if contender.seconds is not None else math.inf)
    if tie_break == Round.TieBreak.EARLIER:
        return (score, contender.registered_at.timestamp() if contender.registered_at else math.inf)
    return (score,)


def order(contenders, tie_break: str) -> dict:
    """{key: rank} per group, competition ranking (1, 1, 3) after the tie break."""
    groups = defaultdict(list)
    for contender in contenders:
        groups[contender.group].append(contender)
    ranks = {}
    for members in groups.values():
        keyed = sorted(((_tie_key(c, tie_break), c.key) for c in members), key=lambda pair: (pair[0], pair[1]))
        previous, rank = None, 0
        for position, (tie_key, key) in enumerate(keyed, start=1):
            if tie_key != previous:
                rank, previous = position, tie_key
            ranks[key] = rank
    return ranks


def cut_off(advance: str, ranked: int, *, count: int | None, share: int | None) -> int:
    """The last place that advances among `ranked` entries of one ranking (0: nobody)."""
    if advance == Round.Advance.TOP_N:
        return min(count or 0, ranked)
    if advance == Round.Advance.TOP_SHARE:
        return min(math.ceil((share or 0) * ranked / 100), ranked)
    return 0


def advancing(ranks: dict, groups: dict, advance: str, *, count: int | None = None,
              share: int | None = None) -> set:
    """The keys that advance: ranked within their group's cut-off place (a tie at the cut-off advances all)."""
    sizes = defaultdict(int)
    for key in ranks:
        sizes[groups.get(key)] += 1
    return {
        key for key, rank in ranks.items()
        if rank <= cut_off(advance, sizes[groups.get(key)], count=count, share=share)
    }


PRIZE_ORDER = (RoundEntry.Prize.FIRST, RoundEntry.Prize.SECOND, RoundEntry.Prize.THIRD, RoundEntry.Prize.MERIT)


def prizes(ranks: dict, counts: tuple) -> dict:
    """{key: prize} for (first, second, third, merit) prize counts; see the module docstring for ties."""
    bounds, total = [], 0
    for prize, number in zip(PRIZE_ORDER, counts, strict=True):
        total += number or 0
        bounds.append((prize, total, number or 0))
    won = {}
    for key, rank in ranks.items():
        for prize, bound, number in bounds:
            if number and rank <= bound:
                won[key] = prize
                break
    return won


def _top_criterion_means(round_: Round, round_entry_ids) -> dict:
    """{round entry id: mean weighted score on the rubric's heaviest criterion over the counted seats}."""
    if round_.rubric_id is None:
        return {}
    criteria = list(round_.rubric.criteria.all())
    if not criteria:
        return {}
    heaviest = max(criteria, key=lambda criterion: (criterion.weight, -criterion.sort_order, -criterion.pk))
    panels = panels_for(round_entry_ids)
    by_panel = {panel.pk: panel for panel in panels.values()}
    scores = defaultdict(list)
    rows = Score.objects.filter(seat__panel_id__in=list(by_panel), seat__status=PanelSeat.Status.SUBMITTED)
    for panel_id, seat_id, total, lines in rows.values_list("seat__panel_id", "seat_id", "total", "criteria"):
        value = next((Decimal(line["score"]) for line in lines if line.get("criterion") == heaviest.pk), None)
        if value is not None:
            scores[panel_id].append((total, seat_id, heaviest.weight * value / heaviest.max_score))
    means = {}
    for round_entry_id, panel in panels.items():
        counted = sorted(scores.get(panel.pk, []))
        if panel.drop_extremes and len(counted) >= 3:
            counted = counted[1:-1]
        if counted:
            means[round_entry_id] = sum((value for _t, _s, value in counted), Decimal(0)) / len(counted)
    return means


def rank_round(round_: Round, actor) -> dict:
    """Rank a round, mark who advances or wins which prize, and seat the advancing entries in the next round.

    Refused while a panel of the round still scores or awaits its chair, and once the publicity has opened.
    Returns {"ranked": n, "advanced": n, "prizes": n}.
    """
    with transaction.atomic():
        round_ = Round.objects.select_for_update(of=("self",)).select_related("competition", "rubric").get(pk=round_.pk)
        if not may_organize(actor, round_.competition):
            raise JudgingError(_("You do not organize this competition."), code="forbidden")
        if round_.status in (Round.Status.PUBLICITY, Round.Status.PUBLISHED):
            raise JudgingError(_("This round's results are already out."), code="round_closed")
        round_entries = list(live_round_entries(round_).select_related("entry"))
        panels = panels_for([re.pk for re in round_entries])
        if any(panel.status != Panel.Status.DECIDED for panel in panels.values()):
            raise JudgingError(
                _("Some panels of this round are still scoring or await their chair."), code="panels_open"
            )
        scored = [re for re in round_entries if re.score is not None]
        means = _top_criterion_means(round_, [re.pk for re in scored]) if (
            round_.tie_break == Round.TieBreak.TOP_CRITERION) else {}
        contenders = [
            Contender(key=re.pk, score=re.score, group=re.entry.city_id if round_.per_city else None,
                      top_criterion=means.get(re.pk), seconds=re.seconds_taken, registered_at=re.entry.registered_at)
            for re in scored
        ]
        ranks = order(contenders, round_.tie_break)
        groups = {c.key: c.group for c in contenders}
        advanced = advancing(ranks, groups, round_.advance, count=round_.advance_count, share=round_.advance_share)
        won = {} if round_.advance != Round.Advance.NONE else prizes(
            ranks, (round_.first_prizes, round_.second_prizes, round_.third_prizes, round_.merit_prizes)
        )
        next_round = None
        if round_.advance != Round.Advance.NONE:
            next_round = Round.objects.filter(competition=round_.competition, sequence__gt=round_.sequence).order_by(
                "sequence").first()
            if next_round is not None and next_round.status in (Round.Status.PUBLICITY, Round.Status.PUBLISHED):
                raise JudgingError(_("The next round's results are already out."), code="next_round_closed")
        changed = []
        for re in RoundEntry.objects.filter(round=round_).select_for_update():
            rank, is_advanced, prize = ranks.get(re.pk), re.pk in advanced, won.get(re.pk, "")
            if (re.rank, re.advanced, re.prize) != (rank, is_advanced, prize):
                re.rank, re.advanced, re.prize = rank, is_advanced, prize
                changed.append(re)
        RoundEntry.objects.bulk_update(changed, ["rank", "advanced", "prize"])
        if next_round is not None:
            _seat_in_next_round(round_, next_round, {re.entry_id for re in scored if re.pk in advanced})
        round_.ranked_at = timezone.now()
        if round_.status in (Round.Status.PLANNED, Round.Status.OPEN):
            round_.status = Round.Status.JUDGING
        round_.save(update_fields=["ranked_at", "status"])
        summary = {"ranked": len(ranks), "advanced": len(advanced), "prizes": len(won)}
        log(round_, "competitions.round.ranked", user=actor, data=summary)
    return summary


def _seat_in_next_round(round_: Round, next_round: Round, entry_ids: set) -> None:
    """The advancing entries take part in the next round; entries that no longer advance leave it while they have
    no score there (a scored place is kept and the ranking refused instead)."""
    current = dict(RoundEntry.objects.filter(round=next_round).values_list("entry_id", "score"))
    ranked_here = set(RoundEntry.objects.filter(round=round_).values_list("entry_id", flat=True))
    leaving = [entry_id for entry_id in current if entry_id not in entry_ids and entry_id in ranked_here]
    if any(current[entry_id] is not None for entry_id in leaving):
        raise JudgingError(
            _("Entries that no longer advance already have a score in the next round."), code="next_round_started"
        )
    if leaving:
        leaving_ids = list(RoundEntry.objects.filter(round=next_round, entry_id__in=leaving).values_list("pk",
                                                                                                    flat=True))
        if panels_for(leaving_ids):
            raise JudgingError(
                _("Entries that no longer advance are already being judged in the next round."),
                code="next_round_started",
            )
        RoundEntry.objects.filter(pk__in=leaving_ids).delete()
    RoundEntry.objects.bulk_create(
        [RoundEntry(round=next_round, entry_id=entry_id) for entry_id in sorted(entry_ids - set(current))],
        ignore_conflicts=True,
    )

