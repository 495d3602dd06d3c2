"""Nominating, reviewing and confirming awards within their quotas.

    set_total(quota_id, seats=30, actor=province_admin)
    set_allocation(quota_id, organization=city, seats=3, actor=province_admin)  # 0 seats removes an unused one
    create_nomination(actor, cycle_id=..., award_type_id=..., nominee=user|studio|course, statement="...",
                      submit=True)                                             # draft when submit=False
    submit(nomination_id, actor=...) / withdraw(nomination_id, actor=..., reason="...")
    return_nomination(nomination_id, actor=province_admin, reason="...")
    start_review(nomination_id, actor=province_admin) / start_reviews(cycle_id, award_type_id, actor=...)
    recommend(nomination_id, actor=..., reason="") / not_recommend(nomination_id, actor=..., reason="...")
    open_publicity(nomination_id, actor=...)
    confirm(nomination_id, actor=...) / refuse(nomination_id, actor=..., reason="...")
    publish_roll(cycle_id, actor=...)                                         # certificates + showcase, idempotent

The seat rule. A nomination counts against the allocation of the nominating admin's organization or, when that
organization has none, of its nearest ancestor that has one (a university with its own allocation uses it; another
institution uses its city's). When the quota has no allocations at all only the total applies (see below). When it
has some and neither the organization nor any ancestor holds one, the admin cannot nominate (`no_allocation`). A
nomination holds its allocation seat from submission until it is withdrawn or returned (a refused or not recommended
nomination keeps it: the organization used its chance). Confirmation takes a seat of the total; recommendations are
limited to the seats of the total not already confirmed or recommended.

Concurrency. Seats are counters changed by conditional UPDATEs (`used = used + 1 WHERE used < seats`); the CHECK
constraints on `Allocation.used`, `Quota.used` and `Quota.allocated` are the database's proof. The nomination row
is locked (select_for_update) before its status changes, so two admins acting on one nomination make one decision.

Who acts. Organization admins (city or university) nominate nominees of their scope during the cycle's nomination
window, and submit or withdraw their own organization subtree's nominations; province admins do everything else.
Errors are `AwardError` with a translated message and a `code`; every step writes an audit entry (`awards.*`).
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from courses.models import CoursePage
from cpd.models import Certificate
from cpd.services import CertificateError, issue_certificate
from experts import services as experts
from experts.models import Objection, Publicity
from people.models import Organization, Role, User
from showcase.models import Feature
from showcase.services import feature
from studios.models import Studio

from .models import Allocation, AwardType, Cycle, Nomination, NomineeKind, Quota
from .subjects import PURPOSE

MAX_TEXT = 8000
SHOWCASE_KINDS = {
    NomineeKind.STUDIO: Feature.Kind.GOLD_STUDIO,
    NomineeKind.COURSE: Feature.Kind.GOLD_COURSE,
    NomineeKind.COUNSELOR: Feature.Kind.STAR,
}


class AwardError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _quota_full() -> AwardError:
    return AwardError(_("The quota is full: no seat is left."), code="quota_full")


def _require_province(actor) -> None:
    if not (actor.is_active and actor.manages_whole_province):
        raise AwardError(_("Only province administrators may do this."), code="forbidden")


def _is_org_admin(actor) -> bool:
    return (
        actor.is_active and actor.approval_status == User.ApprovalStatus.APPROVED
        and (actor.manages_whole_province or (actor.has_role(Role.ORG_ADMIN) and actor.organization_id is not None))
    )


def _clean(value: str, *, message: str, code: str, required=True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise AwardError(message, code=code)
    return value[:MAX_TEXT]


def city_of(organization) -> Organization | None:
    """The city an organization belongs to (itself when it is one), or None above the cities."""
    if organization is None:
        return None
    if organization.kind == Organization.Kind.CITY:
        return organization
    step = Organization.steplen
    ancestors = [organization.path[:length] for length in range(step, len(organization.path), step)]
    return Organization.objects.filter(kind=Organization.Kind.CITY, path__in=ancestors).first()


# --- quotas and allocations ------------------------------------------------------------------------------------


def ensure_quotas(cycle: Cycle) -> list[Quota]:
    """One quota per award type for `cycle`, its total defaulting to the type's (idempotent)."""
    quotas = []
    for award_type in AwardType.objects.all():
        quota, _created = Quota.objects.get_or_create(
            cycle=cycle, award_type=award_type, defaults={"seats": award_type.default_quota}
        )
        quotas.append(quota)
    return quotas


