"""Seats, waitlists, approvals, attendance and credit: every change to a registration happens here.

The rules: a seat is handed out only while the session's row is locked (select_for_update on PostgreSQL; SQLite
runs every write transaction IMMEDIATE, which serializes writers), and the number of seats taken is counted from
the live bookings inside that lock, so no seat is ever sold twice. The database adds a unique constraint on one live
registration per counselor and session. Freed seats go to the waitlist in order of sign-up, unless the session
starts within the event's `promotion_stop_hours` (people cannot be expected to come at short notice); then a
newcomer may take the free seat. Errors are `RegistrationError` with a translated message and a `code`:
"not_found", "closed", "cancelled", "not_approved", "not_eligible_level", "not_eligible_audience", "duplicate",
"too_late", "not_live", "already_decided", "own_registration", "not_yours", "invalid_attendance", "not_booked",
"already_credited", "not_started", "bad_token", "not_attended", "already_given", "invalid_rating". Every change
writes a Wagtail log entry ("workshops.registration.*", "workshops.session.*") and e-mails are enqueued when the
transaction commits.
"""

import hashlib
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from cpd.models import Certificate, CreditEntry
from cpd.services import issue_certificate, record_credit
from people.access import AccessError, require_active
from people.models import Role, User
from standards.audiences import audiences_for
from standards.holdings import current_level

from .models import Feedback, Registration, RegistrationQuerySet, WorkshopPage, WorkshopSession

CHECK_IN_SALT = "workshops.check-in"
CHECK_IN_OPENS = timedelta(hours=2)
Status = Registration.Status
LIVE = RegistrationQuerySet.LIVE


class RegistrationError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _notify(registration_id: int, kind: str, key: str = "") -> None:
    from .tasks import send_notification

    transaction.on_commit(lambda: send_notification.delay(registration_id, kind, key))


def _locked_session(session_id: int) -> WorkshopSession:
    session = (
        WorkshopSession.objects.select_for_update(of=("self",)).select_related("page").filter(pk=session_id).first()
    )
    if session is None:
        raise RegistrationError(_("This session does not exist."), code="not_found")
    return session


def _booked(session: WorkshopSession) -> int:
    return Registration.objects.filter(session=session, status=Status.BOOKED).count()


def _promotion_stopped(session: WorkshopSession, now) -> bool:
    return now >= session.starts_at - timedelta(hours=session.page.promotion_stop_hours)


def _seat_status(session: WorkshopSession, now) -> str:
    """Booked when a seat is free and nobody waits for it (or waitlist promotion has stopped), else waitlisted."""
    if _booked(session) >= session.capacity:
        return Status.WAITLISTED
    if not _promotion_stopped(session, now) and session.registrations.filter(status=Status.WAITLISTED).exists():
        return Status.WAITLISTED
    return Status.BOOKED


def check_eligibility(page: WorkshopPage, user) -> None:
    """The person's account must be approved (`people.access`), their audience the event's, and their level at least
    the event's minimum level."""
    try:
        require_active(user)
    except AccessError as error:
        raise RegistrationError(error.message, code="not_approved") from error
    if page.audience not in audiences_for(user):
        raise RegistrationError(
            _("This event is meant for %(audience)s.") % {"audience": page.get_audience_display()},
            code="not_eligible_audience",
        )
    if page.level_id is not None:
        held = current_level(user)
        if held is None or held.rank < page.level.rank:
            raise RegistrationError(
                _("This event is for counselors of level %(level)s or above.") % {"level": page.level},
                code="not_eligible_level",
            )


def sign_up(session_id: int, user: User, *, language: str = "zh-hans") -> Registration:
    """Book a seat, join the waitlist, or (when the event asks for approval) wait for the organization admin."""
    session = WorkshopSession.objects.select_related("page__level").filter(pk=session_id, page__live=True).first()
    if session is None:
        raise RegistrationError(_("This session does not exist."), code="not_found")
    check_eligibility(session.page, user)
    with transaction.atomic():
        session = _locked_session(session_id)
        now = timezone.now()
        if session.is_cancelled:
            raise RegistrationError(_("This session has been cancelled."), code="cancelled")
        if not session.is_open(now):
            raise RegistrationError(_("Sign-up for this session is not open."), code="closed")
        if session.registrations.live().filter(user=user).exists():
            raise RegistrationError(_("You are already registered for this session."), code="duplicate")
        status = Status.PENDING if session.page.requires_approval else _seat_status(session, now)
        registration = Registration(
            session=session, user=user, status=status, title=session.page.title[:255], language=language[:10]
        )
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as error:
            raise RegistrationError(_("You are already registered for this session."), code="duplicate") from error
        log(registration, "workshops.registration.created", user=user, data={"status": status})
        _notify(registration.pk, status)
    return registration


