"""Scene-based practice placements: propose or create → approve → log → submit → supervisor signs off or returns.

    propose(counselor, **fields)                         # the counselor proposes; an admin of their scope decides
    create_placement(admin, counselor=..., **fields)     # an admin creates it planned at once
    approve_proposal(placement_id, actor=admin) / decline_proposal(placement_id, actor=admin, reason=...)
    save_entry(placement_id, counselor, day=..., hours=..., activities=..., reflection=..., entry_id=None)
    delete_entry(entry_id, counselor)
    submit(placement_id, counselor)                      # a one-time link e-mailed to the supervisor on commit
    resend_link(placement_id, actor=admin)               # a new link; the old one is dead
    link_for(token) -> SignoffLink | None                # the live link of a token, or None
    sign_off(token, hours=..., assessment=..., signature=...)   # credit once (kind practicum)
    return_placement(token, reason=...)
    withdraw(placement_id, actor)                        # the counselor or an admin, before sign-off

Rules. A mature programme lets the counselor propose (they know the partner and the supervisor) and their
organization admin approve; an admin may also create a placement planned. Only admins whose scope holds the counselor
decide, never on their own placement. Log entries: dates inside the placement and not in the future, hours per day in
(0, 12], one entry per day, the total at most twice the planned hours; the log is read-only once submitted or signed
off (editable again after a return). Submitting needs at least one entry. The supervisor's token works once: the link
row is locked, must be live (not used, not revoked, not expired) and its placement submitted; confirmed hours are
positive and at most the logged total. Credit goes through cpd.services.record_credit with source
`practicum:<placement id>`, which the ledger's unique constraint keeps to one entry even when two sign-offs race.
Errors are `PracticumError` with a code; every step writes an audit entry (`practicum.*`).
"""

import hashlib
import hmac
import secrets
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cpd.models import CreditEntry
from cpd.services import CreditError, record_credit
from people.access import require_active
from people.models import Role, User

from .models import LINK_LIFETIME, MAX_HOURS_PER_DAY, LogEntry, Partner, Placement, SignoffLink

MAX_TEXT = 4000
PLACEMENT_FIELDS = ("partner", "event", "title", "starts_on", "ends_on", "supervisor_name", "supervisor_title",
                    "supervisor_email", "supervisor_phone", "objectives", "planned_hours", "topic", "category")


class PracticumError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def is_admin_over(actor, counselor) -> bool:
    """Whether `actor` is an organization or province admin whose scope holds `counselor` (never themselves)."""
    if actor.pk == counselor.pk:
        return False
    if not (actor.manages_whole_province or actor.has_role(Role.ORG_ADMIN)):
        return False
    return User.objects.visible_to(actor).filter(pk=counselor.pk).exists()


def _hours(value, *, code="invalid_hours") -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        hours = None
    if hours is None or not hours.is_finite() or hours <= 0 or hours != hours.quantize(Decimal("0.1")):
        raise PracticumError(_("Hours must be a positive number with at most one decimal place."), code=code)
    return hours


def _text(value, *, message, code, required=True, limit=MAX_TEXT) -> str:
    value = (value or "").strip()
    if required and not value:
        raise PracticumError(message, code=code)
    return value[:limit]


def _clean_fields(fields: dict) -> dict:
    data = {name: fields.get(name) for name in PLACEMENT_FIELDS}
    partner = data["partner"]
    if not isinstance(partner, Partner) or not partner.active:
        raise PracticumError(_("Choose an active partner organization."), code="invalid_partner")
    if data["starts_on"] is None or data["ends_on"] is None:
        raise PracticumError(_("Give the start and end dates."), code="dates_required")
    if data["ends_on"] < data["starts_on"]:
        raise PracticumError(_("The placement cannot end before it starts."), code="dates_out_of_order")
    if (data["ends_on"] - data["starts_on"]).days > 366:
        raise PracticumError(_("A placement lasts at most a year."), code="too_long")
    data["planned_hours"] = _hours(data["planned_hours"])
    if data["planned_hours"] > 999:
        raise PracticumError(_("Plan at most 999 hours."), code="invalid_hours")
    if data["category"] not in CreditEntry.Category.values:
        raise PracticumError(_("Choose professional or public subjects."), code="invalid_category")
    data["title"] = _text(data["title"], message=_("Give the placement a title."), code="title_required", limit=120)
    data["objectives"] = _text(data["objectives"], message=_("Describe the objectives."), code="objectives_required")
    data["supervisor_name"] = _text(data["supervisor_name"], message=_("Name the host supervisor."),
                                    code="supervisor_required", limit=60)
    data["supervisor_email"] = _text(data["supervisor_email"], message=_("Give the supervisor's e-mail address."),
                                     code="supervisor_required", limit=254)
    data["supervisor_title"] = _text(data["supervisor_title"], message="", code="", required=False, limit=60)
    data["supervisor_phone"] = _text(data["supervisor_phone"], message="", code="", required=False, limit=30)
    return data