def set_total(quota_id: int, *, seats: int, actor) -> Quota:
    """Change a quota's total; never below what is allocated or confirmed (the CHECK constraints decide)."""
    _require_province(actor)
    if not isinstance(seats, int) or not 0 <= seats <= 1000:
        raise AwardError(_("The total must be a whole number from 0 to 1000."), code="invalid_seats")
    with transaction.atomic():
        try:
            with transaction.atomic():
                changed = Quota.objects.filter(pk=quota_id).update(seats=seats)
        except IntegrityError:
            raise AwardError(
                _("The total cannot be lower than the seats already allocated or confirmed."), code="below_used"
            ) from None
        if not changed:
            raise AwardError(_("This quota does not exist."), code="not_found")
        quota = Quota.objects.get(pk=quota_id)
        log(quota, "awards.quota.total_set", user=actor, data={"seats": seats})
    return quota


def set_allocation(quota_id: int, *, organization, seats: int, actor) -> Allocation | None:
    """Give `organization` `seats` of the quota's total (0 removes an allocation nobody holds a seat of).

    The quota's `allocated` counter moves by the difference in the same conditional UPDATE style: the sum of the
    allocations can never pass the total (CHECK), and an allocation never drops below its taken seats (CHECK)."""
    _require_province(actor)
    if not isinstance(seats, int) or not 0 <= seats <= 1000:
        raise AwardError(_("The seats must be a whole number from 0 to 1000."), code="invalid_seats")
    if organization is None or organization.kind == Organization.Kind.PROVINCE:
        raise AwardError(_("Allocate seats to a city or an institution."), code="invalid_organization")
    with transaction.atomic():
        quota = Quota.objects.select_for_update().filter(pk=quota_id).first()
        if quota is None:
            raise AwardError(_("This quota does not exist."), code="not_found")
        allocation = Allocation.objects.select_for_update().filter(quota=quota, organization=organization).first()
        before = allocation.seats if allocation else 0
        try:
            with transaction.atomic():
                Quota.objects.filter(pk=quota.pk).update(allocated=F("allocated") + (seats - before))
                if allocation is None and seats:
                    allocation = Allocation.objects.create(quota=quota, organization=organization, seats=seats)
                elif allocation is not None and seats == 0 and allocation.used == 0:
                    allocation.delete()
                    allocation = None
                elif allocation is not None:
                    Allocation.objects.filter(pk=allocation.pk).update(seats=seats)
                    allocation.seats = seats
        except IntegrityError:
            raise AwardError(
                _("The allocations may not add up to more than the total, and an allocation may not be lower than "
                  "the seats already taken."), code="over_total",
            ) from None
        log(quota, "awards.allocation.set", user=actor,
            data={"organization": organization.pk, "name": organization.name, "seats": seats, "before": before})
    return allocation


def allocation_for(quota: Quota, organization) -> Allocation | None:
    """The allocation a nomination by `organization` counts against: its own or its nearest ancestor's."""
    step = Organization.steplen
    paths = [organization.path[:length] for length in range(step, len(organization.path) + 1, step)]
    return (
        Allocation.objects.filter(quota=quota, organization__path__in=paths)
        .select_related("organization").order_by("-organization__depth").first()
    )


def _take_allocation_seat(nomination: Nomination) -> None:
    """Hold a seat of the nomination's allocation, if its quota has allocations; `quota_full` when none is left."""
    quota = nomination.quota
    if not Allocation.objects.filter(quota=quota).exists():
        nomination.allocation = None
        return
    allocation = allocation_for(quota, nomination.organization)
    if allocation is None:
        raise AwardError(
            _("Your organization has no allocation of this award in this cycle."), code="no_allocation"
        )
    taken = Allocation.objects.filter(pk=allocation.pk, used__lt=F("seats")).update(used=F("used") + 1)
    if not taken:
        raise _quota_full()
    nomination.allocation = allocation


