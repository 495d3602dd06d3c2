"""Appointing chief counselors (首席职业指导师): nominate → endorse → expert review → appoint → remind.

    nominate(actor, round_id=..., nominee=..., route=..., statement=..., achievements=..., files=[...])
    endorse_nomination(nomination_id, actor=city_admin)          # self-nominations only; first decision wins
    return_nomination(nomination_id, actor=city_admin, reason="...")
    start_review(round_id, actor=province_admin)                 # a panel from the expert pool per endorsed nomination
    appoint(nomination_id, actor=province_admin, starts_on=None) # recommended nominations only; exactly once

Rules. Only holders of 一级 (a valid level record at the top of the ladder) may be nominated, in a round taking
nominations, once per round. A city (organization) admin nominates people of their own subtree and the nomination
counts as endorsed; a self-nomination waits for an admin whose scope holds the nominee, never the nominee themselves.
Evidence files are checked by content like CPD claim evidence (PDF, JPG, PNG; at least one). The panel's final result
(experts machinery) recommends the nominee when it reaches the round's pass mark. Appointment gives the term (the
round's years, from `starts_on`), the duties, the 首席 level record (basis appointed) and the appointment certificate
through cpd, each exactly once (database constraints decide under races). Errors are `ChiefError` with a `code`;
every step writes an audit entry (`chiefs.*`).
"""

from datetime import date
from uuid import uuid4

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from certification.models import LevelRecord
from cpd.evidence import EvidenceError, check_evidence
from cpd.models import Certificate
from cpd.services import issue_certificate
from experts.services import ExpertError, assign_panel
from people.models import Organization, Role, User
from standards.models import Level

from .models import Appointment, ChiefRound, Nomination, NominationEvidence
from .roll import invalidate_roll
from .subjects import PURPOSE

MAX_TEXT = 8000
ISSUER = "山东省人力资源和社会保障厅"


class ChiefError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def top_ladder_level() -> Level:
    return Level.objects.ladder().last()


def chief_title() -> Level:
    return Level.objects.filter(is_appointed_title=True).order_by("rank").first()


def holds_top_level(user) -> bool:
    """Whether the person holds 一级 now (a valid level record of the top ladder level)."""
    return LevelRecord.objects.valid().filter(holder=user, level=top_ladder_level()).exists()


def _city_of(user) -> Organization | None:
    organization = user.organization
    if organization is None:
        return None
    if organization.kind == Organization.Kind.CITY:
        return organization
    step = Organization.steplen
    ancestors = [organization.path[:length] for length in range(step, len(organization.path), step)]
    return Organization.objects.filter(kind=Organization.Kind.CITY, path__in=ancestors).first()


def _is_admin_over(actor, user) -> bool:
    return (actor.manages_whole_province or actor.has_role(Role.ORG_ADMIN)) and User.objects.visible_to(
        actor
    ).filter(pk=user.pk).exists()


