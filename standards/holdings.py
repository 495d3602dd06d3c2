"""The level a person holds, for the apps below `certification` (courses, workshops, library).

Level records live in `certification` (layer 5), which the content apps (layer 4) must not import. They ask here
instead; `certification` registers the lookup when it starts (CertificationConfig.ready). Without a registered
lookup nobody holds a level.
"""

from collections.abc import Callable, Iterable

_lookup: Callable[[Iterable[int]], dict] | None = None


def register_level_lookup(lookup: Callable[[Iterable[int]], dict]) -> None:
    """Install the function mapping user ids to their highest valid Level (one query for any number of ids)."""
    global _lookup
    _lookup = lookup


def current_levels(user_ids: Iterable[int]) -> dict:
    """Map each user id to the highest Level they hold; people without a level are absent."""
    return _lookup(user_ids) if _lookup is not None else {}


def current_level(user):
    """The highest Level a signed-in person holds, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return current_levels([user.pk]).get(user.pk)