def _free_allocation_seat(nomination: Nomination) -> None:
    if nomination.allocation_id is not None:
        Allocation.objects.filter(pk=nomination.allocation_id, used__gt=0).update(used=F("used") - 1)
        nomination.allocation = None


# --- nominating --------------------------------------------------------------------------------------------------


def eligible_nominees(actor, award_type: AwardType):
    """What `actor` may nominate for `award_type`: studios of their scope, approved counselors of their scope, or any
    live course page (courses are province-wide content)."""
    if award_type.nominee_kind == NomineeKind.STUDIO:
        return Studio.objects.visible_to(actor).filter(status=Studio.Status.OPEN).order_by("name")
    if award_type.nominee_kind == NomineeKind.COURSE:
        return CoursePage.objects.live().order_by("title")
    return (
        User.objects.visible_to(actor)
        .filter(is_active=True, approval_status=User.ApprovalStatus.APPROVED, groups__name=Role.COUNSELOR.value)
        .order_by("real_name", "pk")
    )


def _nominee_fields(award_type: AwardType, nominee) -> dict:
    kind = award_type.nominee_kind
    if kind == NomineeKind.STUDIO and isinstance(nominee, Studio):
        return {"studio": nominee, "nominee_title": nominee.name, "nominee_organization_id": nominee.organization_id}
    if kind == NomineeKind.COURSE and isinstance(nominee, CoursePage):
        return {"course": nominee, "nominee_title": nominee.title, "nominee_organization_id": None}
    if kind == NomineeKind.COUNSELOR and isinstance(nominee, User):
        return {"nominee_user": nominee, "nominee_title": nominee.get_full_name() or nominee.email,
                "nominee_organization_id": nominee.organization_id}
    raise AwardError(_("This award is not given to this kind of nominee."), code="wrong_nominee_kind")


def create_nomination(actor, *, cycle_id: int, award_type_id: int, nominee, statement: str,
                      submit: bool = True) -> Nomination:
    """An organization admin nominates a nominee of their scope: saved as a draft, or submitted at once (taking a
    seat of the allocation)."""
    if not _is_org_admin(actor):
        raise AwardError(_("Only city and university administrators may nominate."), code="forbidden")
    statement = _clean(statement, message=_("Write the recommendation."), code="statement_required")
    award_type = AwardType.objects.filter(pk=award_type_id).first()
    if award_type is None:
        raise AwardError(_("This award type does not exist."), code="not_found")
    fields = _nominee_fields(award_type, nominee)
    if not eligible_nominees(actor, award_type).filter(pk=nominee.pk).exists():
        raise AwardError(_("You may nominate only nominees of your own organization."), code="not_in_scope")
    with transaction.atomic():
        cycle = Cycle.objects.filter(pk=cycle_id).first()
        if cycle is None or not cycle.is_nominating():
            raise AwardError(_("This cycle is not taking nominations."), code="cycle_closed")
        quota = Quota.objects.filter(cycle=cycle, award_type=award_type).first()
        if quota is None:
            quota = next(q for q in ensure_quotas(cycle) if q.award_type_id == award_type.pk)
        organization = actor.organization
        nomination = Nomination(
            cycle=cycle, award_type=award_type, quota=quota, organization=organization, nominated_by=actor,
            city=city_of(organization), statement=statement, **fields,
        )
        try:
            with transaction.atomic():
                nomination.save()
        except IntegrityError:
            raise AwardError(
                _("This nominee already has a nomination for this award in this cycle."), code="already_nominated"
            ) from None
        log(nomination, "awards.nomination.created", user=actor, data={"nominee": nomination.nominee_title})
        if submit:
            _submit(nomination, actor)
    return nomination


def _lock(nomination_id: int, actor) -> Nomination:
    nomination = (
        Nomination.objects.select_for_update(of=("self",)).filter(pk=nomination_id)
        .select_related("cycle", "award_type", "quota", "organization").first()
    )
    if nomination is None or not Nomination.objects.visible_to(actor).filter(pk=nomination_id).exists():
        raise AwardError(_("This nomination does not exist or is outside your organization."), code="not_found")
    return nomination


def _may_nominate_for(actor, nomination: Nomination) -> bool:
    if actor.manages_whole_province:
        return True
    return (
        _is_org_admin(actor)
        and nomination.organization.path.startswith(actor.organization.path)
    )


