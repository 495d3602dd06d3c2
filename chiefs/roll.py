"""The public roll of chief counselors by city, cached: the rows are read once per cache version and page, so
anonymous visitors cost no queries; every appointment (and every term that ends) starts a new version."""

from uuid import uuid4

from django.core.cache import cache
from django.core.paginator import Paginator
from django.utils import timezone

VERSION_KEY = "chiefs:roll:version"
TIMEOUT = 60 * 60
PAGE_SIZE = 50


def invalidate_roll() -> None:
    cache.set(VERSION_KEY, uuid4().hex, None)


def roll_page(page_number, *, language: str) -> dict:
    """One page of current chief counselors, ordered by city then name, as plain data (cacheable). Anything but a
    page number of up to four digits means the first page, so odd queries never make new cache keys."""
    from .models import Appointment

    page_number = int(page_number) if str(page_number or "").isdigit() and len(str(page_number)) <= 4 else 1
    version = cache.get_or_set(VERSION_KEY, uuid4().hex, None)
    today = timezone.localdate()
    key = f"chiefs:roll:{version}:{language}:{today.isoformat()}:{page_number}"
    data = cache.get(key)
    if data is None:
        appointments = Appointment.objects.current(today).select_related("holder__organization", "city").order_by(
            "city__path", "holder__real_name", "pk"
        )
        page = Paginator(appointments, PAGE_SIZE).get_page(page_number)
        data = {
            "rows": [
                {
                    "name": appointment.holder.get_full_name(),
                    "organization": str(appointment.holder.organization or ""),
                    "city": str(appointment.city or ""),
                    "starts_on": appointment.starts_on,
                    "ends_on": appointment.ends_on,
                }
                for appointment in page
            ],
            "number": page.number,
            "num_pages": page.paginator.num_pages,
            "count": page.paginator.count,
        }
        cache.set(key, data, TIMEOUT)
    return data
