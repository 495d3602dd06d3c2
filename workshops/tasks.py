"""Background work of the workshops app: e-mails (each sent once, see workshops.notifications) and the periodic
reminder and feedback-request sweeps run by Celery beat. Tasks take ids and are safe to run again."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from . import notifications
from .models import Registration, WorkshopSession
from .services import schedule_key

FEEDBACK_WINDOW = timedelta(days=3)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_notification(registration_id: int, kind: str, key: str = "") -> None:
    notifications.send(registration_id, kind, key)


@shared_task(acks_late=True)
def send_reminders() -> int:
    """Remind every booked participant of a session that starts within 24 hours (once per schedule)."""
    now = timezone.now()
    registrations = Registration.objects.filter(
        status=Registration.Status.BOOKED,
        session__status=WorkshopSession.Status.SCHEDULED,
        session__page__live=True,
        session__starts_at__gt=now,
        session__starts_at__lte=now + timedelta(hours=24),
    ).select_related("session")
    count = 0
    for registration in registrations.iterator():
        send_notification.delay(registration.pk, "reminder", schedule_key(registration.session))
        count += 1
    return count


@shared_task(acks_late=True)
def send_feedback_requests() -> int:
    """Ask participants who attended a session that ended in the last three days for their feedback (once)."""
    now = timezone.now()
    registrations = Registration.objects.filter(
        status=Registration.Status.BOOKED,
        attendance__in=[Registration.Attendance.ATTENDED, Registration.Attendance.PARTIAL],
        session__status=WorkshopSession.Status.SCHEDULED,
        session__ends_at__lte=now,
        session__ends_at__gt=now - FEEDBACK_WINDOW,
        feedback__isnull=True,
    ).values_list("pk", flat=True)
    count = 0
    for registration_id in registrations.iterator():
        send_notification.delay(registration_id, "feedback")
        count += 1
    return count
