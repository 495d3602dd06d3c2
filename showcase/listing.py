"""The public showcase as cached plain data: every page is read once per cache version, language, filter and page.

Each reader below returns dicts and lists only (no model instances), so the result can be cached whole: a visitor
who finds it in the cache costs no SQL at all, and a visitor who does not costs the same few queries whatever the
number of features (one query per list, one for the photos and one for their renditions; see the tests).
`invalidate()` starts a new cache version; it runs after every save or deletion of a feature or of an image (see
`showcase.signals`) and after `showcase.services.withdraw`, so nothing stale is shown longer than a transaction.
Filters and page numbers are normalized before they become part of a key, so odd query strings never make new keys.
"""

from hashlib import sha256
from urllib.parse import urlsplit
from uuid import uuid4

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, Max, Prefetch, Q, Value, When, Window
from django.db.models.functions import RowNumber, TruncDate
from django.urls import NoReverseMatch, reverse
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.images import get_image_model

from people.models import Organization

from .honours import describe, honour_order
from .models import Feature

VERSION_KEY = "showcase:version"
TIMEOUT = 60 * 60
PAGE_SIZE = 24
GROUP_PAGE_SIZE = 48
HUB_CARDS = 4  # cards per section (and per competition) on the hub
HUB_GROUPS = 6  # competitions on the hub, latest first
LATEST = 4  # cards in the home page's strip
CITATION_CHARS = 80
PHOTO = "fill-480x320"
PHOTO_2X = "fill-960x640"
MAX_PAGE_DIGITS = 4
HEADINGS = {
    Feature.Kind.COMPETITION: _("Competition winners"),
    Feature.Kind.GOLD_COURSE: _("Gold courses"),
    Feature.Kind.GOLD_STUDIO: _("Gold studios"),
    Feature.Kind.STAR: _("Career-guidance stars"),
}
LINK_LABELS = {
    Feature.Kind.GOLD_COURSE: _("View the course"),
    Feature.Kind.GOLD_STUDIO: _("Visit the studio"),
}


def invalidate() -> None:
    """Start a new cache version: every cached showcase page is read afresh on its next visit."""
    cache.set(VERSION_KEY, uuid4().hex, None)


def _cached(*parts, build):
    version = cache.get_or_set(VERSION_KEY, uuid4().hex, None)
    key = ":".join(["showcase", version, get_language() or "", *[str(part) for part in parts]])
    data = cache.get(key)
    if data is None:
        data = build()
        if data is not None:  # a page that does not exist is not kept, so made-up addresses cannot fill the cache
            cache.set(key, data, TIMEOUT)
    return data


def page_number(value) -> int:
    """A page number of up to four digits, or 1 for anything else."""
    value = str(value or "")
    return int(value) if value.isdigit() and len(value) <= MAX_PAGE_DIGITS and int(value) > 0 else 1


def safe_link(url: str) -> str:
    """A link to show: a path on this site or an http(s) address; anything else (javascript:, //host) is dropped."""
    url = (url or "").strip()
    if not url or "\\" in url or any(ord(char) < 32 for char in url):
        return ""
    if url.startswith("/"):
        return "" if url.startswith("//") else url
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else ""


def group_url(key: str) -> str:
    try:
        return reverse("showcase:group", args=[key])
    except NoReverseMatch:  # a key with a slash cannot be a path segment: its features show without a group page
        return ""


def _photo(feature) -> dict | None:
    image = feature.image
    if image is None:
        return None
    try:
        renditions = image.get_renditions(PHOTO, PHOTO_2X)
    except OSError:  # the original is missing or unreadable: show the placeholder instead
        return None
    small, large = renditions[PHOTO], renditions[PHOTO_2X]
    return {
        "src": small.url, "srcset": f"{small.url} 1x, {large.url} 2x", "width": small.width,
        "height": small.height, "alt": image.default_alt_text or feature.title,
    }


def _card(feature) -> dict:
    honour, tier = describe(feature.honour)
    citation = feature.citation.strip()
    excerpt = Truncator(citation).chars(CITATION_CHARS)
    link = safe_link(feature.link_url)
    return {
        "pk": feature.pk,
        "kind": feature.kind,
        "kind_label": str(Feature.Kind(feature.kind).label),
        "title": feature.title,
        "subtitle": feature.subtitle,
        "honour": honour,
        "tier": tier,
        "city": feature.city.name if feature.city_id else "",
        "year": feature.year,
        "group_title": feature.group_title,
        "group_url": group_url(feature.group_key),
        "excerpt": excerpt,
        "citation": citation if excerpt != citation else "",
        "link_url": link,
        "link_label": str(LINK_LABELS.get(feature.kind, _("Learn more"))),
        "external": link.startswith("http"),
        "photo": _photo(feature),
    }


def _with_photos(queryset):
    images = get_image_model().objects.prefetch_renditions(PHOTO, PHOTO_2X)
    return queryset.select_related("city").prefetch_related(Prefetch("image", queryset=images))


def _filtered(year: int | None, city: int | None):
    queryset = Feature.objects.public()
    if year is not None:
        queryset = queryset.filter(year=year)
    if city is not None:
        queryset = queryset.filter(city_id=city)
    return queryset


def facets() -> dict:
    """The years and cities that public features have, for the filter form (two queries, cached)."""

    def build():
        public = Feature.objects.public()
        years = sorted(set(public.values_list("year", flat=True).distinct()), reverse=True)
        cities = list(
            Organization.objects.filter(pk__in=public.exclude(city=None).values("city"))
            .order_by("path").values_list("pk", "name")
        )
        return {"years": years, "cities": cities}

    return _cached("facets", build=build)


