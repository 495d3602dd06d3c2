"""The registry of searchable page types: each content app's page type is registered once with how to read its facets,
who may see it and which text serves as the result snippet. The search page (search.views) reads only this registry,
so a new content type plugs in with one `register()` call in search.registrations.

Facet names are fixed: kind, topic, level, audience (values are codes) and date (filtered by year). A facet maps to a
lookup path on the model (for example "topics__code"); a type without a facet is left out when that facet is filtered.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet

FACETS = ("kind", "topic", "level", "audience")


def _everyone(queryset: QuerySet, user) -> QuerySet:
    return queryset


@dataclass(frozen=True)
class SearchableType:
    model: type
    label: str
    facets: dict[str, str] = field(default_factory=dict)  # facet name → lookup path
    # Labels of this type's own facet values (e.g. its kinds); topics, levels and audiences are labelled centrally.
    facet_choices: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    date_field: str = "first_published_at"
    # The texts a result snippet may come from, best first; the first one holding a query word is shown.
    snippet: Callable[[object], list[str]] = lambda page: [page.search_description]
    visible: Callable[[QuerySet, object], QuerySet] = _everyone
    prefetch: tuple[str, ...] = ()

    def queryset(self, user, filters: dict) -> QuerySet:
        """Live pages of this type that `user` may see, narrowed by the chosen facet values (None: excluded)."""
        queryset = self.visible(self.model.objects.live(), user)
        for name, value in filters.items():
            if name == "year":
                queryset = queryset.filter(**{f"{self.date_field}__year": value})
            elif name in self.facets:
                queryset = queryset.filter(**{self.facets[name]: value})
            else:
                return None
        return queryset


_registry: dict[type, SearchableType] = {}


def register(entry: SearchableType) -> None:
    _registry[entry.model] = entry


def registered() -> list[SearchableType]:
    return list(_registry.values())
