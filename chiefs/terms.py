"""Terms of appointment: the reminder before a term ends (once per appointment: the row is claimed by a conditional
update before the e-mail goes out) and the end of the title when the term is over and no later appointment
continues it (the 首席 level record is revoked with the reason, so the ladder shows 一级 again)."""

from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from wagtail.log_actions import log

from certification.models import LevelRecord

from .models import Appointment
from .roll import invalidate_roll

REMINDER_DAYS = 90


def send_reminders() -> int:
    """E-mail each chief counselor whose term ends within REMINDER_DAYS, once; returns how many were sent."""
    today = timezone.localdate()
    due = Appointment.objects.current(today).filter(
        ends_on__lte=today + timedelta(days=REMINDER_DAYS), reminder_sent_at__isnull=True
    ).select_related("holder")
    sent = 0
    for appointment in due:
        claimed = Appointment.objects.filter(pk=appointment.pk, reminder_sent_at__isnull=True).update(
            reminder_sent_at=timezone.now()
        )
        if not claimed:  # another worker took it
            continue
        with translation.override(settings.LANGUAGE_CODE):
            context = {"appointment": appointment, "holder": appointment.holder}
            send_mail(
                render_to_string("chiefs/email/term_reminder_subject.txt", context).strip(),
                render_to_string("chiefs/email/term_reminder.txt", context),
                None, [appointment.holder.email],
            )
        log(appointment, "chiefs.appointment.reminded", user=None)
        sent += 1
    return sent


def end_finished_terms() -> int:
    """Revoke the title's level record of every term that has ended, unless a current appointment holds it."""
    today = timezone.localdate()
    ended = Appointment.objects.filter(ends_on__lt=today, level_record__revoked_at__isnull=True)
    count = 0
    for appointment in ended.select_related("level_record"):
        if Appointment.objects.current(today).filter(level_record=appointment.level_record).exists():
            continue
        with transaction.atomic():
            changed = LevelRecord.objects.filter(pk=appointment.level_record_id, revoked_at__isnull=True).update(
                revoked_at=timezone.now(), revocation_reason="首席职业指导师任期届满"
            )
            if changed:
                log(appointment, "chiefs.appointment.term_ended", user=None)
                count += 1
    if count:
        invalidate_roll()
    return count