def _submit(nomination: Nomination, actor) -> None:
    if not nomination.cycle.is_nominating():
        raise AwardError(_("This cycle is not taking nominations."), code="cycle_closed")
    _take_allocation_seat(nomination)
    nomination.status, nomination.submitted_at, nomination.reason = Nomination.Status.SUBMITTED, timezone.now(), ""
    nomination.save(update_fields=["status", "submitted_at", "reason", "allocation"])
    log(nomination, "awards.nomination.submitted", user=actor,
        data={"allocation": nomination.allocation_id})


def submit(nomination_id: int, *, actor) -> Nomination:
    """Submit a draft or a returned nomination: it takes a seat of the allocation (`quota_full` when none is left)."""
    with transaction.atomic():
        nomination = _lock(nomination_id, actor)
        if not _may_nominate_for(actor, nomination):
            raise AwardError(_("Only the nominating organization may submit this nomination."), code="forbidden")
        if nomination.status not in (Nomination.Status.DRAFT, Nomination.Status.RETURNED):
            raise AwardError(_("Only a draft or a returned nomination can be submitted."), code="wrong_status")
        _submit(nomination, actor)
    return nomination


def _set_status(nomination: Nomination, status: str, actor, action: str, reason: str = "", **fields) -> Nomination:
    nomination.status, nomination.reason, nomination.decided_at = status, reason, timezone.now()
    for name, value in fields.items():
        setattr(nomination, name, value)
    nomination.save(update_fields=["status", "reason", "decided_at", "allocation", *fields])
    log(nomination, action, user=actor, data={"status": status, "reason": reason})
    return nomination


def withdraw(nomination_id: int, *, actor, reason: str = "") -> Nomination:
    """The nominating organization withdraws a nomination before review; its allocation seat is freed."""
    reason = _clean(reason, message="", code="", required=False)
    with transaction.atomic():
        nomination = _lock(nomination_id, actor)
        if not _may_nominate_for(actor, nomination):
            raise AwardError(_("Only the nominating organization may withdraw this nomination."), code="forbidden")
        if nomination.status not in (Nomination.Status.DRAFT, Nomination.Status.SUBMITTED, Nomination.Status.RETURNED):
            raise AwardError(_("A nomination under review or decided cannot be withdrawn."), code="wrong_status")
        _free_allocation_seat(nomination)
        return _set_status(nomination, Nomination.Status.WITHDRAWN, actor, "awards.nomination.withdrawn", reason)


def return_nomination(nomination_id: int, *, actor, reason: str) -> Nomination:
    """The province returns a submitted nomination for changes, with the reason; its allocation seat is freed until
    it is submitted again."""
    _require_province(actor)
    reason = _clean(reason, message=_("Give the reason for returning the nomination."), code="reason_required")
    with transaction.atomic():
        nomination = _lock(nomination_id, actor)
        if nomination.status != Nomination.Status.SUBMITTED:
            raise AwardError(_("Only a submitted nomination can be returned."), code="wrong_status")
        _free_allocation_seat(nomination)
        return _set_status(nomination, Nomination.Status.RETURNED, actor, "awards.nomination.returned", reason)


# --- review --------------------------------------------------------------------------------------------------------


def start_review(nomination_id: int, *, actor) -> Nomination:
    """Seat an expert panel (the award type's rubric, the cycle's panel size) on a submitted nomination."""
    _require_province(actor)
    with transaction.atomic():
        nomination = _lock(nomination_id, actor)
        if nomination.status != Nomination.Status.SUBMITTED:
            raise AwardError(_("Only a submitted nomination can be sent to the experts."), code="wrong_status")
        if nomination.award_type.rubric_id is None:
            raise AwardError(_("Choose a review rubric for this award type first."), code="rubric_required")
        try:
            experts.assign_panel(
                nomination, purpose=PURPOSE, rubric=nomination.award_type.rubric, size=nomination.cycle.panel_size,
                actor=actor,
            )
        except experts.ExpertError as error:
            raise AwardError(error.message, code=error.code) from error
        return _set_status(nomination, Nomination.Status.IN_REVIEW, actor, "awards.nomination.review_started")


