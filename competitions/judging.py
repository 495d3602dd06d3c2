"""Judging a round by expert panels: who organizes a competition, and seating one panel per entry. (Who may read an
entry's materials as its judge: competitions.access.may_read_materials, which admits the experts seated on the
entry's panels.)

Organizers are the province admins (every competition) and the organization admins whose subtree holds the
competition's organizer (a city bureau runs the competitions its city organizes). Only they assign panels, rank,
open the publicity and publish (`may_organize`).

`assign_round_panels(round, actor)` seats a panel (experts.services.assign_panel, purpose
`competitions.round.<round id>`, the round's rubric, size and dropping of extremes) on every live RoundEntry of a
judged round (performance or submission) that is not marked absent, in one call. It is idempotent: an entry that
already has its panel keeps it, and a second call seats only the entries that could not be seated before. Each
entry is seated in its own transaction, so one entry without enough free experts (conflicts, loads) does not undo
the others: the report lists it with the reason, and the organizer adds experts to the pool and assigns again.
The experts machinery lets only panel managers (province admins) assign; a city organizer is authorised here, by
`may_organize`, and the audit entries of the round name them.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from experts.models import Panel
from experts.services import ExpertError, assign_panel
from people.models import Role

from .models import Competition, Entry, Round, RoundEntry

PURPOSE_PREFIX = "competitions.round."


class JudgingError(Exception):
    """A refused judging, ranking or publication step: a translated message and a code."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def purpose_for(round_: Round) -> str:
    """The panel purpose of a round's entries: one panel per RoundEntry and round."""
    return f"{PURPOSE_PREFIX}{round_.pk}"


def organized_competitions(user):
    """The competitions `user` runs: all for province admins, their subtree's for organization admins, else none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Competition.objects.none()
    if user.manages_whole_province:
        return Competition.objects.all()
    if user.has_role(Role.ORG_ADMIN) and user.organization_id is not None:
        return Competition.objects.filter(organizer__path__startswith=user.organization.path)
    return Competition.objects.none()


def may_organize(user, competition: Competition) -> bool:
    return organized_competitions(user).filter(pk=competition.pk).exists()


def live_round_entries(round_: Round):
    """The RoundEntries that take part: their entry is still registered and they are not marked absent."""
    return RoundEntry.objects.filter(round=round_, entry__status=Entry.Status.REGISTERED, absent=False)


def panels_for(round_entry_ids) -> dict:
    """{round entry id: Panel} for the panels of these RoundEntries (any round), in one query."""
    content_type = ContentType.objects.get_for_model(RoundEntry)
    panels = Panel.objects.filter(content_type=content_type, object_id__in=list(round_entry_ids),
                                  purpose__startswith=PURPOSE_PREFIX)
    return {panel.object_id: panel for panel in panels}


@dataclass
class AssignmentReport:
    """What `assign_round_panels` did: panels seated now, entries that had one, and entries left unseated."""

    seated: list = field(default_factory=list)
    existing: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # [(RoundEntry, message)]


def _check_organizer(round_: Round, actor) -> None:
    if not may_organize(actor, round_.competition):
        raise JudgingError(_("You do not organize this competition."), code="forbidden")


def assign_round_panels(round_: Round, actor) -> AssignmentReport:
    """Seat a panel on every live entry of a judged round; see the module docstring for the rules."""
    round_ = Round.objects.select_related("competition", "rubric").get(pk=round_.pk)
    _check_organizer(round_, actor)
    if not round_.is_judged:
        raise JudgingError(_("Only performance and submission rounds are judged by panels."), code="not_judged")
    if round_.rubric_id is None:
        raise JudgingError(_("Choose the round's rubric first."), code="rubric_required")
    if round_.status in (Round.Status.PUBLICITY, Round.Status.PUBLISHED):
        raise JudgingError(_("This round's results are already out."), code="round_closed")
    # Panel managers assign in their own name; a city organizer is authorised by this app (see the docstring).
    panel_actor = actor if (actor.is_superuser or actor.has_perm("experts.change_panel")) else None
    purpose = purpose_for(round_)
    report = AssignmentReport()
    round_entries = list(live_round_entries(round_).select_related("entry__organization", "entry__course"))
    existing = panels_for([round_entry.pk for round_entry in round_entries])
    for round_entry in round_entries:
        if round_entry.pk in existing:
            report.existing.append(existing[round_entry.pk])
            continue
        round_entry.round = round_
        try:
            panel = assign_panel(
                round_entry, purpose=purpose, rubric=round_.rubric, size=round_.panel_size,
                drop_extremes=round_.drop_extremes, actor=panel_actor,
            )
        except ExpertError as error:
            report.failed.append((round_entry, error.message))
            continue
        report.seated.append(panel)
    with transaction.atomic():
        locked = Round.objects.select_for_update().get(pk=round_.pk)
        if locked.status in (Round.Status.PLANNED, Round.Status.OPEN):
            locked.status = Round.Status.JUDGING
            locked.save(update_fields=["status"])
        log(locked, "competitions.round.panels_assigned", user=actor, data={
            "seated": len(report.seated), "existing": len(report.existing), "failed": len(report.failed),
        })
    return report

