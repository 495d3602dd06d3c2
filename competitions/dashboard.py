"""The dashboard card of competitions: the signed-in person's live entries (theirs and the teams they registered),
each with the stage of its latest round, and how many competitions take registrations now. Two queries whatever the
number of entries; results are never shown here (competitions.visibility)."""

from django.db.models import Prefetch, Q

from people.access import is_active_member

from .models import Competition, Entry, RoundEntry

CARD_ENTRIES = 5


def dashboard_card(user) -> dict | None:
    """None when there is nothing to show (no entries and no competition open for registration)."""
    if not is_active_member(user):
        return None
    entries = list(
        Entry.objects.live().filter(Q(entrant_id=user.pk) | Q(registered_by_id=user.pk))
        .filter(competition__status__in=[Competition.Status.REGISTRATION, Competition.Status.RUNNING])
        .select_related("competition")
        .prefetch_related(Prefetch("rounds", queryset=RoundEntry.objects.select_related("round")
                                   .order_by("-round__sequence", "-pk"), to_attr="latest_rounds"))
        .order_by("-registered_at", "-pk")[:CARD_ENTRIES]
    )
    open_count = Competition.objects.filter(status=Competition.Status.REGISTRATION).count()
    if not entries and not open_count:
        return None
    for entry in entries:
        entry.current_round = entry.latest_rounds[0].round if entry.latest_rounds else None
    return {"entries": entries, "open_count": open_count}
