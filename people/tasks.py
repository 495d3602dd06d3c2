"""E-mail sent on behalf of the people app. Tasks take ids and are safe to run again."""

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import User


def _absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _send(user: User, template: str, context: dict) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        context = {"user": user, "site_name": settings.LMS_PLATFORM_NAME, **context}
        subject = render_to_string(f"people/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"people/email/{template}_message.txt", context)
    send_mail(subject, body, None, [user.email])


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(user_id: int) -> None:
    """Invite a person to set their password; skipped once they have one (a retry sends nothing new)."""
    user = User.objects.select_related("organization").filter(pk=user_id, is_active=True).first()
    if user is None or user.has_usable_password():
        return
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    _send(user, "invitation", {"set_password_url": _absolute(path)})


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_signup_decision(user_id: int, reason: str) -> None:
    """Tell an applicant whether their registration was approved or rejected."""
    user = User.objects.select_related("organization").filter(pk=user_id).first()
    if user is None or user.is_pending:
        return
    _send(user, "signup_decision", {"reason": reason, "login_url": _absolute(reverse("account_login"))})