def propose(counselor, **fields) -> Placement:
    """The counselor proposes a placement; it waits for an admin of their scope."""
    require_active(counselor)
    if not counselor.has_role(Role.COUNSELOR):
        raise PracticumError(_("Only counselors propose placements."), code="forbidden")
    data = _clean_fields(fields)
    with transaction.atomic():
        placement = Placement.objects.create(counselor=counselor, created_by=counselor,
                                             status=Placement.Status.PROPOSED, **data)
        log(placement, "practicum.placement.proposed", user=counselor)
    return placement


def create_placement(actor, *, counselor, **fields) -> Placement:
    """An admin whose scope holds the counselor creates a placement, planned at once."""
    if not is_admin_over(actor, counselor):
        raise PracticumError(_("You may arrange placements only for people of your own organization."),
                             code="forbidden")
    data = _clean_fields(fields)
    with transaction.atomic():
        placement = Placement.objects.create(counselor=counselor, created_by=actor, approved_by=actor,
                                             status=Placement.Status.PLANNED, **data)
        log(placement, "practicum.placement.created", user=actor)
    return placement


def _lock(placement_id) -> Placement:
    placement = (
        Placement.objects.select_for_update(of=("self",)).select_related("counselor", "partner")
        .filter(pk=placement_id).first()
    )
    if placement is None:
        raise PracticumError(_("This placement does not exist."), code="not_found")
    return placement


def _lock_for_admin(placement_id, actor) -> Placement:
    placement = _lock(placement_id)
    if not is_admin_over(actor, placement.counselor):
        raise PracticumError(_("This placement does not exist."), code="not_found")
    return placement


def approve_proposal(placement_id: int, *, actor) -> Placement:
    with transaction.atomic():
        placement = _lock_for_admin(placement_id, actor)
        if placement.status != Placement.Status.PROPOSED:
            raise PracticumError(_("This proposal was already decided."), code="already_decided")
        placement.status, placement.approved_by = Placement.Status.PLANNED, actor
        placement.save(update_fields=["status", "approved_by"])
        log(placement, "practicum.placement.approved", user=actor)
    return placement


def decline_proposal(placement_id: int, *, actor, reason: str) -> Placement:
    reason = _text(reason, message=_("Give the reason for declining."), code="reason_required")
    with transaction.atomic():
        placement = _lock_for_admin(placement_id, actor)
        if placement.status != Placement.Status.PROPOSED:
            raise PracticumError(_("This proposal was already decided."), code="already_decided")
        placement.status, placement.decision_reason, placement.approved_by = (
            Placement.Status.DECLINED, reason, actor
        )
        placement.save(update_fields=["status", "decision_reason", "approved_by"])
        log(placement, "practicum.placement.declined", user=actor, data={"reason": reason})
    return placement


def _lock_own(placement_id, counselor) -> Placement:
    require_active(counselor)
    placement = _lock(placement_id)
    if placement.counselor_id != counselor.pk:
        raise PracticumError(_("This placement does not exist."), code="not_found")
    return placement