def hub(*, year: int | None = None, city: int | None = None) -> dict:
    """The hub: the latest competitions with their first winners, and the latest gold courses, studios and stars,
    with the number of each (five queries, or seven when some have photos)."""

    def build():
        queryset = _filtered(year, city)
        counts = dict(queryset.values_list("kind").annotate(n=Count("pk")).order_by())
        groups = list(
            queryset.filter(kind=Feature.Kind.COMPETITION).values("group_key")
            .annotate(title=Max("group_title"), year=Max("year"), count=Count("pk"), latest=Max("published_at"))
            .order_by("-year", "-latest", "group_key")[:HUB_GROUPS]
        )
        keys = [group["group_key"] for group in groups]
        by_group: dict = {key: [] for key in keys}
        by_kind: dict = {kind.value: [] for kind in Feature.Kind}
        for feature in _hub_rows(queryset, keys):
            if feature.kind == Feature.Kind.COMPETITION:
                by_group[feature.group_key].append(_card(feature))
            else:
                by_kind[feature.kind].append(_card(feature))
        sections = []
        for kind in Feature.Kind:
            section = {"kind": kind.value, "label": str(HEADINGS[kind]), "count": counts.get(kind.value, 0),
                       "url": reverse("showcase:kind", args=[kind.value])}
            if kind == Feature.Kind.COMPETITION:
                section["groups"] = [
                    {"key": group["group_key"], "title": group["title"], "year": group["year"],
                     "count": group["count"], "url": group_url(group["group_key"]),
                     "cards": by_group[group["group_key"]]}
                    for group in groups
                ]
            else:
                section["cards"] = by_kind[kind.value]
            sections.append(section)
        return {"sections": sections, "total": sum(counts.values())}

    return _cached("hub", year or "", city or "", build=build)


def _hub_rows(queryset, keys):
    """The first HUB_CARDS features of each kind but competitions (latest year first) and of each competition in
    `keys` (in roll order), in one query: a window function numbers them per kind, and per group for
    competitions."""
    competition = Feature.Kind.COMPETITION
    partition = Case(When(kind=competition, then=F("group_key")), default=Value(""))
    order = [F("year").desc(), F("honour_order").asc(), F("rank").asc(), F("pk").asc()]
    numbered = (
        queryset.filter(~Q(kind=competition) | Q(group_key__in=keys))
        .annotate(honour_order=honour_order())
        .annotate(position=Window(RowNumber(), partition_by=[F("kind"), partition], order_by=order))
        .filter(position__lte=HUB_CARDS)
        .order_by(*order)
    )
    return _with_photos(numbered)


def kind_page(kind: str, *, year: int | None = None, city: int | None = None, page=1) -> dict:
    """One page of one kind's features, latest year first, then in roll order (four queries, six with photos)."""
    number = page_number(page)

    def build():
        queryset = _filtered(year, city).filter(kind=kind).annotate(honour_order=honour_order()).order_by(
            "-year", "group_key", "honour_order", "rank", "pk"
        )
        current = Paginator(_with_photos(queryset), PAGE_SIZE).get_page(number)
        return {"cards": [_card(feature) for feature in current], **_pages(current)}

    return _cached("kind", kind, year or "", city or "", number, build=build)


def group_page(key: str, *, page=1) -> dict | None:
    """One page of a group's features in roll order (一等奖 first), or None when the group has no public feature."""
    number = page_number(page)

    def build():
        queryset = Feature.objects.public().filter(group_key=key)
        summary = queryset.aggregate(
            count=Count("pk"), title=Max("group_title"), year=Max("year"), kind=Max("kind")
        )
        if not summary["count"]:
            return None
        per_honour = dict(queryset.values_list("honour").annotate(n=Count("pk")).order_by())
        current = Paginator(_with_photos(queryset.in_roll_order()), GROUP_PAGE_SIZE).get_page(number)
        sections: list[dict] = []
        for feature in current:
            if not sections or sections[-1]["raw"] != feature.honour:
                honour, tier = describe(feature.honour)
                sections.append({"raw": feature.honour, "honour": honour, "tier": tier,
                                 "count": per_honour.get(feature.honour, 0), "cards": []})
            sections[-1]["cards"].append(_card(feature))
        kind = Feature.Kind(summary["kind"])
        return {
            "key": key, "title": summary["title"], "year": summary["year"],
            "count": summary["count"], "kind": kind.value, "kind_label": str(HEADINGS[kind]),
            "kind_url": reverse("showcase:kind", args=[kind.value]), "sections": sections, **_pages(current),
        }

    return _cached("group", sha256(key.encode()).hexdigest(), number, build=build)  # any key makes a valid cache key


def latest() -> list[dict]:
    """The latest day's honours, top honours first, for the home page's strip (one query, three with photos)."""

    def build():
        queryset = (
            Feature.objects.public().annotate(day=TruncDate("published_at"), honour_order=honour_order())
            .order_by("-day", "honour_order", "rank", "-pk")[:LATEST]
        )
        return [_card(feature) for feature in _with_photos(queryset)]

    return _cached("latest", build=build)


def _pages(page) -> dict:
    return {"number": page.number, "num_pages": page.paginator.num_pages, "count": page.paginator.count}
