"""The e-mails about a registration, each sent at most once.

`send(registration, kind, key)` claims a SentNotification row with a unique key before the e-mail goes out, in one
transaction with the sending: a second run (a retried or duplicated task, a beat that fires twice) finds the key
taken and sends nothing; a failed send rolls the claim back so that the retry can send it. The e-mail is written in
the language the person used when they signed up (zh-Hans by default, English when they chose it).
"""

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import Registration, SentNotification

KINDS = {
    "booked", "waitlisted", "pending", "promoted", "rejected", "session_cancelled", "session_changed", "reminder",
    "feedback",
}


def subject_for(kind: str, title: str) -> str:
    subjects = {
        "booked": _("Your seat is booked: %(title)s"),
        "waitlisted": _("You are on the waitlist: %(title)s"),
        "pending": _("Your sign-up awaits approval: %(title)s"),
        "promoted": _("A seat has become free for you: %(title)s"),
        "rejected": _("Your sign-up was not approved: %(title)s"),
        "session_cancelled": _("Cancelled: %(title)s"),
        "session_changed": _("Changed date or place: %(title)s"),
        "reminder": _("Reminder: %(title)s starts soon"),
        "feedback": _("How was %(title)s? Please rate it"),
    }
    return subjects[kind] % {"title": title}


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send(registration_id: int, kind: str, key: str = "") -> bool:
    """Send the `kind` e-mail about a registration once per (kind, registration, key); True if sent now."""
    if kind not in KINDS:
        return False
    registration = (
        Registration.objects.select_related("user", "session__page").filter(pk=registration_id).first()
    )
    if registration is None:
        return False
    claim = f"{kind}:{registration_id}:{key}"[:120]
    with transaction.atomic():
        try:
            with transaction.atomic():
                SentNotification.objects.create(registration=registration, kind=kind, key=claim)
        except IntegrityError:
            return False
        session = registration.session
        language = registration.language if registration.language in dict(settings.LANGUAGES) else None
        with translation.override(language or settings.LANGUAGE_CODE):
            context = {
                "kind": kind,
                "registration": registration,
                "session": session,
                "page": session.page,
                "site_name": settings.LMS_PLATFORM_NAME,
                "event_url": _absolute(session.page.url or "/"),
                "my_url": _absolute(reverse("workshops:mine")),
                "ics_url": _absolute(reverse("workshops:session_ics", args=[session.pk])),
                "feedback_url": _absolute(reverse("workshops:feedback", args=[registration.pk])),
            }
            subject = subject_for(kind, registration.title)
            body = render_to_string("workshops/email/notification.txt", context)
        send_mail(subject, body, None, [registration.user.email])
    return True