def fill_seats(session: WorkshopSession, now=None) -> list[Registration]:
    """Give free seats to the waitlist in order of sign-up; call with the session row locked."""
    now = now or timezone.now()
    if session.is_cancelled or _promotion_stopped(session, now):
        return []
    free = session.capacity - _booked(session)
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.select_for_update(of=("self",))
        .filter(session=session, status=Status.WAITLISTED)
        .order_by("created_at", "pk")[:free]
    )
    for registration in promoted:
        registration.status, registration.promoted_at = Status.BOOKED, now
        registration.save(update_fields=["status", "promoted_at"])
        log(registration, "workshops.registration.promoted", data={"session": session.pk})
        _notify(registration.pk, "promoted")
    return promoted


def cancel_registration(registration_id: int, user: User) -> Registration:
    """The counselor cancels their own registration: a booked seat until the cut-off, a waitlist place or a
    pending sign-up until the session starts. A freed seat goes to the waitlist."""
    session_id = Registration.objects.filter(pk=registration_id, user=user).values_list("session_id", flat=True).first()
    if session_id is None:
        raise RegistrationError(_("This registration does not exist."), code="not_found")
    with transaction.atomic():
        session = _locked_session(session_id)
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        now = timezone.now()
        if not registration.is_live:
            raise RegistrationError(_("This registration is no longer active."), code="not_live")
        deadline = session.cancellable_until if registration.status == Status.BOOKED else session.starts_at
        if now >= deadline:
            raise RegistrationError(
                _("The cancellation cut-off has passed; please contact the organizer."), code="too_late"
            )
        was_booked = registration.status == Status.BOOKED
        registration.status, registration.cancelled_at = Status.CANCELLED, now
        registration.save(update_fields=["status", "cancelled_at"])
        log(registration, "workshops.registration.cancelled", user=user)
        if was_booked:
            fill_seats(session, now)
    return registration


def _decidable(registration_id: int, actor: User) -> int:
    """The session id of a registration the actor may decide: an admin whose scope holds the counselor."""
    if not (actor.manages_whole_province or actor.has_role(Role.ORG_ADMIN)):
        raise RegistrationError(_("You may not decide sign-ups."), code="not_yours")
    row = (
        Registration.objects.filter(pk=registration_id, user__in=User.objects.visible_to(actor).values("pk"))
        .values_list("session_id", "user_id")
        .first()
    )
    if row is None:
        raise RegistrationError(_("This registration does not exist or is outside your organization."),
                                code="not_found")
    if row[1] == actor.pk:
        raise RegistrationError(_("You cannot decide your own sign-up."), code="own_registration")
    return row[0]


def approve_registration(registration_id: int, actor: User) -> Registration:
    """Approve a pending sign-up before the session starts: a seat if one is free, else a place on the waitlist.
    The first decision wins."""
    session_id = _decidable(registration_id, actor)
    with transaction.atomic():
        session = _locked_session(session_id)
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.status != Status.PENDING:
            raise RegistrationError(_("This sign-up has already been decided."), code="already_decided")
        if timezone.now() >= session.starts_at:
            raise RegistrationError(_("This session has already started; the sign-up can only be rejected."),
                                    code="too_late")
        registration.status, registration.decided_by = _seat_status(session, timezone.now()), actor
        registration.save(update_fields=["status", "decided_by"])
        log(registration, "workshops.registration.approved", user=actor, data={"status": registration.status})
        _notify(registration.pk, registration.status)
    return registration


def reject_registration(registration_id: int, actor: User, reason: str = "") -> Registration:
    session_id = _decidable(registration_id, actor)
    with transaction.atomic():
        _locked_session(session_id)
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.status != Status.PENDING:
            raise RegistrationError(_("This sign-up has already been decided."), code="already_decided")
        registration.status, registration.decided_by = Status.REJECTED, actor
        registration.decision_reason = (reason or "").strip()[:200]
        registration.save(update_fields=["status", "decided_by", "decision_reason"])
        log(registration, "workshops.registration.rejected", user=actor, data={"reason": registration.decision_reason})
        _notify(registration.pk, "rejected")
    return registration


