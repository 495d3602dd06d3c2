"""The approval gate: only approved accounts may use the platform.

A self-registered account is pending until an admin of its organization approves it, and rejected if the admin
refuses. A pending account may sign in and see its status (the dashboard and the profile say whose approval it
awaits) and nothing more; a rejected one sees that it was refused, with the reason when one was recorded, and nothing
else. This module is the one place that rule lives:

- `is_active_member(user)` is the test every access check uses (library resources and files, course items, search,
  documents): a pending or rejected account is treated like a visitor who is not signed in, and is a member of no
  organization yet.
- `require_active(user)` is the guard every service that acts for a person calls first (enroll, lesson done, quiz
  attempts and answers, CPD claims, downloads, bookmarks, workshop sign-up); it raises `AccessError` with a code.
- `people.middleware.ApprovalGateMiddleware` answers every other page of a pending or rejected account with the
  status page (403), and turns an `AccessError` raised anywhere below it into that page too.
"""

from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry

from .models import User


class AccessError(Exception):
    """Refused because the account is not approved; `code` is "sign_in", "pending_approval" or "rejected"."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def is_active_member(user) -> bool:
    """Whether `user` is signed in, active and approved: the only accounts that may use the platform."""
    return (
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.approval_status == User.ApprovalStatus.APPROVED
    )


def require_active(user) -> None:
    """Raise `AccessError` unless `user` may use the platform (see `is_active_member`)."""
    if is_active_member(user):
        return
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise AccessError(_("Sign in to continue."), code="sign_in")
    if user.approval_status == User.ApprovalStatus.REJECTED:
        raise AccessError(_("Your registration was not approved, so you cannot use the platform."), code="rejected")
    raise AccessError(
        _("Your registration is waiting for approval by %(organization)s. You can use the platform once it has "
          "been approved.") % {"organization": user.organization or _("your organization")},
        code="pending_approval",
    )


def rejection_reason(user) -> str:
    """The reason recorded when the registration of `user` was rejected ("" when none was given)."""
    entry = (
        ModelLogEntry.objects.for_instance(user).filter(action="people.signup.rejected").order_by("-timestamp", "-pk")
        .only("data").first()
    )
    return str((entry.data or {}).get("reason", "")) if entry else ""
