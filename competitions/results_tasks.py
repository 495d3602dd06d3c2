"""Background work of the results: the e-mail telling an entrant (or a team's registrar) that a round's results are
published, sent at most once per RoundEntry. Imported when the app starts (competitions.subjects), so workers know it.

The task claims `RoundEntry.notified_at` with a conditional update in the transaction that sends the e-mail: a second
run (a retry, a duplicate, a second publication) finds it claimed and sends nothing; a failed send rolls the claim back
so that the retry sends it.
"""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Round, RoundEntry


def send_notice(round_entry_id: int) -> bool:
    """Send the results e-mail of one RoundEntry once; True if sent now."""
    round_entry = (
        RoundEntry.objects.select_related("round__competition", "entry__entrant", "entry__registered_by")
        .filter(pk=round_entry_id, round__status=Round.Status.PUBLISHED).first()
    )
    if round_entry is None:
        return False
    entry = round_entry.entry
    recipient = entry.entrant or entry.registered_by
    if recipient is None or not recipient.email:
        return False
    with transaction.atomic():
        if not RoundEntry.objects.filter(pk=round_entry_id, notified_at__isnull=True).update(
            notified_at=timezone.now()
        ):
            return False
        with translation.override(settings.LANGUAGE_CODE):
            context = {
                "round_entry": round_entry, "entry": entry, "round": round_entry.round,
                "competition": round_entry.round.competition, "recipient": recipient,
                "site_name": settings.LMS_PLATFORM_NAME,
                "site_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/"),
            }
            subject = _("Results published: %(competition)s · %(round)s") % {
                "competition": round_entry.round.competition.title, "round": round_entry.round.name,
            }
            body = render_to_string("competitions/results/email/notice.txt", context)
        send_mail(subject, body, None, [recipient.email])
    return True


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_result_notice(round_entry_id: int) -> bool:
    return send_notice(round_entry_id)
