"""When an entrant sees results: scores, ranks, advancement and prizes of a round are shown to entrants (and on the
site) only once the round's results are published (`Round.Status.PUBLISHED`). Before that the site says which stage
the round is at and nothing else.

This module is the one place that rule lives: `published(queryset)` filters round entries to those whose results may
be shown, and `entrant_rounds(round_entries)` turns round entries into what the entrant's pages display, with the
result fields left out unless published. Templates never read `RoundEntry.score`/`rank`/`prize` directly.
"""

from dataclasses import dataclass
from decimal import Decimal

from .models import Round, RoundEntry


def published(queryset=None):
    """The round entries whose results may be shown (their round's results are published)."""
    queryset = RoundEntry.objects.all() if queryset is None else queryset
    return queryset.filter(round__status=Round.Status.PUBLISHED)


def results_shown(round_entry: RoundEntry) -> bool:
    return round_entry.round.status == Round.Status.PUBLISHED


@dataclass
class EntrantRound:
    """One round of an entry as its entrant sees it: the round and its stage; the results only when published."""

    round: Round
    round_entry: RoundEntry
    published: bool
    score: Decimal | None = None
    rank: int | None = None
    advanced: bool = False
    prize: str = ""
    prize_label: str = ""
    absent: bool = False
    contest: object = None  # the ContestPage the entrant takes in a knowledge round (set by the views)

    @property
    def stage(self) -> str:
        return self.round.get_status_display()


def entrant_round(round_entry: RoundEntry) -> EntrantRound:
    """What the entrant may see of one round entry (its `round` must be loaded)."""
    if not results_shown(round_entry):
        return EntrantRound(round=round_entry.round, round_entry=round_entry, published=False)
    return EntrantRound(
        round=round_entry.round, round_entry=round_entry, published=True, score=round_entry.score,
        rank=round_entry.rank, advanced=round_entry.advanced, prize=round_entry.prize,
        prize_label=round_entry.get_prize_display() if round_entry.prize else "", absent=round_entry.absent,
    )


def entrant_rounds(round_entries) -> list[EntrantRound]:
    return [entrant_round(round_entry) for round_entry in round_entries]
