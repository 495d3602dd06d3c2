"""The site search page (/search/): one query over every registered page type, with facets, pagination and
highlighted snippets.

Relevance order (title matches first) when there is a query, newest first when only facets are chosen. Hits are
ranked once (at most HIT_WINDOW), then the current page's pages are loaded per type, so the page runs a fixed number of
queries whatever the number of hits. Empty, wordless or over-long queries get a message instead of a search.

Only pages the visitor could open are searched at all (each registered type's `visible` rule narrows the candidates
before the backend ranks them), so neither a hit nor its excerpt can tell anything about a page the visitor may not
read: a closed resource or a lesson of a course they are not enrolled in is not even matched by its words.
"""

from collections import Counter, defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import render
from django.utils.translation import gettext as _
from wagtail.models import Page

from standards.audiences import Audience
from standards.models import Level, Topic

from .analysis import Analyser
from .highlight import highlight
from .registry import FACETS, registered
from .segmentation import query_tokens, tokens, words
from .synonyms import synonym_map

MAX_QUERY_LENGTH = 100
HIT_WINDOW = 1000
PAGE_SIZE = 10
# Year filters outside this range are ignored: year 0 is no date, and the first and last years overflow the
# datetime bounds of a year lookup once shifted to UTC.
MIN_YEAR, MAX_YEAR = 1000, 9000


def _printable(value: str) -> str:
    """A request value with control characters as blanks (PostgreSQL refuses NUL in text parameters)."""
    return "".join(character if character.isprintable() else " " for character in value)


def _filters(request) -> dict:
    filters = {name: _printable(request.GET.get(name, "")).strip()[:40] for name in FACETS}
    filters = {name: value for name, value in filters.items() if value}
    year = request.GET.get("year", "").strip()
    if year.isdecimal() and len(year) == 4 and MIN_YEAR <= int(year) <= MAX_YEAR:
        filters["year"] = int(year)
    return filters


def _facet_labels() -> dict[str, dict[str, str]]:
    labels = {
        "kind": {},
        "topic": {topic.code: topic.name for topic in Topic.objects.all()},
        "level": {level.code: level.name for level in Level.objects.all()},
        "audience": dict(Audience.choices),
    }
    for entry in registered():
        for name, choices in entry.facet_choices.items():
            labels[name].update(choices)
    return labels


def _facet_counts(hit_ids: list[int]) -> dict[str, Counter]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for entry in registered():
        queryset = entry.model.objects.filter(pk__in=hit_ids)
        for name, path in entry.facets.items():
            for row in queryset.values(path).annotate(n=Count("pk", distinct=True)):
                if row[path]:
                    counts[name][row[path]] += row["n"]
        for row in queryset.annotate(year=ExtractYear(entry.date_field)).values("year").annotate(n=Count("pk")):
            if row["year"]:
                counts["year"][row["year"]] += row["n"]
    return counts


def _marked_words(query: str) -> list[str]:
    """The words to mark in titles and snippets: the query's units as the search analysed them (function words
    dropped) and their synonyms, each whole and in its finest words, so the marks show why a page was found."""
    marked = []
    for unit in Analyser(synonym_map()).units(query):
        for term in unit.alternatives:
            marked += words(term) + query_tokens(term)
    return list(dict.fromkeys(marked))


def _best_text(texts: list[str], marked: list[str]) -> str:
    """The first text that holds a query word, else the first text."""
    for text in texts:
        if any(word.lower() in (text or "").lower() for word in marked):
            return text
    return texts[0] if texts else ""


def _load(ids: list[int], marked: list[str]) -> list[dict]:
    """The hits of the current page, in rank order, with their type label, snippet and date."""
    found = {}
    for entry in registered():
        for page in entry.model.objects.filter(pk__in=ids).prefetch_related(*entry.prefetch):
            found[page.pk] = {
                "page": page,
                "type": entry.label,
                "title": highlight(page.title, marked, window=200),
                "snippet": highlight(_best_text(entry.snippet(page), marked), marked),
                "date": getattr(page, entry.date_field),
            }
    return [found[pk] for pk in ids if pk in found]


def search(request):
    query = " ".join(_printable(request.GET.get("q", "")).split())
    filters = _filters(request)
    context = {"query": query, "filters": filters, "message": None, "results": None, "max_length": MAX_QUERY_LENGTH}
    if len(query) > MAX_QUERY_LENGTH:
        context["message"] = _("Your search is too long. Please use at most %(count)d characters.") % {
            "count": MAX_QUERY_LENGTH
        }
        return render(request, "search/search.html", context)
    if query and not tokens(query):
        context["message"] = _("Your search has no words to look for. Try a word such as 就业 or 职业规划.")
        return render(request, "search/search.html", context)
    if not query and not filters:
        context["message"] = _("Type a word to search courses, lessons, events and library resources.")
        return render(request, "search/search.html", context)

    scopes = [entry.queryset(request.user, filters) for entry in registered()]
    condition = Q(pk__in=[])
    for scope in scopes:
        if scope is not None:
            condition |= Q(pk__in=scope.values("pk"))
    pages = Page.objects.live().filter(condition)
    if query:
        ranked = pages.search(query, order_by_relevance=True)[: HIT_WINDOW + 1]
    else:
        ranked = pages.order_by("-first_published_at", "-pk")[: HIT_WINDOW + 1]
    hit_ids = [page.pk for page in ranked]
    capped = len(hit_ids) > HIT_WINDOW
    hit_ids = hit_ids[:HIT_WINDOW]
    paginator = Paginator(hit_ids, PAGE_SIZE)
    current = paginator.get_page(request.GET.get("page"))
    counts = _facet_counts(hit_ids)
    labels = _facet_labels()
    facets = [
        {"name": name, "label": label, "options": [(code, labels[name].get(code, code), counts[name][code])
                                                   for code in sorted(counts[name], key=lambda c: -counts[name][c])]}
        for name, label in [("kind", _("Kind")), ("topic", _("Topic")), ("level", _("Level")),
                            ("audience", _("Audience"))]
    ]
    facets.append({
        "name": "year", "label": _("Year"),
        "options": [(year, str(year), counts["year"][year]) for year in sorted(counts["year"], reverse=True)],
    })
    context.update(
        results=_load(list(current.object_list), _marked_words(query)),
        page_obj=current,
        total=len(hit_ids),
        capped=capped,
        facets=facets,
    )
    return render(request, "search/search.html", context)
