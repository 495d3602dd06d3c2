"""What the event page, the events index and the calendar show, each read in a fixed number of queries whatever
the number of sessions and registrations (seat counts are aggregated in SQL, the viewer's own registrations are
read in one query)."""

import calendar
import datetime

from django import forms
from django.core.paginator import Paginator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from people.models import Organization
from standards.models import Level, Topic

from .models import Registration, WorkshopPage, WorkshopSession
from .services import RegistrationError, check_eligibility

PAGE_SIZE = 20


def _sessions():
    return (
        WorkshopSession.objects.live()
        .with_counts()
        .select_related("page", "page__organization", "page__level")
        .order_by("starts_at", "pk")
    )


def _mine(request, sessions) -> dict[int, Registration]:
    """The viewer's live registration per session id (one query)."""
    if not request.user.is_authenticated:
        return {}
    return {
        registration.session_id: registration
        for registration in Registration.objects.live().filter(user=request.user, session__in=sessions)
    }


def event_context(request, page: WorkshopPage) -> dict:
    sessions = list(page.sessions.with_counts().order_by("starts_at", "pk"))
    mine = _mine(request, [session.pk for session in sessions])
    now = timezone.now()
    for session in sessions:
        session.mine = mine.get(session.pk)
        session.open_now = session.is_open(now)
        session.is_past = session.ends_at <= now
        session.seats_left = max(session.capacity - session.booked_count, 0)
    ineligible = None
    if request.user.is_authenticated:
        try:
            check_eligibility(page, request.user)
        except RegistrationError as error:
            ineligible = error.message
    return {
        "sessions": sessions,
        "ineligible": ineligible,
        "topics": list(page.topics.all()),
        "trainers": list(page.trainers.all()),
        "may_manage": request.user.is_authenticated
        and WorkshopSession.objects.managed_by(request.user).filter(page=page).exists(),
    }


def _cities() -> dict[str, Organization]:
    steplen = Organization.steplen
    return {city.path[: steplen * 2]: city for city in Organization.objects.cities()}


def _decorate(request, sessions) -> list[WorkshopSession]:
    sessions = list(sessions)
    cities = _cities()
    mine = _mine(request, [session.pk for session in sessions])
    steplen = Organization.steplen
    for session in sessions:
        session.city = cities.get(session.page.organization.path[: steplen * 2])
        session.mine = mine.get(session.pk)
        session.seats_left = max(session.capacity - session.booked_count, 0)
    return sessions


def upcoming_sessions(request, index=None):
    sessions = _sessions().filter(ends_at__gte=timezone.now())
    if index is not None:
        sessions = sessions.filter(page__path__startswith=index.path)
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _decorate(request, page.object_list)
    return page


class CalendarFilterForm(forms.Form):
    view = forms.ChoiceField(
        label=_("View"), required=False, choices=[("month", _("Month")), ("list", _("List"))]
    )
    month = forms.RegexField(label=_("Month"), regex=r"^\d{4}-\d{2}$", required=False)
    city = forms.ModelChoiceField(
        label=_("City"), queryset=Organization.objects.cities(), required=False, to_field_name="code",
        empty_label=_("All cities"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *WorkshopPage.Kind.choices],
                             required=False)
    level = forms.ModelChoiceField(label=_("Level"), queryset=Level.objects.all(), required=False,
                                   to_field_name="code", empty_label=_("All levels"))
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.active(), required=False,
                                   to_field_name="code", empty_label=_("All topics"))

    def first_of_month(self) -> datetime.date:
        value = self.cleaned_data.get("month") if self.is_valid() else None
        today = timezone.localdate()
        if value:
            year, month = (int(part) for part in value.split("-"))
            if 1 <= month <= 12 and 2000 <= year <= 2100:
                return datetime.date(year, month, 1)
        return today.replace(day=1)

    def filter(self, sessions):
        if not self.is_valid():
            return sessions
        data = self.cleaned_data
        if data.get("city"):
            sessions = sessions.filter(page__organization__path__startswith=data["city"].path)
        if data.get("kind"):
            sessions = sessions.filter(page__kind=data["kind"])
        if data.get("level"):
            sessions = sessions.filter(page__level=data["level"])
        if data.get("topic"):
            sessions = sessions.filter(page__topics=data["topic"])
        return sessions


def _shift(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def calendar_context(request) -> dict:
    form = CalendarFilterForm(request.GET or None)
    view = (form.cleaned_data.get("view") if form.is_valid() else "") or "month"
    sessions = form.filter(_sessions())
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "view": view}
    if view == "list":
        page = Paginator(sessions.filter(ends_at__gte=timezone.now()), PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = _decorate(request, page.object_list)
        query.pop("month", None)
        context.update(page_obj=page, query=query.urlencode())
        return context
    first = form.first_of_month()
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(first, datetime.time.min, tz)
    end = datetime.datetime.combine(_shift(first, 1), datetime.time.min, tz)
    by_day: dict[datetime.date, list] = {}
    for session in _decorate(request, sessions.filter(starts_at__gte=start, starts_at__lt=end)):
        by_day.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    weeks = [
        [{"date": day, "in_month": day.month == first.month, "sessions": by_day.get(day, [])} for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    ]
    query.pop("month", None)
    context.update(
        month=first, weeks=weeks, previous=_shift(first, -1), next=_shift(first, 1), query=query.urlencode(),
        weekdays=[_("Mon"), _("Tue"), _("Wed"), _("Thu"), _("Fri"), _("Sat"), _("Sun")],
        total=sum(len(items) for items in by_day.values()),
    )
    return context


def next_sessions(user, limit: int = 3) -> list[Registration]:
    """For the dashboard: the person's next sessions they are booked, waiting or pending for (one query)."""
    return list(
        Registration.objects.live()
        .filter(user=user, session__ends_at__gte=timezone.now(), session__status=WorkshopSession.Status.SCHEDULED)
        .select_related("session__page")
        .order_by("session__starts_at")[:limit]
    )