def start_reviews(cycle_id: int, award_type_id: int, *, actor) -> tuple[int, list[str]]:
    """Seat a panel on every submitted nomination of one type in one cycle; returns (seated, problems)."""
    _require_province(actor)
    ids = list(
        Nomination.objects.filter(cycle_id=cycle_id, award_type_id=award_type_id, status=Nomination.Status.SUBMITTED)
        .order_by("pk").values_list("pk", flat=True)
    )
    seated, problems = 0, []
    for nomination_id in ids:
        try:
            start_review(nomination_id, actor=actor)
            seated += 1
        except AwardError as error:
            problems.append(error.message)
    return seated, problems


def record_review_result(nomination_id: int, result) -> None:
    """The panel's final result (experts.subjects adapter, inside the deciding transaction)."""
    nomination = Nomination.objects.select_for_update().get(pk=nomination_id)
    nomination.review_score = result
    nomination.save(update_fields=["review_score"])
    log(nomination, "awards.nomination.reviewed", user=None, data={"result": str(result)})


def recommend(nomination_id: int, *, actor, reason: str = "") -> Nomination:
    """Recommend a reviewed nomination; at most as many recommendations (with the confirmed) as the total has seats,
    checked under the quota row's lock."""
    _require_province(actor)
    reason = _clean(reason, message="", code="", required=False)
    with transaction.atomic():
        nomination = _lock(nomination_id, actor)
        if nomination.status != Nomination.Status.IN_REVIEW or nomination.review_score is None:
            raise AwardError(_("Only a nomination the panel has scored can be recommended."), code="not_reviewed")
        quota = Quota.objects.select_for_update().get(pk=nomination.quota_id)
        ahead = Nomination.objects.filter(
            quota=quota, status__in=[Nomination.Status.RECOMMENDED, Nomination.Status.PUBLICITY,
                                     Nomination.Status.CONFIRMED],
        ).count()
        if ahead >= quota.seats:
            raise _quota_full()
        return _set_status(nomination, Nomination.Status.RECOMMENDED, actor, "awards.nomination.recommended", reason)


def not_recommend(nomination_id: int, *, actor, reason: str) -> Nomination:
    _require_province(actor)
    reason = _clean(reason, message=_("Give the reason for the decision."), code="reason_required")
    with transaction.atomic():
        nomination = _lock(nomination_id, actor)
        if nomination.status not in (Nomination.Status.IN_REVIEW, Nomination.Status.RECOMMENDED):
            raise AwardError(_("Only a nomination under review can be decided."), code="wrong_status")
        return _set_status(nomination, Nomination.Status.NOT_RECOMMENDED, actor,
                           "awards.nomination.not_recommended", reason)


def open_publicity(nomination_id: int, *, actor, starts_on=None) -> Nomination:
    """Open the publicity period (公示) of a recommended nomination for the cycle's number of days."""
    _require_province(actor)
    with transaction.atomic():
        nomination = _lock(nomination_id, actor)
        if nomination.status != Nomination.Status.RECOMMENDED:
            raise AwardError(_("Only a recommended nomination goes into publicity."), code="wrong_status")
        try:
            experts.open_publicity(nomination, days=nomination.cycle.publicity_days, actor=actor, starts_on=starts_on)
        except experts.ExpertError as error:
            raise AwardError(error.message, code=error.code) from error
        return _set_status(nomination, Nomination.Status.PUBLICITY, actor, "awards.nomination.publicity_opened")


def confirm(nomination_id: int, *, actor) -> Nomination:
    """Confirm a nomination whose publicity period is over without an open or upheld objection: it takes a seat of
    the total (`quota_full` when none is left; the CHECK constraint on the quota decides under races)."""
    _require_province(actor)
    with transaction.atomic():
        nomination = _lock(nomination_id, actor)
        if nomination.status != Nomination.Status.PUBLICITY:
            raise AwardError(_("Only a nomination in publicity can be confirmed."), code="wrong_status")
        publicity = Publicity.objects.for_subject(nomination).first()
        if publicity is None or not publicity.is_over():
            raise AwardError(_("The publicity period has not ended yet."), code="publicity_running")
        objections = set(publicity.objections.values_list("status", flat=True))
        if Objection.Status.OPEN in objections:
            raise AwardError(_("Decide the open objections first."), code="objections_open")
        if Objection.Status.UPHELD in objections:
            raise AwardError(_("An objection was upheld: refuse the nomination instead."), code="objection_upheld")
        taken = Quota.objects.filter(pk=nomination.quota_id, used__lt=F("seats")).update(used=F("used") + 1)
        if not taken:
            raise _quota_full()
        return _set_status(nomination, Nomination.Status.CONFIRMED, actor, "awards.nomination.confirmed",
                           confirmed_by=actor)


