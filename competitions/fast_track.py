"""The fast track: a published competition prize as a requirement of the level rules (certification reads it through
its extension point, never by importing this app).

Requirement kind `competition_prize`, spec for example
`{"kind": "competition_prize", "competition": "skills", "prize": "first", "final": true, "provincial": true}`:
met when the person is the entrant of an entry that holds, in a round whose results are PUBLISHED on or before the
day judged, a prize at least as good as `prize` (first > second > third > merit; default first), in a competition of
kind `competition` (default skills); `final`: only the competition's final (a round that advances nobody, the last
one); `provincial`: only competitions organized by the province (not a city's own). A team's prize is not a person's
and never counts.

Data source `competition_prizes`: every published prize of the people judged, loaded in one query for all of them
({user id: [(competition kind, prize, final, provincial, published on, competition title)]}).

The level rules name it through a new requirement version (migration 0003_results_fast_track): for 三级 and 二级 the
years/prior-level group gains the alternative "a first prize in the final of the provincial skills competition".
"""

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from certification.evaluator import register_source
from certification.requirements import RequirementKind, register_kind

from .models import Competition, Round, RoundEntry

KEY = "competition_prize"
SOURCE = "competition_prizes"
PRIZE_RANK = {prize: index for index, prize in enumerate(("first", "second", "third", "merit"))}


def load_prizes(user_ids, on) -> dict:
    """{user id: [(kind, prize, final, provincial, published on, title)]} of published prizes, in one query."""
    later = Round.objects.filter(competition_id=OuterRef("round__competition_id"),
                                 sequence__gt=OuterRef("round__sequence"))
    rows = (
        RoundEntry.objects.filter(entry__entrant_id__in=user_ids, round__status=Round.Status.PUBLISHED)
        .exclude(prize="")
        .annotate(has_later=Exists(later))
        .values_list("entry__entrant_id", "round__competition__kind", "prize", "round__advance", "has_later",
                     "round__competition__organizer__kind", "round__published_at", "round__competition__title")
    )
    prizes: dict = {}
    for user_id, kind, prize, advance, has_later, organizer_kind, published_at, title in rows:
        published_on = published_at.date() if published_at else None
        if published_on is None or published_on > on:
            continue
        final = advance == Round.Advance.NONE and not has_later
        prizes.setdefault(user_id, []).append(
            (kind, prize, final, organizer_kind == "province", published_on, title)
        )
    return prizes


class CompetitionPrizeKind(RequirementKind):
    """A published competition prize at least as good as the one named (see the module docstring)."""

    key = KEY
    sources = (SOURCE,)

    @property
    def verbose_name(self):
        return _("Competition prize")

    def clean(self, spec):
        kind = (spec.get("competition") or Competition.Kind.SKILLS).strip()
        if kind not in Competition.Kind.values:
            raise ValueError(_("Choose a kind of competition."))
        prize = (spec.get("prize") or RoundEntry.Prize.FIRST).strip()
        if prize not in RoundEntry.Prize.values:
            raise ValueError(_("Choose a prize."))
        return {"kind": self.key, "competition": kind, "prize": prize, "final": bool(spec.get("final", True)),
                "provincial": bool(spec.get("provincial", True))}

    def label(self, spec, level, shared):
        kind = spec.get("competition") or Competition.Kind.SKILLS
        prize = spec.get("prize") or RoundEntry.Prize.FIRST
        competition = str(Competition.Kind(kind).label) if kind in Competition.Kind.values else kind
        prize_label = str(RoundEntry.Prize(prize).label) if prize in RoundEntry.Prize.values else prize
        if spec.get("provincial", True):
            competition = _("provincial %(competition)s") % {"competition": competition}
        if spec.get("final", True):
            return _("%(prize)s or better in the final of the %(competition)s") % {
                "prize": prize_label, "competition": competition,
            }
        return _("%(prize)s or better in the %(competition)s") % {"prize": prize_label, "competition": competition}

    def evaluate(self, spec, facts, level, on):
        kind = spec.get("competition") or Competition.Kind.SKILLS
        wanted = PRIZE_RANK.get(spec.get("prize") or "first", 0)
        need_final, need_provincial = spec.get("final", True), spec.get("provincial", True)
        held = [
            row for row in facts.extra.get(SOURCE, [])
            if row[0] == kind and PRIZE_RANK.get(row[1], 99) <= wanted and (row[2] or not need_final)
            and (row[3] or not need_provincial)
        ]
        need = str(RoundEntry.Prize(spec.get("prize") or "first").label)  # snapshots are JSON: no lazy text
        if held:
            best = min(held, key=lambda row: (PRIZE_RANK[row[1]], row[4]))
            return self.result(
                spec, level, facts, met=True, progress=1.0, met_on=best[4], need=need,
                have=_("%(prize)s, %(competition)s") % {"prize": RoundEntry.Prize(best[1]).label,
                                                        "competition": best[5]},
            )
        return self.result(spec, level, facts, met=False, progress=0.0, need=need, have=_("no such prize"),
                           action=_("A fast track: win this prize in the competition."))


def register_fast_track() -> None:
    """Register the requirement kind and its data source with certification (called from CompetitionsConfig)."""
    register_kind(KEY, CompetitionPrizeKind)
    register_source(SOURCE, load_prizes)