def schedule_key(session: WorkshopSession) -> str:
    """A fingerprint of when and where a session takes place: one change notice per new schedule."""
    text = f"{session.starts_at.isoformat()}|{session.ends_at.isoformat()}|{session.venue}|{session.address}|" \
           f"{session.online_url}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def session_saved(session: WorkshopSession, previous: dict) -> None:
    """After an organizer's edit (the event page was published): cancel everyone's registration when the session
    was cancelled, tell them when it moved, and give seats to the waitlist when capacity grew."""
    with transaction.atomic():
        now = timezone.now()
        live = list(Registration.objects.select_for_update().filter(session=session, status__in=LIVE))
        if session.is_cancelled and previous["status"] != WorkshopSession.Status.CANCELLED:
            for registration in live:
                registration.status, registration.cancelled_at = Status.CANCELLED, now
                registration.save(update_fields=["status", "cancelled_at"])
                _notify(registration.pk, "session_cancelled")
            log(session.page, "workshops.session.cancelled",
                data={"session": session.pk, "reason": session.cancellation_reason, "registrations": len(live)})
            return
        moved = any(
            previous[name] != getattr(session, name)
            for name in ("starts_at", "ends_at", "venue", "address", "online_url")
        )
        if moved and not session.is_cancelled:
            key = schedule_key(session)
            for registration in live:
                _notify(registration.pk, "session_changed", key)
            log(session.page, "workshops.session.moved", data={"session": session.pk, "registrations": len(live)})
        if session.capacity != previous["capacity"]:
            fill_seats(_locked_session(session.pk), now)


def managed_session(session_id: int, actor: User) -> WorkshopSession:
    session = WorkshopSession.objects.managed_by(actor).select_related("page").filter(pk=session_id).first()
    if session is None:
        raise RegistrationError(_("This session does not exist or is not yours to manage."), code="not_yours")
    return session


def mark_attendance(registration_id: int, actor: User, attendance: str) -> Registration:
    """A trainer of the event marks a booked participant attended, partly attended or absent, until credit is
    recorded for them."""
    if attendance not in Registration.Attendance.values or not attendance:
        raise RegistrationError(_("Choose attended, partly attended or did not attend."), code="invalid_attendance")
    session_id = Registration.objects.filter(pk=registration_id).values_list("session_id", flat=True).first()
    if session_id is None:
        raise RegistrationError(_("This registration does not exist."), code="not_found")
    managed_session(session_id, actor)
    with transaction.atomic():
        registration = Registration.objects.select_for_update().get(pk=registration_id)
        if registration.status != Status.BOOKED:
            raise RegistrationError(_("Only booked participants can be marked."), code="not_booked")
        if registration.credited_at is not None:
            raise RegistrationError(
                _("Credit has been recorded for this participant; an administrator must reverse it first."),
                code="already_credited",
            )
        if registration.attendance != attendance:
            registration.attendance = attendance
            registration.save(update_fields=["attendance"])
            log(registration, "workshops.registration.attendance", user=actor, data={"attendance": attendance})
    return registration


def check_in_token(registration: Registration) -> str:
    return signing.dumps(registration.pk, salt=CHECK_IN_SALT)


def check_in(token: str, actor: User) -> tuple[Registration, bool]:
    """Check a participant in by the signed code on their registration, from CHECK_IN_OPENS before the session
    starts; returns (registration, first time). Scanning the same code again changes nothing."""
    try:
        registration_id = int(signing.loads(token, salt=CHECK_IN_SALT))
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise RegistrationError(
            _("This check-in code is not valid. Ask the participant to show the code from their registration."),
            code="bad_token",
        ) from error
    session_id = Registration.objects.filter(pk=registration_id).values_list("session_id", flat=True).first()
    if session_id is None:
        raise RegistrationError(_("This registration does not exist."), code="not_found")
    session = managed_session(session_id, actor)
    if timezone.now() < session.starts_at - CHECK_IN_OPENS:
        raise RegistrationError(_("Check-in opens two hours before the session starts."), code="not_started")
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("user").get(pk=registration_id)
        if registration.status != Status.BOOKED:
            raise RegistrationError(_("This person has no seat in the session."), code="not_booked")
        if registration.checked_in_at is not None:
            return registration, False
        registration.checked_in_at = timezone.now()
        fields = ["checked_in_at"]
        if not registration.attendance and registration.credited_at is None:
            registration.attendance = Registration.Attendance.ATTENDED
            fields.append("attendance")
        registration.save(update_fields=fields)
        log(registration, "workshops.registration.checked_in", user=actor)
    return registration, True


