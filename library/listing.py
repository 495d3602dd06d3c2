"""What the library index page shows: resources open to the visitor (filtered by kind, paginated), the most used
resources of the last year and the reading lists. A fixed number of queries whatever the size of the library."""

import datetime

from django.core.paginator import Paginator
from django.db.models import Count
from django.utils import timezone

from .access import openable
from .models import Download, ReadingList, ResourcePage

PAGE_SIZE = 12
MOST_USED = 5


def most_used(user, *, days: int = 365, limit: int = MOST_USED) -> list[ResourcePage]:
    """The resources downloaded by the most people over the last `days` days, among those open to `user`."""
    since = timezone.localdate() - datetime.timedelta(days=days)
    counts = (
        Download.objects.filter(day__gte=since, resource__in=openable(ResourcePage.objects.live(), user))
        .values("resource")
        .annotate(uses=Count("pk"))
        .order_by("-uses", "resource")[:limit]
    )
    uses = {row["resource"]: row["uses"] for row in counts}
    pages = ResourcePage.objects.in_bulk(list(uses))
    result = []
    for pk, count in uses.items():
        page = pages[pk]
        page.uses = count
        result.append(page)
    return result


def library_context(index_page, request) -> dict:
    resources = openable(ResourcePage.objects.live().descendant_of(index_page), request.user)
    kind = request.GET.get("kind", "")
    if kind in ResourcePage.Kind.values:
        resources = resources.filter(kind=kind)
    else:
        kind = ""
    resources = resources.order_by("-published_on", "-pk").prefetch_related("topics")
    page = Paginator(resources, PAGE_SIZE).get_page(request.GET.get("page"))
    return {
        "resources": page,
        "kind": kind,
        "kinds": ResourcePage.Kind.choices,
        "most_used": most_used(request.user),
        "reading_lists": ReadingList.objects.select_related("level")
        .prefetch_related("items__resource__restricted_to")
        .order_by("level__rank", "title")[:4],
    }
