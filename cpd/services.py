"""Writing to the ledger: the only way credit entries come into being.

The interface for the apps that award credit (courses, exams, workshops, practicums, competitions, external claims):

    from cpd.services import CreditError, record_credit, reverse_credit

    entry = record_credit(
        enrollment.user,
        hours=course.hours,                       # Decimal or int, > 0, one decimal place (学时)
        category=CreditEntry.Category.PROFESSIONAL,
        kind=CreditEntry.Kind.COURSE,
        source_ref=f"course:{course.pk}:enrollment:{enrollment.pk}",   # stable and unique per achievement
        title=course.title,                       # a snapshot: later edits of the course do not change it
        occurred_on=enrollment.completed_on,
        topic=course.topic, level=course.level,   # optional
        recorded_by=None,                         # the person who caused it, if any (None for automatic credit)
    )

`record_credit` is idempotent: calling it again with the same counselor and `source_ref` returns the existing entry
and never writes a second one, even when two workers call it at the same moment (the unique constraint decides; the
insert runs in a savepoint). So a Celery task that credits a completion may be retried freely. It may run inside the
caller's transaction. `reverse_credit(entry_id, actor=..., reason=...)` cancels an entry by writing a reversing entry
(negative hours, same date, category, topic and kind, so every total nets to zero); an entry is reversed at most once,
and a reversal is never reversed itself. Bad input raises `CreditError` with a translated message and a `code`
("invalid_hours", "invalid_category", "invalid_kind", "source_required", "reason_required", "not_found",
"already_reversed", "reversal_of_reversal") and changes nothing. Both write an audit entry through Wagtail's log
("cpd.credit.recorded", "cpd.credit.reversed").

`record_adjustment(counselor_id, actor=..., hours=..., category=..., occurred_on=..., reason=..., token=...)` is the
admin's manual correction upward: an entry of kind "adjustment" (positive hours, a reason, source
`adjustment:<form nonce>`, so a double submit records once), for admins whose scope holds the counselor and never on
their own ledger; extra codes "token_required", "invalid_date", "own_ledger"; audit action "cpd.credit.adjusted".

Certificates, for the apps that attest achievements (courses, workshops, levels, awards):

    from cpd.services import CertificateError, issue_certificate, issue_certificates, revoke_certificate

    certificate = issue_certificate(
        enrollment.user,
        kind=Certificate.Kind.COURSE_COMPLETION,
        title=course.title,                      # a snapshot
        issuer=course.organization.name,         # a snapshot of the issuing organization's name
        issued_on=enrollment.completed_on,
        source_ref=f"course:{course.pk}:enrollment:{enrollment.pk}",
        issued_by=None,
    )

`issue_certificate` is idempotent per (holder, kind, source_ref) in the same way as `record_credit`, and enqueues
the PDF rendering (cpd.tasks.render_certificate_pdf) when the transaction commits. `issue_certificates(holders, ...)`
issues the same certificate to many people in one transaction. `revoke_certificate(certificate_id, actor=...,
reason=...)` marks it revoked (admins whose scope holds the holder; a reason is required); the public verification
page then says so, and its PDF is rendered again with a "revoked" watermark. Errors are `CertificateError` with a
code ("invalid_kind", "title_required", "issuer_required", "source_required", "reason_required", "not_found",
"already_revoked"); audit actions "cpd.certificate.issued" and "cpd.certificate.revoked".

External activity claims, for counselors and the admins of their scope:

    claim = submit_claim(counselor, activity_kind=..., title=..., occurred_on=..., hours=..., category=...,
                         topic=None, description="", files=[uploaded, ...])
    resubmit_claim(claim.pk, counselor, ...same fields..., files=None)   # only the counselor's own rejected claim
    approve_claim(claim.pk, actor=admin)           # writes the ledger entry (kind external, source claim:<pk>)
    reject_claim(claim.pk, actor=admin, reason="...")
    approve_claims([...], actor=admin)             # -> {"approved": n, "skipped": m}

Only an organization or province admin whose scope holds the counselor decides, never on their own claim; the first
decision wins (the claim row is locked and must still be submitted). Errors are `ClaimError` with a code
("invalid_hours", "invalid_category", "invalid_kind", "title_required", "date_required", "future_date",
"evidence_required", "invalid_type", "too_large", "too_many_files", "reason_required", "not_found", "own_claim",
"already_decided", "not_rejected"); audit actions "cpd.claim.submitted", "cpd.claim.approved", "cpd.claim.rejected".
"""