def credit_hours(page: WorkshopPage, session_count: int, attendance: str) -> Decimal:
    """Hours per attended session (split evenly over the sessions when they are for the whole event); partial
    attendance earns half."""
    hours = page.hours
    if page.hours_basis == WorkshopPage.HoursBasis.EVENT and session_count > 1:
        hours = hours / session_count
    if attendance == Registration.Attendance.PARTIAL:
        hours = hours / 2
    return max(hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), Decimal("0.1"))


def record_attendance_credit(session_id: int, actor: User) -> int:
    """Credit everyone marked attended or partly attended through the CPD ledger (and certify full attendance);
    idempotent per registration, so pressing the button twice credits nobody twice. Returns how many were
    credited now."""
    session = managed_session(session_id, actor)
    if session.starts_at > timezone.now():
        raise RegistrationError(_("Credit is recorded once the session has taken place."), code="not_started")
    page = WorkshopPage.objects.select_related("organization").prefetch_related("topics").get(pk=session.page_id)
    session_count = page.sessions.exclude(status=WorkshopSession.Status.CANCELLED).count()
    kind = CreditEntry.Kind.PRACTICUM if page.kind == WorkshopPage.Kind.PRACTICUM else CreditEntry.Kind.WORKSHOP
    category = CreditEntry.Category.PROFESSIONAL if page.professional else CreditEntry.Category.PUBLIC
    topic = next(iter(page.topics.all()), None)
    occurred_on = timezone.localdate(session.starts_at)
    credited = 0
    registrations = Registration.objects.filter(
        session=session, status=Status.BOOKED, credited_at__isnull=True,
        attendance__in=[Registration.Attendance.ATTENDED, Registration.Attendance.PARTIAL],
    ).select_related("user")
    for registration in registrations:
        with transaction.atomic():
            locked = Registration.objects.select_for_update().get(pk=registration.pk)
            if locked.credited_at is not None:
                continue
            record_credit(
                registration.user, hours=credit_hours(page, session_count, locked.attendance), category=category,
                kind=kind, source_ref=locked.source_ref, title=locked.title, occurred_on=occurred_on, topic=topic,
                level=page.level, recorded_by=actor,
            )
            if page.issues_certificate and locked.attendance == Registration.Attendance.ATTENDED:
                issue_certificate(
                    registration.user, kind=Certificate.Kind.WORKSHOP_ATTENDANCE, title=locked.title,
                    issuer=page.organization.name, issued_on=occurred_on, source_ref=locked.source_ref,
                    issued_by=actor,
                )
            locked.credited_at = timezone.now()
            locked.save(update_fields=["credited_at"])
            log(locked, "workshops.registration.credited", user=actor, data={"attendance": locked.attendance})
            credited += 1
    return credited


def give_feedback(registration_id: int, user: User, rating, comment: str = "") -> Feedback:
    """A participant who attended rates the session once (1–5) with an optional comment."""
    registration = Registration.objects.select_related("session").filter(pk=registration_id, user=user).first()
    if registration is None:
        raise RegistrationError(_("This registration does not exist."), code="not_found")
    if registration.status != Status.BOOKED or registration.attendance == Registration.Attendance.NO_SHOW or (
        registration.session.starts_at > timezone.now()
    ):
        raise RegistrationError(_("Only participants can rate a session, once it has taken place."),
                                code="not_attended")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise RegistrationError(_("Give a rating from 1 to 5."), code="invalid_rating")
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(registration=registration, rating=rating, comment=comment[:2000])
            log(registration, "workshops.registration.feedback", user=user, data={"rating": rating})
    except IntegrityError as error:
        raise RegistrationError(_("You have already rated this session."), code="already_given") from error
    return feedback
