"""Who may read an entry and download its materials.

`may_read_entry(user, entry)`: whoever `Entry.objects.visible_to(user)` holds it for (the entrant, whoever registered
it, an organization admin over its organization or over the competition's organizer, the province).
`may_read_materials(user, entry)`: those, and an expert seated (not declined) on a panel whose subject is one of the
entry's round entries (experts machinery: the RoundEntry is a judged round's panel subject). The results half may
extend the expert rule; every download view asks here.
"""

from django.contrib.contenttypes.models import ContentType

from people.access import is_active_member

from .models import Entry, RoundEntry


def may_read_entry(user, entry: Entry) -> bool:
    return is_active_member(user) and Entry.objects.visible_to(user).filter(pk=entry.pk).exists()


def seated_expert(user, entry: Entry) -> bool:
    """Whether `user` holds a live seat on a panel judging one of the entry's round entries."""
    from experts.models import PanelSeat

    if not is_active_member(user):
        return False
    return PanelSeat.objects.live().filter(
        expert__user_id=user.pk,
        panel__content_type=ContentType.objects.get_for_model(RoundEntry),
        panel__object_id__in=RoundEntry.objects.filter(entry_id=entry.pk).values("pk"),
    ).exists()


def may_read_materials(user, entry: Entry) -> bool:
    return may_read_entry(user, entry) or seated_expert(user, entry)