from decimal import Decimal, InvalidOperation
from uuid import uuid4

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from people.access import require_active
from people.models import Role, User

from .evidence import EvidenceError, check_evidence
from .models import Certificate, ClaimEvidence, CreditEntry, ExternalClaim

MAX_HOURS = Decimal("99999.9")


class CreditError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _clean_hours(hours) -> Decimal:
    try:
        value = Decimal(str(hours))
    except (InvalidOperation, ValueError, TypeError):
        value = None
    if value is None or not value.is_finite() or value <= 0 or value > MAX_HOURS or value != value.quantize(
        Decimal("0.1")
    ):
        raise CreditError(
            _("Hours must be a positive number with at most one decimal place."), code="invalid_hours"
        )
    return value


def record_credit(
    counselor: User,
    *,
    hours,
    category: str,
    kind: str,
    source_ref: str,
    title: str,
    occurred_on,
    topic=None,
    level=None,
    recorded_by: User | None = None,
    reason: str = "",
) -> CreditEntry:
    """Credit `counselor` once for `source_ref`; a repeated call returns the entry already written."""
    hours = _clean_hours(hours)
    if category not in CreditEntry.Category.values:
        raise CreditError(_("Choose professional or public subjects."), code="invalid_category")
    if kind not in CreditEntry.Kind.values:
        raise CreditError(_("This kind of credit does not exist."), code="invalid_kind")
    source_ref = (source_ref or "").strip()
    if not source_ref or source_ref.startswith("reversal:"):
        raise CreditError(_("Name the source of the credit."), code="source_required")
    reason = (reason or "").strip()
    if kind == CreditEntry.Kind.ADJUSTMENT and not reason:
        raise CreditError(_("Give a reason for the adjustment."), code="reason_required")

    existing = CreditEntry.objects.filter(counselor=counselor, source_ref=source_ref).first()
    if existing is not None:
        return existing
    entry = CreditEntry(
        counselor=counselor,
        hours=hours,
        category=category,
        kind=kind,
        source_ref=source_ref,
        title=(title or "")[:200],
        occurred_on=occurred_on,
        topic=topic,
        level=level,
        recorded_by=recorded_by,
        reason=reason,
    )
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: losing the race must not spoil the caller's transaction
                entry.save()
        except IntegrityError:
            existing = CreditEntry.objects.filter(counselor=counselor, source_ref=source_ref).first()
            if existing is None:  # some other constraint failed: not a race
                raise
            return existing
        log(entry, "cpd.credit.recorded", user=recorded_by, data={"hours": str(hours), "source_ref": source_ref})
    return entry


def reverse_credit(entry_id: int, *, actor: User, reason: str) -> CreditEntry:
    """Cancel an entry with a reversing entry. Only admins whose scope holds the counselor may do it."""
    reason = (reason or "").strip()
    if not reason:
        raise CreditError(_("Give a reason for the reversal."), code="reason_required")
    may_correct = actor.manages_whole_province or actor.has_role(Role.ORG_ADMIN)
    with transaction.atomic():
        entry = (
            CreditEntry.objects.visible_to(actor).select_for_update(of=("self",)).filter(pk=entry_id).first()
            if may_correct
            else None
        )
        if entry is None:
            raise CreditError(
                _("This credit entry does not exist or is outside your organization."), code="not_found"
            )
        if entry.is_reversal:
            raise CreditError(_("A reversal cannot be reversed; record the credit again instead."),
                              code="reversal_of_reversal")
        if CreditEntry.objects.filter(reverses=entry).exists():
            raise CreditError(_("This credit entry has already been reversed."), code="already_reversed")
        reversal = CreditEntry(
            counselor_id=entry.counselor_id,
            hours=-entry.hours,
            category=entry.category,
            kind=entry.kind,
            topic_id=entry.topic_id,
            level_id=entry.level_id,
            source_ref=f"reversal:{entry.pk}",
            title=entry.title,
            occurred_on=entry.occurred_on,
            recorded_by=actor,
            reverses=entry,
            reason=reason,
        )
        try:
            with transaction.atomic():
                reversal.save()
        except IntegrityError as error:  # reversed at the same moment by someone else (no row locks on SQLite)
            raise CreditError(_("This credit entry has already been reversed."), code="already_reversed") from error
        log(reversal, "cpd.credit.reversed", user=actor, data={"reverses": entry.pk, "reason": reason})
        log(entry, "cpd.credit.reversed", user=actor, data={"reversal": reversal.pk, "reason": reason})
    return reversal