def save_entry(placement_id: int, counselor, *, day, hours, activities, reflection="", entry_id=None) -> LogEntry:
    """Add (or correct) one day of the counselor's log while the placement takes entries."""
    hours = _hours(hours)
    if hours > MAX_HOURS_PER_DAY:
        raise PracticumError(_("At most %(hours)s hours a day.") % {"hours": MAX_HOURS_PER_DAY},
                             code="too_many_hours")
    activities = _text(activities, message=_("Describe what you did."), code="activities_required")
    reflection = _text(reflection, message="", code="", required=False)
    with transaction.atomic():
        placement = _lock_own(placement_id, counselor)
        if not placement.is_logging:
            raise PracticumError(_("The log of this placement cannot be changed now."), code="log_closed")
        if day is None or not placement.starts_on <= day <= placement.ends_on:
            raise PracticumError(_("The date must lie within the placement's dates."), code="date_outside")
        if day > timezone.localdate():
            raise PracticumError(_("You cannot log a day in the future."), code="future_date")
        others = placement.entries.exclude(pk=entry_id) if entry_id else placement.entries.all()
        logged = others.aggregate(total=Sum("hours"))["total"] or Decimal(0)
        if logged + hours > placement.planned_hours * 2:
            raise PracticumError(_("The log would exceed twice the planned hours; check the figures."),
                                 code="total_too_high")
        if entry_id:
            entry = placement.entries.filter(pk=entry_id).first()
            if entry is None:
                raise PracticumError(_("This log entry does not exist."), code="not_found")
        else:
            entry = LogEntry(placement=placement)
        entry.day, entry.hours, entry.activities, entry.reflection = day, hours, activities, reflection
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError as error:
            raise PracticumError(_("There is already an entry for this day."), code="duplicate_day") from error
        if placement.status == Placement.Status.PLANNED:
            placement.status = Placement.Status.IN_PROGRESS
            placement.save(update_fields=["status"])
            log(placement, "practicum.placement.started", user=counselor)
        log(placement, "practicum.entry.saved", user=counselor, data={"day": day.isoformat(), "hours": str(hours)})
    return entry


def delete_entry(entry_id: int, counselor, *, placement_id: int | None = None) -> None:
    """Remove one day of the counselor's own log while the placement takes entries."""
    with transaction.atomic():
        entries = LogEntry.objects.filter(pk=entry_id, placement__counselor=counselor)
        entry = (entries.filter(placement_id=placement_id) if placement_id else entries).first()
        if entry is None:
            raise PracticumError(_("This log entry does not exist."), code="not_found")
        placement = _lock_own(entry.placement_id, counselor)
        if not placement.is_logging:
            raise PracticumError(_("The log of this placement cannot be changed now."), code="log_closed")
        entry.delete()
        log(placement, "practicum.entry.deleted", user=counselor, data={"day": entry.day.isoformat()})


def token_for(link: SignoffLink) -> str:
    """The link's token: its id and an HMAC of its nonce under the server's secret key."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"practicum-signoff:{link.nonce}".encode(), hashlib.sha256)
    return f"{link.pk}-{digest.hexdigest()}"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_link(placement: Placement) -> SignoffLink:
    """Revoke the live link (if any) and make a new one, e-mailed when the transaction commits."""
    from .tasks import send_signoff_link

    now = timezone.now()
    placement.links.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=now)
    link = SignoffLink.objects.create(
        placement=placement, nonce=secrets.token_hex(32), email=placement.supervisor_email,
        expires_at=now + LINK_LIFETIME, token_hash=secrets.token_hex(32),  # a placeholder until the id is known
    )
    link.token_hash = _hash(token_for(link))
    link.save(update_fields=["token_hash"])
    transaction.on_commit(lambda: send_signoff_link.delay(link.pk))
    return link


def submit(placement_id: int, counselor) -> Placement:
    """The counselor submits the log for sign-off; the supervisor gets a one-time link."""
    with transaction.atomic():
        placement = _lock_own(placement_id, counselor)
        if placement.status not in (Placement.Status.IN_PROGRESS, Placement.Status.RETURNED):
            raise PracticumError(_("Only a placement in progress can be submitted."), code="not_in_progress")
        if not placement.entries.exists():
            raise PracticumError(_("Log at least one day before submitting."), code="empty_log")
        placement.status, placement.submitted_at, placement.return_reason = (
            Placement.Status.SUBMITTED, timezone.now(), ""
        )
        placement.save(update_fields=["status", "submitted_at", "return_reason"])
        _new_link(placement)
        log(placement, "practicum.placement.submitted", user=counselor)
    return placement


def resend_link(placement_id: int, *, actor) -> SignoffLink:
    """An admin of the counselor's scope sends the supervisor a new link; the old one stops working."""
    with transaction.atomic():
        placement = _lock_for_admin(placement_id, actor)
        if placement.status != Placement.Status.SUBMITTED:
            raise PracticumError(_("Only a submitted placement waits for the supervisor."), code="not_submitted")
        link = _new_link(placement)
        log(placement, "practicum.link.resent", user=actor, data={"email": link.email})
    return link


