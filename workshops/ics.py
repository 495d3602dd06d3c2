"""iCalendar files: one session, and a person's feed of the sessions they are registered for."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Registration, WorkshopSession

FEED_HISTORY = timedelta(days=180)


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Shandong counselor training platform//workshops//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _event(session: WorkshopSession) -> Event:
    event = Event()
    event.add("uid", f"workshop-session-{session.pk}@lms")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", session.page.title)
    if session.place:
        event.add("location", session.place)
    if session.online_url:
        event.add("url", session.online_url)
    event.add("description", session.page.summary or session.page.title)
    event.add("status", "CANCELLED" if session.is_cancelled else "CONFIRMED")
    return event


def session_calendar(session: WorkshopSession) -> bytes:
    cal = _calendar(session.page.title)
    cal.add_component(_event(session))
    return cal.to_ical()


def personal_calendar(user, name: str) -> bytes:
    """The person's booked, waitlisted and pending sessions of the last half year and the future."""
    cal = _calendar(name)
    registrations = (
        Registration.objects.live()
        .filter(user=user, session__ends_at__gte=timezone.now() - FEED_HISTORY)
        .select_related("session__page")
        .order_by("session__starts_at")
    )
    for registration in registrations:
        cal.add_component(_event(registration.session))
    return cal.to_ical()