def record_adjustment(
    counselor_id: int, *, actor: User, hours, category: str, occurred_on, reason: str, token: str, topic=None,
    title: str = "",
) -> CreditEntry:
    """Add a manual adjustment (kind "adjustment", positive hours) to a counselor's ledger, with a reason.

    Only an organization or province admin whose scope holds the counselor may do it, never on their own ledger;
    hours are taken away by reversing the entry that gave them (`reverse_credit`), not by a negative adjustment.
    `token` is the nonce of the form that asked for it: the entry's source is `adjustment:<token>`, so submitting the
    same form twice records one entry (record_credit is idempotent per source).
    """
    reason = (reason or "").strip()
    if not reason:
        raise CreditError(_("Give a reason for the adjustment."), code="reason_required")
    token = (token or "").strip()
    if not token or len(token) > 64:
        raise CreditError(_("The form has expired; open it again."), code="token_required")
    if occurred_on is None or occurred_on > timezone.localdate():
        raise CreditError(_("The date of an adjustment cannot be empty or in the future."), code="invalid_date")
    may_correct = actor.manages_whole_province or actor.has_role(Role.ORG_ADMIN)
    counselor = User.objects.visible_to(actor).filter(pk=counselor_id).first() if may_correct else None
    if counselor is None:
        raise CreditError(_("This person does not exist or is outside your organization."), code="not_found")
    if counselor.pk == actor.pk:
        raise CreditError(_("You cannot adjust your own ledger; another admin must."), code="own_ledger")
    source_ref = f"adjustment:{token}"
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=counselor.pk).first()  # one adjustment at a time per counselor
        existing = CreditEntry.objects.filter(counselor=counselor, source_ref=source_ref).first()
        if existing is not None:  # the same form submitted again
            return existing
        entry = record_credit(
            counselor,
            hours=hours,
            category=category,
            kind=CreditEntry.Kind.ADJUSTMENT,
            source_ref=source_ref,
            title=(title or "").strip() or _("Manual adjustment"),
            occurred_on=occurred_on,
            topic=topic,
            recorded_by=actor,
            reason=reason,
        )
        log(entry, "cpd.credit.adjusted", user=actor, data={"hours": str(entry.hours), "reason": reason})
    return entry


class CertificateError(CreditError):
    """A certificate could not be issued or revoked; `code` says why."""


def _enqueue_rendering(certificate_id: int, refresh: bool = False) -> None:
    from .tasks import render_certificate_pdf

    transaction.on_commit(lambda: render_certificate_pdf.delay(certificate_id, refresh=refresh))


def issue_certificate(
    holder: User, *, kind: str, title: str, issuer: str, issued_on, source_ref: str, issued_by: User | None = None
) -> Certificate:
    """Issue a certificate once per (holder, kind, source); a repeated call returns the one already issued."""
    if kind not in Certificate.Kind.values:
        raise CertificateError(_("This kind of certificate does not exist."), code="invalid_kind")
    title, issuer, source_ref = (title or "").strip(), (issuer or "").strip(), (source_ref or "").strip()
    if not title:
        raise CertificateError(_("Give the certificate a title."), code="title_required")
    if not issuer:
        raise CertificateError(_("Name the issuer of the certificate."), code="issuer_required")
    if not source_ref:
        raise CertificateError(_("Name the source of the certificate."), code="source_required")

    existing = Certificate.objects.filter(holder=holder, kind=kind, source_ref=source_ref).first()
    if existing is not None:
        return existing
    certificate = Certificate(
        holder=holder, kind=kind, title=title[:200], issuer=issuer[:200], issued_on=issued_on,
        source_ref=source_ref, issued_by=issued_by,
    )
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: losing the race must not spoil the caller's transaction
                certificate.save()
        except IntegrityError:
            existing = Certificate.objects.filter(holder=holder, kind=kind, source_ref=source_ref).first()
            if existing is None:
                raise
            return existing
        log(certificate, "cpd.certificate.issued", user=issued_by, data={"kind": kind, "source_ref": source_ref})
        _enqueue_rendering(certificate.pk)
    return certificate


def issue_certificates(holders, **kwargs) -> list[Certificate]:
    """Bulk issue: the same certificate to each holder, all or nothing, each idempotent as above."""
    with transaction.atomic():
        return [issue_certificate(holder, **kwargs) for holder in holders]