def link_for(token: str) -> SignoffLink | None:
    """The live link `token` opens, with its placement submitted; None for a forged, used, revoked or expired one."""
    token = (token or "").strip()[:200]
    if not token:
        return None
    link = SignoffLink.objects.select_related("placement__partner", "placement__counselor",
                                              "placement__topic").filter(token_hash=_hash(token)).first()
    if link is None or not link.is_live() or link.placement.status != Placement.Status.SUBMITTED:
        return None
    return link


def _lock_link(token: str) -> tuple[SignoffLink, Placement]:
    token = (token or "").strip()[:200]
    link = SignoffLink.objects.select_for_update().filter(token_hash=_hash(token)).first() if token else None
    if link is None or not link.is_live():
        raise PracticumError(_("This link is not valid any more."), code="invalid_link")
    placement = _lock(link.placement_id)
    if placement.status != Placement.Status.SUBMITTED:
        raise PracticumError(_("This link is not valid any more."), code="invalid_link")
    return link, placement


def logged_hours(placement: Placement) -> Decimal:
    """The hours in the placement's log (one query)."""
    return placement.entries.aggregate(total=Sum("hours"))["total"] or Decimal(0)


def sign_off(token: str, *, hours, assessment: str, signature: str) -> Placement:
    """The supervisor confirms the hours (at most the log's total), assesses and signs; credit is recorded once."""
    hours = _hours(hours)
    assessment = _text(assessment, message=_("Write a short assessment."), code="assessment_required")
    signature = _text(signature, message=_("Type your name to sign."), code="signature_required", limit=60)
    with transaction.atomic():
        link, placement = _lock_link(token)
        if hours > logged_hours(placement):
            raise PracticumError(_("Confirm at most the hours in the log."), code="too_many_hours")
        now = timezone.now()
        link.used_at = now
        link.save(update_fields=["used_at"])
        try:
            entry = record_credit(
                placement.counselor, hours=hours, category=placement.category, kind=CreditEntry.Kind.PRACTICUM,
                source_ref=placement.credit_source, title=placement.title[:200],
                occurred_on=min(placement.ends_on, timezone.localdate()), topic=placement.topic,
            )
        except CreditError as error:
            raise PracticumError(error.message, code=error.code) from error
        placement.status, placement.signed_off_at, placement.confirmed_hours = Placement.Status.SIGNED_OFF, now, hours
        placement.assessment, placement.signature, placement.credit = assessment, signature, entry
        placement.save(update_fields=["status", "signed_off_at", "confirmed_hours", "assessment", "signature",
                                      "credit"])
        log(placement, "practicum.placement.signed_off", user=None,
            data={"hours": str(hours), "signature": signature, "link": link.pk})
    return placement


def return_placement(token: str, *, reason: str) -> Placement:
    """The supervisor returns the log to the counselor with a reason; the link is used up."""
    reason = _text(reason, message=_("Give the reason for returning."), code="reason_required")
    with transaction.atomic():
        link, placement = _lock_link(token)
        link.used_at = timezone.now()
        link.save(update_fields=["used_at"])
        placement.status, placement.return_reason = Placement.Status.RETURNED, reason
        placement.save(update_fields=["status", "return_reason"])
        log(placement, "practicum.placement.returned", user=None, data={"reason": reason, "link": link.pk})
    return placement


def withdraw(placement_id: int, actor) -> Placement:
    """The counselor or an admin of their scope withdraws a placement not yet signed off; live links die."""
    with transaction.atomic():
        placement = _lock(placement_id)
        if placement.counselor_id != actor.pk and not is_admin_over(actor, placement.counselor):
            raise PracticumError(_("This placement does not exist."), code="not_found")
        if placement.status in (Placement.Status.SIGNED_OFF, Placement.Status.WITHDRAWN, Placement.Status.DECLINED):
            raise PracticumError(_("This placement can no longer be withdrawn."), code="closed")
        placement.status = Placement.Status.WITHDRAWN
        placement.save(update_fields=["status"])
        placement.links.filter(used_at__isnull=True, revoked_at__isnull=True).update(revoked_at=timezone.now())
        log(placement, "practicum.placement.withdrawn", user=actor)
    return placement
