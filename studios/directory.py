"""The public studio directory, cached: each page of the list and each studio's page are read once per cache
version as plain data, so anonymous visitors cost no queries. Every change that the directory shows (a studio saved
in the admin, its members or services changed, the lead's details, a published rating) starts a new version."""

from uuid import uuid4

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch

VERSION_KEY = "studios:directory:version"
TIMEOUT = 60 * 60
PAGE_SIZE = 20


def invalidate_directory(*args, **kwargs) -> None:
    """Start a new cache version (usable as a signal receiver)."""
    cache.set(VERSION_KEY, uuid4().hex, None)


def _version() -> str:
    return cache.get_or_set(VERSION_KEY, uuid4().hex, None)


def _number(value, *, digits: int = 4) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) <= digits else None


def _row(studio) -> dict:
    return {
        "pk": studio.pk, "url": studio.get_absolute_url(), "name": studio.name, "kind": studio.get_kind_display(),
        "organization": str(studio.organization), "city": str(studio.city), "address": studio.address,
        "opening_hours": studio.opening_hours, "phone": studio.phone,
        "services": [topic.name for topic in studio.services.all()],
        "rating": studio.get_rating_display() if studio.rating else "", "rating_code": studio.rating,
        "rating_score": studio.rating_score, "rated_on": studio.rated_on,
    }


def _listed():
    from .models import Studio

    return Studio.objects.public().select_related("organization", "city").prefetch_related(
        Prefetch("services", queryset=_topics())
    )


def _topics():
    from standards.models import Topic

    return Topic.objects.order_by("sort_order", "code")


def filters(*, language: str) -> dict:
    """The cities and services that have listed studios, for the filter form (cached)."""
    from people.models import Organization

    from .models import Studio

    key = f"studios:directory:{_version()}:{language}:filters"
    data = cache.get(key)
    if data is None:
        listed = Studio.objects.public()
        cities = Organization.objects.filter(pk__in=listed.values("city_id")).order_by("path")
        topics = _topics().filter(studios__in=listed.values("pk")).distinct()
        data = {
            "cities": [(city.code, str(city)) for city in cities],
            "services": [(topic.code, topic.name) for topic in topics],
        }
        cache.set(key, data, TIMEOUT)
    return data


def directory_page(*, city: str, service: str, page, language: str) -> dict:
    """One page of listed studios, by city then name, filtered by city code and service (topic) code, as plain
    data. Unknown filter values are ignored and odd page numbers mean the first page, so odd queries never make
    unbounded new cache keys."""
    from people.models import Organization


    known = filters(language=language)
    city = city if city in {code for code, _name in known["cities"]} else ""
    service = service if service in {code for code, _name in known["services"]} else ""
    number = _number(page) or 1
    key = f"studios:directory:{_version()}:{language}:{city}:{service}:{number}"
    data = cache.get(key)
    if data is None:
        studios = _listed().annotate(members=Count("memberships")).order_by("city__path", "name", "pk")
        if city:
            studios = studios.filter(city__in=Organization.objects.filter(code=city))
        if service:
            studios = studios.filter(services__code=service)
        page_obj = Paginator(studios, PAGE_SIZE).get_page(number)
        data = {
            "rows": [{**_row(studio), "members": studio.members} for studio in page_obj],
            "number": page_obj.number, "num_pages": page_obj.paginator.num_pages, "count": page_obj.paginator.count,
            "city": city, "service": service,
        }
        cache.set(key, data, TIMEOUT)
    return data


def studio_page(pk: int, *, language: str) -> dict | None:
    """A listed studio's public page as plain data, or None when it is closed, not public or unknown."""
    from .models import StudioRating

    key = f"studios:directory:{_version()}:{language}:studio:{pk}"
    data = cache.get(key)
    if data is None:
        studio = _listed().select_related("lead").annotate(members=Count("memberships")).filter(pk=pk).first()
        if studio is None:
            data = {"missing": True}
        else:
            history = StudioRating.objects.filter(studio=studio).order_by("-rated_on", "-pk")[:10]
            data = {
                **_row(studio), "members": studio.members, "description": studio.description,
                "lead": studio.lead.get_full_name(),
                "history": [{"rating": item.get_rating_display(), "score": item.score, "rated_on": item.rated_on}
                            for item in history],
            }
        cache.set(key, data, TIMEOUT)
    return None if data.get("missing") else data