def revoke_certificate(certificate_id: int, *, actor: User, reason: str) -> Certificate:
    """Revoke a certificate with a reason. Only admins whose scope holds the holder may do it."""
    reason = (reason or "").strip()
    if not reason:
        raise CertificateError(_("Give a reason for the revocation."), code="reason_required")
    may_revoke = actor.manages_whole_province or actor.has_role(Role.ORG_ADMIN)
    with transaction.atomic():
        certificate = (
            Certificate.objects.visible_to(actor).select_for_update(of=("self",)).filter(pk=certificate_id).first()
            if may_revoke
            else None
        )
        if certificate is None:
            raise CertificateError(
                _("This certificate does not exist or is outside your organization."), code="not_found"
            )
        revoked_at = timezone.now()
        changed = Certificate.objects.filter(pk=certificate.pk, revoked_at__isnull=True).update(
            revoked_at=revoked_at, revocation_reason=reason
        )
        if not changed:  # conditional update: the first revocation wins, also on SQLite
            raise CertificateError(_("This certificate has already been revoked."), code="already_revoked")
        certificate.revoked_at, certificate.revocation_reason = revoked_at, reason
        log(certificate, "cpd.certificate.revoked", user=actor, data={"reason": reason})
        _enqueue_rendering(certificate.pk, refresh=True)  # the PDF is rendered again, marked as revoked
    return certificate


class ClaimError(CreditError):
    """A claim could not be submitted or decided; `code` says why."""


def _clean_claim_fields(*, activity_kind, title, occurred_on, hours, category, description) -> dict:
    if activity_kind not in ExternalClaim.ActivityKind.values:
        raise ClaimError(_("Choose the kind of activity."), code="invalid_kind")
    title = (title or "").strip()
    if not title:
        raise ClaimError(_("Give the activity a title."), code="title_required")
    if occurred_on is None:
        raise ClaimError(_("Give the date of the activity."), code="date_required")
    if occurred_on > timezone.localdate():
        raise ClaimError(_("The activity cannot be in the future."), code="future_date")
    try:
        hours = _clean_hours(hours)
    except CreditError as error:
        raise ClaimError(error.message, code=error.code) from error
    if category not in CreditEntry.Category.values:
        raise ClaimError(_("Choose professional or public subjects."), code="invalid_category")
    return {
        "activity_kind": activity_kind,
        "title": title[:200],
        "occurred_on": occurred_on,
        "hours": hours,
        "category": category,
        "description": (description or "").strip(),
    }


def _checked_evidence(files, *, existing: int = 0) -> list[tuple]:
    try:
        return check_evidence(files, existing=existing)
    except EvidenceError as error:
        raise ClaimError(error.message, code=error.code) from error


def _store_evidence(claim: ExternalClaim, checked: list[tuple]) -> None:
    for upload, content_type, extension in checked:
        upload.seek(0)
        evidence = ClaimEvidence(
            claim=claim,
            original_name=(getattr(upload, "name", "") or f"evidence.{extension}")[-200:],
            size=upload.size,
            content_type=content_type,
        )
        evidence.file.save(f"{uuid4().hex}.{extension}", upload, save=False)  # never the uploaded name
        evidence.save()


def submit_claim(
    counselor: User, *, activity_kind, title, occurred_on, hours, category, topic=None, description="", files=()
) -> ExternalClaim:
    """A counselor claims credit for an outside activity, with 1–5 evidence files; all or nothing."""
    require_active(counselor)
    fields = _clean_claim_fields(activity_kind=activity_kind, title=title, occurred_on=occurred_on, hours=hours,
                                 category=category, description=description)
    files = list(files or [])
    if not files:
        raise ClaimError(_("Attach at least one evidence file."), code="evidence_required")
    checked = _checked_evidence(files)
    with transaction.atomic():
        claim = ExternalClaim.objects.create(counselor=counselor, topic=topic, **fields)
        _store_evidence(claim, checked)
        log(claim, "cpd.claim.submitted", user=counselor, data={"hours": str(claim.hours)})
    return claim


