"""Writing to the showcase: the apps that publish honours call these, once or many times (idempotent).

    from showcase.services import feature, withdraw

    feature(entry, kind=Feature.Kind.COMPETITION, group_key=f"competition:{c.pk}", group_title=c.title,
            year=2025, city=entry.city, title=entry.display_name, honour="一等奖", rank=1, link_url=url,
            subtitle=entry.organization_name)
    withdraw(entry, kind=Feature.Kind.COMPETITION)   # a revoked prize leaves the showcase

Publishing again updates the snapshot (title, honour, rank, link, group, year, city) but keeps what editors added
(photo, citation, subtitle, hidden): `citation` and `subtitle` are only first drafts. The unique constraint on
(source, kind) makes two publications at once write one feature. Group keys are shown in addresses
(/showcase/group/<key>/): use letters, digits and `:_-.`, never a slash. Every change is in the feature's history
(showcase.feature.published / republished / withdrawn), and the public pages' cache is renewed after each commit
(`showcase.signals`).
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from wagtail.log_actions import log

from .models import Feature

EDITORIAL_FIELDS = ("citation", "subtitle", "image", "hidden")


def feature(source, *, kind: str, group_key: str, group_title: str, year: int, city, title: str, honour: str,
            rank: int = 0, link_url: str = "", citation: str = "", subtitle: str = "", actor=None) -> Feature:
    """Show `source` in the showcase with this snapshot; `citation` and `subtitle` are only first drafts (editors
    own them after). Returns the feature, new or updated."""
    key = Feature.source_key(source)
    snapshot = {
        "group_key": group_key[:80], "group_title": str(group_title)[:200], "year": year, "city": city,
        "title": str(title)[:200], "honour": str(honour)[:120], "rank": rank, "link_url": link_url[:300],
    }
    with transaction.atomic():
        existing = Feature.objects.select_for_update().filter(kind=kind, **key).first()
        if existing is not None:
            return _update(existing, snapshot, actor)
        try:
            with transaction.atomic():
                created = Feature.objects.create(
                    kind=kind, citation=citation, subtitle=str(subtitle)[:200], published_at=timezone.now(),
                    **key, **snapshot,
                )
        except IntegrityError:  # published at the same moment by another transaction: update that one
            return _update(Feature.objects.select_for_update().get(kind=kind, **key), snapshot, actor)
        log(created, "showcase.feature.published", user=actor, data={"honour": created.honour})
        return created


def _update(existing: Feature, snapshot: dict, actor) -> Feature:
    changed = [name for name, value in snapshot.items() if getattr(existing, name) != value]
    if not changed:
        return existing
    for name in changed:
        setattr(existing, name, snapshot[name])
    existing.save(update_fields=changed)
    log(existing, "showcase.feature.republished", user=actor, data={"changed": changed})
    return existing


def withdraw(source, *, kind: str, actor=None) -> None:
    """Take `source` out of the public showcase (the row stays, hidden, so its history is kept)."""
    with transaction.atomic():
        for item in Feature.objects.select_for_update().filter(kind=kind, hidden=False, **Feature.source_key(source)):
            item.hidden = True
            item.save(update_fields=["hidden"])
            log(item, "showcase.feature.withdrawn", user=actor)
