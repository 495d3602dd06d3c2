"""Operations on people that span rows or have side effects: signup approval and invitations.

Each runs in one transaction, locks the contested row, raises `PeopleError` with a code on bad input, writes an
audit entry through Wagtail's log, and sends e-mail through Celery only after the transaction commits.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .models import Organization, Role, User


class PeopleError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def grant_role(user: User, role: Role) -> None:
    user.groups.add(Group.objects.get(name=role.value))
    user.__dict__.pop("role_names", None)


def register_self_signup(user: User, *, real_name: str, organization: Organization, phone: str = "") -> User:
    """A self-registered person: pending until an admin of their organization approves; no role until then."""
    user.real_name = real_name
    user.organization = organization
    user.phone = phone
    user.approval_status = User.ApprovalStatus.PENDING
    user.save(update_fields=["real_name", "organization", "phone", "approval_status"])
    log(user, "people.signup.requested", user=user)
    return user


def _lock_pending(actor: User, user_id: int) -> User:
    person = User.objects.visible_to(actor).select_for_update(of=("self",)).filter(pk=user_id).first()
    if person is None:
        raise PeopleError(_("This person does not exist or is outside your organization."), code="not_found")
    if person.pk == actor.pk:
        raise PeopleError(_("You cannot decide on your own registration."), code="own_registration")
    if person.approval_status != User.ApprovalStatus.PENDING:
        raise PeopleError(
            _("This registration has already been decided by someone else."), code="already_decided"
        )
    return person


def approve_signup(actor: User, user_id: int) -> User:
    """Approve a pending registration: the person becomes a counselor of their organization."""
    from .tasks import send_signup_decision

    with transaction.atomic():
        person = _lock_pending(actor, user_id)
        person.approval_status = User.ApprovalStatus.APPROVED
        person.save(update_fields=["approval_status"])
        grant_role(person, Role.COUNSELOR)
        log(person, "people.signup.approved", user=actor)
        transaction.on_commit(lambda: send_signup_decision.delay(person.pk, ""))
    return person


def reject_signup(actor: User, user_id: int, reason: str) -> User:
    """Reject a pending registration with a reason that is sent to the applicant."""
    from .tasks import send_signup_decision

    reason = (reason or "").strip()
    if not reason:
        raise PeopleError(_("Give a reason for the rejection."), code="reason_required")
    with transaction.atomic():
        person = _lock_pending(actor, user_id)
        person.approval_status = User.ApprovalStatus.REJECTED
        person.save(update_fields=["approval_status"])
        log(person, "people.signup.rejected", user=actor, data={"reason": reason})
        transaction.on_commit(lambda: send_signup_decision.delay(person.pk, reason))
    return person


def invite(actor: User, user: User) -> None:
    """Send (or send again) an invitation with a link to set a password, after the current transaction commits."""
    from .tasks import send_invitation

    if user.has_usable_password():
        raise PeopleError(_("%(name)s has already set a password.") % {"name": user}, code="already_active")
    log(user, "people.invitation.sent", user=actor)
    transaction.on_commit(lambda: send_invitation.delay(user.pk))
