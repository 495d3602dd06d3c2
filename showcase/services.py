"""Writing to the showcase: the apps that publish honours call these, once or many times (idempotent).

    from showcase.services import feature, withdraw

    feature(entry, kind=Feature.Kind.COMPETITION, group_key=f"competition:{c.pk}", group_title=c.title,
            year=2025, city=entry.city, title=entry.display_name, honour="一等奖", rank=1, link_url=url)
    withdraw(entry, kind=Feature.Kind.COMPETITION)   # a revoked prize leaves the showcase

Publishing again updates the snapshot (title, honour, rank, link) but keeps what editors added (photo, citation,
hidden). The unique constraint on (source, kind) makes two publications at once write one feature.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import Feature

EDITORIAL_FIELDS = ("citation", "image", "hidden")


def feature(source, *, kind: str, group_key: str, group_title: str, year: int, city, title: str, honour: str,
            rank: int = 0, link_url: str = "", citation: str = "") -> Feature:
    """Show `source` in the showcase with this snapshot; `citation` is only a first draft (editors own it after)."""
    key = Feature.source_key(source)
    snapshot = {
        "group_key": group_key[:80], "group_title": str(group_title)[:200], "year": year, "city": city,
        "title": str(title)[:200], "honour": str(honour)[:120], "rank": rank, "link_url": link_url[:300],
    }
    with transaction.atomic():
        existing = Feature.objects.select_for_update().filter(kind=kind, **key).first()
        if existing is not None:
            for name, value in snapshot.items():
                setattr(existing, name, value)
            existing.save(update_fields=[*snapshot])
            return existing
        try:
            with transaction.atomic():
                return Feature.objects.create(
                    kind=kind, citation=citation, published_at=timezone.now(), **key, **snapshot
                )
        except IntegrityError:
            return Feature.objects.get(kind=kind, **key)


def withdraw(source, *, kind: str) -> None:
    """Take `source` out of the public showcase (the row stays, hidden, so its history is kept)."""
    Feature.objects.filter(kind=kind, **Feature.source_key(source)).update(hidden=True)