def _clean_text(value: str, *, message: str, code: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ChiefError(message, code=code)
    return value[:MAX_TEXT]


def nominate(actor, *, round_id: int, nominee, route: str, statement: str, achievements: str, files=()) -> Nomination:
    """A city admin nominates a 一级 holder of their subtree (endorsed at once), or a 一级 holder nominates themselves
    (awaiting the city's endorsement)."""
    self_nominated = actor.pk == nominee.pk
    if not self_nominated and not _is_admin_over(actor, nominee):
        raise ChiefError(_("You may nominate only people of your own organization."), code="forbidden")
    if route not in Nomination.Route.values:
        raise ChiefError(_("Choose the route: competition, assessment or evaluation."), code="invalid_route")
    statement = _clean_text(statement, message=_("Write the nomination statement."), code="statement_required")
    achievements = _clean_text(
        achievements, message=_("List the nominee's achievements."), code="achievements_required"
    )
    files = list(files or [])
    if not files:
        raise ChiefError(_("Upload the evidence of the route (at least one file)."), code="evidence_required")
    try:
        checked = check_evidence(files)
    except EvidenceError as error:
        raise ChiefError(error.message, code=error.code) from error
    if not holds_top_level(nominee):
        raise ChiefError(_("Only holders of level 1 (一级) may be nominated."), code="not_eligible")
    with transaction.atomic():
        chief_round = ChiefRound.objects.select_for_update().filter(pk=round_id).first()
        if chief_round is None or not chief_round.is_nominating():
            raise ChiefError(_("This round is not taking nominations."), code="round_closed")
        nomination = Nomination(
            round=chief_round, nominee=nominee, nominated_by=actor, city=_city_of(nominee), route=route,
            statement=statement, achievements=achievements,
            status=Nomination.Status.AWAITING_ENDORSEMENT if self_nominated else Nomination.Status.ENDORSED,
        )
        if not self_nominated:
            nomination.endorsed_by, nomination.endorsed_at = actor, timezone.now()
        try:
            with transaction.atomic():
                nomination.save()
        except IntegrityError:
            raise ChiefError(
                _("This person already has a nomination in this round."), code="already_nominated"
            ) from None
        for upload, content_type, extension in checked:
            upload.seek(0)
            evidence = NominationEvidence(
                nomination=nomination, original_name=(getattr(upload, "name", "") or f"evidence.{extension}")[-200:],
                size=upload.size, content_type=content_type,
            )
            evidence.file.save(f"{uuid4().hex}.{extension}", upload, save=False)
            evidence.save()
        log(nomination, "chiefs.nomination.submitted", user=actor,
            data={"route": route, "self_nominated": self_nominated})
    return nomination


def _lock_awaiting(nomination_id: int, actor) -> Nomination:
    nomination = Nomination.objects.select_for_update(of=("self",)).filter(pk=nomination_id).select_related(
        "nominee"
    ).first()
    if nomination is None or not _is_admin_over(actor, nomination.nominee):
        raise ChiefError(_("This nomination does not exist or is outside your organization."), code="not_found")
    if nomination.nominee_id == actor.pk:
        raise ChiefError(_("You cannot decide on your own nomination."), code="own_nomination")
    if nomination.status != Nomination.Status.AWAITING_ENDORSEMENT:
        raise ChiefError(_("This nomination has already been decided."), code="already_decided")
    return nomination


def endorse_nomination(nomination_id: int, *, actor) -> Nomination:
    with transaction.atomic():
        nomination = _lock_awaiting(nomination_id, actor)
        nomination.status, nomination.endorsed_by, nomination.endorsed_at = (
            Nomination.Status.ENDORSED, actor, timezone.now()
        )
        nomination.save(update_fields=["status", "endorsed_by", "endorsed_at"])
        log(nomination, "chiefs.nomination.endorsed", user=actor)
    return nomination


def return_nomination(nomination_id: int, *, actor, reason: str) -> Nomination:
    reason = _clean_text(reason, message=_("Give the reason for returning the nomination."), code="reason_required")
    with transaction.atomic():
        nomination = _lock_awaiting(nomination_id, actor)
        nomination.status, nomination.return_reason = Nomination.Status.RETURNED, reason
        nomination.save(update_fields=["status", "return_reason"])
        log(nomination, "chiefs.nomination.returned", user=actor, data={"reason": reason})
    return nomination


def _province_admin(actor) -> None:
    if not actor.manages_whole_province:
        raise ChiefError(_("Only province administrators may do this."), code="forbidden")


def start_review(round_id: int, *, actor) -> int:
    """Close nominations and seat an expert panel for every endorsed nomination; returns the panels seated. All or
    nothing: when the pool cannot seat one panel, nothing changes."""
    _province_admin(actor)
    with transaction.atomic():
        chief_round = ChiefRound.objects.select_for_update().filter(pk=round_id).first()
        if chief_round is None or chief_round.status == ChiefRound.Status.CLOSED:
            raise ChiefError(_("This round is closed."), code="round_closed")
        nominations = list(
            chief_round.nominations.filter(status=Nomination.Status.ENDORSED).select_related("nominee__organization",
                                                                                              "round")
        )
        for nomination in nominations:
            try:
                assign_panel(nomination, purpose=PURPOSE, rubric=chief_round.rubric, size=chief_round.panel_size,
                             chair=chief_round.chair, actor=actor)
            except ExpertError as error:
                raise ChiefError(error.message, code=error.code) from error
        Nomination.objects.filter(pk__in=[n.pk for n in nominations]).update(status=Nomination.Status.IN_REVIEW)
        ChiefRound.objects.filter(pk=chief_round.pk).update(status=ChiefRound.Status.REVIEWING)
        log(chief_round, "chiefs.round.review_started", user=actor, data={"panels": len(nominations)})
    return len(nominations)


def record_review_result(nomination_id: int, result) -> Nomination:
    """The panel's final result (called once by the experts machinery): recommended at or above the pass mark."""
    nomination = Nomination.objects.select_for_update(of=("self",)).select_related("round").get(pk=nomination_id)
    if nomination.status != Nomination.Status.IN_REVIEW:
        return nomination
    nomination.review_score = result
    nomination.status = (
        Nomination.Status.RECOMMENDED if result >= nomination.round.pass_mark else Nomination.Status.NOT_RECOMMENDED
    )
    nomination.save(update_fields=["review_score", "status"])
    log(nomination, "chiefs.nomination.reviewed", user=None, data={"result": str(result), "status": nomination.status})
    return nomination


def _term_end(starts_on: date, years: int) -> date:
    try:
        return starts_on.replace(year=starts_on.year + years)
    except ValueError:  # 29 February
        return starts_on.replace(year=starts_on.year + years, day=28)


def appoint(nomination_id: int, *, actor, starts_on: date | None = None) -> Appointment:
    """Appoint a recommended nominee: the term, the duties, the 首席 level record and the certificate, once."""
    _province_admin(actor)
    starts_on = starts_on or timezone.localdate()
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update(of=("self",)).select_related("round", "nominee").filter(
            pk=nomination_id
        ).first()
        if nomination is None:
            raise ChiefError(_("This nomination does not exist."), code="not_found")
        existing = Appointment.objects.filter(nomination=nomination).first()
        if existing is not None:
            return existing
        if nomination.status != Nomination.Status.RECOMMENDED:
            raise ChiefError(_("Only nominations the panel recommended can be appointed."), code="not_recommended")
        title = chief_title()
        record = LevelRecord.objects.valid().filter(holder=nomination.nominee, level=title).first()
        if record is None:
            record = LevelRecord.objects.create(
                holder=nomination.nominee, level=title, obtained_on=starts_on, basis=LevelRecord.Basis.APPOINTED,
                certificate_number=f"SD-CHIEF-{nomination.pk:06d}",
            )
        appointment = Appointment.objects.create(
            nomination=nomination, holder=nomination.nominee, city=nomination.city, starts_on=starts_on,
            ends_on=_term_end(starts_on, nomination.round.term_years), duties=nomination.round.duties,
            level_record=record, appointed_by=actor,
        )
        appointment.certificate = issue_certificate(
            nomination.nominee, kind=Certificate.Kind.AWARD, title=title.name_zh, issuer=ISSUER, issued_on=starts_on,
            source_ref=f"chief-appointment:{appointment.pk}", issued_by=actor,
        )
        appointment.save(update_fields=["certificate"])
        nomination.status = Nomination.Status.APPOINTED
        nomination.save(update_fields=["status"])
        log(appointment, "chiefs.appointment.made", user=actor,
            data={"starts_on": starts_on.isoformat(), "ends_on": appointment.ends_on.isoformat()})
        transaction.on_commit(invalidate_roll)
    return appointment
