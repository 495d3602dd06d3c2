"""The one rule for "the next level": the next rung of the skill ladder (五级 → 四级 → 三级 → 二级 → 一级).

Someone without a level starts at 五级. 一级 holders have no next ladder level: 首席职业指导师 is an appointed title,
reached by nomination and appointment (the chiefs app), never by an application. `Level.next_level()`, the
dashboard, the course catalogue and the evaluator all ask here (or through Level.next_level(), which applies the
same rule on the level itself).
"""

from standards.models import Level

from .models import current_levels


def next_level(user_or_level) -> Level | None:
    """The level a counselor (or the holder of a level) would apply for next, or None at the top of the ladder."""
    if isinstance(user_or_level, Level):
        return user_or_level.next_level()
    held = current_levels([user_or_level.pk]).get(user_or_level.pk)
    if held is None:
        return Level.objects.ladder().first()
    return held.next_level()


def next_levels(user_ids) -> dict:
    """Map each user id to their next ladder level (None at the top), in two queries for any number of users."""
    user_ids = list(user_ids)
    ladder = list(Level.objects.ladder())
    held = current_levels(user_ids)
    return {user_id: next_on_ladder(ladder, held.get(user_id)) for user_id in user_ids}


def next_on_ladder(ladder: list, held: Level | None) -> Level | None:
    """The first rung of `ladder` (skill levels in climbing order) above `held`; the first rung if nothing held."""
    for level in ladder:
        if held is None or level.rank > held.rank:
            return level
    return None