def resubmit_claim(
    claim_id: int, counselor: User, *, activity_kind, title, occurred_on, hours, category, topic=None,
    description="", files=None,
) -> ExternalClaim:
    """The counselor corrects their own rejected claim (and may add evidence); it goes back to the queue."""
    require_active(counselor)
    fields = _clean_claim_fields(activity_kind=activity_kind, title=title, occurred_on=occurred_on, hours=hours,
                                 category=category, description=description)
    with transaction.atomic():
        claim = (
            ExternalClaim.objects.select_for_update(of=("self",)).filter(pk=claim_id, counselor=counselor).first()
        )
        if claim is None:
            raise ClaimError(_("This claim does not exist."), code="not_found")
        if claim.status != ExternalClaim.Status.REJECTED:
            raise ClaimError(_("Only a rejected claim can be corrected and resubmitted."), code="not_rejected")
        checked = _checked_evidence(files, existing=claim.evidence.count())
        for name, value in fields.items():
            setattr(claim, name, value)
        claim.topic = topic
        claim.status = ExternalClaim.Status.SUBMITTED
        claim.submitted_at = timezone.now()
        claim.decided_by, claim.decided_at, claim.decision_reason = None, None, ""
        claim.save()
        _store_evidence(claim, checked)
        log(claim, "cpd.claim.submitted", user=counselor, data={"hours": str(claim.hours), "resubmitted": True})
    return claim


def _lock_claim_for_decision(claim_id: int, actor: User) -> ExternalClaim:
    may_decide = actor.manages_whole_province or actor.has_role(Role.ORG_ADMIN)
    claim = (
        ExternalClaim.objects.visible_to(actor).select_for_update(of=("self",)).filter(pk=claim_id).first()
        if may_decide
        else None
    )
    if claim is None:
        raise ClaimError(_("This claim does not exist or is outside your organization."), code="not_found")
    if claim.counselor_id == actor.pk:
        raise ClaimError(_("You cannot decide on your own claim; another admin must."), code="own_claim")
    if claim.status != ExternalClaim.Status.SUBMITTED:
        raise ClaimError(
            _("Someone else has already decided on this claim (it is now %(status)s).")
            % {"status": claim.get_status_display()},
            code="already_decided",
        )
    return claim


def _mark_decided(claim: ExternalClaim, status: str, actor: User, reason: str = "") -> None:
    """A conditional update: the first decision wins, also where there are no row locks (SQLite)."""
    decided_at = timezone.now()
    changed = ExternalClaim.objects.filter(pk=claim.pk, status=ExternalClaim.Status.SUBMITTED).update(
        status=status, decided_by=actor, decided_at=decided_at, decision_reason=reason
    )
    if not changed:
        raise ClaimError(_("Someone else has already decided on this claim."), code="already_decided")
    claim.status, claim.decided_by, claim.decided_at, claim.decision_reason = status, actor, decided_at, reason


def approve_claim(claim_id: int, *, actor: User) -> ExternalClaim:
    """Approve a submitted claim and credit it to the ledger, once."""
    with transaction.atomic():
        claim = _lock_claim_for_decision(claim_id, actor)
        _mark_decided(claim, ExternalClaim.Status.APPROVED, actor)
        entry = record_credit(
            claim.counselor,
            hours=claim.hours,
            category=claim.category,
            kind=CreditEntry.Kind.EXTERNAL,
            source_ref=f"claim:{claim.pk}",
            title=claim.title,
            occurred_on=claim.occurred_on,
            topic=claim.topic,
            recorded_by=actor,
        )
        ExternalClaim.objects.filter(pk=claim.pk).update(credit=entry)
        claim.credit = entry
        log(claim, "cpd.claim.approved", user=actor, data={"credit": entry.pk, "hours": str(claim.hours)})
    return claim


def reject_claim(claim_id: int, *, actor: User, reason: str) -> ExternalClaim:
    """Reject a submitted claim with a reason the counselor reads; they may correct and resubmit it."""
    reason = (reason or "").strip()
    if not reason:
        raise ClaimError(_("Give a reason for the rejection."), code="reason_required")
    with transaction.atomic():
        claim = _lock_claim_for_decision(claim_id, actor)
        _mark_decided(claim, ExternalClaim.Status.REJECTED, actor, reason)
        log(claim, "cpd.claim.rejected", user=actor, data={"reason": reason})
    return claim


def approve_claims(claim_ids, actor: User) -> dict:
    """Bulk approval: each claim the actor may approve is approved on its own; the rest are skipped."""
    counts = {"approved": 0, "skipped": 0}
    for claim_id in dict.fromkeys(claim_ids):
        try:
            approve_claim(claim_id, actor=actor)
        except ClaimError:
            counts["skipped"] += 1
        else:
            counts["approved"] += 1
    return counts
