"""The public showcase pages (成果展示): anyone may read them, signed in or not. They are thin: the data comes from
`showcase.listing` (cached whole), the filters from `showcase.forms`. Anonymous visitors get responses that shared
caches may keep for five minutes; a filter outside its choices gets the page without that filter, the reason, and
a 400; an unknown kind or group is a 404."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from . import listing
from .forms import FilterForm
from .models import Feature

PUBLIC_MAX_AGE = 300


def _respond(request, template: str, context: dict, status: int = 200):
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ("Cookie",))  # the language is chosen by a cookie
    if status == 200 and not request.user.is_authenticated:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def _query(filters: dict) -> str:
    """The chosen filters as a query string, to keep them in links (pagination, "see all")."""
    return urlencode({name: value for name, value in filters.items() if value and name != "kind"})


@require_GET
def hub(request):
    """Competitions with their first winners, then gold courses, gold studios and stars; filters by year and city,
    and a kind that opens that kind's own page with the same filters."""
    form = FilterForm(request.GET, facets=listing.facets(), with_kind=True)
    filters = form.filters()
    if filters["kind"] and not form.errors:
        query = _query(filters)
        return redirect(reverse("showcase:kind", args=[filters["kind"]]) + (f"?{query}" if query else ""))
    data = listing.hub(year=filters["year"], city=filters["city"])
    return _respond(request, "showcase/hub.html", {
        "form": form, "showcase": data, "query": _query(filters), "filtered": bool(filters["year"] or filters["city"]),
    }, status=400 if form.errors else 200)


@require_GET
def kind(request, kind):
    """Every public feature of one kind, paginated, with the year and city filters."""
    if kind not in Feature.Kind.values:
        raise Http404
    form = FilterForm(request.GET, facets=listing.facets())
    filters = form.filters()
    data = listing.kind_page(kind, year=filters["year"], city=filters["city"], page=request.GET.get("page"))
    return _respond(request, "showcase/kind.html", {
        "form": form, "listing": data, "kind": kind, "kind_label": listing.HEADINGS[kind],
        "query": _query(filters), "filtered": bool(filters["year"] or filters["city"]),
    }, status=400 if form.errors else 200)


@require_GET
def group(request, key):
    """One group's features (a competition's winners) in roll order: 一等奖 first, then by rank."""
    data = listing.group_page(key, page=request.GET.get("page"))
    if data is None:
        raise Http404
    return _respond(request, "showcase/group.html", {"group": data})
