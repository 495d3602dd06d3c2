"""The synonym map that query analysis reads: normalized term → every term of its groups, built from the active
SynonymGroup rows and kept in the cache (shared through Redis in production) until a group is saved or deleted."""

from django.core.cache import cache

from .analysis import term_key

CACHE_KEY = "search:synonyms:v1"


def synonym_map() -> dict[str, tuple[str, ...]]:
    """Term key → the terms it stands for (itself first). A term in two groups stands for both."""
    found = cache.get(CACHE_KEY)
    if found is None:
        found = build()
        cache.set(CACHE_KEY, found, timeout=None)
    return found


def build() -> dict[str, tuple[str, ...]]:
    from .models import SynonymGroup

    groups: dict[str, list[str]] = {}
    for group in SynonymGroup.objects.filter(is_active=True).order_by("pk"):
        keys = [key for key in map(term_key, group.term_list()) if key]
        for key in keys:
            merged = groups.setdefault(key, [key])
            merged.extend(other for other in keys if other not in merged)
    return {key: tuple(terms) for key, terms in groups.items()}


def forget() -> None:
    cache.delete(CACHE_KEY)
