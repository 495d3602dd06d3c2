"""E-mail to the host supervisor (Celery, enqueued on commit by practicum.services): the one-time sign-off link.

Takes the link's id only: the token is derived again from the link's nonce and the server's secret key. Idempotent:
a link already sent, used, revoked or expired is not sent; a retry after a failed send sends it (a second copy of the
same link is harmless)."""

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import SignoffLink


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_signoff_link(link_id: int) -> bool:
    from .services import token_for

    link = SignoffLink.objects.select_related("placement__counselor", "placement__partner").filter(pk=link_id).first()
    if link is None or link.sent_at is not None or not link.is_live():
        return False
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("practicum:signoff", args=[token_for(link)])
    with translation.override(settings.LANGUAGE_CODE):
        context = {"link": link, "placement": link.placement, "url": url}
        send_mail(
            render_to_string("practicum/email/signoff_subject.txt", context).strip(),
            render_to_string("practicum/email/signoff.txt", context),
            None, [link.email],
        )
    SignoffLink.objects.filter(pk=link.pk, sent_at__isnull=True).update(sent_at=timezone.now())
    return True
