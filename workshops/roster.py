"""The roster of a session: who is booked, waiting or pending, and their attendance; as a page and as an XLSX
file written row by row through `lms.spreadsheets` (write-only mode into a temporary file, cells neutralized), so a
long roster never sits in memory and a name cannot become a formula."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Registration, WorkshopSession

ORDER = {Registration.Status.BOOKED: 0, Registration.Status.PENDING: 1, Registration.Status.WAITLISTED: 2}


def registrations(session: WorkshopSession) -> list[Registration]:
    rows = (
        Registration.objects.live()
        .filter(session=session)
        .select_related("user__organization")
        .order_by("created_at", "pk")
    )
    return sorted(rows, key=lambda registration: ORDER[registration.status])


def counts(rows: list[Registration]) -> dict[str, int]:
    result = {status: 0 for status in ("booked", "waitlisted", "pending", "attended", "partial", "no_show")}
    for registration in rows:
        result[registration.status] += 1
        if registration.attendance:
            result[registration.attendance] += 1
    return result


def rows(session: WorkshopSession):
    """The roster as spreadsheet rows: a title row, the headings, then one row per live registration."""
    yield [session.page.title, f"{timezone.localtime(session.starts_at):%Y-%m-%d %H:%M}", session.place]
    yield [
        _("No."), _("Name"), _("E-mail"), _("Phone"), _("Organization"), _("Status"), _("Signed up at"),
        _("Checked in at"), _("Attendance"), _("Signature"),
    ]
    live = (
        Registration.objects.live()
        .filter(session=session)
        .select_related("user__organization")
        .order_by("status", "created_at", "pk")
    )
    for number, registration in enumerate(live.iterator(chunk_size=500), start=1):
        user = registration.user
        yield [
            number, user.real_name, user.email, user.phone, str(user.organization or ""),
            str(registration.get_status_display()),
            f"{timezone.localtime(registration.created_at):%Y-%m-%d %H:%M}",
            f"{timezone.localtime(registration.checked_in_at):%H:%M}" if registration.checked_in_at else "",
            str(registration.get_attendance_display()) if registration.attendance else "", "",
        ]