def refuse(nomination_id: int, *, actor, reason: str) -> Nomination:
    """Refuse a recommended nomination or one in publicity (an upheld objection, for instance), with the reason."""
    _require_province(actor)
    reason = _clean(reason, message=_("Give the reason for the decision."), code="reason_required")
    with transaction.atomic():
        nomination = _lock(nomination_id, actor)
        if nomination.status not in (Nomination.Status.RECOMMENDED, Nomination.Status.PUBLICITY):
            raise AwardError(_("Only a recommended nomination can be refused."), code="wrong_status")
        return _set_status(nomination, Nomination.Status.REFUSED, actor, "awards.nomination.refused", reason)


# --- the roll --------------------------------------------------------------------------------------------------------


def certificate_holder(nomination: Nomination):
    """Who receives the award certificate: the star counselor; the studio's lead; the course page's owner (its
    first course trainer when the page has no owner); None when nobody can be named."""
    if nomination.nominee_user_id:
        return nomination.nominee_user
    if nomination.studio_id:
        return nomination.studio.lead
    course = nomination.course
    if course.owner_id:
        return course.owner
    trainer = course.trainers.select_related("user").order_by("sort_order", "pk").first()
    return trainer.user if trainer else None


def _link(nomination: Nomination) -> str:
    if nomination.course_id:
        return nomination.course.url or ""
    if nomination.studio_id:
        try:  # the studios app's public pages may not be installed
            return reverse("studios:detail", args=[nomination.studio_id])
        except NoReverseMatch:
            return ""
    return ""


def publish_roll(cycle_id: int, *, actor) -> int:
    """Publish the final roll of a cycle: one award certificate (cpd, kind AWARD, source
    ``award-nomination:<id>``) and one showcase feature per confirmed nomination, grouped per award type and cycle.
    Running it again issues nothing twice (cpd and showcase are idempotent per source). Returns the roll's size."""
    _require_province(actor)
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().filter(pk=cycle_id).first()
        if cycle is None:
            raise AwardError(_("This cycle does not exist."), code="not_found")
        confirmed = list(
            Nomination.objects.filter(cycle=cycle, status=Nomination.Status.CONFIRMED)
            .select_related("award_type", "nominee_user", "studio__lead", "course__owner", "city")
            .order_by("award_type__sort_order", "city__path", "pk")
        )
        if not confirmed:
            raise AwardError(_("No nomination of this cycle is confirmed yet."), code="nothing_confirmed")
        today = timezone.localdate()
        for rank, nomination in enumerate(confirmed, start=1):
            holder = certificate_holder(nomination)
            if holder is not None and nomination.certificate_id is None:
                try:
                    nomination.certificate = issue_certificate(
                        holder, kind=Certificate.Kind.AWARD, title=f"{nomination.award_type.name}（{cycle.years}）",
                        issuer=cycle.issuer, issued_on=today, source_ref=f"award-nomination:{nomination.pk}",
                        issued_by=actor,
                    )
                except CertificateError as error:
                    raise AwardError(error.message, code=error.code) from error
                nomination.save(update_fields=["certificate"])
            feature(
                nomination, kind=SHOWCASE_KINDS[nomination.award_type.nominee_kind],
                group_key=f"award:{cycle.pk}:{nomination.award_type.code}",
                group_title=f"{cycle.name} · {nomination.award_type.name}", year=cycle.ends_year,
                city=nomination.city, title=nomination.nominee_title, honour=nomination.award_type.name, rank=rank,
                link_url=_link(nomination),
            )
        first = cycle.published_at is None
        if first:
            cycle.published_at = timezone.now()
            cycle.save(update_fields=["published_at"])
        log(cycle, "awards.roll.published", user=actor, data={"confirmed": len(confirmed), "first": first})
    return len(confirmed)
