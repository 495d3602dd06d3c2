"""Builders for the results tests (judging, ranking, publication, fast track, board): competitions with rounds,
entries with their RoundEntries, and a round carried through judging to a given state, all through the services
where a service exists. Plain functions, so the tests read what they set up."""

import datetime
from decimal import Decimal

from django.utils import timezone

from competitions.models import Competition, Entry, Round, RoundEntry
from experts.models import PanelSeat
from experts.services import submit_score
from tests.experts.builders import make_expert, make_rubric


def make_competition(organizer, *, kind=Competition.Kind.SKILLS, title="山东省职业指导技能竞赛", year=2025,
                     status=Competition.Status.RUNNING) -> Competition:
    now = timezone.now()
    return Competition.objects.create(
        title=title, kind=kind, year=year, organizer=organizer, status=status,
        registration_opens_at=now - datetime.timedelta(days=60),
        registration_closes_at=now - datetime.timedelta(days=30),
    )


def make_round(competition, *, sequence=1, name="决赛", format=Round.Format.PERFORMANCE, rubric=None,
               **fields) -> Round:
    if format != Round.Format.KNOWLEDGE and rubric is None:
        rubric = make_rubric(name=f"{name}评分表")
    return Round.objects.create(competition=competition, sequence=sequence, name=name, format=format, rubric=rubric,
                                **fields)


def make_entry(competition, round_, *, entrant=None, organization, title=None, registered_by=None, city=None,
               score=None, **fields) -> RoundEntry:
    """An entry (city: the organization's city ancestor) and its RoundEntry in `round_`."""
    if city is None:
        city = organization if organization.kind == "city" else organization.get_parent()
    entry = Entry.objects.create(
        competition=competition, entrant=entrant, organization=organization, city=city,
        title=title or (entrant.get_full_name() if entrant else "团队"), registered_by=registered_by or entrant,
    )
    return RoundEntry.objects.create(round=round_, entry=entry, score=score, **fields)


def pool(tree, size=4, prefix="judge"):
    """`size` experts at the province (in conflict with nobody's institution)."""
    return [make_expert(tree["province"], email=f"{prefix}{i}@example.cn", max_concurrent=50) for i in range(size)]


def score_all(panel, totals):
    """Each live seat of `panel` scores every criterion at the next of `totals` (one value per seat, in seat order)."""
    seats = list(PanelSeat.objects.live().filter(panel=panel).select_related("expert__user").order_by("pk"))
    for seat, value in zip(seats, totals, strict=True):
        scores = {criterion.pk: Decimal(value) for criterion in panel.rubric.criteria.all()}
        submit_score(seat.pk, user=seat.expert.user, scores=scores)
